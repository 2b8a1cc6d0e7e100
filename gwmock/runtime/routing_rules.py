"""Routing rules of a custom domain name on the data plane: which rule a request matches.

Pure functions over the records ``apigatewayv2/routing_rules.py`` stores; ``hosts.map_custom_domain``
calls ``route`` only for a domain whose ``routingMode`` names rules (``RULE_MODES``), so the default
mode and execute-api hosts never read a rule.

Behaviours (AWS developer guide: "Routing rules to connect API stages to a custom domain name for
REST APIs", its "Examples of how API Gateway evaluates routing rules", and "Set the routing mode for
your custom domain name"):

* Modes, in the domain record's v1 names: ``BASE_PATH_MAPPING_ONLY`` (v2 ``API_MAPPING_ONLY``, the
  default) ignores rules; ``ROUTING_RULE_ONLY`` uses rules only, its API mappings are not used;
  ``ROUTING_RULE_THEN_BASE_PATH_MAPPING`` (v2 ``ROUTING_RULE_THEN_API_MAPPING``) evaluates every rule
  before any mapping, and falls back to the mappings when none matches.
* Rules are tried by ascending ``Priority``; the first whose conditions all hold wins, and no later
  rule is looked at. A rule without conditions matches every request (the guide's catch-all).
* ``MatchHeaders``: any one of its ``AnyOf`` entries holds; two such conditions must both hold.
  Header names are case insensitive as HTTP's are, in ASCII only (Unicode's ``lower`` reads U+212A
  KELVIN SIGN as ``k``, yet ``x-<U+212A>ey`` is no ``x-key``). ``ValueGlob`` is case sensitive and
  matched against the whole value of each header line: ``*`` (any value), ``prefix*``, ``*suffix``,
  ``*infix*``, else equality.
  A header sent twice matches when either line does; a comma-joined line is one value (the guide's
  ``Accept: *json`` table). ``Host`` is the ``Host`` sent, else the URL's host (the guide's example 4,
  a wildcard domain routed by ``Host``).
* ``MatchBasePaths``: case sensitive; ``StripBasePath`` true gives the API the path below the matched
  base path ("the same behavior as when you use an API mapping"), false the whole path; the query
  string is kept either way (the guide's strip table).
* A REST stage's access log names the rule that matched (``$context.customDomain.routingRuleIdMatched``,
  ``-`` when an API mapping or the execute-api host served the request).
* No rule matching in ``ROUTING_RULE_ONLY`` mode (or in the other rule mode, with no mapping either)
  is a 403 Forbidden (the guide's example 3); ``hosts``/``runtime`` answer it as for an unmapped path.

Guesses: a base path matches whole leading path segments, as an API mapping does (the guide says the
path "contains" it; every example is a leading path), compared percent-decoded, and leading or
trailing slashes of the condition are ignored (example 2 writes ``/refunds``); among several
``AnyOf`` base paths the longest matching one is stripped; ``*`` inside a glob and ``?`` are literal
characters (AWS refuses a ``*`` in the middle; ``?`` is only named as an allowed character); blanks
around a header value are not part of it; the 403's body is ``{"message":"Forbidden"}``; a rule whose
action names no API is skipped.

Cost: every glob is a ``startswith``/``endswith``/``in``/``==`` on strings (linear in CPython, no
regular expression), a request's header lines and path segments are worked out once and only when a
rule asks, so a request costs the size of the domain's rules plus its own headers and path.
"""

from __future__ import annotations

import string
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any
from urllib.parse import unquote

__all__ = ["RULES_ONLY", "RULE_MODES", "Routed", "glob_matches", "route"]

RULES_ONLY = "ROUTING_RULE_ONLY"
# the domain record's v1 names of the two modes that read rules (``domains.V1_TO_V2_ROUTING``)
RULE_MODES = frozenset({RULES_ONLY, "ROUTING_RULE_THEN_BASE_PATH_MAPPING"})
_LAST = 1 << 62  # where a rule without a usable priority sorts (never stored by the control plane)
_Headers = Mapping[str, Any]
_ASCII_LOWER = str.maketrans(string.ascii_uppercase, string.ascii_lowercase)


@dataclass(frozen=True)
class Routed:
    """What the matched rule's ``InvokeApi`` action names, and the path the API is given."""

    rule_id: str
    api_id: str
    stage: str
    path: str


def route(rules: Iterable[dict[str, Any]], path: str, headers: _Headers | None, host: str) -> Routed | None:
    """The first rule (by ascending priority) matching a request to ``host`` with URL ``path``."""
    request = _Request(path, headers, host)
    for rule in sorted(rules, key=_priority):
        depth = _matched_depth(rule, request)
        if depth is not None:
            routed = _action(rule, request, depth)
            if routed is not None:
                return routed
    return None


