#!/usr/bin/env bash
# scripts/check_layers.sh can fail: in a copy of the sources, an include from
# app/base up to app/core and one from ui/toolkit up to app/core must make it
# exit 1 and name both lines (whatever else the tree holds).
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

copy_sources
base=$(plant app/base/log.c '#include "app/core/site.h"')
toolkit=$(plant ui/toolkit/ui_list.c '#include "app/core/devices.h"')
run_check bash "$copy/scripts/check_layers.sh" "$copy"
expect "exit status 1" test "$rc" -eq 1
expect "names $base" said "$base: app/base may not include app/core/site.h"
expect "names $toolkit" said "$toolkit: ui/toolkit may not include app/core/devices.h"
finish
