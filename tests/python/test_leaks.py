"""No reference or memory leaks: each call path run 10,000 times after a
warm-up leaves no Python objects, no traced Python memory and no resident
memory behind. sys.gettotalrefcount exists only in debug builds of Python,
so leaks are measured as growth of gc's object count, of tracemalloc's
traced memory (every Python object and buffer), of RSS (the library's own
allocations) and of the reference counts of the shared objects results
hold (None, the interned type, kind and method names); the measure is first shown to catch a leak of one small
object per call, and of a library-sized allocation per call."""
import ctypes
import gc
import os
import sys
import tracemalloc
import warnings

import pytest

from conftest import ROOT

CALLS = 10_000
WARM_UP = 1_000
# Less than one leaked str (about 60 bytes) per 10 calls; caches filled
# during the warm-up do not grow after it.
TRACED_LIMIT = CALLS * 6
OBJECTS_LIMIT = 100
RSS_LIMIT = 4 << 20  # a leaked result is kilobytes: 10,000 of them are tens of MB
# Objects every result refers to, which a missing Py_DECREF would pin forever.
SHARED = [None, True, False, "PERSON", "PLACE", "ORG", "direct", "partial", "explicit",
          "continuation", "gazetteer", "discovered", "m", "f"]
REFS_LIMIT = CALLS // 10

with open(os.path.join(ROOT, "data", "sample", "kyiv-talks.txt"), encoding="utf-8") as f:
    ARTICLE = f.read()


def rss():
    with open("/proc/self/statm") as f:
        return int(f.read().split()[1]) * os.sysconf("SC_PAGE_SIZE")


def refcounts():
    return [sys.getrefcount(s) for s in SHARED]


def growth(call):
    """(traced bytes, gc objects, RSS bytes, largest reference count gain)
    left behind by CALLS calls."""
    for _ in range(WARM_UP):
        call()
    gc.collect()
    tracemalloc.start()
    traced, objects, resident, refs = tracemalloc.get_traced_memory()[0], len(gc.get_objects()), rss(), refcounts()
    for _ in range(CALLS):
        call()
    gc.collect()
    traced = tracemalloc.get_traced_memory()[0] - traced
    tracemalloc.stop()
    refs = max(after - before for before, after in zip(refs, refcounts()))
    return traced, len(gc.get_objects()) - objects, rss() - resident, refs


def assert_no_leak(call):
    traced, objects, resident, refs = growth(call)
    assert traced < TRACED_LIMIT, "%d bytes of Python memory left after %d calls" % (traced, CALLS)
    assert objects < OBJECTS_LIMIT, "%d objects left after %d calls" % (objects, CALLS)
    assert resident < RSS_LIMIT, "RSS grew %d bytes over %d calls" % (resident, CALLS)
    assert refs < REFS_LIMIT, "a shared object gained %d references over %d calls" % (refs, CALLS)


def test_the_measure_sees_leaks(extractor):
    kept = []
    traced, objects, _, refs = growth(lambda: kept.append(extractor.extract(ARTICLE).quotes[0]))
    assert traced >= TRACED_LIMIT and objects >= OBJECTS_LIMIT and refs >= REFS_LIMIT
    kept.clear()
    libc = ctypes.CDLL(None)
    libc.malloc.restype = ctypes.c_void_p
    libc.malloc.argtypes = [ctypes.c_size_t]
    libc.memset.argtypes = [ctypes.c_void_p, ctypes.c_int, ctypes.c_size_t]
    _, _, resident, _ = growth(lambda: libc.memset(libc.malloc(2000), 1, 2000))
    assert resident >= RSS_LIMIT


def test_extract(extractor):
    assert_no_leak(lambda: extractor.extract(ARTICLE, id="a", origin="o", meta={"url": "u", "n": 1}).to_dict())


def test_extract_bytes_with_warnings(extractor):
    data = ARTICLE.encode("utf-8") + b"\xff\xfe"
    assert_no_leak(lambda: extractor.extract(data).warnings)


def test_failed_documents(whosaid, extractor):
    def call():
        r = extractor.extract({"id": "x", "url": "no text"})
        with pytest.raises(whosaid.JSONError):
            r.raise_for_error()
        extractor.extract(b"\x00binary").to_json()
        extractor.extract({"text": "t", "when": object()})
    assert_no_leak(call)


def test_table_columns(whosaid, extractor):
    """What tables() asks the library for: quotes' sentences, dates that
    read and dates that do not."""
    from whosaid import _whosaid
    result = extractor.extract(ARTICLE)

    def call():
        result._native.sentences()
        _whosaid.document_date('{"published":"April 2, 2026"}')
        with pytest.raises(whosaid.InputError):
            _whosaid.document_date('{"date":"yesterday"}')
    assert_no_leak(call)


def test_extract_many(extractor):
    items = [ARTICLE, {"id": "r", "text": ARTICLE, "url": "u"}, b"\x00", {"id": 1.5}, 7] * (CALLS // 5)
    for jobs in (1, 2):
        assert_no_leak(_iterate(extractor, items, jobs))


def _iterate(extractor, items, jobs):
    """A call that steps one long-lived iterator, restarted when it ends."""
    state = {"it": iter(())}

    def call():
        try:
            next(state["it"])
        except StopIteration:
            state["it"] = extractor.extract_many(items, jobs=jobs)
            next(state["it"])
    return call


def test_web_pages(whosaid, extractor):
    """read_page, extract_page and records with "html", their warnings and
    failed pages included."""
    page = ("<html lang=en><title>Talks in Kyiv | The Ledger</title><body>" +
            "".join("<p>%s</p>" % line for line in ARTICLE.splitlines() if line) + "</body></html>")
    items = [{"id": "p", "html": page, "url": "https://ledger.example/a"}, {"id": "b", "html": "\u0000binary"},
             {"id": "e", "html": "<p>menu</p>"}, {"id": "n", "html": None}] * (CALLS // 4)

    def call():
        whosaid.read_page(page, url="https://ledger.example/a").warnings
        extractor.extract_page(page.encode("utf-8"), meta={"source": "s"}).to_dict()
        extractor.extract_page(b"\x00binary")
        with pytest.raises(whosaid.InputError):
            whosaid.read_page(b"\x00binary")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", whosaid.PageWarning)
        assert_no_leak(call)
        for jobs in (1, 2):
            assert_no_leak(_iterate(extractor, items, jobs))


def test_quote_db(whosaid, extractor, tmp_path):
    results = list(extractor.extract_many([ARTICLE, {"id": "bad"}]))
    with whosaid.QuoteDB(str(tmp_path / "q.db"), extractor=extractor) as db:
        db.add(results)

        def call():
            db.add(results[0])
            db.search("talks", speaker="Zelenskiy", limit=3)
            db.search(speaker="Nobody At All")  # a SearchWarning, ignored below
            db.stats()
            db.export_jsonl(str(tmp_path / "all.jsonl"))
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", whosaid.SearchWarning)
            assert_no_leak(call)


def test_quote_db_opening(whosaid, extractor, tmp_path):
    """A question on a missing database, and a handle opened to read, then
    again to write, then closed."""
    result = extractor.extract(ARTICLE)
    whosaid.QuoteDB(str(tmp_path / "q.db")).add(result)

    def call():
        with pytest.raises(whosaid.FileError):
            whosaid.QuoteDB(str(tmp_path / "missing.db")).stats()
        with whosaid.QuoteDB(str(tmp_path / "q.db")) as db:
            db.stats()
            db.add(result)
    assert_no_leak(call)
