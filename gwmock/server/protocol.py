"""uvicorn's h11 protocol with a deadline on the request head.

uvicorn times out idle keep-alive connections but not a request head that arrives
slowly (a client that sends ``GET / HTTP/1.1\\r\\nHost: x\\r\\n`` and stops holds the
connection open forever). Here the first byte of a request arms a timer; if the
head is not complete when it fires, the client gets 408 and the connection closes. A new
connection that sends nothing at all is closed after the same delay.
The body has its own deadline in the app (``GatewayApp._read_body``).

A request h11 cannot parse (a bad chunk size, raw non-ASCII bytes in the target, two
``Host`` lines...) is answered as API Gateway's other refusals are, JSON with
``x-amzn-ErrorType``, not uvicorn's ``text/plain`` "Invalid HTTP request received.";
the connection closes. WebSocket connections use ``GuardedWebSocketProtocol``: a text
message that is not UTF-8 closes its connection with 1007 and a one-line warning (uvicorn
logs a traceback for it).
"""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import h11
from uvicorn.protocols.http.h11_impl import H11Protocol

_BAD_REQUEST_BODY = b'{"message": "Bad Request: invalid HTTP request"}'
_TIMEOUT_BODY = b'{"message": "Request Timeout"}'
_TIMEOUT_ANSWER = (b"HTTP/1.1 408 Request Timeout\r\ncontent-type: application/json\r\n"
                   b"x-amzn-ErrorType: RequestTimeoutException\r\n"
                   b"content-length: " + str(len(_TIMEOUT_BODY)).encode() + b"\r\n"
                   b"connection: close\r\n\r\n" + _TIMEOUT_BODY)


class GuardedH11Protocol(H11Protocol):
    """``H11Protocol`` plus a head deadline of ``config.gwmock_timeout`` seconds."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._head_timer: asyncio.TimerHandle | None = None
        self._head_timeout: float = getattr(self.config, "gwmock_timeout", 5.0)

    def connection_made(self, transport: asyncio.Transport) -> None:  # type: ignore[override]
        # uvicorn writes a response's head and body separately; with Nagle's algorithm on, the
        # second write waits for the client's delayed ACK (~40 ms on every keep-alive request).
        sock = transport.get_extra_info("socket")
        if sock is not None and sock.family in (socket.AF_INET, socket.AF_INET6):
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        super().connection_made(transport)
        self._arm_head_timer()  # a connection that never sends a byte is closed too

    def data_received(self, data: bytes) -> None:
        super().data_received(data)
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            if self.conn.trailing_data[0]:
                self._arm_head_timer()  # a partial head: the deadline runs from its first byte
        else:
            self._cancel_head_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        self._cancel_head_timer()
        super().connection_lost(exc)

    def send_400_response(self, msg: str) -> None:
        """uvicorn's answer to a request h11 refused, in API Gateway's error shape."""
        event = h11.Response(status_code=400, reason=b"Bad Request", headers=[
            *self.server_state.default_headers, (b"content-type", b"application/json"),
            (b"x-amzn-errortype", b"BadRequestException"), (b"content-length", str(len(_BAD_REQUEST_BODY)).encode()),
            (b"connection", b"close")])
        try:
            output = self.conn.send(event) + self.conn.send(h11.Data(data=_BAD_REQUEST_BODY))
            output += self.conn.send(h11.EndOfMessage())
        except h11.LocalProtocolError:  # an answer already started (the app's): only closing is left
            output = b""
        if output:
            self.transport.write(output)
        self.transport.close()

    def _arm_head_timer(self) -> None:
        if self._head_timer is None:
            self._head_timer = self.loop.call_later(self._head_timeout, self._head_timed_out)

    def _cancel_head_timer(self) -> None:
        if self._head_timer is not None:
            self._head_timer.cancel()
            self._head_timer = None

    def _head_timed_out(self) -> None:
        self._head_timer = None
        if self.conn.their_state is not h11.IDLE or self.transport.is_closing():
            return
        if self.conn.trailing_data[0]:
            self.transport.write(_TIMEOUT_ANSWER)
        self.transport.close()


def websocket_protocol() -> Any:
    """uvicorn's WebSocket protocol class for this server ("auto" when the websockets library is missing)."""
    try:
        from uvicorn.protocols.websockets.websockets_sansio_impl import (  # noqa: PLC0415
            WebSocketsSansIOProtocol,
        )
    except ImportError:
        return "auto"

    class GuardedWebSocketProtocol(WebSocketsSansIOProtocol):
        """uvicorn's protocol, closing with 1007 on a text message that is not UTF-8 without a traceback."""

        def send_receive_event_to_app(self) -> None:
            if self.curr_msg_data_type == "text" and not self.close_sent:
                try:
                    b"".join(self.frames).decode()
                except UnicodeDecodeError:
                    self.logger.warning("gwmock server: WebSocket closed with 1007: a text message was not UTF-8")
                    self.frames = []
                    self.conn.send_close(1007)
                    self.handle_parser_exception()
                    return
            super().send_receive_event_to_app()

    return GuardedWebSocketProtocol
