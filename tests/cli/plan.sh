#!/usr/bin/env bash
# cloudprep plan: a learner with no progress database gets a new learner's
# plan (six weeks, half an hour a day) as valid JSON without a database
# being created: every day within the budget, the days' new cards adding
# up to the plan's, the sentences' numbers adding up, no projection before
# the meter has seen growth; --minutes and --exam-date change it (more
# minutes, more cards); a simulated learner three weeks in gets a
# projection, other budgets and the earliest date at 90%, the same twice,
# and the database is left byte for byte as it was; the text form; bad
# arguments exit 2, a damaged database 3.
# Usage: plan.sh BINARY REPO_ROOT
set -u
bin=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
decks=$root/decks
now=1767614400     # 2026-01-05 12:00 UTC
export TZ=UTC       # learning days and dates as the checks below expect

run() { "$bin" --data-dir "$1" --decks "$decks" plan --json --now $now "${@:2}"; }

run "$tmp/none" >"$tmp/p30.json" || { echo "FAIL: plan exit $?"; exit 1; }
[ -e "$tmp/none" ] && { echo "FAIL: plan created the data directory"; exit 1; }
run "$tmp/none" --minutes 60 >"$tmp/p60.json" || { echo "FAIL: plan --minutes exit $?"; exit 1; }
run "$tmp/none" --exam-date 2026-03-02 >"$tmp/pdate.json" || { echo "FAIL: plan --exam-date exit $?"; exit 1; }
python3 - "$tmp/p30.json" "$tmp/p60.json" "$tmp/pdate.json" <<'PY' || exit 1
import json, re, sys
p30, p60, pdate = (json.load(open(f)) for f in sys.argv[1:4])
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
def check(p, budget):
    if p["budget_minutes"] != budget: fail("budget %r" % p["budget_minutes"])
    if len(p["days"]) != p["days_left"]: fail("days %d of %d" % (len(p["days"]), p["days_left"]))
    for d in p["days"]:
        if d["minutes"] > budget + 1e-6: fail("day %d: %.2f minutes over %d" % (d["day"], d["minutes"], budget))
        if abs(d["minutes"] - (d["new"] * 90 + d["reviews"] * 20) / 60) > 0.02: fail("day %d's minutes" % d["day"])
    if sum(d["new"] for d in p["days"]) != p["new_cards"]: fail("days' new cards do not add up")
    if sum(p["new_by_domain"]) != p["new_cards"] or sum(p["new_by_task"].values()) != p["new_cards"]:
        fail("domains or tasks do not add up")
    if sum(p["left_out_by_task"].values()) != p["left_out"]: fail("left out does not add up")
    m = re.match(r"(\d+) new cards a day for (\d+) days(?:, then (\d+) on day (\d+))?: (\d+) in all \((.*)\)", p["text"]["new_cards"])
    if not m: fail("sentence %r" % p["text"]["new_cards"])
    n, days, last, total = int(m[1]), int(m[2]), int(m[3] or 0), int(m[5])
    if n * days + last != total or total != p["new_cards"] or n != p["new_per_day"]:
        fail("%r does not add up" % p["text"]["new_cards"])
    if sum(int(x.split()[0]) for x in m[6].split(", ")) != total: fail("domains in %r" % m[6])
    if p["left_out"] and "It leaves out %d new cards" % p["left_out"] not in p["text"]["left_out"]:
        fail("left out sentence %r" % p["text"]["left_out"])
    if "minutes of drill a day" not in p["text"]["minutes"]: fail("minutes %r" % p["text"]["minutes"])
check(p30, 30)
check(p60, 60)
if p30["days_left"] != 42: fail("default date: %d days" % p30["days_left"])
if p30["growth_known"]: fail("a new learner with a projection")
if "Where this plan leads shows once" not in p30["text"]["outlook"]: fail("outlook %r" % p30["text"]["outlook"])
if p60["new_per_day"] <= p30["new_per_day"] or p60["new_cards"] <= p30["new_cards"]:
    fail("60 minutes bought no more cards")
if pdate["exam_date"] != "2026-03-02" or pdate["days_left"] != 56: fail("exam date %r, %d days" % (pdate["exam_date"], pdate["days_left"]))
if pdate["new_cards"] <= p30["new_cards"]: fail("two more weeks bought no more cards")
print("ok: new learner: %d a day at 30 minutes, %d at 60" % (p30["new_per_day"], p60["new_per_day"]))
PY
"$bin" --data-dir "$tmp/none" --decks "$decks" plan --now $now >"$tmp/p.txt" ||
  { echo "FAIL: plan (text) exit $?"; exit 1; }
