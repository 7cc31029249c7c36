#!/bin/sh
# End-to-end test of bin/varta-scan: command line, exit statuses, inputs on
# stdin, generated sample documents, and hostile case folders (zero-byte and
# truncated images, a symlink to /etc/passwd, a FIFO, non-UTF-8 and very long
# names, a decompression bomb, a 10,000-file folder, a 10 MB and a deeply
# nested applicant.json).  Every run is under `timeout`: a hang fails.
# Run from the checkout root (scripts/run-e2e does); exits non-zero on failure.
set -u
cd "$(dirname "$0")/.."
SCAN="${VARTA_SCAN:-$PWD/bin/varta-scan}"
PY=/usr/bin/python3
T=$(mktemp -d "${TMPDIR:-/tmp}/varta-scan-e2e.XXXXXX")
trap 'rm -rf "$T"' EXIT INT TERM
fails=0
ok()   { echo "ok   $*"; }
bad()  { echo "FAIL $*"; fails=$((fails + 1)); }
# run LIMIT OUT ERR CMD...: run CMD under timeout, stdout/stderr to files,
# exit status in $rc (124 = timed out).
run() {
    lim=$1 out=$2 err=$3; shift 3
    timeout -k 5 "$lim" "$@" >"$out" 2>"$err"; rc=$?
}
expect_rc() {   # expect_rc WANT WHAT
    if [ "$rc" -eq "$1" ]; then ok "$2 (exit $rc)"; else bad "$2: exit $rc, expected $1"; sed 's/^/    /' "$T/err" | head -5; fi
}

[ -x "$SCAN" ] || { echo "FAIL $SCAN not built"; exit 1; }

# --- command line ---------------------------------------------------------
run 10 "$T/out" "$T/err" "$SCAN" --help; expect_rc 0 "--help"
grep -q -- '--crops DIR' "$T/out" || bad "--help names --crops"
run 10 "$T/out" "$T/err" "$SCAN" --version; expect_rc 0 "--version"
grep -q 'varta' "$T/out" || bad "--version names varta"
run 10 "$T/out" "$T/err" "$SCAN" --no-such-option; expect_rc 64 "unknown option"
run 10 "$T/out" "$T/err" "$SCAN" --case 'bad name' x; expect_rc 64 "invalid --case"
run 10 "$T/out" "$T/err" "$SCAN" --as-of 2024-02-30 x; expect_rc 64 "impossible --as-of"
run 10 "$T/out" "$T/err" "$SCAN" --case; expect_rc 64 "--case without its argument"
# options end at the first FILE, and "--" lets a file name begin with '-'
printf 'not an image' >"$T/-odd"
run 30 "$T/out" "$T/err" "$SCAN" --case=C1 -- "$T/-odd" --crops; expect_rc 66 "files after --, a missing one named like an option"
grep -q 'does not exist\|No such' "$T/err" || bad "missing '--crops' file named as missing: $(head -c 200 "$T/err")"
run 30 "$T/out" "$T/err" "$SCAN" --case=C1 -- "$T/-odd"; expect_rc 0 "a file named like an option after --"
grep -q '"record":"error".*not an image' "$T/out" || bad "'-odd' after -- read as a file"

# Configuration errors: a malformed policy, and a program with no data beside it.
printf 'min_age = eighteen\n' >"$T/bad.policy"
run 10 "$T/out" "$T/err" "$SCAN" --policy "$T/bad.policy" tests/data/images/valid.png
expect_rc 78 "malformed policy"
grep -q "bad.policy:1" "$T/err" || bad "policy error names FILE:LINE: $(cat "$T/err")"
if [ ! -e /usr/local/share/varta/tessdata/mrz.traineddata ]; then   # not installed here
    mkdir -p "$T/lonely/bin" && cp "$SCAN" "$T/lonely/bin/"
    VARTA_DATADIR="$T/none" run 10 "$T/out" "$T/err" "$T/lonely/bin/varta-scan" tests/data/images/valid.png
    expect_rc 78 "no model or policy beside the program"
    [ -s "$T/out" ] && bad "output written despite the configuration error"
