"""Random ids every data-plane answer carries (request ids, trace ids, CloudFront ids).

A request needs about ten of them. They name things, they guard nothing, so they come from a
private Mersenne Twister seeded by the OS (``os.urandom``) and seeded again in a forked child:
one ``getrandbits`` is a single C call, atomic under the GIL, so no lock is needed and two
threads never receive the same bits. The module ``random`` is not touched, so a test that seeds
it keeps its own sequence.
"""

from __future__ import annotations

import os
import random

_rng = random.Random(os.urandom(32))
_bits = _rng.getrandbits
os.register_at_fork(after_in_child=lambda: _rng.seed(os.urandom(32)))

# uuid4: version nibble 4 (bits 76-79), RFC 4122 variant 10 (bits 62-63)
_UUID_CLEAR = ~((0xF << 76) | (0x3 << 62))
_UUID_SET = (0x4 << 76) | (0x2 << 62)


def random_bytes(n: int) -> bytes:
    """``n`` fresh random bytes."""
    return _bits(n * 8).to_bytes(n, "little") if n > 0 else b""


def random_hex(n: int) -> str:
    """``n`` random bytes as ``2n`` lowercase hex digits."""
    return _bits(n * 8).to_bytes(n, "little").hex() if n > 0 else ""


def uuid4() -> str:
    """A random (version 4) UUID as text, like ``str(uuid.uuid4())``."""
    text = ((_bits(128) & _UUID_CLEAR) | _UUID_SET).to_bytes(16, "big").hex()  # uuid.UUID costs several times this
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
