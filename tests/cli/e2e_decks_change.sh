#!/usr/bin/env bash
# End to end: the decks change under a learner (issue 16). A deck folder
# that lacks cards the learner studied, or holds no card at all, settles no
# day, keeps no streak day for "nothing to do" and awards no achievement
# measured on the deck; the history is kept for when the decks come back.
#
# Learners A and B drill a deck of 40 flashcards at noon UTC on days 0..6
# (3 new cards a day; the 7th day earns a freeze). Then only B starts the
# app, looks at Home, the statistics and the drill, and answers nothing:
#   - on day 8 with a folder of 5 studied cards, none due (nothing to do
#     there, which must not keep the day; every card of the folder seen,
#     which must not make "Seen it all");
#   - on day 11 with an empty deck folder.
# Each start leaves `sqlite3 .dump game_day game_event` byte for byte as it
# was, and the review log and card memories too. Both drill the full deck
# on days 12 and 13; then `stats` of B agrees with A's (who never had those
# starts) in streak, freezes, XP, level, achievements and heatmap: day 7
# took the freeze, day 8 broke the streak, the 5-card and empty starts kept
# nothing. Last, a copy of B drills a folder of 4 studied cards and 1 new
# one: the answers are stored (reviews and XP) but no day is settled, no
# freeze is spent and no achievement is awarded, though every card of the
# folder is then seen.
# Usage: e2e_decks_change.sh BINARY REPO_ROOT
. "$2/tests/e2e/lib.sh"
export TZ=UTC
# The decks are under test, not drawing (see e2e_clock.sh).
export SDL_RENDER_DRIVER=software

day0=$(date -u -d 2027-03-01T12:00:00 +%s)
at_day() { echo $((day0 + $1 * 86400)); }

full=$tmp/full
flash_deck "$full" 40 deck
flash_scripts

for who in A B; do
  at "$(at_day 0)" run_app "$who" "$tmp/quit.script" "$full"
  sql "$who" "insert or replace into setting values ('new_per_day', '3')"
done
drill_day() {
  for who in A B; do
    at "$(at_day "$1")" run_app "$who" "$tmp/flash.script" "$full"
  done
}
for k in 0 1 2 3 4 5 6; do drill_day "$k"; done

