"""Payload compression of REST API answers and decompression of requests ("Payload compression for
REST APIs in API Gateway", "Receive an API response with a compressed payload", "Enable payload
compression for an API").

API Gateway compresses the method response body when all of these hold: the deployed API sets
``minimumCompressionSize``; the request's ``Accept-Encoding`` names a supported coding (``gzip`` or
``deflate``) as its highest-priority one ("If it is not, compression is not applied"; without the
header, whose default is ``*``, nothing is compressed); the answer has no ``Content-Encoding`` (it is
taken as compressed already); and the body, after the response template, is at least
``minimumCompressionSize`` bytes. The answer then carries ``Content-Encoding`` and the compressed
body (``Content-Length`` its length), which HTTP clients (requests, urllib3, httpx) decompress.

Guesses: among codings of equal weight the first listed wins; ``identity``, ``*`` or a coding
API Gateway lacks (``br``) at the top means no compression; ``deflate`` is the zlib format (RFC 9110);
gateway responses (errors) are compressed as other answers; a gzip member carries no time stamp.

Requests ("Call an API method with a compressed payload"; "Payload compression for REST APIs": "By
default, API Gateway supports decompression of the method request payload", no setting needed). A
body sent with ``Content-Encoding`` is decoded once the method is found (``stage``), before
authorization, validation and the integration: the coding is checked, then the payload decoded; a
coding outside "Content codings supported by API Gateway" (``deflate``, ``gzip``, ``identity``) or a
payload "not compressed with specified coding" answers "415 Unsupported Media Type". Validation,
mapping templates (``$input.body``, ``$input.json``) and integrations see the decoded body ("API
Gateway decompresses the payload, applies the mapping template, and passes the mapped request to the
integration endpoint"). A Lambda proxy event has the decoded ``body``, ``isBase64Encoded`` false for
text, and still the ``Content-Encoding`` header (dougmoscrop/serverless-http#194, seen on AWS; the
Qiita post "Amazon API GatewayがContent-Encoding: gzipをサポートをしていた件": gzip and identity pass,
``compress`` fails, the integration gets the expanded data); HTTP_PROXY does not forward the header
(aws-recorded test_apigateway_header_remapping_http[HTTP_PROXY]). An empty body is not decoded
(test_apigateway_header_remapping_aws[AWS_PROXY]: ``Content-Encoding: deflate`` and no body is
served). The API reference's ``minimumCompressionSize``: "When compression is enabled, compression
or decompression is not applied on the payload if the payload size is smaller than this value".

Guesses: the refusal is the UNSUPPORTED_MEDIA_TYPE gateway response (customisable, not in the
execution log: the page says it is not logged when it happens "before your API and stage are
identified"); a missing route still answers 403 first; codings are case-insensitive; several (``gzip,
identity`` or several lines) are undone last first (RFC 9110 8.4), more than ``MAX_CODINGS`` are
refused (a bound); ``deflate`` is the zlib format only (not raw deflate); ``x-gzip`` is unsupported;
a gzip body may hold several members (up to ``MAX_MEMBERS``, a bound), and bytes after the last one
(or after a zlib stream) make it undecodable; an unsupported coding is refused whatever the body's
size, a supported one on a body (as sent) below ``minimumCompressionSize`` reaches the method as
sent; the 10 MB payload limit holds for the decoded body too: past it 413 REQUEST_TOO_LARGE
("Request Too Long", as for an oversize body), found without inflating more than ``limit`` + 1
bytes, so a small "zip bomb" costs no more memory than a legitimate 10 MB request; TestInvokeMethod
(a text body, no front door) decodes nothing.
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Mapping

SUPPORTED = ("gzip", "deflate")
DECODED = ("gzip", "deflate", "identity")  # request codings API Gateway decodes
MAX_CODINGS = 4  # codings one request may list (each undone in at most ``limit`` + 1 bytes)
# gzip members one body may hold: each member's end copies the rest of the body (zlib's
# ``unused_data``), so a body of many empty members would cost time quadratic in its size
MAX_MEMBERS = 64
_GZIP, _ZLIB = 16 + zlib.MAX_WBITS, zlib.MAX_WBITS  # ``wbits`` of a gzip member, of a zlib stream


class Undecodable(ValueError):
    """A request body whose coding API Gateway lacks, or that is not compressed with its coding."""


class TooLarge(ValueError):
    """A request body that decodes to more than the limit."""


def chosen(headers: Mapping[str, str | list[str]]) -> str | None:
    """The coding to compress with for a request's headers (``Accept-Encoding``), or None."""
    sent = [value for name, value in headers.items() if name.lower() == "accept-encoding"]
    if not sent:
        return None
    values = [item for value in sent for item in (value if isinstance(value, list) else [value])]
    best: tuple[float, str] | None = None
    for part in ",".join(str(value) for value in values).split(","):
        coding, _, params = part.strip().partition(";")
        coding = coding.strip().lower()
        if not coding:
            continue
        weight = 1.0
        for param in params.split(";"):
            key, _, value = param.strip().partition("=")
            if key.strip().lower() == "q":
                try:
                    weight = float(value)
                except ValueError:
                    weight = 0.0
        if weight > 0 and (best is None or weight > best[0]):
            best = (weight, coding)
    return best[1] if best is not None and best[1] in SUPPORTED else None


def compress(data: bytes, coding: str) -> bytes:
    """``data`` in ``coding`` (one of ``SUPPORTED``); gzip without a time stamp, so equal answers
    compress to equal bytes."""
    return gzip.compress(data, mtime=0) if coding == "gzip" else zlib.compress(data)


def request_codings(sent: str) -> tuple[str, ...]:
    """The codings a request's ``Content-Encoding`` value lists (lower case, in the order applied);
    ``Undecodable`` for one API Gateway does not decode, or for more than ``MAX_CODINGS``."""
    codings = tuple(part.strip().lower() for part in sent.split(",") if part.strip())
    if len(codings) > MAX_CODINGS or any(coding not in DECODED for coding in codings):
        raise Undecodable(sent)
    return codings


def decompress(data: bytes, codings: tuple[str, ...], limit: int) -> bytes:
    """``data`` with ``codings`` undone, last first; ``TooLarge`` past ``limit`` bytes (at any step,
    found with at most ``limit`` + 1 bytes inflated), ``Undecodable`` for a payload not so compressed."""
    for coding in reversed(codings):
        if coding != "identity":
            data = _inflate(data, _GZIP if coding == "gzip" else _ZLIB, limit)
    return data


def _inflate(data: bytes, wbits: int, limit: int) -> bytes:
    """One coding undone: a zlib stream, or one gzip member after another to the end of ``data``."""
    out = bytearray()
    rest = data
    for _ in range(MAX_MEMBERS):
        engine = zlib.decompressobj(wbits)
        try:  # never more output than one byte past the limit (``max_length`` is at least 1 here)
            out += engine.decompress(rest, limit + 1 - len(out))
        except zlib.error as error:
            raise Undecodable(str(error)) from None
        if len(out) > limit:
            raise TooLarge(f"more than {limit} bytes")
        if not engine.eof:  # the input ended inside the stream
            raise Undecodable("truncated")
        rest = engine.unused_data
        if not rest:
            return bytes(out)
        if wbits != _GZIP:  # bytes after the zlib stream
            raise Undecodable("trailing data")
    raise Undecodable(f"more than {MAX_MEMBERS} gzip members")