fi

# --check-config: every certificate language is insisted on; a missing
# German or Polish pack is only a warning when pages are read
run 30 "$T/out" "$T/err" "$SCAN" --check-config; expect_rc 0 "--check-config on this machine"
mkdir -p "$T/tessdata"
sys_tessdata=$(dirname "$(find /usr/share/tesseract-ocr -name eng.traineddata | head -n 1)")
ln -s "$sys_tessdata/eng.traineddata" "$sys_tessdata/ukr.traineddata" "$T/tessdata/"
TESSDATA_PREFIX=$T/tessdata run 30 "$T/out" "$T/err" "$SCAN" --check-config
expect_rc 78 "--check-config without deu and pol"
grep -q "missing: deu pol" "$T/err" || bad "--check-config names deu pol: $(cat "$T/err")"
TESSDATA_PREFIX=$T/tessdata run 120 "$T/out" "$T/err" "$SCAN" samples/certs/0001.jpg
expect_rc 0 "a certificate read without deu and pol"
grep -q "warning: .*missing: deu pol" "$T/err" || bad "no warning for missing deu pol: $(cat "$T/err")"
grep -q '"police_certificate"' "$T/out" || bad "the certificate was not read with eng+ukr"

MODEL_DIR=""
if [ -n "${VARTA_DATADIR:-}" ] && [ -r "$VARTA_DATADIR/tessdata/mrz.traineddata" ]; then
    MODEL_DIR="$VARTA_DATADIR/tessdata"
elif [ -r ocr/tessdata/mrz.traineddata ]; then
    MODEL_DIR=ocr/tessdata
fi
if [ -z "$MODEL_DIR" ]; then
    run 10 "$T/out" "$T/err" "$SCAN" tests/data/images/valid.png
    expect_rc 78 "missing MRZ model"
    grep -q "mrz.traineddata" "$T/err" || bad "missing-model message names the model"
    echo "SKIP the rest: no ocr/tessdata/mrz.traineddata yet (make model)"
    [ "$fails" -eq 0 ]; exit $?
fi

# check OUT: every line a JSON object with record and case, each case's
# records consecutive, led by its case record and closed by its end record.
check_stream() {
    $PY - "$1" <<'EOF'
import json, sys
seen, cur, n = set(), None, 0
for i, line in enumerate(open(sys.argv[1], "rb"), 1):
    r = json.loads(line)
    assert isinstance(r, dict) and "record" in r and "case" in r, "line %d: %r" % (i, r)
    if r["record"] == "case":
        assert r["case"] not in seen, "case %r twice" % r["case"]
        seen.add(r["case"]); cur = r["case"]
        assert set(r) >= {"dir", "files", "skipped", "applicant", "applicant_error"}, r
        assert r["applicant"] is None or r["applicant_error"] is None
    else:
        assert r["case"] == cur, "line %d: record of %r inside %r" % (i, r["case"], cur)
        if r["record"] == "document":
            assert r["type"] in ("passport", "id_card", "residence_permit", "visa",
                                 "travel_document", "police_certificate", "unknown"), r["type"]
            assert set(r) >= {"file", "page", "mrz", "certificate", "confidence", "ms", "crop"}, r
            if r["mrz"] is not None:
                assert set(r["mrz"]) >= {"format", "lines", "valid", "checks", "fields",
                                         "corrections", "confidence"}, r["mrz"].keys()
        elif r["record"] == "end":
            assert set(r) == {"record", "case"}, r
            cur = None     # nothing more of the case after its end record
        else:
            assert r["record"] == "error" and r["error"], r
    n += 1
assert cur is None, "case %r has no end record" % cur
print(n)
EOF
}

