#!/usr/bin/env python3
"""Hostile inputs and output safety of `whosaid extract`: every document in
is a record out, limits, interrupted runs, closed pipes, full disks and
unwritable paths.

usage: test_hardening.py WHOSAID GAZETTEER_DIR
"""
import json
import os
import signal
import subprocess
import sys
import tempfile
import threading
import time

WHOSAID, GAZETTEERS = sys.argv[1], sys.argv[2]
EXTRACT = [WHOSAID, "extract"]
# The test gazetteers alone, by the variable that stands for the bundled ones.
ENV = dict(os.environ, WHOSAID_GAZETTEERS=GAZETTEERS)
# Under valgrind (scripts/test) everything is slower.
PATIENCE = 120 if os.environ.get("WHOSAID_SLOW") else 30
QUOTE = "\u201cWe will hold the line,\u201d Dmitry Peskov said in Moscow on Monday."
failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def sanitizer_report(stderr):
    return b"runtime error:" in stderr or b"Sanitizer" in stderr


def extract(*args, stdin=None, stdout=subprocess.PIPE):
    proc = subprocess.run(EXTRACT + list(args), input=stdin, env=ENV, stdout=stdout,
                          stderr=subprocess.PIPE, timeout=PATIENCE)
    # A crash or a sanitizer report fails the test whatever the case checks:
    # many expect exit 1, which is also a sanitizer's default status.
    check(proc.returncode >= 0 and not sanitizer_report(proc.stderr),
          f"extract {' '.join(args)}: exit {proc.returncode}, stderr {proc.stderr[-3000:]!r}")
    return proc


def records(proc):
    return [json.loads(line) for line in proc.stdout.splitlines()]


def without_origin(rec):
    return {k: v for k, v in rec.items() if k != "origin"}


def write(path, data):
    with open(path, "wb") as f:
        f.write(data if isinstance(data, bytes) else data.encode())


def test_accounting(tmp):
    """A mixed folder: every document in gets a record out, and a good
    document's record is the one it gets when processed alone."""
    news = os.path.join(tmp, "news")
    os.mkdir(news)
    good = {"a-good.txt": QUOTE, "b-good.txt": "Donald Trump said \"no\" to the talks.\n"}
    for name, text in good.items():
        write(os.path.join(news, name), text)
    write(os.path.join(news, "c-empty.txt"), "")
    write(os.path.join(news, "d-binary.bin"), b"\x7fELF\x02\x01\x01\x00\x00\x00" * 50)
    write(os.path.join(news, "e-invalid.txt"), b"Peskov said \xff\xfe it. " + QUOTE.encode())
    # A file gone between the folder listing and its reading.
    os.symlink(os.path.join(tmp, "gone.txt"), os.path.join(news, "f-gone.txt"))
    # A named pipe nobody writes to: read, it would block forever.
    os.mkfifo(os.path.join(news, "g-fifo.txt"))
    feed = [json.dumps({"id": "h1", "text": QUOTE, "source": "wire"}),
            '{"id": "h2", "text": "cut off',
            json.dumps({"id": "h3", "text": "Trump said nothing."})]
    write(os.path.join(news, "h-feed.jsonl"), "\n".join(feed) + "\n")
    inputs = 8  # the FIFO and the binary file are no documents

    proc = extract(news)
    out = records(proc)
    check(proc.returncode == 1, f"mixed folder: exit {proc.returncode}, expected 1")
    check(len(out) == inputs, f"mixed folder: {len(out)} records for {inputs} documents")
    failed = sorted(r["doc"] for r in out if r["error"])
    check(failed == ["f-gone", "h-feed:2"], f"failed documents: {failed}")
    check(b"g-fifo.txt: not a regular file; skipped" in proc.stderr,
          "the FIFO in a folder is skipped with a warning")
    check(b"d-binary.bin: not text (its name says so); skipped" in proc.stderr,
          "the binary file in a folder is skipped with a warning")
    alone = extract(os.path.join(news, "d-binary.bin"))
    check(alone.returncode == 1 and records(alone)[0]["error"], "a binary file named on the command line fails")
    by_id = {r["doc"]: r for r in out}
    for name in ["a-good.txt", "b-good.txt", "c-empty.txt", "e-invalid.txt"]:
        alone = records(extract(os.path.join(news, name)))
        rid = name.rsplit(".", 1)[0]
        check(len(alone) == 1 and rid in by_id and
              without_origin(alone[0]) == without_origin(by_id[rid]),
              f"{name}: its record in the folder differs from its record alone")
    for line in (feed[0], feed[2]):
        single = os.path.join(tmp, "single.jsonl")
        write(single, line + "\n")
        alone = records(extract(single))
        rid = json.loads(line)["id"]
        check(len(alone) == 1 and without_origin(alone[0]) == without_origin(by_id.get(rid)),
              f"{rid}: its record in the feed differs from its record alone")

    # A named pipe named on the command line is read, as <(cmd) is.
    fifo = os.path.join(tmp, "named.fifo")
    os.mkfifo(fifo)
    writer = threading.Thread(target=lambda: write(fifo, QUOTE))
    writer.start()
    proc = extract(fifo)
    writer.join()
    out = records(proc)
    check(proc.returncode == 0 and len(out) == 1 and out[0]["quotes"],
          f"a FIFO named on the command line: exit {proc.returncode}, {out}")


