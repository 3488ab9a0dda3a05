#!/usr/bin/env python3
"""whosaid on a real distributed engine: starts a Dask LocalCluster (a
scheduler and two worker processes talking over loopback) through
scripts/dask-extract, maps JSON Lines partitions of the project corpus and
the samples through `whosaid extract -q -i jsonl -` on the workers, gathers
the records and checks that they equal one local run, in order and content
(all but "origin", which counts lines within a partition).

usage: check_dask.py WHOSAID SOURCE_ROOT

Exits 77 (skipped) only where Dask distributed cannot be imported by this
python3 nor by Debian's /usr/bin/python3 (scripts/deps --test installs
python3-distributed), saying so.
"""
import glob
import json
import math
import os
import re
import signal
import subprocess
import sys
import tempfile

SKIP = 77
TIMEOUT = 150  # seconds for a whole distributed run, cluster start and stop included


def has_dask(python):
    return subprocess.run([python, "-c", "import distributed"], capture_output=True).returncode == 0


def dask_python():
    """An interpreter that imports distributed: this one, else Debian's
    (a pyenv or venv python3 first on PATH lacks Debian's packages)."""
    if has_dask(sys.executable):
        return sys.executable
    for candidate in ("/usr/bin/python3",):
        if os.path.exists(candidate) and os.path.realpath(candidate) != os.path.realpath(sys.executable) \
                and has_dask(candidate):
            return candidate
    return None


def run_bounded(argv, stdin_path):
    """Runs argv in its own process group, killed whole after TIMEOUT."""
    with open(stdin_path, "rb") if stdin_path else open(os.devnull, "rb") as stdin:
        proc = subprocess.Popen(argv, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                start_new_session=True)
        try:
            out, err = proc.communicate(timeout=TIMEOUT)
        except subprocess.TimeoutExpired:
            os.killpg(proc.pid, signal.SIGKILL)
            proc.communicate()
            raise
    return proc.returncode, out, err.decode("utf-8", "replace")


def main(argv):
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    whosaid, root = os.path.abspath(argv[0]), os.path.abspath(argv[1])
    python = dask_python()
    if not python:
        print("SKIP: Dask distributed cannot be imported by %s nor by /usr/bin/python3 "
              "(Debian: apt-get install python3-distributed; scripts/deps --test installs it)" % sys.executable)
        return SKIP
    texts = sorted(glob.glob(os.path.join(root, "tests", "corpus", "*.txt")))
    texts += sorted(glob.glob(os.path.join(root, "data", "sample", "*.txt")))
    if not texts:
        print("FAIL: no texts in tests/corpus or data/sample")
        return 1
    failures = []

    def check(name, cond, detail=""):
        print(("ok   " if cond else "FAIL ") + name + ("" if cond else " " + str(detail)[:600]))
        if not cond:
            failures.append(name)

    with tempfile.TemporaryDirectory(prefix="whosaid-dask-") as tmp:
        feed = os.path.join(tmp, "feed.jsonl")
        with open(feed, "w", encoding="utf-8") as f:
            for i, path in enumerate(texts):
                with open(path, encoding="utf-8") as t:
                    f.write(json.dumps({"id": os.path.basename(path)[:-4], "text": t.read(), "source": "test",
                                        "n": i}, ensure_ascii=False) + "\n")
        local = subprocess.run([whosaid, "extract", "-q", "-i", "jsonl", "-"], stdin=open(feed, "rb"),
                               capture_output=True, timeout=TIMEOUT)
        check("local run", local.returncode == 0, local.stderr)
        lines = 2
        dask = [python, os.path.join(root, "scripts", "dask-extract"), "--workers", "2", "--lines", str(lines),
                "--whosaid", whosaid, "--verbose", feed]
        try:
            status, out, err = run_bounded(dask, None)
        except subprocess.TimeoutExpired:
            print("FAIL: the distributed run took over %d s" % TIMEOUT)
            return 1
        check("distributed run", status == 0, err)
        got = [json.loads(line) for line in out.decode("utf-8").splitlines()]
        want = [json.loads(line) for line in local.stdout.decode("utf-8").splitlines()]
        check("a record per document", len(got) == len(want) == len(texts), (len(got), len(want), len(texts)))
        check("same records, in order, but origin", [{k: v for k, v in r.items() if k != "origin"} for r in got]
              == [{k: v for k, v in r.items() if k != "origin"} for r in want])
        check("origin counts lines within a partition",
              [r["origin"] for r in got] == ["-:%d" % (i % lines + 1) for i in range(len(got))],
              [r["origin"] for r in got][:6])

        # The run was distributed: a scheduler on loopback, two worker
        # processes, and the partitions run by them.
        m = re.search(r"scheduler (tcp://[\d.]+):\d+, (\d+) workers: .*, pids \[([\d, ]+)\]", err)
        check("a scheduler on loopback and two workers", m and m.group(1) == "tcp://127.0.0.1" and m.group(2) == "2",
              err)
        workers = {int(p) for p in m.group(3).split(",")} if m else set()
        m = re.search(r"(\d+) partitions, run by worker processes \[([\d, ]+)\]", err)
        ran = {int(p) for p in m.group(2).split(",")} if m else set()
        check("partitions run on the workers", m and int(m.group(1)) == math.ceil(len(texts) / lines)
              and ran and ran <= workers and os.getpid() not in workers and len(workers) == 2, err)

        empty = os.path.join(tmp, "empty.jsonl")
        open(empty, "w").close()
        status, out, err = run_bounded(dask[:-2] + [empty], None)
        check("an empty input gives an empty output", status == 0 and out == b"", err)
    print("%d failed" % len(failures) if failures else "all passed")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
