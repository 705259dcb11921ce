#!/usr/bin/env bash
# Builds the libFuzzer targets (every tests/fuzz/fuzz_<name>.c; the list is
# in docs/fuzzing.md) with clang in build-fuzz and runs each for N seconds
# (default 15) from its seed corpus in tests/fuzz/corpus/<name>/, under
# AddressSanitizer and UndefinedBehaviorSanitizer, as many at a time as
# there are processors (DS_FUZZ_JOBS to choose).
#   tests/fuzz/run.sh [SECONDS] [TARGET...]      e.g. tests/fuzz/run.sh 60 plan mno_db
# Exit status: 0 when no target crashed, 1 when one did (its input is kept
# under build-fuzz/fuzz-artifacts/), 2 when clang or the build is missing.
# New inputs found go to build-fuzz/fuzz-corpus/<target>/ (the seeds in
# tests/fuzz/corpus/ are never changed).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-15}
shift || true
targets=("$@")
if [ ${#targets[@]} -eq 0 ]; then
  for src in "$here"/tests/fuzz/fuzz_*.c; do
    name=$(basename "$src" .c)
    [ "$name" = fuzz_common ] || targets+=("${name#fuzz_}")
  done
fi
build=${DS_FUZZ_BUILD_DIR:-$here/build-fuzz}
jobs=${DS_FUZZ_JOBS:-$(nproc 2>/dev/null || echo 2)}

if ! command -v clang >/dev/null; then
  echo "fuzz: clang is missing; install it (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
CC=clang cmake -S "$here" -B "$build" -DDS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_targets -j"$jobs" >/dev/null
for t in "${targets[@]}"; do
  [ -x "$build/tests/fuzz/fuzz_$t" ] || { echo "fuzz: no target $t (see tests/fuzz/fuzz_*.c)" >&2; exit 2; }
done
mkdir -p "$build/fuzz-artifacts"

# Runs one target; its exit status goes to <log>.rc.
fuzz_one() {
  local t=$1 work="$build/fuzz-corpus/$1" log="$build/fuzz-artifacts/$1.log" rc=0
  mkdir -p "$work"
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$build/tests/fuzz/fuzz_$t" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" \
      "$work" "$here/tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  echo "$rc" >"$log.rc"
}

running=0
for t in "${targets[@]}"; do
  if [ "$running" -ge "$jobs" ]; then
    wait -n || true
    running=$((running - 1))
  fi
  fuzz_one "$t" &
  running=$((running + 1))
done
wait

failed=0
printf '%-14s %12s %10s %8s  %s\n' target execs exec/s corpus result
for t in "${targets[@]}"; do
  log="$build/fuzz-artifacts/$t.log"
  rc=$(cat "$log.rc" 2>/dev/null || echo '?')
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  units=$(find "$build/fuzz-corpus/$t" -type f | wc -l)
  if [ "$rc" = 0 ]; then
    result=ok
  else
    result="CRASH (exit $rc, see $log)"
    failed=1
  fi
  printf '%-14s %12s %10s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "$units" "$result"
done
exit "$failed"
