"""tables() gives the CSV tables of `whosaid extract --format csv` as pandas
DataFrames: the same columns, and the same rows once written as the CSV
writes them; without pandas it says what to install."""
import csv
import os
import subprocess
import sys

import pytest

from conftest import ROOT, run_cli, texts
from test_cli_equal import feed_records, write_feed

pd = pytest.importorskip("pandas", reason="pandas is not installed (Debian: python3-pandas)")

TABLES = ("quotes", "entities", "mentions", "documents")

# Dates in the forms and fields the library reads, ones it does not, titles
# and urls that are no strings, and cells a spreadsheet would run.
DATED = [
    {"id": "published", "text": "“We will rebuild,” Mayor Jane Doe said.", "published": "April 2, 2026",
     "title": "Rebuilding", "url": "https://example.org/r"},
    {"id": "rss", "text": "“Fine,” Peskov said.", "pubDate": "Thu, 02 Apr 2026 08:00:00 +0000", "title": 7},
    {"id": "number", "text": "“Fine,” Peskov said.", "date": 20260403, "url": ["not", "a", "string"]},
    {"id": "unix", "text": "“Fine,” Peskov said.", "datePublished": 1775116800},
    {"id": "impossible", "text": "“Fine,” Peskov said.", "date": "2026-02-30", "published": "2026-04-01"},
    {"id": "unreadable", "text": "“Fine,” Peskov said.", "date": "yesterday"},
    {"id": "formula", "text": "-“=SUM(A1:A9) is what we owe,” Peskov said.", "title": "=HYPERLINK(\"x\")",
     "date": "2026-04-02T08:00:00+02:00"},
]


def csv_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return list(csv.reader(f))


def as_csv_field(value):
    """A DataFrame value as the CSV writer writes it: absent is empty,
    confidences have two decimals."""
    if value is None or (isinstance(value, float) and value != value):
        return ""
    if isinstance(value, float):
        return "%.2f" % value
    return str(value)


def frame_rows(frame):
    return [list(frame.columns)] + [[as_csv_field(v) for v in row]
                                    for row in frame.astype(object).itertuples(index=False)]


def test_tables_equal_csv(whosaid, extractor, tmp_path):
    recs = feed_records() + DATED
    write_feed(tmp_path, recs)
    paths = [p for p, _ in texts()]
    # the values as they are: a DataFrame is for programs, not spreadsheets
    run_cli("extract", "--format", "csv", "--csv-raw", "--out", str(tmp_path / "cli"), "feed.jsonl",
            *[os.path.join(ROOT, p) for p in paths], cwd=tmp_path)
    # the same documents in the same order: the feed, then the files
    docs = list(extractor.extract_many(recs, name="feed.jsonl"))
    docs += [extractor.extract(data, id=os.path.splitext(os.path.basename(p))[0],
                               origin=os.path.join(ROOT, p))
             for p, data in texts()]
    frames = whosaid.tables(iter(docs))  # any iterable, read once
    assert len(frames) == 4
    for name, frame in zip(TABLES, frames):
        assert isinstance(frame, pd.DataFrame)
        want = csv_rows(tmp_path / "cli" / (name + ".csv"))
        got = frame_rows(frame)
        assert got[0] == want[0], "%s: columns" % name
        assert len(got) == len(want), "%s: rows" % name
        for i, (g, w) in enumerate(zip(got, want)):
            assert g == w, "%s.csv row %d" % (name, i)


def test_dates_and_sentences(whosaid, extractor):
    """The columns beside each quote: the date as the database reads it,
    the url and title, the sentence; a pickled result has no text, so no
    sentence."""
    import pickle
    results = list(extractor.extract_many(DATED))
    quotes, _, _, documents = whosaid.tables(results)
    assert list(documents["date"]) == ["2026-04-02", "2026-04-02T08:00:00+00:00", "2026-04-03",
                                       "2026-04-02T08:00:00Z", "2026-04-01", None, "2026-04-02T08:00:00+02:00"]
    assert list(quotes["date"]) == list(documents["date"])  # one quote each
    assert list(quotes["title"]) == ["Rebuilding", None, None, None, None, None, '=HYPERLINK("x")']
    assert list(quotes["url"]) == ["https://example.org/r"] + [None] * 6
    assert quotes.loc[0, "sentence"] == "“We will rebuild,” Mayor Jane Doe said."
    assert quotes.loc[6, "text"] == "=SUM(A1:A9) is what we owe,"
    copies = whosaid.tables(pickle.loads(pickle.dumps(results)))
    assert list(copies[0]["sentence"]) == [None] * 7
    assert copies[0].drop(columns="sentence").equals(quotes.drop(columns="sentence"))


def test_tables_types(whosaid, extractor):
    quotes, entities, mentions, documents = whosaid.tables(
        extractor.extract_many(["“We will rebuild,” Mayor Jane Doe said.", {"id": "bad"}]))
    assert quotes.loc[0, "speaker"] == "Jane Doe" and quotes.loc[0, "confidence"] == 0.95
    assert str(quotes["start"].dtype) == "int64" and str(quotes["confidence"].dtype) == "float64"
    assert list(documents["status"]) == ["ok", "error"]
    assert list(entities["entity_id"]) == ["local:Jane_Doe"] and len(mentions) == 1
    empty = whosaid.tables([])
    assert [len(t) for t in empty] == [0, 0, 0, 0]
    assert list(empty[0].columns)[:3] == ["doc", "quote_id", "text"]


def test_without_pandas(tmp_path):
    """An interpreter that cannot import pandas: tables() says what to
    install; the rest works."""
    script = (
        "import sys; sys.modules['pandas'] = None\n"
        "import whosaid\n"
        "r = whosaid.Extractor().extract('“Fine,” Peskov said.')\n"
        "assert r.quotes[0].speaker == 'Dmitry Peskov'\n"
        "try:\n"
        "    whosaid.tables([r])\n"
        "except ImportError as e:\n"
        "    print(e)\n")
    out = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=60)
    assert out.returncode == 0, out.stderr
    assert "needs pandas" in out.stdout and "python3-pandas" in out.stdout
