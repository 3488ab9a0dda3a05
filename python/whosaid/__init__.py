"""whosaid: who said what, about whom, in news text - from Python.

    import whosaid
    ex = whosaid.Extractor()                      # the bundled gazetteers
    r = ex.extract("“We will rebuild,” Mayor Jane Doe said.", id="a1")
    r.quotes[0].speaker, r.quotes[0].text, r.quotes[0].confidence
    for r in ex.extract_many(texts_or_records, jobs=2): ...    # records with "text", or "html"
    r = ex.extract_page(open("page.html", "rb").read())    # a saved web page
    page = whosaid.read_page(html); page.text, page.title, page.date
    quotes, entities, mentions, documents = whosaid.tables(results)   # pandas
    db = whosaid.QuoteDB("quotes.db"); db.add(results); db.search("bridge", speaker="Peskov")

A binding of libwhosaid (the C library of the `whosaid` command): the same
extraction, and results with the fields of its JSON Lines output
(README.md, "Output"). Only tables() needs pandas.
"""
from __future__ import annotations

import os
from typing import Any, Iterable, Iterator, Optional, Sequence, Union

from ._errors import (DateWarning, Error, FileError, GazetteerError, InputError, JSONError, LimitError,
                      NoMemoryError, PageWarning, PatternError, SearchWarning, UsageError)
from ._records import (AddSummary, Alternative, DBStats, Document, Entity, ErrorInfo, Mention, Page, Quote,
                       QuoteRow, Result, Span, WarningInfo)
from . import _whosaid
from ._quotedb import QuoteDB
from ._tables import tables

__all__ = [
    "Extractor", "QuoteDB", "tables", "read_page", "bundled_gazetteers", "bundled_lexicon",
    "Result", "Entity", "Mention", "Alternative", "Quote", "Span", "WarningInfo", "ErrorInfo",
    "Document", "QuoteRow", "AddSummary", "DBStats", "Page",
    "Error", "NoMemoryError", "FileError", "GazetteerError", "InputError", "UsageError",
    "JSONError", "LimitError", "PatternError", "PageWarning", "SearchWarning", "DateWarning",
]

__version__ = _whosaid.version()

Item = Union[str, bytes, dict, Document]
PathLike = Union[str, "os.PathLike[str]"]

# Where the bundled folders are looked for, in order: the environment
# variable the command line reads too, the package's own folder (a wheel's),
# the installed folder, the source tree's.
_GAZETTEERS = ("WHOSAID_GAZETTEERS", "gazetteers", _whosaid.GAZETTEER_INSTALL_DIR,
               _whosaid.GAZETTEER_SOURCE_DIR)
_LEXICON = ("WHOSAID_LEXICON", os.path.join("lexicon", "en"), _whosaid.LEXICON_INSTALL_DIR,
            _whosaid.LEXICON_SOURCE_DIR)
_PACKAGE_DIR = os.path.dirname(os.path.abspath(__file__))


def _bundled(where: tuple[str, str, str, str]) -> Optional[str]:
    env, in_package, installed, source = where
    found = os.environ.get(env)
    if found:
        return found
    for folder in (os.path.join(_PACKAGE_DIR, in_package), installed, source):
        if os.path.isdir(folder):
            return folder
    return None


def bundled_gazetteers() -> Optional[str]:
    """The folder of the bundled gazetteers, found as the command line finds
    it: $WHOSAID_GAZETTEERS if set, else the package's own gazetteers folder
    (a wheel's, scripts/python-wheel), else the installed
    share/whosaid/gazetteers, else the source tree's data/gazetteers (a
    build tree); None when there is none."""
    return _bundled(_GAZETTEERS)


def bundled_lexicon() -> Optional[str]:
    """The folder of the bundled word lists (speech verbs, titles...), found
    the same way: $WHOSAID_LEXICON, the package's lexicon/en,
    share/whosaid/lexicon/en, the source tree's data/lexicon/en."""
    return _bundled(_LEXICON)


def read_page(html: Union[str, bytes], url: Optional[str] = None) -> Page:
    """Reads a saved web page as whosaid reads one (README.md, "Web pages"):
    its article's text and what it says about itself, the Page that
    `whosaid text -i html --format jsonl` writes as a record. html is bytes
    (a file's, in whatever encoding it declares or is found in) or a str;
    url, where the page was found, resolves a relative canonical URL and is
    the page's url when it names none. The GIL is released while it reads.
    A page that cannot be read (binary data, mostly invalid in its
    encoding, nested too deep) raises InputError or LimitError, with byte."""
    return _whosaid.read_page(html, url)


