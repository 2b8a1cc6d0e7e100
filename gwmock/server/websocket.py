"""Server mode for WebSocket APIs: real clients (Python ``websockets``, a browser) on the local server.

A client reaches a deployed stage in one of three forms:

* ``ws://127.0.0.1:PORT/_ws/{api_id}/{stage}`` (what a browser can use: it cannot set
  ``Host``); the API is looked up in the handle's account, in every region;
* the ``Host`` header ``{api}.execute-api.{region}.amazonaws.com`` and the path
  ``/{stage}``, as the real endpoint;
* the ``Host`` header of a custom domain name of the mock's state, and its base path.

``serve_websocket(handle, scope, receive, send)`` is the ASGI handler the server's app
calls for ``scope["type"] == "websocket"``. It opens a ``runtime.websocket`` connection
(``$connect`` runs first; a rejection answers the handshake with its HTTP status),
relays every client frame to the API (routes run in a worker thread: user code may
block, or call this same server), and writes what the API sends (route responses,
PostToConnection from any thread, through ``loop.call_soon_threadsafe``) in order.
A close from either side runs ``$disconnect`` once.

The management API of a connection opened this way is the usual one: boto3's
``apigatewaymanagementapi`` client with the execute-api endpoint, in-process (the
mock's interception) or over HTTP through the server (``execute_api_url``).
"""

from __future__ import annotations

import asyncio
import functools
import json
import re
from collections.abc import Awaitable, Callable, MutableMapping
from concurrent.futures import Executor
from typing import Any

from gwmock.arns import execute_api_host
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime import hosts
from gwmock.runtime.websocket.connections import Connection, Frame, Rejected, connect

Scope = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[MutableMapping[str, Any]]]
Send = Callable[[MutableMapping[str, Any]], Awaitable[None]]

PATH_FORM = re.compile(r"^/_ws/(?P<api>[A-Za-z0-9]+)/(?P<stage>[^/?]+)(?P<rest>/[^?]*)?$")


def execute_api_url(handle: Any, host: str | None, path: str, query: str = "") -> str | None:
    """The URL a server request names: execute-api ``Host``, a custom domain, or the
    ``/_ws/{api}/{stage}/...`` path form (also usable for ``@connections`` over HTTP)."""
    name = (host or "").rsplit(":", 1)[0].lower() if host and not host.startswith("[") else (host or "").lower()
    suffix = f"?{query}" if query else ""
    if hosts.is_data_plane_host(handle, name):
        return f"https://{name}{path}{suffix}"
    found = PATH_FORM.match(path)
    if found is None:
        return None
    region = _region_of(handle, found["api"])
    if region is None:
        return None
    return f"https://{execute_api_host(found['api'], region)}/{found['stage']}{found['rest'] or ''}{suffix}"


def _region_of(handle: Any, api_id: str) -> str | None:
    account = handle.account or DEFAULT_ACCOUNT
    for region in hosts.regions_of(handle):
        if handle.backend.get((account, region, "v2", "apis", api_id)) is not None:
            return str(region)
    for region in hosts.regions_of(handle):  # an API id is its region's: another account may own it
        if hosts.api_owner(handle, region, api_id, account) is not None:
            return str(region)
    return None


async def serve_websocket(handle: Any, scope: Scope, receive: Receive, send: Send,
                          executor: Executor | None = None) -> None:
    """Serve one WebSocket client until either side closes.

    User code runs on ``executor`` (the server's bounded pool), so a route that never returns
    cannot hold up the loop's shutdown; when the server stops mid-route, the connection is
    closed with 1001 (``$disconnect`` runs in the background) and this task ends quietly.
    """
    if (await receive())["type"] != "websocket.connect":
        return
    headers = [(k.decode("latin-1"), v.decode("latin-1")) for k, v in scope.get("headers") or []]
    host = next((v for k, v in headers if k.lower() == "host"), None)
    query = (scope.get("query_string") or b"").decode("latin-1")
    url = execute_api_url(handle, host, scope.get("path") or "/", query)
    if url is None:
        await _refuse(scope, send, 404)
        return
    loop = asyncio.get_running_loop()
    outbox: asyncio.Queue[tuple[str, Any, str]] = asyncio.Queue()

    def put(item: tuple[str, Any, str]) -> None:
        try:
            loop.call_soon_threadsafe(outbox.put_nowait, item)
        except RuntimeError:
            pass  # the server's loop is gone: the socket is gone with it

    client = scope.get("client") or ("127.0.0.1", 0)
    opening = functools.partial(connect, handle, url.replace("https://", "wss://", 1), headers,
                                source_ip=str(client[0]), sink=lambda frame: put(("frame", frame, "")),
                                closer=lambda code, reason: put(("close", code, reason)))
    try:
        conn = await loop.run_in_executor(executor, opening)
    except Rejected as rejected:
        await _refuse(scope, send, rejected.status)
        return
    await send({"type": "websocket.accept"})
    writer = asyncio.ensure_future(_write(outbox, send))
    try:
        await _read(conn, receive, loop, executor)
    except asyncio.CancelledError:  # the server is stopping: the client is going away
        if not conn.closed:
            try:
                loop.run_in_executor(executor, conn.close, 1001, "Going away")
            except RuntimeError:  # the pool is already shut down
                pass
        writer.cancel()
        return
    finally:
        if not writer.done():
            put(("stop", None, ""))
            try:
                await asyncio.wait_for(writer, 1)
            except (asyncio.TimeoutError, asyncio.CancelledError):
                writer.cancel()


async def _read(conn: Connection, receive: Receive, loop: asyncio.AbstractEventLoop,
                executor: Executor | None) -> None:
    while True:
        message = await receive()
        if message["type"] == "websocket.disconnect":
            code = int(message.get("code") or 1005)
            await loop.run_in_executor(executor, conn.close, code, str(message.get("reason") or ""))
            return
        if message["type"] != "websocket.receive" or conn.closed:
            continue
        frame: Frame = message["text"] if message.get("text") is not None else bytes(message.get("bytes") or b"")
        await loop.run_in_executor(executor, conn.send, frame)


async def _write(outbox: asyncio.Queue[tuple[str, Any, str]], send: Send) -> None:
    while True:
        kind, value, reason = await outbox.get()
        if kind == "frame":
            await send({"type": "websocket.send", "text": value} if isinstance(value, str)
                       else {"type": "websocket.send", "bytes": value})
        elif kind == "close":
            await send({"type": "websocket.close", "code": value, "reason": reason})
            return
        else:
            return


async def _refuse(scope: Scope, send: Send, status: int) -> None:
    """Answer the handshake with an HTTP status (ASGI's websocket.http.response), else close."""
    if "websocket.http.response" in (scope.get("extensions") or {}):
        body = json.dumps({"message": "Forbidden" if status == 403 else "Unauthorized" if status == 401
                           else "Not Found" if status == 404 else "Internal server error"}).encode()
        await send({"type": "websocket.http.response.start", "status": status,
                    "headers": [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]})
        await send({"type": "websocket.http.response.body", "body": body})
        return
    await send({"type": "websocket.close", "code": 1008})
