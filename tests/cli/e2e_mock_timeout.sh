#!/usr/bin/env bash
# End to end, keyboard only: a mock exam submitted by the clock. The learner
# answers and flags the first ten questions; the app's clock jumps to the
# last second of the 90 minutes (5399 s), an eleventh answer is still taken;
# one more second and the exam closes itself and shows the results. Keys
# typed after that (Right, B, F, 2, Space) must not reach the exam.
# The stored attempt: status 2 (timed out), 5400 s used, finished exactly at
# the deadline, the answers and two flags as typed (two of the first ten
# answers are taken back, so nine questions stay answered), nothing after,
# unanswered questions wrong, raw and scaled consistent, every miss (answered
# wrong or not at all) back in the drill.
# Usage: e2e_mock_timeout.sh BINARY REPO_ROOT
. "$2/tests/e2e/lib.sh"

gen_script mock-timeout timeout
run_app timeout "$tmp/timeout.script"
check_attempt timeout

shots_taken timeout "a screen was not captured" last_second results home
shots_differ timeout last_second results "the exam did not close at the deadline"
[ "$(sql timeout "select count(*) from exam_item where chosen != ''")" = 9 ] || fail "not 9 answers stored"
[ "$(sql timeout "select chosen != '' from exam_item where position = 10")" = 1 ] ||
  fail "the answer in the last second was not taken"
[ "$(sql timeout "select chosen from exam_item where position = 11")" = "" ] || fail "a key after the deadline changed an answer"
exit 0
