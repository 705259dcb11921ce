#!/usr/bin/env bash
# `doorstep run PLAN.json` against emulated ESP devices over SoftAP (HTTP on
# 127.0.0.1, found through DOORSTEP_ESPPROV_SOFTAP as a laptop finds
# 192.168.4.1 on the device's own network), proven on the emulator's state:
# 1. security 2 (patch 1) by label: a wrong Wi-Fi key is refused with the
#    reason and the device's attempt is reset; the right key then connects
#    without a power cycle; the report has the network;
# 2. security 2 (patch 0) and security 1 by label, security 0 by "address";
# 3. a wrong proof of possession, a wrong SRP password: "the code on the
#    label does not match", nothing configured;
# 4. a network the device cannot see (5 GHz): "only 2.4 GHz";
# 5. a device that vanishes mid-session, answers garbage, answers far too
#    much, never answers: a message each, in bounded time.
# No secret (PoP, SRP password, Wi-Fi key) in any output, report or log.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
: "${DOORSTEP_BIN:=${DOORSTEP_BUILD_DIR:-$here/../../build}/doorstep}"

emu_start '{"defaults": {"connect_delay": 0.5},
 "devices": [
  {"name": "PROV_SIREN1", "sec_ver": 2, "sec_patch_ver": 1, "username": "wifiprov", "password": "Sr9-label-pw",
   "app": {"my_app": {"model": "siren-2", "fw": "1.4.2"}}},
  {"name": "PROV_OLD2", "sec_ver": 2, "sec_patch_ver": 0, "username": "wifiprov", "password": "Old-label-pw"},
  {"name": "PROV_SEC1", "sec_ver": 1, "pop": "pop-5e1c"},
  {"name": "PROV_NOSEC", "sec_ver": 0},
  {"name": "PROV_VANISH", "sec_ver": 2, "username": "wifiprov", "password": "abcd1234", "failure": {"mode": "vanish", "after": 4}},
  {"name": "PROV_GARBAGE", "sec_ver": 2, "username": "wifiprov", "password": "abcd1234", "failure": {"mode": "garbage", "endpoint": "prov-config"}},
  {"name": "PROV_HUGE", "sec_ver": 2, "username": "wifiprov", "password": "abcd1234", "failure": {"mode": "oversized", "endpoint": "prov-config", "bytes": 1048576}},
  {"name": "PROV_MUTE", "sec_ver": 2, "username": "wifiprov", "password": "abcd1234", "failure": {"mode": "never_answer", "endpoint": "prov-config"}}]}'
export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
mkdir -p "$XDG_STATE_HOME" "$XDG_CONFIG_HOME/doorstep" "$HOME"
export WIFI_KEY='correct horse' BAD_KEY='wrong horse battery'
secrets=("Sr9-label-pw" "Old-label-pw" "pop-5e1c" "$WIFI_KEY" "$BAD_KEY")

source "$here/../support/timed.sh"

# plan NAME FILE DEVICE-JSON [KEYVAR [SSID]]: a plan with one device joining SSID (HomeNet).
plan() {
  cat >"$2" <<EOP
{ "site": "$1", "diagnostics": false, "report": "$tmp/$1.json",
  "devices": [ $3 ] }
EOP
}
label() { # NAME SECRET [USER] [SECURITY]: the label's JSON as a plan string
  /usr/bin/python3 -c 'import json, sys
d = {"ver": "v1", "name": sys.argv[1], "pop": sys.argv[2], "transport": "softap"}
if len(sys.argv) > 3 and sys.argv[3]: d["username"] = sys.argv[3]
if len(sys.argv) > 4: d["security"] = int(sys.argv[4])
print(json.dumps(json.dumps(d)))' "$@"
}
wifi() { echo "\"wifi\": { \"ssid\": \"${2:-HomeNet}\", \"key_env\": \"$1\" }"; }
run_on() { # DEVICE-NAME PLAN OUT ERR [LIMIT]: doorstep run with the device's SoftAP address
  DOORSTEP_ESPPROV_SOFTAP=127.0.0.1:$(emu_port "$1") timed "${5:-60}" "$3" "$4" "$DOORSTEP_BIN" run --timeout 20 "$2"
}

