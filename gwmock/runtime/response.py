"""What a deployed API answered: the one value every pipeline returns.

``headers`` is a urllib3 ``HTTPHeaderDict``: names keep the spelling the integration gave
(``tesT-Multi``, as AWS keeps it), look-ups ignore case, and a header sent on several
lines (two ``Set-Cookie``, a Lambda proxy response's ``multiValueHeaders``) keeps each
line: ``headers.items()`` / ``getlist(name)`` give them one by one, ``headers[name]``
joins them with ", " as HTTP clients show them. Hooks that turn a ``Response`` into an
HTTP client's response must send ``headers.items()`` line by line.
"""

from __future__ import annotations

import json
import marshal
import re
import time
from collections.abc import Iterable, Mapping
from email.utils import formatdate
from itertools import chain
from typing import Any

from urllib3 import HTTPHeaderDict

from gwmock.records import register_log_format

HeaderSource = Mapping[str, str] | Iterable[tuple[str, str]] | None


class Lines:
    """Log lines kept as the facts that make them and formatted on first read.

    A request writes a dozen execution-log lines that nobody reads unless a test looks at
    them (``Response.log``, ``gw.requests[i].log``, TestInvokeMethod's ``log``) or a 5xx is
    logged; formatting them (maps of every header, time stamps) costs more than the rest of a
    MOCK request. ``add(text)`` keeps a ready line, ``defer(*fact)`` a tuple that ``_format``
    turns into a line later (by default ``fact[0](*fact[1:])``), so what it holds must not
    change meanwhile. Subclasses keep facts of plain values (ints, strings, tuples) so that a
    log kept on ``gw.requests`` costs the garbage collector nothing. ``read()`` formats them once
    and hands out the same list from then on (appending to it appends to the log). ``kept()`` is
    what a request's record holds (``gwmock.records.log_lines`` reads it).
    """

    __slots__ = ("_items", "_lines")
    _FORMAT = -1  # this class's ``_format`` in ``gwmock.records``' table of log formats (set below)

    def __init_subclass__(cls, **kwargs: Any) -> None:
        super().__init_subclass__(**kwargs)
        cls._FORMAT = register_log_format(cls._format)

    def __init__(self) -> None:
        self._items: list[Any] = []
        self._lines: list[str] | None = None

    def add(self, text: str) -> None:
        if self._lines is not None:
            self._lines.append(text)
        else:
            self._items.append(text)

    append = add

    def defer(self, *fact: Any) -> None:
        if self._lines is not None:
            self._lines.append(self._format(fact))
        else:
            self._items.append(fact)

    @staticmethod
    def _format(fact: tuple[Any, ...]) -> str:
        return str(fact[0](*fact[1:]))

    def read(self) -> list[str]:
        if self._lines is None:
            fmt = self._format
            self._lines = [item if type(item) is str else fmt(item) for item in self._items]
            self._items = []
        return self._lines

    def kept(self) -> tuple[Any, ...]:
        """The log as a record keeps it: the lines once read, else ``(format, facts)`` with the facts
        as ``marshal`` bytes (one C call). The garbage collector forgets such a pair at once, where
        this object, its list and nested tuples would be walked in every full collection for as
        long as ``gw.requests`` keeps the record (and would bring the next one sooner)."""
        if self._lines is not None:
            return tuple(self._lines)
        try:
            return self._FORMAT, marshal.dumps(self._items)
        except ValueError:  # a fact of other types (none the runtime writes): kept as it is
            return self._FORMAT, tuple(self._items)


Lines._FORMAT = register_log_format(Lines._format)


def _keeps_a_table() -> bool:
    """Whether this urllib3's ``HTTPHeaderDict`` is urllib3 2's: all its state one table, lower-case
    name -> ``[first spelling, *values]``, which ``table_headers`` may then fill without its methods."""
    probe = HTTPHeaderDict()
    probe.add("X-A", "1")
    probe.add("x-a", "2")
    state = vars(probe)
    return state == {"_container": {"x-a": ["X-A", "1", "2"]}} and type(state["_container"]) is dict


