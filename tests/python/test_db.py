"""QuoteDB is the quote database of `whosaid db` and `whosaid search`:
results added from Python are stored as `db add` stores them, and
searches, who-said, stats and exports give what the command line gives."""
import dataclasses
import filecmp
import json
import os
import stat
import subprocess
import warnings

import pytest

from conftest import WHOSAID_EXE, run_cli, texts

SEARCHES = [
    ("bridge",), ("talks",), ("we",), ("dont",), ("--speaker", "Zelenskiy"), ("--speaker", "Q3874799"),
    ("--about", "Kyiv"), ("--since", "2026-01-03"), ("--until", "2026-01-02", "--limit", "2"),
    ("said", "--speaker", "Peskov", "--limit", "3"),
    # names folded, and dates in other forms, read by the library as for the command line
    ("--speaker", "zelensky"), ("--speaker", "HANNAH LINDQVIST"), ("--speaker", "local:Priya_Raman#2"),
    ("--about", "kyiv"), ("--since", "January 3, 2026"), ("--until", "2 January 2026", "--limit", "2"),
    ("--since", "2026-01-03T23:59:00+02:00", "--until", "20260104"),
]


def feed():
    """The project's texts as dated JSON Lines records, two outlets each."""
    recs = []
    for n, (path, data) in enumerate(texts()):
        for outlet in ("Daily", "Weekly"):
            recs.append({"id": "%s-%s" % (outlet, os.path.basename(path)), "text": data.decode("utf-8"),
                         "date": "2026-01-%02d" % (n % 5 + 1), "source": outlet,
                         "url": "https://%s.example/%d" % (outlet.lower(), n), "title": "Story %d" % n})
    recs.append({"id": "broken", "url": "no text"})
    # cells a spreadsheet would run, escaped in CSV unless raw
    recs.append({"id": "formula", "text": "“=SUM(A1:A9) is what we owe,” Peskov said.", "source": "@outlet",
                 "title": "+1 for the bridge", "date": "2026-01-02"})
    return recs


@pytest.fixture(scope="module")
def dbs(whosaid, extractor, tmp_path_factory):
    """(folder, QuoteDB built from Python, path of the CLI's database)."""
    tmp = tmp_path_factory.mktemp("db")
    recs = feed()
    with open(tmp / "feed.jsonl", "w", encoding="utf-8") as f:
        for r in recs:
            f.write(json.dumps(r, ensure_ascii=False) + "\n")
    run_cli("db", "add", "cli.db", "feed.jsonl", cwd=tmp)
    db = whosaid.QuoteDB(tmp / "py.db", extractor=extractor)
    summary = db.add(extractor.extract_many(recs, name="feed.jsonl", jobs=2))
    assert summary == whosaid.AddSummary(added=len(recs), failed=1)
    yield tmp, db
    db.close()


# Names the command line says something about on standard error.
NOTED = [
    ("--speaker", "Marsh"), ("--speaker", "devon marsh"), ("--speaker", "Nobody At All"),
    ("bridge", "--about", "Atlantis"), ("--speaker", "Lindqvist", "--about", "Nowhere"),
]


def cli_rows(tmp, *args):
    return json.loads(run_cli(*args, "--format", "json", cwd=tmp))


def cli_search(tmp, *args):
    """(rows, what it said on standard error without "whosaid: ")."""
    proc = subprocess.run([WHOSAID_EXE, "search", *args, "--format", "json"], cwd=tmp, capture_output=True,
                          text=True, timeout=60)
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout), [line.removeprefix("whosaid: ") for line in proc.stderr.splitlines()]


def py_search(whosaid, db, query):
    """(rows as dicts, SearchWarnings as the command line words them) of a
    command line query."""
    words = query[0] if not query[0].startswith("--") else None
    options = query[1:] if words else query
    kwargs = {options[i].lstrip("-"): options[i + 1] for i in range(0, len(options), 2)}
    kwargs["limit"] = int(kwargs.get("limit", 50))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        rows = [dataclasses.asdict(row) for row in db.search(words, **kwargs)]
    assert all(w.category is whosaid.SearchWarning for w in caught)
    return rows, ["--" + str(w.message) for w in caught]


