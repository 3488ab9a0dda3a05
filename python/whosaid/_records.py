"""What extraction gives back: plain dataclasses with the fields, names and
order of the JSON Lines output (README.md, "Output").

The C extension builds these objects straight from the library's result;
they are slotted and not frozen, because a frozen dataclass costs five times
as much to create and a document makes dozens of them.
"""
from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, NamedTuple, Optional

from ._errors import error_from_info

__all__ = [
    "Span", "Alternative", "Mention", "Entity", "Quote", "WarningInfo", "ErrorInfo", "Result",
    "Document", "QuoteRow", "AddSummary", "DBStats", "Page",
]

# What a web page says about itself, in the order of the records' fields.
_PAGE_FIELDS = ("title", "author", "date", "url", "site", "lang")

# Keys of a JSON Lines record; a metadata field with one of these names is
# written as "input_<name>", as the library does.
_RECORD_KEYS = frozenset(("doc", "origin", "length", "error", "warnings", "entities", "quotes"))


def meta_json(meta: dict[str, Any]) -> Optional[str]:
    """The metadata as the library was given it (compact JSON), None for
    none: what the tables' meta column shows and the library reads dates
    from."""
    return json.dumps(meta, ensure_ascii=False, separators=(",", ":"), allow_nan=False) if meta else None


class Span(NamedTuple):
    """Byte offsets [start, end) into the document as given (UTF-8)."""
    start: int
    end: int


@dataclass(slots=True)
class Alternative:
    """A gazetteer entity an ambiguous name could also have meant."""
    id: str
    name: str
    type: str


@dataclass(slots=True)
class Mention:
    """One place an entity is named. title: the title written before a
    person ("Russian President"); country: the id of the country a demonym
    in it names ("Q159")."""
    text: str
    start: int
    end: int
    title: Optional[str]
    country: Optional[str]


@dataclass(slots=True)
class Entity:
    """A person, place or organisation the document names, in order of
    first mention. type is "PERSON", "PLACE" or "ORG"; source is
    "gazetteer", or "discovered" for a name found only in this document."""
    id: str
    name: str
    type: str
    gender: Optional[str]
    role: Optional[str]
    source: str
    count: int
    alternatives: list[Alternative]
    mentions: list[Mention]


@dataclass(slots=True)
class Quote:
    """A quotation and its speaker. kind: "direct", "partial", "other" or
    "indirect"; method: how the speaker was found ("explicit", "pronoun",
    "role", "subject", "split", "continuation", "colon") or None;
    confidence: 0-1, two decimals as in the JSON output."""
    id: str
    text: str
    start: int
    end: int
    speaker: Optional[str]
    speaker_id: Optional[str]
    speaker_text: Optional[str]
    cue: Optional[str]
    kind: str
    method: Optional[str]
    confidence: float
    sentence: Span
    paragraph: Span


@dataclass(slots=True)
class WarningInfo:
    """A problem that did not stop extraction (invalid UTF-8 replaced, an
    empty document); byte is its offset in the document, or None."""
    byte: Optional[int]
    message: str


@dataclass(slots=True)
class ErrorInfo:
    """Why a document has no results. status is the library's description
    of the status ("malformed JSON"), code its number (whosaid.h, never
    reused); file and line locate the input, byte the offset in it."""
    status: str
    message: str
    file: Optional[str]
    line: Optional[int]
    byte: Optional[int]
    code: int

    def to_dict(self) -> dict[str, Any]:
        return {"status": self.status, "message": self.message, "file": self.file,
                "line": self.line, "byte": self.byte}


@dataclass(slots=True)
class Result:
    """The result of one document: its id, where it came from, the metadata
    given with it, its length in bytes, an error (None when it was
    processed), warnings, entities and quotes.

    A result keeps the library's own result, so that QuoteDB.add can store
    it and to_json can write the library's JSON Lines record; a pickled or
    deep-copied result has every field but not that (to_json and
    QuoteDB.add then refuse it)."""
    doc: str
    origin: Optional[str]
    meta: dict[str, Any]
    length: int
    error: Optional[ErrorInfo]
    warnings: list[WarningInfo]
    entities: list[Entity]
    quotes: list[Quote]
    _native: Any = field(default=None, repr=False, compare=False)

    @property
    def ok(self) -> bool:
        """True when the document was processed."""
        return self.error is None

    def raise_for_error(self) -> "Result":
        """Raises the whosaid.Error subclass of the error, if there is one;
        else returns the result."""
        if self.error is not None:
            raise error_from_info(self.error)
        return self

    def to_dict(self) -> dict[str, Any]:
        """The JSON Lines record of `whosaid extract` as a dict: the same keys
        in the same order (metadata after origin, renamed input_<name> where
        it would hide a key of ours) and the same values."""
        record: dict[str, Any] = {"doc": self.doc, "origin": self.origin}
        for key, value in self.meta.items():
            name = str(key)
            while name in _RECORD_KEYS or name in record:
                name = "input_" + name
            record[name] = value
        record["length"] = self.length
        record["error"] = self.error.to_dict() if self.error else None
        record["warnings"] = [{"byte": w.byte, "message": w.message} for w in self.warnings]
        record["entities"] = [_entity_dict(e) for e in self.entities]
        record["quotes"] = [_quote_dict(q) for q in self.quotes]
        return record

    def to_json(self) -> str:
        """The record exactly as `whosaid extract --format jsonl` writes it
        (one line, without the newline), written by the library."""
        if self._native is None:
            raise ValueError("to_json needs a result made by an Extractor")
        return self._native.to_json()


