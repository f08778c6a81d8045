#!/usr/bin/env bash
# `cmake --install` with DESTDIR into a temporary root, nothing else copied,
# then the installed binary, from a directory with no decks/ and for a
# learner whose home is a fresh temporary directory: the files in place,
# the desktop entry, metainfo and manual page valid, `check` finds the
# bundled bank beside the binary (never in the current directory), `stats
# --json` works on a new learner, `--screenshot` renders Home. Then the
# learner's own decks: counted by `check` beside the bank, a broken card
# reported as file:line and skipped, and their cards drilled in the app next
# to the bank's. Last, the real window (Xvfb) carries the installed icon.
# Usage: destdir.sh BUILD_DIR SOURCE_DIR
. "$(dirname "$0")/lib.sh"

DESTDIR=$tmp/root cmake --install "$build" --prefix /usr >"$tmp/install.log" 2>&1 ||
  fail "cmake --install: $(tail -5 "$tmp/install.log")"
p=$tmp/root/usr
check_tree "$p"

desktop-file-validate "$p/share/applications/$app_id.desktop" || fail "desktop-file-validate"
appstreamcli validate --no-net --pedantic "$p/share/metainfo/$app_id.metainfo.xml" >"$tmp/as.log" 2>&1 ||
  fail "appstreamcli validate: $(cat "$tmp/as.log")"
warnings=$(LC_ALL=C.UTF-8 MANWIDTH=80 man --warnings -E UTF-8 -l "$p/share/man/man1/cloudprep.1.gz" 2>&1 >"$tmp/man.txt")
[ -z "$warnings" ] || fail "the manual page: $warnings"
for section in SYNOPSIS COMMANDS OPTIONS FILES "EXIT STATUS" EXAMPLES; do
  grep -q "^$section" "$tmp/man.txt" || fail "the manual page has no $section"
done
ok "desktop entry, metainfo and manual page are valid"

check_runs "$p"

# ---- the learner's own decks ------------------------------------------------
card() {  # card ID DOMAIN TASK: one valid flashcard (7 lines)
  printf '## %s\ndomain: %s; task: %s; type: flashcard; difficulty: easy\n\nFront of %s\n\n> Back of %s\n\n' \
    "$1" "$2" "$3" "$1" "$1"
}
mine=$home/data/cloudprep/decks
mkdir -p "$mine/more"
{ card my-vpc 3 3.5; card my-budget 4 4.1; } >"$mine/mine.md"
{ card my-iam 2 2.3
  printf '## my-broken\ndomain: 2; task: 3.1; type: flashcard; difficulty: easy\n\nFront\n\n> Back\n\n'
} >"$mine/more/extra.md"
run "$p/bin/cloudprep" check >"$tmp/out" 2>"$tmp/err"
rc=$?
[ "$rc" = 1 ] || fail "check with a broken card of the learner's: exit $rc, want 1"
grep -qx "bundled decks: $bank_cards cards in [0-9]* files (.*)" "$tmp/out" || fail "the bank is not whole: $(cat "$tmp/out")"
grep -qx "your decks: 3 cards in 2 files, 1 skipped ($mine)" "$tmp/out" ||
  fail "check does not count the learner's cards: $(cat "$tmp/out")"
grep -qx "$mine/more/extra.md:9: task 3.1 is not in domain 2" "$tmp/err" ||
  fail "the broken card is not reported as file:line: $(cat "$tmp/err")"
ok "check: $bank_cards bundled cards, 3 of the learner's, the broken one at file:line"

run "$p/bin/cloudprep" stats --json >"$tmp/stats.json" 2>"$tmp/err" || fail "stats --json with the learner's decks: exit $?"
grep -q "extra.md:9: task 3.1 is not in domain 2 (card skipped)" "$tmp/err" || fail "stats does not warn: $(cat "$tmp/err")"
python3 -c 'import json,sys; assert json.load(open(sys.argv[1]))["cards"] == int(sys.argv[2]) + 3' \
  "$tmp/stats.json" "$bank_cards" || fail "stats does not count the learner's cards"
ok "stats counts the learner's cards and warns about the broken one"

