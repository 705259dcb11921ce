#!/usr/bin/env bash
# Only trusted plugins load, in the real binary: --allow-unsigned puts a
# warning banner on every screen of the wizard (and only then), an unsigned
# plugin is refused without it, and `doorstep plugins` says why.
source "$(dirname "$0")/lib.sh"

BANNER="UNSIGNED PLUGINS ALLOWED"

# With --allow-unsigned: the banner on the Welcome step, then on the Devices step.
e2e_start 100x30 -- --demo --allow-unsigned
e2e_wait "Welcome to doorstep"
e2e_wait "$BANNER: plugin development only, never at a customer's site"
e2e_keys Enter
e2e_wait "Label code"
e2e_wait "$BANNER"
e2e_ok "the banner is on the Welcome and Devices steps"

# Over the help overlay, and whole at the smallest size the wizard draws.
e2e_keys F1
e2e_wait "Esc: close"
e2e_wait "$BANNER"
e2e_keys Escape
e2e_wait_gone "Esc: close"
e2e_resize 80 24
e2e_wait "never at a customer's site"
e2e_wait "Label code"
e2e_ok "the banner stays over the help overlay and fits 80x24"

# Without the option: no banner.
e2e_start 100x30 -- --demo
e2e_wait "Welcome to doorstep"
e2e_absent "$BANNER"
e2e_ok "no banner without --allow-unsigned"

# An unsigned plugin on the path: refused, and the wizard says so.
mkdir -p "$E2E_TMP/unsigned"
cp "$DOORSTEP_FIXTURE_DIR/good/fx_good.so" "$E2E_TMP/unsigned/"
e2e_start 100x30 DOORSTEP_PLUGIN_PATH="$E2E_TMP/unsigned" -- --demo
e2e_wait "Welcome to doorstep"
e2e_wait "plugin file was refused"
e2e_absent "$BANNER"
e2e_ok "an unsigned plugin is refused, and the wizard says so"

out=$(DOORSTEP_PLUGIN_PATH="$E2E_TMP/unsigned" "$DOORSTEP_BIN" plugins)
echo "$out" | grep -q "not signed: there is no fx_good.so.minisig" || e2e_fail "no reason: $out"
echo "$out" | grep -q "allow-unsigned" || e2e_fail "the reason does not say what to do: $out"
out=$(DOORSTEP_PLUGIN_PATH="$E2E_TMP/unsigned" "$DOORSTEP_BIN" plugins --allow-unsigned)
echo "$out" | grep -q "$BANNER" || e2e_fail "plugins --allow-unsigned shows no warning: $out"
echo "$out" | grep -q "fx-good" || e2e_fail "the unsigned plugin did not load: $out"
echo "$out" | grep -q "UNSIGNED" || e2e_fail "its trust state is not shown: $out"
e2e_ok "doorstep plugins explains the refusal; --allow-unsigned loads it, marked"

e2e_done
