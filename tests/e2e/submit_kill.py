#!/usr/bin/env python3
"""Kills the real app (SIGKILL) at many points in and around the finish of
a mock exam, for tests/cli/e2e_submit_kill.sh.

  submit_kill.py --bin BINARY --decks DIR --tmp DIR [--runs N] [--seed S]
                 [-- LAUNCH...]

One Xvfb for the whole run (the app with SDL's software renderer in it);
LAUNCH (may be empty) goes before the binary (the sanitizer build's
LD_PRELOAD). Each run starts a new learner with the clock standing at one
instant (CLOUDPREP_NOW=@T, so every run builds the same form), answers the
first 12 of the 65 questions with A by script (some right, most wrong; the
rest are misses too), waits, submits, and idles on the results.
The kill comes
  - at a random delay after the answers are on disk, spread over the
    wait, the submit and the results,
  - the moment the finish starts writing its transaction to the WAL, or a
    random number of frames into it (polling the WAL's size),
  - while answering, or once the finish is on disk (on the results): the
    two sides, for sure, however slow the machine.
After the kill, before anything else touches the data:
  - SQLite's integrity check passes;
  - either the attempt is still in progress with no exam review, no score
    and no XP for it, or it is submitted with a score, its
    XP, and exactly one exam review (Again) per missed item, with the
    item's choice, at the finish time;
  - a kill that left uncommitted frames in the WAL (it landed inside a
    write: the finish's, or the one after it) is counted.
Then the app starts again (repair at start) and quits:
  - an attempt left in progress is abandoned (status 3, no score, no exam
    review, time used as the clock says);
  - a submitted one is exactly as it was, reviews and XP included, and the
    game events are those of a run that was not killed (a level or an
    achievement the finish earned, stored just after it, comes at the
    restart when the kill fell in between).
Last, a finished attempt is made to look like one from before the finish
was one transaction (misses_logged = 0, its exam reviews and their XP
deleted): the next start logs every miss again, once.
Exit status 1 with FAIL lines on any failure."""
import os
import random
import signal
import sqlite3
import struct
import subprocess
import sys
import time

T0 = 1803988800            # 2027-03-02 12:00 UTC: the app's clock in every run
N_ITEMS = 65
N_ANSWERED = 12            # A on the first 12 (some right, some wrong); the rest left open


def fail(msg):
    print("FAIL:", msg)
    sys.exit(1)


def parse_args(argv):
    opt = {"--runs": "24", "--seed": str(int(time.time()))}
    launch = []
    i = 0
    while i < len(argv):
        if argv[i] == "--":
            launch = argv[i + 1:]
            break
        opt[argv[i]] = argv[i + 1]
        i += 2
    return opt, launch