# --- OpenMP single-threaded even when the caller did not say so ------------
# libgomp reads OMP_THREAD_LIMIT before main(): varta-scan starts itself again
# with OMP_THREAD_LIMIT=1 when it was unset (the running image's environment
# must show it), and still reads its input.
mkfifo "$T/fifo"
env -u OMP_THREAD_LIMIT timeout -k 5 30 "$SCAN" <"$T/fifo" >"$T/out" 2>"$T/err" &
scan_pid=$!
exec 3>"$T/fifo"
seen=no
for _ in 1 2 3 4 5 6 7 8 9 10; do
    sleep 0.5
    pid=$(pgrep -P "$scan_pid" -f varta-scan 2>/dev/null | head -n 1)
    [ -n "$pid" ] || continue
    if tr '\0' '\n' <"/proc/$pid/environ" 2>/dev/null | grep -qx 'OMP_THREAD_LIMIT=1'; then seen=yes; break; fi
done
echo tests/data/images/valid.png >&3
exec 3>&-
wait "$scan_pid"; rc=$?
[ "$seen" = yes ] && ok "OMP_THREAD_LIMIT=1 set for a caller without it" \
    || bad "varta-scan runs without OMP_THREAD_LIMIT=1 when the caller did not set it"
expect_rc 0 "stdin read after the restart"
grep -q '"record":"document"' "$T/out" || bad "a document read after the restart"

# --- a plain file, a PDF and a multi-page TIFF; stdin inputs --------------
run 120 "$T/out" "$T/err" "$SCAN" --case K1 tests/data/images/multi.tif tests/data/images/two-pages.pdf
expect_rc 0 "plain files"
check_stream "$T/out" >/dev/null || bad "plain files: bad record stream"
[ "$(grep -c '"record":"document"' "$T/out")" -eq 5 ] || bad "3 TIFF pages + 2 PDF pages = 5 documents: $(grep -c document "$T/out")"
head -n 1 "$T/out" | grep -q '"record":"case","case":"K1","dir":null' || bad "implicit case record first"

mkdir -p "$T/in/S1" "$T/in/S2"
cp tests/data/images/valid.png "$T/in/S1/a.png"
cp tests/data/images/valid.jpg "$T/in/S2/b.jpg"
printf '%s\n' "$T/in/S1/" "$T/in/S2" >"$T/list"
run 120 "$T/out" "$T/err" "$SCAN" <"$T/list"
expect_rc 0 "folders on stdin, one per line"
[ "$(grep -c '"record":"case"' "$T/out")" -eq 2 ] || bad "two case records from stdin"
nl=$(printf 'new\nline.png')
cp tests/data/images/valid.png "$T/in/S1/$nl"
printf '%s\0' "$T/in/S1/$nl" >"$T/list"
run 120 "$T/out" "$T/err" "$SCAN" -0 --case N0 <"$T/list"
expect_rc 0 "NUL-separated stdin (a name with a newline)"
grep -q '"file":".*new\\\\x0Aline.png"' "$T/out" || bad "newline in a name escaped: $(head -c 300 "$T/out")"

run 60 "$T/out" "$T/err" "$SCAN" "$T/does-not-exist" "$T/in/S2"
expect_rc 66 "a missing input"
grep -q '"case":"S2"' "$T/out" || bad "the other inputs still processed after a missing one"
run 60 "$T/out" "$T/err" sh -c '"$0" "$1" >/dev/full' "$SCAN" "$T/in/S2"
expect_rc 74 "output to a full disk"

# --- generated samples: MRZs read, typed and cropped ------------------------
if nice scripts/make-samples 11 4 "$T/gen" --kind docs --clean --quiet >"$T/err" 2>&1; then
    mkdir -p "$T/gen/G1"
    for f in "$T/gen/docs/"*; do
        case "$f" in *.truth.json) ;; *) mv "$f" "$T/gen/G1/" ;; esac
    done
    run 300 "$T/out" "$T/err" "$SCAN" --as-of 2024-03-01 --crops "$T/crops" "$T/gen/G1"
    expect_rc 0 "generated documents"
    check_stream "$T/out" >/dev/null || bad "samples: bad record stream"
    $PY - "$T/out" "$T/gen/docs" <<'EOF' || bad "samples: MRZs not read as expected"
