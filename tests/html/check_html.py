#!/usr/bin/env python3
"""The HTML view end to end: renders the bundled samples (data/sample), the
project corpus (tests/corpus) and hostile documents with `whosaid extract
--format html`, and checks every page against the JSON Lines output of the
same inputs: each quote is marked in the text with its speaker, the speaker
and entity panels count what the JSON counts, the index lists every document,
and no document or gazetteer string gets through as markup or script.

usage: check_html.py WHOSAID SOURCE_ROOT [--browser] [--screenshot PNG]

Without --browser the pages are checked as written, with no script run: the
view must be complete without JavaScript. With --browser each page is loaded
in headless Chromium and the DOM is checked after the script ran, selecting a
speaker through the address is checked, and a screenshot is taken (to PNG
with --screenshot, else to a temporary file). --browser exits 77 (skipped)
when Chromium cannot be found (scripts/deps --test installs it; CHROMIUM
names another binary).
"""
import collections
import glob
import html.parser
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

SKIP = 77
CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome", "google-chrome-stable")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update", "--disable-sync"]
VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}

# Hostile strings in names, ids, roles and quotes: each must stay text.
EVIL_GAZETTEER = (
    "id\ttype\tname\taliases\tattributes\n"
    'ws:evil"><script>alert(1)</script>\tPERSON\tEvil "><img src=x onerror=alert(1)> Mayor\t'
    "Mayor Evil\tgender=m;role=<script>alert(2)</script>\n")
EVIL_DOCS = [
    {"id": '"><script>alert(1)</script>', "title": '<b onclick="alert(4)">Evil</b> & "title"',
     "url": "javascript:alert(5)", "date": "2026-04-02",
     "text": "Mayor Evil spoke in Kyiv on Monday.\n"
             "\u201c<script>alert('x')</script> is fine,\u201d Mayor Evil said.\n"
             "\u201c\"><img src=x onerror=alert(1)> & more,\u201d Peskov said.\n"
             "\u201cClose </script><script>alert(3)</script> \u2028 it,\u201d he said.\n"},
]
EVIL_TEXT = "<script>alert('x')</script> is fine,"
# A JSON Lines article with the metadata a page shows: title, date, a link.
META_DOCS = [
    {"id": "talks", "title": "Talks in Kyiv end without a deal", "url": "https://example.com/kyiv?a=1&b=2",
     "published": "April 3, 2026", "source": "Wire",
     "text": "\u201cWe will meet again,\u201d Zelenskiy said in Kyiv.\n"},
]


class Node:
    def __init__(self, tag, attrs, parent):
        self.tag, self.attrs, self.parent, self.children = tag, dict(attrs), parent, []

    def classes(self):
        return (self.attrs.get("class") or "").split()

    def text(self):
        return "".join(c if isinstance(c, str) else c.text() for c in self.children)

    def walk(self):
        yield self
        for c in self.children:
            if isinstance(c, Node):
                yield from c.walk()


