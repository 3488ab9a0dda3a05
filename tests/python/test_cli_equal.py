"""Results through Python equal the command line's JSON Lines records,
field by field, on the project's own texts (tests/cases, data/sample), on
JSON Lines input with metadata and bad records, and with its options."""
import json
import os

import pytest

from conftest import TEST_GAZETTEERS, records, run_cli, texts


def assert_same_record(got, want, where):
    """got (Result.to_dict()) equals want (a CLI record): keys in the same
    order, then each field, each entity and quote field by field, so that a
    difference names its field."""
    assert list(got) == list(want), "%s: keys differ" % where
    for key in want:
        if key in ("entities", "quotes"):
            assert len(got[key]) == len(want[key]), "%s: number of %s" % (where, key)
            for i, (g, w) in enumerate(zip(got[key], want[key])):
                assert list(g) == list(w), "%s: %s[%d] keys" % (where, key, i)
                for field in w:
                    assert g[field] == w[field], "%s: %s[%d].%s" % (where, key, i, field)
        else:
            assert got[key] == want[key], "%s: %s" % (where, key)


def check_results(results, cli_output, where):
    want = records(cli_output)
    lines = cli_output.splitlines()
    assert len(results) == len(want), "%s: %d results, %d records" % (where, len(results), len(want))
    for r, w, line in zip(results, want, lines):
        assert_same_record(r.to_dict(), w, "%s: %s" % (where, w["doc"]))
        assert r.to_json() == line, "%s: %s: to_json differs from the CLI's line" % (where, w["doc"])


@pytest.mark.parametrize("path,data", texts(), ids=[p for p, _ in texts()])
def test_text_files(extractor, path, data):
    """One file: the same record from bytes, and from the decoded str."""
    want = run_cli("extract", path)
    doc_id = os.path.splitext(os.path.basename(path))[0]
    check_results([extractor.extract(data, id=doc_id, origin=path)], want, path)
    check_results([extractor.extract(data.decode("utf-8"), id=doc_id, origin=path)], want, path)


def test_files_at_once(whosaid, extractor):
    """All texts in one run: extract_many over Documents, as the CLI over the files."""
    paths = [p for p, _ in texts()]
    docs = [whosaid.Document(data, id=os.path.splitext(os.path.basename(p))[0], origin=p)
            for p, data in texts()]
    want = run_cli("extract", *paths)
    check_results(list(extractor.extract_many(docs)), want, "all texts")
    check_results(list(extractor.extract_many(docs, jobs=2)), want, "all texts, 2 jobs")


def test_test_gazetteers(whosaid):
    """bundled=False with a folder of our own, as --no-bundled-gazetteers -g."""
    ex = whosaid.Extractor(gazetteers=[TEST_GAZETTEERS], bundled=False)
    for path, data in texts():
        want = run_cli("extract", "--no-bundled-gazetteers", "-g", TEST_GAZETTEERS, path)
        doc_id = os.path.splitext(os.path.basename(path))[0]
        check_results([ex.extract(data, id=doc_id, origin=path)], want, path)


def test_options(whosaid):
    """indirect, max_quote_size as --indirect, --max-quote-size."""
    ex = whosaid.Extractor(indirect=True, max_quote_size=40)
    for path, data in texts():
        want = run_cli("extract", "--indirect", "--max-quote-size", "40", path)
        doc_id = os.path.splitext(os.path.basename(path))[0]
        check_results([ex.extract(data, id=doc_id, origin=path)], want, path)


def feed_records():
    """JSON Lines records: ids of every kind, metadata of every JSON type
    (with names of ours, renamed input_<name>), and bad records."""
    out = []
    for n, (path, data) in enumerate(texts()):
        text = data.decode("utf-8")
        if n % 3 == 0:
            out.append({"id": "doc-%d" % n, "text": text, "url": "https://example.org/%d" % n,
                        "date": "2026-01-%02d" % (n + 1), "length": n, "input_length": "x",
                        "nested": {"a": [1, 2.5, None, True]}, "score": 0.1})
        elif n % 3 == 1:
            out.append({"id": n, "text": text, "source": "Ünïcode “news”"})
        else:
            out.append({"text": text})
    out += [
        {"id": "empty", "text": ""},
        {"id": "not-text", "text": 3},
        {"id": "no-text", "url": "u"},
        {"id": 1.5, "text": "x"},
        {"id": True, "text": "x"},
        {"id": None, "text": "a null id is wrong, as in JSON"},
        {"id": "null-text", "text": None},
        {"text": "\u201cNot now,\u201d Peskov said.", "origin": "a field named origin", "doc": "and doc"},
    ]
    return out


def write_feed(tmp_path, recs):
    with open(os.path.join(tmp_path, "feed.jsonl"), "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")


def test_jsonl_records(extractor, tmp_path):
    """dicts read from a JSON Lines file give the CLI's records for that
    file: ids, default ids (feed:N), origins (feed.jsonl:N), metadata in
    order, and the same error records for bad lines."""
    recs = feed_records()
    write_feed(tmp_path, recs)
    want = run_cli("extract", "feed.jsonl", cwd=tmp_path)
    check_results(list(extractor.extract_many(recs, name="feed.jsonl")), want, "feed.jsonl")


def test_max_doc_size(whosaid, tmp_path):
    recs = feed_records()
    write_feed(tmp_path, recs)
    want = run_cli("extract", "--max-doc-size", "300", "feed.jsonl", cwd=tmp_path)
    ex = whosaid.Extractor(max_doc_size=300)
    results = list(ex.extract_many(recs, name="feed.jsonl"))
    assert any(r.error and r.error.status == "limit exceeded" for r in results)
    check_results(results, want, "feed.jsonl, --max-doc-size 300")


def test_bytes_as_files(extractor, tmp_path):
    """bytes are a file's bytes: invalid UTF-8 is replaced with warnings,
    binary data fails, as when the CLI reads the file."""
    files = {
        "latin1.txt": "“Très bien,” dit Peskov.".encode("utf-8") + b" \xe9t\xe9 \xff\n",
        "binary.bin": b"\x00\x01\x02\x03PK\x00\x00" * 20,
        "mostly-invalid.txt": bytes(range(0x80, 0x100)) * 4,
        "empty.txt": b"",
    }
    for name, data in files.items():
        with open(os.path.join(tmp_path, name), "wb") as f:
            f.write(data)
        want = run_cli("extract", name, cwd=tmp_path)
        doc_id = os.path.splitext(name)[0]
        check_results([extractor.extract(data, id=doc_id, origin=name)], want, name)


def test_word_lists(whosaid, tmp_path):
    """lexicon and bundled_lexicon as --lexicon and --no-bundled-lexicon: a
    folder of ours adds a speech verb and takes one out."""
    mine = tmp_path / "words"
    mine.mkdir()
    (mine / "speech-verbs.txt").write_text("# ours\nquipped\n!told\n", encoding="utf-8")
    ex = whosaid.Extractor(lexicon=[mine])
    alone = whosaid.Extractor(lexicon=[whosaid.bundled_lexicon(), mine], bundled_lexicon=False)
    for path, data in texts():
        doc_id = os.path.splitext(os.path.basename(path))[0]
        want = run_cli("extract", "--lexicon", str(mine), path)
        check_results([ex.extract(data, id=doc_id, origin=path)], want, path)
        want = run_cli("extract", "--no-bundled-lexicon", "--lexicon", whosaid.bundled_lexicon(),
                       "--lexicon", str(mine), path)
        check_results([alone.extract(data, id=doc_id, origin=path)], want, path)
