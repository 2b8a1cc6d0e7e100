"""An HTTP API (v2) request as API Gateway sees it, and route selection.

``V2Request`` carries everything the later stages need (stage, route, path
parameters, authorizer output, ids and times). ``select_route`` picks the route of
a request among the API's routes, in AWS's documented order of priority:

1. a full match of method and path (``GET /pets/{id}``), where a literal segment
   beats a path variable at the same level (``/pets/dog`` before ``/pets/{id}``) and a
   route of the request's method beats ``ANY`` (the last two: guesses, after AWS's
   "most-specific match" wording);
2. a greedy route (``/pets/{proxy+}``): the longest literal prefix wins; the greedy
   variable needs at least one segment, so ``/pets/{proxy+}`` does not match ``/pets``
   (guess, after REST APIs);
3. the ``$default`` route.

``RouteTable`` gives ``select_route``'s answer from a deployment's routes parsed once (literal routes
by method and path, the others by number of segments), so a request reads only routes that may match.

Guesses: a trailing slash is ignored (``/pets/`` matches ``GET /pets``); matching is
case-sensitive. Header names are lowercased (HTTP APIs speak HTTP/2 to integrations);
repeated query parameters keep every value.

Percent-encoded paths (``decode_path``). HTTP APIs hand integrations the path decoded
(AWS routes guide: "API Gateway decodes URL-encoded request parameters before passing
them to your backend integration"; honojs/hono#2156: ``/RSC/%40id%2Fassets%2Frsf0.js%23save.txt``
arrives as rawPath ``/RSC/@id/assets/rsf0.js#save.txt``; fastify/aws-lambda-fastify#169:
``/a%2Fb`` arrives as ``/a/b``; middleapi/standard-server#93: "for payload format 1.0
``path`` and 2.0 ``rawPath`` alike"), while ``rawQueryString`` stays as sent. Live
captures of an HTTP API (hotsock/voker, ``vokerhttp/testdata/ingress-paths.json``, us-west-2,
July 2026) show how: ``%20`` -> space, ``%2F`` -> ``/``, ``%23`` -> ``#``, UTF-8 decoded;
``question%3Fvalue`` -> ``question`` (a ``?`` from the first decoding ends the path);
``literal%252Fvalue`` -> ``literal/value``, ``literal%253Fvalue`` -> ``literal?value`` and
``literal%2525value`` -> ``literal%value`` (decoded a second time, that ``?`` kept); and
``percent%25done`` is refused with a 400 (its second decoding meets ``%do``). So:

1. the path is decoded once and cut at the first ``?``; routes match that path, so
   ``%2F`` separates segments (a user report, StackOverflow "How to encode parameters for
   AWS API Gateway (HTTP API)?": ``/a%2Fb/thing`` does not match ``/{example}/thing``);
2. it is decoded a second time for ``rawPath``, ``requestContext.http.path`` and 1.0's
   ``path``/``requestContext.path``, and each path parameter is its segment decoded a
   second time (``/a%252Fb/thing`` gives ``example`` = ``a/b``), so the route's template
   filled with the parameters gives the event's path back;
3. a ``%`` that starts no ``%XX`` escape, in either decoding, is a 400
   ``{"message":"Bad Request"}`` (guess for the body; the status is the capture's).

Guesses where no capture shows AWS: bytes that are not UTF-8 (``%FF``) become U+FFFD (what
Java's and Python's decoders do); ``%00`` and other control characters are kept as
characters (the events are JSON, which carries them; an HTTP_PROXY integration re-encodes
what it puts in a URL); ``+`` stays ``+`` (a path is not a form). A path without ``%`` is
never touched, so the usual request pays one ``in`` test.
"""

from __future__ import annotations

import base64
import json
import re
import time
from collections.abc import Iterable, Mapping, Sequence
from typing import Any, cast
from urllib.parse import parse_qsl, unquote

from urllib3 import HTTPHeaderDict

from gwmock.arns import execute_api_host
from gwmock.runtime.randomness import random_bytes
from gwmock.runtime.response import Response

JSON = "application/json"


