"""Data plane for ``urllib.request``: ``AbstractHTTPHandler.do_open``.

``req.full_url`` is the target URL also when a ``ProxyHandler`` (or the proxy
environment variables) routed the request to a proxy. The answer goes through
urllib's processors as usual, so a 4xx/5xx raises ``HTTPError``.

A Unicode host name (``amazonaws\u3002com``, a fullwidth letter, a soft hyphen) is the name IDNA
makes of it, as ``http.client`` sends it (``Host`` and the connection alike): the API's host.
"""

from __future__ import annotations

import io
from http import HTTPStatus
from http.client import HTTPMessage
from typing import Any
from urllib.parse import urlsplit, urlunsplit
from urllib.response import addinfourl

from gwmock.intercept import original
from gwmock.intercept.dataplane import call, header_pairs, verdict
from gwmock.intercept.hosts import host_of, resolved_name


def _idna(url: str, host: str) -> tuple[str, str]:
    """``url`` and ``host`` with the host name as http.client would send it (IDNA); as they are when
    IDNA refuses the name (then nothing could resolve it either)."""
    ascii_host = resolved_name(host)
    if not ascii_host.isascii():
        return url, host
    parts = urlsplit(url)
    userinfo, at, _ = parts.netloc.rpartition("@")
    try:
        port = f":{parts.port}" if parts.port is not None else ""
    except ValueError:  # not a port: http.client refuses the URL as well
        return url, host
    return urlunsplit(parts._replace(netloc=f"{userinfo}{at}{ascii_host}{port}")), ascii_host


def do_open(self: Any, http_class: Any, req: Any, **http_conn_args: Any) -> Any:
    url = req.full_url
    host = host_of(url)
    if not host.isascii():
        url, host = _idna(url, host)
    mock = verdict(host, url, "urllib.request")
    if mock is None:
        return original("urllib.request", "AbstractHTTPHandler", "do_open")(self, http_class, req, **http_conn_args)
    headers = dict(req.unredirected_hdrs)
    headers.update({k: v for k, v in req.headers.items() if k not in headers})
    answer = call(mock, req.get_method(), url, headers, req.data)
    message = HTTPMessage()
    for key, value in header_pairs(answer.headers):
        message[key] = value
    response = addinfourl(io.BytesIO(answer.body), message, url, answer.status)
    try:
        response.msg = response.reason = HTTPStatus(answer.status).phrase  # type: ignore[attr-defined]
    except ValueError:
        response.msg = response.reason = ""  # type: ignore[attr-defined]
    return response
