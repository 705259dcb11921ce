#!/usr/bin/env bash
# Hostile cameras through the real doorstep: broken XML, a 20 MB answer, a
# SOAP fault for every call, an answer that never ends. `discover` and `run`
# must each end (bounded time, generously < 30 s per command), without a
# crash (no status from a signal), with a message that says what happened
# and what to do, and nothing recorded that did not happen (no camera
# listed, no password "changed", no SetUser on the camera).
source "$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)/lib.sh"

modes="garbage huge fault endless"
emu_start '{"cameras": [
  {"name": "garbage", "hostile": "garbage"}, {"name": "huge", "hostile": "huge", "huge_mb": 20},
  {"name": "fault", "hostile": "fault"}, {"name": "endless", "hostile": "endless"}]}'
ds_env
export CAM_PASSWORD='Hq3.v8Nc-Lp5x!r2'

timed 30 "$tmp/found.json" "$tmp/discover.err" env DOORSTEP_ONVIF_PROBE="$(emu_probe_list)" \
  "$DOORSTEP_BIN" discover --json
[ "$rc" -eq 0 ] || fail "discover ended with $rc: $(cat "$tmp/discover.err")"
jcheck "$tmp/found.json" 'not [f for f in d if f["plugin"] == "onvif"]'
echo "ok: discover among hostile cameras ended in $elapsed_ms ms, none listed as a camera"

for mode in $modes; do
  cat >"$tmp/$mode.plan.json" <<EOP
{ "site": "Hostile $mode", "devices": [ { "address": "127.0.0.1:$(emu_port "$mode" http_port)", "name": "Cam $mode",
  "password_env": "CAM_PASSWORD" } ] }
EOP
  timed 30 "$tmp/$mode.out" "$tmp/$mode.err" "$DOORSTEP_BIN" run "$tmp/$mode.plan.json"
  [ "$rc" -ne 0 ] && [ "$rc" -lt 128 ] || fail "$mode: run ended with $rc: $(cat "$tmp/$mode.err")"
  msg=$(grep '^doorstep: ' "$tmp/$mode.err" | tail -1)
  [ -n "$msg" ] || fail "$mode: no message: $(cat "$tmp/$mode.err")"
  # the message says what to do next: a sentence after the first
  [[ "$msg" == *". "* ]] || fail "$mode: the message does not say what to do: $msg"
  case $mode in
    endless) want="did not finish its answer" ;;
    *) want="answers, but not as an ONVIF camera" ;;
  esac
  [[ "$msg" == *"$want"* ]] || fail "$mode: the message does not say \"$want\": $msg"
  if "$DOORSTEP_BIN" report --json "Hostile $mode" >"$tmp/$mode.report.json" 2>/dev/null; then
    jcheck "$tmp/$mode.report.json" 'all(x["password"] != "changed" for x in d["devices"])'
  fi
  emu_state "$mode" "$tmp/$mode.state.json"
  jcheck "$tmp/$mode.state.json" 'd["counters"].get("SetUser", 0) == 0'
  echo "ok: $mode ended in $elapsed_ms ms: $msg"
done
echo "PASS test_doorstep_hostile"