_TABLE = _keeps_a_table()
KEEPS_TABLE = _TABLE  # for modules that write the table themselves (``table_headers``)
_new = object.__new__


def table_headers(table: dict[str, list[str]]) -> HTTPHeaderDict:
    """An ``HTTPHeaderDict`` holding ``table`` itself (urllib3 2's layout, ``_TABLE``), made without
    its Python ``__init__``: a request makes two or three header dicts, each for one answer."""
    if _TABLE:
        out = _new(HTTPHeaderDict)
        out._container = table
        return out
    out = HTTPHeaderDict()
    for entry in table.values():
        for value in entry[1:]:
            out.add(entry[0], value)
    return out


def header_dict(headers: HeaderSource = None) -> HTTPHeaderDict:
    """An ``HTTPHeaderDict`` of a mapping (an ``HTTPHeaderDict`` keeps its repeated lines) or of
    pairs, each line added as ``add`` adds it."""
    if isinstance(headers, HTTPHeaderDict):
        table = getattr(headers, "_container", None)
        if _TABLE and type(table) is dict:
            return table_headers({low: list(entry) for low, entry in table.items()})
        return headers.copy()
    if headers is None:
        return table_headers({}) if _TABLE else HTTPHeaderDict()
    pairs = headers.items() if isinstance(headers, Mapping) else headers
    if not _TABLE:
        out = HTTPHeaderDict()
        for name, value in pairs:
            out.add(name, value)
        return out
    built: dict[str, list[str]] = {}
    for name, value in pairs:
        low = name.lower()
        entry = built.get(low)
        if entry is None:
            built[low] = [name, value]
        else:
            entry.append(value)
    return table_headers(built)


def header_lines(headers: HTTPHeaderDict) -> list[tuple[str, str]]:
    """``headers.items()``, each line as ``(name, value)``, read from urllib3's own table when it
    has the one urllib3 2 keeps (``items()`` costs about 1 us a line; this, a tenth of it)."""
    table = getattr(headers, "_container", None)
    if not isinstance(table, dict):
        return list(headers.items())
    return [(entry[0], value) for entry in table.values() for value in entry[1:]]


def one_value_each(headers: Mapping[str, str]) -> dict[str, str]:
    """``dict(headers)``: for an ``HTTPHeaderDict``, each name in its first spelling with its lines
    joined by ", " (as ``headers[name]`` gives them), read from the table urllib3 2 keeps, where
    ``dict()`` calls two Python methods a name."""
    table = getattr(headers, "_container", None)
    if type(headers) is HTTPHeaderDict and type(table) is dict:
        return {entry[0]: ", ".join(entry[1:]) for entry in table.values()}
    return dict(headers)


def put_lines(headers: HTTPHeaderDict, lines: Iterable[tuple[str, str]]) -> None:
    """``headers[name] = value`` for each line, in order, written straight to the table urllib3 2
    keeps (lower-case name -> ``[name, *values]``, as ``__setitem__`` writes it) when it has one:
    the gateway sets a dozen headers on every answer, and ``__setitem__`` costs several times more."""
    table = getattr(headers, "_container", None)
    if type(table) is not dict:
        for name, value in lines:
            headers[name] = value
        return
    for name, value in lines:
        table[name.lower()] = [name, value]


_UNSAFE_LINE = re.compile("[\r\n\x00]")
_BLANK_NAME = re.compile("(?:^|\x01)\\s*(?:\x01|$)")


def without_unsafe_lines(headers: HTTPHeaderDict, log: list[str] | Lines) -> HTTPHeaderDict:
    """The headers whose name and value cannot end a header line (``headers`` itself when all
    can be sent); the others are dropped and logged (a mapped query-string value may hold a
    decoded CR/LF; guess: AWS never answers one)."""
    if _all_safe(headers):
        return headers  # the common case: nothing to drop, no copy
    safe = HTTPHeaderDict()
    for name, value in headers.items():
        if _UNSAFE_LINE.search(name) or _UNSAFE_LINE.search(str(value)) or not name.strip():
            log.append(f"Dropped response header {name!r}: its name or value holds a line break")
            continue
        safe.add(name, value)
    return safe


