#!/usr/bin/env bash
# Checks the translation catalogues of every text domain in locales/CMakeLists.txt:
#   - each template (.pot) holds exactly the messages the sources mark today
#     (xgettext is run again with the same keywords and compared by message);
#   - each <lang>.po beside it has every message of the template, none fuzzy,
#     none untranslated, none that the template no longer has;
#   - its Plural-Forms header has the number of forms gettext knows for the
#     language, and every plural message has exactly that many msgstr[n];
#   - msgfmt --check accepts it (format specifiers, header).
# Usage: scripts/check_translations.sh [SOURCE_DIR]   (default: this checkout)
# Prints one line per problem, naming the language and the message, and exits
# 1 when there is any; 0 when every catalogue is complete.
set -euo pipefail
export LC_ALL=C   # one collation for sort and comm

root=$(cd "${1:-$(dirname "${BASH_SOURCE[0]}")/..}" && pwd)
cmakelists="$root/locales/CMakeLists.txt"
[ -f "$cmakelists" ] || { echo "no $cmakelists" >&2; exit 2; }
for tool in xgettext msgfmt msginit msgcat; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (package gettext)" >&2; exit 2; }
done
tmp=$(mktemp -d /tmp/doorstep-i18n.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
problems=0

problem() { echo "$*"; problems=$((problems + 1)); }

# po_entries FILE: one line per live message (obsolete ones are left out):
#   key RS flags RS number-of-msgstr RS number-of-empty-msgstr   (RS = \036)
# where key is msgctxt, msgid and msgid_plural as written in the file (escapes
# kept), joined by a unit separator. The header (empty msgid) is left out.
po_entries() {
  msgcat --no-wrap --no-location "$1" | awk '
    function flush() {
      if (have && id != "") printf "%s\037%s\037%s\036%s\036%d\036%d\n", ctxt, id, plural, flags, nstr, nempty
      have = 0; ctxt = ""; id = ""; plural = ""; flags = ""; nstr = 0; nempty = 0; field = ""
    }
    function str(s) { sub(/^[^"]*"/, "", s); sub(/"[ \t]*$/, "", s); return s }
    /^#,/ { if (have && field != "") flush(); flags = flags substr($0, 3); next }
    /^#/ || /^[ \t]*$/ { next }
    /^msgctxt / { if (field != "" && field != "ctxt") flush(); have = 1; field = "ctxt"; ctxt = str($0); next }
    /^msgid_plural / { field = "plural"; plural = str($0); next }
    /^msgid / { if (field != "" && field != "ctxt") flush(); have = 1; field = "id"; id = str($0); next }
    /^msgstr/ {
      field = "str"; s = str($0); nstr++; cur = s
      if (s == "") pending_empty = 1; else pending_empty = 0
      nempty += pending_empty; next
    }
    /^"/ {
      s = str($0)
      if (field == "ctxt") ctxt = ctxt s
      else if (field == "id") id = id s
      else if (field == "plural") plural = plural s
      else if (field == "str" && s != "" && pending_empty) { nempty--; pending_empty = 0 }
      next
    }
    END { flush() }'
}

# shown KEY: a message key as a person reads it (the msgid, and the plural).
shown() {
  local ctxt id plural
  IFS=$'\037' read -r ctxt id plural <<<"$1"
  printf '"%s"' "$id"
  [ -z "$plural" ] || printf ' / "%s"' "$plural"
  [ -z "$ctxt" ] || printf ' (context "%s")' "$ctxt"
}

# compare_keys WHERE EXPECTED ACTUAL MISSING EXTRA: a problem for each key of
# the sorted file EXPECTED that ACTUAL lacks (saying MISSING), and for each key
# ACTUAL has beyond EXPECTED (saying EXTRA).
compare_keys() {
  local key
  while IFS= read -r key; do problem "$1: $(shown "$key") $4"; done < <(comm -23 "$2" "$3")
  while IFS= read -r key; do problem "$1: $(shown "$key") $5"; done < <(comm -13 "$2" "$3")
}

# nplurals_of FILE: the nplurals of a catalogue's Plural-Forms header (empty if none).
nplurals_of() {
  msgcat --no-wrap "$1" 2>/dev/null | sed -n 's/^"Plural-Forms:.*nplurals=\([0-9]*\).*/\1/p' | head -1
}

# expected_nplurals LANG POT: the nplurals gettext's own table gives LANG.
expected_nplurals() {
  local out="$tmp/msginit.$1.po"
  msginit --no-translator --locale="$1" -i "$2" -o "$out" >/dev/null 2>&1 || return 0
  nplurals_of "$out"
}

keywords=()
while read -r kw; do keywords+=("$kw"); done < <(grep -o -- '--keyword=[^ )]*' "$cmakelists" | sort -u)
[ ${#keywords[@]} -gt 0 ] || { echo "no --keyword in $cmakelists" >&2; exit 2; }

# Each line: ds_domain(NAME ${CMAKE_CURRENT_SOURCE_DIR}[/SUB] "GLOB"...), or
# ${CMAKE_SOURCE_DIR}/PATH for a plugin that keeps its catalogues beside it.
domains=0
while read -r line; do
  read -r -a words <<<"$(echo "$line" | sed 's/^ds_domain(//; s/)[[:space:]]*$//; s/"//g')"
  domain=${words[0]}
  case ${words[1]} in
    '${CMAKE_SOURCE_DIR}'*) dir="$root${words[1]#'${CMAKE_SOURCE_DIR}'}" ;;
    *) dir="$root/locales${words[1]#'${CMAKE_CURRENT_SOURCE_DIR}'}" ;;
  esac
  pot="$dir/$domain.pot"
  domains=$((domains + 1))
  [ -f "$pot" ] || { problem "$domain: the template $pot is missing"; continue; }

  # The sources, as CMake's GLOB_RECURSE finds them, sorted like list(SORT).
  sources=()
  for g in "${words[@]:2}"; do
    while IFS= read -r f; do sources+=("${f#"$root"/}"); done \
      < <(find "$root/$(dirname "$g")" -type f -name "$(basename "$g")" 2>/dev/null)
  done
  mapfile -t sources < <(printf '%s\n' "${sources[@]}" | LC_ALL=C sort)
  fresh="$tmp/$domain.pot"
  (cd "$root" && xgettext --from-code=UTF-8 --language=C --add-comments=TRANSLATORS \
    "${keywords[@]}" -o "$fresh" "${sources[@]}") ||
    { problem "$domain: xgettext failed on the sources"; continue; }
  [ -f "$fresh" ] || : >"$fresh"
  po_entries "$pot" | cut -d $'\036' -f1 | sort >"$tmp/$domain.committed"
  po_entries "$fresh" | cut -d $'\036' -f1 | sort >"$tmp/$domain.sources"
  refresh="run cmake --build build --target pot"
  compare_keys "$domain" "$tmp/$domain.sources" "$tmp/$domain.committed" \
    "is in the sources but not in $(basename "$pot"): $refresh" \
    "is in $(basename "$pot") but no longer in the sources: $refresh"

  for po in "$dir"/*.po; do
    [ -f "$po" ] || continue
    lang=$(basename "$po" .po)
    where="$domain, language $lang"
    msgfmt --check -o /dev/null "$po" 2>"$tmp/msgfmt.err" ||
      problem "$where: msgfmt --check refuses $po: $(tr '\n' ' ' <"$tmp/msgfmt.err")"
    n=$(nplurals_of "$po")
    want=$(expected_nplurals "$lang" "$pot")
    if [ -z "$n" ]; then
      problem "$where: the header has no Plural-Forms"
      n=${want:-2}
    elif [ -n "$want" ] && [ "$n" != "$want" ]; then
      problem "$where: Plural-Forms says nplurals=$n, but $lang has $want plural forms"
    fi
    po_entries "$po" | sort >"$tmp/po"
    cut -d $'\036' -f1 "$tmp/po" >"$tmp/po.keys"
    compare_keys "$where" "$tmp/$domain.committed" "$tmp/po.keys" \
      "is missing from $(basename "$po")" "is in $(basename "$po") but not in the template"
    while IFS=$'\036' read -r key flags nstr nempty; do
      case ",$flags," in *[,\ ]fuzzy[,\ ]*) problem "$where: $(shown "$key") is fuzzy" ;; esac
      [ "$nempty" -eq 0 ] || problem "$where: $(shown "$key") is untranslated"
      if [ -n "${key##*$'\037'}" ] && [ "$nstr" -ne "$n" ]; then
        problem "$where: $(shown "$key") has $nstr plural forms, $lang needs $n"
      fi
    done <"$tmp/po"
  done
done < <(grep '^ds_domain(' "$cmakelists")

[ "$domains" -gt 0 ] || { echo "no ds_domain() in $cmakelists" >&2; exit 2; }
if [ "$problems" -gt 0 ]; then
  echo "$problems translation problem(s)"
  exit 1
fi
echo "translations complete: $domains domain(s), every language has every message"
