#!/usr/bin/env python3
"""The quote database end to end: db add (idempotent, incremental, batches
surviving a SIGKILL), search (folding, aliases, --about, dates, formats),
who-said (clusters of exact and edited copies), db stats, and db export
against extract --format csv.

usage: test_db.py WHOSAID SOURCE_ROOT
"""
import csv
import json
import os
import pty
import signal
import sqlite3
import subprocess
import sys
import tempfile
import time

WHOSAID, ROOT = sys.argv[1], sys.argv[2]
SAMPLE = os.path.join(ROOT, "data", "sample")
failures = []


def run(*args, ok=(0,), stdin=None):
    p = subprocess.run([WHOSAID, *args], capture_output=True, text=True, input=stdin)
    if p.returncode not in ok:
        raise AssertionError(f"{' '.join(args)}: exit {p.returncode}\n{p.stderr}")
    return p


def run_bytes(*args):
    """Standard output as bytes, whatever the exit status."""
    return subprocess.run([WHOSAID, *args], capture_output=True).stdout


def check(name, cond, detail=""):
    if not cond:
        failures.append(f"{name}: {detail}")
        print(f"FAIL {name} {detail}")
    else:
        print(f"ok   {name}")


def csv_rows(text):
    return list(csv.DictReader(text.splitlines()))


def table_rows(path):
    with open(path, newline="", encoding="utf-8") as f:
        return sorted(tuple(r) for r in csv.reader(f))


def jsonl(path, docs):
    with open(path, "w", encoding="utf-8") as f:
        for d in docs:
            f.write(json.dumps(d, ensure_ascii=False) + "\n")


ARTICLE = ("Ukrainian President Volodymyr Zelenskiy spoke in Kyiv on Monday.\n"
           "“We haven’t crossed that bridge yet, and we will not cross it alone,” Zelenskiy said.\n"
           "Kremlin spokesman Dmitry Peskov dismissed the talks. “Nothing said in Kyiv changes the situation on the ground,” Peskov said.\n")
# The same quote carried by other outlets: exactly, trimmed, one word changed.
COPY_EXACT = "Zelenskiy told reporters: “We haven’t crossed that bridge yet, and we will not cross it alone.”\n"
COPY_TRIMMED = "“We haven't crossed that bridge yet, and we will not cross it,” Zelenskiy said.\n"
COPY_EDITED = "“We have not crossed that bridge yet, and we will not cross it alone,” Zelenskiy said.\n"

# A saved web page naming its publication (og:site_name) but no source.
PAGE = ("<html lang=en><head><title>Harbour town votes to keep its ferry | The Harbour Ledger</title>"
        "<meta property='og:site_name' content='The Harbour Ledger'></head><body><article>"
        "<p>“We will keep the ferry running for as long as people need it,” Mayor Jane Doe said on Monday, "
        "after the council met to hear residents, engineers and the harbour master.</p></article></body></html>")


