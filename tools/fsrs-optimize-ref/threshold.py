#!/usr/bin/env python3
"""How many spaced reviews a fit needs before it beats the defaults.

    tools/fsrs-optimize-ref/threshold.py [--binary build/cloudprep] [--cards 40,60,...] [--draws 8]

For each simulated learner of tests/fixtures/fsrs-optimize with known
weights (medium, forgetful, large), fits `cloudprep fsrs-optimize` (short-
term off, as the app fits by default) on random sets of N of the learner's
even-numbered cards, and evaluates the fitted weights and the defaults on
all the odd-numbered cards, which the fit never saw. Prints one line per
fit and a table by the number of training items: how many fits predicted
the unseen cards worse than the defaults. docs/scheduling.md ("When it is
offered") gives the table this printed, behind the app's threshold of
1,000 spaced reviews. Run by hand (a few minutes); deterministic."""
import argparse
import gzip
import json
import os
import random
import subprocess

ROOT = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
FX = os.path.join(ROOT, "tests", "fixtures", "fsrs-optimize")


def run(binary, args, data):
    p = subprocess.run([binary, "fsrs-optimize", "--json"] + args, input=data, capture_output=True,
                       check=True)
    return json.loads(p.stdout)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--binary", default=os.path.join(ROOT, "build", "cloudprep"))
    ap.add_argument("--cards", default="40,60,80,120,160,240,320")
    ap.add_argument("--draws", type=int, default=8)
    o = ap.parse_args()
    ref = json.load(open(os.path.join(FX, "reference.json")))
    results = []
    for log in ref["logs"]:
        if log["name"] == "short":
            continue
        path = os.path.join(FX, log["file"])
        text = (gzip.open(path).read() if path.endswith(".gz") else open(path, "rb").read()).decode()
        lines = text.splitlines()
        head, rows = lines[0], [l.split("\t") for l in lines[1:] if l]
        cards = sorted({int(r[0]) for r in rows})
        test = "\n".join([head] + ["\t".join(r) for r in rows if int(r[0]) % 2 == 1]).encode()
        pool = [c for c in cards if c % 2 == 0]
        for k in (int(x) for x in o.cards.split(",")):
            for draw in range(o.draws):
                pick = set(random.Random(draw * 1000 + k).sample(pool, k))
                train = "\n".join([head] + ["\t".join(r) for r in rows if int(r[0]) in pick]).encode()
                fit = run(o.binary, ["--short-term", "off"], train)
                held = run(o.binary, ["--evaluate", ",".join(repr(float(w)) for w in fit["params"])], test)
                d, f = held["default"]["log_loss"], held["evaluated"]["log_loss"]
                results.append((fit["items"], fit["outcome"], f - d))
                print("%-9s %3d cards %5d items %-10s held-out log loss %.5f (defaults %.5f, %+.5f)" % (
                    log["name"], k, fit["items"], fit["outcome"], f, d, f - d), flush=True)
    print("\n| training items | fits | worse than the defaults | mean change | worst |")
    for lo, hi in ((0, 500), (500, 1000), (1000, 2000), (2000, 10 ** 9)):
        sel = [r for r in results if lo <= r[0] < hi and r[1] != "defaults"]
        if not sel:
            continue
        worse = [r[2] for r in sel if r[2] > 0]
        print("| %d-%d | %d | %d (%.0f %%) | %+.4f | %s |" % (
            min(r[0] for r in sel), max(r[0] for r in sel), len(sel), len(worse),
            100.0 * len(worse) / len(sel), sum(r[2] for r in sel) / len(sel),
            "%+.4f" % max(worse) if worse else "-"))


if __name__ == "__main__":
    main()
