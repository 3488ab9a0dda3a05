"""Web pages through Python equal them through the command line: read_page
as `whosaid text -i html --format jsonl`, extract_page as `whosaid extract
page.html`, and records with "html" in extract_many as `whosaid extract
feed.jsonl` (text, metadata merged in the same order, ids, origins, error
records), the pages' warnings as whosaid.PageWarning where the command line
prints them, in the same order."""
import glob
import json
import os
import subprocess
import warnings

import pytest

from conftest import ROOT, WHOSAID_EXE, records
from test_cli_equal import check_results

CASES = os.path.join(ROOT, "tests", "pages", "cases")
PROSE = ("<p>“We will keep the ferry,” Mayor Jane Doe said on Monday, after the council met to hear "
         "residents, engineers and the harbour master, who spoke for an hour about its cost.</p>")


def pages():
    """(name, bytes) of the page cases, and of pages made here: invalid
    bytes, binary data, markup nested too deep."""
    found = []
    for path in sorted(glob.glob(os.path.join(CASES, "*.html"))):
        with open(path, "rb") as f:
            found.append((os.path.basename(path), f.read()))
    assert len(found) >= 10
    found += [
        ("invalid-bytes.html", ("<html lang=en><title>Ferry vote</title><body>" + PROSE).encode("utf-8")
         + b"<p>Caf\xc3\xa9 \xff\xfe bytes that are not UTF-8, written by a scraper, in the middle.</p></body>"),
        ("binary.html", b"\x00\x01\x02\x03PK\x00\x00" * 20),
        ("deep.html", b"<div>" * 600 + b"<p>Deep.</p>"),
    ]
    return found


def run(*args, cwd):
    """The command's standard output, and its standard error's lines."""
    assert WHOSAID_EXE, "WHOSAID_EXE names the whosaid program (meson test sets it)"
    proc = subprocess.run([WHOSAID_EXE, *args], cwd=cwd, capture_output=True, timeout=300)
    assert proc.returncode in (0, 1), proc.stderr.decode("utf-8", "replace")
    return proc.stdout.decode("utf-8"), proc.stderr.decode("utf-8").splitlines()


def write_pages(tmp_path):
    for name, data in pages():
        (tmp_path / name).write_bytes(data)
    return [name for name, _ in pages()]


def results_and_stderr(whosaid, results):
    """The results of an iterator, and the lines `whosaid extract` would
    print on standard error for them: each document's page warnings, its
    error, its warnings."""
    got, lines = [], []
    it = iter(results)
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        while True:
            before = len(caught)
            try:
                r = next(it)
            except StopIteration:
                break
            got.append(r)
            for w in caught[before:]:
                assert w.category is whosaid.PageWarning, w
                lines.append("whosaid: %s" % w.message)
            if r.error:
                e = r.error
                where = "%s%s: " % (e.file, ":%d" % e.line if e.line else "") if e.file else \
                    ("%s: " % r.origin if r.origin else "")
                lines.append("whosaid: %s%s%s" % (where, "byte %d: " % e.byte if e.byte is not None else "",
                                                  e.message))
            for w in r.warnings:
                lines.append("whosaid: %s: %s%s" % (r.origin, "byte %d: " % w.byte if w.byte is not None else "",
                                                     w.message))
    return got, lines


def test_read_page_equals_text(whosaid, tmp_path):
    """read_page: the text and the metadata of `whosaid text --format jsonl`,
    its warnings those the command prints; a page that cannot be read
    raises the error the command reports."""
    for name in write_pages(tmp_path):
        out, err = run("text", "-i", "html", "--format", "jsonl", name, cwd=tmp_path)
        want = records(out)[0]
        with open(tmp_path / name, "rb") as f:
            data = f.read()
        if want.get("error"):
            with pytest.raises(whosaid.Error) as raised:
                whosaid.read_page(data)
            e = raised.value
            byte = want["error"]["byte"]  # `text` writes -1 where no byte applies
            assert (e.status, e.message, e.byte) == (want["error"]["status"], want["error"]["message"],
                                                      None if byte == -1 else byte), name
            continue
        page = whosaid.read_page(data)
        assert page.text == want["text"], name
        assert page.meta == {k: v for k, v in want.items() if k not in ("doc", "origin", "text")}, name
        assert list(page.meta) == [k for k in want if k not in ("doc", "origin", "text")], name
        assert ["whosaid: %s: %s%s" % (name, "byte %d: " % w.byte if w.byte is not None else "", w.message)
                for w in page.warnings] == err, name
        assert isinstance(page.charset, str) and page.charset, name
    legacy = whosaid.read_page(dict(pages())["legacy-1252.html"])
    assert legacy.charset == "windows-1252" and isinstance(legacy.warnings, list)