# 1. Wrong key, then the right one without a power cycle.
plan Siren "$tmp/bad.json" "{ \"qr\": $(label PROV_SIREN1 Sr9-label-pw wifiprov), \"name\": \"Siren\", $(wifi BAD_KEY) }"
run_on PROV_SIREN1 "$tmp/bad.json" "$tmp/bad.out" "$tmp/bad.err"
[ "$rc" -ne 0 ] || fail "a wrong Wi-Fi key passed: $(cat "$tmp/bad.err")"
grep -q "the Wi-Fi key was refused. Type the Wi-Fi key again" "$tmp/bad.err" || fail "no reason: $(cat "$tmp/bad.err")"
emu_state PROV_SIREN1 "$tmp/s1.json"
jcheck "$tmp/s1.json" 'd["wifi_state"] != "connected" and d["counters"]["resets"] == 1 and d["counters"]["handshake_ok"] == 1'
echo "ok: a wrong key is refused with the reason, and the device's attempt reset"
plan Siren "$tmp/good.json" "{ \"qr\": $(label PROV_SIREN1 Sr9-label-pw wifiprov), \"name\": \"Siren\", $(wifi WIFI_KEY) }"
run_on PROV_SIREN1 "$tmp/good.json" "$tmp/good.out" "$tmp/good.err"
grep -q 'Siren joined Wi-Fi "HomeNet"' "$tmp/good.err" || fail "the right key did not connect: $(cat "$tmp/good.err")"
grep -q 'Connected to "HomeNet" with the address 192.168.1.77' "$tmp/good.err" || fail "no address: $(cat "$tmp/good.err")"
emu_state PROV_SIREN1 "$tmp/s2.json"
jcheck "$tmp/s2.json" 'd["wifi_state"] == "connected" and d["wifi"]["passphrase_right"] and d["counters"]["sessions"] >= 2'
jcheck "$tmp/Siren.json" '[(x["model"], x["firmware"], x.get("wifi_ssid", x.get("wifi"))) for x in d["devices"]] == [("siren-2", "1.4.2", "HomeNet")]'
echo "ok: the right key then connects in $elapsed_ms ms (no power cycle); the report has model, firmware and network"

# 2. The other security levels.
plan Old "$tmp/old.json" "{ \"qr\": $(label PROV_OLD2 Old-label-pw wifiprov 2), $(wifi WIFI_KEY) }"
run_on PROV_OLD2 "$tmp/old.json" "$tmp/old.out" "$tmp/old.err"
grep -q 'joined Wi-Fi "HomeNet"' "$tmp/old.err" || fail "security 2 patch 0: $(cat "$tmp/old.err")"
plan Sec1 "$tmp/sec1.json" "{ \"qr\": $(label PROV_SEC1 pop-5e1c '' 1), $(wifi WIFI_KEY) }"
run_on PROV_SEC1 "$tmp/sec1.json" "$tmp/sec1.out" "$tmp/sec1.err"
grep -q 'joined Wi-Fi "HomeNet"' "$tmp/sec1.err" || fail "security 1: $(cat "$tmp/sec1.err")"
plan Nosec "$tmp/nosec.json" "{ \"address\": \"127.0.0.1:$(emu_port PROV_NOSEC)\", \"name\": \"Plain\", $(wifi WIFI_KEY) }"
timed 60 "$tmp/nosec.out" "$tmp/nosec.err" "$DOORSTEP_BIN" run --timeout 20 "$tmp/nosec.json"
grep -q 'Plain joined Wi-Fi "HomeNet"' "$tmp/nosec.err" || fail "security 0 by address: $(cat "$tmp/nosec.err")"
for n in PROV_OLD2 PROV_SEC1 PROV_NOSEC; do
  emu_state "$n" "$tmp/st.json"
  jcheck "$tmp/st.json" 'd["wifi_state"] == "connected"'
