#!/usr/bin/env bash
# doorstep ble scan against a mocked BlueZ, with a device whose advertised
# name sets the window title, rings the bell, clears the screen and turns
# the text right to left: the listing shows all of it as visible stand-ins
# (README.md, "Command line"), and the --json document carries the name as
# it is, escaped.
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"

ble_mock_start
ble_ctl adapter hci0
ble_ctl device hci0 AA:00:00:00:00:0E $'Door\e]0;pwned\a\e[2J\xe2\x80\xaeexe.txt' --rssi -50
"$DOORSTEP_BIN" ble scan --seconds 1 >"$tmp/text.out" 2>"$tmp/text.err" || fail "scan: $(cat "$tmp/text.err")"
for f in "$tmp/text.out" "$tmp/text.err"; do
  # No ESC, BEL or other control but newline; no right-to-left override.
  if LC_ALL=C grep -q $'[\x01-\x09\x0b-\x1f\x7f]' "$f" || grep -q $'\xe2\x80\xae' "$f"; then
    fail "control characters reach the terminal: $(od -c "$f" | head -20)"
  fi
done
grep -qF 'AA:00:00:00:00:0E' "$tmp/text.out" || fail "device not listed: $(cat "$tmp/text.out")"
grep -qF 'Door^[]0;pwned^G^[[2J<U+202E>exe.txt' "$tmp/text.out" || fail "no stand-ins: $(cat "$tmp/text.out")"

"$DOORSTEP_BIN" ble scan --json --seconds 1 >"$tmp/scan.json" 2>"$tmp/scan.err" || fail "json scan: $(cat "$tmp/scan.err")"
# (tabs and newlines indent the document)
LC_ALL=C grep -q $'[\x01-\x08\x0b-\x1f\x7f]' "$tmp/scan.json" && fail "raw control in JSON: $(cat "$tmp/scan.json")"
jcheck "$tmp/scan.json" "d['devices'][0]['name'] == 'Door\x1b]0;pwned\x07\x1b[2J\u202eexe.txt'"
ble_mock_stop
echo "PASS"
