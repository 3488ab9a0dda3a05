#!/usr/bin/env python3
"""Web pages through the whosaid program.

Golden cases: every tests/pages/cases/NAME.html must give, through
`whosaid text --format jsonl`, exactly the record in NAME.expected.jsonl
(the article's text and the page's metadata). The pages are written for
these tests, each after a kind of site (WordPress, a news CMS, AMP, a blog,
an old table layout in windows-1252, ISO-8859-1, a UTF-8 byte order mark,
broken markup, a page without an article...). After a change, review:

    python3 tests/pages/test_pages.py build/src/cli/whosaid --update
    git diff tests/pages/cases

Then the commands on pages: encodings made here (UTF-16, KOI8-R, Shift_JIS),
sniffing, `text` exactly as analysed, `extract` offsets into that text,
CSV and HTML output, JSON Lines records with "html", `db add` and
`search --since` with the page's date, and bad pages.

usage: test_pages.py WHOSAID [--update]
"""
import csv
import json
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
CASES = os.path.join(HERE, "cases")
GAZETTEERS = os.path.join(HERE, "..", "data", "gazetteers")

failures = []


def check(cond, what):
    if not cond:
        failures.append(what)
        print("FAIL:", what)


def run(whosaid, *args, stdin=None, cwd=None):
    return subprocess.run([whosaid] + list(args), input=stdin, stdout=subprocess.PIPE,
                          stderr=subprocess.PIPE, cwd=cwd)


def golden(whosaid, update):
    names = sorted(f[:-5] for f in os.listdir(CASES) if f.endswith(".html"))
    check(len(names) >= 10, "at least ten page cases")
    for name in names:
        p = run(whosaid, "text", "-q", "--format", "jsonl", name + ".html", cwd=CASES)
        got = p.stdout.decode("utf-8")
        path = os.path.join(CASES, name + ".expected.jsonl")
        if update:
            with open(path, "w", encoding="utf-8") as f:
                f.write(got)
            continue
        with open(path, encoding="utf-8") as f:
            want = f.read()
        check(p.returncode == 0, f"{name}: exit {p.returncode}")
        if got != want:
            g, w = json.loads(got), json.loads(want)
            for key in sorted(set(g) | set(w)):
                if g.get(key) != w.get(key):
                    print(f"  {name}: {key}: got {g.get(key)!r}\n  {' ' * len(name)}  want {w.get(key)!r}")
        check(got == want, f"{name}: record differs from {name}.expected.jsonl")


def encodings(whosaid, tmp):
    """Pages in encodings decoded through iconv, made here."""
    body = "<p>{}</p>".format(" ".join(["word"] * 40))
    cases = [
        ("utf16le", "\ufeff<html><body><p>Zażółć gęślą jaźń, said the teacher.</p>" + body + "</body></html>",
         "utf-16-le", "Zażółć gęślą jaźń", "UTF-16LE"),
        ("koi8", "<meta charset=koi8-r><body><p>Привет, мир, сказал он.</p>" + body + "</body>",
         "koi8-r", "Привет, мир, сказал он.", "KOI8-R"),
        ("sjis", "<meta http-equiv=Content-Type content='text/html; charset=Shift_JIS'><body><p>東京で会議が開かれた。</p>" + body + "</body>",
         "shift_jis", "東京で会議が開かれた。", "CP932"),
    ]
    for name, html, codec, want, charset in cases:
        path = os.path.join(tmp, name + ".html")
        with open(path, "wb") as f:
            f.write(html.encode(codec))
        p = run(whosaid, "text", path)
        check(p.returncode == 0 and want in p.stdout.decode("utf-8"), f"{name}: decoded text holds {want!r}")


