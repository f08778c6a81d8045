#!/usr/bin/env bash
# End to end: a new learner takes the 10-question diagnostic, once with the
# keyboard only (G, Enter on the introduction, the exam keys, Enter on the
# last question to submit, R to review every question, Esc back) and once
# with the mouse only (the Diagnostic button, "Start the diagnostic", option
# rows, Flag, Next, Previous, the Navigator, Submit in the dialog, the top
# bar home). Each stored attempt must match the script: kind diagnostic,
# submitted, 10 scored items stratified 2/3/4/1 by domain, a 15-minute limit,
# the answers and flags as given, the score consistent with the deck, and
# every miss back in the drill.
# Usage: e2e_diagnostic.sh BINARY REPO_ROOT
. "$2/tests/e2e/lib.sh"

for mode in keys mouse; do
  gen_script "diag-$mode" "diag-$mode"
  run_app "diag-$mode" "$tmp/diag-$mode.script"
  check_attempt "diag-$mode"
  shots_taken "diag-$mode" "$mode: a screen was not captured" intro exam confirm diagnostic home
  shots_differ "diag-$mode" intro exam "$mode: the diagnostic did not start"
  shots_differ "diag-$mode" diagnostic home "$mode: the result did not go home"
done
shots_differ diag-keys review1 review2 "keys: Right did not step the review"
exit 0
