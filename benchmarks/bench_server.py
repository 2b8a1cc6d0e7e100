"""Server mode over real loopback sockets: what one request costs a client.

Rows (median microseconds per request, ``http.client`` as the client):

* keep-alive control-plane request (``GET /restapis``, signed header, no verification);
* the same with signature verification (``credentials`` configured; botocore's SigV4);
* keep-alive request to a deployed REST API (MOCK integration, ``_user_request_`` form);
* a new connection per request (connect, request, read, close);
* boto3 ``get_rest_apis`` through the server (client-side signing and parsing included).

The floor is a trivial ASGI app under the same uvicorn configuration answering the same
bytes, so the ratio is gwmock's own share. The goal is "a few ms at most" per keep-alive
request; the stdlib server this replaced stalled ~44 ms on each one (delayed ACK).
"""

from __future__ import annotations

import http.client
import statistics
import time
from collections.abc import Callable
from typing import Any

import boto3
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

from gwmock.server import start
from gwmock.server.running import RunningServer

Row = dict[str, Any]


def _median_us(call: Callable[[], Any], repeat: int) -> float:
    for _ in range(min(20, repeat)):
        call()  # warm up: models, routes, connection
    samples = []
    for _ in range(repeat):
        began = time.perf_counter()
        call()
        samples.append((time.perf_counter() - began) * 1e6)
    return statistics.median(samples)


def _keep_alive(port: int, method: str, path: str, headers: dict[str, str]) -> Callable[[], bytes]:
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)

    def call() -> bytes:
        conn.request(method, path, headers=headers)
        return conn.getresponse().read()

    return call


def _new_connection(port: int, path: str, headers: dict[str, str]) -> Callable[[], bytes]:
    def call() -> bytes:
        conn = http.client.HTTPConnection("127.0.0.1", port, timeout=10)
        conn.request("GET", path, headers=headers)
        body = conn.getresponse().read()
        conn.close()
        return body

    return call


def _signed_headers(url: str, key: str, secret: str) -> dict[str, str]:
    request = AWSRequest(method="GET", url=f"{url}/restapis")
    SigV4Auth(Credentials(key, secret), "apigateway", "us-east-1").add_auth(request)
    return dict(request.headers.items())


class _Floor:
    """A trivial ASGI app answering fixed bytes, served the way gwmock's app is."""

    def __init__(self, body: bytes) -> None:
        self.body = body

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        if scope["type"] != "http":
            return
        await receive()
        await send({"type": "http.response.start", "status": 200,
                    "headers": [(b"content-type", b"application/json"),
                                (b"content-length", str(len(self.body)).encode())]})
        await send({"type": "http.response.body", "body": self.body})


def _floor_server(body: bytes) -> RunningServer:
    server = RunningServer()
    server.app = _Floor(body)  # type: ignore[assignment]
    return server.start()


def _deployed(url: str) -> str:
    client = boto3.client("apigateway", region_name="us-east-1", endpoint_url=url, aws_access_key_id="testing",
                          aws_secret_access_key="x")
    api = client.create_rest_api(name="bench")
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    client.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                    responseTemplates={"application/json": '{"ok": true}'})
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return str(api["id"])


def run(quick: bool) -> list[Row]:
    repeat = 200 if quick else 1000
    rows: list[Row] = []
    server = start(credentials={})
    verifying = start(credentials={"AKIDBENCH": "secret"})
    floor = _floor_server(b'{"item":[]}')
    try:
        unverified = _signed_headers(server.url, "testing", "x")
        floor_us = _median_us(_keep_alive(floor.port, "GET", "/restapis", {}), repeat)
        gw_us = _median_us(_keep_alive(server.port, "GET", "/restapis", unverified), repeat)
        rows.append({"name": "server: keep-alive GET /restapis", "gwmock_us": gw_us, "floor_us": floor_us,
                     "ratio": gw_us / floor_us, "target": "< 3 ms", "note": "floor = trivial ASGI app, same uvicorn"})
        verified = _signed_headers(verifying.url, "AKIDBENCH", "secret")  # verified within the 5-minute window
        ver_us = _median_us(_keep_alive(verifying.port, "GET", "/restapis", verified), repeat)
        rows.append({"name": "server: keep-alive, signature verified", "gwmock_us": ver_us, "floor_us": floor_us,
                     "ratio": ver_us / floor_us, "target": "< 3 ms", "note": "botocore SigV4 recomputed"})
        api = _deployed(server.url)
        data_us = _median_us(_keep_alive(server.port, "GET", f"/restapis/{api}/dev/_user_request_/", {}), repeat)
        rows.append({"name": "server: keep-alive deployed MOCK GET", "gwmock_us": data_us, "floor_us": floor_us,
                     "ratio": data_us / floor_us, "target": "< 3 ms", "note": "_user_request_ form"})
        floor_new = _median_us(_new_connection(floor.port, "/restapis", {}), repeat // 2)
        new_us = _median_us(_new_connection(server.port, "/restapis", unverified), repeat // 2)
        rows.append({"name": "server: new connection per request", "gwmock_us": new_us, "floor_us": floor_new,
                     "ratio": new_us / floor_new, "target": "< 5 ms", "note": "connect + GET + close"})
        client = boto3.client("apigateway", region_name="us-east-1", endpoint_url=server.url,
                              aws_access_key_id="testing", aws_secret_access_key="x")
        boto_us = _median_us(client.get_rest_apis, repeat // 2)
        rows.append({"name": "server: boto3 get_rest_apis over HTTP", "gwmock_us": boto_us,
                     "note": "client signing, urllib3 and parsing included"})
    finally:
        server.stop()
        verifying.stop()
        floor.stop()
    return rows


if __name__ == "__main__":
    for row in run(quick=True):
        print(f"{row['name']:42} {row['gwmock_us']:9.0f} us  floor {row.get('floor_us') or 0:7.0f}  {row.get('note')}")
