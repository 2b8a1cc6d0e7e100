"""Running the ASGI app under uvicorn: in a background thread (tests) or in the foreground (CLI).

The listening socket is bound before uvicorn starts, so ``port=0`` gives a free port
that ``RunningServer.port`` knows at once. Stopping closes the listener, asks every
connection to finish, and cancels what is still running after ``timeout`` seconds;
it does not wait on uvicorn's 0.1 s polling loop, so a server per test stays cheap.
"""

from __future__ import annotations

import asyncio
import socket
import threading
from typing import Any

from gwmock.mock import GatewayMock
from gwmock.runtime.websocket.connections import MAX_MESSAGE
from gwmock.server.app import MAX_HEAD, GatewayApp
from gwmock.server.options import ServerOptions
from gwmock.server.pool import ElasticExecutor
from gwmock.state import backend_from_url

MISSING_UVICORN = "gwmock serve needs uvicorn: install the server extra, pip install 'gwmock[server]'"


def _uvicorn() -> Any:
    try:
        import uvicorn  # noqa: PLC0415 - optional dependency (the server extra)
    except ImportError as missing:
        raise RuntimeError(MISSING_UVICORN) from missing
    return uvicorn


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM, socket.IPPROTO_TCP)  # so asyncio sets TCP_NODELAY
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.setblocking(False)
    return sock


class RunningServer:
    """A server around a mock handle; ``start()`` runs uvicorn in a daemon thread.

    ``url``, ``port``, ``handle`` (its ``backend``, ``lambdas``, ``deploy_template``) and
    ``stop()``; also a context manager. Without a handle it makes one of its own that is
    not the active in-process mock, so boto3 clients in this process reach it over HTTP.
    """

    def __init__(self, handle: GatewayMock | None = None, host: str = "127.0.0.1", port: int = 0, *,
                 state: str | None = None, options: ServerOptions | None = None) -> None:
        _uvicorn()
        if handle is not None and not isinstance(handle, GatewayMock):
            hint = (" (a mock_apigateway(); pass the handle it starts: `with mock_apigateway() as gw: start(gw)`)"
                    if hasattr(handle, "start") and hasattr(handle, "backend") else "")
            raise TypeError(f"gwmock server: handle must be a started GatewayMock, got {type(handle).__name__}{hint}")
        if not isinstance(port, int) or isinstance(port, bool) or not 0 <= port <= 65535:
            raise ValueError(f"gwmock server: port must be an integer from 0 to 65535, got {port!r}")
        self.handle = handle if handle is not None else GatewayMock(backend_from_url(state), None, "us-east-1")
        self.host = host
        self.options = options or ServerOptions()
        self._socket = _bind(host, port)
        self.port: int = self._socket.getsockname()[1]
        self._executor = ElasticExecutor(self.options.workers, self.options.max_connections)
        self.app = GatewayApp(self.handle, self.options, self._executor, host)
        self._thread: threading.Thread | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self._stopping: asyncio.Event | None = None
        self._started = threading.Event()
        self._error: BaseException | None = None

    @property
    def url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def backend(self) -> Any:
        return self.handle.backend

    def config(self) -> Any:
        """uvicorn's Config for this server (our protocol class, no lifespan, quiet logs)."""
        from gwmock.server.protocol import GuardedH11Protocol, websocket_protocol  # noqa: PLC0415 - imports uvicorn

        config = _uvicorn().Config(
            self.app, http=GuardedH11Protocol, ws=websocket_protocol(), lifespan="off", log_level="warning",
            access_log=False, server_header=False, proxy_headers=False, timeout_keep_alive=self.options.keep_alive,
            date_header=True,  # the one Date of every answer: app._respond drops an answer's own
            limit_concurrency=self.options.max_connections, h11_max_incomplete_event_size=MAX_HEAD,
            timeout_graceful_shutdown=self.options.timeout,
            # AWS's WebSocket message quota: a bigger message is refused (1009) while it arrives,
            # instead of being buffered up to uvicorn's default 16 MB per connection first.
            ws_max_size=MAX_MESSAGE,
        )
        config.gwmock_timeout = self.options.timeout
        return config

    def start(self) -> RunningServer:
        if self._thread is not None:
            return self
        server = _uvicorn().Server(self.config())
        self._thread = threading.Thread(target=asyncio.run, args=(self._serve(server),), name="gwmock-server",
                                        daemon=True)
        self._thread.start()
        if not self._started.wait(10):
            raise RuntimeError("gwmock server did not start within 10 s")
        if self._error is not None:
            raise RuntimeError(f"gwmock server failed to start: {self._error!r}") from self._error
        return self

    async def _serve(self, server: Any) -> None:
        self._loop = asyncio.get_running_loop()
        self._stopping = asyncio.Event()
        try:
            server.config.load()
            server.lifespan = server.config.lifespan_class(server.config)
            await server.startup(sockets=[self._socket])
        except BaseException as error:  # reported by start() in the caller's thread
            self._error = error
            self._started.set()
            raise
        self._started.set()
        await self._stopping.wait()
        await _shutdown(server, self.options.timeout)

    def stop(self) -> None:
        """Stop serving; connections still open get ``timeout`` seconds to finish."""
        if self._thread is None:
            return
        if self._loop is not None and self._stopping is not None:
            self._loop.call_soon_threadsafe(self._stopping.set)
        self._thread.join(self.options.timeout + 5)
        self._thread = None
        self._executor.shutdown(wait=False, cancel_futures=True)
        self._socket.close()

    def __enter__(self) -> RunningServer:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def serve_forever(self) -> None:
        """Serve in this thread until interrupted (Ctrl-C); uvicorn handles the signals."""
        server = _uvicorn().Server(self.config())
        try:
            server.run(sockets=[self._socket])
        finally:
            self._executor.shutdown(wait=False, cancel_futures=True)
            self._socket.close()


async def _shutdown(server: Any, grace: float) -> None:
    for listener in server.servers:
        listener.close()
    for connection in list(server.server_state.connections):
        connection.shutdown()
    loop = asyncio.get_running_loop()
    deadline = loop.time() + grace
    while (server.server_state.connections or server.server_state.tasks) and loop.time() < deadline:
        await asyncio.sleep(0.005)
    for task in list(server.server_state.tasks):
        task.cancel()
    for connection in list(server.server_state.connections):
        transport = getattr(connection, "transport", None)
        if transport is not None:
            transport.abort()
    for listener in server.servers:
        await listener.wait_closed()