@pytest.mark.parametrize("query", SEARCHES, ids=[" ".join(q) for q in SEARCHES])
def test_search_equals_cli(whosaid, dbs, query):
    tmp, db = dbs
    got = py_search(whosaid, db, query)
    assert got[0], "no rows for %r" % (query,)
    # the command line over the database Python made, and over its own
    assert got == cli_search(tmp, "py.db", *query)
    assert got == cli_search(tmp, "cli.db", *query)


@pytest.mark.parametrize("query", NOTED, ids=[" ".join(q) for q in NOTED])
def test_names_said(whosaid, dbs, query):
    """What the command line says of a name, a SearchWarning says."""
    tmp, db = dbs
    got = py_search(whosaid, db, query)
    assert got[1], "nothing said of %r" % (query,)
    assert got == cli_search(tmp, "py.db", *query)


def test_bad_dates(whosaid, dbs):
    """A day that does not exist, or an ambiguous one, is a usage error, as
    for the command line."""
    tmp, db = dbs
    for option, day in (("since", "2026-02-30"), ("until", "02/04/2026")):
        with pytest.raises(whosaid.UsageError) as caught:
            db.search(**{option: day})
        proc = subprocess.run([WHOSAID_EXE, "search", "cli.db", "--" + option, day], cwd=tmp,
                              capture_output=True, text=True, timeout=60)
        assert proc.returncode == 2
        assert caught.value.message == "bad %s date: %s" % (
            option, proc.stderr.splitlines()[0].split(": ", 2)[2])


def test_people(dbs):
    """Every row says who the speaker is across articles and why, as the
    command line does: a gazetteer entity is itself everywhere, namesakes
    discovered in different articles stay apart."""
    tmp, db = dbs
    rows = db.search(limit=1000)
    assert [dataclasses.asdict(row) for row in rows] == cli_rows(tmp, "search", "cli.db", "--limit", "1000")
    assert all((row.person is None) == (row.speaker_id is None) == (row.linked_by is None) for row in rows)
    linked = {row.linked_by for row in rows}
    assert {"gazetteer id", "first seen", "same role"} <= linked, linked
    assert all(row.person == row.speaker_id for row in rows if row.linked_by == "gazetteer id")
    apart = [row for row in rows if row.person and row.person.endswith("#2")]
    assert apart and all(row.person == row.speaker_id + "#2" for row in apart)


def test_who_said_equals_cli(dbs):
    tmp, db = dbs
    for text in ("People have waited long enough", "bridge", "We agreed on the next steps"):
        got = [dataclasses.asdict(row) for row in db.who_said(text, limit=5)]
        want = [row for cluster in cli_rows(tmp, "who-said", "cli.db", text, "--limit", "5")
                for row in cluster["occurrences"]]
        assert got and got == want, text


def test_stats_and_speakers(whosaid, dbs):
    tmp, db = dbs
    with whosaid.QuoteDB(tmp / "cli.db") as cli_db:
        assert db.stats() == cli_db.stats()
        assert db.top_speakers(5) == cli_db.top_speakers(5)
    stats = db.stats()
    assert stats.documents == len(feed()) and stats.failed == 1 and stats.quotes > 0
    assert stats.clusters < stats.quotes  # each quote carried by two outlets
    printed = run_cli("db", "stats", "py.db", cwd=tmp).splitlines()
    assert printed[:6] == ["documents  %d (%d failed)" % (stats.documents, stats.failed),
                           "entities   %d" % stats.entities, "mentions   %d" % stats.mentions,
                           "quotes     %d" % stats.quotes, "clusters   %d" % stats.clusters,
                           "speakers   %d" % stats.speakers]


