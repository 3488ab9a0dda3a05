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
    check("no results is success", run("search", db, "zzzunknownword", "-f", "csv").stdout.count("\n") == 1)
    check("syntax is not injected", run("search", db, 'bridge" OR "x* NEAR(', "-f", "csv").returncode == 0)
    p = run("search", db, "--since", "yesterday", ok=(2,))
    check("bad date is usage", "bad date" in p.stderr, p.stderr)

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

    if failures:
        print(f"{len(failures)} failed")
        return 1
    print("all passed")
    return 0


if __name__ == "__main__":
    sys.exit(main())
