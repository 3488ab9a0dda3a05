#!/usr/bin/env python3
"""Worker threads change nothing: extract -j 2 and -j 3 write the same bytes
as -j 1, in input order, on the samples and the project corpus repeated
(JSON Lines and JSON output, JSON Lines and folder input, warnings too).

usage: check_jobs.py WHOSAID DIR...      (the project's: data/sample tests/corpus)
"""
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from corpus import make_corpus  # noqa: E402


def run(whosaid, args):
    proc = subprocess.run([whosaid, "extract"] + args, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, timeout=300)
    # a crash would crash every run alike, and they would compare equal
    if proc.returncode < 0 or b"runtime error:" in proc.stderr or b"Sanitizer" in proc.stderr:
        raise SystemExit("extract %s: exit %d: %s" % (" ".join(args), proc.returncode,
                                                      proc.stderr.decode("utf-8", "replace")[-3000:]))
    return proc.returncode, proc.stdout, proc.stderr


def main(argv):
    if len(argv) < 2:
        sys.stderr.write(__doc__)
        return 2
    whosaid, dirs = argv[0], argv[1:]
    missing = [d for d in dirs if not os.path.isdir(d)]
    if missing:
        print("no folder %s" % " ".join(missing))
        return 1
    failed = 0
    with tempfile.TemporaryDirectory() as tmp:
        feed = os.path.join(tmp, "feed.jsonl")
        n = make_corpus(feed, 3 * 1000 * 1000, dirs)
        # a line that fails and an empty text: failed and warned documents keep their place
        with open(feed, "a", encoding="utf-8") as f:
            f.write('{"id": "bad", "text": 3}\n{"id": "empty", "text": ""}\n')
        cases = [
            ("jsonl", ["-i", "jsonl", feed]),
            ("json", ["-f", "json", "-i", "jsonl", feed]),
            # every file of the folders: tests/corpus/gold.jsonl is read as JSON Lines
            # whose lines fail (no "text"), README.md and check_gold.py as text
            ("folders", dirs),
        ]
        for name, args in cases:
            want = run(whosaid, ["-j", "1"] + args)
            for jobs in ("2", "3"):
                got = run(whosaid, ["-j", jobs] + args)
                if got != want:
                    print("%s: -j %s differs from -j 1 (exit %d/%d, %d/%d bytes out)" %
                          (name, jobs, got[0], want[0], len(got[1]), len(want[1])))
                    failed += 1
        print("%d records, %d cases: %s" % (n + 2, len(cases), "FAIL" if failed else "ok"))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
