#!/usr/bin/env bash
# End to end: "Fit the scheduler to my memory" on a long history, in the
# real window under Xvfb, while the learner goes on using the app.
#
# The history is eight simulated learners' logs of
# tests/fixtures/fsrs-optimize/large.tsv.gz, side by side (856,928
# answers): a fit of a few seconds. The script opens Settings and the fit
# screen, starts the fit, then goes on: back to Settings, Home, the drill
# (answers there), Statistics, and back to the fit screen, moving the app's
# clock ten minutes after each step (`advance`: no real time passes) and
# taking screenshots; then it waits for the fit (`idle`).
#
# The fit is dated with the app's clock when it ends, so a fit dated at
# least 10 x 10 minutes after the start ended only after the app had taken
# every one of those steps (and drawn a frame after each): the window kept
# answering while the fit ran, without any assumption on how fast either
# is. The fit must have used exactly the history as it was when it started
# (not the answers given meanwhile), be stored active, and beat the
# defaults; the drill's answers must all be stored, dated before the fit
# ended.
# Usage: e2e_fit.sh BINARY REPO_ROOT
. "$2/tests/e2e/lib.sh"

# The data directory first, then the history written into it.
echo quit >"$tmp/quit.script"
run_app fit "$tmp/quit.script"
answers=$(python3 - "$tmp/fit/progress.db" "$root/tests/fixtures/fsrs-optimize/large.tsv.gz" <<'PY'
import gzip, sqlite3, sys, time
db, log = sys.argv[1], sys.argv[2]
rows = [l.split("\t") for l in gzip.open(log, "rt").read().splitlines()[1:]]
last_day = max(int(r[1]) for r in rows)
# The history ends yesterday, each answer at noon (UTC) plus its place
# in the day, so the app's learning days are the log's.
end = (int(time.time()) // 86400 - 1) * 86400 + 12 * 3600
data, seq = [], 0
for copy in range(8):
    last = {}
    for card, day, rating in rows:
        seq += 1
        at = end - (last_day - int(day)) * 86400 + seq % 30000
        key = "learner%d-%s" % (copy, card)
        at = max(at, last.get(key, at))
        elapsed = (at - last[key]) / 86400 if key in last else 0.0
        last[key] = at
        data.append((key, at, int(rating), elapsed, 8000, "", "drill"))
data.sort(key=lambda d: d[1])
con = sqlite3.connect(db)
con.executemany("INSERT INTO review_log (card_id, at, rating, elapsed_days, duration_ms, chosen, mode)"
                " VALUES (?,?,?,?,?,?,?)", data)
con.commit()
print(len(data))
PY
) || fail "cannot write the history"
[ "$answers" -gt 800000 ] || fail "the history has $answers answers"
rm -f "$tmp/fit/progress.db.checked"

steps=0
{
  echo "key o";     echo "key f";     echo "shot before.png"
  echo "key enter"                                          # start the fit
  for k in escape escape d a b space enter enter a b space enter enter escape s; do
    echo "advance 600"; echo "key $k"; steps=$((steps + 1))
    [ "$k" = s ] && echo "shot stats.png"
  done
  echo "advance 600"; echo "key escape"; steps=$((steps + 1))
  echo "advance 600"; echo "key o";      steps=$((steps + 1))
  echo "advance 600"; echo "key f";      steps=$((steps + 1))
  echo "shot running.png"
  echo "idle 240000"
  echo "shot done.png"
  echo "quit"
} >"$tmp/fit.script"
steps=$(grep -c '^advance' "$tmp/fit.script")
started=$(date +%s)
run_app fit "$tmp/fit.script"

row=$(sql fit "select count(*), sum(active), max(reviews), max(log_loss_fitted < log_loss_default) from fsrs_params")
[ "$row" = "1|1|$answers|1" ] ||
  fail "stored fits (count|active|reviews|better) are $row, expected 1|1|$answers|1"
fitted_at=$(sql fit "select fitted_at from fsrs_params")
[ "$fitted_at" -ge $((started + steps * 600)) ] ||
  fail "the fit ended at $fitted_at, before the script's $steps steps (from $started) were taken: the app did not go on while it ran"
[ "$fitted_at" -le $(($(date +%s) + steps * 600)) ] || fail "the fit is dated $fitted_at, after the script ended"
drilled=$(sql fit "select count(*), min(at) > $started - 60, max(at) < $fitted_at from review_log where id > $answers")
case $drilled in
  0\|*) fail "no answer was stored from the drill while the fit ran" ;;
  *\|1\|1) ;;
  *) fail "the drill's answers (count|after start|before the fit ended) are $drilled" ;;
esac
shots=$tmp/fit.run
python3 "$e2e_py" png "$shots"/{before,stats,running,done}.png || fail "a screen was not captured"
python3 "$e2e_py" differ "$shots/running.png" "$shots/done.png" || fail "the fit screen did not change when the fit ended"
python3 "$e2e_py" differ "$shots/before.png" "$shots/running.png" || fail "the fit screen did not show the fit running"
echo "fit of $answers answers ended $(( (fitted_at - started) / 600 )) steps of 10 minutes after the start ($steps taken while it ran)"
exit 0
