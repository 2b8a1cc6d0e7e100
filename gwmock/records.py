"""What a mock saw: typed, immutable records for assertions in tests.

* ``Call``: one control-plane call answered by the mock (``gw.calls``), recorded by
  ``gwmock.dispatch`` on every call, so it stays a small slotted frozen dataclass.
  It is built positionally, ``Call(service, operation, params, status[, error_code])``.
* ``Request``: one data-plane request served from a deployed API (``gw.requests``),
  filled by the runtime, with what a test needs to explain a failure: the execution
  log lines, and the exception (with its traceback text) raised by an integration or
  a Lambda callable; and ``access_log``, the stage's access log line for the request (None
  when the stage has no access logging: ``gwmock.runtime.access_logs``). A request with a line
  is recorded as a ``Request`` subclass holding that text (``logged_request``), so a request
  to a stage without access logging is recorded exactly as before, at no cost.
"""

from __future__ import annotations

import marshal
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import FrozenInstanceError, dataclass
from typing import Any

from urllib3 import HTTPHeaderDict

from gwmock.history import History


@dataclass(frozen=True, slots=True)
class Call:
    """One call the mock answered, e.g. ``Call("apigateway", "CreateRestApi", {...}, 201)``."""

    service: str
    operation: str
    params: Mapping[str, Any]
    status: int
    error_code: str | None = None  # the ``x-amzn-ErrorType`` of a failed call

    @property
    def failed(self) -> bool:
        return self.status >= 300

    def __iter__(self) -> Iterator[Any]:
        """Unpacks like the 4-tuples of earlier releases: ``service, operation, params, status = call``."""
        return iter((self.service, self.operation, self.params, self.status))

    def __getitem__(self, index: int) -> Any:
        """Indexes like those 4-tuples (``call[1]`` is the operation); prefer the named fields."""
        return (self.service, self.operation, self.params, self.status)[index]


# A Call's slots' own setters (C calls): ``CallList.record`` builds a ``Call`` with them, without
# the frozen dataclass's ``__init__`` (five ``object.__setattr__`` calls through a Python frame),
# as every control-plane call is recorded.
_set_service, _set_operation, _set_params, _set_status, _set_error_code = (
    Call.__dict__[name].__set__ for name in ("service", "operation", "params", "status", "error_code"))
_new = object.__new__


class Request:
    """One request served by a deployed API (REST, HTTP or WebSocket) and what it answered.

    Immutable like ``Call``; ``log`` may be given as the runtime keeps it (lines not yet
    formatted: anything with ``read()``, or a list) and becomes a tuple on first read, so a
    request nobody inspects never formats its execution log.
    """

    __slots__ = ("_log", "_response_headers", "body", "error", "headers", "method", "response_body", "status",
                 "traceback", "url")
    __match_args__ = ("method", "url", "headers", "body", "status", "response_headers", "response_body", "log",
                      "error", "traceback", "access_log")

    method: str
    url: str
    headers: Mapping[str, str]
    body: bytes
    status: int
    response_body: bytes
    error: BaseException | None  # the integration's or Lambda's exception
    traceback: str | None
    _log: Any  # the lines as given; a tuple once read
    _response_headers: Any  # urllib3's table as tuples until read (``_frozen``), then the headers

    def __init__(self, method: str, url: str, headers: Mapping[str, str], body: bytes, status: int,
                 response_headers: Mapping[str, str] | None = None, response_body: bytes = b"",
                 log: Sequence[str] | Any = (), error: BaseException | None = None,
                 traceback: str | None = None) -> None:
        # through the slots' own setters (C calls): one request in every data-plane call is recorded
        _set_method(self, method)
        _set_url(self, url)
        _set_headers(self, headers)
        _set_body(self, body)
        _set_status_code(self, status)
        _set_response_headers(self, {} if response_headers is None else _frozen(response_headers))
        _set_response_body(self, response_body)
        _set_log(self, log)
        _set_error(self, error)
        _set_traceback(self, traceback)

    @property
    def response_headers(self) -> Mapping[str, str]:
        """The answer's headers (an ``HTTPHeaderDict`` where the runtime answered with one, so
        ``getlist`` gives repeated lines)."""
        headers = self._response_headers
        if type(headers) is tuple:
            headers = _thawed(headers)
            object.__setattr__(self, "_response_headers", headers)
        return headers  # type: ignore[no-any-return]

    @property
    def access_log(self) -> str | None:
        """The stage's access log line for this request; None when the stage has no access logging."""
        return None

    @property
    def log(self) -> tuple[str, ...]:
        """The execution log lines, as CloudWatch would hold them."""
        kept = self._log
        if type(kept) is tuple and not (kept and type(kept[0]) is int):
            return kept
        # formatted once: kept as ``Lines.kept`` gives it, or the runtime's own log object or list
        lines = log_lines(kept) if type(kept) is tuple else tuple(kept.read() if hasattr(kept, "read") else kept)
        object.__setattr__(self, "_log", lines)
        return lines

    def _values(self) -> tuple[Any, ...]:
        return tuple(getattr(self, name) for name in _FIELDS)

    def __setattr__(self, name: str, value: Any) -> None:
        raise FrozenInstanceError(f"cannot assign to field {name!r}")

    def __delattr__(self, name: str) -> None:
        raise FrozenInstanceError(f"cannot delete field {name!r}")

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        return self._values() == other._values()

    def __hash__(self) -> int:
        return hash(self._values())

    def __repr__(self) -> str:
        return "Request(" + ", ".join(f"{name}={getattr(self, name)!r}" for name in _FIELDS) + ")"


