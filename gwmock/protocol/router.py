"""Request routing from the ``http.requestUri`` templates of botocore's models.

The table is compiled once per service: templates are grouped by HTTP method
and segment count, then tried with literal segments first, so a request costs a
dict lookup and a few tuple comparisons. A template's own query string (v1's
``/restapis?mode=import``) is a required query parameter. Tests send the same
request lines again and again, so the last few thousand answers are kept (paths of
up to 512 characters: a server client cannot make the cache large).
"""

from __future__ import annotations

import functools
from typing import NamedTuple
from urllib.parse import unquote

from gwmock.protocol.models import service_model


class Route(NamedTuple):
    operation: str
    segments: tuple[str | None, ...]  # literal segment, or None for a label
    labels: tuple[tuple[int, str], ...]  # (segment index, label name)
    greedy: str | None  # name of a trailing greedy label
    required_query: tuple[tuple[str, str], ...]


def _compile(operation: str, uri: str) -> Route:
    path, _, qs = uri.partition("?")
    required = tuple((p.split("=", 1)[0], p.split("=", 1)[1]) for p in qs.split("&") if p)
    segments: list[str | None] = []
    labels: list[tuple[int, str]] = []
    greedy = None
    for i, seg in enumerate(path.strip("/").split("/") if path.strip("/") else []):
        if seg.startswith("{") and seg.endswith("}"):
            name = seg[1:-1]
            if name.endswith("+"):
                greedy = name[:-1]
                break
            labels.append((i, name))
            segments.append(None)
        else:
            segments.append(seg)
    return Route(operation, tuple(segments), tuple(labels), greedy, required)


@functools.cache
def _table(service: str) -> dict[tuple[str, int], list[Route]]:
    model = service_model(service)
    table: dict[tuple[str, int], list[Route]] = {}
    for name in model.operation_names:
        http = model.operation_model(name).http
        r = _compile(name, http["requestUri"])
        key = (http["method"], -1 if r.greedy else len(r.segments))
        table.setdefault(key, []).append(r)
    for routes in table.values():
        # Most literal segments first, then routes that demand a query parameter.
        routes.sort(key=lambda r: (-sum(s is not None for s in r.segments), -len(r.required_query)))
    return table


_CACHE_SIZE = 4096
_CACHED_PATH = 512


class _Router:
    """One service's table, and the routes of requests seen recently (tests repeat paths)."""

    def __init__(self, service: str) -> None:
        self.table = _table(service)
        # The only query parameters that can change which operation a path is (v1's ``mode``).
        self.query_keys = tuple(sorted({k for routes in self.table.values() for r in routes
                                        for k, _ in r.required_query}))
        self.seen: dict[tuple[object, ...], tuple[str, dict[str, str]] | None] = {}


@functools.cache
def _router(service: str) -> _Router:
    return _Router(service)


def route(service: str, method: str, path: str, query: dict[str, list[str]]) -> tuple[str, dict[str, str]] | None:
    """Match a request; returns ``(operation name, {label: unquoted value})`` or None.

    The labels dict may be shared with later calls for the same request line: read it, never change it.
    """
    router = _router(service)
    key: tuple[object, ...] = (method, path)
    if query and router.query_keys:
        for k in router.query_keys:  # a loop, not a generator: no frame per call
            key += (tuple(query.get(k, ())),)
    found = router.seen.get(key, _MISSING)
    if found is _MISSING:
        found = _match(router.table, method, path, query)
        if len(path) <= _CACHED_PATH:  # bounded memory whatever a server client sends
            if len(router.seen) >= _CACHE_SIZE:
                router.seen.clear()
            router.seen[key] = found
    return found  # type: ignore[return-value]


_MISSING = object()


def _match(table: dict[tuple[str, int], list[Route]], method: str, path: str,
           query: dict[str, list[str]]) -> tuple[str, dict[str, str]] | None:
    # One frame (no helper, generator or comprehension): a request line the cache has not seen
    # (a new resource's PutMethod) comes here.
    stripped = path.strip("/")
    parts = stripped.split("/") if stripped else []
    for route_ in table.get((method, len(parts)), ()):
        for seg, part in zip(route_.segments, parts):
            if seg is not None and seg != part:
                break
        else:
            if route_.required_query and not _query_matches(route_, query):
                continue
            labels = {}
            for i, name in route_.labels:
                part = parts[i]
                labels[name] = unquote(part) if "%" in part else part
            return route_.operation, labels
    for route_ in table.get((method, -1), ()):  # greedy labels take the rest of the path
        n = len(route_.segments)
        if len(parts) > n and _matches(route_, parts[:n], query):
            labels = {name: unquote(parts[i]) for i, name in route_.labels}
            labels[route_.greedy] = unquote("/".join(parts[n:]))  # type: ignore[index]
            return route_.operation, labels
    return None


def _query_matches(r: Route, query: dict[str, list[str]]) -> bool:
    return all(query.get(k) == [v] for k, v in r.required_query)


def _matches(r: Route, parts: list[str], query: dict[str, list[str]]) -> bool:
    for seg, part in zip(r.segments, parts):
        if seg is not None and seg != part:
            return False
    return _query_matches(r, query)
