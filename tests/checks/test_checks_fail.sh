#!/usr/bin/env bash
# The layer and banned-call checks can fail: in a copy of the sources with two
# includes that point up (app/base and ui/toolkit to app/core) and a sprintf
# call planted, each exits 1 and names its lines, whatever else the tree
# holds; the banned names in a comment, a string or a longer name pass.
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

copy_sources
base=$(plant app/base/log.c '#include "app/core/site.h"')
toolkit=$(plant ui/toolkit/ui_list.c '#include "app/core/devices.h"')
call=$(plant app/base/log.c 'static void planted(char *b) { sprintf(b, "%d", 1); }')
quiet=$(plant ui/toolkit/ui_list.c 'static const char *planted = "atoi(x)"; /* strcpy(a, b) */ int my_strcat(void);')

run_check bash "$copy/scripts/check_layers.sh" "$copy"
expect "check_layers.sh exits 1" test "$rc" -eq 1
expect "check_layers.sh names $base" said "$base: app/base may not include app/core/site.h"
expect "check_layers.sh names $toolkit" said "$toolkit: ui/toolkit may not include app/core/devices.h"

run_check bash "$copy/scripts/check_banned_calls.sh" "$copy"
expect "check_banned_calls.sh exits 1" test "$rc" -eq 1
expect "check_banned_calls.sh names $call" said "$call: sprintf is banned"
expect "check_banned_calls.sh leaves $quiet alone" unsaid "$quiet:"
finish
