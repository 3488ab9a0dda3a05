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
    recs = feed_records()
    write_feed(tmp_path, recs)
    paths = [p for p, _ in texts()]
    run_cli("extract", "--format", "csv", "--out", str(tmp_path / "cli"), "feed.jsonl",
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
