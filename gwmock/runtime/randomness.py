"""Random ids every data-plane answer carries (request ids, trace ids, CloudFront ids).

A request needs about ten of them. They name things, they guard nothing, so they come from
``gwmock.ids``' private generator (seeded by the OS, seeded again in a forked child); the
module ``random`` is not touched, so a test that seeds it keeps its own sequence.
"""

from __future__ import annotations

from gwmock.ids import random_bits, random_bytes

__all__ = ["random_bytes", "random_hex", "uuid4"]


def random_hex(n: int) -> str:
    """``n`` random bytes as ``2n`` lowercase hex digits."""
    return random_bytes(n).hex()


def uuid4() -> str:
    """A random (version 4) UUID as text, like ``str(uuid.uuid4())``: 128 random bits with the
    version and variant bits set as ``uuid.UUID`` sets them, formatted here (``uuid.UUID``'s
    constructor costs several times the rest)."""
    text = "%032x" % ((random_bits(128) & _KEEP) | _VERSION_4)
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"


_KEEP = ~((0xC000 << 48) | (0xF000 << 64))  # the variant's two bits, the version's four
_VERSION_4 = (0x8000 << 48) | (4 << 76)  # RFC 4122 variant, version 4
