"""Compressed request bodies built to exhaust the process: a small body that inflates to gigabytes
("zip bomb"), nested codings, endless gzip members. API Gateway's payload limit is 10 MB; gwmock
answers what AWS does for a body past it (413 REQUEST_TOO_LARGE) without inflating more than one byte
past the limit, and refuses degenerate bodies (415) in bounded time."""

from __future__ import annotations

import functools
import gzip
import struct
import time
import tracemalloc
import zlib

import boto3
import pytest
import requests

from gwmock.server import start

REGION = "us-east-1"
LIMIT = 10 * 1024 * 1024
GIB = 1 << 30


@functools.cache
def _zeros(size: int, coding: str) -> bytes:
    """``size`` zero bytes compressed with ``coding``, made a MiB at a time (never ``size`` in memory)."""
    engine = zlib.compressobj(9, zlib.DEFLATED, 31 if coding == "gzip" else 15)
    block = bytes(1 << 20)
    parts = [engine.compress(block) for _ in range(size >> 20)]
    parts.append(engine.compress(bytes(size & ((1 << 20) - 1))))
    return b"".join(parts) + engine.flush()


@functools.cache
def _bomb(kind: str) -> bytes:
    """About 1 MB that inflates to 1 GiB of zeros (``nested``: that gzip body gzipped again, some
    10 KB): one fully flushed deflate block of a MiB of zeros, repeated, between the coding's header
    and its check values."""
    block = bytes(1 << 20)
    engine = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)  # raw deflate
    chunk = engine.compress(block) + engine.flush(zlib.Z_FULL_FLUSH)  # byte-aligned, no history kept
    deflate = chunk * (GIB >> 20) + b"\x03\x00"  # and an empty final block
    crc, adler = 0, 1
    for _ in range(GIB >> 20):
        crc, adler = zlib.crc32(block, crc), zlib.adler32(block, adler)
    if kind == "deflate":
        return b"\x78\xda" + deflate + struct.pack(">I", adler)
    body = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff" + deflate + struct.pack("<II", crc, GIB & 0xFFFFFFFF)
    return gzip.compress(body, mtime=0) if kind == "nested" else body


def _echo_api(client):
    """The URL of a deployed API whose root POST is a MOCK answering the size of the body it got."""
    api_id = client.create_rest_api(name="bombs")["id"]
    root = client.get_resources(restApiId=api_id)["items"][0]["id"]
    client.put_method(restApiId=api_id, resourceId=root, httpMethod="POST", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=root, httpMethod="POST", type="MOCK",
                           requestTemplates={"application/octet-stream": '{"statusCode": 200}'})
    client.put_method_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200")
    client.put_integration_response(restApiId=api_id, resourceId=root, httpMethod="POST", statusCode="200",
                                    responseTemplates={"application/json": '{"ok": true}'})
    client.create_deployment(restApiId=api_id, stageName="dev")
    return api_id, f"https://{api_id}.execute-api.{REGION}.amazonaws.com/dev/"


def _sent(gw, url, data, coding):
    """(status, body, peak bytes allocated while serving) of one compressed request."""
    tracemalloc.start()
    try:
        answer = gw.invoke("POST", url, headers={"Content-Type": "application/octet-stream",
                                                  "Content-Encoding": coding}, body=data)
        peak = tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()
    return answer.status, answer.body, peak


@pytest.mark.parametrize("coding, kind", [("gzip", "gzip"), ("deflate", "deflate"), ("gzip, gzip", "nested")])
def test_a_bomb_is_refused_as_too_large_without_inflating_it(apigateway, gwmock, coding, kind):
    bomb = _bomb(kind)
    assert len(bomb) < 1_100_000
    _, url = _echo_api(apigateway)
    status, body, peak = _sent(gwmock, url, bomb, coding)
    assert (status, body) == (413, b'{"message":"Request Too Long"}')
    assert peak < 4 * LIMIT  # the capped output (one copy as bytes), never the gigabyte


def test_the_limit_is_the_decoded_payload_limit(apigateway, gwmock):
    _, url = _echo_api(apigateway)
    assert _sent(gwmock, url, _zeros(LIMIT, "gzip"), "gzip")[0] == 200
    assert _sent(gwmock, url, _zeros(LIMIT + 1, "gzip"), "gzip")[0] == 413


def test_endless_empty_gzip_members_are_refused_quickly(apigateway, gwmock):
    """Each member's end copies the rest of the body: 500,000 empty members would take minutes."""
    _, url = _echo_api(apigateway)
    empty = gzip.compress(b"", mtime=0)
    started = time.monotonic()
    status, body, _ = _sent(gwmock, url, empty * (LIMIT // len(empty)), "gzip")
    assert (status, body) == (415, b'{"message":"Unsupported Media Type"}')
    assert time.monotonic() - started < 5  # generous: bounded work, not a benchmark
    assert _sent(gwmock, url, empty * 64, "gzip")[0] == 200  # a few members are one body


def test_many_codings_are_refused_before_any_work(apigateway, gwmock):
    _, url = _echo_api(apigateway)
    assert _sent(gwmock, url, b"x", ", ".join(["gzip"] * 10_000))[:2] == (415, b'{"message":"Unsupported Media Type"}')


def test_a_body_over_the_limit_as_sent_is_refused_before_decoding(apigateway, gwmock):
    _, url = _echo_api(apigateway)
    for coding in ("gzip", "br"):  # not even gzip, or a coding API Gateway lacks: never looked at
        status, body, _ = _sent(gwmock, url, bytes(LIMIT + 1), coding)
        # the front door's answer (a capture: koki-develop/lgtm-generator#10)
        assert (status, body) == (413, b"HTTP content length exceeded 10485760 bytes.")


def test_server_mode_refuses_a_bomb():
    running = start(timeout=5.0)
    try:
        client = boto3.client("apigateway", region_name=REGION, endpoint_url=running.url,
                              aws_access_key_id="testing", aws_secret_access_key="x")
        api_id, _ = _echo_api(client)
        answer = requests.post(f"{running.url}/restapis/{api_id}/dev/_user_request_/", data=_bomb("gzip"), timeout=10,
                               headers={"Content-Type": "application/octet-stream", "Content-Encoding": "gzip"})
        assert (answer.status_code, answer.json()) == (413, {"message": "Request Too Long"})
        # REQUEST_TOO_LARGE's error type in a capture of AWS (koki-develop/lgtm-generator#10)
        assert answer.headers["x-amzn-ErrorType"] == "BadRequestException"
    finally:
        running.stop()