def test_strict(tmp):
    """Warnings alone exit 0, and 1 with --strict."""
    for name, data in [("empty.txt", b""), ("invalid.txt", b"Peskov said \xff it.")]:
        path = os.path.join(tmp, name)
        write(path, data)
        plain, strict = extract(path), extract("--strict", path)
        check(plain.returncode == 0 and plain.stderr,
              f"{name}: a warning and exit 0 without --strict ({plain.returncode})")
        check(strict.returncode == 1 and len(records(strict)) == 1,
              f"{name}: exit 1 with --strict, the record still written ({strict.returncode})")
    folder = os.path.join(tmp, "pipes")
    os.mkdir(folder)
    os.mkfifo(os.path.join(folder, "p"))
    check(extract(folder).returncode == 0 and extract("--strict", folder).returncode == 1,
          "a skipped FIFO: exit 0, and 1 with --strict")
    check(extract("-q", "--strict", folder).stderr == b"", "-q silences the skipped FIFO")


def test_limits(tmp):
    long_quote = "Peskov said: \u201c" + "we will hold the line " * 20 + "\u201d on Monday."
    path = os.path.join(tmp, "long.txt")
    write(path, long_quote)
    check(len(records(extract(path))[0]["quotes"]) == 1, "a 440-byte quote under the default")
    check(records(extract("--max-quote-size", "100", path))[0]["quotes"] == [],
          "--max-quote-size 100 drops a 440-byte quote")
    for bad in ["0", "-1", "1X", ""]:
        proc = extract("--max-quote-size", bad, path)
        check(proc.returncode == 2 and b"bad --max-quote-size" in proc.stderr,
              f"--max-quote-size '{bad}': usage error ({proc.returncode})")

    # Folders nested deeper than 64 levels are refused, not walked.
    deep = os.path.join(tmp, "deep")
    cur = deep
    for _ in range(70):
        cur = os.path.join(cur, "d")
    os.makedirs(cur)
    write(os.path.join(cur, "x.txt"), QUOTE)
    write(os.path.join(deep, "top.txt"), QUOTE)
    proc = extract(deep)
    out = records(proc)
    check(proc.returncode == 1 and len(out) == 2 and
          "nested deeper than 64" in (out[0]["error"] or {}).get("message", "") and
          out[1]["doc"] == "top", f"deep folders: exit {proc.returncode}, {out}")

    # A link to its own folder: a failed record, not an endless walk.
    loop = os.path.join(tmp, "loop")
    os.mkdir(loop)
    write(os.path.join(loop, "a.txt"), QUOTE)
    os.symlink(".", os.path.join(loop, "up"))
    proc = extract(loop)
    out = records(proc)
    check(proc.returncode == 1 and [r["doc"] for r in out] == ["a", "up"] and
          "folder loop" in out[1]["error"]["message"],
          f"folder loop: exit {proc.returncode}, {[r['doc'] for r in out]}")


