#!/usr/bin/env bash
# cloudprep stats: a learner with no progress database gets the figures of an
# empty history as valid JSON, and no database is created; the JSON has every
# figure of the stats screen with its shape (182 heatmap days ending today,
# 30 forecast days, four domains, the 700/750 lines, every achievement);
# a bad argument exits 2.
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
print("ok: empty learner, %d cards, %d achievements" % (s["cards"], len(s["achievements"])))
PY

"$bin" --data-dir "$tmp/none" stats --now soon >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: a bad --now was accepted"; exit 1; }
"$bin" --data-dir "$tmp/none" stats --what >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: an unknown argument was accepted"; exit 1; }
exit 0
