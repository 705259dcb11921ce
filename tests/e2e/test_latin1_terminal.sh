#!/usr/bin/env bash
# A terminal in ISO-8859-1 (Latin-1), not UTF-8: the wizard in Spanish and
# German shows its translations in that charset (ñ, ü, ß as single bytes, no
# mojibake), draws boxes, marks and the strength meter in ASCII, takes
# typed Latin-1 (a site name, a password) as the text it means, and shows
# the hand-over and Wi-Fi join codes in the ASCII fallback, which read back.
# The command line in that locale prints Latin-1 too, lines up its tables by
# characters, reads a Latin-1 password, and keeps --json in UTF-8.
#
# tmux reads every pane as UTF-8, so doorstep runs on a pseudo-terminal of
# its own (tests/support/latin1_pty.py) that passes Latin-1 on as UTF-8 and
# logs the raw bytes: the log is what a real Latin-1 terminal would get.
source "$(dirname "$0")/lib.sh"

here=$(cd "$(dirname "$0")" && pwd)
support="$here/../support"
command -v zbarimg >/dev/null || e2e_fail "zbarimg is missing (package zbar-tools)"
for l in es_ES.iso88591 de_DE.iso88591; do
  locale -a 2>/dev/null | grep -qx "$l" || e2e_fail "the locale $l is not installed (scripts/setup.sh installs it)"
done

real_bin=$DOORSTEP_BIN
RAW="$E2E_TMP/raw.log"
DOORSTEP_BIN="$E2E_TMP/doorstep-latin1"
printf '#!/bin/sh\nexec python3 "%s/latin1_pty.py" "%s" "%s" "$@"\n' "$support" "$RAW" "$real_bin" > "$DOORSTEP_BIN"
chmod +x "$DOORSTEP_BIN"

# latin1 TEXT: TEXT (UTF-8 in this script) as ISO-8859-1 bytes, for grep.
latin1() { printf '%s' "$1" | iconv -f UTF-8 -t ISO-8859-1; }

# has_bytes FILE TEXT: true if FILE holds TEXT in ISO-8859-1.
has_bytes() { LC_ALL=C grep -qF -- "$(latin1 "$2")" "$1"; }

# no_utf8 FILE WHAT: fails if FILE holds UTF-8: an encoded Latin-1 letter
# (Ã followed by a continuation byte, as in "contraseÃ±a"), a box-drawing,
# block, arrow, ellipsis or check-mark character (E2 8x-9x ..), or U+FFFD.
no_utf8() {
  local hit
  hit=$(LC_ALL=C grep -caP '\xc3[\x80-\xbf]|\xe2[\x80-\x9f][\x80-\xbf]|\xef\xbf\xbd' "$1" || true)
  [ "$hit" = 0 ] || e2e_fail "$2: $hit line(s) hold UTF-8 bytes, which a Latin-1 terminal shows as mojibake"
}

# quit_wizard YES: q, then the translated Yes; waits for doorstep to end.
quit_wizard() {
  e2e_keys q
  e2e_wait_re "$2"
  e2e_keys "$1"
  [ "$(e2e_wait_exit)" = 0 ] || e2e_fail "doorstep did not end with status 0"
}

# ---- the wizard in Spanish ----
E2E_LANG=es_ES.ISO-8859-1
e2e_start 100x30 -- --demo
e2e_wait "Bienvenido a doorstep"
e2e_wait "Contraseñas"
e2e_wait "Diagnóstico"
e2e_wait "Nueva instalación"
e2e_absent "Welcome to doorstep"
e2e_wait_re "^ doorstep +[|] Bienvenido"
e2e_ok "the Welcome step in Spanish, drawn in ASCII"

# A site name typed in Latin-1 is the name it means.
e2e_keys C-u
e2e_type "Casa Muñoz"
e2e_keys Enter
e2e_wait "Añada cada dispositivo"
e2e_wait " Casa Muñoz "
e2e_type "DSDEMO:1:PNL:DP100-7F3A21:49"
e2e_keys Enter
e2e_wait "Esta instalación: 1 dispositivo"
e2e_wait "clave de fábrica"
e2e_ok "a typed Latin-1 site name and a device added"

