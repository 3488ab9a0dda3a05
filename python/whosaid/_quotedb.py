"""QuoteDB: the quote database of `whosaid db` (one SQLite file) from Python."""
from __future__ import annotations

import os
import warnings
from typing import TYPE_CHECKING, Iterable, Optional, Sequence, Union

from . import _whosaid
from ._errors import DateWarning, Error, SearchWarning
from ._records import AddSummary, DBStats, QuoteRow, Result, meta_json

if TYPE_CHECKING:
    from . import Extractor

__all__ = ["QuoteDB"]

# Documents per transaction in add(), as `whosaid db add --batch`.
_BATCH = 500

# ws_db_change numbers (whosaid.h) to AddSummary fields.
_CHANGES = {0: "unchanged", 1: "added", 2: "replaced"}


def _warn_undated(result: Result) -> None:
    """Says when the library reads no date from a document's metadata that
    has date fields: it is stored undated."""
    try:
        _whosaid.document_date(meta_json(result.meta))
    except Error as e:
        warnings.warn(DateWarning(result.origin, e.message + "; stored without a date"), stacklevel=3)


class QuoteDB:
    """A quote database: QuoteDB("quotes.db") names the file `whosaid db
    add` and `whosaid search` use, opened as each call needs it, as the
    command line opens it: add() creates the database when it is missing;
    questions (search, who_said, stats, top_speakers, the exports) only read
    it and never create it, so that on a misspelt path they raise FileError
    ("no such database") instead of answering nothing from a new, empty
    file. A file that is not a quote database raises InputError.

    extractor resolves names in search(speaker=..., about=...) as
    extraction does, so that any gazetteer alias finds its entity
    ("Zelenskiy" finds Zelensky); without one, a bundled Extractor is made
    the first time a name needs it. Database errors raise whosaid.FileError
    with SQLite's message. A QuoteDB belongs to one thread at a time; use
    it in a with block, or close() it."""
    __slots__ = ("_db", "_names", "path")

    def __init__(self, path: Union[str, "os.PathLike[str]"], extractor: Optional["Extractor"] = None) -> None:
        self.path = os.fspath(path)
        self._names = extractor
        self._db = _whosaid.DB(self.path)

    def add(self, results: Union[Result, Iterable[Result]]) -> AddSummary:
        """Stores one result or many (failed ones too, with their error): a
        document stored before with the same text and metadata is left as
        it is, one with new content replaces the old version. Every 500
        documents are one transaction, so an interrupted add keeps what it
        committed. A document stored without a date because its metadata's
        date does not read issues a whosaid.DateWarning, as `whosaid db
        add` says so."""
        if isinstance(results, Result):
            results = (results,)
        summary = AddSummary()
        in_batch = 0
        try:
            for result in results:
                if not isinstance(result, Result) or result._native is None:
                    raise TypeError("QuoteDB.add takes results made by an Extractor, not %r" % (result,))
                if in_batch == 0:
                    self._db.begin()
                in_batch += 1
                change = _CHANGES[self._db.add(result._native)]
                setattr(summary, change, getattr(summary, change) + 1)
                if result.error is not None:
                    summary.failed += 1
                elif change != "unchanged":
                    _warn_undated(result)
                if in_batch == _BATCH:
                    in_batch = 0
                    self._db.commit()
        finally:
            # what was stored stays stored, as with `whosaid db add`
            if in_batch:
                self._db.commit()
        return summary

    def add_gazetteer(self, folders: Union[str, "os.PathLike[str]", Sequence[Union[str, "os.PathLike[str]"]]]
                      ) -> None:
        """Stores the aliases of your own gazetteer folders (one, or a list
        loaded in order), as `whosaid db add -g DIR` does: later searches,
        from Python or from the command line without -g, find their
        entities by any alias, and a person discovered under one of their
        names in a document added afterwards is that entity (linked_by
        "user gazetteer"). The bundled gazetteers need not be stored: every
        search knows them. Storing a folder again changes nothing; one that
        cannot be loaded raises GazetteerError or FileError, with the file
        and line."""
        if isinstance(folders, (str, bytes, os.PathLike)):
            folders = [folders]  # one folder, not its letters
        self._db.add_gazetteer(folders)

    def search(self, text: Optional[str] = None, *, speaker: Optional[str] = None,
               about: Optional[str] = None, since: Optional[str] = None,
               until: Optional[str] = None, limit: int = 50) -> list[QuoteRow]:
        """Quotes holding every word of text (case, diacritics and curly or
        straight quote marks aside; "dont" finds "don't"), best match first;
        newest first without text. speaker: the speaker's id, any name or
        alias the gazetteers know, a name as the texts wrote it (in any
        case, without accents) or a surname only one person has, read by
        the library as `whosaid search --speaker` reads it; about: an entity
        (named the same ways) in the quote or its sentence, the speaker's
        own mention as the speaker aside; since/until: document dates,
        inclusive, in any form the database reads ("2026-04-02", "April 2,
        2026"...; one that does not read raises UsageError); limit: at most
        this many (0: all).

        A speaker or about that matches nobody, is a surname several people
        share, or matches several people the database keeps apart issues a
        whosaid.SearchWarning saying so, as the command line says it."""
        names = self._resolver()._ex if speaker or about else None
        for what, name in (("speaker", speaker), ("about", about)):
            if name:
                self._explain(what, name, names)
        return self._db.search(text, speaker, about, since, until, limit, names)

    def who_said(self, text: str, limit: int = 10) -> list[QuoteRow]:
        """The clusters of quotes matching text (as a phrase, else all its
        words, else the same quote by the clustering rule), most similar
        first, at most limit clusters: every occurrence, the first seen of
        each cluster first."""
        return self._db.who_said(text, limit)

    def stats(self) -> DBStats:
        """Documents (and failed ones), entities, mentions, quotes, clusters
        and speakers stored."""
        return DBStats(*self._db.stats())

    def top_speakers(self, limit: int = 10) -> list[tuple[str, str, int]]:
        """(id, name, quotes) of the most quoted speakers."""
        return self._db.top_speakers(limit)

    def export_csv(self, folder: Union[str, "os.PathLike[str]"], *, raw: bool = False,
                   excel: bool = False) -> None:
        """Writes documents.csv, entities.csv, mentions.csv and quotes.csv
        (as `whosaid db export --format csv`) into folder: cells a
        spreadsheet would run as formulas escaped, unless raw (--csv-raw,
        for programs); excel starts each file with a UTF-8 byte order mark
        (--excel)."""
        self._db.export_csv(folder, raw, excel)

    def export_jsonl(self, path: Union[str, "os.PathLike[str]"]) -> None:
        """Writes every stored document, in the order stored, as the JSON
        Lines record `whosaid extract` wrote for it, byte for byte (as
        `whosaid db export --format jsonl --out path`): as path.tmp, renamed
        to path when complete; a path that is no regular file (a pipe,
        /dev/stdout) is written in place."""
        self._db.export_jsonl(path)

    def close(self) -> None:
        self._db.close()

    def __enter__(self) -> "QuoteDB":
        return self

    def __exit__(self, *exc) -> None:
        self.close()

    def __repr__(self) -> str:
        return "whosaid.QuoteDB(%r)" % self.path

    def _explain(self, what: str, name: str, names: Optional[_whosaid.Extractor]) -> None:
        """Warns, in the words of `whosaid search`, when the name would
        leave a search empty or puzzling."""
        people, ambiguous = self._db.find_people(name, names)
        listed = ", ".join("%s (%s%s)" % (person, pid, ", " + role if role else "") for pid, person, role in people)
        if not people:
            message = "%s '%s' matches nobody in the database" % (what, name)
        elif ambiguous:
            message = "%s '%s' is the surname of %d people: %s; give a full name or an id" % (
                what, name, len(people), listed)
        elif len(people) > 1:
            message = "%s '%s' matches %d people the database keeps apart: %s" % (what, name, len(people), listed)
        else:
            return
        warnings.warn(SearchWarning(message), stacklevel=3)

    def _resolver(self) -> "Extractor":
        if self._names is None:
            from . import Extractor  # the package imports this module first
            self._names = Extractor()
        return self._names
