#!/usr/bin/env bash
# `doorstep qr encode TEXT` draws a code a phone can read: the drawing is
# captured from tmux, turned back into a picture and read with zbarimg, in
# half blocks (UTF-8) and in the ASCII fallback; a window too small for the
# code gets a message and exit status 1 instead of a broken code.
source "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
to_png="$here/../support/qr_capture_to_png.py"
to_png_colours="$here/../support/qr_capture_colors_to_png.py"
command -v zbarimg >/dev/null || e2e_fail "zbarimg is missing (package zbar-tools)"

# tmux_arg TEXT: TEXT as tmux passes it on unchanged (tmux reads a ';' that
# ends an argument as a command separator unless it is escaped).
tmux_arg() {
  local text=$1
  if [ "${text%;}" != "$text" ]; then text="${text%;}\\;"; fi
  printf '%s' "$text"
}

# tmux loses the exit status of a program that ends at once (the pane is
# dead before its status is recorded), so a wrapper writes it to a file.
real_bin=$DOORSTEP_BIN
DOORSTEP_BIN="$E2E_TMP/doorstep-status"
printf '#!/bin/sh\nrm -f "%s/status"\n"%s" "$@"\necho $? > "%s/status.tmp" && mv "%s/status.tmp" "%s/status"\n' \
  "$E2E_TMP" "$real_bin" "$E2E_TMP" "$E2E_TMP" "$E2E_TMP" > "$DOORSTEP_BIN"
chmod +x "$DOORSTEP_BIN"

# exit_status: waits for the program started last to end; echoes its exit status.
exit_status() {
  local start=$SECONDS
  until [ -f "$E2E_TMP/status" ] && e2e_exited; do
    [ $((SECONDS - start)) -lt "$E2E_TIMEOUT" ] || e2e_fail "doorstep did not exit within ${E2E_TIMEOUT}s"
    sleep 0.05
  done
  cat "$E2E_TMP/status"
}

# qr_roundtrip NAME SIZE TEXT [--ascii]: draws TEXT, captures, decodes, compares.
qr_roundtrip() {
  local name=$1 size=$2 text=$3 mode=${4:-} st
  e2e_start "$size" -- qr encode "$(tmux_arg "$text")"
  st=$(exit_status)
  [ "$st" = 0 ] || e2e_fail "$name: qr encode exited with status $st, not 0"
  tmux -L "$E2E_SOCK" capture-pane -p -t main > "$E2E_TMP/$name.txt"
  python3 "$to_png" "$E2E_TMP/$name.txt" "$E2E_TMP/$name.png" $mode \
    || e2e_fail "$name: no code on screen"
  local got
  got=$(zbarimg -q --nodbus --raw "$E2E_TMP/$name.png" 2>/dev/null) \
    || e2e_fail "$name: zbarimg read no code from the captured drawing"
  [ "$got" = "$text" ] || e2e_fail "$name: read back \"$got\", expected \"$text\""
}

qr_roundtrip matter 100x40 'MT:Y.K9042C00KA0648G00'
e2e_ok "a Matter code drawn in half blocks reads back through tmux and zbar"

# Dark and light terminal themes: the code brings its own colours, so it
# reads the same whatever the terminal's default colours are. The same
# drawing without its colours reads on a dark theme only (inverted on a
# light one), which shows that this check can fail.
e2e_start 100x40 -- qr encode 'MT:Y.K9042C00KA0648G00'
[ "$(exit_status)" = 0 ] || e2e_fail "themes: qr encode failed"
tmux -L "$E2E_SOCK" capture-pane -e -p -t main > "$E2E_TMP/colours.txt"
sed 's/\x1b\[[0-9;]*m//g' "$E2E_TMP/colours.txt" > "$E2E_TMP/no-colours.txt"
for theme in dark light; do
  python3 "$to_png_colours" "$E2E_TMP/colours.txt" "$E2E_TMP/$theme.png" "$theme" || e2e_fail "themes: no code on screen"
  got=$(zbarimg -q --nodbus --raw "$E2E_TMP/$theme.png" 2>/dev/null) || e2e_fail "themes: no code read on a $theme theme"
  [ "$got" = 'MT:Y.K9042C00KA0648G00' ] || e2e_fail "themes: read \"$got\" on a $theme theme"
done
python3 "$to_png_colours" "$E2E_TMP/no-colours.txt" "$E2E_TMP/plain-light.png" light || e2e_fail "themes: no code"
if zbarimg -q --nodbus --raw "$E2E_TMP/plain-light.png" >/dev/null 2>&1; then
  e2e_fail "themes: a drawing in the terminal's default colours read on a light theme, so the check proves nothing"
fi
e2e_ok "the code reads on a dark and on a light terminal theme (its colours are its own)"

qr_roundtrip wifi 100x45 'WIFI:T:WPA;S:Caf\;e Ost;P:orchid tractor velvet;;'
e2e_ok "a Wi-Fi join code with escapes reads back"

# A version-10 code (57 modules, 192 bytes at ECC M) fits a 70x40 window in half blocks.
long_text="https://example.com/claim?device=DP100-7F3A21&token=$(printf 'a%.0s' $(seq 1 140))"
qr_roundtrip version10 70x40 "$long_text"
e2e_ok "a version-10 code reads back"

E2E_LANG=C qr_roundtrip ascii 120x60 'MT:Y.K9042C00KA0648G00' --ascii
e2e_ok "the ASCII fallback (non-UTF-8 locale) reads back"

# Too small: a message and exit status 1, and no half-drawn code. The code
# needs 29x16 cells; the message wraps, so wrapped lines are joined.
e2e_start 60x14 -- qr encode 'MT:Y.K9042C00KA0648G00'
[ "$(exit_status)" = 1 ] || e2e_fail "too small: exit status is not 1"
joined=$(tmux -L "$E2E_SOCK" capture-pane -p -J -S - -t main | tr -d '\n')
[[ "$joined" == *"too small"* ]] || e2e_fail "too small: no message"
[[ "$joined" == *"--png"* ]] || e2e_fail "too small: the message does not point to --png"
e2e_absent "████"
e2e_ok "a window too small for the code says so and points to --png"

e2e_done