done
echo "ok: security 2 patch 0 and security 1 by label, security 0 by address: all connected"

# 3. Wrong codes on the label.
emu_control power-cycle PROV_SEC1
plan Pop "$tmp/pop.json" "{ \"qr\": $(label PROV_SEC1 pop-wrong '' 1), $(wifi WIFI_KEY) }"
run_on PROV_SEC1 "$tmp/pop.json" "$tmp/pop.out" "$tmp/pop.err"
[ "$rc" -ne 0 ] && grep -q "The code on the label does not match this device" "$tmp/pop.err" ||
  fail "wrong PoP: $rc $(cat "$tmp/pop.err")"
emu_control power-cycle PROV_OLD2
plan Srp "$tmp/srp.json" "{ \"qr\": $(label PROV_OLD2 wrong-password wifiprov 2), $(wifi WIFI_KEY) }"
run_on PROV_OLD2 "$tmp/srp.json" "$tmp/srp.out" "$tmp/srp.err"
[ "$rc" -ne 0 ] && grep -q "The code on the label does not match this device" "$tmp/srp.err" ||
  fail "wrong SRP password: $rc $(cat "$tmp/srp.err")"
emu_state PROV_SEC1 "$tmp/p.json"
jcheck "$tmp/p.json" 'd["counters"]["pop_mismatch"] >= 1 and d["established"] == [] and d["wifi_state"] == "idle"'
emu_state PROV_OLD2 "$tmp/p.json"
jcheck "$tmp/p.json" 'd["counters"]["srp_proof_mismatch"] >= 1 and d["established"] == [] and d["wifi_state"] == "idle"'
echo "ok: a wrong proof of possession and a wrong SRP password say the label does not match"

# 4. A network the device cannot see.
emu_control power-cycle PROV_SIREN1
plan Five "$tmp/five.json" "{ \"qr\": $(label PROV_SIREN1 Sr9-label-pw wifiprov), $(wifi WIFI_KEY HomeNet-5G) }"
run_on PROV_SIREN1 "$tmp/five.json" "$tmp/five.out" "$tmp/five.err"
[ "$rc" -ne 0 ] && grep -q "It sees only 2.4 GHz networks" "$tmp/five.err" || fail "5 GHz: $rc $(cat "$tmp/five.err")"
echo "ok: a 5 GHz network is named as one the device cannot see"

# 5. Hostile devices: a message each, in bounded time.
for n in PROV_VANISH PROV_GARBAGE PROV_HUGE PROV_MUTE; do
  plan Bad "$tmp/h.json" "{ \"qr\": $(label "$n" abcd1234 wifiprov), $(wifi WIFI_KEY) }"
  run_on "$n" "$tmp/h.json" "$tmp/h.out" "$tmp/h.err" 90
  [ "$rc" -ne 0 ] || fail "$n passed: $(cat "$tmp/h.err")"
  msg=$(grep -E "^doorstep: " "$tmp/h.err" | head -1)
  [ -n "$msg" ] || fail "$n: no message: $(cat "$tmp/h.err")"
  echo "ok: $n ends in $elapsed_ms ms: $msg"
done

# doorstep's outputs, its reports, and everything it keeps (site, log);
# not the plans (the labels as the person wrote them) nor the emulator's files
for f in "$tmp"/*.out "$tmp"/*.err "$tmp"/{Siren,Old,Sec1,Nosec,Pop,Srp,Five,Bad}.json \
  $(find "$XDG_STATE_HOME" "$XDG_CONFIG_HOME" -type f); do
  [ -f "$f" ] || continue
  for s in "${secrets[@]}"; do
    ! grep -qF -- "$s" "$f" || fail "a secret is in $f"
  done
done
echo "ok: no secret (label codes, Wi-Fi keys) in the outputs, the reports, the site or the log"
echo "PASS test_doorstep_run"
