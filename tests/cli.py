#!/usr/bin/env python3
"""CLI cases as data: runs every row of tests/errors/cases.tsv (its header
explains the columns) and checks exit status, stderr and output.

usage: cli.py WHOSAID [--data DIR] [NAME...]
"""
import csv
import io
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))


def decode_spec(spec):
    """Bytes of a file spec: Python escapes; \\uXXXX as UTF-8."""
    out = bytearray()
    i = 0
    while i < len(spec):
        c = spec[i]
        if c != "\\" or i + 1 >= len(spec):
            out += c.encode("utf-8")
            i += 1
            continue
        e = spec[i + 1]
        if e == "x":
            out.append(int(spec[i + 2:i + 4], 16))
            i += 4
        elif e == "u":
            out += chr(int(spec[i + 2:i + 6], 16)).encode("utf-8")
            i += 6
        else:
            out += {"n": b"\n", "t": b"\t", "r": b"\r", "0": b"\0", "\\": b"\\"}[e]
            i += 2
    return bytes(out)


def big_line(path, mib):
    """One line of mib MiB, no newline: a quote at each end and plain prose
    between. (Dense quotes and names cost the library ~130 bytes of memory
    per input byte, too much for a 50 MiB case under sanitizers.)"""
    head = "\u201cWe will hold,\u201d Peskov said in Moscow. ".encode("utf-8")
    tail = " Then \u201cthe last words,\u201d Trump said.".encode("utf-8")
    chunk = b"the talks went on and on and nobody said anything new about it, " * 1024
    left = (mib << 20) - len(head) - len(tail)
    with open(path, "wb") as f:
        f.write(head)
        while left > 0:
            f.write(chunk[:left])
            left -= len(chunk)
        f.write(tail)


def make_files(tmp, spec):
    stdin = None
    if spec in (".", ""):
        return stdin
    for item in spec.split(";"):
        name, _, value = item.partition("=")
        if name == "-":
            stdin = decode_spec(value)
            continue
        path = os.path.join(tmp, name)
        os.makedirs(os.path.dirname(path), exist_ok=True)
        if value.startswith("@bigline:"):
            big_line(path, int(value.split(":")[1]))
        else:
            with open(path, "wb") as f:
                f.write(decode_spec(value))
    return stdin


def records(stdout):
    return [json.loads(line) for line in stdout.decode("utf-8").splitlines()]


def parsed(stdout):
    """The records of stdout: JSON Lines, or one JSON array (--format json)."""
    text = stdout.decode("utf-8")
    return json.loads(text) if text.startswith("[") else records(stdout)


def by_doc(recs, doc):
    found = [r for r in recs if str(r.get("doc")) == doc]
    if len(found) != 1:
        raise AssertionError("%d records of doc %r (docs: %s)" % (len(found), doc, [r.get("doc") for r in recs]))
    return found[0]


def check_csv(folder):
    tables = {"documents.csv", "entities.csv", "mentions.csv", "quotes.csv"}
    names = set(os.listdir(folder))
    if names != tables:
        raise AssertionError("csv folder holds %s" % sorted(names))
    for name in sorted(tables):
        with open(os.path.join(folder, name), "rb") as f:
            data = f.read()
        if not data.endswith(b"\r\n"):
            raise AssertionError("%s does not end with CRLF" % name)
        rows = list(csv.reader(io.StringIO(data.decode("utf-8"), newline="")))
        if len(rows) < 2:
            raise AssertionError("%s has no data rows" % name)
        width = len(rows[0])
        for i, row in enumerate(rows):
            if len(row) != width:
                raise AssertionError("%s row %d has %d fields, header %d" % (name, i, len(row), width))
        if name == "quotes.csv":
            texts = [dict(zip(rows[0], r))["text"] for r in rows[1:]]
            if "We said no, twice, \u2018never\u2019," not in texts:
                raise AssertionError("quotes.csv texts: %r" % texts)


