# Shared by the end-to-end tests (tests/cli/e2e_*.sh), which source it with
# the binary as $1 and the repository root as $2. It drives the real app in a
# real window under Xvfb:
#   run_app NAME SCRIPT [DECKS]   the app with data dir $tmp/NAME, in $tmp/NAME.run
#                                 (where its screenshots land); fails the test
#                                 when the app does not exit 0 or a sanitizer
#                                 reports anything
#   start_app NAME SCRIPT [DECKS] the same in the background; $app_pid is the
#                                 app itself (for a signal), finish_app waits
#   sql NAME QUERY                a query on $tmp/NAME/progress.db
#   shots_taken NAME MESSAGE SHOT...  every SHOT.png of NAME's run is a
#                                 screenshot (else fail MESSAGE)
#   shots_differ NAME A B MESSAGE the screenshots A.png and B.png of NAME's
#                                 run differ (else fail MESSAGE)
#   review_stepped NAME MESSAGE   with two misses or more, the review's first
#                                 two screens (review1, review2) differ
#   none_open NAME                no attempt is left in progress
#   fail MESSAGE                  print "FAIL: MESSAGE" and exit 1
#   at T COMMAND ...              COMMAND with the app's clock standing at T
#   flash_deck DIR N              a deck of N flashcards in DIR
# The temporary directory is removed on exit (kept with CP_E2E_KEEP=1).
set -u
bin=$1
root=$2
# Both absolute: the app runs in a directory of its own.
case $bin in /*) ;; *) bin=$PWD/$bin ;; esac
case $root in /*) ;; *) root=$PWD/$root ;; esac
e2e_py=$root/tests/e2e/e2e.py
e2e_dir=$root/tests/e2e
decks=$root/tests/fixtures/exam

fail() { echo "FAIL: $*"; exit 1; }

if ! command -v xvfb-run >/dev/null 2>&1; then
  echo "SKIP: xvfb-run is not installed (tools/setup installs xvfb)"
  exit 0
fi
command -v python3 >/dev/null 2>&1 || fail "python3 is needed (tools/setup installs it)"
command -v sqlite3 >/dev/null 2>&1 || fail "sqlite3 is needed (tools/setup installs it)"
[ -x "$bin" ] || fail "no binary at $bin"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/cloudprep-e2e.XXXXXX")
if [ -n "${CP_E2E_KEEP:-}" ]; then
  trap 'echo "kept: $tmp (scripts, data, screenshots)"' EXIT
else
  trap 'rm -rf "$tmp"' EXIT
fi
export SDL_AUDIODRIVER=dummy

# Under AddressSanitizer, leaks are checked at exit. Two system libraries
# leak a little on their own (tests/e2e/lsan.supp), and Mesa's software GL
# driver, loaded by SDL for the window, is unloaded before the check so its
# allocations cannot be told apart: keep it loaded (LD_PRELOAD, after the
# ASan runtime, which must come first) and its memory stays reachable.
launch=()
asan_rt=$(ldd "$bin" 2>/dev/null | awk '/libasan/ {print $3; exit}')
if [ -n "$asan_rt" ]; then
  preload=$asan_rt
  for dri in /usr/lib/*/dri/swrast_dri.so /usr/lib*/dri/swrast_dri.so; do
    [ -e "$dri" ] && { preload="$preload $dri"; break; }
  done
  launch=(env "LD_PRELOAD=$preload")
  export LSAN_OPTIONS="${LSAN_OPTIONS:+$LSAN_OPTIONS:}suppressions=$e2e_dir/lsan.supp:print_suppressions=0"
fi

# Never a hang: a run that does not finish in this long is killed.
e2e_limit=${CP_E2E_LIMIT:-120}

start_app() {
  local name=$1 script=$2 deck_dir=${3:-$decks}
  mkdir -p "$tmp/$name" "$tmp/$name.run"
  rm -f "$tmp/$name.pid"
  (cd "$tmp/$name.run" &&
   exec timeout -k 5 "$e2e_limit" xvfb-run -a -s "-screen 0 1280x800x24" \
     sh -c 'echo $$ > "$0"; exec "$@"' "$tmp/$name.pid" \
     ${launch[@]+"${launch[@]}"} "$bin" --data-dir "$tmp/$name" --decks "$deck_dir" --script "$script" \
     >"$tmp/$name.out" 2>"$tmp/$name.err") &
  run_pid=$!
  app_pid=
  for _ in $(seq 1 200); do
    [ -s "$tmp/$name.pid" ] && { app_pid=$(cat "$tmp/$name.pid"); break; }
    sleep 0.05
  done
  [ -n "$app_pid" ] || fail "$name: the app did not start"
}