def test_dates(tmp):
    """The common date forms and field names are read as ISO 8601 and found
    by --since/--until; an unreadable date is said with its document and
    line; an impossible --since is a usage error."""
    db = os.path.join(tmp, "dates.db")
    feed = os.path.join(tmp, "dates.jsonl")
    text = "“The bridge will hold,” Zelenskiy said.\n"
    jsonl(feed, [
        {"id": "d1", "text": text, "date": "April 2, 2026"},
        {"id": "d2", "text": text, "date": "20260403"},
        {"id": "d3", "text": text, "published": "2026-04-04"},
        {"id": "d4", "text": text, "publishedAt": "2026-04-05T08:00:00Z"},
        {"id": "d5", "text": text, "datePublished": "6 April 2026"},
        {"id": "d6", "text": text, "pubDate": "Tue, 07 Apr 2026 09:30:00 GMT"},
        {"id": "d7", "text": text, "date": "yesterday"},
        {"id": "d8", "text": text, "date": "2026-02-30"},
    ])
    p = run("db", "add", db, feed)
    check("unreadable date warned with document and line",
          "dates.jsonl:7: \"date\": 'yesterday' is not a date" in p.stderr and "stored without a date" in p.stderr,
          p.stderr)
    check("impossible date warned", "dates.jsonl:8: \"date\": '2026-02-30': february 2026 has 28 days" in p.stderr,
          p.stderr)
    con = sqlite3.connect(db)
    dates = dict(con.execute("SELECT doc, date FROM documents").fetchall())
    con.close()
    check("dates stored as ISO 8601", dates == {
        "d1": "2026-04-02", "d2": "2026-04-03", "d3": "2026-04-04", "d4": "2026-04-05T08:00:00Z",
        "d5": "2026-04-06", "d6": "2026-04-07T09:30:00Z", "d7": None, "d8": None}, dates)
    rows = csv_rows(run("search", db, "bridge", "--since", "2026-04-01", "-f", "csv").stdout)
    check("--since finds every form", sorted(r["doc"] for r in rows) == [f"d{i}" for i in range(1, 7)],
          [r["doc"] for r in rows])
    rows = csv_rows(run("search", db, "--since", "April 3, 2026", "--until", "2026-04-05T23:00", "-f", "csv").stdout)
    check("--since/--until read dates as documents' are", sorted(r["doc"] for r in rows) == ["d2", "d3", "d4"],
          [r["doc"] for r in rows])
    for bad in ("2026-02-30", "2026-13-01", "02/04/2026"):
        p = run("search", db, "--since", bad, ok=(2,))
        check(f"--since {bad} is a usage error", "bad date for --since" in p.stderr, p.stderr)
    p = run("search", db, "--until", "2025-02-29", ok=(2,))
    check("--until of a day that is not", "february 2025 has 28 days" in p.stderr, p.stderr)


