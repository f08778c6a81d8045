#!/usr/bin/env bash
# cloudprep sim with outside learners (--learner-cmd, the learner scripts of
# tests/sim) and its options, in small runs (the bundled decks once, the
# small exam fixture otherwise, to keep the valgrind run short):
# - a learner who is always right passes every mock and every real-exam
#   proxy (--holdout) at the top of the scale; one who never studies
#   answers nothing and sits no mock;
# - the requests: the deck first with every card, learners numbered from 1
#   in order, each learner's days in order with their answers after them,
#   cards answered in the proxy ("exam") never seen in another mode, and
#   "exam" answers only with a holdout;
# - a broken learner (exits early, says something not JSON, leaves out
#   "right", says "right":"yes") stops the run with exit 2 and a message
#   naming the request;
# - the same seed gives the same JSON, apart from "seconds";
# - bad --holdout, --memorisation and --reserve values exit 2.
# Usage: sim_learner.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"
decks=$root/decks
fixture=$root/tests/fixtures/exam    # 175 questions: a holdout of 0.35 leaves forms and proxies
sims=$root/tests/sim
small=(--learners 3 --days 20 --seed 7)

sim() {  # sim OUT ARGS...: runs `cloudprep --decks $deck sim ARGS`; rc set, stderr in OUT.err
  local out=$1
  shift
  "$bin" --decks "$deck" sim "$@" >"$out" 2>"$out.err"
  rc=$?
}

# ---- a learner who is always right, on the bundled decks ------------------------
# record.sh is always_right.sh that also writes down the requests.
deck=$decks
"$bin" check --json "$deck" >"$tmp/check.json" || fail "check --json"
sim "$tmp/right.json" "${small[@]}" --holdout 0.25 --json \
    --learner-cmd "sh '$sims/record.sh' '$tmp/requests'"
[ "$rc" = 0 ] || fail "always_right: exit $rc: $(head -c 600 "$tmp/right.json.err")"
[ ! -s "$tmp/right.json.err" ] || fail "always_right: $(cat "$tmp/right.json.err")"
python3 - "$tmp/right.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
def fail(msg):
    print("FAIL: always_right:", msg); sys.exit(1)
if r["learners_count"] != 3 or len(r["learners"]) != 3: fail("learners %r" % r["learners_count"])
if r["holdout"] != 0.25 or r["memorisation"] is not None or r["reserve"] is not True:
    fail("settings %r %r %r" % (r["holdout"], r["memorisation"], r["reserve"]))
mocks = [m for l in r["learners"] for m in l["mocks"]]
if [l["learner"] for l in r["learners"]] != [1, 2, 3]: fail("learner numbers")
for l in r["learners"]:
    if l["study_days"] != 20: fail("learner %d studied %d of 20 days" % (l["learner"], l["study_days"]))
    if l["answers"] < 100: fail("learner %d gave %d answers" % (l["learner"], l["answers"]))
    if not l["mocks"]: fail("learner %d sat no mock in 20 days" % l["learner"])
if r["mocks"] != len(mocks): fail("mocks %d, records %d" % (r["mocks"], len(mocks)))
for m in mocks:
    if not m["passed"] or m["scaled"] != 1000: fail("a mock at %d" % m["scaled"])
    if m.get("exam_passed") is not True or m.get("exam_scaled") != 1000:
        fail("a proxy: %r" % m)
    if not 0 <= m["fresh_scored"] <= 50: fail("fresh_scored %r" % m["fresh_scored"])
    for k in ("predicted_pass", "legacy_pass"):
        if not 0 <= m[k] <= 1: fail("%s %r" % (k, m[k]))
    if m["verdict"] not in ("Not ready", "Getting close", "Ready"): fail("verdict %r" % m["verdict"])
if r["actual_pass_rate"] != 1 or r["meter"]["exam"]["actual_pass_rate"] != 1: fail("pass rates")
for key in ("calibration", "calibration_exam"):
    if len(r[key]) != 10 or sum(b["mocks"] for b in r[key]) != len(mocks): fail(key)
for meter in ("meter", "legacy"):
    for outcome in ("mock", "exam"):
        s = r[meter][outcome]
        if s["n"] != len(mocks) or len(s["calibration"]) != 10: fail("%s.%s" % (meter, outcome))
        if s["ready_passed"] != s["ready"] or s["first_ready_passed"] != s["first_ready"]:
            fail("%s.%s: a Ready that failed, with every answer right" % (meter, outcome))
if r["brier_exam"] != r["meter"]["exam"]["brier"] or r["brier"] != r["meter"]["mock"]["brier"]:
    fail("brier")
print("ok: always_right: %d mocks, every mock and proxy passed" % len(mocks))
PY

