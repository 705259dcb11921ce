#!/usr/bin/env bash
# LANG=fr_FR.UTF-8 shows the wizard in French: the first screens, a count in
# French plural rules (0 takes the singular), the demo plugin's own messages
# (its text domain), and the command line.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/language_lib.sh"

lang_use fr_FR.UTF-8

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
e2e_wait "Ce site: 0 appareil"
e2e_absent "0 appareils"
e2e_ok "the Devices step in French, with French plural rules (0 appareil)"

lang_plugin_domain "endommagée|caractères de contrôle"
e2e_ok "the demo plugin speaks French in its own text domain"

lang_cli "commande inconnue"
e2e_ok "the command line in French"
e2e_done
