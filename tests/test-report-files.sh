#!/bin/sh
# varta-report's files: ROOT/reports/<case>/ with report.json/html/txt,
# modes 0600/0700, no temporary files left, one `written` record per case;
# bad case names refused (exit 65) and a symbolic link in place of a case
# folder never followed; nothing written outside the target folder.
set -u
cd "$(dirname "$0")/.."
BIN=${BIN:-bin}
POLICY=validators/national-guard.policy
fail=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ok() { echo "ok   $*"; }
bad() { echo "FAIL $*"; fail=1; }

cat tests/golden/clear-visa-free.jsonl tests/golden/rejected-overstay.jsonl |
    "$BIN/varta-check" --as-of 2024-03-01 --policy "$POLICY" >"$tmp/reports.jsonl"
mkdir "$tmp/root"
"$BIN/varta-report" --root "$tmp/root" --policy "$POLICY" <"$tmp/reports.jsonl" >"$tmp/written.jsonl"
rc=$?
[ $rc -eq 0 ] && ok "varta-report --root: exit 0" || bad "varta-report --root: exit $rc"
for c in A1001 A1002; do
    d=$tmp/root/reports/$c
    for f in report.json report.html report.txt; do
        [ -f "$d/$f" ] || bad "$c/$f missing"
        m=$(stat -c %a "$d/$f" 2>/dev/null)
        [ "$m" = 600 ] || bad "$c/$f mode $m, want 600"
    done
    m=$(stat -c %a "$d")
    [ "$m" = 700 ] || bad "$c/ mode $m, want 700"
done
[ "$(stat -c %a "$tmp/root/reports")" = 700 ] || bad "reports/ mode not 700"
left=$(find "$tmp/root" -name '.*tmp*' | wc -l)
[ "$left" -eq 0 ] && ok "files 0600, folders 0700, no temporary files left" || bad "$left temporary files left"
/usr/bin/python3 - "$tmp/written.jsonl" "$tmp/root" <<'PY' && ok "one written record per case" || fail=1
import json, sys
w = [json.loads(l) for l in open(sys.argv[1])]
assert [(r["record"], r["case"], r["decision"]) for r in w] == \
    [("written", "A1001", "clear"), ("written", "A1002", "rejected")], w
assert w[0]["dir"] == sys.argv[2] + "/reports/A1001", w[0]["dir"]
PY
# Default language comes from the policy (uk); --lang en overrides.
grep -q 'lang="uk"' "$tmp/root/reports/A1001/report.html" && ok "default language from the policy (uk)" \
    || bad "default language is not uk"
"$BIN/varta-report" --out "$tmp/out" --lang en <"$tmp/reports.jsonl" >/dev/null
grep -q 'lang="en"' "$tmp/out/A1001/report.html" && ok "--out DIR/<case>, --lang en" || bad "--out/--lang en"
# Re-running replaces the reports in place.
"$BIN/varta-report" --out "$tmp/out" --lang uk <"$tmp/reports.jsonl" >/dev/null
grep -q 'lang="uk"' "$tmp/out/A1001/report.html" && ok "re-run replaces the report" || bad "re-run"

# Refused case names.
mkdir "$tmp/r2"
for name in '../escape' 'a/b' '.' '..' '' 'x y' "$(printf 'A%.0s' $(seq 1 129))"; do
    /usr/bin/python3 -c '
import json, sys
r = json.loads(open(sys.argv[1]).readline()); r["case"] = sys.argv[2]; print(json.dumps(r))' \
        "$tmp/reports.jsonl" "$name" | "$BIN/varta-report" --out "$tmp/r2/out" --lang en >"$tmp/w.out" 2>"$tmp/w.err"
    rc=$?
    if [ $rc -ne 65 ] || [ -s "$tmp/w.out" ]; then bad "case name '$name': exit $rc"; fi
done
n=$(find "$tmp/r2" -mindepth 1 | grep -v "^$tmp/r2/out$" | wc -l)
[ "$n" -eq 0 ] && ok "bad case names refused with exit 65, nothing written" || { bad "files written for bad names"; find "$tmp/r2"; }
[ ! -e "$tmp/escape" ] || bad "wrote outside the target folder"

# A symbolic link where the case folder should be is not followed.
mkdir -p "$tmp/r3/reports" "$tmp/elsewhere"
ln -s "$tmp/elsewhere" "$tmp/r3/reports/A1001"
head -n 1 "$tmp/reports.jsonl" | "$BIN/varta-report" --root "$tmp/r3" --lang en >/dev/null 2>"$tmp/s.err"
rc=$?
if [ $rc -ne 0 ] && [ -z "$(ls -A "$tmp/elsewhere")" ]; then ok "symlinked case folder not followed (exit $rc)"
else bad "symlinked case folder: exit $rc, elsewhere holds: $(ls "$tmp/elsewhere")"; fi
# Same for a symlinked reports/ folder.
mkdir -p "$tmp/r4"
ln -s "$tmp/elsewhere" "$tmp/r4/reports"
head -n 1 "$tmp/reports.jsonl" | "$BIN/varta-report" --root "$tmp/r4" --lang en >/dev/null 2>&1
rc=$?
if [ $rc -ne 0 ] && [ -z "$(ls -A "$tmp/elsewhere")" ]; then ok "symlinked reports/ not followed (exit $rc)"
else bad "symlinked reports/: exit $rc"; fi

# Usage errors.
"$BIN/varta-report" </dev/null >/dev/null 2>&1; rc=$?
[ $rc -eq 64 ] && ok "no --root/--out: exit 64" || bad "no --root/--out: exit $rc"
"$BIN/varta-report" --out "$tmp/x" --lang fr </dev/null >/dev/null 2>&1; rc=$?
[ $rc -eq 64 ] && ok "--lang fr: exit 64" || bad "--lang fr: exit $rc"
"$BIN/varta-report" --root "$tmp/nonexistent" --lang en </dev/null >/dev/null 2>&1; rc=$?
[ $rc -eq 66 ] && ok "missing ROOT: exit 66" || bad "missing ROOT: exit $rc"
exit $fail
