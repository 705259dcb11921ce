#!/usr/bin/env bash
# Trust on first use in the wizard: a device whose plugin talks HTTPS
# (tests/fixtures/http_client.c) shows a self-signed certificate
# (tests/support/http_auth_server.py). Adding it shows the fingerprint in
# groups with "a Accept / Esc Cancel"; Esc leaves it unaccepted and the
# device unreached; a accepts it into the site and the device is added,
# and only then does the device get the password.
source "$(dirname "$0")/lib.sh"
source "$(dirname "$0")/steps_lib.sh"

fx="${DOORSTEP_FIXTURE_DIR:?}/http-client"
dir="$E2E_TMP/servers"
mkdir -p "$dir"
/usr/bin/python3 "$DOORSTEP_SOURCE_DIR/tests/support/http_auth_server.py" "$dir" &
start=$SECONDS
until [ -f "$dir/ports.json" ]; do
  [ $((SECONDS - start)) -lt 60 ] || e2e_fail "the test servers did not start"
  sleep 0.1
done
port=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["https_a"])' "$dir/ports.json")
http=$(/usr/bin/python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))["http"])' "$dir/ports.json")
fp=$(openssl x509 -noout -fingerprint -sha256 -in "$dir/a.pem" | sed 's/.*=//')
seen() { curl -s "http://127.0.0.1:$http/seen?server=https_a" | python3 -c 'import json, sys; print(len(json.load(sys.stdin)))'; }

e2e_start 110x34 DOORSTEP_PLUGIN_PATH="$fx" -- --site "Certs"
e2e_wait "Label code"
e2e_type "FXHTTP:https://127.0.0.1:$port/basic"; e2e_keys Enter
e2e_wait "New certificate"
e2e_wait "127.0.0.1:$port"
# The fingerprint in groups of four bytes, four groups a line.
e2e_wait "${fp:0:11}  ${fp:12:11}"
e2e_wait "${fp:48:11}  ${fp:60:11}"
e2e_wait "Accept"
e2e_ok "the prompt shows the address and the fingerprint in groups"
[ "$(seen)" = 0 ] || e2e_fail "the device got credentials before its certificate was accepted"

e2e_keys Escape
e2e_wait_gone "New certificate"
e2e_wait "was not accepted"
[ ! -f "$XDG_STATE_HOME/doorstep/sites/Certs.json" ] || expect_site Certs 'len(d.get("certificates", {}))' 0
e2e_ok "Esc leaves the certificate unaccepted"

e2e_keys Enter   # Add again: the prompt comes back
e2e_wait "New certificate"
e2e_keys a
e2e_wait_gone "New certificate"
e2e_wait_re "Added .*"
expect_site Certs "d['certificates']['127.0.0.1:$port']['sha256']" "$fp"
[ "$(seen)" = 1 ] || e2e_fail "the accepted device did not get the request once: $(seen)"
e2e_ok "a accepts it into the site and the device is added"
e2e_done