@pytest.mark.parametrize("options", [(), ("--csv-raw",), ("--excel",), ("--csv-raw", "--excel")])
def test_export_equals_cli(dbs, options):
    tmp, db = dbs
    name = "export" + "".join(options)
    db.export_csv(tmp / ("py-" + name), **{o.lstrip("-").removeprefix("csv-"): True for o in options})
    run_cli("db", "export", "cli.db", "--format", "csv", "--out", "cli-" + name, *options, cwd=tmp)
    names = ["documents.csv", "entities.csv", "mentions.csv", "quotes.csv"]
    match, mismatch, errors = filecmp.cmpfiles(tmp / ("py-" + name), tmp / ("cli-" + name), names, shallow=False)
    assert match == names, (mismatch, errors)
    quotes = (tmp / ("py-" + name) / "quotes.csv").read_bytes()
    assert quotes.startswith(b"\xef\xbb\xbf") == ("--excel" in options)
    assert (b",+1 for the bridge," in quotes) == ("--csv-raw" in options)


def test_export_jsonl_equals_cli(dbs):
    """The records of extract, byte for byte, as db export writes them."""
    tmp, db = dbs
    db.export_jsonl(tmp / "py.jsonl")
    run_cli("db", "export", "cli.db", "--format", "jsonl", "--out", "cli.jsonl", cwd=tmp)
    records = (tmp / "py.jsonl").read_bytes()
    assert records == (tmp / "cli.jsonl").read_bytes()
    assert records.decode("utf-8") == run_cli("extract", "--format", "jsonl", "feed.jsonl", cwd=tmp)
    assert not list(tmp.glob("*.tmp"))
    # a pipe is written, not replaced by a file (read by another process:
    # QuoteDB's calls keep the GIL)
    fifo = tmp / "records.fifo"
    os.mkfifo(fifo)
    with open(tmp / "read.jsonl", "wb") as out:
        reader = subprocess.Popen(["cat", str(fifo)], stdout=out)
        db.export_jsonl(fifo)
        assert reader.wait(60) == 0
    assert (tmp / "read.jsonl").read_bytes() == records and stat.S_ISFIFO(os.lstat(fifo).st_mode)
    # and a symbolic link is followed, not replaced
    os.symlink("read.jsonl", tmp / "latest.jsonl")
    (tmp / "read.jsonl").write_bytes(b"")
    db.export_jsonl(tmp / "latest.jsonl")
    assert (tmp / "read.jsonl").read_bytes() == records and os.path.islink(tmp / "latest.jsonl")


def test_same_content_hash(whosaid, extractor, dbs):
    """Adding again what the CLI stored changes nothing: the documents'
    content hashes agree; new text for an id replaces the old version."""
    tmp, _ = dbs
    recs = feed()
    with whosaid.QuoteDB(tmp / "cli.db") as cli_db:
        again = cli_db.add(extractor.extract_many(recs, name="feed.jsonl"))
        assert again == whosaid.AddSummary(unchanged=len(recs), failed=1)
    with whosaid.QuoteDB(tmp / "other.db") as other:
        other.add(extractor.extract(recs[0]))
        changed = dict(recs[0], text=recs[0]["text"] + "\n“One more thing,” Peskov said.")
        assert other.add(extractor.extract(changed)) == whosaid.AddSummary(replaced=1)
        assert other.stats().documents == 1


def test_batches(whosaid, extractor, tmp_path):
    """More documents than a batch: every one stored."""
    docs = [{"id": "d%d" % i, "text": "“Number %d,” Peskov said." % i} for i in range(1203)]
    with whosaid.QuoteDB(tmp_path / "many.db") as db:
        assert db.add(extractor.extract_many(docs, jobs=2)).added == 1203
        assert db.stats().quotes == 1203