class TreeBuilder(html.parser.HTMLParser):
    """A DOM good enough for checks: the pages are well nested by design,
    and a closing tag that does not match is an error."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.root = Node("#root", {}, None)
        self.cur = self.root
        self.errors = []

    def handle_starttag(self, tag, attrs):
        node = Node(tag, attrs, self.cur)
        self.cur.children.append(node)
        if tag not in VOID:
            self.cur = node

    def handle_endtag(self, tag):
        if tag in VOID:
            return
        if self.cur.tag != tag:
            self.errors.append("</%s> closes <%s>" % (tag, self.cur.tag))
            return
        self.cur = self.cur.parent

    def handle_data(self, data):
        self.cur.children.append(data)


def parse(markup):
    tb = TreeBuilder()
    tb.feed(markup)
    tb.close()
    return tb.root, tb.errors


def norm(text):
    return " ".join(text.split())


class Checker:
    def __init__(self):
        self.failures = 0

    def expect(self, ok, where, message):
        if not ok:
            self.failures += 1
            print("FAIL %s: %s" % (where, message))
        return ok


def check_safety(c, where, root, raw):
    """No script but ours, no handler attributes, no element or URL that
    would load or run something."""
    scripts = [n for n in root.walk() if n.tag == "script"]
    c.expect(len(scripts) <= 1, where, "%d script elements" % len(scripts))
    for s in scripts:
        c.expect("alert" not in s.text() and "src" not in s.attrs, where, "script from the data")
    for n in root.walk():
        c.expect(n.tag not in ("img", "iframe", "object", "embed", "link", "base", "form", "svg"),
                 where, "<%s> element from the data" % n.tag)
        for name, value in n.attrs.items():
            c.expect(not name.startswith("on"), where, "%s attribute on <%s>" % (name, n.tag))
            c.expect(name not in ("src", "srcdoc", "formaction"), where, "%s attribute" % name)
            if name == "href":
                # the view's own pages, or a web address an article gave
                c.expect(re.fullmatch(r"#[\w-]+|index\.html|doc-\d+(-[a-z0-9-]+)?\.html", value or "")
                         or value in {d["url"] for d in META_DOCS}, where, "link to %r" % value)
            if name in ("id", "class", "data-speaker-key", "data-entity", "data-quote"):
                c.expect(re.fullmatch(r"[\w -]*", value or ""), where, "%s=%r" % (name, value))
    c.expect("onerror" not in raw.replace("onerror=alert(1)&gt;", ""), where, "onerror outside text")


def check_page(c, where, root, rec):
    quotes = collections.defaultdict(list)
    for n in root.walk():
        if "q" in n.classes() and "data-quote" in n.attrs:
            quotes[n.attrs["data-quote"]].append(n)
    c.expect(len(quotes) == len(rec["quotes"]), where,
             "%d quotes marked, JSON has %d" % (len(quotes), len(rec["quotes"])))
    for q in rec["quotes"]:
        parts = quotes.get(q["id"], [])
        if not c.expect(parts, where, "quote %s is not marked" % q["id"]):
            continue
        c.expect([p.attrs.get("id") for p in parts].count(q["id"]) == 1, where, "quote %s: id" % q["id"])
        for p in parts:
            c.expect(p.attrs.get("data-speaker") == (q["speaker"] or ""), where,
                     "quote %s: data-speaker %r, JSON %r" % (q["id"], p.attrs.get("data-speaker"), q["speaker"]))
            c.expect(p.attrs.get("data-speaker-id") == (q["speaker_id"] or ""), where,
                     "quote %s: data-speaker-id %r" % (q["id"], p.attrs.get("data-speaker-id")))
            title = p.attrs.get("title") or ""
            if q["kind"] != "other":
                c.expect("%.2f" % q["confidence"] in title and (q["method"] or "none") in title,
                         where, "quote %s: title %r" % (q["id"], title))
        shown = norm(" ".join(p.text() for p in parts))
        c.expect(shown == norm(q["text"]), where, "quote %s shows %r, JSON %r" % (q["id"], shown, q["text"]))

    buttons = [n for n in root.walk() if n.tag == "button" and "data-speaker-key" in n.attrs]
    panel = {b.attrs["data-speaker-id"]: int(b.attrs["data-count"]) for b in buttons}
    for b in buttons:
        c.expect(b.attrs.get("type") == "button" and b.attrs.get("aria-pressed") == "false", where,
                 "speaker button attributes %r" % b.attrs)
        counts = [n for n in b.walk() if "n" in n.classes()]
        c.expect(counts and counts[0].text() == b.attrs["data-count"], where, "speaker count shown")
    expected = collections.Counter(q["speaker_id"] or "" for q in rec["quotes"])
    c.expect(panel == dict(expected), where, "speaker panel %r, JSON %r" % (panel, dict(expected)))

    entities = {n.attrs["data-entity-id"]: int(n.attrs["data-count"])
                for n in root.walk() if "ent" in n.classes()}
    expected = {e["id"]: e["count"] for e in rec["entities"]}
    c.expect(entities == expected, where, "entity panel %r, JSON %r" % (entities, expected))

    html_el = [n for n in root.walk() if n.tag == "html"]
    c.expect(html_el and html_el[0].attrs.get("lang"), where, "no lang attribute")
    for landmark in ("header", "main", "aside", "footer"):
        c.expect(any(n.tag == landmark for n in root.walk()), where, "no <%s>" % landmark)


def doc_date(rec):
    """The date the page should show: the metadata's, as ISO 8601 (only the
    forms these tests use)."""
    for key in ("date", "published"):
        if rec.get(key) == "April 3, 2026":
            return "2026-04-03"
        if rec.get(key):
            return rec[key]
    return None


def check_meta(c, where, root, rec):
    """A page shows the document's title (as text), its date, and a link to
    its url only when that is a web address."""
    title = rec.get("title")
    h1 = [n for n in root.walk() if n.tag == "h1"]
    c.expect(h1 and h1[0].text() == (title or rec["doc"]), where, "h1 %r" % (h1 and h1[0].text()))
    times = [n for n in root.walk() if n.tag == "time"]
    date = doc_date(rec)
    c.expect([t.attrs.get("datetime") for t in times] == ([date] if date else []), where,
             "dates %r, expected %r" % ([t.attrs for t in times], date))
    links = [n.attrs.get("href") for n in root.walk() if n.tag == "a" and "source" in n.classes()]
    url = rec.get("url")
    web = url if url and url.startswith(("http://", "https://")) else None
    c.expect(links == ([web] if web else []), where, "source links %r for url %r" % (links, url))


def check_index(c, root, records, out):
    rows = [n for n in root.walk() if n.tag == "tr" and "data-doc" in n.attrs]
    c.expect([r.attrs["data-doc"] for r in rows] == [r["doc"] for r in records], "index",
             "rows %r" % [r.attrs["data-doc"] for r in rows])
    pages = {}
    for row, rec in zip(rows, records):
        speakers = len({q["speaker_id"] for q in rec["quotes"] if q["speaker_id"]})
        got = (int(row.attrs["data-quotes"]), int(row.attrs["data-speakers"]), int(row.attrs["data-entities"]))
        c.expect(got == (len(rec["quotes"]), speakers, len(rec["entities"])), "index",
                 "%s: counts %r" % (rec["doc"], got))
        links = [n for n in row.walk() if n.tag == "a"]
        href = links[0].attrs["href"]
        c.expect(os.path.isfile(os.path.join(out, href)), "index", "no page %s" % href)
        c.expect(links[0].text() == (rec.get("title") or rec["doc"]), "index", "%s: shown as %r"
                 % (rec["doc"], links[0].text()))
        if rec.get("url", "").startswith("https://"):
            c.expect([n.attrs["href"] for n in links[1:]] == [rec["url"]], "index", "%s: no link to its url"
                     % rec["doc"])
        pages[href] = rec
    corpus = collections.Counter(q["speaker_id"] for r in records for q in r["quotes"] if q["speaker_id"])
    bars = [n for n in root.walk() if n.tag == "li" and "data-speaker-id" in n.attrs]
    c.expect(bars, "index", "no chart")
    for b in bars:
        c.expect(int(b.attrs["data-count"]) == corpus[b.attrs["data-speaker-id"]], "index",
                 "chart: %s" % b.attrs["data-speaker-id"])
    c.expect([int(b.attrs["data-count"]) for b in bars] == sorted(corpus.values(), reverse=True)[:len(bars)],
             "index", "chart is not the most quoted")
    return pages


def find_chromium():
    for name in ((os.environ.get("CHROMIUM"),) if os.environ.get("CHROMIUM") else CHROMIUM_NAMES):
        path = shutil.which(name)
        if path:
            return path
    return None


def chromium(browser, profile, args):
    proc = subprocess.run([browser] + CHROMIUM_FLAGS + ["--user-data-dir=" + profile] + args,
                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
    if proc.returncode != 0:
        raise RuntimeError("chromium exited with %d: %s" % (proc.returncode, proc.stderr.decode()[-2000:]))
    return proc.stdout.decode("utf-8")


def check_selection(c, browser, profile, out, pages):
    """The script: #speaker-s1 selects the first speaker of a page."""
    href, rec = max(pages.items(), key=lambda item: len(item[1]["quotes"]))
    url = "file://" + os.path.abspath(os.path.join(out, href)) + "#speaker-s1"
    root, _ = parse(chromium(browser, profile, ["--dump-dom", url]))
    body = [n for n in root.walk() if n.tag == "body"][0]
    c.expect("filtering" in body.classes(), href, "selection: body is not filtering")
    for b in (n for n in root.walk() if n.tag == "button"):
        c.expect(b.attrs.get("aria-pressed") == str(b.attrs["data-speaker-key"] == "s1").lower(), href,
                 "selection: aria-pressed on %s" % b.attrs["data-speaker-key"])
    marked = [n for n in root.walk() if "q" in n.classes() or "qi" in n.classes()]
    for n in marked:
        c.expect(("hl" in n.classes()) == (n.attrs.get("data-speaker-key") == "s1"), href,
                 "selection: %r" % n.attrs)
    c.expect(any("hl" in n.classes() for n in marked), href, "selection highlights nothing")


