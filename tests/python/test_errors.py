"""Errors: whosaid.Error subclasses with the status, message and position
the library reports (worded as the command line prints them), and bad
documents that become error records rather than exceptions."""
import subprocess

import pytest

from conftest import WHOSAID_EXE, run_cli

HEADER = "id\ttype\tname\taliases\tattributes\n"


def cli_message(*args, status=2, cwd=None):
    """The command line's message for a failing run, without "whosaid: "."""
    proc = subprocess.run([WHOSAID_EXE, *args], capture_output=True, text=True, timeout=60, cwd=cwd)
    assert proc.returncode == status, proc.stderr
    return proc.stderr.splitlines()[0].removeprefix("whosaid: ")


def test_malformed_gazetteer(whosaid, tmp_path):
    folder = tmp_path / "g"
    folder.mkdir()
    (folder / "x.tsv").write_text(HEADER + "X:1\tTHING\tX\t\t\n", encoding="utf-8")
    (tmp_path / "a.txt").write_text("Hi.")
    with pytest.raises(whosaid.GazetteerError) as caught:
        whosaid.Extractor(gazetteers=[folder], bundled=False)
    e = caught.value
    assert (e.code, e.status, e.file, e.line) == (3, "malformed gazetteer", str(folder / "x.tsv"), 2)
    assert "unknown type 'THING'" in e.message
    assert str(e) == cli_message("extract", "--no-bundled-gazetteers", "-g", str(folder), str(tmp_path / "a.txt"))


def test_missing_folders(whosaid, tmp_path):
    with pytest.raises(whosaid.FileError) as caught:
        whosaid.Extractor(gazetteers=[tmp_path / "nowhere"])
    assert isinstance(caught.value, OSError)
    assert caught.value.file == str(tmp_path / "nowhere")
    with pytest.raises(whosaid.Error) as caught:
        whosaid.Extractor(lexicon=tmp_path / "no-words")
    assert caught.value.file == str(tmp_path / "no-words")


def test_unknown_word_list(whosaid, tmp_path):
    (tmp_path / "colours.txt").write_text("red\n")
    (tmp_path / "a.txt").write_text("Hi.")
    with pytest.raises(whosaid.Error) as caught:
        whosaid.Extractor(lexicon=[tmp_path])
    assert str(caught.value) == cli_message("extract", "--lexicon", str(tmp_path), str(tmp_path / "a.txt"))


def test_usage_errors(whosaid):
    with pytest.raises(whosaid.UsageError, match="bundled=False needs gazetteers"):
        whosaid.Extractor(bundled=False)
    with pytest.raises(whosaid.UsageError, match="bundled_lexicon=False needs lexicon"):
        whosaid.Extractor(bundled_lexicon=False)
    with pytest.raises(whosaid.UsageError) as caught:
        whosaid.Extractor(max_doc_size=2 << 30)
    assert isinstance(caught.value, ValueError) and caught.value.code == 5
    with pytest.raises(ValueError):
        whosaid.Extractor(max_quote_size=-1)


def test_not_a_document(extractor):
    with pytest.raises(TypeError, match="not int"):
        extractor.extract(42)
    with pytest.raises(TypeError):
        extractor.extract(None)


def test_bad_items_give_records(whosaid, extractor):
    """In extract_many a bad item is a record with the error, in its place."""
    items = ["“Fine,” Peskov said.", 42, {"id": "x"}, {"id": [1], "text": "t"}, b"\x00\x01",
             {"text": "t", "meta": float("nan")}, "\ud800", whosaid.Document(None), "Last."]
    results = list(extractor.extract_many(items, jobs=2))
    assert [r.ok for r in results] == [True, False, False, False, False, False, False, False, True]
    assert [r.error and r.error.code for r in results] == [None, 4, 6, 6, 4, 6, 4, 6, None]
    bad = results[1].error
    assert (bad.status, bad.file, bad.line, bad.byte) == ("unprocessable document", "items", 2, None)
    assert bad.message == "expected a str, bytes, dict or whosaid.Document, not int"
    assert results[2].doc == "x" and results[2].error.message == 'no "text" field (nor "html" for a web page)'
    assert results[4].error.byte == 0 and "binary data" in results[4].error.message
    assert "metadata is not JSON" in results[5].error.message
    assert "not valid Unicode" in results[6].error.message
    for r in results[1:-1]:
        assert r.entities == [] and r.quotes == [] and r.to_dict()["error"]["message"] == r.error.message


def test_raise_for_error(whosaid, extractor):
    r = extractor.extract({"id": "x", "text": 3}, origin="feed.jsonl:4")
    with pytest.raises(whosaid.JSONError) as caught:
        r.raise_for_error()
    e = caught.value
    assert isinstance(e, whosaid.Error) and isinstance(e, ValueError)
    assert (e.code, e.status, e.message, e.file, e.line, e.byte) == (
        6, "malformed JSON", '"text" must be a string', "feed.jsonl:4", None, None)
    assert str(e) == 'feed.jsonl:4: "text" must be a string'
    ok = extractor.extract("Fine.")
    assert ok.raise_for_error() is ok


