#!/usr/bin/env python3
"""The JSON Lines mode as a Hadoop Streaming mapper or a Spark RDD.pipe
command: split the input at any line boundaries, pipe each part through
its own `whosaid extract -i jsonl -`, concatenate the outputs in part
order, and get what one run over the whole input gives. Only "origin"
("-:LINE", the line within the part) may differ; records carry their ids.
An empty part gives empty output.

usage: check_split.py WHOSAID DIR...      (the project's: data/sample tests/corpus)
"""
import json
import os
import random
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus import make_corpus  # noqa: E402


def extract(whosaid, data):
    proc = subprocess.run([whosaid, "extract", "-q", "-i", "jsonl", "-"], input=data,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=300)
    if proc.returncode != 0:
        raise SystemExit("whosaid exited with %d: %s" % (proc.returncode, proc.stderr.decode()))
    return proc.stdout


def without_origin(out):
    recs = []
    for line in out.decode("utf-8").splitlines():
        rec = json.loads(line)
        rec.pop("origin")
        recs.append(json.dumps(rec, ensure_ascii=False))
    return recs


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    whosaid, dirs = argv[0], argv[1:]
    missing = [d for d in dirs if not os.path.isdir(d)]
    if missing:
        print("no folder %s" % " ".join(missing))
        return 1
    with tempfile.TemporaryDirectory() as tmp:
        feed = os.path.join(tmp, "feed.jsonl")
        make_corpus(feed, 500 * 1000, dirs)
        with open(feed, "rb") as f:
            lines = f.read().splitlines(keepends=True)
    if extract(whosaid, b"") != b"":
        print("empty input: output is not empty")
        return 1
    whole = extract(whosaid, b"".join(lines))
    rng = random.Random(7)
    cuts = sorted(rng.sample(range(1, len(lines)), 5)) + [len(lines)] * 2  # the last part is empty
    parts, start = [], 0
    for cut in cuts:
        parts.append(b"".join(lines[start:cut]))
        start = cut
    joined = b"".join(extract(whosaid, part) for part in parts)
    if without_origin(joined) != without_origin(whole):
        print("%d parts: concatenated outputs differ from one run" % len(parts))
        return 1
    print("%d lines in %d parts: same records as one run" % (len(lines), len(parts)))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
