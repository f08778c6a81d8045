#!/usr/bin/env bash
# End to end, mouse only: a new learner opens the mock exam from Home with a
# click, answers all but the last three questions by clicking options (one,
# another, two in a row, the same one twice to clear it, every row), flags
# and unflags with the Flag button, goes back with Previous, jumps with the
# Navigator (a click on a numbered cell), opens Submit and clicks "Keep
# working", then submits from the dialog. On the results a click opens the
# review of the misses, Next steps through them to the end, and clicks on
# the top bar go back to the results and home. The stored attempt must match
# what was clicked (see tests/e2e/e2e.py check).
# Usage: e2e_mock_mouse.sh BINARY REPO_ROOT
. "$2/tests/e2e/lib.sh"

gen_script mock-mouse mouse
run_app mouse "$tmp/mouse.script"
check_attempt mouse

shots_taken mouse "a screen was not captured" \
  exam confirm results review1 review2 review_last results2 home
review_stepped mouse "Next did not step the review"
shots_differ mouse review_last results2 "the top bar did not leave the review"
shots_differ mouse results2 home "the top bar did not leave the results"
none_open mouse
exit 0
