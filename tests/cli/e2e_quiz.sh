#!/usr/bin/env bash
# End to end: quiz rounds in the real window, keyboard only and mouse only.
# Keys (tests/e2e/quiz_keys.txt): length 5, two answers, Esc ends the round;
# Enter on the summary starts another, in domain 1, two more answers, Esc,
# Esc home. Mouse: the Quiz round button, the "5" button, Start, and a full
# round of five questions answered by clicking an option and Submit / Next
# (the round may end early when three answers are wrong), then Home.
# Every answer must be in the review log (mode quiz) with what was chosen,
# graded Again exactly when it is wrong by the deck, and every finished
# round recorded by the game.
# Usage: e2e_quiz.sh BINARY REPO_ROOT
. "$2/tests/e2e/lib.sh"

run_app keys "$e2e_dir/quiz_keys.txt"
python3 "$e2e_py" check-quiz --db "$tmp/keys/progress.db" --decks "$decks" --answers 4 --rounds 2 \
  --domain-from 2 1 || fail "keys: the stored quiz answers do not match the script"
shots_taken keys "keys: a screen was not captured" setup question feedback summary home
shots_differ keys question feedback "keys: Enter did not submit"

# Mouse: four clicks a question. The first option row sits at y 192..238 for
# a single question and lower for a multiple-response one (a "choose 2" line,
# and a stem of one or two lines), so: a click at y 230 (single: picked and
# submitted; multi with a one-line stem: ticked), one at y 275 (multi with a
# two-line stem: ticked; otherwise nothing, options do not take clicks after
# submitting), then Submit-or-Next twice (Submit with nothing ticked does
# nothing). After the last question (or the third miss) the same spot is
# Home on the summary, and nothing on Home.
{
  echo "click 1105 358"          # Home (first run): Quiz round
  echo "shot setup.png"
  echo "click 382 136"           # 5 questions
  echo "click 640 753"           # Start the round
  echo "shot question.png"
  for _ in 1 2 3 4 5; do
    printf 'click 640 230\nclick 640 275\nclick 1000 740\nclick 1000 740\n'
  done
  echo "shot summary.png"
  echo "click 1000 740"          # Home on the summary
  echo "shot home.png"
  echo quit
} >"$tmp/mouse.script"
run_app mouse "$tmp/mouse.script"
python3 "$e2e_py" check-quiz --db "$tmp/mouse/progress.db" --decks "$decks" --answers-min 3 --answers-max 5 \
  --lives --rounds 1 || fail "mouse: the stored quiz answers do not match the script"
shots_taken mouse "mouse: a screen was not captured" setup question summary home
exit 0
