#!/usr/bin/env bash
# Hostile decks against the real binary: invalid UTF-8 (also after more bad
# lines than are listed), a 10 MB single line, deep nesting, 100,000 cards,
# binary garbage, missing and unreadable files, a directory with no decks.
# `cloudprep check` must report every problem as `file:line: message` (or
# `file: message` for a whole file) with the right exit status, and the app
# must still start and drill the cards that are valid.
# Usage: rel_hostile_decks.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"
chmod 755 "$tmp"
export SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy

# check_run PATH...: `cloudprep check`; sets rc, stderr in $tmp/err.
check_run() {
  "$bin" check "$@" >"$tmp/out" 2>"$tmp/err"
  rc=$?
}
# Every line of stderr is `file:line: message` or `file: message` (a
# file-level problem) with a path we gave it.
diagnostics_well_formed() {
  local bad
  bad=$(grep -aEv "^$tmp/[^:]+(:[0-9]+)?: [^ ]" "$tmp/err" | grep -av '^cloudprep check:' | head -n 3)
  [ -z "$bad" ] || fail "$1: malformed diagnostics: $bad"
}
expect_diag() {  # expect_diag CASE FILE:LINE PATTERN
  grep -aE "^$2: " "$tmp/err" | grep -aEq "$3" ||
    fail "$1: no '$2: ...$3...' in: $(head -c 600 "$tmp/err")"
}

card() {  # card ID DOMAIN TASK: one valid flashcard
  printf '## %s\ndomain: %s; task: %s; type: flashcard; difficulty: easy\n\nFront of %s\n\n> Back of %s\n\n' \
    "$1" "$2" "$3" "$1" "$1"
}

# The app on deck dir D drills one card and quits; the one card answered
# must be a valid one (WANT: an extended regex of ids).
drill_one() {  # drill_one CASE DECKDIR WANT
  local data=$tmp/data-$RANDOM
  printf 'key d\nkey a\nkey enter\nkey enter\nquit\n' >"$tmp/drill.script"
  "$bin" --data-dir "$data" --decks "$2" --script "$tmp/drill.script" >/dev/null 2>"$tmp/app-err"
  local r=$?
  [ "$r" = 0 ] || fail "$1: the app did not start (exit $r): $(head -c 600 "$tmp/app-err")"
  local got
  got=$(python3 -c 'import sqlite3,sys; print(",".join(r[0] for r in sqlite3.connect(sys.argv[1]).execute("select card_id from review_log")))' "$data/progress.db")
  [[ "$got" =~ ^($3)$ ]] || fail "$1: the app answered '$got', want '$3'"
  echo "ok: $1: the app starts and drills the valid card"
}

# ---- invalid UTF-8 ---------------------------------------------------------
u=$tmp/utf8
mkdir -p "$u"
{
  card good-one 1 1.1
  printf '## bad-utf8\ndomain: 1; task: 1.2; type: flashcard; difficulty: easy\n\nFront \xff\xfe here\n\n> Back \xc3\x28\n\n'
  printf '## bad-surrogate\ndomain: 2; task: 2.1; type: flashcard; difficulty: easy\n\nFront \xed\xa0\x80\n\n> Back\n\n'
  printf '## bad-control\ndomain: 3; task: 3.1; type: flashcard; difficulty: easy\n\nFront \x01\n\n> Back\n'
} >"$u/deck.md"
check_run "$u/deck.md"
[ "$rc" = 1 ] || fail "invalid UTF-8: exit $rc, want 1"
diagnostics_well_formed "invalid UTF-8"
expect_diag "invalid UTF-8" "$u/deck.md:11" "invalid UTF-8"
expect_diag "invalid UTF-8" "$u/deck.md:13" "invalid UTF-8"
expect_diag "invalid UTF-8" "$u/deck.md:18" "invalid UTF-8"
expect_diag "invalid UTF-8" "$u/deck.md:25" "control character"
echo "ok: invalid UTF-8: reported at lines 11, 13, 18, 25"
drill_one "invalid UTF-8" "$u" good-one

