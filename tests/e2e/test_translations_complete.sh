#!/usr/bin/env bash
# Every language has every message of every template, none fuzzy or
# untranslated, with its language's number of plural forms, and every template
# matches the strings the sources mark (scripts/check_translations.sh).
# Then the same check runs on private copies of the tree, each broken in one
# way, and must fail naming the language and the message: proof that it can.
set -euo pipefail

src=${DOORSTEP_SOURCE_DIR:-$(cd "$(dirname "$0")/../.." && pwd)}
check="$src/scripts/check_translations.sh"
tmp=$(mktemp -d /tmp/doorstep-i18n-test.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
passed=0

ok() { passed=$((passed + 1)); echo "ok - $*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }

# fresh_copy: a private tree with the catalogues and the sources they come from.
tree="$tmp/tree"
fresh_copy() {
  rm -rf "$tree"
  mkdir -p "$tree"
  (cd "$src" && cp -r --parents locales app ui plugins scripts/check_translations.sh "$tree/")
}

# expect_failure WHAT TEXT...: the check on the copy fails and prints every TEXT.
expect_failure() {
  local what=$1 out rc=0 text
  shift
  out=$(bash "$tree/scripts/check_translations.sh" "$tree" 2>&1) || rc=$?
  [ "$rc" -eq 1 ] || fail "$what: the check exited $rc instead of 1. Output:
$out"
  for text in "$@"; do
    grep -qF -- "$text" <<<"$out" || fail "$what: the output does not say: $text
Output:
$out"
  done
  ok "$what is caught"
}

# po_edit FILE AWK-PROGRAM: rewrites a catalogue in place with awk.
po_edit() { awk "$2" "$1" >"$1.new" && mv "$1.new" "$1"; }

out=$(bash "$check" "$src" 2>&1) || fail "the translations are not complete:
$out"
ok "the catalogues in the tree are complete: ${out##*$'\n'}"

fresh_copy
out=$(bash "$tree/scripts/check_translations.sh" "$tree" 2>&1) || fail "an unchanged copy fails:
$out"
ok "an unchanged copy passes"

fresh_copy
msggrep -v -K -F -e "Welcome to doorstep" -o "$tree/locales/fr.po.new" "$tree/locales/fr.po"
mv "$tree/locales/fr.po.new" "$tree/locales/fr.po"
grep -q 'msgid "Welcome to doorstep"' "$tree/locales/fr.po" && fail "the entry was not removed from the copy"
expect_failure "a message missing from fr.po" \
  'doorstep, language fr: "Welcome to doorstep" is missing from fr.po'

fresh_copy
po_edit "$tree/locales/de.po" '/^msgid "Welcome to doorstep"$/ { print "#, fuzzy" } { print }'
expect_failure "a fuzzy message in de.po" 'doorstep, language de: "Welcome to doorstep" is fuzzy'

fresh_copy
po_edit "$tree/locales/demo/fr.po" \
  'blank { sub(/^msgstr ".*"$/, "msgstr \"\""); blank = 0 } /^msgid "Living room camera"$/ { blank = 1 } { print }'
expect_failure "an untranslated message in the demo plugin's fr.po" \
  'doorstep-demo, language fr: "Living room camera" is untranslated'

fresh_copy
po_edit "$tree/locales/fr.po" \
  '/^msgid "%zu device still has its factory password."$/ { in_entry = 1 }
   in_entry && /^msgstr\[1\]/ { in_entry = 0; skip = 1; next }
   skip && /^"/ { next }
   { skip = 0; print }'
expect_failure "a plural message with one form too few" \
  'doorstep, language fr: "%zu device still has its factory password." / "%zu devices still have their factory password." has 1 plural forms, fr needs 2'

fresh_copy
sed -i 's/^"Plural-Forms: nplurals=2; plural=(n > 1);\\n"$/"Plural-Forms: nplurals=3; plural=(n==1 ? 0 : n==2 ? 1 : 2);\\n"/' \
  "$tree/locales/fr.po"
grep -q 'nplurals=3' "$tree/locales/fr.po" || fail "the Plural-Forms header of the copy was not changed"
expect_failure "a Plural-Forms header with the wrong number of forms" \
  'doorstep, language fr: Plural-Forms says nplurals=3, but fr has 2 plural forms' \
  'doorstep, language fr: "%zu byte" / "%zu bytes" has 2 plural forms, fr needs 3'

fresh_copy
printf '\nstatic const char *const ds_untemplated = N_("A message that no template has yet");\n' \
  >>"$tree/ui/wizard/welcome_screen.c"
printf '\nstatic const char *const demo_untemplated = D_("A demo message that no template has yet");\n' \
  >>"$tree/plugins/demo/demo_plugin.c"
expect_failure "strings in the sources that the templates lack" \
  'doorstep: "A message that no template has yet" is in the sources but not in doorstep.pot' \
  'doorstep-demo: "A demo message that no template has yet" is in the sources but not in doorstep-demo.pot'

fresh_copy
printf '\nmsgid "A message the sources no longer have"\nmsgstr ""\n' >>"$tree/locales/doorstep.pot"
expect_failure "a template message the sources no longer have" \
  'doorstep: "A message the sources no longer have" is in doorstep.pot but no longer in the sources' \
  'doorstep, language de: "A message the sources no longer have" is missing from de.po'

echo "$passed passed, 0 failed"
