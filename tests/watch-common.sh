# Shared by tests/test-watch.sh, tests/fault-inject.sh, tests/test-hostile.sh
# and scripts/bench-watch (sourced with `.`; POSIX sh).
#
# watch_setup      cd to the checkout, pick the stages, set AS_OF
# make_cases DIR N copy N cases into DIR (sample cases when committed,
#                  else generated scans with the same shape); prints names
# fail MSG         print "FAIL: MSG" and exit 1

PY=/usr/bin/python3

fail() {
    echo "FAIL: $*" >&2
    exit 1
}

watch_setup() {
    cd "$(dirname "$0")/.." || exit 1
    export OMP_THREAD_LIMIT=1 LC_ALL=C.UTF-8
    [ -x bin/varta ] && [ -x bin/varta-watch ] || fail "bin/varta and bin/varta-watch must be built (make)"
    # The real stages when they are built; otherwise the stand-ins in
    # tests/fake-stages, which speak the same records, so that the
    # service's own guarantees are still tested.
    if [ -z "${VARTA_STAGE_DIR:-}" ]; then
        if [ -x bin/varta-scan ] && [ -x bin/varta-check ] && [ -x bin/varta-report ]; then
            STAGES=real
        else
            export VARTA_STAGE_DIR="$PWD/tests/fake-stages"
            STAGES=fake
            echo "note: bin/varta-scan, varta-check or varta-report not built: using tests/fake-stages" >&2
        fi
    else
        STAGES=given
    fi
    # stand-in stages do not read the policy
    FAKE=0
    if [ -n "${VARTA_STAGE_DIR:-}" ] && grep -q "Stand-in" "$VARTA_STAGE_DIR/varta-scan" 2> /dev/null; then
        FAKE=1
    fi
    AS_OF=2024-03-01
    if [ -d samples/cases/inbox ] && [ -f samples/cases/AS_OF ]; then
        AS_OF=$(cat samples/cases/AS_OF)
    fi
}

# make_cases DIR N [PREFIX]: N case folders in DIR, named PREFIX0001…
# (or by the sample cases' names, cycled, with a numeric suffix past the
# first round).  Each generated case holds a passport-like scan, a
# certificate-like scan and an applicant.json with a declared name.
make_cases() {
    _dir=$1 _n=$2 _prefix=${3:-C}
    mkdir -p "$_dir"
    $PY - "$_dir" "$_n" "$_prefix" <<'EOF'
import json, os, shutil, sys
dst, n, prefix = sys.argv[1], int(sys.argv[2]), sys.argv[3]
src = "samples/cases/inbox"
samples = sorted(d for d in os.listdir(src) if os.path.isdir(os.path.join(src, d))) if os.path.isdir(src) else []
if samples:
    for i in range(n):
        s = samples[i % len(samples)]
        name = s if i < len(samples) else "%s.r%d" % (s, i // len(samples))
        shutil.copytree(os.path.join(src, s), os.path.join(dst, name))
else:
    from PIL import Image, ImageDraw
    for i in range(n):
        name = "%s%04d" % (prefix, i + 1)
        d = os.path.join(dst, name)
        os.makedirs(d)
        im = Image.new("L", (600, 400), 255)
        dr = ImageDraw.Draw(im)
        dr.text((20, 300), "P<UTOHRYTSENKOVA<<MARIANNA<<<<<<<<<<<<<<<<<<<<<<<<<", fill=0)
        dr.text((20, 330), "L898902C36UTO7408122F1204159ZE184226B<<<<<10", fill=0)
        im.save(os.path.join(d, "passport.png"))
        im2 = Image.new("RGB", (500, 700), (250, 250, 245))
        ImageDraw.Draw(im2).text((40, 60), "POLICE CERTIFICATE - NO TRACE", fill=(0, 0, 0))
        im2.save(os.path.join(d, "certificate.jpg"), quality=85)
        with open(os.path.join(d, "applicant.json"), "w") as f:
            json.dump({"surname": "HRYTSENKOVA", "given_names": "MARIANNA", "date_of_birth": "1974-08-12",
                       "entries": [{"entered": "2024-01-10", "left": None}]}, f)
for name in sorted(os.listdir(dst)):
    print(name)
EOF
}

# personal_words ROOT: the declared surnames and given names of the cases
# (from applicant.json in archive/), one per line, for a privacy check.
personal_words() {
    $PY - "$1" <<'EOF'
import json, os, sys
root = sys.argv[1]
words = set()
for base in ("archive", "failed"):
    top = os.path.join(root, base)
    for c in os.listdir(top) if os.path.isdir(top) else []:
        p = os.path.join(top, c, "applicant.json")
        try:
            with open(p) as f:
                a = json.load(f)
        except Exception:
            continue
        if not isinstance(a, dict):
            continue
        for k in ("surname", "given_names"):
            v = a.get(k)
            if isinstance(v, str):
                for w in v.split():
                    if len(w) >= 4:
                        words.add(w)
for w in sorted(words):
    print(w)
EOF
}
