#!/usr/bin/env bash
# `doorstep plugin check` on the ONVIF plugin, which stands on the host's
# HTTP and network services: with --locator of an emulated camera every
# device operation is called (accounts and repairs with users and fixes
# that do not exist), and the camera's own accounts are left as they were.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

emu_start '{"defaults": {"manufacturer": "Emulated"},
 "cameras": [
  {"name": "bench", "model": "Check-1",
   "users": [{"user": "admin", "password": "12345", "level": "Administrator"},
             {"user": "guest", "password": "guest", "level": "User"}]}]}'
ds_env
locator="onvif:http://127.0.0.1:$(emu_port bench http_port)/onvif/device_service"
plugin=$(dirname "$DOORSTEP_BIN")/plugins/onvif.so
[ -f "$plugin" ] || fail "no ONVIF plugin at $plugin"
timed 300 "$tmp/check.out" "$tmp/check.err" env DOORSTEP_ONVIF_PROBE="127.0.0.1:$(emu_port bench udp_port)" \
  "$DOORSTEP_BIN" plugin check --locator "$locator" "$plugin"
[ "$rc" -eq 0 ] || fail "plugin check ended with $rc: $(cat "$tmp/check.out" "$tmp/check.err")"
for op in match_address discover open device_info credential_state account account_set_password \
  account_delete check_fix diagnose close; do
  grep -Eq "^ *PASS +$op " "$tmp/check.out" || fail "$op was not exercised: $(grep -E " $op " "$tmp/check.out")"
done
echo "ok: plugin check passed in $elapsed_ms ms with every device operation called"
emu_state bench "$tmp/state.json"
jcheck "$tmp/state.json" 'sorted(a["user"] for a in d["accounts"]) == ["admin", "guest"] and all(a["factory_password"] for a in d["accounts"]) and d["counters"].get("SetUser", 0) == 0 and d["counters"].get("DeleteUsers", 0) == 0'
echo "ok: the camera's accounts were left as they were"
echo "PASS test_plugin_check"