def test_user_gazetteer(whosaid, extractor, tmp_path):
    """add_gazetteer stores a user's folder as `db add -g` does: its aliases
    are known to later searches without it, and link a person discovered
    later under one of its names."""
    gaz = tmp_path / "mygaz"
    gaz.mkdir()
    (gaz / "people.tsv").write_text(
        "id\ttype\tname\taliases\tattributes\n"
        "my:ana-ruiz\tPERSON\tAna Ruiz\tAna María Ruiz Ortega|Councillor Ruiz\tgender=f;role=councillor\n",
        encoding="utf-8")
    first = {"id": "r1", "text": "“The shelter opens in May,” Ana Ruiz said.\n"}
    later = {"id": "r2", "text": "“Nobody sleeps outside,” said Ana Ruiz, a councillor.\n"}
    for name, rec in (("ruiz1.jsonl", first), ("ruiz2.jsonl", later)):
        (tmp_path / name).write_text(json.dumps(rec, ensure_ascii=False) + "\n", encoding="utf-8")
    run_cli("db", "add", "cli.db", "-g", str(gaz), "ruiz1.jsonl", cwd=tmp_path)
    run_cli("db", "add", "cli.db", "ruiz2.jsonl", cwd=tmp_path)
    with whosaid.QuoteDB(tmp_path / "py.db", extractor=extractor) as db:
        db.add_gazetteer(gaz)
        db.add_gazetteer([gaz])  # again: nothing changes
        db.add(whosaid.Extractor(gazetteers=gaz).extract_many([first], name="ruiz1.jsonl"))
        db.add(extractor.extract_many([later], name="ruiz2.jsonl"))
        got = [dataclasses.asdict(row) for row in db.search(speaker="ana maria ruiz ortega")]
    assert sorted((r["doc"], r["person"], r["linked_by"]) for r in got) == [
        ("r1", "my:ana-ruiz", "gazetteer id"), ("r2", "my:ana-ruiz", "user gazetteer")]
    for path in ("py.db", "cli.db"):
        assert got == cli_rows(tmp_path, "search", path, "--speaker", "ana maria ruiz ortega")
    (gaz / "bad.tsv").write_text("id\ttype\tname\taliases\tattributes\nx\tTHING\tX\t\t\n", encoding="utf-8")
    with pytest.raises(whosaid.GazetteerError) as caught:
        whosaid.QuoteDB(tmp_path / "py.db").add_gazetteer(gaz)
    assert (caught.value.file, caught.value.line) == (str(gaz / "bad.tsv"), 2)


def test_undated_said(whosaid, extractor, tmp_path):
    """A document stored undated because its date does not read is said, as
    db add says it; not again when it is stored already, nor for a record
    that failed."""
    recs = [{"id": "fine", "text": "“Fine,” Peskov said.", "date": "April 2, 2026"},
            {"id": "vague", "text": "“Soon,” Peskov said.", "date": "yesterday"},
            {"id": "impossible", "text": "“Never,” Peskov said.", "published": "2026-02-30", "url": "u"},
            {"id": "failed", "date": "yesterday"}]
    (tmp_path / "feed.jsonl").write_text("".join(json.dumps(r) + "\n" for r in recs), encoding="utf-8")

    def cli_add():
        proc = subprocess.run([WHOSAID_EXE, "db", "add", "cli.db", "feed.jsonl"], cwd=tmp_path,
                              capture_output=True, text=True, timeout=60)
        return [line.removeprefix("whosaid: ") for line in proc.stderr.splitlines() if "stored without" in line]

    def py_add(db):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            db.add(extractor.extract_many(recs, name="feed.jsonl"))
        return [str(w.message) for w in caught if w.category is whosaid.DateWarning]

    with whosaid.QuoteDB(tmp_path / "py.db") as db:
        said = py_add(db)
        assert said == cli_add() and len(said) == 2
        assert said[0].startswith("feed.jsonl:2: \"date\": 'yesterday' is not a date")
        assert py_add(db) == cli_add() == []
        assert [row.doc for row in db.search(since="2026-01-01")] == ["fine"]
