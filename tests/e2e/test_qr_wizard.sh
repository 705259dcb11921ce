#!/usr/bin/env bash
# QR codes in the wizard on the demo system: a standard code that no
# plugin claims is explained (secrets hidden) with the typed text kept; an
# undecodable one says where it is wrong; a photo of a label adds the
# device; the homeowner's hand-over code is drawn on the Summary step and
# reads back through tmux and zbar; the Wi-Fi panel shows a join code.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/steps_lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
to_png="$here/../support/qr_capture_to_png.py"
command -v zbarimg >/dev/null || e2e_fail "zbarimg is missing (package zbar-tools)"

e2e_start 100x40 -- --demo
e2e_wait "Welcome to doorstep"
e2e_keys Enter
e2e_wait "Label code"

# A Matter code: no demo plugin claims it; the built-in decoder explains it.
e2e_type "MT:Y.K9042C00KA0648G00"
e2e_keys Enter
e2e_wait "This is a Matter QR code"
e2e_wait "0xFFF1"
e2e_wait "vendor's doorstep plugin"
e2e_wait "••••"
e2e_absent "20202021"
e2e_keys Enter
e2e_wait_gone "This is a Matter QR code"
e2e_wait "MT:Y.K9042C00KA0648G00"
e2e_ok "an unclaimed Matter code is explained, passcode hidden, text kept"

# Not decodable at all: the decoder's error (byte and field) is shown.
e2e_keys C-u
e2e_type "WIFI:S:Home;T:WPA;P:short"
e2e_keys Enter
e2e_wait "standard onboarding code either"
e2e_wait_re "byte [0-9]+"
e2e_keys Enter
e2e_wait_gone "standard onboarding code either"
e2e_wait "WIFI:S:Home;T:WPA;P:•••••"   # kept, its password masked
e2e_absent "P:short"
e2e_keys C-u
e2e_ok "an undecodable code says where it is wrong, text kept, its password masked"

# A photo of a demo label (a PNG that doorstep draws).
"$DOORSTEP_BIN" qr encode --png "$E2E_TMP/label.png" "DSDEMO:1:CAM:IC400-5E81A3:60" >/dev/null 2>&1 \
  || e2e_fail "qr encode --png failed"
e2e_keys Tab Tab Tab Tab Tab Tab   # code, Add, Search nearby, Continue, Add by address, name: the photo
e2e_wait_re "▸.*photo of the label"
e2e_wait "Read the photo and add"
e2e_type "$E2E_TMP/nothing-here.png"
e2e_keys Enter
e2e_wait "Check the path"
e2e_keys C-u
e2e_type "$E2E_TMP/label.png"
e2e_keys Enter
e2e_wait "Added Living room camera" 30
e2e_wait "This site: 1 device"
e2e_ok "a photo of a label adds the device"

# A picture without a code says what to do.
python3 - "$E2E_TMP/blank.png" <<'PY'
import struct, sys, zlib
w = h = 64
raw = b"".join(b"\x00" + b"\xff" * w for _ in range(h))
def chunk(t, d):
    return struct.pack(">I", len(d)) + t + d + struct.pack(">I", zlib.crc32(t + d) & 0xffffffff)
png = b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", w, h, 8, 0, 0, 0, 0)) \
    + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b"")
open(sys.argv[1], "wb").write(png)
PY
e2e_type "$E2E_TMP/blank.png"
e2e_keys Enter
e2e_wait "No QR code was found"
e2e_keys C-u
e2e_ok "a picture without a code says what to do"

if ! ls /dev/video* >/dev/null 2>&1; then
  e2e_absent "with the camera"
  e2e_ok "no camera option without a video device"
fi

# While the screen is doorstep's, what libraries print on stderr goes to the log.
pid=$(e2e_pid)
[ "$(readlink "/proc/$pid/fd/2")" = "$XDG_STATE_HOME/doorstep/doorstep.log" ] \
  || e2e_fail "stderr is $(readlink "/proc/$pid/fd/2"), not the log file, while the wizard runs"
e2e_ok "stderr goes to the log file while the wizard has the screen"

# ---- the hand-over code on the Summary step ----
PW_PANEL="orchid tractor velvet lamp"
PW_CAM="kettle harbour mosaic"
WIFI_KEY="sunflower meadow 1987"
export PW_PANEL PW_CAM
cat >"$E2E_TMP/plan.json" <<PLAN
{ "site": "QR house",
  "devices": [
    { "qr": "DSDEMO:1:PNL:DP100-7F3A21:49", "name": "Panel", "password_env": "PW_PANEL" },
    { "qr": "DSDEMO:1:CAM:IC400-5E81A3:60", "name": "Hall camera", "password_env": "PW_CAM" } ],
  "cellular": { "primary": "26201", "backup": "26202" },
  "diagnostics": false }
