#!/usr/bin/env bash
# The .deb that package_deb made, installed on this machine with dpkg -i,
# run from /usr/bin for a fresh learner, checked by the desktop and
# AppStream validators where they are installed, then removed with dpkg -r.
# Only as root (CI is root): otherwise, or when a cloudprep package is
# already installed here (not ours to replace), it is skipped (exit 77).
# Usage: deb_install.sh BUILD_DIR SOURCE_DIR
. "$(dirname "$0")/lib.sh"

if [ "$(id -u)" != 0 ]; then
  echo "skipped: dpkg -i needs root"
  exit 77
fi
deb=$(ls "$build"/test-packages/cloudprep_*.deb 2>/dev/null | head -1)
[ -f "$deb" ] || fail "no package in $build/test-packages (the package_deb test makes it)"

# One install at a time on this machine, whichever build runs it; dpkg's
# own lock may be held by someone else's apt for a while.
exec 9>/var/lock/cloudprep-deb-test.lock
flock -w 600 9 || fail "another cloudprep package test kept the lock for 10 minutes"
if dpkg-query -W -f='${Status}' cloudprep 2>/dev/null | grep -q "ok installed"; then
  echo "skipped: a cloudprep package is already installed on this machine"
  exit 77
fi
dpkg_retry() {
  local i
  for i in $(seq 60); do
    "$@" >"$tmp/dpkg.log" 2>&1 && return 0
    grep -q "lock" "$tmp/dpkg.log" || return 1
    sleep 5
  done
  return 1
}
trap 'dpkg_retry dpkg -r cloudprep >/dev/null 2>&1; rm -rf "$tmp"' EXIT
dpkg_retry dpkg -i "$deb" || fail "dpkg -i: $(cat "$tmp/dpkg.log")"
dpkg-query -W -f='${Status}' cloudprep | grep -q "ok installed" || fail "not installed after dpkg -i"
ok "dpkg -i $(basename "$deb")"

check_tree /usr shared
check_runs /usr
desktop-file-validate "/usr/share/applications/$app_id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net "/usr/share/metainfo/$app_id.metainfo.xml" >"$tmp/as.log" 2>&1 ||
  fail "appstreamcli validate: $(cat "$tmp/as.log")"
[ "$(man -w cloudprep)" = /usr/share/man/man1/cloudprep.1.gz ] || fail "man -w cloudprep: $(man -w cloudprep 2>&1)"
ok "the installed desktop entry, metainfo and manual page"

dpkg_retry dpkg -r cloudprep || fail "dpkg -r: $(cat "$tmp/dpkg.log")"
[ ! -e /usr/bin/cloudprep ] && [ ! -e /usr/share/cloudprep ] || fail "files left after dpkg -r"
ok "dpkg -r removes it"