# More bad lines than are listed: a bad card far down is still refused.
u2=$tmp/utf8-many
mkdir -p "$u2"
{
  for i in $(seq 100); do printf 'intro line %d \xff\n' "$i"; done
  card good-two 4 4.1
  printf '## late-bad\ndomain: 1; task: 1.1; type: flashcard; difficulty: easy\n\nFront \xff\n\n> Back\n'
} >"$u2/deck.md"
check_run "$u2/deck.md"
[ "$rc" = 1 ] || fail "many bad lines: exit $rc"
diagnostics_well_formed "many bad lines"
grep -q "more lines with invalid UTF-8" "$tmp/err" || fail "many bad lines: no summary line"
[ "$(wc -l <"$tmp/err")" -le 70 ] || fail "many bad lines: $(wc -l <"$tmp/err") lines of diagnostics"
drill_one "invalid UTF-8 after 100 bad lines" "$u2" good-two

# ---- a 10 MB single line ---------------------------------------------------
l=$tmp/long
mkdir -p "$l"
{
  card good-three 2 2.2
  printf '## huge\ndomain: 1; task: 1.1; type: flashcard; difficulty: easy\n\n'
  head -c 10485760 /dev/zero | tr '\0' 'x'
  printf '\n\n> Back\n'
} >"$l/deck.md"
head -c 10485760 /dev/zero | tr '\0' 'y' >"$l/one-line.md"     # no newline at all
check_run "$l"
[ "$rc" = 1 ] || fail "10 MB line: exit $rc"
diagnostics_well_formed "10 MB line"
expect_diag "10 MB line" "$l/deck.md:11" "line too long \(10485760 bytes"
expect_diag "10 MB line" "$l/one-line.md:1" "line too long \(10485760 bytes"
echo "ok: a 10 MB line: reported at its line"
drill_one "10 MB line" "$l" good-three

# ---- deep nesting ----------------------------------------------------------
n=$tmp/nest
mkdir -p "$n"
python3 - "$n/deck.md" <<'PY'
import sys
out = open(sys.argv[1], "w")
out.write("## nest-quotes\ndomain: 1; task: 1.1; type: flashcard; difficulty: easy\n\nfront\n\n")
out.write(">" * 16000 + " back\n\n")
out.write("## nest-lists\ndomain: 1; task: 1.1; type: single; difficulty: easy\n\nstem\n\n")
out.write("".join("  " * i + "- [ ] item %d\n" % i for i in range(8000)))
out.write("\n> why\n\n## nest-spans\ndomain: 1; task: 1.1; type: flashcard; difficulty: easy\n\n")
out.write("*" * 8000 + "x" + "*" * 8000 + "\n" + "[" * 16000 + "\n" + "`" * 16000 + "\n\n> " + "**a " * 4000 + "\n\n")
PY
card good-four 3 3.3 >>"$n/deck.md"
check_run "$n/deck.md"
[ "$rc" = 1 ] || fail "deep nesting: exit $rc: $(head -c 300 "$tmp/err")"
diagnostics_well_formed "deep nesting"
expect_diag "deep nesting" "$n/deck.md:[0-9]+" "nested|choices|flashcard"
echo "ok: deep nesting: $(wc -l <"$tmp/err") diagnostics"
# The quote nested 16,000 deep is a valid answer block.
drill_one "deep nesting" "$n" "good-four|nest-quotes"

# ---- 100,000 cards ---------------------------------------------------------
big=$tmp/big
mkdir -p "$big"
python3 - "$big" <<'PY'
import sys
tasks = {1: ["1.1", "1.2", "1.3", "1.4"], 2: ["2.1", "2.2", "2.3", "2.4"],
         3: ["3.%d" % i for i in range(1, 9)], 4: ["4.1", "4.2", "4.3"]}
for f in range(10):
    with open("%s/part-%02d.md" % (sys.argv[1], f), "w") as out:
        for k in range(10000):
            i = f * 10000 + k
            d = 1 + i % 4
            out.write("## big-%06d\ndomain: %d; task: %s; type: flashcard; difficulty: easy\n\n"
                      "Front %d\n\n> Back %d\n\n" % (i, d, tasks[d][i % len(tasks[d])], i, i))
PY
check_run "$big"
[ "$rc" = 0 ] || fail "100,000 cards: exit $rc: $(head -c 300 "$tmp/err")"
grep -q "^100000 cards in 10 files: all valid" "$tmp/out" || fail "100,000 cards: $(cat "$tmp/out")"
echo "ok: 100,000 cards: all valid"
printf 'key d\nkey a\nkey enter\nkey enter\nquit\n' >"$tmp/drill.script"
"$bin" --data-dir "$tmp/data-big" --decks "$big" --script "$tmp/drill.script" >/dev/null 2>"$tmp/app-err" ||
  fail "100,000 cards: the app did not start: $(head -c 300 "$tmp/app-err")"