def test_read_page_url_and_types(whosaid):
    html = "<title>Ferry</title><link rel=canonical href='/news/ferry'><body>" + PROSE
    page = whosaid.read_page(html, url="https://ledger.example/x/y.html")
    assert page.url == "https://ledger.example/news/ferry"
    assert whosaid.read_page("<body>" + PROSE, url="https://ledger.example/a").url == "https://ledger.example/a"
    assert whosaid.read_page("<body>" + PROSE).url is None
    empty = whosaid.read_page("")
    assert empty.text == "" and [w.message for w in empty.warnings] == ["no main text found in the page"]
    with pytest.raises(TypeError):
        whosaid.read_page(42)
    with pytest.raises(TypeError):
        whosaid.read_page("<p>x</p>", url=b"https://a")
    with pytest.raises(whosaid.LimitError):
        whosaid.read_page("<div>" * 600)


def test_extract_page_equals_extract(whosaid, extractor, tmp_path):
    """extract_page(bytes) is `whosaid extract NAME.html`: the record, byte
    for byte, and the same lines on standard error."""
    names = write_pages(tmp_path)
    for name in names:
        out, err = run("extract", name, cwd=tmp_path)
        with open(tmp_path / name, "rb") as f:
            data = f.read()

        def one():
            yield extractor.extract_page(data, id=os.path.splitext(name)[0], origin=name)
        results, lines = results_and_stderr(whosaid, one())
        check_results(results, out, name)
        assert lines == err, name
    # all at once, as records with bytes on two threads, as `whosaid extract -i html` over the files
    out, err = run("extract", "-i", "html", *names, cwd=tmp_path)
    docs = [{"id": os.path.splitext(n)[0], "html": d} for n, d in pages()]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", whosaid.PageWarning)
        results = list(extractor.extract_many(docs, jobs=2))
    want = records(out)
    assert len(results) == len(want)
    for r, w in zip(results, want):
        got = r.to_dict()
        got["origin"] = w["origin"]  # the records' are items:N, the files' their names
        if got["error"]:
            got["error"].update(file=w["error"]["file"], line=w["error"]["line"])
        assert got == w, w["doc"]


def test_extract_page_meta_and_url(whosaid, extractor):
    """meta wins over the page and comes first; url is where the page was found."""
    html = ("<html lang=en><title>Ferry vote | The Ledger</title><meta property=og:site_name content='The Ledger'>"
            "<body>" + PROSE + "</body></html>")
    r = extractor.extract_page(html, url="https://ledger.example/ferry", meta={"title": "Mine", "n": 1})
    assert list(r.meta.items()) == [("title", "Mine"), ("n", 1), ("url", "https://ledger.example/ferry"),
                                    ("site", "The Ledger"), ("lang", "en")]
    assert r.doc == "doc" and r.origin is None and r.ok
    page = whosaid.read_page(html)
    assert r.length == len(page.text.encode("utf-8"))
    q = r.quotes[0]
    assert page.text.encode("utf-8")[q.start:q.end].decode("utf-8") == q.text
    with pytest.raises(TypeError):
        extractor.extract_page(None)
    with pytest.raises(TypeError):
        extractor.extract_page("<p>x</p>", url=3)
    bad = extractor.extract_page(b"\x00\x01\x02" * 30, id="b", origin="b.html")
    assert not bad.ok and bad.error.byte == 0 and bad.meta == {} and bad.error.file == "b.html"
    with pytest.raises(whosaid.InputError):
        bad.raise_for_error()


def feed_records():
    """Records with "html", mixed with text records and bad ones."""
    data = dict(pages())
    html = {n: d.decode("utf-8", "replace") for n, d in data.items()}
    return [
        {"id": "wp", "html": html["wordpress.html"], "source": "Ünïcode “news”", "score": 1 / 3},
        {"html": html["news-cms.html"], "url": "https://other.example/a/b.html", "title": "The record's title"},
        {"id": 7, "html": html["blog.html"], "site": None, "nested": {"a": [1, 2.5, None, True, "\u0000x"]}},
        {"id": "rel", "url": "https://ledger.example/x/y.html",
         "html": "<title>Ferry</title><link rel=canonical href='/news/ferry'><body>" + PROSE},
        {"id": "plain", "text": "“Not now,” Peskov said.", "html": "<p>ignored: text wins</p>"},
        {"id": "nothing", "html": html["no-main-text.html"]},
        {"id": "invalid", "html": html["invalid-bytes.html"]},
        {"id": "binary", "html": "\u0000\u0001\u0002 not a page" * 10},
        {"id": "deep", "html": html["deep.html"]},
        {"id": "not-a-string", "html": 3},
        {"id": "null-html", "html": None},
        {"id": "neither", "url": "u"},
        {"id": "empty", "html": ""},
        {"html": html["amp.html"], "doc": "a field named doc", "origin": "and origin"},
    ]


