"""The last-resort guard: API Gateway host names never resolve or connect while a mock is active.

For clients gwmock cannot answer (raw ``http.client``, raw sockets, an unknown
library), name resolution (``socket.getaddrinfo``, ``gethostbyname``,
``gethostbyname_ex``), ``socket.create_connection``, ``socket.socket.connect``
(whose C code resolves a host name itself) and ``http.client``'s proxy
paths (``set_tunnel`` for a CONNECT, an absolute URL in ``putrequest``) raise
``NetworkBlocked`` at once for guarded host names only. Other hosts are untouched.
"""

from __future__ import annotations

from typing import Any

from gwmock.intercept import active_mock, original
from gwmock.intercept.hosts import blocked, host_of, is_guarded


def _check(host: Any, how: str) -> None:
    if active_mock() is not None and isinstance(host, (str, bytes)) and is_guarded(host):
        raise blocked(host if isinstance(host, str) else host.decode("ascii", "replace"), how)


def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    _check(host, "name lookup")
    return original("socket", "", "getaddrinfo")(host, *args, **kwargs)


def gethostbyname(host: Any) -> Any:
    _check(host, "name lookup")
    return original("socket", "", "gethostbyname")(host)


def gethostbyname_ex(host: Any) -> Any:
    _check(host, "name lookup")
    return original("socket", "", "gethostbyname_ex")(host)


def create_connection(address: Any, *args: Any, **kwargs: Any) -> Any:
    _check(address[0] if isinstance(address, tuple) and address else None, "socket connection")
    return original("socket", "", "create_connection")(address, *args, **kwargs)


def connect(self: Any, address: Any) -> Any:
    if isinstance(address, tuple) and address:
        _check(address[0], "socket connection")
    return original("socket", "socket", "connect")(self, address)


def connect_ex(self: Any, address: Any) -> Any:
    if isinstance(address, tuple) and address:
        _check(address[0], "socket connection")
    return original("socket", "socket", "connect_ex")(self, address)


def set_tunnel(self: Any, host: str, *args: Any, **kwargs: Any) -> Any:
    _check(host.rsplit(":", 1)[0] if host.count(":") == 1 else host, "proxy CONNECT tunnel")
    return original("http.client", "HTTPConnection", "set_tunnel")(self, host, *args, **kwargs)


def putrequest(self: Any, method: str, url: str, *args: Any, **kwargs: Any) -> Any:
    _check(self.host, "http.client")
    if url.startswith(("http://", "https://")):
        _check(host_of(url), "request through a proxy")
    return original("http.client", "HTTPConnection", "putrequest")(self, method, url, *args, **kwargs)
