#!/usr/bin/env bash
# doorstep ble scan against a mocked BlueZ on a private D-Bus:
#  - three devices are found, listed strongest first, the demo plugin claims one;
#  - a device that changes its signal during the scan is re-sorted, one that
#    goes away is dropped, a Matter and an ESP provisioning device are named;
#  - no adapter, and an adapter that is off, each fail with a clear message.
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"
DEMO_UUID=5d0e0001-7e57-4d6f-8d6f-646f6f727374
MATTER_UUID=0000fff6-0000-1000-8000-00805f9b34fb

echo "== three devices, sorted by signal, one claimed"
ble_mock_start
ble_ctl adapter hci0
ble_ctl device hci0 AA:00:00:00:00:01 "Far sensor" --rssi -88 --mfr 0x0059=0a0b0c
ble_ctl device hci0 AA:00:00:00:00:02 "Demo siren" --rssi -45 --uuid "$DEMO_UUID"
ble_ctl device hci0 AA:00:00:00:00:03 "Hall light" --rssi -61
rc=0
"$DOORSTEP_BIN" ble scan --json --seconds 1 >"$tmp/scan.json" 2>"$tmp/scan.err" || rc=$?
[ $rc -eq 0 ] || fail "exit $rc: $(cat "$tmp/scan.err")"
jcheck "$tmp/scan.json" "[x['address'] for x in d['devices']] == ['AA:00:00:00:00:02', 'AA:00:00:00:00:03', 'AA:00:00:00:00:01']"
jcheck "$tmp/scan.json" "[x['rssi'] for x in d['devices']] == [-45, -61, -88]"
jcheck "$tmp/scan.json" "[x['claimed_by'] for x in d['devices']] == ['demo', None, None]"
jcheck "$tmp/scan.json" "d['devices'][0]['locator'] == 'demo-ble:AA:00:00:00:00:02'"
jcheck "$tmp/scan.json" "d['devices'][2]['manufacturer_data'] == {'company_id': 0x59, 'data': '0a0b0c'}"
jcheck "$tmp/scan.json" "d['adapter'] == 'hci0' and d['status'] == 'ok'"
grep -q "seconds left\|second left" "$tmp/scan.err" || fail "no countdown on stderr: $(cat "$tmp/scan.err")"
# LE discovery with its filter set first (the template needs it), stopped at the end.
grep -E "SetDiscoveryFilter|StartDiscovery|StopDiscovery" "$BLE_MOCK_DIR/mock.log" | awk '{$1=""; print}' >"$tmp/calls"
[ "$(cat "$tmp/calls")" = "$(printf ' SetDiscoveryFilter {"Transport": "le"}\n StartDiscovery\n StopDiscovery')" ] ||
  fail "discovery calls: $(cat "$tmp/calls")"

echo "== live changes: new signal, a device goes, Matter and ESP devices appear"
(
  # Wait until the scan has started discovery, then change the air.
  ble_ctl wait-discovering hci0
  ble_ctl rssi hci0 AA:00:00:00:00:01 -30
  ble_ctl remove hci0 AA:00:00:00:00:03
  ble_ctl device hci0 AA:00:00:00:00:04 "" --rssi -70 --svc "$MATTER_UUID=00000ff1ff018000"
  ble_ctl device hci0 AA:00:00:00:00:05 PROV_7C1A --rssi -75
) &
changer=$!
"$DOORSTEP_BIN" ble scan --json --seconds 3 >"$tmp/live.json" 2>"$tmp/live.err" || fail "live scan: $(cat "$tmp/live.err")"
wait $changer
jcheck "$tmp/live.json" "[x['address'] for x in d['devices']] == ['AA:00:00:00:00:01', 'AA:00:00:00:00:02', 'AA:00:00:00:00:04', 'AA:00:00:00:00:05']"
jcheck "$tmp/live.json" "d['devices'][2]['recognised_as'] == 'matter' and 'FFF1:8001' in d['devices'][2]['description'] and 'discriminator 3840' in d['devices'][2]['description']"
jcheck "$tmp/live.json" "d['devices'][3]['recognised_as'] == 'esp-prov'"
"$DOORSTEP_BIN" ble scan --seconds 1 >"$tmp/text.out" 2>/dev/null || fail "text scan"
head -1 "$tmp/text.out" | grep -q "AA:00:00:00:00:01 .* -30 dBm" || fail "text listing: $(cat "$tmp/text.out")"
ble_mock_stop

echo "== no adapter"
ble_mock_start
rc=0
"$DOORSTEP_BIN" ble scan --json --seconds 1 >"$tmp/none.json" 2>"$tmp/none.err" || rc=$?
[ $rc -eq 1 ] || fail "no adapter: exit $rc, expected 1"
grep -q "No Bluetooth adapter found" "$tmp/none.err" || fail "no adapter message: $(cat "$tmp/none.err")"
jcheck "$tmp/none.json" "d['status'] == 'not-found' and d['devices'] == [] and 'Plug in' in d['error']"
ble_mock_stop

echo "== adapter off"
ble_mock_start
ble_ctl adapter hci0 --off
ble_ctl device hci0 AA:00:00:00:00:02 "Demo siren" --rssi -45 --uuid "$DEMO_UUID"
rc=0
"$DOORSTEP_BIN" ble scan --json --seconds 1 >"$tmp/off.json" 2>"$tmp/off.err" || rc=$?
[ $rc -eq 1 ] || fail "adapter off: exit $rc, expected 1"
grep -q "hci0 is switched off" "$tmp/off.err" || fail "adapter off message: $(cat "$tmp/off.err")"
jcheck "$tmp/off.json" "d['adapter_off'] is True and d['devices'] == []"
[ "$(ble_ctl powered hci0)" = off ] || fail "the CLI must not switch the adapter on by itself"
ble_mock_stop

echo "== bad usage"
rc=0
"$DOORSTEP_BIN" ble scan --seconds 0 2>"$tmp/usage.err" || rc=$?
[ $rc -eq 2 ] && grep -q "seconds" "$tmp/usage.err" || fail "--seconds 0: exit $rc"
"$DOORSTEP_BIN" ble scan --help | grep -q "claims" || fail "--help"
echo "PASS"
