#!/usr/bin/env bash
# Multicast WS-Discovery for real: in a network namespace of its own (loopback
# up, multicast on, a route for 239.0.0.0/8), two emulated cameras join
# 239.255.255.250:3702 and the npm client's onvif.Discovery.probe must find
# both, each once, with the XAddrs and endpoint references the cameras have,
# in answers that relate to its probe. Needs root (unshare -n).
if [ "${ONVIF_IN_NETNS:-}" != 1 ]; then
  [ "$(id -u)" -eq 0 ] || { echo "FAIL: this test makes a network namespace (unshare -n) and must run as root" >&2; exit 1; }
  exec unshare -n env ONVIF_IN_NETNS=1 bash "${BASH_SOURCE[0]}"
fi
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"
need_npm_client
ip link set lo up
ip link set lo multicast on
ip route add 239.0.0.0/8 dev lo

emu_start '{"cameras": [{"name": "front-door", "model": "Door-1"}, {"name": "garden", "model": "Yard-2"}]}' \
  --multicast --interface 127.0.0.1
timeout 30 node "$here/onvif_client.js" discover 3000 >"$tmp/found.json" ||
  fail "the npm discovery did not finish: $(cat "$tmp/found.json")"
/usr/bin/python3 - "$tmp/found.json" "$tmp/ready.json" <<'PY' || fail "discovery: $(cat "$tmp/found.json")"
import json, sys
found = json.load(open(sys.argv[1]))
ready = json.load(open(sys.argv[2]))
assert found["err"] is None, found["err"]
by_urn = {c["urn"]: c for c in found["cameras"]}
assert len(found["cameras"]) == 2, "found %d cameras" % len(found["cameras"])
for cam in ready["cameras"]:
    got = by_urn[cam["uuid"]]
    assert got["xaddrs"] == cam["xaddrs"], (got["xaddrs"], cam["xaddrs"])
    assert got["hostname"] == "127.0.0.1" and int(got["port"]) == cam["http_port"], got
    assert got["path"] == "/onvif/device_service", got
    assert got["relatesToProbe"], "the answer does not relate to the probe's MessageID"
print("ok: the npm client found %s in %d ms" % (", ".join(sorted(by_urn)), found["elapsedMs"]))
PY
echo "PASS test_onvif_discovery"
