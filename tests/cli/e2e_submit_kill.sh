#!/usr/bin/env bash
# End to end: SIGKILL in and around the finish of a mock exam (issue 16:
# the finish is one transaction). The real app answers all 65 questions of
# a mock by script and submits; it is killed at random points of the wait,
# the submit and the results, and the moment (or some frames after) the
# finish starts writing. After every kill the attempt is either still in
# progress with nothing of the finish stored, or submitted with its score,
# its XP and exactly one exam review per miss; the next start closes an open
# one as abandoned and leaves a submitted one as it was. A finished attempt
# without its misses in the log (misses_logged = 0, as older versions could
# leave it) gets them at the next start, once. tests/e2e/submit_kill.py does
# the killing; CP_KILL_SEED replays the same kill points.
# Usage: e2e_submit_kill.sh BINARY REPO_ROOT
. "$2/tests/e2e/lib.sh"

python3 "$e2e_dir/submit_kill.py" --bin "$bin" --decks "$decks" --tmp "$tmp" --runs "${CP_KILL_RUNS:-24}" \
  ${CP_KILL_SEED:+--seed "$CP_KILL_SEED"} -- ${launch[@]+"${launch[@]}"} ||
  fail "a kill in the finish left the attempt half-stored, or the repair did not mend it (above)"
exit 0