# The password step: the meter in ASCII, a typed Latin-1 password in clear (F3).
e2e_keys F10
e2e_wait "Contraseña nueva"
e2e_type "cigüeña mañana pingüino"
e2e_keys F3
e2e_wait "cigüeña mañana pingüino"
e2e_wait_re "Robustez #+"
e2e_ok "the strength meter in ASCII, and a Latin-1 password shown as typed"
e2e_keys Tab Tab
e2e_wait ">[ Cambiar contraseña ]"
quit_wizard s "¿Salir de doorstep\?"
[ -f "$XDG_STATE_HOME/doorstep/sites/Casa Muñoz.json" ] || e2e_fail "the site file is not named in UTF-8: $(ls "$XDG_STATE_HOME/doorstep/sites")"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1], encoding="utf-8")); assert d["name"] == "Casa Muñoz", d["name"]' \
  "$XDG_STATE_HOME/doorstep/sites/Casa Muñoz.json" || e2e_fail "the site name is not stored as UTF-8"
e2e_ok "the site is stored in UTF-8 whatever the terminal's charset"

for w in "Bienvenido a doorstep" "Contraseñas" "Diagnóstico" "Casa Muñoz" "Añada" "cigüeña"; do
  has_bytes "$RAW" "$w" || e2e_fail "the terminal was not sent \"$w\" in Latin-1"
done
no_utf8 "$RAW" "the Spanish wizard"
e2e_ok "the terminal got Latin-1 and no UTF-8 (no mojibake)"

# ---- the command line in Spanish ----
PW_PANEL="orchid tractor velvet lamp"
PW_CAM="kettle harbour mosaic"
export PW_PANEL PW_CAM
cat >"$E2E_TMP/plan.json" <<PLAN
{ "site": "Casa Muñoz",
  "devices": [
    { "qr": "DSDEMO:1:PNL:DP100-7F3A21:49", "name": "Centralita", "password_env": "PW_PANEL" },
    { "qr": "DSDEMO:1:CAM:IC400-5E81A3:60", "name": "Cámara del salón", "password_env": "PW_CAM" } ],
  "cellular": { "primary": "26201", "backup": "26202" },
  "diagnostics": false }
PLAN
LC_ALL=es_ES.ISO-8859-1 "$real_bin" run --demo "$E2E_TMP/plan.json" >"$E2E_TMP/run.out" 2>"$E2E_TMP/run.err" || true
has_bytes "$E2E_TMP/run.err" "Contraseña cambiada y verificada en Cámara del salón" \
  || e2e_fail "doorstep run: no Latin-1 result line: $(iconv -f ISO-8859-1 -t UTF-8 "$E2E_TMP/run.err")"
has_bytes "$E2E_TMP/run.err" "  ... Comprobando la contraseña" || e2e_fail "doorstep run: no progress lines with an ASCII ellipsis"
no_utf8 "$E2E_TMP/run.out" "doorstep run (stdout)"
no_utf8 "$E2E_TMP/run.err" "doorstep run (stderr)"
e2e_ok "doorstep run prints Latin-1: translations, names from the plan, progress"

LC_ALL=es_ES.ISO-8859-1 "$real_bin" report "$(latin1 "Casa Muñoz")" >"$E2E_TMP/report.txt" \
  || e2e_fail "doorstep report does not find the site by its Latin-1 name"
no_utf8 "$E2E_TMP/report.txt" "doorstep report"
iconv -f ISO-8859-1 -t UTF-8 "$E2E_TMP/report.txt" > "$E2E_TMP/report.utf8"
python3 - "$E2E_TMP/report.utf8" <<'PY' || e2e_fail "doorstep report: the device table is not aligned: $(cat "$E2E_TMP/report.utf8")"
import sys
rows = [l for l in open(sys.argv[1], encoding="utf-8") if "doorstep demo" in l]
assert len(rows) == 2, rows
# Name in 20 columns, then the kind: "Cámara del salón" (16 characters, 18 bytes) gets 4 spaces.
cam = [r for r in rows if r.startswith("  Cámara del salón ")]
assert cam and cam[0][2 + 20 + 1:].startswith("Cámara "), rows
PY
e2e_ok "doorstep report finds the site by a Latin-1 name and lines up its table by characters"

