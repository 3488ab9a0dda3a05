#!/usr/bin/env python3
"""Quality floor on annotated news: runs whosaid (bundled gazetteers) over
TEXTS_DIR/*.txt, scores the output against GOLD.jsonl with tests/scorer.py
and fails below the minimum F1 scores given. Also checks that the
confidence is calibrated: of the quotes given confidence 0.9 or more that
match a gold quote with a speaker, at least 97% have the right speaker
(matching and speaker rules are the scorer's).

usage: score.py WHOSAID GOLD.jsonl TEXTS_DIR [--min-quote-f1 X] [--min-attr-f1 X]
                [--min-entity-f1 X]

The project's corpus: score.py build/src/cli/whosaid tests/corpus/gold.jsonl tests/corpus
"""
import argparse
import glob
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import scorer  # noqa: E402

HIGH_CONFIDENCE, MIN_PRECISION = 0.9, 0.97


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("whosaid")
    ap.add_argument("gold")
    ap.add_argument("texts")
    ap.add_argument("--min-quote-f1", type=float, default=0.0)
    ap.add_argument("--min-attr-f1", type=float, default=0.0)
    ap.add_argument("--min-entity-f1", type=float, default=0.0)
    a = ap.parse_args()
    files = sorted(glob.glob(os.path.join(a.texts, "*.txt")))
    if not files or not os.path.exists(a.gold):
        print("no texts in %s or no gold annotations at %s" % (a.texts, a.gold))
        return 1
    env = dict(os.environ)
    env.pop("WHOSAID_GAZETTEERS", None)
    with tempfile.NamedTemporaryFile(prefix="whosaid-score-", suffix=".jsonl") as out:
        proc = subprocess.run([a.whosaid, "extract", "-q", "--format", "jsonl"] + files, stdout=out,
                              stderr=subprocess.PIPE, env=env, timeout=120)
        if proc.returncode != 0:
            print("whosaid exited with %d: %s" % (proc.returncode, proc.stderr.decode("utf-8", "replace")))
            return 1
        out.flush()
        gold, system = scorer.read_jsonl(a.gold), scorer.read_jsonl(out.name)
    res = scorer.score(gold, system)
    print(scorer.report(res))
    failed = False
    for key, floor in (("quote_detection", a.min_quote_f1), ("quote_attribution", a.min_attr_f1),
                       ("entities", a.min_entity_f1)):
        if res[key]["f1"] < floor:
            print("%s: F1 %.3f is below the floor %.3f" % (key, res[key]["f1"], floor))
            failed = True
    if res["documents_missing"]:
        failed = True
    right, total = scorer.calibration(gold, system, HIGH_CONFIDENCE)
    precision = right / total if total else 1.0
    print("confidence >= %.2f: %d of %d speakers right (%.3f; at least %.2f wanted)"
          % (HIGH_CONFIDENCE, right, total, precision, MIN_PRECISION))
    return 1 if failed or precision < MIN_PRECISION else 0


if __name__ == "__main__":
    sys.exit(main())
