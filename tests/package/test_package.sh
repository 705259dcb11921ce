#!/usr/bin/env bash
# The Debian packages: a separate build with CMAKE_INSTALL_PREFIX=/usr,
# signed with a distributor's key made for the test, `cpack -G DEB`; the
# control fields and contents of doorstep and doorstep-dev; then the
# installed files run from a staging root (dpkg -x): `doorstep version` and
# `doorstep plugins --json`, trusting the packaged key through the user's
# trust store ($XDG_CONFIG_HOME/doorstep/trusted.d). With CI=true, as root,
# on a machine without doorstep, the packages are also installed for real
# with apt-get, checked, and purged again.
set -euo pipefail
: "${DOORSTEP_SOURCE_DIR:?DOORSTEP_SOURCE_DIR must point at the source tree}"
: "${DOORSTEP_SIGN_TOOL:?DOORSTEP_SIGN_TOOL must point at ds-sign}"
here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
DOORSTEP_BIN=/nonexistent source "$here/cli_lib.sh"
tmp=$(mktemp -d /tmp/doorstep-package.XXXXXX)
installed=0
cleanup() {
  if [ $installed -eq 1 ]; then
    dpkg --purge doorstep-dev doorstep > /dev/null || echo "WARNING: dpkg --purge doorstep failed" >&2
  fi
  rm -rf "$tmp"
}
trap cleanup EXIT
export LC_ALL=C.UTF-8
py=/usr/bin/python3

# json FILE EXPR: evaluates the python expression EXPR on the document d.
json() { "$py" -c 'import json,sys; d=json.load(open(sys.argv[1])); print(eval(sys.argv[2]))' "$1" "$2"; }
# expect_eq WHAT GOT WANT
expect_eq() { cli_check; [ "$2" = "$3" ] || cli_fail "$1: got \"$2\", want \"$3\""; }
# expect_match WHAT TEXT REGEX (grep -E, one line of TEXT must match)
expect_match() { cli_check; grep -qE -- "$3" <<< "$2" || cli_fail "$1: nothing matches $3 in: $(echo $2 | head -c 600)"; }
expect_no_match() { cli_check; ! grep -qE -- "$3" <<< "$2" || cli_fail "$1: $3 should not be there"; }

# A distributor's key, as docs/signing.md asks for; a key that does not
# exist stops the configuration with a message.
"$DOORSTEP_SIGN_TOOL" keygen --comment "test distributor key" "$tmp/keys/dist.pub" "$tmp/keys/dist.key" > /dev/null
cli_check
if cmake -S "$DOORSTEP_SOURCE_DIR" -B "$tmp/bad" -DBUILD_TESTING=OFF \
     -DDS_PACKAGE_SIGNING_KEY="$tmp/keys/missing.key" > "$tmp/bad.log" 2>&1; then
  cli_fail "configuring with a missing DS_PACKAGE_SIGNING_KEY succeeded"
else
  grep -q "DS_PACKAGE_SIGNING_KEY" "$tmp/bad.log" || cli_fail "no message about the missing key: $(tail -5 "$tmp/bad.log")"
fi
rm -rf "$tmp/bad"

echo "== building the packages in $tmp/build"
cmake -S "$DOORSTEP_SOURCE_DIR" -B "$tmp/build" -DCMAKE_INSTALL_PREFIX=/usr -DBUILD_TESTING=OFF \
  -DDS_WERROR=ON -DCMAKE_BUILD_TYPE=RelWithDebInfo -DDS_PACKAGE_SIGNING_KEY="$tmp/keys/dist.key" > "$tmp/configure.log"
cmake --build "$tmp/build" -j2 > "$tmp/build.log" 2>&1 || { tail -30 "$tmp/build.log"; exit 1; }
(cd "$tmp/build" && cpack -G DEB > "$tmp/cpack.log" 2>&1) || { tail -30 "$tmp/cpack.log"; exit 1; }

version=$(sed -n 's/^project(doorstep VERSION \([0-9.]*\).*/\1/p' "$DOORSTEP_SOURCE_DIR/CMakeLists.txt")
arch=$(dpkg --print-architecture)
triplet=$(dpkg-architecture -qDEB_HOST_MULTIARCH)
deb=$tmp/build/doorstep_${version}-1_${arch}.deb
dev=$tmp/build/doorstep-dev_${version}-1_${arch}.deb
for f in "$deb" "$dev"; do
  cli_check
  [ -f "$f" ] || { cli_fail "$f was not made: $(ls "$tmp/build"/*.deb 2>&1)"; cli_done test_package; }
done

