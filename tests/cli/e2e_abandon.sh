#!/usr/bin/env bash
# End to end: a mock exam that is not finished is recorded as abandoned
# (status 3), never lost and never left "in progress", with every answer and
# flag given before. Three ways out, each in the real window under Xvfb:
#   - Esc asks first: Esc stays in the exam (a later answer still counts),
#     Esc then Enter leaves (tests/e2e/abandon_esc.txt);
#   - the app is closed mid-exam (the script's quit, as a window close:
#     tests/e2e/abandon_quit.txt);
#   - the app gets SIGTERM mid-exam, as from a session logout or `kill`.
# An abandoned attempt has no score and puts nothing in the drill, and its
# time used is what the app's clock says.
# Usage: e2e_abandon.sh BINARY REPO_ROOT
. "$2/tests/e2e/lib.sh"

# expect NAME "position:chosen-count:flagged ..." TIME_USED [MAX_TIME_USED]
expect() {
  local name=$1 items=$2 used=$3 most=${4:-$3}
  local row
  row=$(sql "$name" "select count(*), min(status), max(status), max(raw_score), max(scaled_score),
                             time_used_s = finished_at - started_at from exam_attempt")
  [ "$row" = "1|3|3|0|0|1" ] ||
    fail "$name: attempt (count|status|status|raw|scaled|used = finished - started) is $row, expected 1|3|3|0|0|1"
  row=$(sql "$name" "select time_used_s from exam_attempt")
  [ "$row" -ge "$used" ] && [ "$row" -le "$most" ] || fail "$name: $row s used, the script gave $used..$most s"
  local got want=""
  got=$(sql "$name" "select group_concat(position || ':' || ((length(chosen) + 1) / 2) || ':' || flagged, ' ')
                     from (select * from exam_item where chosen != '' or flagged order by position)")
  for it in $items; do want="$want${want:+ }$it"; done
  [ "$got" = "$want" ] || fail "$name: answers and flags stored '$got', the script gave '$want'"
  [ "$(sql "$name" "select count(*) from exam_item")" = 65 ] || fail "$name: the form is not 65 items"
  [ "$(sql "$name" "select count(*) from review_log")" = 0 ] || fail "$name: an abandoned exam put cards in the drill"
}

# Answers 1 and 2, flag 3, Esc, Esc (stay), answer 3, Esc, Enter (leave).
run_app esc "$e2e_dir/abandon_esc.txt"
expect esc "0:1:0 1:1:0 2:1:1" 300
shots_taken esc "esc: no screenshots" leave_asked home
shots_differ esc leave_asked home "esc: Enter did not leave"

# Closed mid-exam: question 2 flagged, then answered.
run_app quit "$e2e_dir/abandon_quit.txt"
expect quit "0:1:0 1:1:1" 120

# SIGTERM once the second answer is stored. The script then idles, moving
# the app's clock a second per step, for 300 steps and quits: an attempt
# with 360 s used would mean the signal was not what ended the app.
{
  printf 'key m\nkey a\nadvance 60\nkey right\nkey b\n'
  for _ in $(seq 1 300); do printf 'wait 100\nadvance 1\n'; done
  echo quit
} >"$tmp/signal.script"
start_app signal "$tmp/signal.script"
stored=0
for _ in $(seq 1 300); do
  [ -f "$tmp/signal/progress.db" ] &&
    [ "$(sql signal "select count(*) from exam_item where chosen != ''" 2>/dev/null)" = 2 ] && { stored=1; break; }
  sleep 0.1
done
[ "$stored" = 1 ] || { kill -TERM "$app_pid" 2>/dev/null; fail "signal: the answers were not stored while the app ran"; }
kill -TERM "$app_pid"
finish_app signal
expect signal "0:1:0 1:1:0" 60 359
echo "ok: Esc then Enter, a close and SIGTERM each left one abandoned attempt with its answers"
exit 0