import json, os, stat, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
docs = [r for r in recs if r["record"] == "document"]
errs = [r for r in recs if r["record"] == "error"]
assert not errs, errs
want, right = 0, 0
for name in sorted(os.listdir(sys.argv[2])):
    if not name.endswith(".truth.json"):
        continue
    truth = json.load(open(os.path.join(sys.argv[2], name)))
    for d in truth["documents"]:
        if d.get("format") is None:
            continue
        want += 1
        got = [r for r in docs if r["file"] == truth["file"] and r["mrz"]
               and r["type"] == d["type"]
               and r["mrz"]["fields"]["document_number"] == d["fields"]["document_number"]]
        right += bool(got)
crops = [r["crop"] for r in docs if r["mrz"]]
for c in crops:
    assert c and os.path.isfile(c), c
    assert stat.S_IMODE(os.stat(c).st_mode) == 0o600, oct(os.stat(c).st_mode)
    assert stat.S_IMODE(os.stat(os.path.dirname(c)).st_mode) == 0o700
print("samples: %d of %d MRZ documents read with the right type and number; %d crops"
      % (right, want, len(crops)))
assert want > 0 and right >= 1, "no document read right"
EOF
else
    bad "scripts/make-samples failed: $(tail -n 3 "$T/err")"
fi

# --- hostile case folders ----------------------------------------------------
H="$T/inbox"
mkdir -p "$H/HOSTILE"
cd "$H/HOSTILE" || exit 1
: >zero.png
head -c 120 "$OLDPWD/tests/data/images/valid.png" >truncated.png
head -c 400 "$OLDPWD/tests/data/images/valid.jpg" >truncated.jpg
ln -s /etc/passwd passwd.png
mkfifo pipe.jpg
cp "$OLDPWD/tests/data/images/valid.png" "$(printf 'bad\377\376name.png')"
long=$(printf '%0251d' 0 | tr 0 n).png                 # 255 bytes: the longest name Linux allows
cp "$OLDPWD/tests/data/images/valid.png" "$long"
long300=$(printf '%0296d' 0 | tr 0 m).png
if ( : >"$long300" ) 2>/dev/null; then bad "a 300-byte name was created?"; else ok "300-byte file names cannot exist (NAME_MAX 255)"; fi
truncate -s 60M big.png
$PY - <<'EOF'
import struct, zlib
# A decompression bomb: a 30000 x 30000 grey PNG of zeros, ~900 KB on disk,
# 900 MB (3.6 GB as RGBA) once decoded.
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
w = h = 30000
z = zlib.compressobj(9)
row = b"\0" * (w + 1)
idat = b"".join(z.compress(row) for _ in range(h)) + z.flush()
with open("bomb.png", "wb") as f:
    f.write(b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0))
            + chunk(b"IDAT", idat) + chunk(b"IEND", b""))
with open("applicant.json", "w") as f:        # 10 MB
    f.write('{"surname": "' + "A" * (10 * 1024 * 1024) + '"}')
EOF
touch .hidden.png scan.jpg.part upload.tmp dl.crdownload
cd "$OLDPWD" || exit 1

mkdir -p "$H/DEEP"
cp tests/data/images/valid.jpg "$H/DEEP/scan.jpg"
$PY -c 'import sys; sys.stdout.write("{\"a\":" + "[" * 100000 + "]" * 100000 + "}")' >"$H/DEEP/applicant.json"
mkdir -p "$H/DEEP33"
$PY -c 'import sys; sys.stdout.write("{\"a\":" + "[" * 33 + "]" * 33 + "}")' >"$H/DEEP33/applicant.json"

mkdir -p "$H/MANY"
( cd "$H/MANY" && i=0 && while [ $i -lt 10000 ]; do : >"f$i.png"; i=$((i + 1)); done )