# ---- control fields ----
expect_eq "Package" "$(dpkg-deb -f "$deb" Package)" doorstep
expect_eq "Version" "$(dpkg-deb -f "$deb" Version)" "$version-1"
depends=$(dpkg-deb -f "$deb" Depends | tr ',' '\n' | sed 's/^ *//')
for lib in libc6 libncursesw6 libsodium23 libcjson1 libqrencode4 libzbar0 libpng16-16 libzxcvbn0 \
    mobile-broadband-provider-info; do
  expect_match "doorstep Depends" "$depends" "^$lib( |\$)"
done
expect_match "doorstep Description" "$(dpkg-deb -f "$deb" Description)" "^terminal setup wizard"
expect_eq "dev Package" "$(dpkg-deb -f "$dev" Package)" doorstep-dev
expect_eq "dev Depends" "$(dpkg-deb -f "$dev" Depends)" "doorstep (= $version-1)"
mkdir -p "$tmp/control"
dpkg-deb -e "$deb" "$tmp/control"
expect_eq "conffiles" "$(cat "$tmp/control/conffiles")" /etc/doorstep/trusted.d/doorstep-package.pub

# ---- contents ----
files=$(dpkg-deb -c "$deb" | awk '{ print $6 }')
plugindir=./usr/lib/$triplet/doorstep/plugins
for f in ./usr/bin/doorstep "$plugindir/demo.so" "$plugindir/demo.so.minisig" \
    ./usr/share/locale/de/LC_MESSAGES/doorstep.mo ./usr/share/locale/de/LC_MESSAGES/doorstep-demo.mo \
    ./usr/share/man/man1/doorstep.1.gz ./usr/share/bash-completion/completions/doorstep \
    ./etc/doorstep/trusted.d/doorstep-package.pub; do
  expect_match "doorstep contents" "$files" "^${f//./\\.}\$"
done
expect_no_match "doorstep contents" "$files" "CMakeFiles|/include/|\\.key\$|doorstep-dev\\.pub"
devfiles=$(dpkg-deb -c "$dev" | awk '{ print $6 }')
expect_match "doorstep-dev contents" "$devfiles" '^\./usr/include/doorstep/plugin\.h$'
expect_no_match "doorstep-dev contents" "$devfiles" '^\./usr/bin/|/plugins/'

# ---- the installed files, from a staging root ----
root=$tmp/root
dpkg -x "$deb" "$root"
cli_check
cmp -s "$root/etc/doorstep/trusted.d/doorstep-package.pub" "$tmp/keys/dist.pub" \
  || cli_fail "the packaged trust key is not the distributor's public key"
cli_check
"$DOORSTEP_SIGN_TOOL" verify "$tmp/keys/dist.pub" "$root/usr/lib/$triplet/doorstep/plugins/demo.so" > /dev/null \
  || cli_fail "the packaged demo.so.minisig is not a signature by the distributor's key"
cli_check
! "$DOORSTEP_SIGN_TOOL" verify "$tmp/build/trusted.d/doorstep-dev.pub" "$root/usr/lib/$triplet/doorstep/plugins/demo.so" \
  > /dev/null 2>&1 || cli_fail "the packaged plugin is still signed with the build tree's development key"
cli_check
MANWIDTH=80 man --warnings -l "$root/usr/share/man/man1/doorstep.1.gz" > "$tmp/man.txt" 2> "$tmp/man.err" \
  && [ ! -s "$tmp/man.err" ] && grep -q "EXIT STATUS" "$tmp/man.txt" \
  || cli_fail "the installed man page does not render cleanly: $(head -3 "$tmp/man.err")"

