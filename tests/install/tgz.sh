#!/usr/bin/env bash
# The relocatable tarball: `cpack -G TGZ`, unpacked under one prefix and
# then moved to another, run from a directory with no decks/ for a fresh
# learner (also through a symlink on another directory): it finds its
# bundled bank and icon beside itself wherever it is.
# Usage: tgz.sh BUILD_DIR SOURCE_DIR
. "$(dirname "$0")/lib.sh"

(cd "$build" && cpack -G TGZ -B "$tmp/pkg") >"$tmp/cpack.log" 2>&1 || fail "cpack -G TGZ: $(tail -5 "$tmp/cpack.log")"
tarball=$(ls "$tmp"/pkg/cloudprep-*.tar.gz)
[ -f "$tarball" ] || fail "no tarball in $tmp/pkg"
mkdir -p "$tmp/first"
tar -C "$tmp/first" -xzf "$tarball" || fail "cannot unpack $tarball"
top=$(ls "$tmp/first")
[ "$(echo "$top" | wc -l)" = 1 ] || fail "the tarball has more than one top directory: $top"
check_tree "$tmp/first/$top"
check_runs "$tmp/first/$top"

# Moved to another prefix after unpacking: still whole.
mkdir -p "$tmp/elsewhere/opt"
mv "$tmp/first/$top" "$tmp/elsewhere/opt/cloudprep"
rm -rf "$home"; mkdir -p "$home"
check_runs "$tmp/elsewhere/opt/cloudprep"

# Started through a symlink in another directory (as from ~/bin): the
# system names the real binary, so the data is found beside it.
mkdir -p "$tmp/bin"
ln -s "$tmp/elsewhere/opt/cloudprep/bin/cloudprep" "$tmp/bin/cloudprep"
run "$tmp/bin/cloudprep" check >"$tmp/out" 2>&1 || fail "check through a symlink: exit $?: $(cat "$tmp/out")"
grep -q "^bundled decks: $bank_cards cards in .* ($tmp/elsewhere/opt/cloudprep/share/cloudprep/decks)\$" "$tmp/out" ||
  fail "through a symlink: $(cat "$tmp/out")"
ok "relocated: unpacked, moved, and started through a symlink"