echo "ok: 100,000 cards: the app starts"

# ---- binary garbage ----------------------------------------------------------
g=$tmp/garbage
mkdir -p "$g"
python3 -c 'import random,sys; r=random.Random(6); open(sys.argv[1],"wb").write(bytes(r.randrange(256) for _ in range(1 << 20)))' "$g/garbage.md"
head -c 65536 /dev/zero >"$g/zeros.md"
card good-five 4 4.3 >"$g/ok.md"
check_run "$g"
[ "$rc" = 1 ] || fail "garbage: exit $rc"
diagnostics_well_formed "garbage"
[ "$(wc -l <"$tmp/err")" -le 140 ] || fail "garbage: $(wc -l <"$tmp/err") lines of diagnostics"
expect_diag "garbage" "$g/zeros.md:1" "control character"
echo "ok: binary garbage: $(wc -l <"$tmp/err") diagnostics"
drill_one "binary garbage" "$g" good-five

# ---- missing and unreadable files ---------------------------------------------
m=$tmp/missing
mkdir -p "$m"
card good-six 1 1.3 >"$m/ok.md"
ln -s "$m/nowhere.md" "$m/dangling.md"
check_run "$m" "$tmp/does-not-exist.md"
[ "$rc" = 2 ] || fail "missing files: exit $rc, want 2"
diagnostics_well_formed "missing files"
grep -Eq "^$m/dangling.md: cannot read: No such file" "$tmp/err" || fail "missing files: $(cat "$tmp/err")"
grep -Eq "^$tmp/does-not-exist.md: cannot read: No such file" "$tmp/err" || fail "missing files: $(cat "$tmp/err")"
echo "ok: missing files: reported"
drill_one "missing files" "$m" good-six
if [ "$(id -u)" = 0 ] && command -v setpriv >/dev/null; then
  chmod 000 "$m/ok.md"
  card good-seven 2 2.4 >"$m/ok2.md"
  chmod -R a+rX "$tmp"
  chmod 000 "$m/ok.md"
  setpriv --reuid=nobody --regid=nogroup --clear-groups "$bin" check "$m" >/dev/null 2>"$tmp/err"
  rc=$?
  [ "$rc" = 2 ] || fail "unreadable file: exit $rc"
  grep -Eq "^$m/ok.md: cannot read: Permission denied" "$tmp/err" || fail "unreadable file: $(cat "$tmp/err")"
  echo "ok: unreadable file: reported"
  chmod 644 "$m/ok.md"
fi
"$bin" --data-dir "$tmp/data-none" --decks "$tmp/no-such-dir" --script "$tmp/drill.script" >/dev/null 2>"$tmp/app-err" ||
  fail "missing deck directory: the app did not start: $(cat "$tmp/app-err")"
grep -q "no-such-dir: cannot read" "$tmp/app-err" || fail "missing deck directory: no message: $(cat "$tmp/app-err")"
echo "ok: missing deck directory: the app starts and says why"

# ---- a directory with no decks ------------------------------------------------
e=$tmp/empty
mkdir -p "$e/sub"
echo "not a deck" >"$e/readme.txt"
check_run "$e"
[ "$rc" = 2 ] || fail "no decks: exit $rc, want 2"
grep -q "no deck files" "$tmp/err" || fail "no decks: $(cat "$tmp/err")"
"$bin" --data-dir "$tmp/data-empty" --decks "$e" --script "$tmp/drill.script" >/dev/null 2>"$tmp/app-err" ||
  fail "no decks: the app did not start: $(cat "$tmp/app-err")"
grep -q "empty: no usable card" "$tmp/app-err" || fail "no decks: the app said nothing: $(cat "$tmp/app-err")"
"$bin" --data-dir "$tmp/data-empty" --decks "$e" --screenshot "$tmp/home.png" --screen home --size 1280x800 \
  >/dev/null 2>&1 || fail "no decks: no screenshot of the home screen"
[ -s "$tmp/home.png" ] || fail "no decks: empty screenshot"
echo "ok: no decks: check says so, the app starts and says so"
exit 0
