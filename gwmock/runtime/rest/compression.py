"""Payload compression of REST API answers ("Payload compression for REST APIs in API Gateway",
"Receive an API response with a compressed payload", "Enable payload compression for an API").

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
"""

from __future__ import annotations

import gzip
import zlib
from collections.abc import Mapping

SUPPORTED = ("gzip", "deflate")


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
