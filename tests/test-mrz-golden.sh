#!/bin/sh
# Golden tests for bin/varta-mrz: each tests/mrz/golden/NAME.txt is fed on
# stdin with --as-of 2024-03-01 and its output must equal NAME.json byte for
# byte.  Also checks the command-line contract (help, version, usage and
# write errors).  Run from the checkout: tests/test-mrz-golden.sh [--update]
set -u
cd "$(dirname "$0")/.." || exit 1
bin=bin/varta-mrz
[ -x "$bin" ] || { echo "test-mrz-golden: $bin not built" >&2; exit 1; }
update=0
[ "${1:-}" = "--update" ] && update=1
pass=0; fail=0
tmp=$(mktemp -d) || exit 1
trap 'rm -rf "$tmp"' EXIT

for txt in tests/mrz/golden/*.txt; do
    want=${txt%.txt}.json
    name=$(basename "$txt" .txt)
    if ! "$bin" --as-of 2024-03-01 < "$txt" > "$tmp/out" 2> "$tmp/err"; then
        echo "FAIL $name: exit status $? (stderr: $(cat "$tmp/err"))"; fail=$((fail + 1)); continue
    fi
    if [ "$update" = 1 ]; then
        cp "$tmp/out" "$want"
    fi
    if cmp -s "$tmp/out" "$want"; then
        pass=$((pass + 1))
    else
        echo "FAIL $name: output differs from $want"; diff "$want" "$tmp/out" | head -5
        fail=$((fail + 1))
    fi
done

# expect STATUS DESCRIPTION COMMAND...: the command's exit status must be STATUS
expect() {
    want=$1; what=$2; shift 2
    "$@" > "$tmp/out" 2> "$tmp/err" < /dev/null
    got=$?
    if [ "$got" = "$want" ]; then pass=$((pass + 1)); else
        echo "FAIL $what: exit status $got, expected $want"; fail=$((fail + 1)); fi
}
expect 0 "--help" "$bin" --help
grep -q 'as-of' "$tmp/out" || { echo "FAIL --help: no --as-of in the help text"; fail=$((fail + 1)); }
expect 0 "--version" "$bin" --version
grep -q '(varta)' "$tmp/out" || { echo "FAIL --version: no version line"; fail=$((fail + 1)); }
expect 64 "unknown option" "$bin" --bogus
expect 64 "--as-of without a date" "$bin" --as-of
expect 64 "--as-of with an impossible date" "$bin" --as-of 2023-02-29
expect 64 "operand" "$bin" somefile
expect 0 "empty input" "$bin"
[ -s "$tmp/out" ] && { echo "FAIL empty input: wrote output"; fail=$((fail + 1)); }
if [ -w /dev/full ]; then
    "$bin" --as-of 2024-03-01 < tests/mrz/golden/td3-specimen.txt > /dev/full 2> "$tmp/err"
    st=$?
    if [ "$st" = 74 ]; then pass=$((pass + 1)); else
        echo "FAIL write error: exit status $st, expected 74"; fail=$((fail + 1)); fi
fi
# default reference date is today: the specimen parses either way
"$bin" < tests/mrz/golden/td3-specimen.txt | grep -q '"valid":true' && pass=$((pass + 1)) || {
    echo "FAIL default --as-of"; fail=$((fail + 1)); }
# bounded memory on a huge single line (16 MB, no newline)
head -c 16777216 /dev/zero | tr '\0' 'P' | "$bin" --as-of=2024-03-01 > "$tmp/out" &&
    grep -q '1 line of 16777216 characters' "$tmp/out" && pass=$((pass + 1)) || {
    echo "FAIL 16 MB line"; fail=$((fail + 1)); }

echo "varta-mrz golden tests: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