LC_ALL=es_ES.ISO-8859-1 "$real_bin" report --json "$(latin1 "Casa Muñoz")" >"$E2E_TMP/report.json" \
  || e2e_fail "doorstep report --json failed"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1], encoding="utf-8")); assert "Casa Muñoz" in json.dumps(d, ensure_ascii=False)' \
  "$E2E_TMP/report.json" || e2e_fail "doorstep report --json is not UTF-8 JSON"
e2e_ok "--json stays UTF-8 in a Latin-1 locale"

# ---- the command line in German ----
latin1 "Grüße aus Köln über Öl und Käse für Jörg" >"$E2E_TMP/pw.txt"
LC_ALL=de_DE.ISO-8859-1 "$real_bin" password check <"$E2E_TMP/pw.txt" >"$E2E_TMP/pw.out" 2>&1 \
  || e2e_fail "password check refused a long Latin-1 password: $(iconv -f ISO-8859-1 -t UTF-8 "$E2E_TMP/pw.out")"
has_bytes "$E2E_TMP/pw.out" "Akzeptiert: Stärke" || e2e_fail "password check: not German Latin-1: $(iconv -f ISO-8859-1 -t UTF-8 "$E2E_TMP/pw.out")"
no_utf8 "$E2E_TMP/pw.out" "password check"
latin1 "Müller" | LC_ALL=de_DE.ISO-8859-1 "$real_bin" password check >"$E2E_TMP/pw.out" 2>&1 && e2e_fail "a short password was accepted"
has_bytes "$E2E_TMP/pw.out" "Abgelehnt: Stärke" || e2e_fail "password check: no German refusal: $(iconv -f ISO-8859-1 -t UTF-8 "$E2E_TMP/pw.out")"
no_utf8 "$E2E_TMP/pw.out" "password check (refused)"
latin1 "grüner Müller Baum Haus Wald" |
  LC_ALL=de_DE.ISO-8859-1 "$real_bin" password check --context "$(latin1 "Müller")" >"$E2E_TMP/pw.out" 2>&1 \
  && e2e_fail "a password holding its Latin-1 context word was accepted"
has_bytes "$E2E_TMP/pw.out" "Es enthält ein Wort, das mit diesem Gerät oder Objekt zusammenhängt." \
  || e2e_fail "password check: the Latin-1 context word was not found: $(iconv -f ISO-8859-1 -t UTF-8 "$E2E_TMP/pw.out")"
LC_ALL=de_DE.ISO-8859-1 "$real_bin" password check --json <"$E2E_TMP/pw.txt" >"$E2E_TMP/pw.json" || e2e_fail "password check --json refused it"
python3 -c 'import json, sys; d = json.load(open(sys.argv[1], encoding="utf-8")); assert d["accepted"] is True' "$E2E_TMP/pw.json" \
  || e2e_fail "password check --json is not UTF-8 JSON"
e2e_ok "password check reads a Latin-1 password as the text it is and answers in Latin-1"

LC_ALL=de_DE.ISO-8859-1 "$real_bin" qr encode "MT:Y.K9042C00KA0648G00" >"$E2E_TMP/qr.txt" 2>/dev/null \
  || e2e_fail "qr encode failed (the terminal is not a tty here, so it has no size limit)"
no_utf8 "$E2E_TMP/qr.txt" "qr encode"
python3 "$support/qr_capture_to_png.py" "$E2E_TMP/qr.txt" "$E2E_TMP/qr.png" --ascii || e2e_fail "qr encode drew no ASCII code"
[ "$(zbarimg -q --nodbus --raw "$E2E_TMP/qr.png" 2>/dev/null)" = "MT:Y.K9042C00KA0648G00" ] || e2e_fail "the ASCII code does not read back"
e2e_ok "qr encode draws the ASCII fallback in a Latin-1 locale, and it reads back"

