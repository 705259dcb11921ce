#!/usr/bin/env bash
# Writes the expected screens of tests/e2e/test_screens.sh anew
# (tests/data/screens/<screen>-<cols>x<rows>.txt) from the build's doorstep,
# after a change to what the wizard shows is meant. Review them like code
# before committing: `git diff tests/data/screens` shows what changed, and no
# text may be cut short where it should wrap.
#   scripts/refresh_screens.sh [BUILD_DIR]    default: build (configured and built)
# Exits with the test's status: not 0 when a walk could not be finished or a
# screen has text cut at its edge (nothing is written past that screen).
set -euo pipefail

cd "$(dirname "${BASH_SOURCE[0]}")/.."
build=${1:-build}
[ -x "$build/doorstep" ] || {
  echo "refresh_screens: no $build/doorstep; build first: cmake -S . -B $build && cmake --build $build" >&2
  exit 2
}
DS_SCREENS_UPDATE=1 ctest --test-dir "$build" -R '^e2e\.test_screens$' --output-on-failure
git status --short -- tests/data/screens
