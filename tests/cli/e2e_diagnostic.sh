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
  shots=$tmp/diag-$mode.run
  python3 "$e2e_py" png "$shots"/{intro,exam,confirm,diagnostic,home}.png || fail "$mode: a screen was not captured"
  python3 "$e2e_py" differ "$shots/intro.png" "$shots/exam.png" || fail "$mode: the diagnostic did not start"
  python3 "$e2e_py" differ "$shots/diagnostic.png" "$shots/home.png" || fail "$mode: the result did not go home"
done
shots=$tmp/diag-keys.run
python3 "$e2e_py" differ "$shots/review1.png" "$shots/review2.png" || fail "keys: Right did not step the review"
exit 0
