#!/usr/bin/env bash
# A staged install (`cmake --install BUILD --prefix STAGE`, as packagers and
# vendors do) writes every file under STAGE, the trust store's key included:
# nothing goes to the real /etc, so no root is needed and no conffile is left
# behind for dpkg to ask about later.
set -euo pipefail
: "${DOORSTEP_BUILD_DIR:?DOORSTEP_BUILD_DIR must point at the build tree}"
tmp=$(mktemp -d /tmp/doorstep-stage.XXXXXX)
trap 'rm -rf "$tmp"' EXIT
stage="$tmp/stage"

fail() { echo "FAIL: $*" >&2; exit 1; }

cmake --install "$DOORSTEP_BUILD_DIR" --prefix "$stage" > "$tmp/install.log" 2>&1 \
  || fail "cmake --install failed: $(tail -5 "$tmp/install.log")"
manifest="$DOORSTEP_BUILD_DIR/install_manifest.txt"
[ -s "$manifest" ] || fail "no install manifest"
outside=$(grep -v "^$stage/" "$manifest" || true)
[ -z "$outside" ] || fail "installed outside the prefix: $outside"
[ -f "$stage/etc/doorstep/trusted.d/doorstep-package.pub" ] \
  || fail "the package key is not at <prefix>/etc/doorstep/trusted.d"
[ -x "$stage/bin/doorstep" ] || fail "no doorstep under the prefix"
echo "ok: $(wc -l < "$manifest") files, all under the prefix"
