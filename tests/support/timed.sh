# Shared by the shell tests that drive the real doorstep (source it; the
# test defines fail()).
# timed SECONDS OUT ERR CMD...: runs CMD with a hard limit; the status in $rc,
# the wall time (ms) in $elapsed_ms. A run past the limit fails the test.
timed() {
  local limit=$1 out=$2 err=$3 start end
  shift 3
  start=$(date +%s%N)
  rc=0
  timeout -k 5 "$limit" "$@" >"$out" 2>"$err" || rc=$?
  end=$(date +%s%N)
  elapsed_ms=$(((end - start) / 1000000))
  [ "$rc" -ne 124 ] && [ "$rc" -ne 137 ] || fail "$* did not end within $limit s (a hang): $(tail -5 "$err")"
}
