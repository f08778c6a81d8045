#!/usr/bin/env python3
"""End-to-end helper for tests/cli/e2e_*.sh: writes the input scripts that
sit an exam through the real app (keyboard only or mouse only) together with
a plan of what the script did to every question, and checks what the app
stored against that plan.

  e2e.py script NAME --plan PLAN.json > SCRIPT.txt
      NAME: mock-keys | mock-mouse | mock-timeout | diag-keys | diag-mouse
  e2e.py check --db progress.db --decks DIR --plan PLAN.json
               [--binary cloudprep] [--attempt ID]
  e2e.py check-quiz --db progress.db --decks DIR [--answers N] [--rounds R] ...
  e2e.py png FILE.png [FILE.png ...]      each is a 1280x800 image
  e2e.py differ A.png B.png               the two images differ

The app shuffles the choices of every question and the script cannot know
the order, so the plan records display positions (A = 0) and the checker
replays them for each card's type and number of choices: how many options
end up chosen, and whether the question is flagged, does not depend on the
order. Everything else is checked against the deck: `correct` is exactly
"the chosen set is the card's correct set", the raw score counts the scored
items that are correct, the scaled score follows docs/scoring.md, and every
miss is back in the drill (an Again review, mode 'exam', with the same
choice). Exit status 1 with one line per failure."""
import json
import math
import os
import re
import sqlite3
import subprocess
import sys

# ---- window layout (1280x800, the app's default window) -------------------
# Where the mouse scripts click. When a screen's layout changes, a mouse test
# fails on the stored answers: keep its screenshots (CP_E2E_KEEP=1) and move
# these points to the middle of the new buttons.
# Option rows of a question with a one-line stem (every stem of the fixture
# bank): a single question's first row spans y 194..239, a multiple-response
# one's 28 px lower (the "choose N" line); rows are 57 px apart, so these y
# values hit the same letter in both.
OPTION_Y = [230, 287, 344, 401, 458]
OPTION_X = 640
EXAM_BUTTONS = {"previous": (195, 750), "flag": (417, 750), "navigator": (639, 750),
                "next": (861, 750), "submit": (1083, 750)}
DIALOG_OK, DIALOG_CANCEL = (470, 516), (809, 516)        # Submit / Keep working
RESULTS_REVIEW = (260, 730)                               # "Review N misses"
REVIEW_NEXT = (1079, 753)
TOP_BAR = (640, 30)                                       # a click here goes back
HOME_MOCK, HOME_DIAGNOSTIC = (1105, 432), (1105, 506)     # with the first-run banner
DIAGNOSTIC_START = (420, 467)


