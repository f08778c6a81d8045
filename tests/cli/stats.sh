#!/usr/bin/env bash
# cloudprep stats: a learner with no progress database gets the figures of an
# empty history as valid JSON, and no database is created; the JSON has every
# figure of the stats screen with its shape (182 heatmap days ending today,
# 30 forecast days, four domains, the 700/750 lines, every achievement);
# no confusion pairs; a simulated learner who mixes up a few pairs (the
# demo history) gets them in `confusions`, each scored by the documented
# formula (docs/confusion.md); a bad argument exits 2.
# Usage: stats.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"

TZ=UTC "$bin" --data-dir "$tmp/none" --decks "$root/tests/fixtures/exam" stats --json \
    --now 1730000000 >"$tmp/s.json" || { echo "FAIL: stats exit $?"; exit 1; }
[ -e "$tmp/none" ] && { echo "FAIL: stats created the data directory"; exit 1; }

python3 - "$tmp/s.json" <<'PY' || exit 1
import json, sys
s = json.load(open(sys.argv[1]))
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
# 1730000000 is 2024-10-27 03:33 UTC: before the 04:00 day start.
if s["today"] != "2024-10-26": fail("today %r" % s["today"])
days = s["heatmap"]["days"]
if len(days) != 182: fail("heatmap has %d days" % len(days))
if days[-1]["date"] != s["today"]: fail("heatmap does not end today")
if any(d["reviews"] or d["seconds"] for d in days): fail("answers in an empty history")
if len(s["forecast"]) != 30 or any(s["forecast"]): fail("forecast %r" % s["forecast"])
if s["lines"] != {"pass": 700, "target": 750}: fail("lines %r" % s["lines"])
if [d["domain"] for d in s["domains"]] != [1, 2, 3, 4]: fail("domains")
if s["states"]["new"] != s["cards"] or s["cards"] < 65: fail("states %r" % s["states"])
if s["streak"]["current"] != 0 or s["xp"] != 0 or s["level"]["level"] != 1: fail("game figures")
if len(s["achievements"]) < 15 or any(a["earned"] for a in s["achievements"]): fail("achievements")
if s["mocks"] != [] or s["plan"] is not None: fail("mocks or plan")
c = s["confusions"]
if c["pairs"] != [] or c["confused"] != 0: fail("confusions of an empty history: %r" % c)
if (c["half_life_days"], c["prior_misses"], c["prior_rights"], c["threshold"], c["min_misses"]) != (30, 0.3, 2.7, 0.3, 2):
    fail("confusion settings %r" % c)
print("ok: empty learner, %d cards, %d achievements" % (s["cards"], len(s["achievements"])))
PY

# A learner who mixes up Inspector and GuardDuty (among others), written
# through the real learner by the demo history.
demo="$(dirname "$bin")/cloudprep-demo-history"
if [ -x "$demo" ]; then
  "$demo" "$tmp/learner" "$root/decks" 30 5 >"$tmp/demo.txt" || { echo "FAIL: demo history"; exit 1; }
  "$bin" --data-dir "$tmp/learner" --decks "$root/decks" stats --json >"$tmp/l.json" ||
    { echo "FAIL: stats on a learner exit $?"; exit 1; }
  python3 - "$tmp/l.json" <<'PY' || exit 1
import json, sys
c = json.load(open(sys.argv[1]))["confusions"]
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
pairs = c["pairs"]
if not pairs: fail("no pairs")
a, b, t = c["prior_misses"], c["prior_rights"], c["threshold"]
for p in pairs:
    if p["misses"] < 1 or p["misses"] > p["offers"]: fail("counts %r" % p)
    score = (p["weighted_misses"] + a) / (p["weighted_offers"] + a + b)
    if abs(score - p["score"]) > 1e-3: fail("score %r, formula %r" % (p["score"], score))
    if p["confused"] != (p["score"] >= t and p["misses"] >= c["min_misses"]): fail("confused %r" % p)
    if p["separating_cards"] < 1 or not p["difference"] or not p["difference_card"]:
        fail("no separating card or difference for %r" % p)
flags = [p["confused"] for p in pairs]
if flags != sorted(flags, reverse=True): fail("confused pairs not first")
if c["confused"] != sum(flags): fail("confused count")
mixed = [p for p in pairs if (p["keyed"], p["chosen"]) == ("Amazon Inspector", "Amazon GuardDuty")]
if not mixed or mixed[0]["misses"] < 2: fail("the learner's Inspector/GuardDuty mix-up is missing")
print("ok: demo learner, %d pairs missed, %d confused; Inspector <- GuardDuty %d of %d" %
      (len(pairs), c["confused"], mixed[0]["misses"], mixed[0]["offers"]))
PY
  "$bin" --data-dir "$tmp/learner" --decks "$root/decks" stats >"$tmp/l.txt" ||
    { echo "FAIL: stats (text) on a learner"; exit 1; }
  grep -q "^what you mix up" "$tmp/l.txt" || { echo "FAIL: no confusions in the text"; exit 1; }
fi

"$bin" --data-dir "$tmp/none" stats --now soon >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: a bad --now was accepted"; exit 1; }
"$bin" --data-dir "$tmp/none" stats --what >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: an unknown argument was accepted"; exit 1; }
exit 0