def respond(status: int, headers: Any, body: bytes) -> Response:
    """A Response whose headers may be a urllib3 ``HTTPHeaderDict`` (several ``set-cookie``
    values); ``Response.headers`` is typed as a plain dict. An ``HTTPHeaderDict`` is taken as
    it is, not copied: every caller hands over one it has just built."""
    if isinstance(headers, HTTPHeaderDict):
        response = Response(status, None, body)
        response.headers = headers
        return response
    return Response(status, cast("dict[str, str]", headers), body)


_ERROR_BODIES: dict[str, bytes] = {}


def error(status: int, message: str, request_id: str = "") -> Response:
    """API Gateway's own JSON answer, as HTTP APIs write it."""
    headers = {"content-type": JSON}
    if request_id:
        headers["apigw-requestid"] = request_id
    body = _ERROR_BODIES.get(message)
    if body is None:
        body = json.dumps({"message": message}, separators=(",", ":")).encode()
        if len(_ERROR_BODIES) < 64:
            _ERROR_BODIES[message] = body
    return Response(status, headers, body)


_TRANSLATE = bytes.maketrans(b"+/", b"AB")


def new_request_id() -> str:
    """HTTP API request ids look like ``JKJaXmPLvHcESHA=`` (16 base64 characters)."""
    return _request_id(random_bytes(11))


def _request_id(drawn: bytes) -> str:
    return base64.b64encode(drawn).translate(_TRANSLATE).decode()


_last_time_text: tuple[int, str] = (-1, "")


def _time_text(epoch_ms: int) -> str:
    """``$context.requestTime`` (``04/Dec/2026:19:03:03 +0000``), formatted once per second."""
    global _last_time_text  # noqa: PLW0603 - a one-entry cache; a race only formats twice
    second = epoch_ms // 1000
    if _last_time_text[0] != second:
        _last_time_text = (second, time.strftime("%d/%b/%Y:%H:%M:%S +0000", time.gmtime(second)))
    return _last_time_text[1]


_BAD_ESCAPE = re.compile(r"%(?![0-9A-Fa-f]{2})")


def _decoded_once(path: str) -> str | None:
    """``path`` with its ``%XX`` escapes decoded (UTF-8, U+FFFD for bytes that are not), or None
    when a ``%`` starts no escape."""
    if _BAD_ESCAPE.search(path) is not None:
        return None
    return unquote(path)


def decode_path(path: str) -> tuple[str, str] | None:
    """(the path routes match, the path integrations see) of a path holding ``%``, or None when
    API Gateway refuses it (400); see the module's docstring."""
    once = _decoded_once(path)
    if once is None:
        return None
    once = once.partition("?")[0] or "/"
    twice = _decoded_once(once) if "%" in once else once
    return None if twice is None else (once, twice)