def _folders(given: Union[PathLike, Sequence[PathLike]], bundled: bool, where: tuple[str, str, str, str],
             what: str, option: str, bundled_option: str) -> list[str]:
    """The bundled folder, when asked for, then the given ones, in order."""
    if isinstance(given, (str, bytes, os.PathLike)):
        given = [given]  # one folder, not its letters
    folders = [os.fspath(g) for g in given]
    if bundled:
        found = _bundled(where)
        if found is None:
            env, in_package, installed, source = where
            raise UsageError("no bundled %s folder found; looked in $%s, %s, %s, %s; give %s=[DIR] with %s=False"
                             % (what, env, os.path.join(_PACKAGE_DIR, in_package), installed, source, option,
                                bundled_option))
        folders.insert(0, found)
    if not folders:
        raise UsageError("%s=False needs %s=[DIR]" % (bundled_option, option))
    return folders


class Extractor:
    """Finds entities and quotes, with the gazetteers and word lists loaded
    once.

    Extractor() loads the bundled gazetteers and word lists;
    Extractor(gazetteers=["my/"]) loads them and then each folder given,
    whose entries override bundled ones with the same id (as `whosaid
    extract -g my/`); bundled=False loads the folders alone. lexicon and
    bundled_lexicon do the same for the word lists (--lexicon,
    --no-bundled-lexicon). indirect=True also reports reported speech
    without quote marks (kind "indirect"). max_doc_size and max_quote_size
    are the limits in bytes of --max-doc-size and --max-quote-size (None:
    64 MiB and 8 KiB). A folder that cannot be loaded raises GazetteerError
    or FileError, with the file and line.

    One Extractor may be used by many threads at once. gazetteers and
    lexicon list the folders loaded, in order.
    """
    __slots__ = ("_ex", "gazetteers", "lexicon")

    def __init__(self, gazetteers: Union[PathLike, Sequence[PathLike]] = (), bundled: bool = True, *,
                 lexicon: Union[PathLike, Sequence[PathLike]] = (), bundled_lexicon: bool = True,
                 indirect: bool = False, max_doc_size: Optional[int] = None,
                 max_quote_size: Optional[int] = None) -> None:
        self.gazetteers: list[str] = _folders(gazetteers, bundled, _GAZETTEERS, "gazetteer", "gazetteers",
                                              "bundled")
        self.lexicon: list[str] = _folders(lexicon, bundled_lexicon, _LEXICON, "word-list", "lexicon",
                                           "bundled_lexicon")
        self._ex = _whosaid.Extractor(self.gazetteers, self.lexicon, max_doc_size or 0, max_quote_size or 0,
                                      indirect)

    def extract(self, item: Item, *, id: Optional[str] = None, origin: Optional[str] = None,
                meta: Optional[dict[str, Any]] = None) -> Result:
        """Extracts one document: a str; bytes (read as a file's bytes, which
        need not be UTF-8); a {"id", "text", ...} record whose other fields
        are its metadata; a {"id", "html", ...} record, a web page saved by a
        scraper, read as the command line reads one (as extract_page, with
        the record's "url" as where it was found); or a Document. id, origin
        and meta override the item's; the id is "doc" when nothing gives one.

        The GIL is released while the library extracts. A document that
        cannot be processed (binary data, over the size limit, a record
        without "text" or "html") still gives a Result, whose error says
        why, as the command line writes a record for it;
        Result.raise_for_error() raises it. An item of another type raises
        TypeError."""
        return self._ex.extract(item, id=id, origin=origin, meta=meta)

    def extract_page(self, html: Union[str, bytes], *, url: Optional[str] = None, id: Optional[str] = None,
                     origin: Optional[str] = None, meta: Optional[dict[str, Any]] = None) -> Result:
        """Extracts a saved web page, as `whosaid extract page.html` does:
        the document is the page's text (read_page(html, url).text, which
        the result's offsets refer to) and its metadata the fields of meta
        (which win) followed by those the page gives (title, author, date,
        url, site, lang) that meta lacks. html is bytes (a file's, in any
        encoding) or a str; url is where the page was found (read_page).
        id and origin as for extract.

        The page's warnings (no main text found, invalid bytes replaced) are
        issued as whosaid.PageWarning through the warnings module. A page
        that cannot be read gives a Result whose error says why, as the
        command line's record does."""
        return self._ex.extract_page(html, url=url, id=id, origin=origin, meta=meta)

    def extract_many(self, items: Iterable[Item], *, jobs: int = 1,
                     name: str = "items") -> Iterator[Result]:
        """Extracts every item (as extract takes them) on jobs threads
        (0: one per core) and yields the results in input order.

        Items are read as they are needed: only a few per thread are in
        flight, so any iterable (a generator over a large file) works in
        bounded memory. A record with "html" is a web page (as extract
        takes it), read on the extracting threads. An item that is not a
        document (not a str, bytes, dict or Document; a record without
        "text" or "html"; an id that is neither a str nor an integer) gives
        a Result with an error, and the iteration goes on. An exception raised by items itself is raised after the
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
