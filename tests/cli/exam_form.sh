#!/usr/bin/env bash
# cloudprep exam-form: a form from the synthetic fixture bank has 65 distinct
# question items, 50 scored by quota 12/15/17/6 and 15 unscored by 4/4/5/2,
# no flashcards, and a scale that is monotone with 100 / 700 at the cut /
# 1000; the same seed gives the same form, another seed another order.
# Usage: exam_form.sh BINARY REPO_ROOT
. "$2/tests/cli/lib/common.sh"
decks=$root/tests/fixtures/exam

"$bin" --decks "$decks" exam-form --seed 1 --json >"$tmp/a.json" || { echo "exam-form failed"; exit 1; }
"$bin" --decks "$decks" exam-form --seed 1 --json >"$tmp/b.json" || exit 1
"$bin" --decks "$decks" exam-form --seed 2 --json >"$tmp/c.json" || exit 1
"$bin" --decks "$decks" exam-form --seed 3 --json --diagnostic >"$tmp/d.json" || exit 1

python3 - "$tmp" <<'PY' || exit 1
import json, sys
tmp = sys.argv[1]
a = json.load(open(tmp + "/a.json"))
b = json.load(open(tmp + "/b.json"))
c = json.load(open(tmp + "/c.json"))
d = json.load(open(tmp + "/d.json"))
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
items = a["items"]
if len(items) != 65: fail("65 items expected, got %d" % len(items))
ids = [i["id"] for i in items]
if len(set(ids)) != 65: fail("duplicate items")
if any(i["type"] not in ("single", "multi") for i in items): fail("a flashcard on the form")
for it in items:
    for key in ("id", "domain", "task", "type", "scored"):
        if key not in it: fail("item without " + key)
    if not it["task"].startswith("%d." % it["domain"]): fail("task outside its domain")
scored = [0] * 4; unscored = [0] * 4
for it in items:
    (scored if it["scored"] else unscored)[it["domain"] - 1] += 1
if scored != [12, 15, 17, 6]: fail("scored quotas %r" % scored)
if unscored != [4, 4, 5, 2]: fail("unscored quotas %r" % unscored)
flags = [it["scored"] for it in items]
if flags == sorted(flags) or flags == sorted(flags, reverse=True): fail("scored and unscored not mixed")
s = a["scale"]
cut = a["cut_raw"]
if len(s) != 51: fail("scale needs 51 entries")
if s[0] != 100 or s[50] != 1000: fail("scale ends %d, %d" % (s[0], s[50]))
if any(s[r] > s[r + 1] for r in range(50)): fail("scale not monotone")
if not 10 < cut < 45: fail("cut %r" % cut)
first_pass = next(r for r in range(51) if s[r] >= 700)
if not (first_pass - 1 < cut + 0.5 and first_pass >= cut - 0.5): fail("700 line %d vs cut %r" % (first_pass, cut))
if a != b: fail("same seed, different form")
if [i["id"] for i in c["items"]] == ids: fail("another seed, same form")
dq = [0] * 4
for it in d["items"]:
    dq[it["domain"] - 1] += 1
    if not it["scored"]: fail("unscored item on a diagnostic")
if dq != [2, 3, 4, 1]: fail("diagnostic strata %r" % dq)
print("ok: 65 items, quotas 12/15/17/6 + 4/4/5/2, cut %.2f, pass at %d right" % (cut, first_pass))
PY

# Errors: a bank too small for a form, and a bad seed.
"$bin" --decks "$root/tests/fixtures/decks/good" exam-form --seed 1 --json >/dev/null 2>"$tmp/err"
rc=$?
[ "$rc" = 2 ] || { echo "FAIL: small bank exit $rc"; exit 1; }
grep -q "domain" "$tmp/err" || { echo "FAIL: small bank message: $(cat "$tmp/err")"; exit 1; }
"$bin" --decks "$decks" exam-form --seed x >/dev/null 2>&1
[ $? = 2 ] || { echo "FAIL: bad seed accepted"; exit 1; }
exit 0
