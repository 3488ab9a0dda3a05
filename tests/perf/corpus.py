#!/usr/bin/env python3
"""Builds a JSON Lines corpus of a given size from news text: the *.txt
files of the given folders, in name order, repeated until the size is
reached. Every record has an id ("NAME-N"), so that records do not depend
on their line number (as in a split input).

usage: corpus.py OUT BYTES DIR...
"""
import glob
import json
import os
import sys


def texts(dirs):
    found = []
    for d in dirs:
        for path in sorted(glob.glob(os.path.join(d, "*.txt"))):
            with open(path, encoding="utf-8") as f:
                found.append((os.path.splitext(os.path.basename(path))[0], f.read()))
    return found


def make_corpus(out_path, size, dirs):
    """Writes at least one record and stops at the first past size bytes."""
    docs = texts(dirs)
    if not docs:
        raise SystemExit("no *.txt files in %s" % " ".join(dirs))
    written = n = 0
    with open(out_path, "w", encoding="utf-8") as out:
        while written < size or n == 0:
            name, text = docs[n % len(docs)]
            line = json.dumps({"id": "%s-%d" % (name, n), "text": text}, ensure_ascii=False) + "\n"
            out.write(line)
            written += len(line.encode("utf-8"))
            n += 1
    return n


if __name__ == "__main__":
    if len(sys.argv) < 4:
        sys.stderr.write(__doc__)
        sys.exit(2)
    print(make_corpus(sys.argv[1], int(sys.argv[2]), sys.argv[3:]))
