#!/usr/bin/env bash
# scripts/check_format.sh can fail: in a private git repository holding the
# check, .clang-format and a source file, a line changed into a wrong format
# fails it with the diff that formats the line; a line changed in the right
# format passes, and so do old misformatted lines that no change touched.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
command -v git-clang-format >/dev/null || { echo "git-clang-format is missing (Debian package clang-format); skipped"; exit 77; }

# g ARGS...: git in the private repository, with an author of its own.
g() { git -C "$copy" -c user.name=doorstep-test -c user.email=test@doorstep.invalid -c init.defaultBranch=main "$@"; }

mkdir -p "$copy/scripts" "$copy/app/base"
cp "$src/scripts/check_format.sh" "$copy/scripts/"
cp "$src/app/base/log.c" "$copy/app/base/"
old=$(plant app/base/log.c 'static int planted_old( void ) { return 0 ; }')
g init -q
g add -A && g commit -qm "sources from before .clang-format"
cp "$src/.clang-format" "$copy/"
g add .clang-format && g commit -qm ".clang-format"

line=$'\treturn ds_log_file ? 0 : -1;'
grep -qxF "$line" "$copy/app/base/log.c" || { echo "app/base/log.c no longer has the line this test changes"; exit 1; }
sed -i 's/^\treturn ds_log_file ? 0 : -1;$/\treturn ds_log_file != NULL ? 0 : -1;/' "$copy/app/base/log.c"
run_check bash "$copy/scripts/check_format.sh"
expect "a change in the right format passes" test "$rc" -eq 0
expect "old lines stay as they are ($old)" unsaid "planted_old"

sed -i 's/^\treturn ds_log_file != NULL ? 0 : -1;$/\treturn ds_log_file!=NULL?0:-1;/' "$copy/app/base/log.c"
run_check bash "$copy/scripts/check_format.sh"
expect "a misformatted change fails with exit status 1" test "$rc" -eq 1
expect "the diff formats the changed line" said $'+\treturn ds_log_file != NULL ? 0 : -1;'
expect "old lines stay out of the diff" unsaid "planted_old"
finish
