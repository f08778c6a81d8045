#!/usr/bin/env bash
# The Debian package: `cpack -G DEB` into BUILD_DIR/test-packages (where the
# package_deb_install test takes it from), inspected with dpkg-deb: the
# metadata a software centre shows, dependencies from the binary's real
# shared-library needs (dpkg-shlibdeps), every file in place; lintian
# reports no error (its warnings are printed); and the package's tree,
# unpacked with dpkg-deb -x anywhere, runs.
# Usage: deb.sh BUILD_DIR SOURCE_DIR
. "$(dirname "$0")/lib.sh"

out=$build/test-packages
rm -rf "$out"
(cd "$build" && cpack -G DEB -B "$out") >"$tmp/cpack.log" 2>&1 || fail "cpack -G DEB: $(tail -5 "$tmp/cpack.log")"
rm -rf "$out/_CPack_Packages"
deb=$(ls "$out"/cloudprep_*.deb)
[ -f "$deb" ] || fail "no .deb in $out"
version=$(sed -n 's/^CMAKE_PROJECT_VERSION:STATIC=//p' "$build/CMakeCache.txt")

field() { dpkg-deb -f "$deb" "$1"; }
[ "$(field Package)" = cloudprep ] || fail "Package: $(field Package)"
[ "$(field Version)" = "$version" ] || fail "Version: $(field Version), want $version"
[ "$(field Architecture)" = "$(dpkg --print-architecture)" ] || fail "Architecture: $(field Architecture)"
[ "$(field Section)" = education ] || fail "Section: $(field Section)"
[ -n "$(field Maintainer)" ] && [ -n "$(field Homepage)" ] || fail "no Maintainer or Homepage"
field Description | head -1 | grep -q "AWS Certified Cloud Practitioner" || fail "Description: $(field Description | head -1)"
[ "$(field Description | wc -l)" -gt 3 ] || fail "no long description"
# Each library the binary links, as dpkg-shlibdeps names its package.
depends=$(field Depends)
for pkg in libc6 libsdl2-2.0-0 libsdl2-ttf-2.0-0 libsqlite3-0 libmd4c0 libstemmer0d libfontconfig1 libstb0; do
  echo "$depends" | grep -qE "(^|, )$pkg( \\(>= [^)]+\\))?(,|$)" || fail "Depends lacks $pkg: $depends"
done
needed=$(objdump -p "$build/cloudprep" | awk '/NEEDED/ {print $2}' | wc -l)
[ "$(echo "$depends" | tr ',' '\n' | wc -l)" -le "$needed" ] || fail "more dependencies than needed libraries: $depends"
ok "metadata and dependencies: $depends"

dpkg-deb -c "$deb" | awk '{print $NF}' | sed 's|^\./|/|' >"$tmp/files"
for f in /usr/bin/cloudprep /usr/share/cloudprep/decks/clf-c02/1-cloud-concepts.md \
         "/usr/share/applications/$app_id.desktop" "/usr/share/metainfo/$app_id.metainfo.xml" \
         /usr/share/icons/hicolor/scalable/apps/cloudprep.svg /usr/share/man/man1/cloudprep.1.gz \
         /usr/share/doc/cloudprep/copyright /usr/share/doc/cloudprep/changelog.gz \
         /usr/share/doc/cloudprep/README.md; do
  grep -qx "$f" "$tmp/files" || fail "the package lacks $f"
done
for s in $icon_sizes; do
  grep -qx "/usr/share/icons/hicolor/${s}x$s/apps/cloudprep.png" "$tmp/files" || fail "the package lacks the ${s}px icon"
done
! grep -vE '^/usr/(bin/cloudprep|share/(cloudprep|applications|metainfo|icons|man|doc)(/|$))|^/usr/(bin|share)?/?$|^/$' "$tmp/files" ||
  fail "files outside the places the issue names"
ok "$(wc -l <"$tmp/files") entries, each in place"

dpkg-deb -x "$deb" "$tmp/x" || fail "dpkg-deb -x"
check_tree "$tmp/x/usr"
check_runs "$tmp/x/usr"

if command -v lintian >/dev/null; then
  lintian --fail-on error "$deb" >"$tmp/lintian" 2>&1
  rc=$?
  grep -v '^running with root privileges' "$tmp/lintian"
  [ "$rc" = 0 ] || fail "lintian: exit $rc"
  ! grep -q '^E:' "$tmp/lintian" || fail "lintian reports errors"
  ok "lintian: no errors ($(grep -c '^W:' "$tmp/lintian") warnings)"
else
  fail "lintian is not installed (tools/setup installs it)"
fi
