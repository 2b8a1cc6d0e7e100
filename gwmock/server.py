"""Server mode: API Gateway's wire protocol over HTTP, for the AWS CLI, Terraform
and SDKs in other languages (``--endpoint-url http://127.0.0.1:4566``).

Both services share the control-plane host in AWS; v2 paths start with ``/v2/``.
The account comes from the access key and the region from the SigV4 credential
scope, exactly as in-process.
"""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from gwmock.dispatch import account_from_access_key, handle_request
from gwmock.state import Backend, backend_from_url

DEFAULT_REGION = "us-east-1"


def _credential_scope(authorization: str | None) -> tuple[str | None, str | None]:
    """(access key, region) from a SigV4 Authorization header."""
    if not authorization or "Credential=" not in authorization:
        return None, None
    parts = authorization.split("Credential=", 1)[1].split(",", 1)[0].split("/")
    return parts[0], (parts[2] if len(parts) > 2 else None)


def make_handler(backend: Backend) -> type[BaseHTTPRequestHandler]:
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"
        server_version = "gwmock"

        def _handle(self) -> None:
            url = urlsplit(self.path)
            length = int(self.headers.get("Content-Length") or 0)
            body = self.rfile.read(length) if length else b""
            service = "apigatewayv2" if url.path.startswith("/v2/") else "apigateway"
            key, region = _credential_scope(self.headers.get("Authorization"))
            headers = {k: v for k, v in self.headers.items()}
            status, out_headers, out_body = handle_request(
                backend, service, self.command, url.path, url.query, headers, body,
                account_from_access_key(key), region or DEFAULT_REGION,
            )
            self.send_response(status)
            for name, value in out_headers.items():
                self.send_header(name, value)
            self.send_header("Content-Length", str(len(out_body)))
            self.end_headers()
            self.wfile.write(out_body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
            pass

    return Handler


class Server:
    """A running server; use as a context manager in tests (port 0 picks a free port)."""

    def __init__(self, host: str = "127.0.0.1", port: int = 0, state: str | None = None,
                 backend: Backend | None = None) -> None:
        self.backend = backend or backend_from_url(state)
        self.httpd = ThreadingHTTPServer((host, port), make_handler(self.backend))
        self.httpd.daemon_threads = True
        self.thread: threading.Thread | None = None

    @property
    def url(self) -> str:
        host, port = self.httpd.server_address[:2]
        return f"http://{host!s}:{port}"

    def start(self) -> Server:
        self.thread = threading.Thread(target=self.httpd.serve_forever, name="gwmock-server", daemon=True)
        self.thread.start()
        return self

    def stop(self) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()
        if self.thread is not None:
            self.thread.join(5)

    def __enter__(self) -> Server:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()


def serve(host: str, port: int, state: str | None) -> int:
    server = Server(host, port, state)
    print(f"gwmock serving API Gateway on {server.url} (state: {state or 'memory://'}); Ctrl-C stops")
    try:
        server.httpd.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.httpd.server_close()
    return 0
