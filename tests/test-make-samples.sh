#!/bin/sh
# Self-test of scripts/make-samples: generate 5 of each kind with a fixed
# seed, check every truth file parses, every MRZ in the truth has right check
# digits by an independent implementation (and every forged one has a wrong
# one), every case's decision follows from its checks by the contract's rule,
# and a second run with the same seed writes the same bytes.
set -eu
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT INT TERM

# the two runs go side by side: output must not depend on timing either
scripts/make-samples 4242 5 "$tmp/a" --kind all --quiet &
pid=$!
scripts/make-samples 4242 5 "$tmp/b" --kind all --quiet
wait "$pid"

/usr/bin/python3 - "$tmp/a" <<'PY'
import glob, json, os, sys

root = sys.argv[1]
ALPHA = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ"
fails = []

def cd(s):
    total = 0
    for i, ch in enumerate(s):
        v = 0 if ch == "<" else ALPHA.index(ch)
        total += v * (7, 3, 1)[i % 3]
    return str(total % 10)

def check_mrz(fmt, L):
    """Check digits of one MRZ per ICAO 9303 (written apart from samplegen)."""
    widths = {"TD1": (30, 3), "TD2": (36, 2), "TD3": (44, 2), "MRVA": (44, 2), "MRVB": (36, 2)}
    w, n = widths[fmt]
    if len(L) != n or any(len(x) != w or any(c not in ALPHA + "<" for c in x) for x in L):
        return ["shape"]
    bad = []
    if fmt == "TD1":
        a, b = L[0], L[1]
        if a[14] == "<" and a[15] != "<":          # long document number
            rest = a[15:30].split("<")[0]
            ok = cd(a[5:14] + rest[:-1]) == rest[-1]
        else:
            ok = cd(a[5:14]) == a[14]
        bad += [] if ok else ["number"]
        bad += [] if cd(b[0:6]) == b[6] else ["birth"]
        bad += [] if cd(b[8:14]) == b[14] else ["expiry"]
        bad += [] if cd(a[5:30] + b[0:7] + b[8:15] + b[18:29]) == b[29] else ["composite"]
        return bad
    b = L[1]
    if fmt == "TD2" and b[9] == "<" and b[28] != "<":
        rest = b[28:35].split("<")[0]
        bad += [] if cd(b[0:9] + rest[:-1]) == rest[-1] else ["number"]
    else:
        bad += [] if cd(b[0:9]) == b[9] else ["number"]
    bad += [] if cd(b[13:19]) == b[19] else ["birth"]
    bad += [] if cd(b[21:27]) == b[27] else ["expiry"]
    if fmt == "TD3":
        pn = b[28:42]
        bad += [] if (b[42] in "<0" if pn == "<" * 14 else cd(pn) == b[42]) else ["personal"]
        bad += [] if cd(b[0:10] + b[13:20] + b[21:43]) == b[43] else ["composite"]
    if fmt == "TD2":
        bad += [] if cd(b[0:10] + b[13:20] + b[21:35]) == b[35] else ["composite"]
    return bad

def docs_ok(where, docs):
    for d in docs:
        bad = check_mrz(d["format"], d["lines"])
        if d["valid"] and bad:
            fails.append("%s: valid MRZ with wrong check digits %s" % (where, bad))
        if not d["valid"] and not bad:
            fails.append("%s: forged MRZ whose check digits all verify" % where)
        for k in ("document_code", "issuing_state", "surname", "given_names", "document_number",
                  "nationality", "date_of_birth", "sex", "date_of_expiry", "personal_number",
                  "optional_data", "optional_data_2"):
            if k not in d["fields"]:
                fails.append("%s: field %s missing" % (where, k))

n = {"docs": 0, "lines": 0, "certs": 0, "cases": 0, "mrz": 0}
for t in sorted(glob.glob(os.path.join(root, "docs", "*.truth.json"))):
    j = json.load(open(t))
    if not os.path.exists(os.path.join(root, "docs", j["file"])):
        fails.append("%s: picture %s missing" % (t, j["file"]))
    docs_ok(t, j["documents"])
    n["docs"] += 1
    n["mrz"] += len(j["documents"])
for t in sorted(glob.glob(os.path.join(root, "lines", "*.txt"))):
    line = open(t).read().rstrip("\n")
    if len(line) not in (30, 36, 44) or not os.path.exists(t[:-4] + ".png"):
        fails.append("%s: bad line crop truth" % t)
    n["lines"] += 1
for t in sorted(glob.glob(os.path.join(root, "certs", "*.truth.json"))):
    j = json.load(open(t))
    c = j["certificate"]
    if c.get("result") not in ("no_record", "record") or "holder" not in c:
        fails.append("%s: certificate truth incomplete" % t)
    n["certs"] += 1
CHECKS = ["travel_document", "document_validity", "age", "legal_stay", "criminal_record",
          "certificate_freshness", "certificate_holder", "applicant_data"]
for t in sorted(glob.glob(os.path.join(root, "cases", "truth", "*.json"))):
    j = json.load(open(t))
    if sorted(j["checks"]) != sorted(CHECKS):
        fails.append("%s: not the eight checks" % t)
    v = list(j["checks"].values())
    want = ("rejected" if "fail" in v else "incomplete" if "incomplete" in v
            else "review" if "review" in v else "clear")
    if j["decision"] != want:
        fails.append("%s: decision %s but checks say %s" % (t, j["decision"], want))
    case_dir = os.path.join(root, "cases", "inbox", j["case"])
    if not os.path.isdir(case_dir):
        fails.append("%s: case folder missing" % t)
    docs_ok(t, j["documents"])
    n["cases"] += 1
if open(os.path.join(root, "cases", "AS_OF")).read().strip() != "2024-03-01":
    fails.append("AS_OF not the default date")
for k in ("docs", "lines", "cases"):
    if n[k] != 5:
        fails.append("%d %s, expected 5" % (n[k], k))
for f in fails:
    print("FAIL:", f)
print("make-samples self-test: %(docs)d docs (%(mrz)d MRZs), %(lines)d line crops, "
      "%(certs)d certificates, %(cases)d cases checked" % n)
sys.exit(1 if fails else 0)
PY

if ! diff -r "$tmp/a" "$tmp/b" >/dev/null; then
    echo "FAIL: two runs with the same seed differ:"
    diff -rq "$tmp/a" "$tmp/b" | head
    exit 1
fi
echo "make-samples self-test: same seed, same bytes"
