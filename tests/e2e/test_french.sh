#!/usr/bin/env bash
# LANG=fr_FR.UTF-8 shows the wizard in French: the first screens, a count in
# French plural rules (0 takes the singular), the demo plugin's own messages
# (its text domain), and the command line.
source "$(dirname "$0")/lib.sh"

locale -a 2>/dev/null | grep -qx "fr_FR.utf8" || e2e_fail "the fr_FR.UTF-8 locale is not installed (scripts/setup.sh installs it)"
E2E_LANG=fr_FR.UTF-8

e2e_start 100x30 -- --demo
e2e_wait "Bienvenue dans doorstep"
e2e_wait "SYSTÈME DÉMO"
e2e_wait "Appareils"
e2e_wait "Mots de passe"
e2e_wait "Nouveau site"
e2e_wait "Aide"
e2e_absent "Welcome to doorstep"
e2e_ok "the Welcome step in French"

e2e_keys Enter
e2e_wait "Code de l'étiquette"
e2e_wait "Ce site : 0 appareil"
e2e_absent "0 appareils"
e2e_ok "the Devices step in French, with French plural rules (0 appareil)"

e2e_type "DSDEMO:1:PNL:DP100-7F3A21:48"   # a damaged label: the demo plugin's own message
e2e_keys Enter
e2e_wait_re "endommagée|caractères de contrôle"
e2e_absent "damaged"
e2e_ok "the demo plugin speaks French in its own text domain"

out=$(LANG=fr_FR.UTF-8 LC_ALL=fr_FR.UTF-8 "$DOORSTEP_BIN" frobnicate 2>&1) && e2e_fail "unknown command accepted"
echo "$out" | grep -q "commande inconnue" || e2e_fail "not French: $out"
e2e_ok "the command line in French"
e2e_done