longcase=$(printf '%0200d' 0 | tr 0 L)
mkdir -p "$H/$longcase" && cp tests/data/images/valid.png "$H/$longcase/a.png"
mkdir -p "$T/elsewhere" && cp tests/data/images/valid.png "$T/elsewhere/a.png"
ln -s "$T/elsewhere" "$H/LINKED"
mkdir -p "$H/bad name" && cp tests/data/images/valid.png "$H/bad name/a.png"

start=$(date +%s)
printf '%s\n' "$H"/*/ >"$T/list"
run 300 "$T/out" "$T/err" "$SCAN" <"$T/list"
expect_rc 0 "hostile case folders ($(( $(date +%s) - start )) s)"
n=$(check_stream "$T/out") || bad "hostile: bad record stream"
echo "     $n records"
grep -q 'root:x:0' "$T/out" && bad "/etc/passwd content leaked into the output"
$PY - "$T/out" "$longcase" <<'EOF' || bad "hostile inputs not reported as expected"
import json, sys
recs = [json.loads(l) for l in open(sys.argv[1])]
cases = {r["case"]: r for r in recs if r["record"] == "case"}
def errors(case):
    return {r["file"]: r["error"] for r in recs if r["record"] == "error" and r["case"] == case}
def docs(case):
    return [r for r in recs if r["record"] == "document" and r["case"] == case]
problems = []
def want(cond, what):
    if not cond:
        problems.append(what)

h = errors("HOSTILE")
for f, frag in [("zero.png", "empty file"), ("truncated.png", "truncated or corrupt PNG"),
                ("truncated.jpg", "JPEG"), ("passwd.png", "symbolic link"),
                ("pipe.jpg", "FIFO"), ("bomb.png", "image too large"),
                ("big.png", "file too large")]:
    want(frag in h.get(f, ""), "HOSTILE/%s: %r" % (f, h.get(f)))
c = cases["HOSTILE"]
want(c["applicant"] is None and "too large" in (c["applicant_error"] or ""), "10 MB applicant.json: %r" % c["applicant_error"])
want(len(c["skipped"]) == 4, "skipped: %r" % c["skipped"])
names = {f["file"] for f in c["files"]}
want("bad\\xFF\\xFEname.png" in names, "non-UTF-8 name escaped: %r" % sorted(names))
want(any(len(n) == 255 for n in names), "255-byte name listed")
dfiles = {d["file"] for d in docs("HOSTILE")}
want("bad\\xFF\\xFEname.png" in dfiles and any(len(n) == 255 for n in dfiles),
     "readable images with odd names scanned: %r" % sorted(dfiles))
want("passwd.png" not in names and "pipe.jpg" not in names, "only regular files in files")

want("nests deeper" in (cases["DEEP33"]["applicant_error"] or ""), "33-deep applicant.json")
d = cases["DEEP"]
want(d["applicant"] is None and "not valid JSON" in (d["applicant_error"] or ""), "100000-deep: %r" % d["applicant_error"])
want(len(docs("DEEP")) == 1, "DEEP's image still scanned")

m = cases["MANY"]
want(m.get("error") == "too many files (10000 > 200)" and m["files"] == [], "MANY: %r" % m.get("error"))
want(not docs("MANY") and not errors("MANY"), "no documents for a refused case")

lc = cases.get(sys.argv[2])
want(lc is not None and lc.get("error") == "invalid case name" and not docs(sys.argv[2]), "200-char case name")
want(cases.get("bad name", {}).get("error") == "invalid case name", "case name with a space")
want("symbolic link" in (cases.get("LINKED", {}).get("error") or ""), "symlinked case folder: %r" % cases.get("LINKED"))
want(not docs("LINKED"), "nothing read through a symlinked case folder")
if problems:
    print("\n".join(problems))
    sys.exit(1)
print("hostile inputs: all reported")
EOF

if [ "$fails" -eq 0 ]; then echo "varta-scan end-to-end: all passed"; else echo "varta-scan end-to-end: $fails failed"; fi
[ "$fails" -eq 0 ]
