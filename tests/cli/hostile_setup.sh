#!/usr/bin/env bash
# A hostile setup around the real binary (issue 16's smaller holes), each
# with its exit status and the exact shape of its one-line message:
#   - a data folder (or progress.db) the user cannot read: stats and
#     --screenshot exit 3 and say so, never an empty learner with exit 0;
#   - `.lock` that cannot be opened for a reason other than permissions (a
#     directory, a symlink loop): the app refuses to start (exit 3), no
#     database is created, and an existing one is untouched;
#   - settings stored as NaN, infinities, junk or numbers past int: each
#     read as its default (stats' JSON stays JSON; the settings screen, which
#     shows them all in the text size, is pixel for pixel that of a learner
#     with no settings);
#   - `--data-dir file:foo`: a plain folder named "file:foo" in the current
#     directory, nothing anywhere else (SQLite never reads it as a URI);
#   - no display (neither DISPLAY nor WAYLAND_DISPLAY): exit 2 and say so,
#     never SDL's offscreen window waiting for keys nobody can press;
#   - a data folder that is a dangling symlink, or a file: exit 3 naming
#     what it is (app, stats, screenshot), the link's target not created;
#   - the command line: unknown options, missing values, bad sizes and times,
#     a 5,000-character path: exit 2, one line, nothing created;
#   - every screenshot removes its temporary copy of the data ($TMPDIR).
# Permission cases run as `nobody` when the test runs as root (root reads
# everything), as the user otherwise. Runs under the valgrind wrapper too.
# Usage: hostile_setup.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"
# Both absolute: some runs start in a directory of their own.
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
case $root in /*) ;; *) root=$PWD/$root ;; esac
decks=$root/tests/fixtures/exam
chmod 755 "$tmp"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy TZ=UTC
# One fixed instant for every run (so two screenshots can be compared).
export CLOUDPREP_NOW=@1803988800
# Screenshots work on a copy in a temporary folder: here, to see it removed.
export TMPDIR=$tmp/tmpdir
mkdir -m 1777 "$TMPDIR"

printf 'quit\n' >"$tmp/quit.script"
printf 'key d\nkey a\nkey enter\nkey enter\nkey a\nkey enter\nkey enter\nquit\n' >"$tmp/drill.script"

# run [--as USER] [--in DIR] ARGS...: the binary; sets rc, stdout in
# $tmp/out, stderr in $tmp/err.
run() {
  local user="" dir=$tmp
  while :; do
    case $1 in
      --as) user=$2; shift 2 ;;
      --in) dir=$2; shift 2 ;;
      *) break ;;
    esac
  done
  local cmd=("$bin" "$@")
  if [ -n "$user" ]; then
    cmd=(setpriv --reuid="$user" --regid=nogroup --clear-groups env HOME="$tmp/home" "${cmd[@]}")
  fi
  (cd "$dir" && "${cmd[@]}") >"$tmp/out" 2>"$tmp/err"
  rc=$?
}

# expect CASE RC REGEX: exit status RC and exactly one line on stderr that
# matches REGEX (anchored) and nothing on stdout.
expect() {
  local name=$1 want=$2 pattern=$3
  [ "$rc" = "$want" ] || fail "$name: exit $rc, want $want (stderr: $(head -c 600 "$tmp/err"))"
  [ "$(wc -l <"$tmp/err")" = 1 ] || fail "$name: want one line on stderr, got: $(head -c 1500 "$tmp/err")"
  grep -Eq "^($pattern)\$" "$tmp/err" || fail "$name: stderr does not match /^$pattern\$/: $(cat "$tmp/err")"
  [ ! -s "$tmp/out" ] || fail "$name: something on stdout: $(head -c 300 "$tmp/out")"
  echo "ok: $name: $(cut -c1-160 "$tmp/err")"
}

digest() { find "$1" -type f -exec sha256sum {} + 2>/dev/null | sort; }

mkdir -p "$tmp/home"
chmod 777 "$tmp/home"
# A learner with two answers, made by the app itself.
learner=$tmp/learner
run --in "$tmp" --data-dir "$learner" --decks "$decks" --script "$tmp/drill.script"
[ "$rc" = 0 ] || fail "the drill: exit $rc: $(cat "$tmp/err")"

# ---- a data folder the user cannot read -----------------------------------
if [ "$(id -u)" = 0 ]; then
  command -v setpriv >/dev/null || fail "setpriv is needed to drop to nobody (util-linux)"
  user=nobody
  as=(--as nobody)
else
  user=""
  as=()
fi
u=$tmp/unreadable
cp -r "$learner" "$u"
[ -n "$user" ] && chown -R "$user" "$u"
mkdir -p "$tmp/shots"
chmod 777 "$tmp/shots"
before=$(digest "$u")
for what in folder file; do
  if [ "$what" = folder ]; then chmod 000 "$u"; else chmod 700 "$u"; chmod 000 "$u/progress.db"; fi
  run "${as[@]}" --data-dir "$u" --decks "$decks" stats --json
  expect "stats, unreadable $what" 3 \
    "cloudprep stats: (\./)?$u/progress\.db: cannot read the progress database[ :(]+Permission denied.*permissions.*"
  run "${as[@]}" --data-dir "$u" --decks "$decks" --screenshot "$tmp/shots/u.png" --screen home
  expect "screenshot, unreadable $what" 3 \
    "cloudprep: (\./)?$u/progress\.db: cannot read the progress database[ :(]+Permission denied.*permissions.*"
  [ ! -e "$tmp/shots/u.png" ] || fail "screenshot, unreadable $what: a picture was written"
done
chmod 700 "$u"
chmod 600 "$u/progress.db"
[ "$before" = "$(digest "$u")" ] || fail "the unreadable learner's files changed"

# ---- .lock that is not a file -----------------------------------------------
lock_case() {  # lock_case NAME MAKE-LOCK-COMMAND
  local name=$1 d
  for d in fresh existing; do
    local dir=$tmp/lock-$d
    rm -rf "$dir"
    if [ "$d" = existing ]; then cp -r "$learner" "$dir"; rm -f "$dir/.lock"; else mkdir "$dir"; fi
    (cd "$dir" && eval "$2")
    local sums
    sums=$(digest "$dir")
    run --data-dir "$dir" --decks "$decks" --script "$tmp/drill.script"
    expect ".lock $name, $d folder" 3 \
      "cloudprep: (\./)?$dir/\.lock: cannot open the lock file that keeps two cloudprep apps apart \(.+\); nothing was opened\. Remove it if it is not a file, or choose another folder with --data-dir\."
    [ "$sums" = "$(digest "$dir")" ] || fail ".lock $name, $d folder: files changed"
    [ "$d" = existing ] || [ ! -e "$dir/progress.db" ] || fail ".lock $name: a database was created"
  done
}
lock_case "a directory" 'mkdir .lock'
lock_case "a symlink loop" 'ln -s .lock .lock'
grep -q "Too many levels of symbolic links" "$tmp/err" || fail ".lock loop: the reason is not given: $(cat "$tmp/err")"
# A plain .lock left by an earlier run is the normal case.
run --data-dir "$learner" --decks "$decks" --script "$tmp/quit.script"
[ "$rc" = 0 ] || fail "a normal .lock: exit $rc: $(cat "$tmp/err")"

# ---- settings that are not numbers ---------------------------------------------
plain=$tmp/plain
bad=$tmp/bad
cp -r "$learner" "$plain"
cp -r "$learner" "$bad"
python3 - "$bad/progress.db" <<'PY' || fail "cannot write the bad settings"
import sqlite3, sys
db = sqlite3.connect(sys.argv[1])
bad = {"font_scale": "nan", "desired_retention": "NaN", "new_per_day": "99999999999",
       "reviews_per_day": "-nan", "day_start_hour": "4x", "quiz_seconds": "inf",
       "daily_goal_minutes": "1e999", "theme": "purple", "exam_date": "2027-13-45",
       "sound": "yes", "reduced_motion": "", "short_term": "nan"}
for k, v in bad.items():
    db.execute("insert or replace into setting values (?, ?)", (k, v))
db.commit()
PY
run --data-dir "$bad" --decks "$decks" stats --json
[ "$rc" = 0 ] || fail "stats with bad settings: exit $rc: $(cat "$tmp/err")"
python3 - "$tmp/out" <<'PY' || fail "stats with bad settings: $(head -c 300 "$tmp/out")"
import json, sys
s = json.load(open(sys.argv[1]))     # NaN would not be JSON
assert s["retention"]["desired"] == 0.9, s["retention"]
assert s["goal_minutes"] == 15, s["goal_minutes"]
print("ok: stats with NaN and junk settings: valid JSON, desired retention 0.9, goal 15 min")
PY
for who in plain bad; do
  run --data-dir "$tmp/$who" --decks "$decks" --screenshot "$tmp/$who-settings.png" --screen settings
  [ "$rc" = 0 ] || fail "screenshot of the settings ($who settings): exit $rc: $(cat "$tmp/err")"
done
cmp -s "$tmp/plain-settings.png" "$tmp/bad-settings.png" ||
  fail "the settings screen with NaN and junk settings differs from the defaults'"
echo "ok: the settings screen with NaN and junk settings: the same pixels as with the defaults"

# ---- --data-dir file:foo ----------------------------------------------------------
cwd=$tmp/cwd
mkdir -p "$cwd"
touch "$tmp/mark"
for name in 'file:foo' 'file:bar?mode=memory&cache=shared'; do
  run --in "$cwd" --data-dir "$name" --decks "$decks" --script "$tmp/drill.script"
  [ "$rc" = 0 ] || fail "--data-dir $name: exit $rc: $(cat "$tmp/err")"
  [ -s "$cwd/$name/progress.db" ] || fail "--data-dir $name: no progress.db in ./$name"
  n=$(python3 -c 'import sqlite3,sys; print(sqlite3.connect("file:"+sys.argv[1]+"?mode=ro", uri=True).execute("select count(*) from review_log").fetchone()[0])' \
      "$(printf '%s' "$cwd/$name/progress.db" | sed 's/?/%3f/g; s/&/%26/g')")
  [ "$n" = 2 ] || fail "--data-dir $name: $n answers in ./$name/progress.db, want 2"
  run --in "$cwd" --data-dir "$name" --decks "$decks" stats --json
  [ "$rc" = 0 ] && grep -q '"total_reviews": 2' "$tmp/out" || fail "--data-dir $name: stats does not see the 2 answers"
done
stray=$(find "$tmp" "$root" -newer "$tmp/mark" \( -name 'foo*' -o -name 'bar*' -o -name '*mode=memory*' \) \
          -not -path "$cwd/file:*" 2>/dev/null | head -n 3)
[ -z "$stray" ] || fail "--data-dir file:...: stray files: $stray"
[ "$(ls -A "$cwd" | sort | tr '\n' ' ')" = "file:bar?mode=memory&cache=shared file:foo " ] ||
  fail "--data-dir file:...: the current directory holds $(ls -A "$cwd")"
echo "ok: --data-dir file:foo and file:bar?mode=memory&cache=shared: plain folders, nothing elsewhere"

# ---- no display: a clear error, not an invisible window --------------------------
# With neither DISPLAY nor WAYLAND_DISPLAY, SDL would fall back to its
# offscreen driver (a window nobody sees, waiting for keys forever); only a
# driver asked for by name (SDL_VIDEODRIVER, as this test does) is taken.
mkdir -m 700 "$tmp/xdg"
(cd "$tmp" && env -u SDL_VIDEODRIVER DISPLAY= WAYLAND_DISPLAY= XDG_RUNTIME_DIR="$tmp/xdg" \
  timeout 60 "$bin" --data-dir "$tmp/nodisplay" --decks "$decks") >"$tmp/out" 2>"$tmp/err"
rc=$?
expect "no display" 2 "cloudprep: cannot start the display: there is no desktop to show a window on: DISPLAY and WAYLAND_DISPLAY are not set \(--screenshot works without one\)"

# ---- a data folder that is a dangling symlink, or a file ----------------------------
ln -s "$tmp/gone/away" "$tmp/dangling"
for args in "--script $tmp/quit.script" "stats" "--screenshot $tmp/d.png --screen home"; do
  # shellcheck disable=SC2086  # the words of $args are meant to split
  run --data-dir "$tmp/dangling" --decks "$decks" $args
  expect "dangling symlink ($args)" 3 \
    "cloudprep( stats)?: $tmp/dangling: the data directory is a symbolic link to '$tmp/gone/away', which does not exist\. Create its target or choose another folder with --data-dir\."
  [ ! -e "$tmp/gone" ] || fail "dangling symlink ($args): its target was created"
  # shellcheck disable=SC2086
  run --data-dir "$tmp/quit.script" --decks "$decks" $args
  expect "a file as data folder ($args)" 3 \
    "cloudprep( stats)?: $tmp/quit\.script: the data directory is a file, not a folder\. Choose another with --data-dir\."
done
[ ! -e "$tmp/d.png" ] || fail "a screenshot was written for a data folder that is not there"

# ---- the command line ------------------------------------------------------------------
long=$tmp/$(head -c 5000 /dev/zero | tr '\0' a)
cli() {  # cli CASE RC REGEX ARGS...
  local name=$1 want=$2 pattern=$3
  shift 3
  run --in "$cwd" "$@"
  expect "$name" "$want" "$pattern"
}
before=$(ls -A "$cwd" "$tmp" | sort | md5sum)
cli "--bogus" 2 "cloudprep: unknown option '--bogus' \(see cloudprep --help\)" --bogus
cli "--bogus VALUE" 2 "cloudprep: unknown option '--bogus' \(see cloudprep --help\)" --bogus x
cli "--bogus=VALUE" 2 "cloudprep: unknown option '--bogus' \(see cloudprep --help\)" --bogus=1
cli "stats --bogus" 2 "cloudprep stats: unknown option '--bogus' \(see cloudprep stats --help\)" \
  --data-dir "$learner" stats --bogus
cli "stats --now (no value)" 2 "cloudprep stats: --now needs a value" --data-dir "$learner" stats --now
cli "stats --now=" 2 "cloudprep stats: --now: '' is not a time: seconds since 1970, from 2000 to 2100" \
  --data-dir "$learner" stats --now=
cli "stats --now -99999999999999" 2 \
  "cloudprep stats: --now: '-99999999999999' is not a time: seconds since 1970, from 2000 to 2100" \
  --data-dir "$learner" stats --now -99999999999999
cli "stats --now 1e9" 2 "cloudprep stats: --now: '1e9' is not a time: seconds since 1970, from 2000 to 2100" \
  --data-dir "$learner" stats --now 1e9
cli "--size 1280x800junk" 2 "cloudprep: --size: '1280x800junk' is not WIDTHxHEIGHT, e\.g\. 1280x800" \
  --data-dir "$learner" --size 1280x800junk
cli "--size -1280x800" 2 "cloudprep: --size: '-1280x800' is not WIDTHxHEIGHT, e\.g\. 1280x800" \
  --data-dir "$learner" --size -1280x800
cli "--size 100x100" 2 "cloudprep: --size: 100x100 is out of range \(320 to 8192 pixels a side\)" \
  --data-dir "$learner" --size 100x100
cli "--data-dir (no value)" 2 "cloudprep: --data-dir needs a value" stats --data-dir
cli "--data-dir ''" 2 "cloudprep: --data-dir needs a value" --data-dir "" stats
cli "a 5,000-character --data-dir (app)" 2 "cloudprep: --data-dir: the path is longer than 1000 bytes" \
  --data-dir "$long" --decks "$decks" --script "$tmp/quit.script"
cli "a 5,000-character --data-dir (stats)" 2 "cloudprep: --data-dir: the path is longer than 1000 bytes" \
  --data-dir "$long" stats
cli "a 5,000-character --screenshot" 2 "cloudprep: --screenshot: the path is longer than 1000 bytes" \
  --data-dir "$learner" --screenshot "$long.png" --screen home
run --in "$cwd" --data-dir "$learner" statz
[ "$rc" = 2 ] && [ "$(head -n 1 "$tmp/err")" = "cloudprep: unknown command 'statz'" ] ||
  fail "an unknown command: exit $rc: $(head -n 2 "$tmp/err")"
[ "$before" = "$(ls -A "$cwd" "$tmp" | sort | md5sum)" ] || fail "a refused command line created files"
[ -z "$(ls -A "$TMPDIR")" ] || fail "screenshots left temporary files: $(ls -A "$TMPDIR" "$TMPDIR"/*)"
echo "ok: every screenshot removed its temporary copy"
exit 0