def write_feed(tmp_path, recs):
    with open(tmp_path / "feed.jsonl", "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


@pytest.mark.parametrize("jobs", [1, 2])
def test_html_records_equal_cli(whosaid, extractor, tmp_path, jobs):
    """extract_many over records with "html" gives the CLI's records for
    feed.jsonl, byte for byte, and the same lines on standard error."""
    recs = feed_records()
    write_feed(tmp_path, recs)
    out, err = run("extract", "feed.jsonl", cwd=tmp_path)
    results, lines = results_and_stderr(whosaid, extractor.extract_many(recs, name="feed.jsonl", jobs=jobs))
    check_results(results, out, "feed.jsonl")
    assert lines == err
    by_id = {r.doc: r for r in results}
    assert by_id["feed:2"].meta["title"] == "The record's title"
    assert by_id["rel"].meta["url"] == "https://ledger.example/x/y.html"  # the record's url wins
    assert "html" in by_id["plain"].meta and by_id["plain"].ok
    assert by_id["neither"].error.message == 'no "text" field (nor "html" for a web page)'
    # extract takes one record as extract_many does
    for rec, want in zip(recs, records(out)):
        if "id" in rec and isinstance(rec["id"], str):
            with warnings.catch_warnings():
                warnings.simplefilter("ignore", whosaid.PageWarning)
                r = extractor.extract(rec)
            assert r.to_dict()["quotes"] == want["quotes"] and r.meta == {
                k: v for k, v in want.items() if k not in ("doc", "origin", "length", "error", "warnings",
                                                           "entities", "quotes")}, rec["id"]


def test_text_output_of_html_records(whosaid, tmp_path):
    """`whosaid text --format jsonl` on the records: the text read_page
    gives, with the url the record gives as where the page was found."""
    recs = [r for r in feed_records() if isinstance(r.get("html"), str) and "text" not in r]
    write_feed(tmp_path, recs)
    out, _ = run("text", "--format", "jsonl", "feed.jsonl", cwd=tmp_path)
    for rec, want in zip(recs, records(out)):
        if want.get("error"):
            continue
        url = rec.get("url") if isinstance(rec.get("url"), str) else None
        assert whosaid.read_page(rec["html"], url=url).text == want["text"]


def test_page_warnings_as_errors(whosaid, extractor):
    """warnings.simplefilter("error", PageWarning): a page's warning raises,
    as --strict fails the run; extract_many goes on after it."""
    html = {"id": "nothing", "html": "<p>menu</p>"}
    with warnings.catch_warnings():
        warnings.simplefilter("error", whosaid.PageWarning)
        with pytest.raises(whosaid.PageWarning) as raised:
            extractor.extract(html)
        assert (raised.value.origin, raised.value.byte, raised.value.message) == (
            "", None, "no main text found in the page")
        it = extractor.extract_many([html, "“Fine,” Peskov said.", html, "Last."], jobs=2)
        with pytest.raises(whosaid.PageWarning) as raised:
            next(it)
        assert str(raised.value) == "items:1: no main text found in the page"
        assert next(it).ok
        with pytest.raises(whosaid.PageWarning):
            next(it)
        assert next(it).ok
        assert list(it) == []
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", whosaid.PageWarning)
        assert extractor.extract(html).warnings[0].message == "empty document: no text to analyse"


def test_db_add_of_pages(whosaid, extractor, tmp_path):
    """Page records added from Python are those `whosaid db add` stores
    (the same content hashes); a page's site shows as the source of its
    quotes when its record gives no source."""
    recs = [r for r in feed_records() if r.get("id") in ("wp", "rel", "binary") or "title" in r]
    write_feed(tmp_path, recs)
    run("db", "add", "cli.db", "feed.jsonl", cwd=tmp_path)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", whosaid.PageWarning)
        results = list(extractor.extract_many(recs, name="feed.jsonl"))
    with whosaid.QuoteDB(tmp_path / "cli.db", extractor=extractor) as db:
        assert db.add(results) == whosaid.AddSummary(unchanged=4, failed=1)  # failed ones too
        sources = {row.doc: row.source for row in db.search()}
    site = whosaid.read_page(recs[1]["html"]).site
    assert site and sources["feed:2"] == site
    assert sources["wp"] == "Ünïcode “news”"  # the record's own source wins
    assert sources["rel"] is None  # no source, no site