def _entity_dict(e: Entity) -> dict[str, Any]:
    return {
        "id": e.id, "name": e.name, "type": e.type, "gender": e.gender, "role": e.role,
        "source": e.source, "count": e.count,
        "alternatives": [{"id": a.id, "name": a.name, "type": a.type} for a in e.alternatives],
        "mentions": [{"text": m.text, "start": m.start, "end": m.end, "title": m.title,
                      "country": m.country} for m in e.mentions],
    }


def _quote_dict(q: Quote) -> dict[str, Any]:
    return {
        "id": q.id, "text": q.text, "start": q.start, "end": q.end, "speaker": q.speaker,
        "speaker_id": q.speaker_id, "speaker_text": q.speaker_text, "cue": q.cue,
        "kind": q.kind, "method": q.method, "confidence": q.confidence,
        "sentence": {"start": q.sentence.start, "end": q.sentence.end},
        "paragraph": {"start": q.paragraph.start, "end": q.paragraph.end},
    }


@dataclass(slots=True)
class Document:
    """One input document, for when a plain str or a {"id", "text", ...}
    dict does not say enough: text (str, or bytes read as a file's bytes),
    id, origin (where it came from, for messages and the "origin" field) and
    metadata carried to the output."""
    text: str | bytes
    id: Optional[str] = None
    origin: Optional[str] = None
    meta: Optional[dict[str, Any]] = None


@dataclass(slots=True)
class QuoteRow:
    """A quote stored in a QuoteDB, with where it was published: the fields
    of `whosaid search --format json`. Absent values are None; cluster
    groups the same quote carried by several articles. person is the
    speaker as the database tells people apart (namesakes discovered in
    different articles may be different people: "local:John_Smith#2"),
    linked_by how this article's speaker was linked to that person
    ("gazetteer id", "user gazetteer", "same role", "same name", "first seen";
    README.md, "Who is who")."""
    doc: str
    date: Optional[str]
    source: Optional[str]
    url: Optional[str]
    title: Optional[str]
    quote_id: str
    speaker: Optional[str]
    speaker_id: Optional[str]
    speaker_text: Optional[str]
    cue: Optional[str]
    kind: str
    confidence: float
    cluster: int
    text: str
    person: Optional[str]
    linked_by: Optional[str]


@dataclass(slots=True)
class AddSummary:
    """What QuoteDB.add did: documents stored for the first time, stored
    again with new content (the old version replaced), already stored with
    the same content, and stored with their error."""
    added: int = 0
    replaced: int = 0
    unchanged: int = 0
    failed: int = 0


@dataclass(slots=True)
class DBStats:
    """What a QuoteDB holds (`whosaid db stats`)."""
    documents: int
    failed: int
    entities: int
    mentions: int
    quotes: int
    clusters: int
    speakers: int


@dataclass(slots=True)
class Page:
    """A web page as whosaid reads it (whosaid.read_page; README.md, "Web
    pages"). text is what extraction analyses, exactly as `whosaid text`
    prints it: the title, a blank line, then the article's paragraphs,
    headings, list items... one per line ("" when the page has no main
    text); offsets of a page's results refer to it. What the page says
    about itself, None where it says nothing: title (the headline, site
    name cut off), author (as the byline gives it), date (published, ISO
    8601), url (canonical, absolute where known; else the url given),
    site (the publication), lang (a language tag). charset is the encoding
    it was read in; warnings the problems that did not stop the reading."""
    text: str
    title: Optional[str]
    author: Optional[str]
    date: Optional[str]
    url: Optional[str]
    site: Optional[str]
    lang: Optional[str]
    charset: str
    warnings: list[WarningInfo]

    @property
    def meta(self) -> dict[str, str]:
        """The fields the page gives, as metadata: what extracting the page
        adds to a record (after the record's own fields), in that order."""
        return {name: getattr(self, name) for name in _PAGE_FIELDS if getattr(self, name) is not None}
