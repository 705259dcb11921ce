# The network test servers (tests/support/net_server.py) for end-to-end
# tests. Source after lib.sh. net_start [SLOW_SECONDS] starts them in
# $E2E_TMP/net (they stop when the test ends) and sets NET_HTTP, NET_HTTPS,
# NET_BLACKHOLE...; net_config TIMEOUT PORTAL_PATH URL... writes the
# "diagnostics" settings of config.json: the targets, the test CA, the
# timeout and the portal probe on the plain server.

net_start() {
  local dir="$E2E_TMP/net" start=$SECONDS
  mkdir -p "$dir"
  /usr/bin/python3 "$DOORSTEP_SOURCE_DIR/tests/support/net_server.py" "$dir" "${1:-1.8}" &
  until [ -f "$dir/ports.json" ]; do
    [ $((SECONDS - start)) -lt 60 ] || e2e_fail "the network test servers did not start"
    sleep 0.1
  done
  eval "$(/usr/bin/python3 -c 'import json, sys
for k, v in json.load(open(sys.argv[1])).items(): print("NET_%s=%d" % (k.upper(), v))' "$dir/ports.json")"
}

net_config() {
  local timeout=$1 portal=$2 urls="" u
  shift 2
  for u in "$@"; do urls="$urls${urls:+, }\"$u\""; done
  mkdir -p "$XDG_CONFIG_HOME/doorstep"
  cat >"$XDG_CONFIG_HOME/doorstep/config.json" <<EOC
{ "diagnostics": { "targets": [ $urls ], "ca_file": "$E2E_TMP/net/ca.pem",
  "timeout_seconds": $timeout, "portal_url": "http://127.0.0.1:$NET_HTTP/$portal" } }
EOC
}