# ---- a learner who never studies --------------------------------------------
deck=$fixture
sim "$tmp/never.json" "${small[@]}" --json --learner-cmd "sh '$sims/never_studies.sh'"
[ "$rc" = 0 ] || fail "never_studies: exit $rc: $(head -c 600 "$tmp/never.json.err")"
python3 - "$tmp/never.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
if r["mocks"] != 0 or any(l["answers"] or l["study_days"] or l["mocks"] for l in r["learners"]):
    print("FAIL: never_studies answered or sat a mock:", r["learners"]); sys.exit(1)
if "calibration_exam" in r or "exam" in r["meter"]:
    print("FAIL: proxy figures without a holdout"); sys.exit(1)
print("ok: never_studies: no answers, no mocks")
PY

# ---- the requests: the first run's, and without a holdout --------------------------
"$bin" check --json "$deck" >"$tmp/check0.json" || fail "check --json"
sim "$tmp/rec0.json" --learners 2 --days 10 --seed 3 --json \
    --learner-cmd "sh '$sims/record.sh' '$tmp/requests0'"
[ "$rc" = 0 ] || fail "record.sh, no holdout: exit $rc: $(head -c 600 "$tmp/rec0.json.err")"
python3 - "$tmp" <<'PY' || exit 1
import json, sys
tmp = sys.argv[1]
def fail(msg):
    print("FAIL: requests:", msg); sys.exit(1)

def check(path, cards_in_deck, learners, days, holdout):
    reqs = [json.loads(line) for line in open(path)]
    deck = reqs[0]
    if deck["op"] != "deck": fail("the first request is %r" % deck["op"])
    if any(q["op"] == "deck" for q in reqs[1:]): fail("a second deck request")
    cards = deck["cards"]
    if len(cards) != cards_in_deck: fail("%d cards sent, %d in the deck" % (len(cards), cards_in_deck))
    ids = {}
    for c in cards:
        if list(c) != ["id", "domain", "task", "type", "difficulty", "tags", "options", "correct"]:
            fail("card fields %r" % list(c))
        if c["type"] not in ("single", "multi", "flashcard"): fail("type %r" % c["type"])
        if c["difficulty"] not in ("easy", "medium", "hard"): fail("difficulty %r" % c["difficulty"])
        if not c["task"].startswith("%d." % c["domain"]): fail("task %r of domain %r" % (c["task"], c["domain"]))
        if not all(isinstance(t, str) and t and "," not in t and " " not in t for t in c["tags"]):
            fail("tags %r" % c["tags"])
        if c["type"] == "flashcard":
            if c["options"] != 0 or c["correct"] != 0: fail("flashcard %r" % c)
        elif not 1 <= c["correct"] < c["options"] or (c["type"] == "single") != (c["correct"] == 1):
            fail("question %r" % c)
        ids[c["id"]] = c
    if len(ids) != len(cards): fail("duplicate card ids")
    if not any(c["tags"] for c in cards): fail("no card has tags")
    # Learners from 1, in order; each learner's days in order, answers after their day.
    learner, day = 0, None
    seen = {}           # learner -> mode -> set of cards
    last_day = {}
    t_last = -1
    for i, q in enumerate(reqs[1:], 2):
        op = q["op"]
        if op == "learner":
            if q["learner"] != learner + 1: fail("request %d: learner %r after %r" % (i, q["learner"], learner))
            if not isinstance(q["seed"], int) or not 0 <= q["seed"] < 2**53: fail("seed %r" % q["seed"])
            learner, day, t_last = q["learner"], None, -1
            seen[learner] = {}
            continue
        if q["learner"] != learner: fail("request %d for learner %r during learner %r" % (i, q["learner"], learner))
        if op == "day":
            if q["day"] != (0 if day is None else day + 1): fail("request %d: day %r after %r" % (i, q["day"], day))
            day = q["day"]
            last_day[learner] = day
        elif op == "answer":
            if q["day"] != day: fail("request %d: an answer on day %r during day %r" % (i, q["day"], day))
            if q["card"] not in ids: fail("request %d: unknown card %r" % (i, q["card"]))
            if q["mode"] not in ("drill", "quiz", "diagnostic", "mock", "exam"): fail("mode %r" % q["mode"])
            if q["t"] < t_last: fail("request %d: time went back" % i)
            t_last = q["t"]
            seen[learner].setdefault(q["mode"], set()).add(q["card"])
        else:
            fail("request %d: op %r" % (i, op))
    if learner != learners: fail("%d learners, expected %d" % (learner, learners))
    if any(last_day.get(k) != days - 1 for k in range(1, learners + 1)):
        fail("the days asked end at %r, not %d" % (last_day, days - 1))
    n_exam = 0
    for k, modes in seen.items():
        exam = modes.get("exam", set())
        n_exam += len(exam)
        other = set().union(*[s for m, s in modes.items() if m != "exam"])
        if exam & other: fail("learner %d: withheld cards seen in other modes: %r" % (k, sorted(exam & other)[:5]))
        if any(ids[c]["type"] == "flashcard" for c in exam): fail("a flashcard on a proxy")
        if "mock" not in modes: fail("learner %d sat no mock" % k)
    if holdout and not n_exam: fail("no exam answers with a holdout")
    if not holdout and n_exam: fail("exam answers without a holdout")
    return len(reqs), n_exam