# A duplicate of a bank id is the learner's problem; the bank keeps its card.
bank_id=$(sed -n 's/^## \([^ ]*\).*/\1/p' "$src/decks/clf-c02/1-cloud-concepts.md" | head -1)
card "$bank_id" 1 1.1 >"$mine/dup.md"
run "$p/bin/cloudprep" check --json >"$tmp/check.json" 2>"$tmp/err"
grep -q "^$mine/dup.md:1: duplicate id '$bank_id'" "$tmp/err" || fail "a duplicate of a bank id: $(cat "$tmp/err")"
python3 - "$tmp/check.json" "$bank_cards" <<'PY' || fail "check --json sources"
import json, sys
d = json.load(open(sys.argv[1]))
bank, mine = d["sources"]
assert bank["kind"] == "installed" and bank["cards"] == int(sys.argv[2]) and bank["problems"] == 0, bank
assert mine["kind"] == "learner" and mine["cards"] == 3 and mine["skipped"] == 2 and mine["problems"] == 2, mine
assert d["cards"] == int(sys.argv[2]) + 3
PY
rm "$mine/dup.md"
ok "a learner's card with a bank id is skipped; the bank keeps every card"

# The learner's cards are drilled next to the bank's: a small bank through
# CLOUDPREP_DECKS so that one day's new cards include all of them.
bank=$tmp/small-bank
mkdir -p "$bank"
{ card bank-one 1 1.2; card bank-two 3 3.1; } >"$bank/b.md"
printf 'key d\n' >"$tmp/drill.txt"
for _ in 1 2 3 4 5; do printf 'key enter\nkey enter\n' >>"$tmp/drill.txt"; done
printf 'quit\n' >>"$tmp/drill.txt"
extra_env="SDL_VIDEODRIVER=dummy SDL_AUDIODRIVER=dummy CLOUDPREP_DECKS=$bank" \
  run "$p/bin/cloudprep" --script "$tmp/drill.txt" >/dev/null 2>"$tmp/err" || fail "the app: exit $?: $(cat "$tmp/err")"
grep -q "extra.md:9: task 3.1 is not in domain 2 (card skipped)" "$tmp/err" || fail "the app does not warn: $(cat "$tmp/err")"
got=$(python3 -c 'import sqlite3,sys; print(" ".join(sorted(r[0] for r in sqlite3.connect(sys.argv[1]).execute("select distinct card_id from review_log"))))' \
  "$home/data/cloudprep/progress.db")
[ "$got" = "bank-one bank-two my-budget my-iam my-vpc" ] || fail "drilled '$got', want the bank's two and the learner's three"
ok "the app drills the learner's cards next to the bank's"

# The window carries the installed icon (64 px, read from share/icons) and
# the WM class the desktop entry names: the real window, under Xvfb.
cat >"$tmp/icon.sh" <<'SH'
"$1" --script "$2" & pid=$!
for _ in $(seq 50); do
  id=$(xwininfo -root -tree | awk '/"cloudprep/ {print $1; exit}')
  [ -n "$id" ] && break
  sleep 0.2
done
[ -n "$id" ] && xprop -id "$id" _NET_WM_ICON WM_CLASS | grep -E '^(_NET_WM_ICON|WM_CLASS)|Icon \('
wait $pid
SH
printf 'wait 3000\nquit\n' >"$tmp/wait.txt"
# (Under ASan, X and D-Bus leak a little of their own: the e2e tests check
# the window's leaks with their suppressions; here only the icon counts.)
extra_env="SDL_AUDIODRIVER=dummy ASAN_OPTIONS=detect_leaks=0" run xvfb-run -a bash "$tmp/icon.sh" "$p/bin/cloudprep" "$tmp/wait.txt" \
  >"$tmp/icon.out" 2>&1 || fail "the app under Xvfb: $(cat "$tmp/icon.out")"
grep -q "Icon (64 x 64)" "$tmp/icon.out" || fail "no 64 px window icon: $(cat "$tmp/icon.out")"
grep -q 'WM_CLASS(STRING) = "cloudprep", "cloudprep"' "$tmp/icon.out" || fail "WM_CLASS: $(cat "$tmp/icon.out")"
grep -qx "StartupWMClass=cloudprep" "$p/share/applications/$app_id.desktop" || fail "the desktop entry's StartupWMClass"
ok "the window shows the installed 64 px icon, WM_CLASS cloudprep"