_FIELDS = Request.__match_args__
(_set_method, _set_url, _set_headers, _set_body, _set_status_code, _set_response_headers, _set_response_body,
 _set_log, _set_error, _set_traceback) = (Request.__dict__[name].__set__ for name in (
    "method", "url", "headers", "body", "status", "_response_headers", "response_body", "_log", "error", "traceback"))


class _LoggedRequest(Request):
    """A ``Request`` to a stage with access logging: the same fields and the line, kept as its text
    (which the garbage collector does not track)."""

    __slots__ = ("_access_log",)
    _access_log: str

    @property
    def access_log(self) -> str | None:
        return self._access_log


_set_access_log = _LoggedRequest.__dict__["_access_log"].__set__


def logged_request(access_log: str, *fields: Any) -> Request:
    """``Request(*fields)`` whose ``access_log`` is ``access_log``."""
    request = _LoggedRequest(*fields)
    _set_access_log(request, access_log)
    return request


def _frozen(headers: Mapping[str, str]) -> Any:
    """urllib3's header table as tuples of text until read: a request kept on ``gw.requests``
    otherwise leaves a list per header line for the garbage collector to walk in every full
    collection while the mock lives; tuples of text it stops tracking once it has seen them."""
    table = getattr(headers, "_container", None)
    if type(headers) is HTTPHeaderDict and type(table) is dict:
        return tuple(map(tuple, table.values()))  # each: (first spelling, *values)
    return headers


def _thawed(lines: tuple[tuple[str, ...], ...]) -> HTTPHeaderDict:
    headers = HTTPHeaderDict()
    headers._container = {line[0].lower(): list(line) for line in lines}  # the table as it was
    return headers


_LOG_FORMATS: list[Callable[[tuple[Any, ...]], str]] = []  # by the number a kept log starts with


def register_log_format(format_fact: Callable[[tuple[Any, ...]], str]) -> int:
    """The number a kept log (``gwmock.runtime.response.Lines.kept``) names ``format_fact`` by: a
    record then holds only plain values, where a reference to a function would keep it tracked."""
    _LOG_FORMATS.append(format_fact)
    return len(_LOG_FORMATS) - 1


def log_lines(kept: tuple[Any, ...]) -> tuple[str, ...]:
    """The lines of a log as a record keeps it: ``(format, facts)`` (facts as marshal bytes or a
    tuple), each fact a ready line or what ``_LOG_FORMATS[format]`` makes one of; any other tuple
    is the lines themselves."""
    if not kept or type(kept[0]) is not int:
        return kept
    format_fact, facts = _LOG_FORMATS[kept[0]], kept[1]
    if type(facts) is bytes:
        facts = marshal.loads(facts)  # written by ``Lines.kept`` from the runtime's own facts
    return tuple(fact if type(fact) is str else format_fact(fact) for fact in facts)


class CallList(History[Call]):
    """``gw.calls``: a bounded list (``History``) of ``Call`` that also accepts the plain tuples
    older dispatchers append."""

    __slots__ = ()

    def append(self, item: Any) -> None:
        super().append(item if type(item) is Call else Call(*item))

    def record(self, service: str, operation: str, params: Mapping[str, Any], status: int,
               error_code: str | None) -> None:
        """Append ``Call(service, operation, params, status, error_code)``, built through its slots."""
        call = _new(Call)
        _set_service(call, service)
        _set_operation(call, operation)
        _set_params(call, params)
        _set_status(call, status)
        _set_error_code(call, error_code)
        list.append(self, call)  # ``History.append`` in this frame
        if self._slack is not None and len(self) > self._slack:
            self._trim()


__all__ = ["Call", "CallList", "Request"]