def run_checks(checks, stdout, argv, stdin, tmp):
    for check in checks.split(";"):
        if check in (".", ""):
            continue
        key, _, value = check.partition("=")
        if check == "twice":
            again = subprocess.run(argv, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                   cwd=tmp, timeout=120)
            if again.stdout != stdout:
                raise AssertionError("a second run gave different output")
        elif key == "jsonl":
            n = len(records(stdout))
            if n != int(value):
                raise AssertionError("%d records, expected %s" % (n, value))
        elif key == "json":
            arr = json.loads(stdout.decode("utf-8"))
            if not isinstance(arr, list) or len(arr) != int(value):
                raise AssertionError("not a JSON array of %s" % value)
        elif key == "ok":
            rec = by_doc(records(stdout), value)
            if rec["error"] is not None:
                raise AssertionError("%s has error %r" % (value, rec["error"]))
        elif key == "error":
            rec = by_doc(records(stdout), value)
            if not isinstance(rec["error"], dict) or not rec["error"].get("message"):
                raise AssertionError("%s has no error object" % value)
        elif key == "field":
            doc, _, kv = value.partition(":")
            k, _, v = kv.partition("=")
            got = by_doc(records(stdout), doc).get(k)
            if got != v:
                raise AssertionError("%s.%s is %r, expected %r" % (doc, k, got, v))
        elif key in ("keys", "entitykeys"):
            doc, _, names = value.partition(":")
            rec = by_doc(parsed(stdout), doc)
            objects = [rec] if key == "keys" else rec["entities"]
            if not objects:
                raise AssertionError("%s has no entities" % doc)
            for obj in objects:
                if list(obj) != names.split(","):
                    raise AssertionError("%s: keys %s, expected %s" % (doc, list(obj), names))
        elif key == "quote":
            want = decode_spec(value).decode("utf-8")
            texts = [q["text"] for r in records(stdout) for q in r["quotes"]]
            if not any(want in t for t in texts):
                raise AssertionError("no quote holds %r: %r" % (want, texts))
        elif check.startswith("stdout~"):
            if check[7:].encode("utf-8") not in stdout:
                raise AssertionError("stdout lacks %r" % check[7:])
        elif check == "stdout=empty":
            if stdout:
                raise AssertionError("stdout is not empty: %r" % stdout[:200])
        elif key == "csv":
            check_csv(value)
        elif key == "nofile":
            if os.path.exists(value):
                raise AssertionError("%s exists" % value)
        else:
            raise AssertionError("unknown check %r" % check)


def run_case(whosaid, data, row):
    tmp = tempfile.mkdtemp(prefix="whosaid-cli-")
    try:
        def expand(s):
            return (s.replace("{gaz}", "--no-bundled-gazetteers -g " + os.path.join(data, "gazetteers"))
                     .replace("{tmp}", tmp).replace("{data}", data))
        stdin = make_files(tmp, row["files"])
        argv = [whosaid] + expand(row["args"]).split()
        proc = subprocess.run(argv, input=stdin if stdin is not None else b"",
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=tmp, timeout=120)
        stderr = proc.stderr.decode("utf-8", "replace")
        problems = []
        if proc.returncode != int(row["exit"]):
            problems.append("exit status %d, expected %s" % (proc.returncode, row["exit"]))
        want = row["stderr"]
        # a sanitizer report on stderr fails the case even where stderr is not checked
        if "runtime error:" in stderr or "Sanitizer" in stderr:
            problems.append("sanitizer report: %s" % stderr.strip()[:1000])
        if want == "!" and stderr:
            problems.append("stderr is not empty")
        elif want not in (".", "!") and expand(want) not in stderr:
            problems.append("stderr lacks %r" % want)
        if proc.returncode < 0:
            problems.append("killed by signal %d" % -proc.returncode)
        else:
            try:
                run_checks(expand(row["checks"]), proc.stdout, argv,
                           stdin if stdin is not None else b"", tmp)
            except (AssertionError, ValueError, KeyError) as e:
                problems.append("%s: %s" % (type(e).__name__, e))
        if problems:
            return problems + ["stderr: " + stderr[:2000].rstrip()]
        return []
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def main(argv):
    args = list(argv)
    data = os.path.join(HERE, "data")
    if "--data" in args:
        i = args.index("--data")
        data = args[i + 1]
        del args[i:i + 2]
    if not args:
        sys.stderr.write(__doc__)
        return 2
    whosaid = os.path.abspath(args[0])
    only = set(args[1:])
    with open(os.path.join(HERE, "errors", "cases.tsv"), encoding="utf-8") as f:
        lines = [l.rstrip("\n") for l in f if l.strip() and not l.startswith("#")]
    columns = ["name", "args", "files", "exit", "stderr", "checks"]
    failed = ran = 0
    for line in lines:
        cells = line.split("\t")
        if len(cells) != len(columns):
            print("FAIL bad row (%d columns): %s" % (len(cells), line[:80]))
            failed += 1
            continue
        row = dict(zip(columns, cells))
        if only and row["name"] not in only:
            continue
        ran += 1
        problems = run_case(whosaid, data, row)
        if problems:
            failed += 1
            print("FAIL %s\n  %s" % (row["name"], "\n  ".join(problems)))
        else:
            print("ok   %s" % row["name"])
    print("%d of %d cases failed" % (failed, ran) if failed else "%d cases passed" % ran)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