PLAN
prepare "$E2E_TMP/plan.json"
e2e_start 110x50 -- --demo --site "QR house"
e2e_wait "Network diagnostics"
e2e_keys 6
e2e_wait "Summary of QR house"
e2e_wait "Hand-over code"
e2e_keys h
e2e_wait "scan this with the phone's camera" 30
e2e_wait "████"
tmux -L "$E2E_SOCK" capture-pane -p -t main | sed -e 's/^[^│]*│//' > "$E2E_TMP/handover.txt"
python3 "$to_png" "$E2E_TMP/handover.txt" "$E2E_TMP/handover.png" || e2e_fail "no hand-over code on screen"
got=$(zbarimg -q --nodbus --raw "$E2E_TMP/handover.png" 2>/dev/null) || e2e_fail "zbarimg read no hand-over code from the capture"
[[ "$got" == "https://app.demo-alarm.example/claim?panel=DP100-7F3A21&code="* ]] \
  || e2e_fail "the hand-over code reads back as \"$got\""
e2e_ok "the hand-over code is drawn and reads back through tmux and zbar"
tmux -L "$E2E_SOCK" capture-pane -e -p -t main | sed -e 's/^[^│]*│//' > "$E2E_TMP/handover-colours.txt"
for theme in dark light; do
  python3 "$here/../support/qr_capture_colors_to_png.py" "$E2E_TMP/handover-colours.txt" "$E2E_TMP/handover-$theme.png" \
    "$theme" || e2e_fail "no hand-over code in the colour capture"
  zbarimg -q --nodbus --raw "$E2E_TMP/handover-$theme.png" >/dev/null 2>&1 \
    || e2e_fail "the hand-over code does not read on a $theme terminal theme"
done
e2e_ok "the hand-over code reads on a dark and on a light terminal theme"

# Too small a window for the code: say so and offer the export, never a broken code.
e2e_resize 80 24
e2e_wait "too small to show the QR code"
e2e_wait "x writes the code to a PNG file"
e2e_absent "████"
e2e_resize 110 50
e2e_wait_gone "too small to show the QR code"
e2e_wait "████"
e2e_ok "in a too-small window the hand-over code gives way to a message and the export"
e2e_keys x
e2e_wait "Written to"
[ -s "$XDG_STATE_HOME/doorstep/reports/handover-DP100-7F3A21.png" ] || e2e_fail "no exported hand-over PNG"
got=$(zbarimg -q --nodbus --raw "$XDG_STATE_HOME/doorstep/reports/handover-DP100-7F3A21.png" 2>/dev/null) \
  || e2e_fail "zbarimg read no code from the exported PNG"
[[ "$got" == "https://app.demo-alarm.example/claim?panel=DP100-7F3A21&code="* ]] || e2e_fail "exported PNG reads \"$got\""
e2e_keys Escape
e2e_wait_gone "scan this with the phone's camera"
e2e_wait "Summary of QR house"
e2e_ok "x exports the hand-over code to a PNG under reports/, Esc closes it"

# ---- the Wi-Fi join code in the Wi-Fi panel ----
e2e_keys 2
e2e_wait "This site: 2 devices"
e2e_keys Tab Tab
e2e_wait_re "▸ Panel"
e2e_keys Down
e2e_wait_re "▸ Hall camera"
e2e_keys w
e2e_wait "Wi-Fi for Hall camera"
e2e_wait "Mueller-Home" 20
e2e_wait "Join code (QR)"
e2e_keys Enter
e2e_type "$WIFI_KEY"
e2e_keys Tab Tab
e2e_wait_re "▸\[ Show join code \(QR\) \]"
e2e_keys Enter
e2e_wait "Wi-Fi join code"
e2e_wait "████"
e2e_absent "$WIFI_KEY"
tmux -L "$E2E_SOCK" capture-pane -p -t main | sed -e 's/^[^│]*│//' > "$E2E_TMP/wifi.txt"
python3 "$to_png" "$E2E_TMP/wifi.txt" "$E2E_TMP/wifi.png" || e2e_fail "no join code on screen"
got=$(zbarimg -q --nodbus --raw "$E2E_TMP/wifi.png" 2>/dev/null) || e2e_fail "zbarimg read no join code"
[ "$got" = "WIFI:T:WPA;S:Mueller-Home;P:$WIFI_KEY;;" ] || e2e_fail "the join code reads back as \"$got\""
rm -f "$E2E_TMP/wifi.txt" "$E2E_TMP/wifi.png"
e2e_keys x
e2e_absent "Written to"
e2e_keys Escape
e2e_wait_gone "Wi-Fi join code"
e2e_wait "Wi-Fi for Hall camera"
e2e_ok "the Wi-Fi panel shows the network's join code, which reads back"
if grep -rqF "$WIFI_KEY" "$XDG_STATE_HOME" "$XDG_CONFIG_HOME" "$HOME" 2>/dev/null; then
  e2e_fail "the Wi-Fi key was written to a file"
fi
e2e_ok "the Wi-Fi key is in no file doorstep wrote"

e2e_done
