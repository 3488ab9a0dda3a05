#!/usr/bin/env python3
"""Offsets on news text: with the bundled gazetteers (the default lookup, no
-g), every mention and quote of every *.txt file of the folders given must
be its own slice of the file: doc_bytes[start:end].decode('utf-8') == text,
and each quote's sentence and paragraph must hold it.

usage: offsets.py WHOSAID DIR...      (the project's: tests/corpus data/sample)
"""
import glob
import json
import os
import subprocess
import sys


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    whosaid, dirs = argv[0], argv[1:]
    files = [f for d in dirs for f in sorted(glob.glob(os.path.join(d, "*.txt")))]
    if not files:
        print("no *.txt files in %s" % " ".join(dirs))
        return 1
    env = dict(os.environ)
    env.pop("WHOSAID_GAZETTEERS", None)
    proc = subprocess.run([whosaid, "extract", "-q"] + files, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, env=env, timeout=120)
    if proc.returncode != 0:
        print("whosaid exited with %d: %s" % (proc.returncode, proc.stderr.decode("utf-8", "replace")))
        return 1
    recs = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
    if len(recs) != len(files):
        print("%d records for %d files" % (len(recs), len(files)))
        return 1
    bad = checked = 0
    for path, rec in zip(files, recs):
        with open(path, "rb") as f:
            doc = f.read()
        if rec["length"] != len(doc):
            print("%s: length %d, file has %d bytes" % (path, rec["length"], len(doc)))
            bad += 1
        spans = [("mention", m) for e in rec["entities"] for m in e["mentions"]]
        spans += [("quote", q) for q in rec["quotes"]]
        for what, s in spans:
            checked += 1
            try:
                got = doc[s["start"]:s["end"]].decode("utf-8")
            except UnicodeDecodeError as e:
                got = "<%s>" % e
            if got != s["text"]:
                bad += 1
                print("%s: %s [%d:%d] is %r, output says %r" % (os.path.basename(path), what, s["start"],
                                                               s["end"], got, s["text"]))
        for q in rec["quotes"]:
            for key in ("sentence", "paragraph"):
                span = q[key]
                if not (span["start"] <= q["start"] and q["end"] <= span["end"] <= len(doc)):
                    bad += 1
                    print("%s: quote %s: %s %r does not hold it" % (os.path.basename(path), q["id"], key, span))
    print("%d spans checked in %d files, %d wrong" % (checked, len(files), bad))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
