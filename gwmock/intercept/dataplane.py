"""What every HTTP-client hook shares: decide by the target host, answer from the runtime.

A target host that is an execute-api host the runtime serves is answered by
``gwmock.runtime.call``; any other API Gateway host (control plane reached by a
plain HTTP client, a partition the runtime does not serve) is refused locally
with ``NetworkBlocked``; every other host passes through untouched.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Any

from gwmock.intercept import active_mock
from gwmock.intercept.hosts import blocked, is_guarded

ANSWER = "answer"
_runtime: Any = None  # gwmock.runtime once loaded


def _load_runtime() -> Any:
    """``gwmock.runtime``, imported on the first data-plane call and kept (an import statement
    in a function costs a look-up in the import system on every call)."""
    global _runtime  # noqa: PLW0603 - set once; a race only imports twice
    from gwmock import runtime  # noqa: PLC0415 - the data plane loads on its first call

    _runtime = runtime
    return runtime


def verdict(host: str | None, url: str, client: str) -> Any:
    """The active mock to answer ``url`` with, None to pass it through; raises when it must not leave.

    Served: execute-api hosts and the custom domain names of the active mock's state (a
    WebSocket back end's ``apigatewaymanagementapi`` client may use either).
    """
    mock = active_mock()
    if mock is None:
        return None
    runtime = _runtime or _load_runtime()
    if host and runtime.is_data_plane_host(mock, host):
        return mock
    if host and host[-1] == "." and runtime.is_data_plane_host(mock, host[:-1]):
        return mock  # the fully qualified name: ``call`` drops the root dot from the URL
    if not is_guarded(host):
        return None
    raise blocked(url, client)


def call(mock: Any, method: str, url: str, headers: Any, body: Any, cert_file: Any = None) -> Any:
    """The runtime's answer; ``cert_file``: the client certificate's path (a urllib3 pool's), passed on
    unread: only a custom domain with mutual TLS reads it (``gwmock.runtime.mtls``)."""
    runtime = _runtime or _load_runtime()
    end = url.find("/", url.find("//") + 2)
    authority = url if end < 0 else url[:end]
    if "?" in authority or "#" in authority:  # no path: the query or fragment ends the host
        authority = authority.partition("?")[0].partition("#")[0]
    if authority[-1:] == "." or ".:" in authority:  # a fully qualified host name (``verdict``)
        url = _without_root_dot(url, authority)
    if cert_file is None:
        return runtime.call(mock, method.upper(), url, plain_headers(headers), as_bytes(body))
    return runtime.call(mock, method.upper(), url, plain_headers(headers), as_bytes(body), cert_file=cert_file)


def _without_root_dot(url: str, authority: str) -> str:
    """``url`` naming its host without the root dot (``host.:443`` -> ``host:443``)."""
    start = authority.rfind("@") + 1  # the host, after any user information
    host = authority[start:]
    fixed = host[:-1] if host[-1:] == "." else host.replace(".:", ":", 1)
    return authority[:start] + fixed + url[len(authority):]


def plain_headers(headers: Any) -> dict[str, str | list[str]]:
    """The request's headers as a plain dict (names as sent, in order). requests' own
    ``CaseInsensitiveDict`` is read from its table (lower-case name -> (name, value)): ``dict()``
    of it calls two Python methods a header. urllib3's ``HTTPHeaderDict`` may hold a name on
    several lines (each sent as its own line): such a name's value is the list of them."""
    store = getattr(headers, "_store", None)
    if type(store) is OrderedDict and type(headers).__module__ == "requests.structures":
        return dict(store.values())
    if hasattr(headers, "iteritems"):
        return folded_lines(headers.iteritems())
    return dict(headers or {})


def folded_lines(lines: Iterable[tuple[str, str]]) -> dict[str, str | list[str]]:
    """Header lines by name: a name sent on several lines has the list of its values."""
    out: dict[str, str | list[str]] = {}
    for name, value in lines:
        known = out.get(name)
        if known is None:
            out[name] = value
        elif isinstance(known, list):
            known.append(value)
        else:
            out[name] = [known, value]
    return out


LIMIT = 10 * 1024 * 1024 + 1  # one byte past API Gateway's 10 MB payload: enough for its 413


def as_bytes(body: Any) -> bytes | None:
    """The request body as bytes; a file or an iterable (a chunked upload) is read up to ``LIMIT``
    only, so an endless generator ends in the gateway's 413 rather than a hang."""
    if body is None or isinstance(body, bytes):
        return body
    if isinstance(body, str):
        return body.encode()
    if isinstance(body, (bytearray, memoryview)):
        return bytes(body)
    if hasattr(body, "read"):
        return as_bytes(body.read(LIMIT))
    parts, size = [], 0
    for part in body:
        data = part if isinstance(part, bytes) else bytes(part) if isinstance(part, (bytearray, memoryview)) \
            else str(part).encode()
        parts.append(data)
        size += len(data)
        if size >= LIMIT:
            break
    return b"".join(parts)[:LIMIT]


def header_pairs(headers: Any) -> Iterable[tuple[str, str]]:
    """Each header line, repeated ones (two ``Set-Cookie``) included: a urllib3 ``HTTPHeaderDict``
    or a plain dict."""
    if hasattr(headers, "iteritems"):
        return list(headers.iteritems())
    if hasattr(headers, "getall") or hasattr(headers, "get_all"):
        return list(headers.items())
    return [(key, value) for key, value in headers.items()]
