"""Data plane for urllib3, requests and botocore's own HTTP: ``HTTPConnectionPool.urlopen``.

The target host is the URL's when the URL is absolute (a plain-HTTP request through
a proxy: the pool's host is then the proxy's), else the pool's (a direct request,
or an HTTPS one tunnelled through a proxy).

The client certificate an HTTPS pool would present (its ``cert_file``, which
``requests.get(url, cert=(crt, key))`` and ``urllib3.PoolManager(cert_file=...)`` set) is passed
on as a path, never read here: only a custom domain with mutual TLS reads it
(``gwmock.runtime.mtls``), so an execute-api request pays one attribute read.
"""

from __future__ import annotations

import io
import sys
from collections.abc import Iterable
from http.client import HTTPMessage
from typing import Any

# imported with the module, not per request (an import statement costs a look-up in the import
# system on every call); urllib3 is loaded already: this hook replaces its pool's ``urlopen``
from urllib3.response import HTTPResponse

from gwmock.intercept.dataplane import call, header_pairs, verdict
from gwmock.intercept.hosts import host_of


def urlopen(self: Any, method: str, url: str, body: Any = None, headers: Any = None, *args: Any,
            **kwargs: Any) -> Any:
    if url.startswith(("http://", "https://")):
        host, full = host_of(url), url
    else:
        host = getattr(self, "host", None) or ""
        port = "" if self.port in (None, 80, 443) else f":{self.port}"
        full = f"{self.scheme}://{host}{port}{url}"
    mock = verdict(host, full, "urllib3")
    if mock is None:
        return sys.modules["gwmock.intercept"]._original_urlopen(self, method, url, body, headers, *args, **kwargs)
    answer = call(mock, method, full, headers, body, getattr(self, "cert_file", None))
    headers = answer.headers
    # The answer's headers were made for this answer alone (its record on ``gw.requests`` froze its
    # own copy): the client's response takes them as they are.
    # requests reads cookies from ``raw._original_response.msg``; an answer without cookies
    # needs none, as a canned urllib3 response has none (so requests skips its cookie jar).
    table = getattr(headers, "_container", None)
    cookies = ("set-cookie" in table or "set-cookie2" in table) if type(table) is dict else (
        "Set-Cookie" in headers or "Set-Cookie2" in headers)  # case-insensitive look-ups
    original = _Original(header_pairs(headers)) if cookies else None
    return HTTPResponse(
        body=io.BytesIO(answer.body), headers=headers, status=answer.status,
        preload_content=kwargs.get("preload_content", True), decode_content=False,
        request_method=method, request_url=full, enforce_content_length=False,
        original_response=original,  # type: ignore[arg-type]
    )


class _Original:
    """What requests reads cookies from (``response.raw._original_response.msg``)."""

    def __init__(self, pairs: Iterable[tuple[str, str]]) -> None:
        self.msg = HTTPMessage()
        for key, value in pairs:
            self.msg[key] = value

    def isclosed(self) -> bool:
        return True

    def close(self) -> None:
        pass