def nav_cell(i, n):
    """Centre of question i's cell in the navigator of an n-question exam:
    13 cells a row, 60 px apart, in a dialog centred on the window."""
    rows = (n + 12) // 13
    return 280 + 60 * (i % 13), 402 - 30 * (rows - 1) + 60 * (i // 13)


# ---- the script writer ------------------------------------------------------

class Writer:
    """Emits script lines and records, per question, the operations that
    reached it: ("pick", k), ("space",), ("up",), ("down",), ("flag",) and
    ("visit",) (arriving on a question resets the highlight)."""

    def __init__(self, n, mouse):
        self.n, self.mouse = n, mouse
        self.lines = []
        self.ops = [[] for _ in range(n)]
        self.cur = 0
        self.turn = 0
        self.advanced = 0
        self.shots = []

    def emit(self, line):
        self.lines.append(line)

    def key(self, name):
        self.emit("key " + name)

    def click(self, xy):
        self.emit("click %d %d" % xy)

    def shot(self, name):
        self.emit("shot " + name)
        self.shots.append(name)

    def advance(self, seconds):
        self.emit("advance %d" % seconds)
        self.advanced += seconds

    def op(self, *op):
        self.ops[self.cur].append(op)

    # Picking, by letter or by digit (keys) or by a click on the row.
    def pick(self, k):
        if self.mouse:
            self.click((OPTION_X, OPTION_Y[k]))
        else:
            self.turn += 1
            self.key("abcde"[k] if self.turn % 2 else "12345"[k])
        self.op("pick", k)

    def space(self):
        self.key("space")
        self.op("space")

    def up(self):
        self.key("up")
        self.op("up")

    def down(self):
        self.key("down")
        self.op("down")

    def flag(self):
        if self.mouse:
            self.click(EXAM_BUTTONS["flag"])
        else:
            self.key("f")
        self.op("flag")

    def arrive(self, i):
        self.cur = i
        self.op("visit")

    def goto(self, t):
        """Moves to question t the way a learner would: next/previous for a
        neighbour, the navigator for anything further."""
        if t == self.cur:
            return
        self.turn += 1
        if t == self.cur + 1:
            if self.mouse:
                self.click(EXAM_BUTTONS["next"])
            else:
                self.key("right" if self.turn % 2 else "enter")
            self.arrive(t)
            return
        if t == self.cur - 1:
            self.click(EXAM_BUTTONS["previous"]) if self.mouse else self.key("left")
            self.arrive(t)
            return
        if self.mouse:
            # A click on a cell jumps and closes the navigator; the
            # highlight is not reset by a jump, so no "visit" here.
            self.click(EXAM_BUTTONS["navigator"])
            self.click(nav_cell(t, self.n))
            self.cur = t
            return
        self.key("n")
        while self.cur != t:
            d = t - self.cur
            if abs(d) >= 13:
                self.key("down" if d > 0 else "up")
                self.arrive(self.cur + (13 if d > 0 else -13))
            else:
                self.key("right" if d > 0 else "left")
                self.arrive(self.cur + (1 if d > 0 else -1))
        self.key(["enter", "escape", "n"][self.turn % 3])


# What a learner does on one question. Each works on single (4 choices) and
# multiple-response (5 choices) questions alike.
def act_one(w):                     # one option
    w.pick(0)


def act_second(w):                  # one option, another letter
    w.pick(1)


def act_two(w):                     # single: the second replaces the first
    w.pick(2)
    w.pick(3)


def act_cleared(w):                 # the same option twice: nothing chosen
    w.pick(1)
    w.pick(1)


def act_all(w):                     # every letter: single keeps the last valid
    for k in range(5):
        w.pick(k)


def act_cursor(w):                  # keys: highlight C, Space
    w.down()
    w.down()
    w.space()


def act_cursor_wrap(w):             # keys: Up from A wraps to the last option
    w.up()
    w.space()


def act_space_clears(w):            # keys: pick C, Space on it again clears it
    w.pick(2)
    w.space()


KEY_ACTIONS = [act_one, act_second, act_two, act_cleared, act_all, act_cursor, act_cursor_wrap,
               act_space_clears]
MOUSE_ACTIONS = [act_one, act_second, act_two, act_cleared, act_all]


def sit(w, order, actions, flags, revisits=(), extra=None):
    """Visits the questions in `order`, doing actions[i % len] on each,
    flagging those in flags (twice = unflagged). `extra` maps a step number
    to a callable run before that step (a clock jump, a cancelled submit)."""
    done = set()
    for step, i in enumerate(order):
        if extra and step in extra:
            extra[step](w)
        w.goto(i)
        if i not in done:
            actions[i % len(actions)](w)
            done.add(i)
        for _ in range(flags.get(i, 0)):
            w.flag()
    for i, act in revisits:
        w.goto(i)
        act(w)


def cancelled_submit(w):
    """Opens the submit confirmation and keeps working."""
    if w.mouse:
        w.click(EXAM_BUTTONS["submit"])
        w.click(DIALOG_CANCEL)
    else:
        w.key("s")
        w.key("escape")


def submit_on_last(w):
    """Goes to the last question and submits (keys: Enter on the last asks)."""
    w.goto(w.n - 1)
    if w.mouse:
        w.click(EXAM_BUTTONS["submit"])
        w.shot("confirm.png")
        w.click(DIALOG_OK)
    else:
        w.key("enter")
        w.shot("confirm.png")
        w.key("enter")


def script_mock(mouse):
    w = Writer(65, mouse)
    w.key("m") if not mouse else w.click(HOME_MOCK)
    w.shot("exam.png")
    # 0..19 in order, then a jump ahead to 45..50, back to 20..44, then
    # 51..61; 62..64 are left unanswered. The clock moves 20 minutes.
    order = list(range(0, 20)) + list(range(45, 51)) + list(range(20, 45)) + list(range(51, 62))
    flags = {3: 1, 17: 1, 21: 2, 40: 1, 47: 1, 58: 1}
    extra = {10: lambda w: w.advance(600), 30: cancelled_submit, 40: lambda w: w.advance(600)}
    # Change two answers on the way back: 5 gets a new pick, 12 is cleared.
    sit(w, order, MOUSE_ACTIONS if mouse else KEY_ACTIONS, flags, extra=extra,
        revisits=[(12, act_cleared), (5, act_second)])
    submit_on_last(w)
    w.shot("results.png")
    if mouse:
        w.click(RESULTS_REVIEW)
        w.shot("review1.png")
        w.click(REVIEW_NEXT)
        w.shot("review2.png")
        for _ in range(70):                 # past the last one: nothing more
            w.click(REVIEW_NEXT)
        w.shot("review_last.png")
        w.click(TOP_BAR)                    # back to the results
        w.shot("results2.png")
        w.click(TOP_BAR)                    # and home
    else:
        w.key("r")
        w.shot("review1.png")
        w.key("right")
        w.shot("review2.png")
        for _ in range(70):
            w.key("right")
        w.shot("review_last.png")
        w.key("a")                          # every question
        w.shot("review_all.png")
        w.key("escape")
        w.key("a")                          # Results: A reviews them all
        w.key("left")
        w.key("escape")
        w.shot("results2.png")
        w.key("enter")                      # home
    w.shot("home.png")
    w.emit("quit")
    return w, {"kind": "mock", "status": 1, "time_used_s": w.advanced}


def script_timeout():
    w = Writer(65, False)
    w.key("m")
    sit(w, list(range(0, 10)), KEY_ACTIONS, {2: 1, 7: 1})
    w.advance(5399)                          # the last second of the exam
    w.goto(10)
    act_one(w)                               # still taken
    w.shot("last_second.png")
    w.advance(1)                             # time is up
    w.emit("# Anything typed now must not reach the exam.")
    for k in ("right", "b", "f", "2", "space"):
        w.key(k)
    w.shot("results.png")
    w.key("enter")
    w.shot("home.png")
    w.emit("quit")
    return w, {"kind": "mock", "status": 2, "time_used_s": 5400}


def script_diagnostic(mouse):
    w = Writer(10, mouse)
    if mouse:
        w.click(HOME_DIAGNOSTIC)
        w.shot("intro.png")
        w.click(DIAGNOSTIC_START)
    else:
        w.key("g")
        w.shot("intro.png")
        w.key("enter")
    w.shot("exam.png")
    sit(w, list(range(10)), MOUSE_ACTIONS if mouse else KEY_ACTIONS, {4: 1, 6: 2},
        revisits=[(3, act_one)])
    submit_on_last(w)
    w.shot("diagnostic.png")
    if mouse:
        w.click(TOP_BAR)                    # home
    else:
        w.key("r")                          # review every question
        w.shot("review1.png")
        w.key("right")
        w.shot("review2.png")
        w.key("escape")
        w.key("escape")
    w.shot("home.png")
    w.emit("quit")
    return w, {"kind": "diagnostic", "status": 1, "time_used_s": w.advanced}


def cmd_script(args):
    name = args[0]
    plan_path = args[args.index("--plan") + 1]
    w, plan = {
        "mock-keys": lambda: script_mock(False),
        "mock-mouse": lambda: script_mock(True),
        "mock-timeout": script_timeout,
        "diag-keys": lambda: script_diagnostic(False),
        "diag-mouse": lambda: script_diagnostic(True),
    }[name]()
    plan.update({"name": name, "n_items": w.n, "ops": w.ops, "shots": w.shots})
    with open(plan_path, "w") as f:
        json.dump(plan, f)
    sys.stdout.write("# generated by tests/e2e/e2e.py script %s\n" % name)
    sys.stdout.write("\n".join(w.lines) + "\n")
    return 0


# ---- the deck, read independently of the app -------------------------------

def read_decks(path):
    """{id: {"type", "domain", "correct": set of deck-order indexes, "n"}}
    from every *.md under path (headings, the metadata line, the task list)."""
    cards = {}
    files = []
    for root, _, names in os.walk(path):
        files += [os.path.join(root, n) for n in names if n.endswith(".md")]
    for name in sorted(files):
        card = None
        fence = False
        with open(name, encoding="utf-8") as f:
            for line in f:
                if line.lstrip().startswith("```"):
                    fence = not fence
                    continue
                if fence:
                    continue
                m = re.match(r"## (\S+)", line)
                if m:
                    card = {"type": None, "domain": None, "correct": set(), "n": 0}
                    cards[m.group(1)] = card
                    continue
                if card is None:
                    continue
                if card["type"] is None:
                    t = re.search(r"(?:^|;)\s*type:\s*(\w+)", line)
                    d = re.search(r"(?:^|;)\s*domain:\s*(\d)", line)
                    if t and d:
                        card["type"], card["domain"] = t.group(1), int(d.group(1))
                    continue
                c = re.match(r"\s*[-*+] \[([ xX])\] ", line)
                if c:
                    if c.group(1) in "xX":
                        card["correct"].add(card["n"])
                    card["n"] += 1
    return cards


def replay(ops, card):
    """How many options the learner's operations leave chosen, and whether
    the question ends flagged."""
    n, multi = card["n"], card["type"] == "multi"
    chosen, cursor, flagged = set(), 0, False

    def pick(k):
        nonlocal chosen, cursor
        if k >= n:
            return
        cursor = k
        if multi:
            chosen ^= {k}
        else:
            chosen = set() if chosen == {k} else {k}

    for op in ops:
        kind = op[0]
        if kind == "visit":
            cursor = 0
        elif kind == "pick":
            pick(op[1])
        elif kind == "space":
            pick(cursor)
        elif kind == "up":
            cursor = (cursor - 1) % n
        elif kind == "down":
            cursor = (cursor + 1) % n
        elif kind == "flag":
            flagged = not flagged
    return len(chosen), flagged


def scale(raw, cut, n_scored):
    """docs/scoring.md: 0 -> 100, cut -> 700, all -> 1000, linear between
    (the same arithmetic as cp_score_scale, rounded half away from zero)."""
    if n_scored < 2:
        return 1000 if raw >= n_scored else 100
    cut = min(max(cut, 1.0), n_scored - 1.0)
    if raw <= 0:
        x = 100.0
    elif raw >= n_scored:
        x = 1000.0
    elif raw <= cut:
        x = 100 + (700 - 100) * raw / cut
    else:
        x = 700 + (1000 - 700) * (raw - cut) / (n_scored - cut)
    return int(math.floor(x + 0.5))


def cmd_check(args):
    opt = {args[i]: args[i + 1] for i in range(0, len(args) - 1, 2)}
    plan = json.load(open(opt["--plan"]))
    cards = read_decks(opt["--decks"])
    db = sqlite3.connect(opt["--db"])
    fails = []

    def fail(msg):
        fails.append(msg)

    kind = plan["kind"]
    rows = db.execute("SELECT id, kind, started_at, finished_at, status, time_limit_s, time_used_s, "
                      "raw_score, cut_raw, scaled_score FROM exam_attempt ORDER BY id").fetchall()
    if "--attempt" in opt:
        rows = [r for r in rows if r[0] == int(opt["--attempt"])]
    else:
        rows = [r for r in rows if r[1] == kind]
    if len(rows) != 1:
        print("FAIL: expected one %s attempt, found %d" % (kind, len(rows)))
        return 1
    aid, _, started, finished, status, limit, used, raw, cut, scaled = rows[0]
    mock = kind == "mock"
    if status != plan["status"]:
        fail("status %d, expected %d" % (status, plan["status"]))
    if limit != (5400 if mock else 900):
        fail("time limit %d s" % limit)
    if used != plan["time_used_s"]:
        fail("time used %d s, the script moved the clock %d s" % (used, plan["time_used_s"]))
    if finished != started + used:
        fail("finished_at %d is not started_at %d + time used %d" % (finished, started, used))

    items = db.execute("SELECT position, card_id, scored, chosen, correct, flagged FROM exam_item "
                       "WHERE attempt_id = ? ORDER BY position", (aid,)).fetchall()
    if [it[0] for it in items] != list(range(plan["n_items"])):
        fail("positions %r, expected 0..%d" % ([it[0] for it in items], plan["n_items"] - 1))
        items = []
    ids = [it[1] for it in items]
    if len(set(ids)) != len(ids):
        fail("a card appears twice on the form")
    scored_by_domain = [0] * 4
    right_scored = 0
    misses = {}
    answered = flagged_n = 0
    for pos, card_id, scored, chosen, correct, flagged in items:
        card = cards.get(card_id)
        if not card or card["type"] not in ("single", "multi"):
            fail("position %d: %s is not a question card of the deck" % (pos, card_id))
            continue
        if scored:
            scored_by_domain[card["domain"] - 1] += 1
        got = [int(x) for x in chosen.split(",")] if chosen else []
        if got != sorted(set(got)) or any(x < 0 or x >= card["n"] for x in got):
            fail("position %d (%s): chosen %r is not a set of deck-order indexes" % (pos, card_id, chosen))
        want_n, want_flag = replay(plan["ops"][pos], card)
        if len(got) != want_n:
            fail("position %d (%s, %s): %d option(s) stored (%r), the script left %d chosen"
                 % (pos, card_id, card["type"], len(got), chosen, want_n))
        if bool(flagged) != want_flag:
            fail("position %d: flagged %d, the script left it %s" % (pos, flagged,
                                                                      "flagged" if want_flag else "unflagged"))
        right = bool(got) and set(got) == card["correct"]
        if bool(correct) != right:
            fail("position %d (%s): correct=%d but chosen %r vs the deck's %r"
                 % (pos, card_id, correct, chosen, sorted(card["correct"])))
        if scored and right:
            right_scored += 1
        if not right:
            misses[card_id] = chosen
        answered += bool(got)
        flagged_n += bool(flagged)

    n_scored = 50 if mock else 10
    # The attempt stores how many scored items were new to the learner when
    # it began: no answer and no exposure before it.
    fresh_stored = db.execute("SELECT fresh_scored FROM exam_attempt WHERE id = ?", (aid,)).fetchone()[0]
    fresh_want = 0
    for pos, card_id, scored, chosen, correct, flagged in items:
        if not scored:
            continue
        met = db.execute("SELECT (SELECT count(*) FROM review_log WHERE card_id = ? AND at < ?) + "
                         "(SELECT count(*) FROM exposure WHERE card_id = ? AND first_at < ?)",
                         (card_id, started, card_id, started)).fetchone()[0]
        fresh_want += met == 0
    if fresh_stored != fresh_want:
        fail("fresh_scored %d, but %d scored items were new to the learner" % (fresh_stored, fresh_want))
    if sum(scored_by_domain) != n_scored:
        fail("%d scored items, expected %d" % (sum(scored_by_domain), n_scored))
    want_quota = [12, 15, 17, 6] if mock else [2, 3, 4, 1]
    if scored_by_domain != want_quota:
        fail("scored items by domain %r, expected %r" % (scored_by_domain, want_quota))

    # Reviews of misses: only a scored attempt (submitted or timed out) has them.
    reviews = db.execute("SELECT card_id, rating, chosen, at FROM review_log WHERE mode = 'exam' "
                         "AND at >= ? AND at <= ? ORDER BY id", (started, max(finished, started))).fetchall()
    if status in (1, 2):
        if raw != right_scored:
            fail("raw score %d, but %d scored items are correct" % (raw, right_scored))
        want = scale(raw, cut, n_scored)
        if scaled != want:
            fail("scaled score %d for raw %d and cut %.4f, expected %d" % (scaled, raw, cut, want))
        if not 1.0 <= cut <= n_scored - 1:
            fail("cut raw score %r outside 1..%d" % (cut, n_scored - 1))
        got_reviews = {}
        for card_id, rating, chosen, _ in reviews:
            if card_id in got_reviews:
                fail("two exam reviews for %s" % card_id)
            got_reviews[card_id] = chosen
            if rating != 1:
                fail("the miss %s was reviewed with rating %d, not Again" % (card_id, rating))
        if got_reviews != misses:
            extra = sorted(set(got_reviews) - set(misses))
            missing = sorted(set(misses) - set(got_reviews))
            wrong = sorted(k for k in set(misses) & set(got_reviews) if misses[k] != got_reviews[k])
            fail("exam reviews do not match the misses: not reviewed %r, reviewed but right %r, "
                 "other choice %r" % (missing, extra, wrong))
    elif reviews:
        fail("an unscored (abandoned) attempt left %d exam reviews" % len(reviews))
    if status == 3 and (raw or scaled):
        fail("an abandoned attempt has a score (raw %d, scaled %d)" % (raw, scaled))

    # The same form as `cloudprep exam-form` builds for a new learner with
    # the seed the app used (its clock at the start): then the scored flags
    # and the cut must agree too. Only a note when it cannot be reproduced.
    if "--binary" in opt and items:
        seed = (started * 2654435761 ^ (0 if mock else 1)) % (1 << 64)
        cmd = [opt["--binary"], "--decks", opt["--decks"], "exam-form", "--seed", str(seed), "--json"]
        if not mock:
            cmd.append("--diagnostic")
        out = subprocess.run(cmd, capture_output=True, text=True)
        form = json.loads(out.stdout) if out.returncode == 0 else None
        if form and [i["id"] for i in form["items"]] == ids:
            if [bool(i["scored"]) for i in form["items"]] != [bool(it[2]) for it in items]:
                fail("scored flags differ from exam-form's")
            if abs(form["cut_raw"] - cut) > 1e-3:
                fail("cut raw %.4f, exam-form says %.4f" % (cut, form["cut_raw"]))
            if status in (1, 2) and form["scale"][raw] != scaled:
                fail("scaled %d, exam-form's scale says %d for raw %d" % (scaled, form["scale"][raw], raw))
        else:
            print("note: the form could not be reproduced with exam-form (recent forms, or the app "
                  "seeds differently); checked against the deck only")

    if fails:
        for f in fails:
            print("FAIL:", f)
        return 1
    print("ok: %s attempt %d, status %d, %d answered, %d flagged, raw %d, cut %.2f, scaled %d, "
          "%d misses reviewed, %d s used" % (kind, aid, status, answered, flagged_n, raw, cut, scaled,
                                             len(misses) if status in (1, 2) else 0, used))
    return 0


def cmd_quiz(args):
    """check-quiz: the quiz answers in the review log. Options: --db, --decks,
    --answers N (or --answers-min/--answers-max), --rounds R (finished rounds
    in the game log), --domain-from K D (answers K.. are from domain D),
    --lives (a round that ended before --answers-max lost its three lives)."""
    opt = {}
    i = 0
    while i < len(args):
        if args[i] == "--lives":
            opt["--lives"] = True
            i += 1
        elif args[i] == "--domain-from":
            opt["--domain-from"] = (int(args[i + 1]), int(args[i + 2]))
            i += 3
        else:
            opt[args[i]] = args[i + 1]
            i += 2
    cards = read_decks(opt["--decks"])
    db = sqlite3.connect(opt["--db"])
    fails = []
    modes = db.execute("SELECT DISTINCT mode FROM review_log").fetchall()
    if [m[0] for m in modes] not in ([], ["quiz"]):
        fails.append("review modes %r, only quiz expected" % modes)
    rows = db.execute("SELECT card_id, rating, chosen FROM review_log WHERE mode = 'quiz' ORDER BY id").fetchall()
    lo = int(opt.get("--answers-min", opt.get("--answers", 0)))
    hi = int(opt.get("--answers-max", opt.get("--answers", 10 ** 6)))
    if not lo <= len(rows) <= hi:
        fails.append("%d quiz answers stored, the script gave %d..%d" % (len(rows), lo, hi))
    again = 0
    for k, (card_id, rating, chosen) in enumerate(rows):
        card = cards.get(card_id)
        if not card or card["type"] not in ("single", "multi"):
            fails.append("answer %d: %s is not a question card" % (k, card_id))
            continue
        got = [int(x) for x in chosen.split(",")] if chosen else []
        if not got or any(x >= card["n"] for x in got) or got != sorted(set(got)):
            fails.append("answer %d (%s): chosen %r" % (k, card_id, chosen))
        right = set(got) == card["correct"]
        if rating not in (1, 2, 3, 4) or (rating == 1) == right:
            fails.append("answer %d (%s): rating %d for a %s answer" % (k, card_id, rating,
                                                                       "right" if right else "wrong"))
        again += rating == 1
        if "--domain-from" in opt and k >= opt["--domain-from"][0] and card["domain"] != opt["--domain-from"][1]:
            fails.append("answer %d (%s) is from domain %d, the round was domain %d"
                         % (k, card_id, card["domain"], opt["--domain-from"][1]))
    if "--lives" in opt and len(rows) < hi and (again != 3 or rows[-1][1] != 1):
        fails.append("the round ended after %d answers with %d misses (it ends early only on the "
                     "third miss)" % (len(rows), again))
    rounds = db.execute("SELECT count(*) FROM game_event WHERE kind = 'round'").fetchone()[0]
    if "--rounds" in opt and rounds != int(opt["--rounds"]):
        fails.append("%d finished rounds recorded, expected %s" % (rounds, opt["--rounds"]))
    if fails:
        for f in fails:
            print("FAIL:", f)
        return 1
    print("ok: %d quiz answers (%d missed), %d rounds" % (len(rows), again, rounds))
    return 0


# ---- screenshots --------------------------------------------------------------

def png_size(path):
    with open(path, "rb") as f:
        head = f.read(24)
    if head[:8] != b"\x89PNG\r\n\x1a\n" or head[12:16] != b"IHDR":
        return None
    return int.from_bytes(head[16:20], "big"), int.from_bytes(head[20:24], "big")


def cmd_png(args):
    bad = 0
    for p in args:
        size = png_size(p) if os.path.exists(p) else None
        if size != (1280, 800):
            print("FAIL: %s: %s" % (p, "missing" if not os.path.exists(p) else "size %r" % (size,)))
            bad = 1
    return bad


def cmd_differ(args):
    a, b = (open(p, "rb").read() for p in args)
    if a == b:
        print("FAIL: %s and %s are the same picture" % tuple(args))
        return 1
    return 0


if __name__ == "__main__":
    commands = {"script": cmd_script, "check": cmd_check, "check-quiz": cmd_quiz, "png": cmd_png, "differ": cmd_differ}
    if len(sys.argv) < 2 or sys.argv[1] not in commands:
        print(__doc__)
        sys.exit(2)
    sys.exit(commands[sys.argv[1]](sys.argv[2:]))