class V2Request:
    """One request on its way through the pipeline; ids and times are made when it arrives."""

    __slots__ = ("_sent_path", "account", "api", "api_id", "authorizer", "body", "client_cert", "domain_name",
                 "domain_path", "domain_prefix", "epoch_ms", "headers", "method",
                 "path", "path_params", "query", "query_string", "raw_path", "region", "request_id", "route",
                 "route_key", "route_path", "stage", "stage_name", "trace_id")

    def __init__(self, api: dict[str, Any], account: str, region: str, stage_name: str, stage: dict[str, Any],
                 method: str, raw_path: str, path: str, query_string: str, query: dict[str, list[str]],
                 headers: dict[str, list[str]], body: bytes, route: dict[str, Any] | None = None,
                 route_key: str = "$default", route_path: str = "", path_params: dict[str, str] | None = None,
                 authorizer: dict[str, Any] | None = None, request_id: str | None = None,
                 epoch_ms: int | None = None, trace_id: str | None = None) -> None:
        self.api = api
        self.api_id = str(api["ApiId"])
        self.account = account
        self.region = region
        self.stage_name = stage_name
        self.stage = stage
        self.method = method
        self.raw_path = raw_path  # as called (decoded), with the stage segment of a named stage
        self.path = path  # without the stage segment, what routes match
        self.query_string = query_string
        self.query = query
        self.headers = headers
        self.body = body
        self.route = route
        self.route_key = route_key
        self.route_path = route_path
        self.path_params = {} if path_params is None else path_params
        self.authorizer = authorizer  # {"jwt": ...} / {"lambda": ...} / {"iam": ...}
        drawn = random_bytes(23)  # the request id's 11 bytes and the trace id's 12, in one draw
        self.request_id = _request_id(drawn[:11]) if request_id is None else request_id
        now = time.time()
        self.epoch_ms = int(now * 1000) if epoch_ms is None else epoch_ms
        self.trace_id = f"Root=1-{int(now):08x}-{drawn[11:].hex()}" if trace_id is None else trace_id
        # every request reads it (the Host header API Gateway adds, the event): an attribute, not a property
        self.domain_name = execute_api_host(self.api_id, region)
        self.domain_prefix = self.api_id
        self.domain_path: str | None = None  # a custom domain's URL path as called (payload 1.0's path)
        self.client_cert: Any = None  # what a mutual TLS domain admitted (``mtls.ClientCert``), for the events

    def copy(self) -> V2Request:
        """A shallow copy (same ids and times) whose attributes can be replaced without touching this one."""
        twin = object.__new__(V2Request)
        for name in V2Request.__slots__:
            if hasattr(self, name):
                setattr(twin, name, getattr(self, name))
        return twin

    @property
    def sent_path(self) -> str:
        """``raw_path`` as the client sent it (percent-encoded): set only when the path was
        decoded, so the usual request does not pay for it."""
        sent: str | None = getattr(self, "_sent_path", None)
        return self.raw_path if sent is None else sent

    @sent_path.setter
    def sent_path(self, value: str) -> None:
        self._sent_path = value

    @property
    def stage_variables(self) -> dict[str, str]:
        """A copy: an event carrying it must not reach the stored stage."""
        return dict(self.stage.get("StageVariables") or {})

    def header(self, name: str) -> str | None:
        values = self.headers.get(name.lower())
        return ",".join(values) if values else None

    @property
    def source_ip(self) -> str:
        forwarded = self.header("x-forwarded-for")
        return forwarded.split(",")[0].strip() if forwarded else "127.0.0.1"

    @property
    def user_agent(self) -> str:
        return self.header("user-agent") or ""

    @property
    def time_text(self) -> str:
        return _time_text(self.epoch_ms)

    def context_variable(self, name: str) -> str | None:
        """``$context.<name>`` for the variables parameter mappings and identity sources use."""
        simple = {
            "accountId": self.account, "apiId": self.api_id, "domainName": self.domain_name,
            "domainPrefix": self.domain_prefix, "httpMethod": self.method, "path": self.raw_path,
            "protocol": "HTTP/1.1", "requestId": self.request_id, "requestTime": self.time_text,
            "requestTimeEpoch": str(self.epoch_ms), "routeKey": self.route_key, "stage": self.stage_name,
            "identity.sourceIp": self.source_ip, "identity.userAgent": self.user_agent,
        }
        if name in simple:
            return simple[name]
        if name.startswith("authorizer.") and self.authorizer:
            rest = name[len("authorizer."):]
            if rest.startswith("claims.") and "jwt" in self.authorizer:
                return _text(self.authorizer["jwt"]["claims"].get(rest[7:]))
            found = (self.authorizer.get("lambda") or {}).get(rest)
            return _text(found)
        return None


def _text(value: Any) -> str | None:
    if value is None:
        return None
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def parse_query(query: str) -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for name, value in parse_qsl(query, keep_blank_values=True):
        out.setdefault(name, []).append(value)
    return out


def parse_headers(headers: Mapping[str, Any]) -> dict[str, list[str]]:
    """Header values by lowercased name; bytes are read as Latin-1, other values as text, a list
    (repeated header lines) value by value."""
    out: dict[str, list[str]] = {}
    for name, value in headers.items():
        if type(name) is not str and isinstance(name, bytes):
            name = name.decode("latin-1")
        if type(value) is list:  # repeated lines of one name
            out.setdefault(name.lower(), []).extend(
                item.decode("latin-1") if isinstance(item, bytes) else str(item) for item in value)
            continue
        if type(value) is not str:
            value = value.decode("latin-1") if isinstance(value, bytes) else str(value)
        key = name.lower()
        values = out.get(key)
        if values is None:
            out[key] = [value]
        else:
            values.append(value)
    return out


# --- route selection --------------------------------------------------------------------


def _split(path: str) -> list[str]:
    path = path.strip("/")
    return path.split("/") if path else []


def _parse_key(route_key: str) -> tuple[str, list[str]] | None:
    method, _, path = route_key.partition(" ")
    if not path:
        return None
    return method.upper(), _split(path)


