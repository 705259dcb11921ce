#!/usr/bin/env bash
# doorstep ble pair against a mocked BlueZ: the demo plugin's BLE siren is
# found by a scan, claimed by the demo plugin (declared claim + match_ble),
# connected, sent "PAIR" by a GATT write, and answers "READY" by a
# notification. Also: the device vanishes mid-operation, a GATT write that
# never answers times out with a clear message, a device no plugin claims.
source "$(cd "$(dirname "$0")" && pwd)/lib.sh"
# pair ADDRESS NAME: runs "ble pair --json", output in $tmp/NAME.json/.err, exit status in $rc.
pair() {
  rc=0
  "$DOORSTEP_BIN" ble pair --json --seconds 5 "$1" >"$tmp/$2.json" 2>"$tmp/$2.err" || rc=$?
}

ble_mock_start
ble_ctl adapter hci0
ble_ctl siren hci0 AA:00:00:00:00:10 notify
ble_ctl siren hci0 AA:00:00:00:00:11 vanish
ble_ctl siren hci0 AA:00:00:00:00:12 silent
ble_ctl siren hci0 AA:00:00:00:00:14 notify-nr
ble_ctl device hci0 AA:00:00:00:00:13 "Someone's speaker" --rssi -50

echo "== a write answered by a notification: paired"
pair AA:00:00:00:00:10 ok
[ $rc -eq 0 ] || fail "exit $rc: $(cat "$tmp/ok.err")"
jcheck "$tmp/ok.json" "d['status'] == 'ok' and d['claimed_by'] == 'demo'"
jcheck "$tmp/ok.json" "d['device']['serial'] == 'DSBLE-AA0000000010' and d['device']['model'] == 'DS-SIREN-BLE'"
grep -q "Asking the siren to pair" "$tmp/ok.err" || fail "no progress: $(cat "$tmp/ok.err")"
grep -q "Waiting for the siren's answer" "$tmp/ok.err" || fail "no wait shown: $(cat "$tmp/ok.err")"

echo "== a siren that takes only writes without response"
pair AA:00:00:00:00:14 nr
[ $rc -eq 0 ] || fail "write without response: exit $rc: $(cat "$tmp/nr.err")"
jcheck "$tmp/nr.json" "d['device']['serial'] == 'DSBLE-AA0000000014'"
grep -q "WriteValue.*'type': 'command'\|WriteValue.*\"type\": \"command\"" "$BLE_MOCK_DIR/mock.log" ||
  fail "no write without response in the mock's log"

echo "== its GATT table: characteristics, properties, 0x2901 descriptions"
rc=0
"$DOORSTEP_BIN" ble gatt --json AA:00:00:00:00:10 >"$tmp/gatt.json" 2>"$tmp/gatt.err" || rc=$?
[ $rc -eq 0 ] || fail "gatt: exit $rc: $(cat "$tmp/gatt.err")"
jcheck "$tmp/gatt.json" "sorted((c['uuid'][:8], c['description'], c['flags']) for c in d['characteristics']) == [('5d0e0002', 'Setup command', ['write', 'write-without-response']), ('5d0e0003', '', ['read', 'notify'])]"
jcheck "$tmp/gatt.json" "all(c['service_uuid'] == '5d0e0001-7e57-4d6f-8d6f-646f6f727374' for c in d['characteristics'])"

echo "== the device vanishes mid-operation"
pair AA:00:00:00:00:11 vanish
[ $rc -eq 1 ] || fail "vanish: exit $rc"
jcheck "$tmp/vanish.json" "d['status'] == 'not-found' and 'went away' in d['error'] and 'scan again' in d['error']"
jcheck "$tmp/vanish.json" "d['device'] is None"

echo "== a GATT write that never answers times out"
start=$(date +%s)
pair AA:00:00:00:00:12 silent
took=$(( $(date +%s) - start ))
[ $rc -eq 1 ] || fail "silent: exit $rc"
jcheck "$tmp/silent.json" "d['status'] == 'timeout' and 'did not answer while writing' in d['error'] and 'waited 3.0 seconds' in d['error']"
# The mock sleeps 8 s in the write: doorstep must not wait for it.
[ "$took" -lt 8 ] || fail "the timeout took ${took}s; the write waits 3 s at most"
# The mock is busy until its sleep ends; start a fresh one for the next case.
ble_mock_stop
ble_mock_start
ble_ctl adapter hci0
ble_ctl device hci0 AA:00:00:00:00:13 "Someone's speaker" --rssi -50

echo "== a device no plugin claims, and one that is not there"
pair AA:00:00:00:00:13 unclaimed
[ $rc -eq 1 ] || fail "unclaimed: exit $rc"
jcheck "$tmp/unclaimed.json" "d['seen'] is True and d['claimed_by'] is None and 'No plugin knows' in d['error']"
rc=0
"$DOORSTEP_BIN" ble pair --json --seconds 1 AA:00:00:00:00:99 >"$tmp/absent.json" 2>"$tmp/absent.err" || rc=$?
[ $rc -eq 1 ] || fail "absent: exit $rc"
jcheck "$tmp/absent.json" "d['seen'] is False and 'was not seen in 1 seconds' in d['error']"

echo "== bad usage"
rc=0
"$DOORSTEP_BIN" ble pair --json 2>"$tmp/usage.err" >/dev/null || rc=$?
[ $rc -eq 2 ] && grep -q "Bluetooth address" "$tmp/usage.err" || fail "no address: exit $rc"
echo "PASS"
