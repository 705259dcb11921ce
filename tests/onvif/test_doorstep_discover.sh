#!/usr/bin/env bash
# `doorstep discover` against the emulated cameras of cameras.json, by unicast
# (DOORSTEP_ONVIF_PROBE): all four listed, with maker, model and firmware read
# with the factory default each one takes (GetDeviceInformation needs a login),
# "needs activation" for the camera without an account, the camera whose first
# XAddr refuses connections reached at its second. Then multicast for real, in
# a network namespace of the test's own (needs root): both cameras found.
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

emu_start "$(cat "$here/cameras.json")"
ds_env
timed 60 "$tmp/found.json" "$tmp/discover.err" \
  env DOORSTEP_ONVIF_PROBE="$(emu_probe_list)" "$DOORSTEP_BIN" discover --json
[ "$rc" -eq 0 ] || fail "discover --json ended with $rc: $(cat "$tmp/discover.err")"
/usr/bin/python3 - "$tmp/found.json" "$tmp/ready.json" <<'PY' || fail "discover --json: $(cat "$tmp/found.json")"
import json, sys
found = json.load(open(sys.argv[1]))
ready = {c["name"]: c for c in json.load(open(sys.argv[2]))["cameras"]}
cams = [f for f in found if f["plugin"] == "onvif"]
assert len(cams) == 4, "found %d cameras, not 4" % len(cams)
def at(name):
    port = ":%d/" % ready[name]["http_port"]
    hit = [c for c in cams if port in c["locator"]]
    assert len(hit) == 1, (name, cams)
    return hit[0]
for name, model in (("front-door", "Door-1"), ("garden", "Yard-2"), ("garage", "Box-3")):
    c = at(name)
    assert c["vendor"] == "Emulated" and c["model"] == model, c
    assert c["firmware"] == "V5.5.0 build 190101", c
    assert c["has_password"] and c["factory_default"], c
attic = at("attic")
assert not attic["has_password"] and "needs activation" in attic["name"], attic
# the unreachable first XAddr stays in the locator, in its order
assert at("garage")["locator"] == "onvif:" + ",".join(ready["garage"]["xaddrs"]), at("garage")
print("ok: 4 cameras with maker and model; attic needs activation")
PY
# the text listing says it too
env DOORSTEP_ONVIF_PROBE="$(emu_probe_list)" timeout 60 "$DOORSTEP_BIN" discover >"$tmp/found.txt" 2>/dev/null ||
  fail "discover: $(cat "$tmp/found.txt")"
grep -q 'needs activation' "$tmp/found.txt" || fail "no 'needs activation' in: $(cat "$tmp/found.txt")"
[ "$(grep -c 'Emulated' "$tmp/found.txt")" -eq 3 ] || fail "not 3 makers in: $(cat "$tmp/found.txt")"
echo "ok: unicast discovery in $elapsed_ms ms"

# Multicast: a namespace of our own, two cameras on the group.
[ "$(id -u)" -eq 0 ] || fail "the multicast part makes a network namespace (unshare -n) and must run as root"
cat >"$tmp/mcast.sh" <<'SH'
set -euo pipefail
source "$1/lib.sh"
ip link set lo up
ip link set lo multicast on
ip route add 239.0.0.0/8 dev lo
emu_start '{"cameras": [{"name": "front-door", "model": "Door-1"}, {"name": "garden", "model": "Yard-2"}]}' \
  --multicast --interface 127.0.0.1
ds_env
unset DOORSTEP_ONVIF_PROBE
timed 60 "$tmp/found.json" "$tmp/discover.err" "$DOORSTEP_BIN" discover --json
[ "$rc" -eq 0 ] || fail "discover over multicast ended with $rc: $(cat "$tmp/discover.err")"
/usr/bin/python3 - "$tmp/found.json" "$tmp/ready.json" <<'PY' || fail "multicast discover: $(cat "$tmp/found.json")"
import json, sys
found = [f for f in json.load(open(sys.argv[1])) if f["plugin"] == "onvif"]
ready = json.load(open(sys.argv[2]))["cameras"]
assert len(found) == 2, "found %d cameras, not 2" % len(found)
assert sorted(f["locator"] for f in found) == sorted("onvif:" + c["xaddrs"][0] for c in ready), found
assert sorted(f["model"] for f in found) == ["Door-1", "Yard-2"], found
PY
echo "ok: multicast discovery found both cameras in $elapsed_ms ms"
SH
unshare -n bash "$tmp/mcast.sh" "$here" || fail "the multicast discovery failed"
echo "PASS test_doorstep_discover"
