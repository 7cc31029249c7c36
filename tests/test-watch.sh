#!/bin/sh
# End to end: `varta watch --once` on a fresh ROOT, then the service itself
# (inotify, settle time, SIGTERM).  Asserts one report per case, inputs
# archived, inbox and work empty, private permissions, an audit journal
# zcat reads with the right events and fingerprints, no personal data in the
# journal or on stderr, and that a second run reports nothing twice.
set -u
. "$(dirname "$0")/watch-common.sh"
watch_setup

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ROOT=$tmp/root
mkdir -p "$ROOT/inbox"
make_cases "$ROOT/inbox" 3 W > "$tmp/cases"
# a partial download inside a case is ignored, yet archived with the case
first=$(head -n 1 "$tmp/cases")
echo partial > "$ROOT/inbox/$first/scan.jpg.part"
cp -R "$ROOT/inbox" "$tmp/orig"
ncases=$(wc -l < "$tmp/cases")
[ "$ncases" -eq 3 ] || fail "could not make the test cases"
echo "stages: $STAGES; $ncases cases; as of $AS_OF"

timeout 600 bin/varta watch --once --as-of "$AS_OF" "$ROOT" > "$tmp/out" 2> "$tmp/err"
rc=$?
cat "$tmp/out"
[ "$rc" -eq 0 ] || { cat "$tmp/err"; fail "varta watch --once exited $rc"; }
grep -q "$ncases cases: $ncases reported" "$tmp/out" || { cat "$tmp/err"; fail "summary does not say $ncases reported"; }

# one report per case, inputs archived byte for byte, nothing left behind
while read -r c; do
    for f in report.json report.html report.txt; do
        [ -s "$ROOT/reports/$c/$f" ] || fail "$c: reports/$c/$f missing"
    done
    [ -d "$ROOT/archive/$c" ] || fail "$c: not archived"
    diff -r "$tmp/orig/$c" "$ROOT/archive/$c" > /dev/null || fail "$c: archive/$c differs from what was dropped"
done < "$tmp/cases"
[ "$(ls -A "$ROOT/inbox")" = "" ] || fail "inbox not empty: $(ls -A "$ROOT/inbox")"
[ "$(ls -A "$ROOT/work")" = "" ] || fail "work not empty: $(ls -A "$ROOT/work")"
[ "$(ls -A "$ROOT/failed")" = "" ] || fail "failed not empty: $(ls -A "$ROOT/failed")"
[ "$(ls "$ROOT/reports" | wc -l)" -eq "$ncases" ] || fail "not exactly one report folder per case"

# privacy: folders the service made are 0700, files it wrote 0600
for d in work reports archive failed; do
    [ "$(stat -c %a "$ROOT/$d")" = 700 ] || fail "$d is mode $(stat -c %a "$ROOT/$d"), not 700"
done
[ "$(stat -c %a "$ROOT/audit.log.gz")" = 600 ] || fail "audit.log.gz is not mode 600"
bad=$(find "$ROOT/reports" -type f ! -perm 600 | head -n 3)
[ -z "$bad" ] || fail "report files not mode 600: $bad"
bad=$(find "$ROOT/reports" -type d ! -perm 700 | head -n 3)
[ -z "$bad" ] || fail "report folders not mode 700: $bad"

# the journal: zcat reads it whole; one received and one decided per case,
# the decision of report.json, and the SHA-256 of every archived file
zcat "$ROOT/audit.log.gz" > "$tmp/audit" || fail "zcat cannot read audit.log.gz"
$PY - "$ROOT" "$tmp/audit" "$tmp/cases" <<'EOF' || exit 1
import hashlib, json, os, sys
root, audit, cases = sys.argv[1], sys.argv[2], open(sys.argv[3]).read().split()
ev = [json.loads(l) for l in open(audit)]
def bad(msg):
    print("FAIL: " + msg, file=sys.stderr); sys.exit(1)
for e in ev:
    if not e.get("time", "").endswith("Z") or "event" not in e or "case" not in e:
        bad("journal entry without time/event/case: %r" % e)
for c in cases:
    rec = [e for e in ev if e["case"] == c and e["event"] == "received"]
    dec = [e for e in ev if e["case"] == c and e["event"] == "decided"]
    if len(rec) != 1 or len(dec) != 1:
        bad("%s: %d received and %d decided events" % (c, len(rec), len(dec)))
    rep = json.load(open(os.path.join(root, "reports", c, "report.json")))
    if dec[0].get("decision") != rep.get("decision"):
        bad("%s: journal says %r, report.json %r" % (c, dec[0].get("decision"), rep.get("decision")))
    files = {f["file"]: f for f in rec[0]["files"]}
    for name in os.listdir(os.path.join(root, "archive", c)):
        data = open(os.path.join(root, "archive", c, name), "rb").read()
        f = files.get(name)
        if f is None or f.get("sha256") != hashlib.sha256(data).hexdigest() or f.get("size") != len(data):
            bad("%s/%s: journal fingerprint missing or wrong" % (c, name))
if any(e["event"] == "failed" for e in ev):
    bad("a failed event in the journal")
print("journal: %d events, fingerprints match" % len(ev))
EOF

# no personal data in the journal or on stderr (case and file names only)
personal_words "$ROOT" > "$tmp/words"
[ -s "$tmp/words" ] || [ "$STAGES" != fake ] || fail "no declared names found to look for"
while read -r w; do
    if grep -qiF -- "$w" "$tmp/audit" "$tmp/err" "$tmp/out"; then
        fail "personal data ('$w') in the journal or diagnostics"
    fi
done < "$tmp/words"

