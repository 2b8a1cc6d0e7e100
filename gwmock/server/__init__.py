"""Server mode: API Gateway's wire protocol over HTTP, for the AWS CLI, Terraform
and SDKs in other languages (``--endpoint-url http://127.0.0.1:4566``).

Both services share the control-plane host in AWS; v2 paths start with ``/v2/``.
The account comes from the access key and the region from the SigV4 credential
scope, exactly as in-process.

Deployed APIs are served too, in two forms: a request whose ``Host`` header is the
API's execute-api host (``curl -H "Host: abc123.execute-api.us-east-1.amazonaws.com"
http://127.0.0.1:4566/dev/pets``), or the path form LocalStack users know,
``/restapis/{api_id}/{stage}/_user_request_/{path}`` (that API is looked up in the
default account and ``us-east-1``; use the Host form for other regions).
Lambda functions live in the server's process, so only integrations that need no
Python callable (MOCK, HTTP, AWS services) are served this way.
"""

from __future__ import annotations

import re
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any
from urllib.parse import urlsplit

from gwmock import runtime
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
            target = _execute_api_url(self.headers.get("Host"), self.path)
            if target is not None:
                answer = runtime.call(_ServerHandle(backend), self.command, target, dict(self.headers.items()), body)
                self._send(answer.status, dict(answer.headers), answer.body)
                return
            service = "apigatewayv2" if url.path.startswith("/v2/") else "apigateway"
            key, region = _credential_scope(self.headers.get("Authorization"))
            headers = {k: v for k, v in self.headers.items()}
            status, out_headers, out_body = handle_request(
                backend, service, self.command, url.path, url.query, headers, body,
                account_from_access_key(key), region or DEFAULT_REGION,
            )
            self._send(status, out_headers, out_body)

        def _send(self, status: int, headers: dict[str, str], body: bytes) -> None:
            self.send_response(status)
            for name, value in headers.items():
                if name.lower() not in ("content-length", "transfer-encoding", "connection"):
                    self.send_header(name, value)
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        do_GET = do_POST = do_PUT = do_PATCH = do_DELETE = _handle  # noqa: N815

        def log_message(self, format: str, *args: Any) -> None:  # noqa: A002 - stdlib's name
            pass

    return Handler


_USER_REQUEST = re.compile(
    r"^/restapis/(?P<api>[^/?]+)/(?P<stage>[^/?]+)/_user_request_(?P<rest>/[^?]*)?(?P<query>\?.*)?$")


class _ServerHandle:
    """What the data plane needs of a mock handle, for a server's backend."""

    def __init__(self, backend: Backend) -> None:
        self.backend = backend
        self.account = None
        self.region = DEFAULT_REGION
        self.lambdas: dict[str, Any] = {}


def _execute_api_url(host: str | None, path: str) -> str | None:
    """The execute-api URL a server request stands for, or None for the control plane."""
    name = (host or "").split(":")[0].lower()
    if runtime.is_execute_api(name):
        return f"https://{name}{path}"
    found = _USER_REQUEST.match(path)
    if found is None:
        return None
    return (f"https://{found['api']}.execute-api.{DEFAULT_REGION}.amazonaws.com/{found['stage']}"
            f"{found['rest'] or '/'}{found['query'] or ''}")


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
