#!/bin/bash
# The emulated device as a plain HTTP client sees it (curl, not the test's own
# client): proto-ver answers JSON and sets the session cookie once; the
# cookie continues the session on new connections; a sec0 handshake and a
# Wi-Fi status request in that session work; power-cycle and vanish act.
source "$(dirname "$0")/lib.sh"
command -v curl >/dev/null || fail "curl is not installed: run scripts/setup.sh test"

emu_start '{"devices": [{"name": "PROV_CURL", "sec_ver": 0,
  "app": {"vendor": {"model": "keypad-1"}}}]}'
port=$(emu_port PROV_CURL)
url="http://127.0.0.1:$port"

# proto-ver: JSON with the application's fields, and a Set-Cookie: session=<n>
curl -sS -D "$tmp/h1" -o "$tmp/ver.json" --data-binary 'ESP' "$url/proto-ver"
jcheck "$tmp/ver.json" 'd["prov"]["sec_ver"] == 0 and "no_sec" in d["prov"]["cap"] and d["vendor"]["model"] == "keypad-1"'
cookie=$(tr -d '\r' <"$tmp/h1" | sed -n 's/^Set-Cookie: //Ip')
[[ "$cookie" =~ ^session=[0-9]+$ ]] || fail "no session cookie: $(cat "$tmp/h1")"

# SessionData{sec_ver 0 (default, left out), sec0 (field 10: key 0x52){msg
# S0_Session_Command = 0 (left out), sc (field 20: key a2 01){}}} = 52 03 a2 01 00,
# on a new connection with the cookie: same session, no new cookie.
printf '\x52\x03\xa2\x01\x00' >"$tmp/s0"
curl -sS -D "$tmp/h2" -o "$tmp/s0.out" -H "Cookie: $cookie" --data-binary @"$tmp/s0" "$url/prov-session"
! grep -qi '^Set-Cookie' "$tmp/h2" || fail "the session's second answer set a cookie again"
# SessionData{sec0{msg S0_Session_Response = 1 (08 01), sr (field 21: aa 01){status
# Success, left out}}}: 52 05 08 01 aa 01 00
[ "$(od -An -tx1 "$tmp/s0.out" | tr -d ' \n')" = "52050801aa0100" ] || fail "sec0 answer: $(od -An -tx1 "$tmp/s0.out")"

# WiFiConfigPayload{cmd_get_status{}} = 52 00 -> RespGetStatus Disconnected:
# 08 01 5a 02 10 02 (msg TypeRespGetStatus, resp_get_status{sta_state 2})
printf '\x52\x00' >"$tmp/st"
curl -sS -o "$tmp/st.out" -H "Cookie: $cookie" --data-binary @"$tmp/st" "$url/prov-config"
[ "$(od -An -tx1 "$tmp/st.out" | tr -d ' \n')" = "08015a021002" ] || fail "status answer: $(od -An -tx1 "$tmp/st.out")"

emu_state PROV_CURL "$tmp/state.json"
jcheck "$tmp/state.json" 'd["counters"]["sessions"] == 1 and d["counters"]["handshake_ok"] == 1 and d["counters"]["status_polls"] == 1'

# a device that vanishes refuses connections; power-cycled it answers again
emu_control vanish PROV_CURL
! curl -sS -m 3 -o /dev/null --data-binary 'ESP' "$url/proto-ver" 2>/dev/null || fail "a vanished device answered"
emu_control power-cycle PROV_CURL
# after the restart the old cookie names no session: a new one, a new cookie
curl -sS -m 3 -D "$tmp/h3" -o "$tmp/ver2.json" -H "Cookie: $cookie" --data-binary 'ESP' "$url/proto-ver" \
  || fail "the power-cycled device did not answer"
jcheck "$tmp/ver2.json" 'd["prov"]["ver"] == "v1.1"'
cookie2=$(tr -d '\r' <"$tmp/h3" | sed -n 's/^Set-Cookie: //Ip')
[[ "$cookie2" =~ ^session=[0-9]+$ ]] && [ "$cookie2" != "$cookie" ] || fail "no new session after the restart: $(cat "$tmp/h3")"
emu_state PROV_CURL "$tmp/state2.json"
jcheck "$tmp/state2.json" 'd["counters"]["sessions"] == 2 and d["wifi_state"] == "idle" and not d["vanished"]'
echo "PASS"