# five_deck DIR IDS...: a folder with those cards of the full deck.
five_deck() {
  local dir=$1
  shift
  mkdir -p "$dir"
  python3 - "$full/flash.md" "$dir/five.md" "$@" <<'PY' || fail "cannot write the deck in $dir"
import re, sys
keep = set(sys.argv[3:])
cards = [c for c in re.split(r"(?m)^(?=## )", open(sys.argv[1]).read()) if c.startswith("## ")]
out = [c for c in cards if c.split()[1] in keep]
assert len(out) == len(keep) == 5, (len(out), keep)
open(sys.argv[2], "w").write("".join(out))
PY
  "$bin" check "$dir" >/dev/null || fail "the deck in $dir does not check clean"
}
# B's folder: five studied cards, none due on day 8: nothing to do there,
# and every card of the folder seen.
five=$tmp/five
# shellcheck disable=SC2046  # one id a word
five_deck "$five" $(sql B "select card_id from card_memory where state != 0 and due > $(at_day 9)
                           order by card_id limit 5")
# C's folder: four studied cards and one never seen.
unseen=$(sql B "select 'deck-fc' || printf('%02d', max(cast(substr(card_id, 8) as integer)) + 1) from card_memory")
[ "$(sql B "select count(*) from card_memory where card_id = '$unseen'")" = 0 ] || fail "$unseen is not new"
fivec=$tmp/five-c
# shellcheck disable=SC2046
five_deck "$fivec" $(sql B "select card_id from card_memory where state != 0 order by card_id limit 4") "$unseen"
empty=$tmp/empty
mkdir -p "$empty"

state() {  # what a start must not change
  sqlite3 "$tmp/$1/progress.db" ".dump game_day game_event"
  sql "$1" "select * from review_log order by id; select * from card_memory order by card_id;
            select * from exposure order by card_id"
}
start_with() {  # start_with DAY DECKS WHAT
  local before after
  before=$(state B)
  at "$(at_day "$1")" run_app B "$tmp/look.script" "$2"
  shots_taken B "B, $3: a screen was not captured" home stats drill
  after=$(state B)
  [ "$before" = "$after" ] ||
    fail "B, $3: the start changed the store: $(diff <(echo "$before") <(echo "$after") | head -n 8)"
  echo "ok: B, $3: game_day, game_event, the log and the memories are byte for byte as before"
}
cp -r "$tmp/B" "$tmp/C"                     # for the answer with 5 cards, below
start_with 8 "$five" "day 8 with a 5-card deck folder"
cp "$tmp/B.run/home.png" "$tmp/home-five.png"
start_with 11 "$empty" "day 11 with an empty deck folder"

for k in 12 13; do drill_day "$k"; done
when=$(($(at_day 13) + 6 * 3600))
for who in A B; do
  "$bin" --data-dir "$tmp/$who" --decks "$full" stats --json --now "$when" >"$tmp/$who.json" ||
    fail "$who: stats failed"
done
python3 - "$tmp/A.json" "$tmp/B.json" <<'PY' || fail "B's figures differ from A's (above)"
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
bad = []
for key in ("streak", "xp", "level", "achievements", "total_reviews", "states"):
    if a[key] != b[key]:
        bad.append("%s: A %r, B %r" % (key, a[key], b[key]))
days = lambda s: [{k: v for k, v in d.items() if k != "seconds"} for d in s["heatmap"]["days"]]
if days(a) != days(b):
    bad.append("heatmap: %r" % [(x, y) for x, y in zip(days(a), days(b)) if x != y][:3])
# Days 0..6 kept (a freeze on the 7th), day 7 missed (the freeze), day 8
# missed (the streak ends), days 12 and 13 kept.
want = {"current": 2, "best": 7, "freezes": 0, "today_kept": True}
if a["streak"] != want:
    bad.append("A's streak %r, expected %r" % (a["streak"], want))
for m in bad:
    print("FAIL:", m)
if bad:
    sys.exit(1)
print("ok: B, back on the full deck, has A's figures: streak %(current)d (best %(best)d), %(freezes)d freezes, "
      % a["streak"] + "%d XP, the same heatmap and achievements" % a["xp"])
PY

# C (B before those starts) drills a 5-card folder of four studied cards
# and one new: the new one comes last, and after it every card of the
# folder is seen.
last_event=$(sql C "select max(id) from game_event")
last_review=$(sql C "select max(id) from review_log")
days_before=$(sql C "select count(*) from game_day")
{ echo "key d"; for _ in 1 2 3 4 5 6; do printf 'key enter\nkey 3\n'; done; echo "shot after.png"; echo quit; } \
  >"$tmp/five.script"
at "$(at_day 8)" run_app C "$tmp/five.script" "$fivec"
[ "$(sql C "select count(*) from review_log where id > $last_review and card_id = '$unseen'")" = 1 ] ||
  fail "C: the new card $unseen was not answered with the 5-card folder"
[ "$(sql C "select count(*) from game_day")" = "$days_before" ] || fail "C: a day was settled with the 5-card folder"
new_events=$(sql C "select kind || ' ' || detail from game_event where id > $last_event order by id")
# Nor a freeze: day 7 is a missed day by the full deck, but with cards
# missing a day with nothing to do cannot be told from a missed one (for a
# learner who had seen the whole bank, a freeze would be spent on a kept
# day); the freeze is told when the full deck is back.
if echo "$new_events" | grep -Eq '^(achievement|freeze-used)'; then
  fail "C: the 5-card folder awarded or spent: $(echo "$new_events" | grep -E '^(achievement|freeze)' | tr '\n' ' ')"
fi
echo "$new_events" | grep -qx "xp review:$unseen" || fail "C: the new card's answer earned no XP: $new_events"
echo "ok: C drills the 5-card folder ($(sql C "select count(*) from review_log where id > $last_review") answers): stored ($(echo "$new_events" | tr '\n' ';')), no day settled, no freeze spent, no achievement"
exit 0