def start_xvfb():
    r, w = os.pipe()
    proc = subprocess.Popen(["Xvfb", "-displayfd", str(w), "-screen", "0", "1280x800x24", "-nolisten", "tcp"],
                            pass_fds=(w,), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    os.close(w)
    buf = b""
    deadline = time.monotonic() + 30
    while b"\n" not in buf and time.monotonic() < deadline:
        chunk = os.read(r, 32)
        if not chunk:
            break
        buf += chunk
    os.close(r)
    if b"\n" not in buf:
        proc.kill()
        fail("Xvfb did not start")
    return proc, ":" + buf.decode().strip()


class App:
    def __init__(self, ctx, data, script, log):
        env = dict(os.environ, DISPLAY=ctx.display, SDL_VIDEODRIVER="x11", SDL_AUDIODRIVER="dummy",
                   SDL_RENDER_DRIVER="software", CLOUDPREP_NOW="@%d" % T0, TZ="UTC")
        self.log = log
        with open(log, "w") as f:
            self.proc = subprocess.Popen(ctx.launch + [ctx.bin, "--data-dir", data, "--decks", ctx.decks,
                                                       "--script", script],
                                         stdout=f, stderr=subprocess.STDOUT, env=env)

    def kill(self):
        """SIGKILL; False when the app had already exited on its own."""
        if self.proc.poll() is not None:
            return False
        self.proc.send_signal(signal.SIGKILL)
        self.proc.wait()
        return self.proc.returncode == -signal.SIGKILL

    def finish(self, limit=120):
        try:
            rc = self.proc.wait(timeout=limit)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            fail("the app did not exit within %d s" % limit)
        if rc != 0:
            fail("the app exited with %d: %s" % (rc, open(self.log).read()[-2000:]))
        text = open(self.log).read()
        for bad in ("ERROR: AddressSanitizer", "ERROR: LeakSanitizer", "runtime error:", "cloudprep: error",
                    "cloudprep: cannot"):
            if bad in text:
                fail("the app reported: %s" % text[-2000:])


def connect(data):
    db = sqlite3.connect(os.path.join(data, "progress.db"), timeout=10)
    db.execute("PRAGMA busy_timeout = 10000")
    return db


def answers_on_disk(data):
    """How many exam items have an answer stored (-1: nothing yet)."""
    if not os.path.exists(os.path.join(data, "progress.db")):
        return -1
    try:
        db = sqlite3.connect("file:%s?mode=ro" % os.path.join(data, "progress.db"), uri=True, timeout=1)
        try:
            return db.execute("SELECT count(*) FROM exam_item WHERE chosen != ''").fetchone()[0]
        finally:
            db.close()
    except sqlite3.Error:
        return -1


def finished_on_disk(data):
    try:
        db = sqlite3.connect("file:%s?mode=ro" % os.path.join(data, "progress.db"), uri=True, timeout=1)
        try:
            return db.execute("SELECT count(*) FROM exam_attempt WHERE status = 1").fetchone()[0] > 0
        finally:
            db.close()
    except sqlite3.Error:
        return False


def game_events(data):
    db = connect(data)
    try:
        return sorted(db.execute("SELECT at, kind, amount, detail FROM game_event").fetchall())
    finally:
        db.close()


def wal_size(data):
    try:
        return os.stat(os.path.join(data, "progress.db-wal")).st_size
    except OSError:
        return 0


def wal_frames(data):
    """(frames after the last commit frame of the current WAL generation,
    frames of the last committed transaction). The first is a write cut
    off by the kill: SQLite ignores those frames when it opens the file."""
    path = os.path.join(data, "progress.db-wal")
    if not os.path.exists(path):
        return 0, 0
    raw = open(path, "rb").read()
    if len(raw) < 32:
        return 0, 0
    page = struct.unpack(">I", raw[8:12])[0]
    salt = raw[16:24]
    off, since_commit, last_txn = 32, 0, 0
    while off + 24 <= len(raw) and raw[off + 8:off + 16] == salt:
        since_commit += 1
        if off + 24 + page <= len(raw) and struct.unpack(">I", raw[off + 4:off + 8])[0]:
            last_txn, since_commit = since_commit, 0
        off += 24 + page
    return since_commit, last_txn


def snapshot(data):
    """What matters of the attempt, read after the kill: (attempt row or
    None, items, exam reviews, XP event for the attempt, integrity)."""
    db = connect(data)
    try:
        ok = db.execute("PRAGMA integrity_check").fetchone()[0]
        tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        if "exam_attempt" not in tables:
            return None, [], [], [], ok
        rows = db.execute("SELECT id, status, started_at, finished_at, time_used_s, raw_score, scaled_score, "
                          "misses_logged FROM exam_attempt ORDER BY id").fetchall()
        if len(rows) > 1:
            fail("%d attempts stored, one expected" % len(rows))
        if not rows:
            return None, [], [], [], ok
        a = rows[0]
        items = db.execute("SELECT position, card_id, chosen, correct FROM exam_item WHERE attempt_id = ? "
                           "ORDER BY position", (a[0],)).fetchall()
        reviews = db.execute("SELECT id, card_id, rating, chosen, at FROM review_log WHERE mode = 'exam' "
                             "ORDER BY id").fetchall()
        xp = db.execute("SELECT kind, amount, detail FROM game_event WHERE detail = ?",
                        ("attempt:%d" % a[0],)).fetchall()
        return a, items, reviews, xp, ok
    finally:
        db.close()


def check_consistent(data, label):
    """The invariant after a kill (and after a restart); returns the state
    ('none', 'open', 'abandoned' or 'submitted') and the snapshot."""
    snap = snapshot(data)
    a, items, reviews, xp, ok = snap
    if ok != "ok":
        fail("%s: integrity check: %s" % (label, ok))
    if a is None:
        if reviews:
            fail("%s: exam reviews without an attempt" % label)
        return "none", snap
    aid, status, started, finished, used, raw, scaled, logged = a
    if status in (0, 3):
        what = "in progress" if status == 0 else "abandoned"
        if reviews:
            fail("%s: the attempt is %s but %d exam reviews are stored" % (label, what, len(reviews)))
        if xp:
            fail("%s: the attempt is %s but its XP is stored: %r" % (label, what, xp))
        if raw or scaled:
            fail("%s: an attempt %s has a score (raw %d, scaled %d)" % (label, what, raw, scaled))
        return "open" if status == 0 else "abandoned", snap
    if status != 1:
        fail("%s: attempt status %d, expected 0 (in progress), 1 (submitted) or 3 (abandoned)"
             % (label, status))
    if len(items) != N_ITEMS:
        fail("%s: %d items" % (label, len(items)))
    missed = {it[1]: it[2] for it in items if not it[3]}
    got = {}
    for _, card, rating, chosen, at in reviews:
        if card in got:
            fail("%s: two exam reviews for %s" % (label, card))
        got[card] = chosen
        if rating != 1:
            fail("%s: the miss %s was stored with rating %d" % (label, card, rating))
        if at != finished:
            fail("%s: the miss %s is stamped %d, the finish %d" % (label, card, at, finished))
    if got != missed:
        fail("%s: submitted with %d misses but %d exam reviews (missing %r, extra %r, other choice %r)"
             % (label, len(missed), len(got), sorted(set(missed) - set(got))[:3],
                sorted(set(got) - set(missed))[:3],
                sorted(k for k in set(got) & set(missed) if got[k] != missed[k])[:3]))
    if not xp:
        fail("%s: submitted without its XP" % label)
    if not logged:
        fail("%s: submitted with misses_logged = 0" % label)
    if not missed:
        fail("%s: no misses (the script answers A everywhere; some must be wrong)" % label)
    return "submitted", snap


class Ctx:
    pass


def main():
    opt, launch = parse_args(sys.argv[1:])
    ctx = Ctx()
    ctx.bin, ctx.decks, ctx.tmp, ctx.launch = opt["--bin"], opt["--decks"], opt["--tmp"], launch
    runs = int(opt["--runs"])
    seed = int(opt["--seed"])
    rng = random.Random(seed)
    print("seed %d (--seed to replay the same kill points)" % seed)

    script = os.path.join(ctx.tmp, "submit.script")
    with open(script, "w") as f:
        f.write("key m\n")
        f.write("key a\nkey right\n" * N_ANSWERED)
        f.write("wait 300\nkey s\nkey enter\nwait 30000\nquit\n")
    quit_script = os.path.join(ctx.tmp, "quit.script")
    with open(quit_script, "w") as f:
        f.write("quit\n")

    xvfb, ctx.display = start_xvfb()
    try:
        # The same exam, not killed: the game events a finished attempt
        # leads to (the finish's XP; the level and achievements it earns
        # are stored just after it, or at the next start after a kill).
        whole = os.path.join(ctx.tmp, "submit-whole.script")
        with open(whole, "w") as f:
            f.write(open(script).read().replace("wait 30000\n", ""))
        reference = os.path.join(ctx.tmp, "reference")
        App(ctx, reference, whole, os.path.join(ctx.tmp, "reference.log")).finish()
        if check_consistent(reference, "the run not killed")[0] != "submitted":
            fail("the run not killed did not submit its attempt")
        want_events = game_events(reference)
        outcomes = {"open": 0, "submitted": 0, "none": 0}
        mid_write = 0
        finished_dir = None
        for run in range(runs):
            data = os.path.join(ctx.tmp, "run%02d" % run)
            app = App(ctx, data, script, os.path.join(ctx.tmp, "run%02d.log" % run))
            kind = run % 4
            early = kind == 3 and run % 8 == 3
            deadline = time.monotonic() + 60
            while answers_on_disk(data) < (N_ANSWERED // 2 if early else N_ANSWERED):
                if app.proc.poll() is not None:
                    fail("run %d: the app exited before answering: %s" % (run, open(app.log).read()[-2000:]))
                if time.monotonic() > deadline:
                    app.kill()
                    fail("run %d: the answers were not stored within 60 s" % run)
                time.sleep(0.002)
            if kind == 0:
                # A random point from inside the wait to well after the finish.
                delay = rng.uniform(0.20, 0.45)
                how = "%.0f ms after the answers" % (delay * 1000)
                time.sleep(delay)
            elif early:
                how = "while answering (%d answers on disk)" % (N_ANSWERED // 2)
            elif kind == 3:
                how = "once the finish is on disk (on the results)"
                deadline = time.monotonic() + 60
                while not finished_on_disk(data) and time.monotonic() < deadline:
                    time.sleep(0.002)
            else:
                # The moment the finish writes to the WAL, or k frames in
                # (it writes about 14 frames of 4 KiB; past its end the
                # wait gives up after 3 s and the kill lands on the results).
                frames = rng.randrange(0, 13)
                how = "%d frames into the finish's write" % frames
                base = wal_size(data)
                step = 4096 + 24
                deadline = time.monotonic() + 3
                while wal_size(data) <= base + frames * step and time.monotonic() < deadline:
                    if app.proc.poll() is not None:
                        break
            if not app.kill():
                fail("run %d: the app was not running at the kill (%s)" % (run, how))
            cut, last_txn = wal_frames(data)
            mid_write += cut > 0
            state, before = check_consistent(data, "run %d (%s)" % (run, how))
            outcomes[state] += 1
            # Start again: the repair, then check what it made of it.
            App(ctx, data, quit_script, os.path.join(ctx.tmp, "run%02d-again.log" % run)).finish()
            _, after = check_consistent(data, "run %d after the restart" % run)
            if state == "open":
                a = after[0]
                if a is None or a[1] != 3:
                    fail("run %d: the attempt left in progress is %r after the restart, not abandoned (3)"
                         % (run, a and a[1]))
                if a[5] or a[6] or a[4] < 0 or a[3] != a[2] + a[4] or a[:3] != (before[0][0], 3, before[0][2]):
                    fail("run %d: the abandoned attempt: %r (before the restart %r)" % (run, a, before[0]))
                if after[1] != before[1]:
                    fail("run %d: the answers of the abandoned attempt changed at the restart" % run)
            elif state == "submitted":
                if after != before:
                    fail("run %d: the submitted attempt (row, items, reviews or XP) changed at the restart"
                         % run)
                if game_events(data) != want_events:
                    fail("run %d: after the restart the game events differ from a run not killed: %r"
                         % (run, sorted(set(game_events(data)) ^ set(want_events))[:4]))
                finished_dir = finished_dir or data
            print("run %2d: killed %s: %s%s" % (run, how, {"open": "in progress, then abandoned at the restart",
                                                          "submitted": "submitted with every miss",
                                                          "none": "no attempt yet"}[state],
                                                  ", %d uncommitted frames in the WAL" % cut if cut
                                                  else ", the last write %d frames" % last_txn))
        print("ok: %d kills: %d left the attempt in progress (repaired to abandoned), %d submitted with all "
              "its misses, %d before the attempt; %d landed inside a write (uncommitted frames in the WAL)"
              % (runs, outcomes["open"], outcomes["submitted"], outcomes["none"], mid_write))
        if not outcomes["open"] or not outcomes["submitted"]:
            fail("the kills did not land on both sides of the finish (%r); every check above passed"
                 % outcomes)

        # A finished attempt from before the finish was one transaction.
        if finished_dir is None:
            fail("no run finished its attempt")
        db = connect(finished_dir)
        a, items, reviews, _, _ = snapshot(finished_dir)
        ids = [r[0] for r in reviews]
        marks = ",".join("?" * len(ids))
        db.execute("DELETE FROM game_event WHERE review_id IN (%s)" % marks, ids)
        db.execute("DELETE FROM review_log WHERE id IN (%s)" % marks, ids)
        db.execute("UPDATE exam_attempt SET misses_logged = 0 WHERE id = ?", (a[0],))
        db.commit()
        db.close()
        App(ctx, finished_dir, quit_script, os.path.join(ctx.tmp, "forged.log")).finish()
        a2, items2, reviews2, _, ok = snapshot(finished_dir)
        missed = {it[1]: it[2] for it in items2 if not it[3]}
        got = {r[1]: r[3] for r in reviews2}
        if len(reviews2) != len(got) or got != missed or any(r[2] != 1 for r in reviews2):
            fail("forged misses_logged = 0: after the start, %d exam reviews for %d misses" % (len(reviews2),
                                                                                               len(missed)))
        if a2[7] != 1 or a2[1] != 1 or a2[5] != a[5]:
            fail("forged misses_logged = 0: the attempt after the start is %r" % (a2,))
        App(ctx, finished_dir, quit_script, os.path.join(ctx.tmp, "forged2.log")).finish()
        if len(snapshot(finished_dir)[2]) != len(missed):
            fail("forged misses_logged = 0: a second start logged the misses again")
        print("ok: a finished attempt without its misses in the log (misses_logged = 0) gets all %d at the "
              "next start, once" % len(missed))
    finally:
        os.killpg(xvfb.pid, signal.SIGTERM)
        xvfb.wait()
    return 0


if __name__ == "__main__":
    sys.exit(main())
