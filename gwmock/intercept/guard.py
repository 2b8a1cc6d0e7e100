"""The last-resort guard: API Gateway host names never resolve or connect while a mock is active.

For clients gwmock cannot answer (raw ``http.client``, raw sockets, an unknown
library), name resolution (``socket.getaddrinfo``, ``gethostbyname``,
``gethostbyname_ex``, ``gethostbyaddr`` and so ``getfqdn``), ``socket.create_connection``,
``socket.socket.connect``/``connect_ex``/``sendto``/``sendmsg`` (whose C code resolves a host
name itself) and ``http.client``'s proxy paths (``set_tunnel`` for a CONNECT, an absolute URL
in ``putrequest``) raise ``NetworkBlocked`` at once for guarded host names only: API Gateway
and execute-api hosts of every partition, and the custom domain names of the active mock's
state (which the answered clients serve in-process). Other hosts are untouched.
"""

from __future__ import annotations

from typing import Any

from gwmock.intercept import active_mock, original
from gwmock.intercept.hosts import blocked, host_of, is_guarded, resolved_name


def _check(host: Any, how: str) -> None:
    handle = active_mock()
    if handle is None or not isinstance(host, (str, bytes)):
        return
    name = host if isinstance(host, str) else host.decode("ascii", "replace")
    if is_guarded(name) or _custom_domain(handle, name):
        raise blocked(name, how)


def _custom_domain(handle: Any, name: str) -> bool:
    from gwmock.runtime.hosts import find_domain  # noqa: PLC0415 - the data plane's, loaded on first use

    try:
        return find_domain(handle, resolved_name(name)) is not None
    except Exception:  # noqa: BLE001 - a stopped mock's backend: nothing of its state to guard
        return False


def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
    _check(host, "name lookup")
    return original("socket", "", "getaddrinfo")(host, *args, **kwargs)


def gethostbyname(host: Any) -> Any:
    _check(host, "name lookup")
    return original("socket", "", "gethostbyname")(host)


def gethostbyname_ex(host: Any) -> Any:
    _check(host, "name lookup")
    return original("socket", "", "gethostbyname_ex")(host)


def gethostbyaddr(host: Any) -> Any:
    _check(host, "name lookup")
    return original("socket", "", "gethostbyaddr")(host)


def sendto(self: Any, data: Any, *args: Any) -> Any:
    address = args[-1] if args else None  # sendto(data, address) or sendto(data, flags, address)
    if isinstance(address, tuple) and address:
        _check(address[0], "socket datagram")
    return original("socket", "socket", "sendto")(self, data, *args)


def sendmsg(self: Any, buffers: Any, *args: Any) -> Any:
    address = args[2] if len(args) > 2 else None  # sendmsg(buffers, ancdata, flags, address)
    if isinstance(address, tuple) and address:
        _check(address[0], "socket datagram")
    return original("socket", "socket", "sendmsg")(self, buffers, *args)


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
