#!/usr/bin/env bash
# Builds the libFuzzer targets of the QR parsers with clang (in build-fuzz)
# and runs each for N seconds (default 20) from its seed corpus, under
# AddressSanitizer and UndefinedBehaviorSanitizer.
#   tests/fuzz/run.sh [SECONDS] [TARGET...]      e.g. tests/fuzz/run.sh 60 matter wifi
# Exit status: 0 when no target crashed, 1 when one did (its input is kept
# under build-fuzz/fuzz-artifacts/), 2 when clang or the build is missing.
# New inputs found go to build-fuzz/fuzz-corpus/<target>/ (the seeds in
# tests/fuzz/corpus/ are never changed).
set -euo pipefail

here=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
seconds=${1:-20}
shift || true
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(base38 tlv matter manual wifi dpp lpa esp_prov decode jpeg_size)
build=${DS_FUZZ_BUILD_DIR:-$here/build-fuzz}
jobs=$(nproc 2>/dev/null || echo 2)

if ! command -v clang >/dev/null; then
  echo "fuzz: clang is missing; install it (Debian: apt-get install clang libclang-rt-14-dev)" >&2
  exit 2
fi
CC=clang cmake -S "$here" -B "$build" -DDS_FUZZ=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build "$build" --target fuzz_targets -j"$jobs" >/dev/null

failed=0
mkdir -p "$build/fuzz-artifacts"
printf '%-10s %12s %10s %8s  %s\n' target execs exec/s corpus result
for t in "${targets[@]}"; do
  bin="$build/tests/fuzz/fuzz_$t"
  [ -x "$bin" ] || { echo "fuzz: no target $t" >&2; exit 2; }
  work="$build/fuzz-corpus/$t"
  mkdir -p "$work"
  log="$build/fuzz-artifacts/$t.log"
  rc=0
  ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
    "$bin" -max_total_time="$seconds" -timeout=10 -rss_limit_mb=2048 -max_len=4096 \
      -print_final_stats=1 -artifact_prefix="$build/fuzz-artifacts/$t-" \
      "$work" "$here/tests/fuzz/corpus/$t" >"$log" 2>&1 || rc=$?
  execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -1)
  speed=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$log" | tail -1)
  units=$(find "$work" -type f | wc -l)
  if [ "$rc" -eq 0 ]; then
    result=ok
  else
    result="CRASH (exit $rc, see $log)"
    failed=1
  fi
  printf '%-10s %12s %10s %8s  %s\n' "$t" "${execs:-?}" "${speed:-?}" "$units" "$result"
done
exit "$failed"