# ---- the wizard in German: the hand-over and Wi-Fi join codes in ASCII ----
# capture_code NAME: the code on screen (reverse-video cells) as a PNG; echoes what zbar reads.
capture_code() {
  tmux -L "$E2E_SOCK" capture-pane -e -N -p -t main | python3 "$support/capture_reverse.py" |
    sed -e 's/^[^|]*|//' > "$E2E_TMP/$1.txt"
  python3 "$support/qr_capture_to_png.py" "$E2E_TMP/$1.txt" "$E2E_TMP/$1.png" --ascii || e2e_fail "$1: no code on screen"
  zbarimg -q --nodbus --raw "$E2E_TMP/$1.png" 2>/dev/null || e2e_fail "$1: zbarimg read no code from the capture"
  rm -f "$E2E_TMP/$1.txt" "$E2E_TMP/$1.png"
}

: >"$RAW"
# The demo devices kept the passwords the Spanish plan gave them.
PW_PANEL2="meadow lantern copper fig"
PW_CAM2="harbour violin pepper"
export PW_PANEL2 PW_CAM2
cat >"$E2E_TMP/plan-de.json" <<PLAN
{ "site": "Haus Jung",
  "devices": [
    { "qr": "DSDEMO:1:PNL:DP100-7F3A21:49", "name": "Centralita",
      "current_password_env": "PW_PANEL", "password_env": "PW_PANEL2" },
    { "qr": "DSDEMO:1:CAM:IC400-5E81A3:60", "name": "Cámara del salón",
      "current_password_env": "PW_CAM", "password_env": "PW_CAM2" } ],
  "cellular": { "primary": "26201", "backup": "26202" },
  "diagnostics": false }
PLAN
LC_ALL=de_DE.ISO-8859-1 "$real_bin" run --demo "$E2E_TMP/plan-de.json" >/dev/null 2>&1 || true
E2E_LANG=de_DE.ISO-8859-1
e2e_start 150x70 -- --demo --site "Haus Jung"
e2e_wait "Netzwerkdiagnose"
e2e_keys 6
e2e_wait "Übersicht für Haus Jung"
e2e_wait "Übergabecode"
e2e_keys h
e2e_wait "Für den Hausbesitzer" 30
got=$(capture_code handover)
[[ "$got" == "https://app.demo-alarm.example/claim?panel=DP100-7F3A21&code="* ]] || e2e_fail "the hand-over code reads back as \"$got\""
e2e_ok "the hand-over code in ASCII (reverse-video cells) reads back"
e2e_keys Escape
e2e_wait_gone "Für den Hausbesitzer"

WIFI_KEY="Sonnenblume Wiese 1987"
e2e_keys 2
e2e_wait "Dieses Objekt: 2 Geräte"
e2e_keys Tab Tab
e2e_wait_re "> Centralita"
e2e_keys Down
e2e_wait_re "> Cámara del salón"
e2e_keys w
e2e_wait "WLAN für Cámara del salón"
e2e_wait "Mueller-Home" 20
e2e_keys Enter
e2e_type "$WIFI_KEY"
e2e_keys Tab Tab
e2e_wait_re ">\[ Zugangscode zeigen \(QR\) \]"
e2e_keys Enter
e2e_wait "Code für \"Mueller-Home\""
got=$(capture_code wifi)
[ "$got" = "WIFI:T:WPA;S:Mueller-Home;P:$WIFI_KEY;;" ] || e2e_fail "the join code reads back as \"$got\""
e2e_ok "the Wi-Fi join code in ASCII reads back; German quotes fall back to ASCII"
e2e_keys Escape
e2e_wait_gone "Code für"
e2e_keys Escape
quit_wizard j "doorstep beenden\?"

for w in "Passwörter" "Übersicht für Haus Jung" "Cámara del salón" "Für den Hausbesitzer"; do
  has_bytes "$RAW" "$w" || e2e_fail "the terminal was not sent \"$w\" in Latin-1"
done
no_utf8 "$RAW" "the German wizard"
e2e_ok "the German wizard sent Latin-1 and no UTF-8"

e2e_done
