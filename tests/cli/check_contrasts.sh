#!/usr/bin/env bash
# cloudprep check and the confusion map's deck syntax: the fixture's option
# tags and contrast cards check clean and `check --json` lists what they
# name (`subjects`: concepts, services, tags, contrast cards with their
# one-line difference); a bad tag or contrast is `file:line: message`, exit
# 1; the bundled decks name subjects too.
# Usage: check_contrasts.sh BINARY REPO_ROOT
set -u
bin=$1
root=$2
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

"$bin" check --json "$root/tests/fixtures/confusion" >"$tmp/c.json" ||
  { echo "FAIL: the fixture does not check clean"; exit 1; }
python3 - "$tmp/c.json" <<'PY' || exit 1
import json, sys
s = json.load(open(sys.argv[1]))["subjects"]
def fail(msg):
    print("FAIL:", msg); sys.exit(1)
if (s["options"], s["tagged"], s["contrast_cards"]) != (4, 4, 2): fail("counts %r" % s)
named = {n["name"]: n for n in s["named"]}
if named["Savings Plans"] != {"name": "Savings Plans", "kind": "concept", "options": 1, "contrast_cards": 1}:
    fail("Savings Plans %r" % named.get("Savings Plans"))
if named["Amazon GuardDuty"]["kind"] != "service" or named["Amazon GuardDuty"]["contrast_cards"] != 1:
    fail("GuardDuty %r" % named.get("Amazon GuardDuty"))
tags = [(t["line"], t["tag"], t["names"]["kind"]) for t in s["tags"]]
if tags[0] != (15, "Savings Plans", "concept") or len(tags) != 4: fail("tags %r" % tags)
c = s["contrasts"][0]
if [m["name"] for m in c["members"]] != ["Amazon GuardDuty", "Amazon Inspector"]: fail("members %r" % c)
if not c["difference"].startswith("GuardDuty detects threats"): fail("difference %r" % c["difference"])
print("ok: fixture, %d tags, %d contrast cards" % (len(tags), len(s["contrasts"])))
PY

cat >"$tmp/bad.md" <<'MD'
## b1
domain: 2; task: 2.3; type: single; difficulty: easy

Which one?

- [ ] Alpha {}
- [x] Beta
- [ ] Gamma
- [ ] Delta

> Beta.

## b2
domain: 2; task: 2.3; type: flashcard; difficulty: easy; contrast: GuardDuty, Widgets

GuardDuty?

> Threats.
MD
"$bin" check "$tmp/bad.md" 2>"$tmp/err"
[ $? = 1 ] || { echo "FAIL: bad tags and contrasts did not exit 1"; exit 1; }
grep -q "bad.md:6: empty option tag" "$tmp/err" || { echo "FAIL: tag message"; cat "$tmp/err"; exit 1; }
grep -q "bad.md:14: contrast member 'Widgets' is not named" "$tmp/err" ||
  { echo "FAIL: contrast message"; cat "$tmp/err"; exit 1; }

"$bin" check --json "$root/decks" >"$tmp/b.json" || { echo "FAIL: bundled decks"; exit 1; }
python3 - "$tmp/b.json" <<'PY' || exit 1
import json, sys
s = json.load(open(sys.argv[1]))["subjects"]
if s["mapped"] < s["options"] // 3: print("FAIL: %d of %d options mapped" % (s["mapped"], s["options"])); sys.exit(1)
print("ok: bundled decks, %d of %d options name a subject, %d tagged, %d contrast cards" %
      (s["mapped"], s["options"], s["tagged"], s["contrast_cards"]))
PY
exit 0