def test_names(tmp):
    """Names match folded and by an unambiguous surname, a name that matches
    nobody is said, --about leaves out the speaker's own mention, a user's
    gazetteer stays known, words with apostrophes match without them, and
    people discovered apart stay apart unless evidence links them."""
    db = os.path.join(tmp, "names.db")
    feed = os.path.join(tmp, "names.jsonl")
    jsonl(feed, [
        {"id": "p1", "date": "2026-03-06", "text": "Kremlin spokesman Dmitry Peskov spoke to reporters.\n"
         "“We dont expect a deal,” Peskov said.\n“Zelensky didnt call, and there’s no plan,” he said.\n"},
        {"id": "z1", "date": "2026-03-07", "text": "“We don’t give up; there's no other way,” Zelenskiy said of Peskov.\n"},
        {"id": "g1", "date": "2026-03-04", "text": "The council approved the budget.\n"
         "“We will open the shelter in May,” said Grace Okafor, the city's housing director.\n"},
        {"id": "e1", "date": "2026-03-05", "text": "The museum reopened on Sunday.\n"
         "“Visitors should never wait,” said Étienne Marchand, the museum’s director.\n"},
        {"id": "j1", "date": "2026-03-01", "text": "“The rain came too late for the corn,” said John Smith, a farmer.\n"},
        {"id": "j2", "date": "2026-03-02", "text": "“The bill will pass next week,” state Sen. John Smith said.\n"},
        {"id": "j3", "date": "2026-03-03", "text": "State Sen. John Smith spoke on Monday. “We have the votes,” Smith said.\n"},
        {"id": "s1", "date": "2026-03-08", "text": "“Taxes must fall,” said Anna Smith, a shop owner.\n"},
    ])
    run("db", "add", db, feed)

    def docs(*args):
        p = run("search", db, *args, "-f", "csv")
        return sorted(r["doc"] for r in csv_rows(p.stdout)), p.stderr

    # apostrophes: both spellings find both
    for word, want in (("dont", ["p1", "z1"]), ("don't", ["p1", "z1"]), ("don’t", ["p1", "z1"]),
                       ("didnt", ["p1"]), ("didn't", ["p1"]), ("theres", ["p1", "z1"]), ("there's", ["p1", "z1"])):
        got, _ = docs(word)
        check(f"search {word}", got == want, got)
    # speaker names in any case, without accents, by surname
    for name, want in (("zelensky", ["z1"]), ("ZELENSKIY", ["z1"]), ("peskov", ["p1", "p1"]),
                       ("Okafor", ["g1"]), ("okafor", ["g1"]), ("Etienne Marchand", ["e1"]),
                       ("marchand", ["e1"]), ("grace okafor", ["g1"])):
        got, err = docs("--speaker", name)
        check(f"--speaker {name}", got == want and not err, (got, err))
    got, err = docs("--speaker", "Nobody Atall")
    check("a name matching nobody is said", got == [] and "--speaker 'Nobody Atall' matches nobody" in err, err)
    got, err = docs("--about", "Nobody Atall")
    check("an --about matching nobody is said", got == [] and "--about 'Nobody Atall' matches nobody" in err, err)
    got, err = docs("--speaker", "Smith")
    check("an ambiguous surname is said, not guessed", got == [] and "is the surname of" in err
          and "Anna Smith" in err and "John Smith" in err, (got, err))
    # --about: the speaker's own mention is not "about"
    got, _ = docs("--about", "Peskov")
    check("--about leaves out the speaker's own mention", got == ["z1"], got)
    got, _ = docs("--about", "zelensky")
    check("--about in the quote counts, any case", got == ["p1"], got)
    # discovered people: apart unless the same role links them
    rows = csv_rows(run("search", db, "--speaker", "John Smith", "-f", "csv").stdout)
    people = {r["doc"]: (r["person"], r["linked_by"]) for r in rows}
    check("discovered namesakes apart, the same role linked", people == {
        "j1": ("local:John_Smith", "first seen"), "j2": ("local:John_Smith#2", "first seen"),
        "j3": ("local:John_Smith#2", "same role")}, people)
    p = run("search", db, "--speaker", "John Smith", "-f", "csv")
    check("several people of one name are said", "matches 2 people the database keeps apart" in p.stderr, p.stderr)
    got, _ = docs("--speaker", "local:John_Smith#2")
    check("--speaker takes a person id", got == ["j2", "j3"], got)
    out = run("db", "stats", db).stdout
    check("stats count namesakes apart", "local:John_Smith#2" in out and "local:John_Smith)" in out, out)

    # a user's gazetteer is stored: its aliases work without -g, and link a
    # person discovered later under one of its names
    gaz = os.path.join(tmp, "mygaz")
    os.makedirs(gaz, exist_ok=True)
    with open(os.path.join(gaz, "people.tsv"), "w", encoding="utf-8") as f:
        f.write("id\ttype\tname\taliases\tattributes\n"
                "my:ana-ruiz\tPERSON\tAna Ruiz\tAna María Ruiz Ortega|Councillor Ruiz\tgender=f;role=councillor\n")
    first = os.path.join(tmp, "ruiz1.jsonl")
    later = os.path.join(tmp, "ruiz2.jsonl")
    jsonl(first, [{"id": "r1", "text": "“The shelter opens in May,” Ana Ruiz said.\n"}])
    jsonl(later, [{"id": "r2", "text": "“Nobody sleeps outside,” said Ana Ruiz, a councillor.\n"}])
    run("db", "add", db, "-g", gaz, first)
    run("db", "add", db, later)
    rows = csv_rows(run("search", db, "--speaker", "ana maria ruiz ortega", "-f", "csv").stdout)
    got = sorted((r["doc"], r["person"], r["linked_by"]) for r in rows)
    check("a user's gazetteer known without -g, linking a later discovery", got == [
        ("r1", "my:ana-ruiz", "gazetteer id"), ("r2", "my:ana-ruiz", "user gazetteer")], got)


def on_terminal(args):
    """Runs whosaid with standard error on a pseudo-terminal; what it wrote."""
    master, slave = pty.openpty()
    proc = subprocess.Popen([WHOSAID, *args], stdout=subprocess.DEVNULL, stderr=slave)
    os.close(slave)
    out = b""
    while True:
        try:
            data = os.read(master, 65536)
        except OSError:
            break
        if not data:
            break
        out += data
    os.close(master)
    proc.wait()
    return proc.returncode, out.decode("utf-8", "replace")


