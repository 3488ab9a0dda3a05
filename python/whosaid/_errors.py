"""Exceptions: one class per ws_status of whosaid.h, each a whosaid.Error
carrying the status number, the message and the position (file, line,
byte) the library reported, and also the built-in exception it is a kind
of (MemoryError, OSError, ValueError), so that code catching those catches
these too."""
from __future__ import annotations

from typing import Optional

__all__ = [
    "Error", "NoMemoryError", "FileError", "GazetteerError", "InputError", "UsageError",
    "JSONError", "LimitError", "PatternError", "PageWarning", "SearchWarning", "DateWarning",
    "error_class", "error_from_info",
]


class Error(Exception):
    """A whosaid error. code is the ws_status number (whosaid.h; numbers are
    never reused) and status its description ("malformed gazetteer"), message
    the library's one-line message, file/line/byte where it is about (None
    where they do not apply). str() reads as the command line prints it:
    "FILE:LINE: byte N: message"."""
    code = 0

    def __init__(self, message: str, file: Optional[str] = None, line: Optional[int] = None,
                 byte: Optional[int] = None, status: Optional[str] = None) -> None:
        super().__init__(message)
        self.message = message
        self.file = file
        self.line = line
        self.byte = byte
        self.status = status

    def __str__(self) -> str:
        where = ""
        if self.file:
            where = self.file + (":%d" % self.line if self.line else "") + ": "
        if self.byte is not None:
            where += "byte %d: " % self.byte
        return where + self.message


class NoMemoryError(Error, MemoryError):
    """WS_ERR_NOMEM: out of memory."""
    code = 1


class FileError(Error, OSError):
    """WS_ERR_IO: a file or database could not be read or written."""
    code = 2


class GazetteerError(Error):
    """WS_ERR_GAZETTEER: a gazetteer file is malformed (file and line say where)."""
    code = 3


class InputError(Error):
    """WS_ERR_INPUT: a document cannot be processed (binary data, not text)."""
    code = 4


class UsageError(Error, ValueError):
    """WS_ERR_USAGE: a call's arguments are wrong."""
    code = 5


class JSONError(Error, ValueError):
    """WS_ERR_JSON: malformed JSON, or a record without a usable "text"."""
    code = 6


class LimitError(Error):
    """WS_ERR_LIMIT: a document exceeds a configured limit."""
    code = 7


class PatternError(Error):
    """WS_ERR_REGEX: an internal pattern failed to compile or run."""
    code = 8


class PageWarning(UserWarning):
    """A problem with a web page that did not stop its reading (invalid
    bytes replaced, an unknown charset, no main text found), issued through
    the warnings module when a page is extracted (extract_page, a record
    with "html"), where `whosaid extract` prints it on standard error.
    warnings.simplefilter("ignore", whosaid.PageWarning) silences them (as
    -q does), "error" raises them (as --strict fails the run). origin is the
    document's origin ("feed.jsonl:3"), byte the offset in the page or None,
    message the library's words; str() reads as the command line prints it:
    "ORIGIN: byte N: message"."""

    def __init__(self, origin: str, byte: Optional[int], message: str) -> None:
        super().__init__(origin, byte, message)
        self.origin = origin
        self.byte = byte
        self.message = message

    def __str__(self) -> str:
        where = self.origin + ": " if self.origin else ""
        if self.byte is not None:
            where += "byte %d: " % self.byte
        return where + self.message


class SearchWarning(UserWarning):
    """A speaker or about name of QuoteDB.search that matches nobody in the
    database, is only a surname several people share (the search then
    takes none of them), or matches several people the database keeps
    apart: what `whosaid search` says on standard error, so that an empty
    or mixed answer is not taken for "nobody said it". str() is the
    command line's words, with the argument's name for the option's
    ("speaker 'Smith' is the surname of 3 people: ...")."""


class DateWarning(UserWarning):
    """A document QuoteDB.add stores without a date because a date field of
    its metadata does not read (README.md, "Dates"), so that --since and
    --until would not find it: what `whosaid db add` says on standard error.
    origin is the document's origin ("feed.jsonl:7"), message the library's
    words; str() reads as the command line prints it: "ORIGIN: message"."""

    def __init__(self, origin: Optional[str], message: str) -> None:
        super().__init__(origin, message)
        self.origin = origin
        self.message = message

    def __str__(self) -> str:
        return (self.origin + ": " if self.origin else "") + self.message


_BY_CODE = {cls.code: cls for cls in (NoMemoryError, FileError, GazetteerError, InputError,
                                      UsageError, JSONError, LimitError, PatternError)}


def error_class(code: int) -> type[Error]:
    """The exception class of a ws_status number (Error for an unknown one)."""
    return _BY_CODE.get(code, Error)


def error_from_info(info) -> Error:
    """The exception for a result's ErrorInfo."""
    return error_class(info.code)(info.message, info.file, info.line, info.byte, info.status)
