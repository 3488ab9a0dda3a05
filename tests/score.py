#!/usr/bin/env python3
"""Quality floor on the shared corpus: runs whosaid (bundled gazetteers) over
SHARED/corpus/*.txt and SHARED/eval/score.py with minimum F1 scores, and
checks that the confidence is calibrated: of the quotes given confidence 0.9
or more that match a gold quote with a speaker, at least 97% have the right
speaker (matching and speaker rules are the scorer's own).

usage: score.py WHOSAID SHARED_DIR      (exit 77, skipped, without SHARED_DIR)
"""
import glob
import importlib.util
import os
import subprocess
import sys
import tempfile

THRESHOLDS = ["--min-quote-f1", "0.95", "--min-attr-f1", "0.92", "--min-entity-f1", "0.92"]
HIGH_CONFIDENCE, MIN_PRECISION = 0.9, 0.97


def calibration(scorer_path, gold_path, system_path):
    """Precision of the speakers given with confidence >= HIGH_CONFIDENCE."""
    spec = importlib.util.spec_from_file_location("score", scorer_path)
    scorer = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(scorer)
    gold, system = scorer.load_jsonl(gold_path), scorer.load_jsonl(system_path)
    right = total = 0
    for doc, g in gold.items():
        gq = [q for q in g.get("quotes", []) if q.get("speaker")]
        sq = system.get(doc, {}).get("quotes", [])
        for i, j in scorer.match_quotes(gq, sq):
            if sq[j].get("confidence", 0) >= HIGH_CONFIDENCE:
                total += 1
                right += scorer.speaker_ok(sq[j].get("speaker"), gq[i]["speaker"])
    return right, total


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
        right, total = calibration(scorer, gold, out.name)
    precision = right / total if total else 1.0
    print("confidence >= %.2f: %d of %d speakers right (%.3f; at least %.2f wanted)"
          % (HIGH_CONFIDENCE, right, total, precision, MIN_PRECISION))
    return score.returncode or (precision < MIN_PRECISION)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