grep -q "^Study plan to the exam on Mon 16 Feb (42 days from now), 30 minutes a day:" "$tmp/p.txt" ||
  { echo "FAIL: text head"; cat "$tmp/p.txt"; exit 1; }
grep -q "^  [0-9]* new cards a day for" "$tmp/p.txt" || { echo "FAIL: text plan"; cat "$tmp/p.txt"; exit 1; }

# A simulated learner three weeks in (the demo history, written through
# the real learner): a projection, the same twice, the database untouched.
demo="$(dirname "$bin")/cloudprep-demo-history"
if [ -x "$demo" ]; then
  "$demo" "$tmp/learner" "$decks" 21 4 >/dev/null || { echo "FAIL: demo history"; exit 1; }
  sum=$(cksum <"$tmp/learner/progress.db")
  "$bin" --data-dir "$tmp/learner" --decks "$decks" plan --json >"$tmp/l1.json" ||
    { echo "FAIL: plan on a learner exit $?"; exit 1; }
  "$bin" --data-dir "$tmp/learner" --decks "$decks" plan --json >"$tmp/l2.json" ||
    { echo "FAIL: plan on a learner (again) exit $?"; exit 1; }
  [ "$(cksum <"$tmp/learner/progress.db")" = "$sum" ] || { echo "FAIL: plan changed the database"; exit 1; }
  python3 - "$tmp/l1.json" "$tmp/l2.json" <<'PY' || exit 1
import json, sys
a, b = json.load(open(sys.argv[1])), json.load(open(sys.argv[2]))
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
if a != b: fail("two runs differ")
if not a["growth_known"]: fail("no growth seen after three weeks (sd %.2f)" % a["now"]["growth_sd"])
for d in a["days"]:
    if d["minutes"] > a["budget_minutes"] + 1e-6: fail("day %d over the budget" % d["day"])
p = a["projection"]
if not (100 <= p["band"][0] <= p["predicted_scaled"] <= p["band"][1] <= 1000): fail("band %r" % p["band"])
if p["new_cards"] != a["new_cards"]: fail("projection's cards")
if [x["budget_minutes"] for x in a["alternatives"]] != [45, 60]: fail("alternatives %r" % a["alternatives"])
if not (a["new_cards"] <= a["alternatives"][0]["new_cards"] <= a["alternatives"][1]["new_cards"]):
    fail("more minutes, fewer cards")
if not (p["pass_probability"] <= a["alternatives"][0]["pass_probability"] <= a["alternatives"][1]["pass_probability"]):
    fail("more minutes, a lower pass chance: %r" % [p["pass_probability"]] + [x["pass_probability"] for x in a["alternatives"]])
if not a["text"]["outlook"].startswith("If you follow it, on "): fail("outlook %r" % a["text"]["outlook"])
if "With 45 minutes a day: " not in a["text"]["others"]: fail("others %r" % a["text"]["others"])
r = a["ready"]
if r["found"] and r["point"]["pass_probability"] < 0.9: fail("ready below 0.9")
print("ok: demo learner: %d a day, pass chance %.2f -> %.2f on %s; %s" % (a["new_per_day"],
      a["now"]["pass_probability"], p["pass_probability"], p["date"], a["text"]["ready"]))
PY
fi

# Bad arguments: exit 2 with one line; a damaged database: exit 3, left alone.
for args in "--minutes 5" "--minutes 121" "--exam-date 2026-13-01" "--exam-date 2025-12-01" "--now soon" "--bogus"; do
  "$bin" --data-dir "$tmp/none" --decks "$decks" plan --now $now $args >/dev/null 2>"$tmp/err"
  rc=$?
  [ $rc = 2 ] || { echo "FAIL: plan $args gave exit $rc"; exit 1; }
  [ "$(wc -l <"$tmp/err")" = 1 ] || { echo "FAIL: plan $args: not one line: $(cat "$tmp/err")"; exit 1; }
done
mkdir -p "$tmp/bad"
head -c 4096 /dev/urandom >"$tmp/bad/progress.db"
sum=$(cksum <"$tmp/bad/progress.db")
"$bin" --data-dir "$tmp/bad" --decks "$decks" plan >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 3 ] || { echo "FAIL: a damaged database gave exit $rc"; cat "$tmp/err"; exit 1; }
[ "$(cksum <"$tmp/bad/progress.db")" = "$sum" ] || { echo "FAIL: the damaged database was changed"; exit 1; }
"$bin" plan --help | grep -q "^usage: cloudprep" || { echo "FAIL: plan --help"; exit 1; }
exit 0