def _match(segments: list[str], request: Sequence[str]) -> tuple[tuple[Any, ...], dict[str, str]] | None:
    """(rank, path parameters) when a route's segments match the request's; lower ranks win."""
    params: dict[str, str] = {}
    literal: list[int] = []
    greedy = _is_greedy(segments)
    fixed = segments[:-1] if greedy else segments
    if greedy and len(request) <= len(fixed):
        return None
    if not greedy and len(request) != len(fixed):
        return None
    for mine, theirs in zip(fixed, request):
        if mine.startswith("{") and mine.endswith("}"):
            if theirs == "":
                return None
            params[mine[1:-1]] = unquote(theirs)
            literal.append(1)
        elif mine == theirs:
            literal.append(0)
        else:
            return None
    if greedy:
        params[segments[-1][1:-2]] = unquote("/".join(request[len(fixed):]))
        return (1, -len(fixed), literal), params
    return (0, 0, literal), params


_Parsed = tuple[dict[str, Any], str, list[str]]  # a route, its method and path segments


class RouteTable:
    """A deployment's routes compiled once per snapshot: routes without path parameters by
    ``(method, segments)`` (an exact literal match ranks first, a method before ``ANY``), the
    others parsed once, those without a greedy variable by their number of segments (only those
    of the request's number can match it fully), ranked as ``select_route`` ranks them."""

    def __init__(self, routes: list[dict[str, Any]]) -> None:
        self.literal: dict[tuple[str, tuple[str, ...]], dict[str, Any]] = {}
        self.by_length: dict[int, list[_Parsed]] = {}
        self.greedy: list[_Parsed] = []
        self.default: dict[str, Any] | None = None
        for route in routes:
            key = route.get("RouteKey", "")
            if key == "$default":
                self.default = route
                continue
            parsed = _parse_key(key)
            if parsed is None:
                continue
            method, segments = parsed
            if not any(s.startswith("{") and s.endswith("}") for s in segments):
                self.literal.setdefault((method, tuple(segments)), route)
            elif _is_greedy(segments):
                self.greedy.append((route, method, segments))
            else:
                self.by_length.setdefault(len(segments), []).append((route, method, segments))

    def select(self, method: str, path: str) -> tuple[dict[str, Any], dict[str, str]] | None:
        stripped = path.strip("/")  # _split(path), without its call
        segments = tuple(stripped.split("/")) if stripped else ()
        route = self.literal.get((method, segments)) or self.literal.get(("ANY", segments))
        if route is not None:
            return route, {}
        bucket = self.by_length.get(len(segments))
        chosen = _best(bucket, method, segments) if bucket else None
        if chosen is None and self.greedy:  # a full match outranks every greedy one
            chosen = _best(self.greedy, method, segments)
        if chosen is not None:
            return chosen
        return (self.default, {}) if self.default is not None else None


def _is_greedy(segments: list[str]) -> bool:
    return bool(segments) and segments[-1].startswith("{") and segments[-1].endswith("+}")


def _best(candidates: Iterable[_Parsed], method: str,
          request: Sequence[str]) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The best-ranked of ``candidates`` (``_Parsed``) matching ``method`` and ``request``'s segments."""
    best: tuple[Any, ...] | None = None
    chosen: tuple[dict[str, Any], dict[str, str]] | None = None
    for route, route_method, segments in candidates:
        if route_method != method and route_method != "ANY":
            continue
        found = _match(segments, request)
        if found is None:
            continue
        rank = (*found[0], 1 if route_method == "ANY" else 0)
        if best is None or rank < best:
            best, chosen = rank, (route, found[1])
    return chosen


def select_route(routes: list[dict[str, Any]], method: str, path: str) -> tuple[dict[str, Any], dict[str, str]] | None:
    """The route of a request among ``routes``, every route parsed and ranked (``RouteTable.select``
    gives the same answer from a table made once)."""
    candidates: list[_Parsed] = []
    default = None
    for route in routes:
        key = route.get("RouteKey", "")
        if key == "$default":
            default = route
            continue
        parsed = _parse_key(key)
        if parsed is not None:
            candidates.append((route, *parsed))
    chosen = _best(candidates, method, _split(path))
    if chosen is not None:
        return chosen
    if default is not None:
        return default, {}
    return None