finish_app() {
  local name=$1
  wait "$run_pid"
  local rc=$?
  if [ "$rc" != 0 ]; then
    cat "$tmp/$name.err"
    fail "$name: the app exited with $rc"
  fi
  if grep -E "ERROR: (Address|Leak)Sanitizer|runtime error:|cloudprep: (error|cannot)" "$tmp/$name.err"; then
    fail "$name: the app reported the errors above"
  fi
}

run_app() {
  start_app "$@"
  finish_app "$1"
}

sql() { sqlite3 "$tmp/$1/progress.db" "$2"; }

shots_taken() {
  local name=$1 message=$2 shot files=()
  shift 2
  for shot in "$@"; do files+=("$tmp/$name.run/$shot.png"); done
  python3 "$e2e_py" png "${files[@]}" || fail "$message"
}

shots_differ() {
  python3 "$e2e_py" differ "$tmp/$1.run/$2.png" "$tmp/$1.run/$3.png" || fail "$4"
}

review_stepped() {
  if [ "$(sql "$1" "select count(*) from exam_item where correct = 0")" -ge 2 ]; then
    shots_differ "$1" review1 review2 "$2"
  fi
}

none_open() {
  [ "$(sql "$1" "select count(*) from exam_attempt where status = 0")" = 0 ] ||
    fail "$1: an attempt is still in progress"
}

# The script for NAME (mock-keys, ...) and its plan, written by e2e.py.
gen_script() {
  python3 "$e2e_py" script "$1" --plan "$tmp/$2.plan.json" >"$tmp/$2.script" ||
    fail "cannot write the $1 script"
}

check_attempt() {
  local name=$1 deck_dir=${2:-$decks}
  python3 "$e2e_py" check --db "$tmp/$name/progress.db" --decks "$deck_dir" \
    --plan "$tmp/$name.plan.json" --binary "$bin" ||
    fail "$name: the stored attempt does not match the script (CP_E2E_KEEP=1 keeps the screenshots;
      the mouse scripts' click points are at the top of tests/e2e/e2e.py)"
}

# flash_deck DIR N [PREFIX]: a deck of N flashcards (domains 1-4 in turn,
# ids PREFIX-fc00 ...) in DIR/flash.md, for tests that need every answer
# to be what the script says (Enter flips, a digit rates).
flash_deck() {
  local dir=$1 n=$2 prefix=${3:-clock} i d
  mkdir -p "$dir"
  for i in $(seq 0 $((n - 1))); do
    d=$((i % 4 + 1))
    printf '## %s-fc%02d Card %d\ndomain: %d; task: %d.1; type: flashcard; difficulty: medium\n\nFront %d\n\n> Back %d\n\n' \
      "$prefix" "$i" "$i" "$d" "$d" "$i" "$i"
  done >"$dir/flash.md"
  "$bin" check "$dir" >/dev/null || fail "the generated flashcard deck in $dir does not check clean"
}

# flash_scripts: the scripts the flashcard-deck tests share, in $tmp:
#   flash.script  a day's drill: flip (Enter) and rate, 20 times, the ratings
#                 cycling Good, Good, Again, Good, Easy, Good, Hard, Good
#                 (once the queue runs out the same keys go Home and back
#                 into an empty drill, which changes nothing)
#   look.script   a look around with no answer: Home, the statistics, the
#                 drill, Home, with home.png, stats.png and drill.png
#   quit.script   start and quit
flash_scripts() {
  local ratings=(3 3 1 3 4 3 2 3) i
  {
    echo "key d"
    for i in $(seq 0 19); do printf 'key enter\nkey %s\n' "${ratings[i % 8]}"; done
    echo quit
  } >"$tmp/flash.script"
  printf 'shot home.png\nkey s\nshot stats.png\nkey escape\nkey d\nshot drill.png\nkey escape\nquit\n' \
    >"$tmp/look.script"
  printf 'quit\n' >"$tmp/quit.script"
}

# at T COMMAND ARGS...: COMMAND (a function too) with the app's clock
# standing at T (CLOUDPREP_NOW=@T): every run at T sees the same instant.
at() {
  local t=$1
  shift
  export CLOUDPREP_NOW=@$t
  "$@"
  local rc=$?
  unset CLOUDPREP_NOW
  return $rc
}
