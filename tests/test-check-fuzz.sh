#!/bin/sh
# Hostile record streams through varta-check | varta-report: mutated golden
# records (wrong types, huge and empty values, markup, broken UTF-8 lines,
# garbage lines).  Neither stage may crash: varta-check exits 0,
# varta-report 0 or 65 (refused case name), every report.html parses as
# XML and holds no <script>.  Deterministic (fixed seeds); FUZZ_N=...
# raises the iteration count, BIN=... runs other (e.g. sanitizer) builds.
set -u
cd "$(dirname "$0")/.."
export BIN=${BIN:-bin}
exec /usr/bin/python3 - "${FUZZ_N:-60}" <<'PY'
import glob, json, os, random, subprocess, sys, tempfile
import xml.etree.ElementTree as ET
BIN = os.environ["BIN"]
n = int(sys.argv[1])
rng = random.Random(20240301)
recs = [json.loads(l) for f in sorted(glob.glob("tests/golden/*.jsonl"))
        for l in open(f, encoding="utf-8") if l.startswith("{") and l.rstrip().endswith("}")]
vals = [None, True, 0, -1, 2**62, 1e308, "", "x" * 5000, "<script>alert(1)</script>", "2024-02-30",
        "\u0000\u0007\u001b[2J", [], {}, [1, {}], "ÜÖЖ", "D<<", "XXA", "UKR", "IR", "&amp;\"'"]
def mutate(o):
    if isinstance(o, dict):
        o = dict(o)
        for k in list(o):
            r = rng.random()
            if r < 0.12: o[k] = rng.choice(vals)
            elif r < 0.16: del o[k]
            else: o[k] = mutate(o[k])
        return o
    if isinstance(o, list):
        return [mutate(x) for x in o if rng.random() > 0.05]
    if isinstance(o, str) and rng.random() < 0.1:
        s = list(o)
        for _ in range(rng.randint(1, 4)):
            if s: s[rng.randrange(len(s))] = rng.choice("<0OA9ÜЖ &\"")
        return "".join(s)
    return o
bad = 0
for it in range(n):
    lines = [json.dumps(mutate(rng.choice(recs)), ensure_ascii=rng.random() < 0.5)
             for _ in range(rng.randint(1, 12))]
    if rng.random() < 0.2:
        lines.insert(rng.randrange(len(lines) + 1), "{garbage \xff")
    inp = ("\n".join(lines) + "\n").encode("utf-8", "surrogateescape")
    p = subprocess.run([BIN + "/varta-check", "--as-of", "2024-03-01", "--policy",
                        "validators/national-guard.policy"], input=inp, capture_output=True)
    if p.returncode != 0 or b"runtime error" in p.stderr or b"Sanitizer" in p.stderr:
        print("FAIL iteration %d: varta-check exit %d: %s" % (it, p.returncode, p.stderr[-500:]))
        bad += 1
        continue
    with tempfile.TemporaryDirectory() as d:
        q = subprocess.run([BIN + "/varta-report", "--out", d, "--lang", rng.choice(["uk", "en"])],
                           input=p.stdout, capture_output=True)
        if q.returncode not in (0, 65) or b"runtime error" in q.stderr or b"Sanitizer" in q.stderr:
            print("FAIL iteration %d: varta-report exit %d: %s" % (it, q.returncode, q.stderr[-500:]))
            bad += 1
            continue
        for h in glob.glob(d + "/*/report.html"):
            text = open(h, encoding="utf-8").read()
            try:
                root = ET.fromstring(text.split("\n", 1)[1])
                assert root.find(".//{http://www.w3.org/1999/xhtml}script") is None
            except Exception as e:
                print("FAIL iteration %d: %s: %s" % (it, os.path.basename(os.path.dirname(h)), e))
                bad += 1
print("%s %d hostile streams through varta-check | varta-report, %d failures"
      % ("ok  " if not bad else "FAIL", n, bad))
sys.exit(1 if bad else 0)
PY