def _all_safe(headers: HTTPHeaderDict) -> bool:
    """Whether no line can end a header line: no CR, LF or NUL in any name or value, and no name
    blank. All names and values go in one text (\x01, neither whitespace nor unsafe, between
    them) searched by ``in`` (memchr-fast), read from the table urllib3 2 keeps (lower-case name
    -> ``[name, *values]``; the lower-case names are blank alike) when it has one. False sends
    the caller to the exact pass, which decides (a name holding \x01 may look blank here)."""
    table = getattr(headers, "_container", None)
    if type(table) is dict:
        if len(table) <= 4:  # most answers: a few lines, looked at one by one
            for low, entry in table.items():
                if not low.strip() or "\x01" in low:
                    return False
                for text in entry:
                    text = text if type(text) is str else str(text)  # as it will be sent
                    if "\r" in text or "\n" in text or "\x00" in text:
                        return False
            return True
        names = list(table)
        texts = list(chain.from_iterable(table.values()))
    else:
        lines = header_lines(headers)
        names = [name for name, _ in lines]
        texts = names + [value for _, value in lines]
    if not names:
        return True
    try:
        text = "\x01".join(texts)
    except TypeError:  # a value that is not text: as it will be sent
        text = "\x01".join(map(str, texts))
    return not ("\r" in text or "\n" in text or "\x00" in text or _BLANK_NAME.search("\x01".join(names)))


_last_date: tuple[int, str] = (-1, "")


def http_date() -> str:
    """The ``Date`` header's text, formatted once per second rather than once per answer."""
    global _last_date  # noqa: PLW0603 - a one-entry cache; a race only formats twice
    now = int(time.time())
    if _last_date[0] != now:
        _last_date = (now, formatdate(now, usegmt=True))
    return _last_date[1]



class Response:
    """What a deployed API answered."""

    __slots__ = ("_log", "body", "error", "headers", "status")

    def __init__(self, status: int, headers: HeaderSource = None, body: bytes = b"", *,
                 log: list[str] | Lines | None = None, error: BaseException | None = None) -> None:
        self.status = status
        self.headers = header_dict(headers)
        self.body = body
        # Diagnostics for the test author, never sent on the wire: the execution log (formatted
        # when first read) and the exception of the integration, Lambda function or authorizer
        # that caused a 5xx.
        self._log = log
        self.error = error

    @classmethod
    def taking(cls, status: int, headers: HTTPHeaderDict, body: bytes, log: list[str] | Lines,
               error: BaseException | None = None) -> Response:
        """A response that keeps ``headers`` itself, not a copy: for a pipeline that made them for
        this answer alone."""
        response = cls.__new__(cls)
        response.status, response.headers, response.body = status, headers, body
        response._log, response.error = log, error
        return response

    @property
    def log(self) -> list[str]:
        """The execution log lines (the same list on every read: appending to it is kept)."""
        log = self._log
        if log is None:
            log = self._log = []
        return log if type(log) is list else log.read()  # type: ignore[union-attr]

    @log.setter
    def log(self, lines: list[str] | Lines) -> None:
        self._log = lines

    @property
    def log_lines(self) -> list[str] | Lines:
        """The log as kept: a ``Lines`` not yet formatted, or the list (for records that format it later)."""
        if self._log is None:
            self._log = []
        return self._log

    def __repr__(self) -> str:
        return f"Response(status={self.status}, headers={dict(self.headers)!r}, body={self.body[:200]!r})"

    def __eq__(self, other: object) -> bool:
        if not isinstance(other, Response):
            return NotImplemented
        return (self.status, list(self.headers.items()), self.body) == (
            other.status, list(other.headers.items()), other.body)

    __hash__ = None  # type: ignore[assignment]

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)