n, n_exam = check(tmp + "/requests", json.load(open(tmp + "/check.json"))["cards"], 3, 20, True)
n0, _ = check(tmp + "/requests0", json.load(open(tmp + "/check0.json"))["cards"], 2, 10, False)
print("ok: requests: %d with a holdout (%d proxy cards), %d without" % (n, n_exam, n0))
PY

# ---- broken learners ----------------------------------------------------------
check_bad() {  # check_bad SCRIPT REGEX...: exit 2, every REGEX in the one message
  local script=$1
  shift
  sim "$tmp/bad.json" "${small[@]}" --json --learner-cmd "sh '$sims/$script.sh'"
  [ "$rc" = 2 ] || fail "$script: exit $rc, want 2"
  [ "$(wc -l <"$tmp/bad.json.err")" = 1 ] || fail "$script: not one line: $(cat "$tmp/bad.json.err")"
  [ ! -s "$tmp/bad.json" ] || fail "$script: results printed"
  grep -q '^cloudprep sim: the learner command' "$tmp/bad.json.err" ||
    fail "$script: message $(cat "$tmp/bad.json.err")"
  for re in "$@"; do
    grep -qE "$re" "$tmp/bad.json.err" || fail "$script: no /$re/ in: $(cat "$tmp/bad.json.err")"
  done
}
check_bad bad_exits_after_deck 'exited \(status 1\) before answering request 2 \(\{"op":"learner","learner":1,'
check_bad bad_not_json 'reply to request [0-9]+ \(\{"op":"answer","learner":1,.*"card":"[^"]+".*\) is not JSON: "hello"'
check_bad bad_no_right 'reply to request [0-9]+ \(\{"op":"answer",.*\) lacks "right"'
check_bad bad_right_yes 'reply to request [0-9]+ \(\{"op":"answer",.*\) has a wrong type for "right".*"yes"'
echo "ok: broken learners: exit 2 with the request named"

# ---- the same seed, the same results ----------------------------------------------
strip() { sed -E 's/"seconds":[0-9.]+//' "$1"; }
same_twice() {  # same_twice ARGS...: two runs, the same JSON but for "seconds"
  sim "$tmp/a.json" --learners 2 --days 14 --seed 7 --json "$@"
  [ "$rc" = 0 ] || fail "sim $*: exit $rc: $(cat "$tmp/a.json.err")"
  sim "$tmp/b.json" --learners 2 --days 14 --seed 7 --json "$@"
  [ "$rc" = 0 ] || fail "sim $*: exit $rc"
  cmp -s <(strip "$tmp/a.json") <(strip "$tmp/b.json") || fail "sim $*: two runs differ"
  grep -q '"mocks":\[{' "$tmp/a.json" || fail "sim $*: no mocks to compare"
}
same_twice --learner-cmd "sh '$sims/by_card.sh'" --holdout 0.35
same_twice --memorisation 0.3 --reserve off --holdout 0.35
python3 - "$tmp/a.json" <<'PY' || exit 1
import json, sys
r = json.load(open(sys.argv[1]))
if r["memorisation"] != 0.3 or r["reserve"] is not False or r["holdout"] != 0.35:
    print("FAIL: settings", r["memorisation"], r["reserve"], r["holdout"]); sys.exit(1)
PY
echo "ok: the same seed gives the same JSON"

# ---- text output -------------------------------------------------------------------
sim "$tmp/text" --learners 2 --days 15 --holdout 0.35
[ "$rc" = 0 ] || fail "text: exit $rc: $(cat "$tmp/text.err")"
for re in '^learner 2: [0-9]+ answers on [0-9]+ study days, [0-9]+ mocks$' \
          '^  day +[0-9]+  P\(pass\) .* -> mock +[0-9]+ (PASS|fail)  fresh [0-9]+/50  exam +[0-9]+ (PASS|fail)  old meter ' \
          '^the meter against the mock \(' '^the meter against the real-exam proxy \(' \
          '^the old meter against the mock \(' '^the old meter against the real-exam proxy \(' \
          '^fresh share: '; do
  grep -qE "$re" "$tmp/text" || fail "text: no /$re/ in: $(head -c 1500 "$tmp/text")"
done
echo "ok: text output"

# ---- usage errors ----------------------------------------------------------------------
for args in "--holdout 1" "--holdout -0.1" "--holdout x" "--memorisation 2" "--memorisation -1" \
            "--reserve maybe" "--learner-cmd" "--learner-cmd="; do
  # shellcheck disable=SC2086
  sim "$tmp/usage" --learners 1 --days 1 $args
  [ "$rc" = 2 ] || fail "sim $args: exit $rc, want 2"
  opt=${args%% *}
  opt=${opt%=}
  grep -q -- "^cloudprep sim: $opt" "$tmp/usage.err" || fail "sim $args: message $(cat "$tmp/usage.err")"
done
echo "ok: usage errors"
exit 0
