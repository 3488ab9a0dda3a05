#!/usr/bin/env python3
"""Quality floor on the shared corpus: runs whosaid (bundled gazetteers) over
SHARED/corpus/*.txt and SHARED/eval/score.py with minimum F1 scores.

usage: score.py WHOSAID SHARED_DIR      (exit 77, skipped, without SHARED_DIR)
"""
import glob
import os
import subprocess
import sys
import tempfile

THRESHOLDS = ["--min-quote-f1", "0.90", "--min-attr-f1", "0.80", "--min-entity-f1", "0.85"]


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    whosaid, shared = argv
    files = sorted(glob.glob(os.path.join(shared, "corpus", "*.txt")))
    gold = os.path.join(shared, "eval", "gold-dev.jsonl")
    scorer = os.path.join(shared, "eval", "score.py")
    if not files or not os.path.exists(gold) or not os.path.exists(scorer):
        print("no corpus or gold annotations under %s: skipped" % shared)
        return 77
    env = dict(os.environ)
    env.pop("WHOSAID_GAZETTEERS", None)
    with tempfile.NamedTemporaryFile(prefix="whosaid-score-", suffix=".jsonl") as out:
        proc = subprocess.run([whosaid, "extract", "-q", "--format", "jsonl"] + files, stdout=out,
                              stderr=subprocess.PIPE, env=env, timeout=120)
        if proc.returncode != 0:
            print("whosaid exited with %d: %s" % (proc.returncode, proc.stderr.decode("utf-8", "replace")))
            return 1
        out.flush()
        score = subprocess.run([sys.executable, scorer, gold, out.name] + THRESHOLDS, timeout=120)
    return score.returncode


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