# exactly once: a second run finds nothing to do and writes nothing
ls -l --time-style=full-iso "$ROOT/reports"/*/report.json > "$tmp/reports.1"
timeout 120 bin/varta watch --once --as-of "$AS_OF" "$ROOT" > "$tmp/out2" 2>&1 || fail "second run failed"
ls -l --time-style=full-iso "$ROOT/reports"/*/report.json > "$tmp/reports.2"
cmp -s "$tmp/reports.1" "$tmp/reports.2" || fail "a second run touched the reports"
[ "$(zcat "$ROOT/audit.log.gz" | wc -l)" -eq "$(wc -l < "$tmp/audit")" ] || fail "a second run journalled events"

# the same case dropped again is processed under a new name, and says so
cp -R "$tmp/orig/$first" "$ROOT/inbox/$first"
timeout 600 bin/varta watch --once --as-of "$AS_OF" "$ROOT" > "$tmp/out3" 2> "$tmp/err3" || fail "third run failed"
[ -f "$ROOT/reports/$first.2/report.json" ] || fail "resubmitted $first not reported as $first.2"
[ -d "$ROOT/archive/$first.2" ] || fail "resubmitted $first not archived as $first.2"
zcat "$ROOT/audit.log.gz" | grep -q "\"case\":\"$first.2\".*\"submitted_as\":\"$first\"" ||
    fail "the journal does not say $first.2 was submitted as $first"
grep -q "$first.2" "$tmp/err3" || fail "stderr does not name the renamed case"

# a broken policy is a configuration error found at start: exit 78 with
# file:line, nothing failed, the case still in inbox/ (never taken), and it
# goes through once the policy is fixed
ROOT3=$tmp/root3
mkdir -p "$ROOT3/inbox"
if [ "$FAKE" -eq 0 ]; then
cp -R "$tmp/orig/$first" "$ROOT3/inbox/$first"
printf 'this is not a policy line\n' > "$tmp/bad.policy"
timeout 300 bin/varta watch --once --policy "$tmp/bad.policy" --as-of "$AS_OF" "$ROOT3" > /dev/null 2> "$tmp/err4"
rc=$?
[ "$rc" -eq 78 ] || { cat "$tmp/err4"; fail "a broken policy gave exit $rc, not 78"; }
[ -z "$(ls -A "$ROOT3/failed" 2>/dev/null)" ] || fail "a configuration error sent a case to failed/"
[ -d "$ROOT3/inbox/$first" ] || fail "a case was taken although the policy was broken"
grep -q "bad.policy:1:" "$tmp/err4" || fail "the policy error does not say file:line"
# a missing Tesseract language pack (German and Polish here) is found at
# start too, by varta-scan --check-config: exit 78, the case not taken
mkdir -p "$tmp/tessdata"
sys_tessdata=$(dirname "$(find /usr/share/tesseract-ocr -name eng.traineddata | head -n 1)")
ln -s "$sys_tessdata/eng.traineddata" "$sys_tessdata/ukr.traineddata" "$tmp/tessdata/"
TESSDATA_PREFIX=$tmp/tessdata timeout 300 bin/varta watch --once --as-of "$AS_OF" "$ROOT3" > /dev/null 2> "$tmp/err4"
rc=$?
[ "$rc" -eq 78 ] || { cat "$tmp/err4"; fail "missing language data gave exit $rc, not 78"; }
grep -q "language data missing: deu pol" "$tmp/err4" || fail "the language error does not name deu pol: $(cat "$tmp/err4")"
[ -d "$ROOT3/inbox/$first" ] || fail "a case was taken although language data was missing"
timeout 600 bin/varta watch --once --as-of "$AS_OF" "$ROOT3" > /dev/null 2> "$tmp/err5" || fail "the run after fixing the policy failed"
[ -f "$ROOT3/reports/$first/report.json" ] && [ -d "$ROOT3/archive/$first" ] ||
    fail "the case was not processed once the policy was fixed"
fi

# the service: a folder dropped while it runs is taken once it settles; a
# partial file keeps it waiting; SIGTERM ends it cleanly
ROOT2=$tmp/root2
timeout 600 bin/varta watch --settle 1 --as-of "$AS_OF" "$ROOT2" > "$tmp/svc.out" 2> "$tmp/svc.err" &
pid=$!
i=0
while [ ! -d "$ROOT2/inbox" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
mkdir "$tmp/stage"
make_cases "$tmp/stage" 1 S > "$tmp/svc.cases"
svc=$(cat "$tmp/svc.cases")
mkdir "$tmp/partial"
echo "half" > "$tmp/partial/late.jpg.part"
mv "$tmp/partial" "$ROOT2/inbox/$svc"
sleep 3
[ -d "$ROOT2/inbox/$svc" ] || fail "the service took a folder holding only a partial file"
for f in "$tmp/stage/$svc"/*; do mv "$f" "$ROOT2/inbox/$svc/"; done
i=0
while [ ! -f "$ROOT2/reports/$svc/report.json" ] && [ $i -lt 600 ]; do sleep 0.2; i=$((i + 1)); done
[ -f "$ROOT2/reports/$svc/report.json" ] || { cat "$tmp/svc.err"; fail "the service did not report $svc"; }
i=0
while [ -d "$ROOT2/work/$svc" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
[ -d "$ROOT2/archive/$svc" ] || fail "the service did not archive $svc"
kill -TERM "$pid"
wait "$pid"
rc=$?
[ "$rc" -eq 0 ] || { cat "$tmp/svc.err"; fail "the service exited $rc on SIGTERM"; }
grep -q "stopping" "$tmp/svc.err" || fail "no word on stderr about stopping"
echo "test-watch: ok ($STAGES stages)"
