#!/usr/bin/env python3
"""Golden end-to-end tests: tests/cases/NAME.txt -> NAME.expected.jsonl.

usage: golden.py [--update] WHOSAID [NAME...]

Runs `WHOSAID extract --no-bundled-gazetteers -g tests/data/gazetteers cases/NAME.txt` from the
tests folder (so that the "origin" field is the same wherever the build is)
and compares the output byte for byte with NAME.expected.jsonl, printing a
unified diff on mismatch. --update rewrites the expected files instead; review
their diff before committing.
"""
import difflib
import os
import subprocess
import sys

HERE = os.path.dirname(os.path.abspath(__file__))


def run(whosaid, name):
    proc = subprocess.run(
        [whosaid, "extract", "--no-bundled-gazetteers", "-g", os.path.join("data", "gazetteers"),
         os.path.join("cases", name + ".txt")],
        cwd=HERE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=30)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr.decode("utf-8", "replace"))
        raise RuntimeError("%s: whosaid exited with %d" % (name, proc.returncode))
    return proc.stdout


def check_offsets(name, output):
    """Every mention and quote text is its slice of the input, whatever the
    expected file says; returns what is wrong, or None."""
    import json
    with open(os.path.join(HERE, "cases", name + ".txt"), "rb") as f:
        doc = f.read()
    for line in output.splitlines():
        rec = json.loads(line)
        spans = [m for e in rec["entities"] for m in e["mentions"]] + rec["quotes"]
        for s in spans:
            if doc[s["start"]:s["end"]].decode("utf-8", "replace") != s["text"]:
                return "[%d:%d] is not %r" % (s["start"], s["end"], s["text"])
    return None


def main(argv):
    update = "--update" in argv
    args = [a for a in argv if a != "--update"]
    if not args:
        sys.stderr.write(__doc__)
        return 2
    whosaid = os.path.abspath(args[0])
    cases = os.path.join(HERE, "cases")
    names = args[1:] or sorted(f[:-4] for f in os.listdir(cases) if f.endswith(".txt"))
    failed = 0
    for name in names:
        expected_path = os.path.join(cases, name + ".expected.jsonl")
        try:
            got = run(whosaid, name)
        except (RuntimeError, subprocess.TimeoutExpired) as e:
            print("FAIL %s: %s" % (name, e))
            failed += 1
            continue
        bad = check_offsets(name, got)
        if bad:
            print("FAIL %s: %s" % (name, bad))
            failed += 1
            continue
        if update:
            with open(expected_path, "wb") as f:
                f.write(got)
            print("updated %s" % name)
            continue
        try:
            with open(expected_path, "rb") as f:
                want = f.read()
        except FileNotFoundError:
            print("FAIL %s: no %s (run with --update)" % (name, expected_path))
            failed += 1
            continue
        if got == want:
            print("ok   %s" % name)
            continue
        failed += 1
        print("FAIL %s" % name)
        # one JSON key per line makes the diff of a one-line record readable
        def lines(b):
            return b.decode("utf-8", "replace").replace(',"', ',\n"').splitlines(True)
        sys.stdout.writelines(difflib.unified_diff(
            lines(want), lines(got), name + ".expected.jsonl", name + " (actual)"))
    print("%d of %d cases failed" % (failed, len(names)) if failed else "%d cases passed" % len(names))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
