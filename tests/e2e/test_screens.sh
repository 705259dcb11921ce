#!/usr/bin/env bash
# Whole-screen comparisons: the demo's first setup through the six steps
# (and the Wi-Fi panel) at 80x24 and at 100x30, each screen captured once it
# is stable and compared with tests/data/screens/<screen>-<cols>x<rows>.txt;
# a difference prints a unified diff. The expected screens are reviewed like
# code: scripts/refresh_screens.sh writes them anew (DS_SCREENS_UPDATE=1).
#
# What varies between runs is made fixed or masked, so that a capture is the
# same on every run:
# - the demo's measured values (signal levels, answer times) are fixed by
#   DOORSTEP_DEMO_STEADY=1 (plugins/demo/README.md);
# - screen_mask replaces what is measured or dated on this run: each digit of
#   a duration in ms becomes '#' (the failover test's time), a date and time
#   "2026-12-06 at 18:04" becomes "YYYY-MM-DD at hh:mm", and the random part
#   of the test's temporary directory (/tmp/doorstep-e2e.XXXXXX) becomes
#   XXXXXX. Each keeps the text's width, so the layout around it is compared
#   as it is.
# Besides the comparison, no line may end in an ellipsis at the right edge of
# the screen or of the content area (one column in): text there reached the
# edge and was cut where it should have wrapped. Table cells end before a
# status column or mid-row and are not concerned.
source "$(dirname "$0")/lib.sh"

SCREENS_DIR="$(cd "$(dirname "$0")/../data/screens" 2>/dev/null && pwd || echo "$(dirname "$0")/../data/screens")"
UPDATE=${DS_SCREENS_UPDATE:-}
SIZE=""
mkdir -p "$SCREENS_DIR"

# screen_mask: stdin to stdout, what varies between runs replaced (see above).
screen_mask() {
  perl -CSD -pe 's/\d{4}-\d\d-\d\d at \d\d:\d\d/YYYY-MM-DD at hh:mm/g;
    s/(\d+)(?= ms\b)/"#" x length($1)/ge;
    s/(doorstep-e2e|e2e)\.[A-Za-z0-9]{6}(?=\/)/$1.XXXXXX/g'
}

# stable_screen: the masked screen once three captures 0.2 s apart agree.
stable_screen() {
  local last="" now same=0 start=$SECONDS
  while [ $same -lt 2 ]; do
    [ $((SECONDS - start)) -lt "$E2E_TIMEOUT" ] || e2e_fail "the screen did not settle within ${E2E_TIMEOUT}s"
    sleep 0.2
    now=$(e2e_screen | screen_mask)
    if [ "$now" = "$last" ]; then same=$((same + 1)); else same=0; last=$now; fi
  done
  printf '%s\n' "$now"
}

# cut_at_edge TEXT COLS: the lines of TEXT that end in an ellipsis in the
# last column or the one before it.
cut_at_edge() {
  printf '%s\n' "$1" | perl -CSD -ne 'chomp; print "$_\n" if /\x{2026}$/ && length($_) >= '"$2"' - 1'
}

# check_screen NAME: compares the stable screen with NAME-<size>.txt, or
# writes that file when DS_SCREENS_UPDATE=1.
check_screen() {
  local name=$1 file got cut
  file="$SCREENS_DIR/$name-$SIZE.txt"
  got=$(stable_screen)
  cut=$(cut_at_edge "$got" "${SIZE%x*}")
  [ -z "$cut" ] || e2e_fail "$name at $SIZE: text cut at the edge instead of wrapped:
$cut"
  if [ "$UPDATE" = 1 ]; then
    printf '%s\n' "$got" > "$file"
    e2e_ok "$name at $SIZE written to ${file#"$SCREENS_DIR"/}"
    return
  fi
  [ -f "$file" ] || e2e_fail "no expected screen $file: run scripts/refresh_screens.sh and review it"
  if ! diff -u --label "expected $name-$SIZE.txt" --label "shown $name-$SIZE" "$file" <(printf '%s\n' "$got") >&2; then
    echo "FAIL: $name at $SIZE differs from the expected screen (above). If the change is meant," \
      "run scripts/refresh_screens.sh and review the new screens." >&2
    exit 1
  fi
  e2e_ok "$name at $SIZE as expected"
}

# set_password DEVICE PASSWORD: types it twice and waits for the device's proof.
set_password() {
  e2e_keys C-u; e2e_type "$2"; e2e_keys Enter
  e2e_keys C-u; e2e_type "$2"; e2e_keys Enter
  e2e_wait "$1: new password set and verified" 30
}

# walk COLSxROWS: a first setup of the demo from a fresh state, every step
# compared on the way.
walk() {
  SIZE=$1
  rm -rf "$XDG_STATE_HOME/doorstep"
  e2e_start "$SIZE" DOORSTEP_DEMO_STEADY=1 -- --demo
  e2e_wait "Welcome to doorstep"
  check_screen 1-welcome
  e2e_keys Enter
  e2e_wait "Label code"
  e2e_type "DSDEMO:1:PNL:DP100-7F3A21:49"; e2e_keys Enter; e2e_wait "This site: 1 device"
  e2e_type "DSDEMO:1:DCT:DC200-4B19E7:A1"; e2e_keys Enter; e2e_wait "This site: 2 devices"
  e2e_type "DSDEMO:1:PIR:MS300-92C4D0:F0"; e2e_keys Enter; e2e_wait "This site: 3 devices"
  e2e_type "DSDEMO:1:CAM:IC400-5E81A3:60"; e2e_keys Enter; e2e_wait "This site: 4 devices"
  e2e_keys Tab Tab End
  e2e_wait_re "▸ Living room camera"
  e2e_keys w
  e2e_wait "Mueller-Home" 20
  e2e_wait_gone "Esc: cancel"
  check_screen 2-devices-wifi
  e2e_keys Enter
  e2e_type "sunflower meadow 1987"
  e2e_keys Enter
  e2e_wait 'joined "Mueller-Home"' 30
  check_screen 2-devices
  e2e_keys F10
  e2e_wait "4 devices still have their factory-default password"
  check_screen 3-passwords
  set_password "Alarm panel" "orchid tractor velvet lamp"
  set_password "Front door contact" 917304
  set_password "Hallway motion sensor" 508216
  set_password "Living room camera" "quiet harbour pencil 42"
  e2e_wait "No factory-default password is left"
  e2e_keys F10
  e2e_wait "Telekom" 30
  e2e_wait_gone "Esc: cancel" 30
  e2e_keys p Down b a
  e2e_wait "This choice is what the panel uses" 30
  e2e_keys t
  e2e_wait "Failover test passed" 60
  check_screen 4-cellular
  e2e_keys F10
  e2e_wait "Diagnostics finished" 60
  check_screen 5-diagnostics
  e2e_keys F10
  e2e_wait "Summary of Demo house"
  check_screen 6-summary
  e2e_keys q
  e2e_wait "Quit doorstep?"
  e2e_keys y
  [ "$(e2e_wait_exit)" = 0 ] || e2e_fail "doorstep did not end with status 0"
}

command -v perl >/dev/null || e2e_fail "perl is needed to mask the screens"
walk 80x24
walk 100x30
e2e_done
