# Helpers shared by the language tests (test_german.sh, test_french.sh): the
# locale a test needs, the demo plugin's messages in its own text domain, and
# the command line. Source it after lib.sh.

# lang_use LOCALE: fails unless LOCALE (e.g. fr_FR.UTF-8) is installed; the
# wizard then starts in it.
lang_use() {
  locale -a 2>/dev/null | grep -qx "${1%.UTF-8}.utf8" ||
    e2e_fail "the $1 locale is not installed (scripts/setup.sh installs it)"
  E2E_LANG=$1
}

# lang_plugin_domain REGEX: on the Devices step, a damaged demo label gets the
# demo plugin's own message, which must match REGEX and not be English.
lang_plugin_domain() {
  e2e_type "DSDEMO:1:PNL:DP100-7F3A21:48"   # the check characters do not match
  e2e_keys Enter
  e2e_wait_re "$1"
  e2e_absent "damaged"
}

# lang_cli PATTERN: an unknown command is refused with a message matching
# PATTERN (grep basic regex).
lang_cli() {
  local out
  out=$(LANG=$E2E_LANG LC_ALL=$E2E_LANG "$DOORSTEP_BIN" frobnicate 2>&1) && e2e_fail "unknown command accepted"
  grep -q -- "$1" <<<"$out" || e2e_fail "not in $E2E_LANG: $out"
}
