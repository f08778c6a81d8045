#!/usr/bin/env bash
# cloudprep readiness: a learner with no progress database gets the meter
# of an empty history (Not ready, every rule listed, fresh mocks left by the
# bank) as valid JSON without a database being created; the text form says
# the same verdict; a learner who answered questions gets evidence behind
# the estimate; a damaged database exits 3, a bad argument 2.
# Usage: readiness.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"
decks=$root/decks

"$bin" --data-dir "$tmp/none" --decks "$decks" readiness --json --now 1767614400 >"$tmp/r.json" ||
  { echo "FAIL: readiness exit $?"; exit 1; }
[ -e "$tmp/none" ] && { echo "FAIL: readiness created the data directory"; exit 1; }
python3 - "$tmp/r.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
if r["verdict"] != "Not ready" or r["ready"]: fail("a new learner is %r" % r["verdict"])
rules = sorted(x["rule"] for x in r["reasons"])
if rules != ["domain_gap", "fresh_mocks", "mock_count", "mock_scores", "pass_probability"]:
    fail("rules %r" % rules)
if r["evidence"] != 0: fail("evidence %r without answers" % r["evidence"])
if not (100 <= r["band"][0] <= r["predicted_scaled"] <= r["band"][1] <= 1000): fail("band %r" % r["band"])
if r["fresh_mocks_left"] < 5: fail("only %d fresh mocks in the bundled bank" % r["fresh_mocks_left"])
if [d["domain"] for d in r["domains"]] != [1, 2, 3, 4]: fail("domains")
print("ok: new learner, %d fresh mocks left" % r["fresh_mocks_left"])
PY
"$bin" --data-dir "$tmp/none" --decks "$decks" readiness --now 1767614400 >"$tmp/r.txt" ||
  { echo "FAIL: readiness (text) exit $?"; exit 1; }
grep -q "^Not ready: predicted" "$tmp/r.txt" || { echo "FAIL: text verdict"; cat "$tmp/r.txt"; exit 1; }

# A simulated learner three weeks in (the demo history, written through
# the real learner): first answers behind the estimate, a narrower band.
demo="$(dirname "$bin")/cloudprep-demo-history"
if [ -x "$demo" ]; then
  "$demo" "$tmp/learner" "$decks" 21 4 >/dev/null || { echo "FAIL: demo history"; exit 1; }
  "$bin" --data-dir "$tmp/learner" --decks "$decks" readiness --json >"$tmp/l.json" ||
    { echo "FAIL: readiness on a learner exit $?"; exit 1; }
  python3 - "$tmp/l.json" "$tmp/r.json" <<'PY' || exit 1
import json, sys
r, new = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
if r["evidence"] < 50: fail("evidence %r after three weeks" % r["evidence"])
if r["ability_sd"] >= new["ability_sd"]: fail("evidence did not narrow the estimate")
if not (r["band"][1] - r["band"][0] < new["band"][1] - new["band"][0]): fail("band not narrower")
if r["fresh_mocks_left"] >= new["fresh_mocks_left"]: fail("fresh mocks left did not go down")
print("ok: demo learner, evidence %.0f, predicted %d, sd %.2f" % (r["evidence"], r["predicted_scaled"], r["ability_sd"]))
PY
fi

# A damaged database: exit 3, the file left alone.
mkdir -p "$tmp/bad"
head -c 4096 /dev/urandom >"$tmp/bad/progress.db"
sum=$(cksum <"$tmp/bad/progress.db")
"$bin" --data-dir "$tmp/bad" --decks "$decks" readiness >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 3 ] || { echo "FAIL: a damaged database gave exit $rc"; cat "$tmp/err"; exit 1; }
[ "$(cksum <"$tmp/bad/progress.db")" = "$sum" ] || { echo "FAIL: the damaged database was changed"; exit 1; }
"$bin" --data-dir "$tmp/none" readiness --now soon >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: a bad --now was accepted"; exit 1; }
exit 0
