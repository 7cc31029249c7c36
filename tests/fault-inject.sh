#!/bin/sh
# Fault injection: start the service on FAULT_CASES cases (default 20), kill
# it with SIGKILL at a random moment, restart, FAULT_ROUNDS times (default
# 8); every few rounds also tear the journal's last entry, as a crash in
# the middle of a write would.  Then one run to the end, and the checks:
# every case reported exactly once and its inputs archived byte for byte,
# nothing in failed/, inbox and work empty, no stage left running, and a
# journal zcat reads whole with a decision for every case.
set -u
. "$(dirname "$0")/watch-common.sh"
watch_setup

rounds=${FAULT_ROUNDS:-8}
ncases=${FAULT_CASES:-20}
maxdelay=${FAULT_MAX_MS:-4000}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
ROOT=$tmp/root
mkdir -p "$ROOT/inbox"
make_cases "$ROOT/inbox" "$ncases" F > "$tmp/cases"
[ "$(wc -l < "$tmp/cases")" -eq "$ncases" ] || fail "could not make the test cases"
cp -R "$ROOT/inbox" "$tmp/orig"
echo "stages: $STAGES; $ncases cases; $rounds kills at random moments (0-$maxdelay ms)"

rand() { # rand N: a random number in 0..N-1
    echo $(( $(od -An -N2 -tu2 /dev/urandom | tr -d ' ') % $1 ))
}

# stages still alive after the service died: they must die with it
strays() {
    for p in /proc/[0-9]*; do
        cmd=$( (tr '\0' ' ' < "$p/cmdline") 2> /dev/null) || continue
        case "$cmd" in *"$ROOT"*) echo "${p#/proc/}: $cmd" ;; esac
    done
}

r=1
while [ "$r" -le "$rounds" ]; do
    # alternate batch runs and the service, so both modes are killed
    if [ $((r % 2)) -eq 0 ]; then mode=--once; else mode="--settle 0"; fi
    # shellcheck disable=SC2086
    bin/varta watch $mode --jobs 2 --as-of "$AS_OF" "$ROOT" > /dev/null 2>> "$tmp/err" &
    pid=$!
    if [ $((r % 3)) -ne 0 ]; then
        ms=$(rand "$maxdelay")
        how="after $ms ms"
    else
        # aim at the window between a report being written and its case
        # being archived: wait for a new report, then a few milliseconds
        n0=$(ls "$ROOT/reports" | wc -l)
        i=0
        while [ "$(ls "$ROOT/reports" | wc -l)" -eq "$n0" ] && [ $i -lt 1000 ] && kill -0 "$pid" 2> /dev/null; do
            sleep 0.02; i=$((i + 1))
        done
        ms=$(rand 60)
        how="$ms ms after a report appeared"
    fi
    sleep "$(printf '%d.%03d' $((ms / 1000)) $((ms % 1000)))"
    kill -KILL "$pid" 2> /dev/null
    wait "$pid" 2> /dev/null
    # the stages must follow the service (PR_SET_PDEATHSIG): give them a moment
    i=0
    while [ -n "$(strays)" ] && [ $i -lt 50 ]; do sleep 0.1; i=$((i + 1)); done
    [ -z "$(strays)" ] || fail "stages outlived the killed service: $(strays)"
    if [ $((r % 4)) -eq 0 ] && [ -s "$ROOT/audit.log.gz" ]; then
        # a torn last member: half of a real one
        printf 'x' | gzip -c > "$tmp/member.gz"
        head -c 12 "$tmp/member.gz" >> "$ROOT/audit.log.gz"
    fi
    done_now=$(ls "$ROOT/archive" | wc -l)
    echo "round $r: killed $how ($mode); $done_now/$ncases archived"
    r=$((r + 1))
done

timeout 900 bin/varta watch --once --jobs 2 --as-of "$AS_OF" "$ROOT" > "$tmp/out" 2>> "$tmp/err"
rc=$?
cat "$tmp/out"
[ "$rc" -eq 0 ] || { tail -n 30 "$tmp/err"; fail "the final run exited $rc"; }

while read -r c; do
    [ -f "$ROOT/reports/$c/report.json" ] || fail "$c: no report"
    [ -d "$ROOT/archive/$c" ] || fail "$c: not archived"
    diff -r "$tmp/orig/$c" "$ROOT/archive/$c" > /dev/null || fail "$c: archive/$c differs from the input"
done < "$tmp/cases"
[ "$(ls "$ROOT/reports" | wc -l)" -eq "$ncases" ] || fail "report folders: $(ls "$ROOT/reports" | wc -l), cases: $ncases ($(ls "$ROOT/reports" | tr '\n' ' '))"
[ "$(ls "$ROOT/archive" | wc -l)" -eq "$ncases" ] || fail "archive holds $(ls "$ROOT/archive" | wc -l) folders for $ncases cases"
[ "$(ls -A "$ROOT/failed")" = "" ] || fail "failed/ not empty: $(ls -A "$ROOT/failed")"
[ "$(ls -A "$ROOT/inbox")" = "" ] || fail "inbox not empty: $(ls -A "$ROOT/inbox")"
[ "$(ls -A "$ROOT/work")" = "" ] || fail "work not empty: $(ls -A "$ROOT/work")"
# one report each: no stray temporary or second report files
extra=$(find "$ROOT/reports" -type f -name 'report*' ! -name report.json ! -name report.html ! -name report.txt | head -n 3)
[ -z "$extra" ] || fail "stray report files: $extra"
[ -z "$(strays)" ] || fail "stages still running: $(strays)"

zcat "$ROOT/audit.log.gz" > "$tmp/audit" || fail "zcat cannot read the journal after the crashes"
$PY - "$tmp/audit" "$tmp/cases" <<'EOF' || exit 1
import json, sys
ev = [json.loads(l) for l in open(sys.argv[1])]
for c in open(sys.argv[2]).read().split():
    kinds = [e["event"] for e in ev if e["case"] == c]
    if "decided" not in kinds:
        print("FAIL: %s: no decided event (%s)" % (c, kinds), file=sys.stderr); sys.exit(1)
    if "received" not in kinds and "resumed" not in kinds:
        print("FAIL: %s: neither received nor resumed" % c, file=sys.stderr); sys.exit(1)
print("journal: %d events, %d resumed" % (len(ev), sum(e["event"] == "resumed" for e in ev)))
EOF
echo "fault-inject: ok ($STAGES stages, $rounds kills)"
