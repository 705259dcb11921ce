#!/usr/bin/env bash
# LANG=de_DE.UTF-8 shows the wizard in German, the demo plugin's own
# messages included (its text domain), and an unknown command says so in
# German too.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/language_lib.sh"

lang_use de_DE.UTF-8

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
lang_plugin_domain "beschädigt|Prüfzeichen"
e2e_ok "the demo plugin speaks German in its own text domain"

lang_cli "unbekannt\|Unbekannt"
e2e_ok "the command line in German"
e2e_done
