#!/usr/bin/env bash
# tools/fit-projection over `cloudprep sim --plan-day` output: the simulator
# writes every field the tool reads (two small runs, seeds 1 and 2), the
# tool fits on one seed and checks on the other, writes a header of the
# shape cp_projection_calibrate takes (7, 7 and 2 weights), and the
# shipped src/core/projection_fit.h has that shape too (a weight missing
# there would be a zero in C, silently). A run with no projection to fit
# is an error.
# Usage: fit_projection.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"

for s in 1 2; do
  "$bin" --decks "$root/decks" sim --learners 30 --days 21 --plan-day 7 --holdout 0.25 --seed $s \
    --json >"$tmp/s$s.json" || fail "sim --seed $s exit $?"
done
python3 "$root/tools/fit-projection" --train 1 --check 2 --write "$tmp/fit.h" "$tmp"/s*.json \
  >"$tmp/out.txt" 2>&1 || { cat "$tmp/out.txt"; fail "fit-projection exit $?"; }
grep -q "^fit on [0-9]* learners (seeds 1)" "$tmp/out.txt" || { cat "$tmp/out.txt"; fail "no fit line"; }
grep -q "^  --days 21 --plan-day 7 | " "$tmp/out.txt" || { cat "$tmp/out.txt"; fail "no check row"; }
grep -q "^pooled, the projection: " "$tmp/out.txt" || fail "no pooled line"
grep -q "^pooled, the meter carried, uncalibrated: " "$tmp/out.txt" || fail "no carried line"
shape() {
  python3 - "$1" <<'PY'
import re, sys
text = open(sys.argv[1]).read()
counts = []
for name in ("PROJ_PASS_W", "PROJ_SCORE_W", "PROJ_SCORE_VAR"):
    m = re.search(r"^#define %s (.*)$" % name, text, re.M)
    values = [float(v) for v in m.group(1).split(",")] if m else []
    counts.append(str(len(values)))
print(" ".join(counts))
PY
}
[ "$(shape "$tmp/fit.h")" = "7 7 2" ] || fail "the written header holds $(shape "$tmp/fit.h") weights"
[ "$(shape "$root/src/core/projection_fit.h")" = "7 7 2" ] ||
  fail "src/core/projection_fit.h holds $(shape "$root/src/core/projection_fit.h") weights"
# Nothing to fit: an error, not a header of zeros.
python3 "$root/tools/fit-projection" --train 5 --check 2 --write "$tmp/none.h" "$tmp"/s*.json \
  >"$tmp/none.txt" 2>&1 && fail "fit-projection fit nothing and succeeded"
[ -e "$tmp/none.h" ] && fail "a header was written with nothing fit"
echo "ok: fit on seed 1, checked on seed 2; the shipped weights are 7, 7 and 2"
exit 0
