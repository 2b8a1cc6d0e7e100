"""Random ids every data-plane answer carries (request ids, trace ids, CloudFront ids).

A request needs about ten of them. They name things, they guard nothing, so they come from
``gwmock.ids``' private generator (seeded by the OS, seeded again in a forked child); the
module ``random`` is not touched, so a test that seeds it keeps its own sequence.
"""

from __future__ import annotations

from gwmock.ids import random_bytes

__all__ = ["random_bytes", "random_hex", "uuid4"]


def random_hex(n: int) -> str:
    """``n`` random bytes as ``2n`` lowercase hex digits."""
    return random_bytes(n).hex()


def uuid4() -> str:
    """A random (version 4) UUID as text, like ``str(uuid.uuid4())``."""
    raw = bytearray(random_bytes(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()  # formatted here: uuid.UUID's constructor costs several times the rest
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