def main(argv):
    browser_mode = "--browser" in argv
    argv = [a for a in argv if a != "--browser"]
    screenshot = None
    if "--screenshot" in argv:
        i = argv.index("--screenshot")
        screenshot = os.path.abspath(argv[i + 1])
        del argv[i:i + 2]
    if len(argv) != 2:
        sys.stderr.write(__doc__)
        return 2
    whosaid, root_dir = os.path.abspath(argv[0]), os.path.abspath(argv[1])
    texts = sorted(glob.glob(os.path.join(root_dir, "data", "sample", "*.txt")))
    texts += sorted(glob.glob(os.path.join(root_dir, "tests", "corpus", "*.txt")))
    if not texts:
        print("no texts in data/sample or tests/corpus under %s" % root_dir)
        return 1
    browser = None
    if browser_mode:
        browser = find_chromium()
        if not browser:
            print("chromium not found (tried %s; set CHROMIUM; scripts/deps --test installs it): skipped"
                  % ", ".join(CHROMIUM_NAMES))
            return SKIP

    c = Checker()
    with tempfile.TemporaryDirectory() as tmp:
        gaz = os.path.join(tmp, "gazetteers")
        os.mkdir(gaz)
        with open(os.path.join(gaz, "evil.tsv"), "w", encoding="utf-8") as f:
            f.write(EVIL_GAZETTEER)
        evil = os.path.join(tmp, "evil.jsonl")
        with open(evil, "w", encoding="utf-8") as f:
            for doc in EVIL_DOCS + META_DOCS:
                f.write(json.dumps(doc) + "\n")
        # An invalid byte, CRLF line ends and a name that needs a slug.
        odd = os.path.join(tmp, 'Odd "name" <b>.txt')
        with open(odd, "wb") as f:
            f.write(b"\r\n\r\n\xe2\x80\x9cIt\xe2\x80\x99s \xff over,\xe2\x80\x9d Peskov said.\r\n  \r\nBye.")
        inputs = texts + [evil, odd]
        gaz_args = ["-g", gaz]  # over the bundled gazetteers

        proc = subprocess.run([whosaid, "extract", "-q", "-f", "jsonl"] + gaz_args + inputs,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if proc.returncode != 0:
            print("jsonl: whosaid exited with %d: %s" % (proc.returncode, proc.stderr.decode()))
            return 1
        records = [json.loads(line) for line in proc.stdout.decode("utf-8").splitlines()]
        out = os.path.join(tmp, "view", "nested")
        proc = subprocess.run([whosaid, "extract", "-q", "-f", "html", "-o", out] + gaz_args + inputs,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=120)
        if proc.returncode != 0:
            print("html: whosaid exited with %d: %s" % (proc.returncode, proc.stderr.decode()))
            return 1
        c.expect(proc.stdout == b"", "html", "wrote to standard output")
        names = sorted(os.listdir(out))
        c.expect(len(names) == len(records) + 1 and "index.html" in names
                 and not any(n.endswith(".tmp") for n in names), "html", "folder holds %r" % names)
        c.expect(len(set(names)) == len(names), "html", "page names are not unique")

        proc = subprocess.run([whosaid, "extract", "-f", "html"] + gaz_args + inputs,
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, timeout=60)
        c.expect(proc.returncode == 2 and b"--format html needs --out" in proc.stderr, "cli",
                 "html without --out: exit %d, %r" % (proc.returncode, proc.stderr))

        with open(os.path.join(out, "index.html"), encoding="utf-8") as f:
            raw = f.read()
        index, errors = parse(raw)
        c.expect(not errors, "index", "markup: %s" % errors[:3])
        check_safety(c, "index", index, raw)
        pages = check_index(c, index, records, out)

        profile = tempfile.mkdtemp(dir=tmp)
        for href, rec in sorted(pages.items()):
            path = os.path.join(out, href)
            if browser:
                raw = chromium(browser, profile, ["--dump-dom", "file://" + os.path.abspath(path)])
            else:
                with open(path, encoding="utf-8") as f:
                    raw = f.read()
            page, errors = parse(raw)
            c.expect(not errors, href, "markup: %s" % errors[:3])
            check_safety(c, href, page, raw)
            check_page(c, href, page, rec)
            check_meta(c, href, page, rec)
            if rec["doc"] == EVIL_DOCS[0]["id"]:
                c.expect(any(norm(n.text()) == norm(EVIL_TEXT) for n in page.walk() if "q" in n.classes()),
                         href, "the hostile quote is not shown as text")
            if "\ufffd" in "".join(q["text"] for q in rec["quotes"]):
                c.expect("\ufffd" in page.text(), href, "no U+FFFD for the invalid byte")

        if browser:
            check_selection(c, browser, profile, out, pages)
            shot = screenshot or os.path.join(tmp, "screenshot.png")
            sample = [h for h, r in pages.items() if r["doc"] == "kyiv-talks"] or sorted(pages)
            chromium(browser, profile, ["--screenshot=" + shot, "--window-size=1280,1600",
                                        "--hide-scrollbars", "file://" + os.path.join(out, sample[0])])
            with open(shot, "rb") as f:
                png = f.read()
            c.expect(png.startswith(b"\x89PNG") and len(png) > 10000, "screenshot", "%d bytes" % len(png))
    print("%d documents, %d quotes checked%s: %d failures" % (
        len(records), sum(len(r["quotes"]) for r in records), " in Chromium" if browser else "", c.failures))
    return 1 if c.failures else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
