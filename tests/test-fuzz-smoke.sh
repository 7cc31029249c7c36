#!/bin/sh
# libFuzzer smoke test: scripts/fuzz builds every harness in tests/fuzz/ and
# runs each for FUZZ_SECONDS (5 here) from its seed corpus, then every
# reproducer in tests/fuzz/crashes/<target>-* is replayed through its
# harness (a fixed crash must stay fixed).  Skips (exit 0) with a message
# when clang or its fuzzer runtime is missing.
set -u
cd "$(dirname "$0")/.."
# a fresh corpus from the seeds, so the time does not grow with old runs
rm -rf build/fuzz/smoke-corpus
FUZZ_CORPUS=build/fuzz/smoke-corpus FUZZ_SECONDS=${FUZZ_SECONDS:-5} scripts/fuzz
rc=$?
if [ $rc -eq 77 ]; then
    echo "test-fuzz-smoke: SKIP: clang with libFuzzer not available (scripts/install-deps installs clang, libclang-rt-14-dev)"
    exit 0
fi
fail=0
[ $rc -eq 0 ] || fail=1
for f in tests/fuzz/crashes/*; do
    [ -f "$f" ] || continue
    t=$(basename "$f" | cut -d- -f1)
    bin=build/fuzz/fuzz_$t
    if [ ! -x "$bin" ]; then
        echo "test-fuzz-smoke: $f: no harness $bin"
        fail=1
    elif ! "$bin" -runs=1 "$f" >build/fuzz/replay.log 2>&1; then
        echo "test-fuzz-smoke: $f: still crashes (build/fuzz/replay.log)"
        fail=1
    fi
done
if [ $fail -eq 0 ]; then
    echo "test-fuzz-smoke: ok"
else
    echo "test-fuzz-smoke: FAIL"
fi
exit $fail
