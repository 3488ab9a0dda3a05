#!/usr/bin/env python3
"""Output files that are not regular files are written in place.

usage: output_files.py WHOSAID

`extract -o PATH` and `db export --format jsonl --out PATH` write a regular
file aside (PATH.tmp) and rename it into place when complete. A rename
would replace what PATH is when it is not a regular file: a symbolic link
would become a file, /dev/null (for root) a file everyone then writes to,
and a named pipe's reader would wait forever. Such a PATH is written in
place. Checked here with a symbolic link and a named pipe; also that a
regular file is still replaced whole and no PATH.tmp is left behind.
"""
import json
import os
import subprocess
import sys
import tempfile
import threading

TEXT = "\u201cWe will rebuild the bridge,\u201d Ruth Amsel said on Monday.\n"


def main(argv):
    whosaid = os.path.abspath(argv[1])
    failures = []

    def check(name, ok, detail=""):
        print(("ok   " if ok else "FAIL ") + name + ("" if ok else ": " + str(detail)))
        if not ok:
            failures.append(name)

    with tempfile.TemporaryDirectory() as tmp:
        doc = os.path.join(tmp, "a.txt")
        with open(doc, "w", encoding="utf-8") as f:
            f.write(TEXT)
        env = dict(os.environ, XDG_CACHE_HOME=os.path.join(tmp, "cache"))

        def run(*args):
            return subprocess.run([whosaid, *args], capture_output=True, text=True, env=env)

        # a regular file: replaced whole, nothing left aside
        plain = os.path.join(tmp, "plain.jsonl")
        with open(plain, "w") as f:
            f.write("old\n")
        r = run("extract", "-q", "-o", plain, doc)
        with open(plain, encoding="utf-8") as f:
            recs = [json.loads(l) for l in f]
        check("regular file replaced", r.returncode == 0 and len(recs) == 1 and recs[0]["doc"] == "a", r.stderr)
        check("no .tmp left", not os.path.exists(plain + ".tmp"))

        # a symbolic link stays a link; its target gets the records
        target, link = os.path.join(tmp, "target.jsonl"), os.path.join(tmp, "link.jsonl")
        open(target, "w").close()
        os.symlink(target, link)
        r = run("extract", "-q", "-o", link, doc)
        check("extract -o link keeps the link", r.returncode == 0 and os.path.islink(link), r.stderr)
        with open(target, encoding="utf-8") as f:
            check("extract -o link writes its target", len(f.read().splitlines()) == 1)

        db = os.path.join(tmp, "q.db")
        r = run("db", "add", "-q", db, doc)
        check("db add", r.returncode == 0, r.stderr)
        r = run("db", "export", db, "--format", "jsonl", "--out", link)
        check("db export --out link keeps the link", r.returncode == 0 and os.path.islink(link), r.stderr)
        with open(target, encoding="utf-8") as f:
            lines = f.read().splitlines()
        check("db export --out link writes its target", len(lines) == 1 and json.loads(lines[0])["doc"] == "a")

        # a named pipe: written in place, its reader gets everything
        fifo = os.path.join(tmp, "pipe")
        os.mkfifo(fifo)
        got = []
        reader = threading.Thread(target=lambda: got.append(open(fifo, encoding="utf-8").read()))
        reader.start()
        r = run("extract", "-q", "-o", fifo, doc)
        reader.join(timeout=30)
        check("extract -o fifo", r.returncode == 0 and not reader.is_alive() and got and
              json.loads(got[0].splitlines()[0])["doc"] == "a", r.stderr)
        check("the pipe is still a pipe", not os.path.isfile(fifo) and os.path.exists(fifo))

    print("%d failed" % len(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
