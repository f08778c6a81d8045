# Shared by the install tests (tests/install/*.sh): a fresh temporary
# directory, a learner's home in it, and runs of an installed cloudprep
# from a directory with nothing in it, with only the environment given.
set -u
build=$(realpath "$1")
src=$(realpath "$2")
tmp=$(mktemp -d)
chmod 755 "$tmp"
trap 'rm -rf "$tmp"' EXIT
fail() { echo "FAIL: $*"; exit 1; }
ok() { echo "ok: $*"; }

# The app id the build used (cmake/install.cmake), from its cache.
app_id=$(sed -n 's/^CP_APP_ID:STRING=//p' "$build/CMakeCache.txt")
[ -n "$app_id" ] || fail "no CP_APP_ID in $build/CMakeCache.txt"
icon_sizes="16 22 24 32 48 64 128 256 512"
# The bundled bank as the source tree has it.
bank_cards=$("$build/cloudprep" check "$src/decks" | sed -n 's/^\([0-9]*\) cards in .*/\1/p')
[ -n "$bank_cards" ] || fail "cannot count the bundled cards"

# A learner who has never run cloudprep, and a working directory with no
# decks/ in it (and a decoy decks/ next door, for the cwd check).
home=$tmp/home
mkdir -p "$home" "$tmp/work"
# run BINARY ARGS...: the installed binary from $tmp/work, with nothing of
# this shell's environment but PATH, HOME and the XDG data directory.
run() {
  (cd "$tmp/work" && env -i PATH=/usr/bin:/bin HOME="$home" XDG_DATA_HOME="$home/data" \
     XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" ${extra_env:-} "$@")
}

# check_tree PREFIX [shared]: the installed files are where the issue puts
# them, and (unless the prefix is shared with the system, like /usr) none
# but those: no bench or test program.
check_tree() {
  local p=$1 shared=${2:-} s
  [ -x "$p/bin/cloudprep" ] || fail "no $p/bin/cloudprep"
  [ -n "$shared" ] || [ "$(ls "$p/bin")" = cloudprep ] ||
    fail "$p/bin holds more than cloudprep: $(ls "$p/bin" | tr '\n' ' ')"
  [ "$(find "$p/share/cloudprep/decks" -name '*.md' | wc -l)" = "$(find "$src/decks" -name '*.md' | wc -l)" ] ||
    fail "$p/share/cloudprep/decks does not hold every deck file"
  [ -f "$p/share/applications/$app_id.desktop" ] || fail "no desktop entry"
  [ -f "$p/share/metainfo/$app_id.metainfo.xml" ] || fail "no metainfo"
  for s in $icon_sizes; do
    [ -f "$p/share/icons/hicolor/${s}x$s/apps/cloudprep.png" ] || fail "no ${s}px icon"
  done
  [ -f "$p/share/icons/hicolor/scalable/apps/cloudprep.svg" ] || fail "no scalable icon"
  [ -f "$p/share/man/man1/cloudprep.1.gz" ] || fail "no manual page"
  for f in README.md copyright changelog.gz docs/app.md docs/deck-format.md docs/img/home.png; do
    [ -f "$p/share/doc/cloudprep/$f" ] || fail "no $p/share/doc/cloudprep/$f"
  done
  [ -n "$shared" ] || [ -z "$(find "$p" -name 'test_*' -o -name 'bench_*' -o -name 'fuzz_*' -o -name 'gen_collection' \
           -o -name 'baseline_sdl' -o -name '*demo-history*')" ] || fail "a test or bench program was installed"
  ok "files in place under $p"
}

# check_runs PREFIX: the installed binary finds its bank from its own path,
# not from the current directory, works for a new learner, and renders Home.
check_runs() {
  local p=$1 w h
  run "$p/bin/cloudprep" check >"$tmp/out" 2>"$tmp/err" || fail "check: exit $?: $(cat "$tmp/err")"
  grep -qx "bundled decks: $bank_cards cards in [0-9]* files ($(realpath "$p")/share/cloudprep/decks)" "$tmp/out" ||
    fail "check did not find the bundled bank beside the binary: $(cat "$tmp/out")"
  grep -qx "your decks: none yet (Markdown decks go in $home/data/cloudprep/decks)" "$tmp/out" ||
    fail "check did not name the learner's decks: $(cat "$tmp/out")"
  ok "check finds the $bank_cards bundled cards beside the binary"

  # A decks/ in the current directory changes nothing.
  mkdir -p "$tmp/work/decks"
  printf '## cwd-card\ndomain: 1; task: 1.1; type: flashcard; difficulty: easy\n\nF\n\n> B\n' >"$tmp/work/decks/x.md"
  run "$p/bin/cloudprep" check >"$tmp/out2" 2>&1 || fail "check with a decks/ in the cwd: exit $?"
  cmp -s "$tmp/out" "$tmp/out2" || fail "a decks/ in the current directory changed check: $(cat "$tmp/out2")"
  rm -r "$tmp/work/decks"
  ok "a decks/ in the current directory is ignored"

  run "$p/bin/cloudprep" stats --json >"$tmp/stats.json" 2>"$tmp/err" || fail "stats --json: exit $?: $(cat "$tmp/err")"
  python3 - "$tmp/stats.json" "$bank_cards" <<'PY' || fail "stats --json on a new learner"
import json, sys
d = json.load(open(sys.argv[1]))
assert d["cards"] == int(sys.argv[2]), d["cards"]
assert d["states"]["new"] == d["cards"] and d["total_reviews"] == 0, d["states"]
PY
  [ ! -e "$home/data/cloudprep/progress.db" ] || fail "stats created a database for a new learner"
  ok "stats --json works on a new learner"

  run "$p/bin/cloudprep" --screenshot "$tmp/home.png" --screen home --size 960x600 2>"$tmp/err" ||
    fail "--screenshot home: exit $?: $(cat "$tmp/err")"
  read -r w h < <(python3 -c 'import struct,sys; d=open(sys.argv[1],"rb").read(24); assert d[:8]==b"\x89PNG\r\n\x1a\n"; print(*struct.unpack(">II", d[16:24]))' "$tmp/home.png") ||
    fail "the screenshot is not a PNG"
  [ "$w $h" = "960 600" ] || fail "the screenshot is ${w}x$h"
  [ -z "$(ls -A "$tmp/work")" ] || fail "the binary wrote into the current directory: $(ls -A "$tmp/work")"
  ok "--screenshot of home renders (960x600)"
}
