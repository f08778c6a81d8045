#!/usr/bin/env bash
# End to end, keyboard only: a new learner sits a full mock exam in the real
# window (Xvfb) and submits it by hand. The script picks by letter, by digit
# and with the highlight (Up/Down/Space), re-picks and clears answers, ticks
# several options of multiple-response questions, flags and unflags, jumps
# with the navigator, changes two answers on the way back, opens the submit
# confirmation and keeps working, moves the clock 20 minutes, and leaves the
# last three questions open. Then the results, the review of the misses
# (stepped to the end), the review of every question, and home.
# The stored attempt must say exactly that: status submitted, 1200 s used,
# every question's chosen options and flag as the script left them, correct
# = chosen is the deck's correct set, raw = scored items right, scaled from
# raw and cut, every miss back in the drill as an Again review.
# Usage: e2e_mock_keys.sh BINARY REPO_ROOT
. "$2/tests/e2e/lib.sh"

gen_script mock-keys keys
run_app keys "$tmp/keys.script"
check_attempt keys

shots_taken keys "a screen was not captured" \
  exam confirm results review1 review2 review_last review_all results2 home
# The review moved from the first miss, the results were left and came back.
review_stepped keys "Right did not step the review"
shots_differ keys review_last review_all "A did not switch to every question"
shots_differ keys results2 home "Enter on the results did not go home"
none_open keys
exit 0