def commands(whosaid, tmp):
    page = os.path.join(CASES, "wordpress.html")
    with open(os.path.join(CASES, "wordpress.expected.jsonl"), encoding="utf-8") as f:
        expected = json.loads(f.read())

    # text: exactly the analysed text, and the jsonl record's text
    p = run(whosaid, "text", page)
    check(p.returncode == 0 and p.stdout.decode("utf-8") == expected["text"], "text prints the record's text")
    text = p.stdout

    # sniffing: HTML under any name; -i text reads it as text
    sniffed = os.path.join(tmp, "saved-page.txt")
    shutil.copy(page, sniffed)
    check(run(whosaid, "text", sniffed).stdout == text, "a .txt file starting as HTML is read as a page")
    check(run(whosaid, "text", "-i", "text", sniffed).stdout.startswith(b"<!DOCTYPE html>"),
          "-i text reads a page as text")
    with open(page, "rb") as f:
        check(run(whosaid, "text", "-i", "html", "-", stdin=f.read()).stdout == text, "-i html on standard input")
    plain = os.path.join(tmp, "plain.txt")
    with open(plain, "w") as f:
        f.write("Just text, <b>not</b> a page.\n")
    check(run(whosaid, "text", plain).stdout == b"Just text, <b>not</b> a page.\n", "text files stay text")

    # several documents: each after a header line
    p = run(whosaid, "text", plain, page)
    out = p.stdout.decode("utf-8")
    check(out.startswith("==> " + plain + " <==\nJust text") and ("\n==> " + page + " <==\n") in out,
          "text with several inputs heads each")

    # extract: metadata in the record, offsets into the text of `text`
    p = run(whosaid, "extract", page)
    rec = json.loads(p.stdout)
    check(p.returncode == 0, "extract on a page exits 0")
    for key in ("title", "author", "date", "url", "site", "lang"):
        check(rec.get(key) == expected[key], f"extract record's {key}")
    check(rec["length"] == len(text), "length is the text's")
    check(len(rec["quotes"]) >= 2, "quotes found in the page")
    for q in rec["quotes"]:
        check(text[q["start"]:q["end"]].decode("utf-8") == q["text"], f"quote {q['id']} offsets refer to the text")
    for e in rec["entities"]:
        for m in e["mentions"]:
            check(text[m["start"]:m["end"]].decode("utf-8") == m["text"], f"mention {m['text']} offsets")
    edith = [q for q in rec["quotes"] if "only road" in q["text"]]
    check(edith and edith[0]["speaker_text"] == "Edith Marsh", "the quote in the page has its speaker")

    # CSV and the HTML view
    out_dir = os.path.join(tmp, "csv")
    p = run(whosaid, "extract", "-i", "html", "--format", "csv", "--out", out_dir, CASES)
    with open(os.path.join(out_dir, "documents.csv"), newline="", encoding="utf-8") as f:
        docs = {r["doc"]: r for r in csv.DictReader(f)}
    check(json.loads(docs["wordpress"]["meta"])["date"] == "2025-01-14T08:12:45+00:00", "CSV meta holds the date")
    check(docs["no-main-text"]["warnings"] == "1" and docs["no-main-text"]["bytes"] == "0",
          "a page without main text is an empty document with a warning")
    check(b"no main text found in the page" in p.stderr, "the warning is reported")
    view = os.path.join(tmp, "view")
    p = run(whosaid, "extract", "--format", "html", "--out", view, page)
    pages = sorted(f for f in os.listdir(view) if f.startswith("doc-"))
    with open(os.path.join(view, pages[0]), encoding="utf-8") as f:
        html = f.read()
    check(p.returncode == 0 and "Gull Island ferry" in html,
          "the HTML view shows the page's text")

    # JSON Lines with "html": the record's fields win, its url resolves the canonical
    with open(page, encoding="utf-8") as f:
        source = f.read().replace('href="https://coastal-ledger.example/2025/01/14/ferry-winter/"', 'href="ferry/"')
    feed = os.path.join(tmp, "crawl.jsonl")
    with open(feed, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "c1", "url": "https://mirror.example/x/", "date": "2025-02-01",
                            "html": source}) + "\n")
        f.write(json.dumps({"id": "c2", "html": "\u0000binary"}) + "\n")
    p = run(whosaid, "text", "--format", "jsonl", feed)
    recs = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]
    check(len(recs) == 2 and p.returncode == 1, "two records from two lines, one failed")
    check(list(recs[0])[:5] == ["doc", "origin", "url", "date", "title"], "record fields first, then the page's")
    check(recs[0]["date"] == "2025-02-01" and recs[0]["url"] == "https://mirror.example/x/",
          "the record's date and url win")
    check(recs[0]["title"] == expected["title"] and recs[0]["text"] == expected["text"], "the page's text and title")
    check(recs[1]["error"]["message"].startswith("binary data") and recs[1]["text"] is None,
          "a binary page in a record fails with a record")
    check(b"crawl.jsonl:2: byte 0: binary data, not a web page (a NUL byte)" in p.stderr, "its error names line and byte")
    # fields named like the record's own are renamed, as in extract's records
    with open(feed, "w", encoding="utf-8") as f:
        f.write(json.dumps({"id": "c3", "doc": "d", "input_doc": "e", "error": 1, "html": source}) + "\n")
    p = run(whosaid, "text", "--format", "jsonl", feed)
    recs = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]
    check(p.returncode == 0 and len(recs) == 1 and
          [recs[0].get(k) for k in ("doc", "input_doc", "input_input_doc", "input_error")] == ["c3", "d", "e", 1],
          "text: a record's doc and error fields renamed input_doc, input_error")

    # db add, then search --since on the page's date
    db = os.path.join(tmp, "q.db")
    p = run(whosaid, "db", "add", db, page)
    check(p.returncode == 0, "db add on a page")
    p = run(whosaid, "search", db, "--since", "2025-01-14", "--format", "csv")
    rows = list(csv.DictReader(p.stdout.decode("utf-8").splitlines()))
    check(any("only road" in r["text"] and r["date"] == "2025-01-14T08:12:45+00:00" and
              r["title"] == expected["title"] for r in rows), "search --since finds the page's quote, with its date and title")
    p = run(whosaid, "search", db, "--since", "2025-01-15", "--format", "csv")
    check(len(p.stdout.decode("utf-8").strip().splitlines()) == 1, "search --since after the page's date finds nothing")

    # bad pages
    binary = os.path.join(tmp, "image.html")
    with open(binary, "wb") as f:
        f.write(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    p = run(whosaid, "extract", binary, page)
    recs = [json.loads(line) for line in p.stdout.decode("utf-8").splitlines()]
    check(p.returncode == 1 and len(recs) == 2 and recs[0]["error"] and not recs[1]["error"],
          "a binary page fails alone")
    check(b"image.html: byte 8: binary data, not a web page (a NUL byte)" in p.stderr, "binary page message")
    p = run(whosaid, "extract", "--strict", os.path.join(CASES, "no-main-text.html"))
    check(p.returncode == 1, "--strict: a page without main text exits 1")

    # help
    check(b"text" in run(whosaid, "--help").stdout, "--help lists text")
    check(run(whosaid, "text", "--format", "xml", page).returncode == 2, "a bad --format is a usage error")


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    whosaid = os.path.abspath(sys.argv[1])
    update = "--update" in sys.argv[2:]
    golden(whosaid, update)
    if update:
        print("updated; review: git diff tests/pages/cases")
        return
    tmp = tempfile.mkdtemp(prefix="whosaid-pages-")
    # the small test gazetteer stands for the bundled ones; its cache stays here
    os.environ["WHOSAID_GAZETTEERS"] = GAZETTEERS
    os.environ["XDG_CACHE_HOME"] = os.path.join(tmp, "cache")
    try:
        encodings(whosaid, tmp)
        commands(whosaid, tmp)
    finally:
        shutil.rmtree(tmp)
    print(f"{len(failures)} failed" if failures else "all passed")
    sys.exit(1 if failures else 0)


if __name__ == "__main__":
    main()