# bash-completion finds the installed completion on its own, in
# <datadir>/bash-completion/completions, when doorstep is first completed.
cli_check
loaded=$(env -i PATH=/usr/bin:/bin HOME="$tmp/home" XDG_DATA_DIRS="$root/usr/share" bash --norc --noprofile -c '
  source /usr/share/bash-completion/bash_completion
  __load_completion doorstep
  complete -p doorstep' 2>&1) || true
grep -q -- "-F _doorstep doorstep" <<< "$loaded" || cli_fail "bash-completion does not load the installed completion: $loaded"

# run_staged ARGS...: the installed binary with a private XDG tree whose
# trust store holds the packaged key, its plugins named by
# DOORSTEP_PLUGIN_PATH (it looks in /usr/lib/... otherwise).
mkdir -p "$tmp/config/doorstep/trusted.d" "$tmp/state" "$tmp/home"
run_staged() {
  env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME="$tmp/home" XDG_CONFIG_HOME="$tmp/config" \
    XDG_STATE_HOME="$tmp/state" DOORSTEP_PLUGIN_PATH="$root/usr/lib/$triplet/doorstep/plugins" \
    "$root/usr/bin/doorstep" "$@"
}
n_plugins=$(find "$root/usr/lib/$triplet/doorstep/plugins" -name '*.so' | wc -l)
[ "$n_plugins" -ge 4 ] || cli_fail "the package holds $n_plugins plugins, want the demo, atmodem, espprov and onvif at least"
run_staged version --json > "$tmp/version.json"
expect_eq "version" "$(json "$tmp/version.json" 'd["version"]')" "$version"
expect_eq "version plugin_dir" "$(json "$tmp/version.json" 'd["plugin_dir"]')" "/usr/lib/$triplet/doorstep/plugins"

# Without the key in a trust store, the packaged plugin is refused.
rc=0
run_staged plugins --json > "$tmp/untrusted.json" 2> /dev/null || rc=$?
expect_eq "untrusted: loaded" "$(json "$tmp/untrusted.json" 'len(d["loaded"])')" 0
expect_eq "untrusted: refused trust" "$(json "$tmp/untrusted.json" 'sorted(set(r["trust"] for r in d["rejected"]))')" "['untrusted-key']"
expect_eq "untrusted: every plugin refused" "$(json "$tmp/untrusted.json" 'len(d["rejected"])')" "$n_plugins"

cp "$root/etc/doorstep/trusted.d/doorstep-package.pub" "$tmp/config/doorstep/trusted.d/"
run_staged plugins --json > "$tmp/plugins.json"
expect_eq "loaded" "$(json "$tmp/plugins.json" 'sorted(p["id"] for p in d["loaded"])')" "['atmodem', 'demo', 'espprov', 'onvif']"
expect_eq "loaded from" "$(json "$tmp/plugins.json" '[p["path"] for p in d["loaded"] if p["id"] == "demo"][0]')" \
  "$root/usr/lib/$triplet/doorstep/plugins/demo.so"
expect_eq "trust" "$(json "$tmp/plugins.json" 'sorted(set(p["trust"] for p in d["loaded"]))')" "['trusted']"
expect_eq "key comment" "$(json "$tmp/plugins.json" 'sorted(set(p["signer"]["key_comment"] for p in d["loaded"]))')" "['test distributor key']"
expect_eq "refused" "$(json "$tmp/plugins.json" 'len(d["rejected"])')" 0
search=$(json "$tmp/plugins.json" 'd["search_path"]')
expect_eq "search path" "$search" "$root/usr/lib/$triplet/doorstep/plugins:/usr/lib/$triplet/doorstep/plugins"
expect_no_match "search path" "$search" "$tmp/build"

# ---- a real installation (CI machines only: it changes the system) ----
if [ "${CI:-}" = true ] && [ "$(id -u)" -eq 0 ]; then
  if dpkg-query -W -f='${Status}' doorstep 2> /dev/null | grep -q installed || [ -e /usr/bin/doorstep ]; then
    echo "note: doorstep is installed on this machine already; the real installation is not tried"
  else
    echo "== apt-get install ./doorstep_*.deb"
    installed=1
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$deb" "$dev" > "$tmp/apt.log" 2>&1 \
      || { tail -20 "$tmp/apt.log"; cli_fail "apt-get install failed"; }
    (cd "$tmp/home" && env -i PATH=/usr/bin:/bin LC_ALL=C.UTF-8 HOME="$tmp/home" doorstep plugins --json) > "$tmp/real.json"
    expect_eq "installed: loaded" "$(json "$tmp/real.json" '[(p["id"], p["path"], p["trust"]) for p in d["loaded"] if p["id"] == "demo"]')" \
      "[('demo', '/usr/lib/$triplet/doorstep/plugins/demo.so', 'trusted')]"
    expect_eq "installed: all trusted" "$(json "$tmp/real.json" 'len(d["loaded"])')" "$n_plugins"
    expect_eq "installed: key" "$(json "$tmp/real.json" 'd["loaded"][0]["signer"]["key_file"]')" \
      /etc/doorstep/trusted.d/doorstep-package.pub
    cli_check
    [ -f /usr/include/doorstep/plugin.h ] || cli_fail "doorstep-dev did not install plugin.h"
    dpkg --purge doorstep-dev doorstep > /dev/null
    installed=0
    cli_check
    [ ! -e /usr/bin/doorstep ] && [ ! -e /etc/doorstep/trusted.d/doorstep-package.pub ] \
      || cli_fail "dpkg --purge left files behind"
  fi
fi
cli_done test_package
