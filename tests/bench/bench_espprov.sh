#!/bin/bash
# ESP provisioning over SoftAP with security 2 (SRP-6a 3072, patch 1)
# against the emulated device (tests/espprov/esp_emulator.py): a whole
# `doorstep run` from the label to "connected" (process start, plugin load,
# proto-ver, the SRP session, credentials, apply, the status polls), against
# the device's own connection delay. The goal: at most the delay + 0.5 s.
# Usage: bench_espprov.sh DOORSTEP [RUNS] [DELAY_SECONDS]
set -euo pipefail
DOORSTEP_BIN=$1 runs=${2:-5} delay=${3:-2.0}
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/../espprov/lib.sh"

emu_start "{\"defaults\": {\"connect_delay\": $delay},
 \"devices\": [{\"name\": \"PROV_BENCH\", \"sec_ver\": 2, \"sec_patch_ver\": 1, \"username\": \"wifiprov\", \"password\": \"bench-pw\"}]}"
export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
mkdir -p "$XDG_STATE_HOME" "$XDG_CONFIG_HOME/doorstep" "$HOME"
export DOORSTEP_ESPPROV_SOFTAP=127.0.0.1:$(emu_port PROV_BENCH) WIFI_KEY='correct horse'
cat >"$tmp/plan.json" <<'EOP'
{ "site": "Bench", "diagnostics": false,
  "devices": [ { "qr": "{\"ver\":\"v1\",\"name\":\"PROV_BENCH\",\"username\":\"wifiprov\",\"pop\":\"bench-pw\",\"transport\":\"softap\"}",
                 "wifi": { "ssid": "HomeNet", "key_env": "WIFI_KEY" } } ] }
EOP
times=()
for ((i = 0; i < runs; i++)); do
  emu_control power-cycle PROV_BENCH
  start=$(date +%s%N)
  "$DOORSTEP_BIN" run "$tmp/plan.json" >/dev/null 2>"$tmp/run.err" || true
  end=$(date +%s%N)
  grep -q 'joined Wi-Fi "HomeNet"' "$tmp/run.err" || fail "run $i did not connect: $(tail -3 "$tmp/run.err")"
  times+=($(((end - start) / 1000000)))
done
sorted=$(printf '%s\n' "${times[@]}" | sort -n | tr '\n' ' ')
echo "provisioning (security 2, SoftAP), label to connected, $runs runs: ${sorted}ms;" \
  "device delay ${delay} s, goal <= $(/usr/bin/python3 -c "print(int(($delay + 0.5) * 1000))") ms"
