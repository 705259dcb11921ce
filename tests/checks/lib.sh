# Helpers of the tests that show a source check can fail: a copy of the
# sources to plant a fault in, and named expectations on the check's verdict.
# Source it; end the test with `finish`.
set -euo pipefail

src=${DOORSTEP_SOURCE_DIR:-$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)}
copy=$(mktemp -d /tmp/doorstep-check.XXXXXX)
trap 'rm -rf "$copy"' EXIT
passed=0 failed=0 out="" rc=0

# copy_sources: the source folders the checks read (and the checks) into $copy.
copy_sources() { cp -r "$src"/app "$src"/ui "$src"/plugins "$src"/scripts "$src"/tests "$copy"/; }

# plant FILE LINE: appends LINE to $copy/FILE; prints where it went ("FILE:N").
plant() {
  printf '%s\n' "$2" >>"$copy/$1"
  echo "$1:$(wc -l <"$copy/$1")"
}

# run_check COMMAND...: runs a check; its output goes to $out, its exit status to $rc.
run_check() { rc=0; out=$("$@" 2>&1) || rc=$?; }

# expect WHAT COMMAND...: one named expectation, met when COMMAND succeeds;
# when it is not, the check's output follows.
expect() {
  local what=$1; shift
  if "$@"; then
    passed=$((passed + 1))
  else
    failed=$((failed + 1))
    printf 'FAILED: %s\nthe check printed (exit status %s):\n%s\n' "$what" "$rc" "$out"
  fi
}

# said TEXT, unsaid TEXT: whether the check's output has TEXT in it.
said() { grep -qF -- "$1" <<<"$out"; }
unsaid() { ! said "$1"; }

# finish: the tally; the test fails when an expectation did.
finish() {
  echo "$passed passed, $failed failed"
  [ $failed -eq 0 ]
}