def test_progress(tmp, big):
    """db add shows extract's progress line on a terminal, never with -q or
    when standard error is not one."""
    rc, err = on_terminal(["db", "add", os.path.join(tmp, "progress.db"), big])
    lines = [part for part in err.split("\r") if "documents," in part]
    check("db add progress on a terminal", rc == 0 and lines and "whosaid: 6000 documents," in lines[-1]
          and "MB/s" in lines[-1] and "elapsed" in lines[-1] and "6000 added" in err, err[-300:])
    check("db add progress: no ETA once done", lines and "ETA" not in lines[-1], lines[-1:])
    rc, err = on_terminal(["db", "add", "-q", os.path.join(tmp, "progress-q.db"), big])
    check("db add -q: no progress", rc == 0 and err == "", err[:200])
    p = run("db", "add", os.path.join(tmp, "progress-pipe.db"), big)
    check("db add to a pipe: no progress", "documents," not in p.stderr and "\r" not in p.stderr, p.stderr[:200])


def main():
    tmp = tempfile.mkdtemp(prefix="whosaid-db-")
    db = os.path.join(tmp, "q.db")
    feed = os.path.join(tmp, "feed.jsonl")
    jsonl(feed, [
        {"id": "a1", "text": ARTICLE, "date": "2026-01-05", "source": "Reuters", "url": "https://example.com/a1"},
        {"id": "a2", "text": COPY_EXACT, "date": "2026-01-03T08:00:00Z", "source": "AP"},
        {"id": "a3", "text": COPY_TRIMMED, "date": "2026-01-09", "url": "https://example.com/a3"},
        {"id": "a4", "text": COPY_EDITED},
    ])

    # ---- add: idempotent and incremental ----
    p = run("db", "add", db, SAMPLE, feed)
    check("add reports", "added" in p.stderr, p.stderr)
    con = sqlite3.connect(db)
    n_docs = con.execute("SELECT count(*) FROM documents").fetchone()[0]
    n_quotes = con.execute("SELECT count(*) FROM quotes").fetchone()[0]
    check("add stores documents", n_docs == len(os.listdir(SAMPLE)) + 4, n_docs)
    check("wal mode", con.execute("PRAGMA journal_mode").fetchone()[0] == "wal")
    before = con.execute("SELECT id, hash FROM documents ORDER BY id").fetchall()
    p = run("db", "add", db, SAMPLE, feed)
    check("re-add changes nothing", "0 added, 0 replaced" in p.stderr, p.stderr)
    check("re-add keeps rows", before == con.execute("SELECT id, hash FROM documents ORDER BY id").fetchall())
    updated = os.path.join(tmp, "update.jsonl")
    jsonl(updated, [{"id": "a4", "text": COPY_EDITED + "“A new sentence entirely,” Peskov said.\n"}])
    p = run("db", "add", db, updated)
    check("update replaces", "1 replaced" in p.stderr, p.stderr)
    a4 = con.execute("SELECT count(*) FROM documents WHERE doc = 'a4'").fetchone()[0]
    q4 = con.execute("SELECT count(*) FROM quotes q JOIN documents d ON d.id = q.document WHERE d.doc = 'a4'").fetchone()[0]
    check("update keeps one version", a4 == 1 and q4 == 2, (a4, q4))
    check("no orphan quotes", con.execute(
        "SELECT count(*) FROM quotes WHERE document NOT IN (SELECT id FROM documents)").fetchone()[0] == 0)
    check("fts matches quotes", con.execute("SELECT count(*) FROM quote_fts").fetchone()[0]
          == con.execute("SELECT count(*) FROM quotes").fetchone()[0])
    con.close()

    # ---- search ----
    rows = csv_rows(run("search", db, "bridge we haven't crossed", "-f", "csv").stdout)
    check("search folds quote marks", {r["doc"] for r in rows} >= {"a1", "a2", "a3"}, [r["doc"] for r in rows])
    check("search row has source", any(r["source"] == "Reuters" and r["url"] == "https://example.com/a1"
                                       and r["date"] == "2026-01-05" for r in rows), rows[:1])
    rows = csv_rows(run("search", db, "HAVEN’T", "-f", "csv").stdout)
    check("search folds case and curly marks", len(rows) >= 3, len(rows))
    rows = csv_rows(run("search", db, "--speaker", "Zelenskiy", "-f", "csv").stdout)
    ids = {r["speaker_id"] for r in rows}
    check("speaker alias", len(rows) >= 4 and len(ids) == 1, ids)
    zid = ids.pop() if ids else ""
    rows2 = csv_rows(run("search", db, "--speaker", zid, "-f", "csv").stdout)
    check("speaker canonical id", len(rows2) == len(rows), (len(rows2), len(rows)))
    rows = csv_rows(run("search", db, "--speaker", "Peskov", "--about", "Kyiv", "-f", "csv").stdout)
    check("about entity in sentence", [r["doc"] for r in rows] == ["a1"], rows)
    rows = csv_rows(run("search", db, "bridge", "--since", "2026-01-04", "--until", "2026-01-06", "-f", "csv").stdout)
    check("date range", [r["doc"] for r in rows] == ["a1"], [r["doc"] for r in rows])
    rows = csv_rows(run("search", db, "bridge", "--until", "2026-01-03", "-f", "csv").stdout)
    check("until includes the day", [r["doc"] for r in rows] == ["a2"], [r["doc"] for r in rows])
    rows = csv_rows(run("search", db, "-n", "2", "-f", "csv").stdout)
    check("limit", len(rows) == 2, len(rows))
    data = json.loads(run("search", db, "bridge", "-f", "json").stdout)
    check("json", isinstance(data, list) and data and "text" in data[0] and "doc" in data[0])
    out = run("search", db, "bridge", "-f", "table").stdout
    check("table", out.startswith("DATE") and "QUOTE" in out.splitlines()[0], out[:80])
    page = run("search", db, "--speaker", "Zelenskiy", "-f", "html").stdout
    listed = csv_rows(run("search", db, "--speaker", "Zelenskiy", "-f", "csv").stdout)
    check("html page", page.startswith("<!DOCTYPE html>") and page.count("<tr") == len(listed) + 1
          and "<script" not in page, (len(listed), page.count("<tr")))
    check("html links only web urls", 'href="https://example.com/a1"' in page or "example.com" not in page)
    page = run("search", db, "bridge", "--speaker", "Zelenskiy", "--since", "Jan 1, 2026", "-f", "html").stdout
    check("html page shows the query and filters", '<dl class="query"' in page
          and "<dt>words</dt><dd>bridge</dd>" in page and "<dt>speaker</dt><dd>Zelenskiy</dd>" in page
          and "<dt>since</dt><dd>2026-01-01</dd>" in page and "<dt>limit</dt><dd>50</dd>" in page, page[:2000])
    check("no results is success", run("search", db, "zzzunknownword", "-f", "csv").stdout.count("\n") == 1)
    check("syntax is not injected", run("search", db, 'bridge" OR "x* NEAR(', "-f", "csv").returncode == 0)
    p = run("search", db, "--since", "yesterday", ok=(2,))
    check("bad date is usage", "bad date" in p.stderr, p.stderr)

    test_dates(tmp)
    test_names(tmp)
    # ---- web pages: the site stands for the source a record does not give ----
    pages_db, pages = os.path.join(tmp, "pages.db"), os.path.join(tmp, "pages.jsonl")
    jsonl(pages, [{"id": "p1", "html": PAGE, "url": "https://ledger.example/ferry"},
                  {"id": "p2", "html": PAGE, "source": "Wire copy"}])
    run("db", "add", pages_db, pages)
    rows = json.loads(run("search", pages_db, "ferry", "-f", "json").stdout)
    check("page rows show the site as source", {r["doc"]: r["source"] for r in rows}
          == {"p1": "The Harbour Ledger", "p2": "Wire copy"}, rows)
    check("page rows keep the url and title", [(r["url"], r["title"]) for r in rows if r["doc"] == "p1"]
          == [("https://ledger.example/ferry", "Harbour town votes to keep its ferry")], rows)

    # ---- who-said: one cluster for the copies, first seen first ----
    data = json.loads(run("who-said", db, "we haven't crossed that bridge yet", "-f", "json").stdout)
    check("who-said finds a cluster", len(data) >= 1, data)
    if data:
        occ = data[0]["occurrences"]
        docs = [o["doc"] for o in occ]
        check("cluster holds exact, trimmed and edited copies", set(docs) >= {"a1", "a2", "a3", "a4"}, docs)
        check("first seen is earliest date", data[0]["first"]["doc"] == "a2", data[0]["first"])
        check("speaker", data[0]["first"]["speaker_id"] == zid)
    out = run("who-said", db, "we haven't crossed that bridge", "-f", "table").stdout
    check("who-said table", "said by:" in out and "first:" in out and "carried by" in out, out)

    # ---- stats ----
    out = run("db", "stats", db).stdout
    check("stats", "documents" in out and "clusters" in out and "top speakers" in out, out)

    # ---- export equals extract on the same inputs ----
    inputs = [SAMPLE, feed]
    fresh = os.path.join(tmp, "fresh.db")
    run("db", "add", fresh, *inputs)
    run("db", "export", fresh, "--format", "csv", "--out", os.path.join(tmp, "dump"))
    run("extract", "--format", "csv", "--out", os.path.join(tmp, "ex"), *inputs)
    for t in ("documents", "entities", "mentions", "quotes"):
        a = table_rows(os.path.join(tmp, "dump", t + ".csv"))
        b = table_rows(os.path.join(tmp, "ex", t + ".csv"))
        check(f"export {t}.csv equals extract", a == b, f"{len(a)} vs {len(b)} rows")
    with open(os.path.join(tmp, "dump", "quotes.csv"), newline="", encoding="utf-8") as f:
        quotes = list(csv.DictReader(f))
    a1 = [q for q in quotes if q["doc"] == "a1"]
    check("quotes.csv has date, url, title and sentence", a1 and a1[0]["date"] == "2026-01-05"
          and a1[0]["url"] == "https://example.com/a1" and "Zelenskiy said." in a1[0]["sentence"], a1[:1])
    # JSON Lines: the records of extract, byte for byte, failures and warnings too
    odd = os.path.join(tmp, "odd")
    os.makedirs(odd, exist_ok=True)
    with open(os.path.join(odd, "bad.txt"), "wb") as f:
        f.write(b"Peskov said \xff it. \xe2\x80\x9cNo,\xe2\x80\x9d Peskov said.\n")
    with open(os.path.join(odd, "bin.txt"), "wb") as f:
        f.write(b"PK\x03\x04\x00binary")
    with open(os.path.join(odd, "f.jsonl"), "w", encoding="utf-8") as f:
        f.write('{"id": "m1", "text": "\u201cYes,\u201d Kim said.", "doc": "x", "quotes": 3, "n": 0.1}\n{"id": "m2"\n')
    run("db", "add", fresh, odd, ok=(1,))
    run("db", "export", fresh, "--format", "jsonl", "--out", os.path.join(tmp, "dump.jsonl"))
    with open(os.path.join(tmp, "dump.jsonl"), "rb") as f:
        exported = f.read()
    extracted = run_bytes("extract", *inputs, odd)
    check("export jsonl equals extract, byte for byte", exported == extracted,
          f"{len(exported)} vs {len(extracted)} bytes")
    p = run("db", "export", fresh, "--format", "jsonl")
    check("export jsonl to standard output", p.stdout.encode() == exported)
    p = run("db", "export", fresh, "--format", "xml", "--out", os.path.join(tmp, "x"), ok=(2,))
    check("export format checked", "unknown export format 'xml' (csv or jsonl)" in p.stderr, p.stderr)

    # spreadsheets: formulas escaped by default, raw on request; a BOM for Excel
    formula = os.path.join(tmp, "formula.jsonl")
    jsonl(formula, [{"id": "f1", "text": "“=SUM(A1:A9) is what we owe,” Peskov said.\n", "title": "@once"}])
    fdb = os.path.join(tmp, "formula.db")
    run("db", "add", fdb, formula)
    rows = csv_rows(run("search", fdb, "owe", "-f", "csv").stdout)
    check("search csv escapes a formula", rows and rows[0]["text"] == "'=SUM(A1:A9) is what we owe,"
          and rows[0]["title"] == "'@once", rows)
    rows = csv_rows(run("search", fdb, "owe", "-f", "csv", "--csv-raw").stdout)
    check("search --csv-raw keeps it", rows and rows[0]["text"] == "=SUM(A1:A9) is what we owe,", rows)
    p = subprocess.run([WHOSAID, "search", fdb, "owe", "-f", "csv", "--excel"], capture_output=True)
    check("search --excel starts with a BOM", p.stdout.startswith(b"\xef\xbb\xbfdoc,"), p.stdout[:10])
    run("db", "export", fdb, "--format", "csv", "--excel", "--out", os.path.join(tmp, "xl"))
    for t in ("documents", "entities", "mentions", "quotes"):
        with open(os.path.join(tmp, "xl", t + ".csv"), "rb") as f:
            check(f"export --excel: {t}.csv starts with a BOM", f.read(3) == b"\xef\xbb\xbf")
    with open(os.path.join(tmp, "xl", "quotes.csv"), newline="", encoding="utf-8-sig") as f:
        q = list(csv.DictReader(f))
    check("export escapes formulas", q and q[0]["text"].startswith("'=SUM") and q[0]["title"] == "'@once", q)
    p = run("search", fdb, "owe", "-f", "json", "--excel", ok=(2,))
    check("--excel is for csv", "--excel and --csv-raw are for --format csv" in p.stderr, p.stderr)

    # ---- an import killed mid-way keeps its committed batches ----
    big = os.path.join(tmp, "big.jsonl")
    jsonl(big, [{"id": f"k{i}", "text": ARTICLE.replace("Monday", f"day {i}"), "date": "2026-02-01"}
                for i in range(6000)])
    killed = os.path.join(tmp, "killed.db")
    proc = subprocess.Popen([WHOSAID, "db", "add", killed, "--batch", "100", big],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    seen = 0
    deadline = time.time() + 60
    while time.time() < deadline and proc.poll() is None:
        try:
            c = sqlite3.connect(f"file:{killed}?mode=ro", uri=True, timeout=1)
            seen = c.execute("SELECT count(*) FROM documents").fetchone()[0]
            c.close()
        except sqlite3.Error:
            seen = 0
        if seen >= 100:
            break
        time.sleep(0.005)
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    c = sqlite3.connect(killed)
    integrity = c.execute("PRAGMA integrity_check").fetchone()[0]
    kept = c.execute("SELECT count(*) FROM documents").fetchone()[0]
    orphans = c.execute("SELECT count(*) FROM quotes WHERE document NOT IN (SELECT id FROM documents)").fetchone()[0]
    c.close()
    check("killed import: integrity", integrity == "ok", integrity)
    check("killed import: whole batches kept", kept >= 100 and kept % 100 == 0 and kept < 6000, kept)
    check("killed import: consistent", orphans == 0, orphans)
    p = run("db", "add", killed, "--batch", "100", big)
    check("killed import: resumed", f"{6000 - kept} added" in p.stderr and f"{kept} unchanged" in p.stderr,
          p.stderr)

    # ---- who-said caps the articles of a widely carried quote in its table ----
    out = run("who-said", killed, "Nothing said in Kyiv changes the situation", "-f", "table").stdout
    listed = [line for line in out.splitlines() if line.startswith("2026-02-01")]
    check("who-said table: 20 articles and a count of the rest", len(listed) == 20 and
          "carried by 6000 articles" in out and "... and 5980 more articles (--all" in out, out[-300:])
    out = run("who-said", killed, "Nothing said in Kyiv changes the situation", "-f", "table", "--all").stdout
    check("who-said --all lists every article", sum(line.startswith("2026-02-01") for line in out.splitlines())
          == 6000 and "more articles" not in out)
    data = json.loads(run("who-said", killed, "Nothing said in Kyiv changes the situation", "-f", "json").stdout)
    check("who-said json gives every article", data and len(data[0]["occurrences"]) == 6000)
    p = run("search", killed, "--all", ok=(2,))
    check("--all is who-said's", "--all is an option of who-said" in p.stderr, p.stderr)

    test_progress(tmp, big)

    if failures:
        print(f"{len(failures)} failed")
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
