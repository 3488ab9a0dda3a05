"""whosaid: who said what, about whom, in news text - from Python.

    import whosaid
    ex = whosaid.Extractor()                      # the bundled gazetteers
    r = ex.extract("“We will rebuild,” Mayor Jane Doe said.", id="a1")
    r.quotes[0].speaker, r.quotes[0].text, r.quotes[0].confidence
    for r in ex.extract_many(texts_or_records, jobs=2): ...
    quotes, entities, mentions, documents = whosaid.tables(results)   # pandas
    db = whosaid.QuoteDB("quotes.db"); db.add(results); db.search("bridge", speaker="Peskov")

A binding of libwhosaid (the C library of the `whosaid` command): the same
extraction, and results with the fields of its JSON Lines output
(README.md, "Output"). Only tables() needs pandas.
"""
from __future__ import annotations

import os
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from ._errors import (Error, FileError, GazetteerError, InputError, JSONError, LimitError,
                      NoMemoryError, PatternError, UsageError)
from ._records import (AddSummary, Alternative, DBStats, Document, Entity, ErrorInfo, Mention, Quote,
                       QuoteRow, Result, Span, WarningInfo)
from . import _whosaid
from ._quotedb import QuoteDB
from ._tables import tables

__all__ = [
    "Extractor", "QuoteDB", "tables", "bundled_gazetteers",
    "Result", "Entity", "Mention", "Alternative", "Quote", "Span", "WarningInfo", "ErrorInfo",
    "Document", "QuoteRow", "AddSummary", "DBStats",
    "Error", "NoMemoryError", "FileError", "GazetteerError", "InputError", "UsageError",
    "JSONError", "LimitError", "PatternError",
]

__version__ = _whosaid.version()

Item = Union[str, bytes, dict, Document]
PathLike = Union[str, "os.PathLike[str]"]

# Names the bundled gazetteers folder, for the command line too.
_GAZETTEERS_ENV = "WHOSAID_GAZETTEERS"


def bundled_gazetteers() -> Optional[str]:
    """The folder of the bundled gazetteers, found as the command line finds
    it: $WHOSAID_GAZETTEERS if set, else the package's own gazetteers folder
    (a wheel's, scripts/python-wheel), else the installed
    share/whosaid/gazetteers, else the source tree's data/gazetteers (a
    build tree); None when there is none."""
    env = os.environ.get(_GAZETTEERS_ENV)
    if env:
        return env
    for folder in (os.path.join(os.path.dirname(os.path.abspath(__file__)), "gazetteers"),
                   _whosaid.GAZETTEER_INSTALL_DIR, _whosaid.GAZETTEER_SOURCE_DIR):
        if os.path.isdir(folder):
            return folder
    return None


class Extractor:
    """Finds entities and quotes, with the gazetteers loaded once.

    Extractor() loads the bundled gazetteers; Extractor(gazetteers=["my/"])
    loads them and then each folder given, whose entries override bundled
    ones with the same id (as `whosaid extract -g my/`); bundled=False loads
    the folders alone. indirect=True also reports reported speech without
    quote marks (kind "indirect"). max_doc_size and max_quote_size are the
    limits in bytes of --max-doc-size and --max-quote-size (None: 64 MiB and
    8 KiB). A gazetteer that cannot be loaded raises GazetteerError or
    FileError, with the file and line.

    One Extractor may be used by many threads at once. gazetteers lists
    the folders loaded, in order.
    """
    __slots__ = ("_ex", "gazetteers")

    def __init__(self, gazetteers: Sequence[PathLike] = (), bundled: bool = True, *,
                 indirect: bool = False, max_doc_size: Optional[int] = None,
                 max_quote_size: Optional[int] = None) -> None:
        if isinstance(gazetteers, (str, bytes, os.PathLike)):
            gazetteers = [gazetteers]  # one folder, not its letters
        folders = [os.fspath(g) for g in gazetteers]
        if bundled:
            found = bundled_gazetteers()
            if found is None:
                raise UsageError("no bundled gazetteer folder found; looked in $%s, %s, %s; give "
                                 "gazetteers=[DIR] with bundled=False" % (
                                     _GAZETTEERS_ENV, _whosaid.GAZETTEER_INSTALL_DIR,
                                     _whosaid.GAZETTEER_SOURCE_DIR))
            folders.insert(0, found)
        if not folders:
            raise UsageError("bundled=False needs gazetteers=[DIR]")
        self.gazetteers: list[str] = folders
        self._ex = _whosaid.Extractor(folders, max_doc_size or 0, max_quote_size or 0, indirect)

    def extract(self, item: Item, *, id: Optional[str] = None, origin: Optional[str] = None,
                meta: Optional[dict[str, Any]] = None) -> Result:
        """Extracts one document: a str; bytes (read as a file's bytes, which
        need not be UTF-8); a {"id", "text", ...} record whose other fields
        are its metadata; or a Document. id, origin and meta override the
        item's; the id is "doc" when nothing gives one.

        The GIL is released while the library extracts. A document that
        cannot be processed (binary data, over the size limit, a record
        without "text") still gives a Result, whose error says why, as the
        command line writes a record for it; Result.raise_for_error() raises
        it. An item of another type raises TypeError."""
        return self._ex.extract(item, id=id, origin=origin, meta=meta)

    def extract_many(self, items: Iterable[Item], *, jobs: int = 1,
                     name: str = "items") -> Iterator[Result]:
        """Extracts every item (as extract takes them) on jobs threads
        (0: one per core) and yields the results in input order.

        Items are read as they are needed: only a few per thread are in
        flight, so any iterable (a generator over a large file) works in
        bounded memory. An item that is not a document (not a str, bytes,
        dict or Document; a record without "text"; an id that is neither a
        str nor an integer) gives a Result with an error, and the iteration
        goes on. An exception raised by items itself is raised after the
        results of the items before it.

        name stands for the input as a JSON Lines file's name does for the
        command line: an item without an id is "<name without extension>:N"
        (N counting items from 1), its origin is "<name>:N", and errors are
        about file name, line N. name="feed.jsonl" gives the ids, origins
        and errors of `whosaid extract feed.jsonl`."""
        stem = os.path.basename(name.rstrip("/")) or name
        if stem == "-":
            stem = "stdin"  # as the command line names standard input
        else:
            stem = os.path.splitext(stem)[0] or stem
        return self._ex.extract_many(items, jobs=jobs, name=name, stem=stem)

    @property
    def entity_count(self) -> int:
        """Entities in the loaded gazetteers."""
        return self._ex.counts()[0]

    @property
    def alias_count(self) -> int:
        """Aliases in the loaded gazetteers."""
        return self._ex.counts()[1]

    def __repr__(self) -> str:
        entities, aliases, cached = self._ex.counts()
        return "whosaid.Extractor(gazetteers=%r, %d entities, %d aliases%s)" % (
            self.gazetteers, entities, aliases, ", from the cache" if cached else "")
