#!/bin/bash
# The ONVIF plugin through the real doorstep against emulated cameras
# (tests/onvif/camera_emulator.py): discovery of N cameras by unicast probes
# (all N must be listed; wall time against the 3 s probe window, the goal
# being window + 10 %), and a plan with K cameras against a plan with 1
# (every admin password changed and proven; the goal: at most 1.5 times).
# The cameras take admin/12345, the first default doorstep tries.
# Usage: bench_onvif.sh DOORSTEP [N_DISCOVER] [K_PLAN]
set -euo pipefail
DOORSTEP_BIN=$1 n=${2:-50} k=${3:-16}
export DOORSTEP_BIN
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../onvif/lib.sh"

/usr/bin/python3 - "$n" >"$tmp/config.json" <<'PY'
import json, sys
n = int(sys.argv[1])
print(json.dumps({"defaults": {"manufacturer": "Emulated",
                               "users": [{"user": "admin", "password": "12345", "level": "Administrator"}]},
                  "cameras": [{"name": "cam%d" % (i + 1), "model": "Bench-%d" % (i + 1)} for i in range(n)]}))
PY
emu_start "$(cat "$tmp/config.json")"
ds_env

timed 600 "$tmp/found.json" "$tmp/discover.err" env DOORSTEP_ONVIF_PROBE="$(emu_probe_list)" \
  "$DOORSTEP_BIN" discover --json
listed=$(/usr/bin/python3 -c 'import json, sys; print(len([f for f in json.load(open(sys.argv[1])) if f["plugin"] == "onvif" and f["model"].startswith("Bench-")]))' "$tmp/found.json")
echo "discovery: $listed of $n cameras listed (with maker and model) in $elapsed_ms ms;" \
  "probe window 3000 ms, goal <= 3300 ms"
[ "$listed" -eq "$n" ] || echo "MISSED: not every camera was listed" >&2

# plan K: cameras 1..K by address, a new admin password each.
plan() {
  local count=$1 i sep
  echo "{ \"site\": \"Bench $count\", \"diagnostics\": false, \"devices\": ["
  for ((i = 1; i <= count; i++)); do
    sep=,; ((i == count)) && sep=
    echo "{ \"address\": \"127.0.0.1:$(emu_port "cam$i" http_port)\", \"password_env\": \"PW$i\" }$sep"
  done
  echo "] }"
}
for ((i = 1; i <= k + 1; i++)); do export "PW$i=$(printf "Bq%04d-x.Lm4z%02d" $((i * 7919 % 10000)) "$i")"; done
# one camera (the last, untouched by the bigger plan), then K
plan 1 >"$tmp/plan1.json"
sed -i "s/\"127.0.0.1:$(emu_port cam1 http_port)\"/\"127.0.0.1:$(emu_port "cam$((k + 1))" http_port)\"/; s/PW1/PW$((k + 1))/" "$tmp/plan1.json"
timed 600 "$tmp/p1.out" "$tmp/p1.err" "$DOORSTEP_BIN" run "$tmp/plan1.json"
one=$elapsed_ms
[ "$rc" -le 1 ] || fail "the plan with 1 camera failed: $(tail -3 "$tmp/p1.err")"
plan "$k" >"$tmp/plank.json"
timed 1200 "$tmp/pk.out" "$tmp/pk.err" "$DOORSTEP_BIN" run "$tmp/plank.json"
many=$elapsed_ms
[ "$rc" -le 1 ] || fail "the plan with $k cameras failed: $(tail -3 "$tmp/pk.err")"
changed=$(grep -c "Password changed and verified" "$tmp/pk.err" || true)
echo "plan: 1 camera $one ms, $k cameras $many ms ($changed changed and proven);" \
  "ratio $(/usr/bin/python3 -c "print('%.2f' % ($many / $one))"), goal <= 1.5"