def test_interrupted(tmp):
    """SIGINT or SIGTERM mid-run: no output file, no temporary file."""
    line = (json.dumps({"text": QUOTE}) + "\n").encode()
    for sig in (signal.SIGINT, signal.SIGTERM):
        for fmt in ("jsonl", "json", "csv", "html"):
            where = os.path.join(tmp, f"int-{fmt}-{sig}")
            os.mkdir(where)
            out = os.path.join(where, "out")
            # A shell in the background ignores SIGINT for its children.
            proc = subprocess.Popen(
                EXTRACT + ["-i", "jsonl", "-f", fmt, "-o", out, "-"], env=ENV, stdin=subprocess.PIPE, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL))
            proc.stdin.write(line * 5)
            proc.stdin.flush()
            # The run is under way once it has written something.
            deadline = time.time() + PATIENCE
            while not os.listdir(where) and time.time() < deadline:
                time.sleep(0.05)
            time.sleep(0.3)
            proc.send_signal(sig)
            try:
                _, err = proc.communicate(timeout=PATIENCE)
            except subprocess.TimeoutExpired:
                proc.kill()
                proc.communicate()
                check(False, f"{fmt}, signal {sig}: did not stop")
                continue
            left = [os.path.relpath(os.path.join(d, f), where)
                    for d, _, files in os.walk(where) for f in files]
            check(proc.returncode == -sig, f"{fmt}, signal {sig}: exit {proc.returncode}")
            check(left == [], f"{fmt}, signal {sig}: left {left}")
            check(err == b"", f"{fmt}, signal {sig}: stderr {err!r}")


def test_outputs(tmp):
    feed = os.path.join(tmp, "many.jsonl")
    write(feed, "".join(json.dumps({"id": i, "text": QUOTE}) + "\n" for i in range(2000)))

    # A reader that stops early ends the run quietly.
    proc = subprocess.Popen(EXTRACT + [feed], env=ENV, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE)
    proc.stdout.read(10)
    proc.stdout.close()
    err = proc.stderr.read()
    proc.wait(timeout=PATIENCE)
    check(proc.returncode == 1 and err == b"", f"closed pipe: exit {proc.returncode}, {err!r}")

    for fmt in ("jsonl", "json"):
        with open("/dev/full", "wb") as full:
            proc = extract("-f", fmt, feed, stdout=full)
        check(proc.returncode == 1 and
              b"standard output: cannot write output: No space left on device" in proc.stderr,
              f"{fmt} to a full disk: exit {proc.returncode}, {proc.stderr!r}")

    regular = os.path.join(tmp, "regular")
    write(regular, "")
    cases = [("jsonl", os.path.join(tmp, "missing", "out.jsonl"), b"No such file or directory"),
             ("jsonl", os.path.join(regular, "out.jsonl"), b"Not a directory"),
             ("json", os.path.join(regular, "out.json"), b"Not a directory"),
             ("csv", os.path.join(regular, "out"), b"Not a directory"),
             ("html", os.path.join(regular, "out"), b"Not a directory")]
    for fmt, path, message in cases:
        proc = extract("-f", fmt, "-o", path, feed)
        check(proc.returncode == 1 and proc.stderr.startswith(b"whosaid: " + path.encode()) and
              message in proc.stderr, f"{fmt} to {path}: exit {proc.returncode}, {proc.stderr!r}")


def main():
    with tempfile.TemporaryDirectory() as tmp:
        for test in (test_accounting, test_strict, test_limits, test_interrupted, test_outputs):
            where = os.path.join(tmp, test.__name__)
            os.mkdir(where)
            test(where)
    print(f"{len(failures)} failures" if failures else "ok")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
