"""extract_many's threads change nothing but speed: the same results in
input order for any number of jobs, bad items in place, the input read
a few documents ahead only, and the GIL free while the library works."""
import os
import sys
import threading
import time

import pytest

from conftest import ROOT

sys.path.insert(0, os.path.join(ROOT, "tests", "perf"))
from corpus import make_corpus  # noqa: E402


@pytest.fixture(scope="module")
def corpus(tmp_path_factory):
    """About 1 MB of JSON Lines made from the project's texts, with bad
    items spread through it."""
    import json
    path = tmp_path_factory.mktemp("corpus") / "corpus.jsonl"
    make_corpus(str(path), 1000 * 1000, [os.path.join(ROOT, "data", "sample"),
                                         os.path.join(ROOT, "tests", "cases")])
    with open(path, encoding="utf-8") as f:
        items = [json.loads(line) for line in f]
    for i in range(0, len(items), 97):
        items.insert(i, [{"id": "bad-%d" % i}, 42, b"\x00binary", ""][i % 4])
    return items


def as_json(results):
    return [r.to_json() for r in results]


def test_jobs_give_the_same_results(extractor, corpus):
    want = as_json(extractor.extract_many(corpus, jobs=1))
    assert len(want) == len(corpus)
    assert sum('"error":{' in line for line in want) >= len(corpus) // 97 // 2
    for jobs in (2, 3, 0):
        assert as_json(extractor.extract_many(iter(corpus), jobs=jobs)) == want, "jobs=%d" % jobs


def test_pages_on_threads(whosaid, extractor):
    """Web pages are read on the extracting threads: many at once give what
    one thread gives, their warnings in input order."""
    import glob
    import warnings
    pages = []
    for path in sorted(glob.glob(os.path.join(ROOT, "tests", "pages", "cases", "*.html"))):
        with open(path, "rb") as f:
            pages.append({"id": os.path.basename(path), "html": f.read(), "url": "https://example.org/x/"})
    items = (pages + [{"id": "bad", "html": b"\x00binary"}]) * 20

    def run(jobs):
        with warnings.catch_warnings(record=True) as caught:
            warnings.simplefilter("always")
            results = as_json(extractor.extract_many(items, jobs=jobs))
        return results, [str(w.message) for w in caught]
    want = run(1)
    assert len(want[0]) == len(items) and len(want[1]) >= 20
    for jobs in (2, 4):
        assert run(jobs) == want, "jobs=%d" % jobs


def test_extract_equals_extract_many(whosaid, extractor, corpus):
    """One call per document gives the records of the iterator (their ids
    given, as extract's default id is "doc")."""
    docs = [item for item in corpus[:300] if isinstance(item, dict) and "text" in item]
    many = list(extractor.extract_many(docs, jobs=2))
    assert [r.to_json() for r in many] == [
        extractor.extract(d, origin=r.origin).to_json() for d, r in zip(docs, many)]


def test_reads_ahead_a_window_only(extractor, corpus):
    """A generator is read a few documents a thread ahead of the results,
    not to its end: memory stays bounded on any input."""
    for jobs in (1, 2, 4):
        pulled = 0

        def source():
            nonlocal pulled
            for item in corpus:
                pulled += 1
                yield item

        it = extractor.extract_many(source(), jobs=jobs)
        for handed, _ in enumerate(it, 1):
            assert pulled - handed <= 4 * jobs, "jobs=%d: %d read, %d handed" % (jobs, pulled, handed)
            if handed == 200:
                break
        del it  # stops the workers


def test_source_exception_after_earlier_results(extractor):
    def source():
        yield "“One,” Peskov said."
        yield {"id": "two", "text": "Two."}
        raise KeyError("the feed broke")

    for jobs in (1, 3):
        got = []
        with pytest.raises(KeyError, match="the feed broke"):
            for r in extractor.extract_many(source(), jobs=jobs):
                got.append(r.doc)
        assert got == ["items:1", "two"]


def test_abandoned_iterator(extractor, corpus):
    """Dropping an iterator with documents in flight ends its threads."""
    before = len(os.listdir("/proc/self/task"))
    for _ in range(20):
        it = extractor.extract_many(corpus, jobs=3)
        next(it)
        del it
    assert len(os.listdir("/proc/self/task")) == before


def test_threads_run_in_c(extractor, corpus):
    """jobs=3 runs two workers beside the calling thread while iterating."""
    before = len(os.listdir("/proc/self/task"))
    it = extractor.extract_many(corpus, jobs=3)
    next(it)
    assert len(os.listdir("/proc/self/task")) == before + 2
    list(it)


def test_concurrent_python_threads(extractor, corpus):
    """One Extractor shared by Python threads: each gets what one thread gets."""
    docs = [item for item in corpus[:400] if isinstance(item, dict) and "text" in item]
    want = [extractor.extract(d).to_json() for d in docs]
    got = {}

    def work(k):
        got[k] = [extractor.extract(d).to_json() for d in docs]

    threads = [threading.Thread(target=work, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all(got[k] == want for k in range(4))


def test_gil_released_while_extracting(extractor):
    """Another Python thread runs while extract works on a large document:
    with the GIL held it could not take a single turn until the end."""
    # about 2 MB of dense quotes: a second here, never under a tenth
    text = ("“We will hold the line,” Peskov said in Moscow on Monday. " * 40 + "\n\n") * 900
    ticks = 0
    inside = threading.Event()
    done = threading.Event()

    def ticker():
        nonlocal ticks
        inside.wait()
        while not done.is_set():
            time.sleep(0.001)
            ticks += 1

    t = threading.Thread(target=ticker)
    t.start()
    start = time.perf_counter()
    inside.set()
    r = extractor.extract(text)
    done.set()
    elapsed = time.perf_counter() - start
    t.join()
    assert r.quotes and elapsed > 0.03, "the document should take a while: %.3f s" % elapsed
    assert ticks >= 5, "%d ticks in %.3f s" % (ticks, elapsed)


def test_one_iterator_two_threads(extractor, corpus):
    """An iterator stepped from a second thread while the first waits in it
    refuses, as a generator does, rather than corrupting its state."""
    it = extractor.extract_many(corpus, jobs=2)
    errors, handed = [], []

    def step():
        for _ in range(50):
            try:
                handed.append(next(it).to_json())
            except RuntimeError as e:
                errors.append(str(e))
            except StopIteration:
                break

    threads = [threading.Thread(target=step) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert all("already running" in e for e in errors)
    # every result handed out once, none lost: the first ones in input order
    want = as_json(extractor.extract_many(corpus[:len(handed)]))
    assert sorted(handed) == sorted(want)
