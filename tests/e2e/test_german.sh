#!/usr/bin/env bash
# LANG=de_DE.UTF-8 shows the wizard in German, the demo plugin's own
# messages included (its text domain), and an unknown command says so in
# German too.
source "$(dirname "$0")/lib.sh"

locale -a 2>/dev/null | grep -qx "de_DE.utf8" || e2e_fail "the de_DE.UTF-8 locale is not installed (scripts/setup.sh installs it)"
E2E_LANG=de_DE.UTF-8

e2e_start 100x30 -- --demo
e2e_wait "Willkommen bei doorstep"
e2e_wait "DEMO-SYSTEM"
e2e_wait "Geräte"
e2e_wait "Passwörter"
e2e_wait "Hilfe"
e2e_absent "Welcome to doorstep"
e2e_ok "the Welcome step in German"

e2e_keys Enter
e2e_wait "Code vom Etikett"
e2e_type "DSDEMO:1:PNL:DP100-7F3A21:48"   # a damaged label: the demo plugin's own message
e2e_keys Enter
e2e_wait_re "beschädigt|Prüfzeichen"
e2e_absent "damaged"
e2e_ok "the demo plugin speaks German in its own text domain"

out=$(LANG=de_DE.UTF-8 LC_ALL=de_DE.UTF-8 "$DOORSTEP_BIN" frobnicate 2>&1) && e2e_fail "unknown command accepted"
echo "$out" | grep -q "unbekannt\|Unbekannt" || e2e_fail "not German: $out"
e2e_ok "the command line in German"
e2e_done