def test_limit_error(whosaid):
    ex = whosaid.Extractor(max_doc_size=10)
    r = ex.extract("a document longer than ten bytes")
    with pytest.raises(whosaid.LimitError, match="over the limit of 10 bytes"):
        r.raise_for_error()


def test_error_record_equals_cli(extractor, tmp_path):
    """A NUL byte: the record and its error are the CLI's for that file."""
    (tmp_path / "a.bin").write_bytes(b"text\x00more")
    want = run_cli("extract", "a.bin", cwd=tmp_path).rstrip("\n")
    assert extractor.extract(b"text\x00more", id="a", origin="a.bin").to_json() == want


def test_quote_db_errors(whosaid, extractor, tmp_path):
    r = extractor.extract("“Fine,” Peskov said.")
    db = whosaid.QuoteDB(tmp_path / "q.db")
    db.add(r)
    with pytest.raises(whosaid.UsageError, match="no words"):
        db.search("!!!")
    with pytest.raises(TypeError):
        db.add(["not a result"])
    db.close()
    with pytest.raises(ValueError, match="closed"):
        db.stats()
    with pytest.raises(ValueError, match="closed"):
        db.add(r)
    missing = tmp_path / "no" / "such" / "folder" / "q.db"
    with pytest.raises(whosaid.FileError) as caught:
        whosaid.QuoteDB(missing).add(r)
    assert caught.value.file == str(missing)


def test_questions_never_create(whosaid, extractor, tmp_path, monkeypatch):
    """Questions only read, as the command line's do: on a missing database
    they raise FileError, with the command line's message, and create
    nothing; add() creates it."""
    monkeypatch.chdir(tmp_path)
    db = whosaid.QuoteDB("qoutes.db")
    questions = [lambda: db.search("bridge"), lambda: db.search(speaker="Peskov"), lambda: db.who_said("bridge"),
                 db.stats, db.top_speakers, lambda: db.export_csv("out"), lambda: db.export_jsonl("all.jsonl")]
    said = cli_message("search", "qoutes.db", "bridge", status=1)
    for question in questions:
        with pytest.raises(whosaid.FileError) as caught:
            question()
        assert caught.value.file == "qoutes.db" and caught.value.message == "no such database"
        assert said.startswith(str(caught.value) + " (")  # and how to make one
    assert list(tmp_path.iterdir()) == []
    # an empty file is no database to question; add() makes it one
    (tmp_path / "empty.db").write_bytes(b"")
    db = whosaid.QuoteDB("empty.db")
    with pytest.raises(whosaid.InputError, match="an empty file, not a quote database"):
        db.stats()
    assert db.add(extractor.extract("“Fine,” Peskov said.")).added == 1 and db.stats().quotes == 1
    db.close()
    # opened to read by a question, then again to write
    with whosaid.QuoteDB("empty.db") as db:
        assert [q.speaker for q in db.search("fine")] == ["Dmitry Peskov"]
        assert db.add(extractor.extract("“Again,” Peskov said.", id="b")).added == 1
        assert db.stats().documents == 2
        with pytest.raises(whosaid.FileError) as caught:
            db.export_jsonl("no/such/folder/all.jsonl")
        assert caught.value.file == "no/such/folder/all.jsonl.tmp"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["empty.db"]


def test_exception_classes(whosaid):
    classes = [whosaid.NoMemoryError, whosaid.FileError, whosaid.GazetteerError, whosaid.InputError,
               whosaid.UsageError, whosaid.JSONError, whosaid.LimitError, whosaid.PatternError]
    assert [c.code for c in classes] == list(range(1, 9))
    assert issubclass(whosaid.NoMemoryError, MemoryError) and issubclass(whosaid.FileError, OSError)
    assert all(issubclass(c, whosaid.Error) for c in classes)


def test_pickled_result(whosaid, extractor, tmp_path):
    """A pickled result keeps its fields, not the library's result: to_json
    and QuoteDB.add say so."""
    import pickle
    r = extractor.extract("“Fine,” Peskov said.", meta={"url": "u"})
    copy = pickle.loads(pickle.dumps(r))
    assert copy == r and copy.to_dict() == r.to_dict() and copy._native is None
    with pytest.raises(ValueError, match="made by an Extractor"):
        copy.to_json()
    with whosaid.QuoteDB(tmp_path / "q.db") as db:
        with pytest.raises(TypeError, match="made by an Extractor"):
            db.add(copy)


def test_unencodable_strings(whosaid, extractor):
    """Lone surrogates (no UTF-8 for them) in an id, an origin or metadata
    fail that document only."""
    items = [{"id": "\ud800", "text": "a"}, whosaid.Document("t", origin="\udc00"),
             {"text": "x", "k": "\ud800"}, "Fine."]
    results = list(extractor.extract_many(items))
    assert [r.error.message.split(":")[0] if r.error else None for r in results] == [
        '"id" is not valid Unicode', '"origin" is not valid Unicode', "metadata is not JSON", None]
