"""tables(): results as the four tables of `whosaid extract --format csv`,
as pandas DataFrames with the same columns and rows."""
from __future__ import annotations

from typing import Any, Iterable, Optional

from . import _whosaid
from ._errors import Error
from ._records import Result, meta_json

__all__ = ["tables", "QUOTE_COLUMNS", "ENTITY_COLUMNS", "MENTION_COLUMNS", "DOCUMENT_COLUMNS"]

QUOTE_COLUMNS = ["doc", "quote_id", "text", "start", "end", "speaker", "speaker_id", "speaker_text",
                 "cue", "kind", "method", "confidence", "sentence_start", "sentence_end",
                 "paragraph_start", "paragraph_end", "date", "url", "title", "sentence"]
ENTITY_COLUMNS = ["doc", "entity_id", "name", "type", "gender", "role", "count", "source",
                  "alternatives"]
MENTION_COLUMNS = ["doc", "entity_id", "name", "type", "text", "start", "end", "title", "country"]
DOCUMENT_COLUMNS = ["doc", "origin", "status", "error", "bytes", "entities", "mentions", "quotes",
                    "warnings", "meta", "date"]


def _pandas():
    try:
        import pandas
    except ImportError as e:
        raise ImportError("whosaid.tables() needs pandas, which is not installed (Debian: "
                          "apt-get install python3-pandas; else pip install pandas). Everything "
                          "else in whosaid works without it.") from e
    return pandas


def _date(meta: Optional[str]) -> Optional[str]:
    """The date as the tables show it: read from the metadata's JSON by the
    library, as the database reads it; None when it has none, or none that
    reads."""
    try:
        return _whosaid.document_date(meta)
    except Error:
        return None


def _text_field(meta: dict[str, Any], name: str) -> Optional[str]:
    value = meta.get(name)
    return value if isinstance(value, str) else None


def tables(results: Iterable[Result]):
    """(quotes, entities, mentions, documents): pandas DataFrames with the
    columns of quotes.csv, entities.csv, mentions.csv and documents.csv
    (README.md, "CSV"), one row per quote, entity, mention (in document
    order) and document, with the values of `whosaid extract --format csv
    --csv-raw` (no spreadsheet escaping). Absent values are None;
    alternatives are the alternatives' ids joined by "|"; meta is the
    metadata as compact JSON; date is read from it as the quote database
    reads it (ISO 8601); sentence is the text of the quote's sentence(s),
    which only a result made by an Extractor has (a pickled copy: None).
    results may be any iterable (a generator from extract_many): it is read
    once."""
    pd = _pandas()
    quotes, entities, mentions, documents = [], [], [], []
    for r in results:
        doc = r.doc
        meta = meta_json(r.meta)
        date, url, title = _date(meta), _text_field(r.meta, "url"), _text_field(r.meta, "title")
        sentences = r._native.sentences() if r._native is not None else [None] * len(r.quotes)
        for q, sentence in zip(r.quotes, sentences):
            quotes.append((doc, q.id, q.text, q.start, q.end, q.speaker, q.speaker_id, q.speaker_text,
                           q.cue, q.kind, q.method, q.confidence, q.sentence.start, q.sentence.end,
                           q.paragraph.start, q.paragraph.end, date, url, title, sentence))
        in_doc = []
        for e in r.entities:
            entities.append((doc, e.id, e.name, e.type, e.gender, e.role, e.count, e.source,
                             "|".join(a.id for a in e.alternatives)))
            in_doc.extend((m.start, m.end, e, m) for m in e.mentions)
        in_doc.sort(key=lambda t: (t[0], t[1]))  # mentions never overlap: document order
        for _, _, e, m in in_doc:
            mentions.append((doc, e.id, e.name, e.type, m.text, m.start, m.end, m.title, m.country))
        documents.append((doc, r.origin, "error" if r.error else "ok",
                          r.error.message if r.error else None, r.length, len(r.entities),
                          len(in_doc), len(r.quotes), len(r.warnings), meta, date))
    return (pd.DataFrame.from_records(quotes, columns=QUOTE_COLUMNS),
            pd.DataFrame.from_records(entities, columns=ENTITY_COLUMNS),
            pd.DataFrame.from_records(mentions, columns=MENTION_COLUMNS),
            pd.DataFrame.from_records(documents, columns=DOCUMENT_COLUMNS))
