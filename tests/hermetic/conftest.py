"""Hermetic fixtures: any name lookup of a non-local host fails the test, and a fake proxy
(a real TCP listener on 127.0.0.1) records whether anything connected to it."""

from __future__ import annotations

import socket
import threading
from collections.abc import Iterator

import pytest

LOCAL = {None, "", "localhost", "127.0.0.1", "::1", b"localhost", b"127.0.0.1"}
PROXY_VARIABLES = ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
                   "NO_PROXY", "no_proxy")


class Lookups(list[str]):
    """Every non-local host name something tried to resolve during the test."""


@pytest.fixture(autouse=True)
def no_dns(monkeypatch: pytest.MonkeyPatch) -> Iterator[Lookups]:
    seen = Lookups()

    def refuse(real):
        def lookup(host, *args, **kwargs):
            if host not in LOCAL:
                seen.append(host.decode() if isinstance(host, bytes) else str(host))
                raise socket.gaierror(socket.EAI_NONAME, f"test forbids DNS lookups ({host})")
            return real(host, *args, **kwargs)

        return lookup

    for name in ("getaddrinfo", "gethostbyname", "gethostbyname_ex"):
        monkeypatch.setattr(socket, name, refuse(getattr(socket, name)))
    yield seen
    assert seen == [], f"the test looked up non-local hosts: {seen}"


class FakeProxy:
    """A TCP listener on 127.0.0.1 that accepts, records and closes every connection."""

    def __init__(self) -> None:
        self.server = socket.create_server(("127.0.0.1", 0))
        self.server.settimeout(0.05)
        self.port = self.server.getsockname()[1]
        self.url = f"http://127.0.0.1:{self.port}"
        self.connections: list[bytes] = []
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._serve, daemon=True)
        self._thread.start()

    def _serve(self) -> None:
        while not self._stop.is_set():
            try:
                conn, _ = self.server.accept()
            except (TimeoutError, OSError):
                continue
            with conn:
                conn.settimeout(0.2)
                try:
                    self.connections.append(conn.recv(4096))
                except OSError:
                    self.connections.append(b"")

    def close(self) -> None:
        self._stop.set()
        self._thread.join(1)
        self.server.close()


@pytest.fixture
def proxy() -> Iterator[FakeProxy]:
    listener = FakeProxy()
    yield listener
    listener.close()
    assert listener.connections == [], f"something reached the proxy: {listener.connections}"


@pytest.fixture
def no_proxy_env(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in PROXY_VARIABLES:
        monkeypatch.delenv(name, raising=False)
