#!/usr/bin/env bash
# Every C line changed since .clang-format came in is formatted as it says;
# the lines before it stay as they are (nothing is reformatted wholesale).
#   scripts/check_format.sh [BASE]    BASE: compare with this commit instead (default: the
#                                     commit that added .clang-format, else HEAD~1)
# Exits 0 when every changed line is formatted, 1 with the diff that would
# format them (`git clang-format BASE` applies it), 77 (skipped) outside a git
# checkout or without git-clang-format (Debian package clang-format).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
skip() {
  echo "check_format: $*; skipped"
  exit 77
}
[ "$(git rev-parse --show-toplevel 2>/dev/null)" = "$(pwd -P)" ] || skip "not a git checkout"
command -v git-clang-format >/dev/null || skip "git-clang-format is missing (Debian package clang-format)"

base=${1:-$(git log --format=%H -1 --diff-filter=A -- .clang-format)}
[ -n "$base" ] || base=$(git rev-parse -q --verify HEAD~1) || skip "no commit to compare with"
rc=0
out=$(git clang-format --diff --extensions c,h "$base" -- app ui plugins tests 2>&1) || rc=$?
# git-clang-format 14 exits 0 even when it prints a diff (later ones exit 1): the diff decides.
if grep -q '^diff --git' <<<"$out"; then
  printf '%s\n' "$out"
  echo "check_format: lines changed since ${base:0:12} are not formatted as .clang-format says;" \
    "apply the diff above with: git clang-format $base" >&2
  exit 1
elif [ $rc -ne 0 ]; then
  printf 'check_format: git clang-format failed:\n%s\n' "$out" >&2
  exit 2
fi
echo "check_format: the C lines changed since ${base:0:12} are formatted"