def glob_matches(glob: str, value: str) -> bool:
    """AWS's header value glob: ``*``, ``prefix*``, ``*suffix``, ``*infix*`` or an exact value."""
    head, tail = glob.startswith("*"), glob.endswith("*")
    if head and tail:
        return len(glob) == 1 or glob[1:-1] in value
    if head:
        return value.endswith(glob[1:])
    if tail:
        return value.startswith(glob[:-1])
    return value == glob


# --- one request, read once --------------------------------------------------------------------


class _Request:
    """The parts of a request rules look at, each worked out on first use."""

    __slots__ = ("_headers", "_host", "_lines", "_segments", "path")

    def __init__(self, path: str, headers: _Headers | None, host: str) -> None:
        self.path = path or "/"
        self._headers, self._host = headers, host
        self._lines: dict[str, list[str]] | None = None
        self._segments: list[str] | None = None

    def lines(self, name: str) -> list[str]:
        """The values of the header ``name`` (lower case), one per header line."""
        if self._lines is None:
            self._lines = _header_lines(self._headers, self._host)
        return self._lines.get(name) or []

    def segments(self) -> list[str]:
        """The path's segments, percent-decoded (``/a/b`` -> ``["a", "b"]``)."""
        if self._segments is None:
            self._segments = [unquote(s) for s in self.path.split("/")[1:]]
        return self._segments


def _header_lines(headers: _Headers | None, host: str) -> dict[str, list[str]]:
    lines: dict[str, list[str]] = {}
    for name, value in (headers or {}).items():
        values = lines.setdefault(_fold(_text(name)), [])
        for one in value if isinstance(value, list | tuple) else (value,):
            values.append(_text(one).strip(" \t"))
    if not lines.get("host") and host:
        lines["host"] = [host]
    return lines


def _fold(name: str) -> str:
    """A header name in HTTP's case-insensitive form: only ASCII letters fold."""
    return name.lower() if name.isascii() else name.translate(_ASCII_LOWER)


def _text(value: Any) -> str:
    return value.decode("latin-1") if isinstance(value, bytes) else "" if value is None else str(value)


# --- one rule -----------------------------------------------------------------------------------


def _priority(rule: dict[str, Any]) -> int:
    priority = rule.get("Priority")
    return priority if type(priority) is int else _LAST


def _matched_depth(rule: dict[str, Any], request: _Request) -> int | None:
    """None when a condition of ``rule`` fails, else how many path segments its base path matched."""
    conditions = rule.get("Conditions") or []
    if not isinstance(conditions, list):
        return None
    depth = 0
    for condition in conditions:
        if not isinstance(condition, dict):
            return None
        headers = condition.get("MatchHeaders")
        if headers is not None and not _headers_match(headers, request):
            return None
        paths = condition.get("MatchBasePaths")
        if paths is not None:
            matched = _base_path_depth(paths, request)
            if matched is None:
                return None
            depth = max(depth, matched)
    return depth


def _any_of(condition: Any) -> list[Any]:
    entries = condition.get("AnyOf") if isinstance(condition, dict) else None
    return entries if isinstance(entries, list) else []


def _headers_match(condition: Any, request: _Request) -> bool:
    for entry in _any_of(condition):
        name = entry.get("Header") if isinstance(entry, dict) else None
        glob = entry.get("ValueGlob") if isinstance(entry, dict) else None
        if isinstance(name, str) and isinstance(glob, str) \
                and any(glob_matches(glob, value) for value in request.lines(_fold(name))):
            return True
    return False


def _base_path_depth(condition: Any, request: _Request) -> int | None:
    """The number of segments of the longest ``AnyOf`` base path leading the path, None for none."""
    segments = request.segments()
    best: int | None = None
    for base in _any_of(condition):
        if not isinstance(base, str):
            continue
        trimmed = base.strip("/")
        parts = trimmed.split("/") if trimmed else []
        size = len(parts)
        if size <= len(segments) and (best is None or size > best) and segments[:size] == parts:
            best = size
    return best


def _action(rule: dict[str, Any], request: _Request, depth: int) -> Routed | None:
    actions = rule.get("Actions")
    first = actions[0] if isinstance(actions, list) and actions else None
    invoke = first.get("InvokeApi") if isinstance(first, dict) else None
    if not isinstance(invoke, dict):
        return None
    api_id, stage = invoke.get("ApiId"), invoke.get("Stage")
    if not isinstance(api_id, str) or not isinstance(stage, str) or not api_id or not stage:
        return None
    path = request.path
    if depth and invoke.get("StripBasePath") is True:
        path = "/" + "/".join(path.split("/")[1 + depth:])
    return Routed(str(rule.get("RoutingRuleId") or ""), api_id, stage, path)
