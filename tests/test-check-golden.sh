#!/bin/sh
# Golden tests for varta-check: each hand-written record stream
# tests/golden/NAME.jsonl must give exactly tests/golden/NAME.json (the
# report records, one per line) as of 2024-03-01 under the shipped policy.
# UPDATE=1 rewrites the expected files (review the diff before committing).
# Also: --check-policy, and exit 78 with FILE:LINE for a broken policy.
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-bin}
POLICY=validators/national-guard.policy
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

pretty() { /usr/bin/python3 -c '
import json, sys
for line in open(sys.argv[1], encoding="utf-8"):
    if line.strip():
        print(json.dumps(json.loads(line), indent=1, ensure_ascii=False, sort_keys=False))
' "$1"; }

for in in tests/golden/*.jsonl; do
    name=$(basename "$in" .jsonl)
    want=tests/golden/$name.json
    "$BIN/varta-check" --as-of 2024-03-01 --policy "$POLICY" <"$in" >"$tmp/$name.json" 2>"$tmp/$name.err"
    rc=$?
    if [ $rc -ne 0 ]; then
        echo "FAIL $name: varta-check exited $rc"; cat "$tmp/$name.err"; fail=1; continue
    fi
    if [ -n "${UPDATE:-}" ]; then
        cp "$tmp/$name.json" "$want"; echo "updated $want"; continue
    fi
    if cmp -s "$tmp/$name.json" "$want"; then
        echo "ok   $name: $(/usr/bin/python3 -c 'import json,sys; print(" ".join(json.loads(l)["case"]+"="+json.loads(l)["decision"] for l in open(sys.argv[1])))' "$want")"
    else
        echo "FAIL $name: output differs from $want"
        pretty "$want" >"$tmp/want.txt"; pretty "$tmp/$name.json" >"$tmp/got.txt"
        diff -u "$tmp/want.txt" "$tmp/got.txt" | head -60
        fail=1
    fi
done

# Every report carries the eight checks in the contract's order.
cat tests/golden/*.json | /usr/bin/python3 -c '
import json, sys
ids = ["travel_document", "document_validity", "age", "legal_stay", "criminal_record",
       "certificate_freshness", "certificate_holder", "applicant_data"]
for line in sys.stdin:
    r = json.loads(line)
    assert r["record"] == "report" and r["schema"] == "varta-report/1", r["case"]
    assert [c["id"] for c in r["checks"]] == ids, r["case"]
    for c in r["checks"]:
        assert c["status"] in ("pass", "fail", "review", "incomplete"), c
        assert c["reason"] and isinstance(c["evidence"], list) and c["basis"], c
    st = [c["status"] for c in r["checks"]]
    want = ("rejected" if "fail" in st else "incomplete" if "incomplete" in st
            else "review" if "review" in st else "clear")
    assert r["decision"] == want, (r["case"], r["decision"], want)
    for k in ("surname", "given_names", "date_of_birth", "sex", "nationality", "document_number"):
        assert k in r["applicant"], k
print("ok   every golden report: eight checks in order, decision rule holds")
' || fail=1

# --check-policy on the shipped file; a broken copy stops with 78 and FILE:LINE.
if "$BIN/varta-check" --policy "$POLICY" --check-policy >"$tmp/cp.out" 2>&1; then
    echo "ok   --check-policy: $(cat "$tmp/cp.out" | cut -c1-100)"
else
    echo "FAIL --check-policy on the shipped policy"; cat "$tmp/cp.out"; fail=1
fi
sed 's/^stay_limit = 90/stay_limit = ninety/' "$POLICY" >"$tmp/bad.policy"
line=$(grep -n '^stay_limit' "$tmp/bad.policy" | cut -d: -f1)
"$BIN/varta-check" --policy "$tmp/bad.policy" --as-of 2024-03-01 </dev/null >/dev/null 2>"$tmp/bad.err"
rc=$?
if [ $rc -eq 78 ] && grep -q "$tmp/bad.policy:$line: stay_limit: bad number" "$tmp/bad.err"; then
    echo "ok   broken policy: exit 78, $(cat "$tmp/bad.err")"
else
    echo "FAIL broken policy: exit $rc, $(cat "$tmp/bad.err")"; fail=1
fi
"$BIN/varta-check" --policy /nonexistent/x.policy </dev/null >/dev/null 2>&1
rc=$?
[ $rc -eq 78 ] && echo "ok   missing policy: exit 78" || { echo "FAIL missing policy: exit $rc"; fail=1; }
"$BIN/varta-check" --as-of 2024-02-30 </dev/null >/dev/null 2>&1
rc=$?
[ $rc -eq 64 ] && echo "ok   bad --as-of: exit 64" || { echo "FAIL bad --as-of: exit $rc"; fail=1; }

# Mutated policy files: always either accepted (0) or refused with 78 and FILE:LINE.
/usr/bin/python3 - "$BIN" "$POLICY" "$tmp/m.policy" <<'PY' || fail=1
import random, subprocess, sys
binp, policy, path = sys.argv[1:]
rng = random.Random(78)
base = open(policy, "rb").read()
bad = 0
for i in range(60):
    b = bytearray(base)
    for _ in range(rng.randint(1, 12)):
        pos, op = rng.randrange(len(b)), rng.random()
        if op < 0.4: b[pos] = rng.randrange(256)
        elif op < 0.6: del b[pos:pos + rng.randint(1, 30)]
        else: b[pos:pos] = rng.choice([b'"', b'=', b'#', b'\n', b'\x00', b' since ', b'visa_free ', b'\xd0', b'9' * 30])
    open(path, "wb").write(b)
    p = subprocess.run([binp + "/varta-check", "--policy", path, "--check-policy"], capture_output=True)
    if p.returncode not in (0, 78) or (p.returncode == 78 and (path + ":").encode() not in p.stderr):
        bad += 1
        print("FAIL mutated policy %d: exit %d: %s" % (i, p.returncode, p.stderr[-300:]))
print(("ok  " if not bad else "FAIL") + " 60 mutated policy files: accepted or refused with 78 and FILE:LINE")
sys.exit(1 if bad else 0)
PY

# Garbage input never crashes: binary noise, huge numbers, wrong types.
{ head -c 20000 /dev/urandom | tr -d '\n'; echo
  echo '{"record":"case","case":"G1","applicant":{"surname":7,"entries":"x"},"applicant_error":null}'
  echo '{"record":"document","case":"G1","file":"a.jpg","type":"passport","mrz":{"format":"TD3","valid":true,"fields":{"surname":["x"],"date_of_birth":"1990-13-45","nationality":null}},"confidence":"high"}'
  echo '{"record":"document","case":"G1","file":null,"type":7,"mrz":[],"certificate":{"holder":5,"issued":12}}'
  echo '[1,2,3]'
  echo '{"record":"error"}'
} | "$BIN/varta-check" --as-of 2024-03-01 --policy "$POLICY" >"$tmp/g.out" 2>"$tmp/g.err"
rc=$?
if [ $rc -eq 0 ] && grep -q '"case":"G1"' "$tmp/g.out" && grep -q '"decision":"incomplete"' "$tmp/g.out" && ! grep -q '"decision":"clear"' "$tmp/g.out"; then
    echo "ok   garbage input: exit 0, case G1 reported incomplete (no certificate), documents in doubt"
else
    echo "FAIL garbage input: exit $rc"; cat "$tmp/g.out" "$tmp/g.err" | head -20; fail=1
fi
# An end marker reports the case at once, with the input still open.
mkfifo "$tmp/fifo"
"$BIN/varta-check" --as-of 2024-03-01 --policy "$POLICY" <"$tmp/fifo" >"$tmp/end.out" 2>/dev/null &
pid=$!
exec 3>"$tmp/fifo"
printf '%s\n' '{"record":"case","case":"E1","applicant":null}' '{"record":"end","case":"E1"}' >&3
i=0
while [ $i -lt 50 ] && ! grep -q '"case":"E1"' "$tmp/end.out"; do sleep 0.1; i=$((i + 1)); done
if grep -q '"case":"E1"' "$tmp/end.out"; then echo "ok   end marker: report written before end of input"
else echo "FAIL end marker: no report while input open"; fail=1; fi
exec 3>&-
wait $pid
exit $fail
