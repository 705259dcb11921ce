#!/bin/bash
# eSIM profiles on a cellular module through the real doorstep: the atmodem
# plugin against the modem emulator's virtual eUICC (tests/modem), whose
# card resets 0.3 s after a switch and whose module registers 1.0 s after
# the reset (its defaults). Each run is a `doorstep run` that makes the
# other profile the primary, so the profiles are listed and one is enabled;
# the plugin logs its own figures for both (AT commands sent and wall time)
# and the emulator's log counts the channel opens.
# Usage: bench_esim.sh DOORSTEP [RUNS]
set -euo pipefail
DOORSTEP_BIN=$1 runs=${2:-5}
src="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
tmp=$(mktemp -d /tmp/doorstep-bench-esim.XXXXXX)
emu_pid=""
cleanup() {
  [ -z "$emu_pid" ] || { kill "$emu_pid" 2>/dev/null || true; wait "$emu_pid" 2>/dev/null || true; }
  rm -rf "$tmp"
}
trap cleanup EXIT
export XDG_STATE_HOME="$tmp/state" XDG_CONFIG_HOME="$tmp/config" HOME="$tmp/home"
mkdir -p "$XDG_CONFIG_HOME/doorstep" "$HOME"
echo '{ "diagnostics": { "targets": [ "http://127.0.0.1:9/" ], "timeout_seconds": 2, "portal_url": "" } }' \
  >"$XDG_CONFIG_HOME/doorstep/config.json"

mkfifo "$tmp/emu.in"
/usr/bin/python3 "$src/tests/modem/modem_emulator.py" --euicc --log "$tmp/commands.log" <"$tmp/emu.in" >"$tmp/port" &
emu_pid=$!
exec 8>"$tmp/emu.in"
for _ in $(seq 100); do [ -s "$tmp/port" ] && break; sleep 0.05; done
export DOORSTEP_SERIAL_PORTS=$(head -n1 "$tmp/port")

iccids=(8944110068256270054 89490200001234567890)
for ((i = 0; i < runs; i++)); do
  primary=${iccids[$((i % 2))]} backup=${iccids[$(((i + 1) % 2))]}
  cat >"$tmp/plan.json" <<EOF
{ "site": "Bench $i", "devices": [ { "serial": "356938035643809" } ], "diagnostics": false,
  "cellular": { "primary": "$primary", "backup": "$backup", "failover_test": false } }
EOF
  before=$(wc -l <"$tmp/commands.log")
  "$DOORSTEP_BIN" run "$tmp/plan.json" >/dev/null 2>"$tmp/run.err" || true
  opens=$(tail -n +"$((before + 1))" "$tmp/commands.log" | grep -c '^AT+CCHO="' || true)
  echo "run $((i + 1)): channel opens $opens (one at open, one after the card's reset)"
done
log="$XDG_STATE_HOME/doorstep/doorstep.log"
/usr/bin/python3 - "$log" <<'PY'
import re, statistics, sys
text = open(sys.argv[1], encoding="utf-8", errors="replace").read()
lists = [(int(m[0]), int(m[1])) for m in re.findall(r"eSIM profiles listed: \d+ in (\d+) ms, (\d+) AT commands", text)]
enables = [(int(m[0]), int(m[1]), int(m[2]))
           for m in re.findall(r"eSIM profile enabled and registered: (\d+) ms, (\d+) AT commands \((\d+) while waiting\)", text)]
if not lists or not enables:
    sys.exit("no figures in the log: did the runs reach the eSIM?")
def show(name, values, unit):
    print("%s: median %s %s, min %s, max %s (%d)" % (name, statistics.median(values), unit, min(values), max(values), len(values)))
show("listing the profiles", [c for _, c in lists], "commands")
show("listing the profiles, wall", [ms for ms, _ in lists], "ms")
show("enabling a profile to registered", [c for _, c, _ in enables], "commands")
show("  of which waiting for registration", [w for _, _, w in enables], "commands")
show("enabling a profile to registered, wall", [ms for ms, _, _ in enables], "ms")
print("the card resets 300 ms after the switch, the module registers 1000 ms after the reset")
PY
