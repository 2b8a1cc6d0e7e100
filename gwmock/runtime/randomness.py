"""Random bytes for the ids every data-plane answer carries (request ids, trace ids, CloudFront ids).

A request needs about ten of them; one ``os.urandom`` system call each costs more than the rest
of their making, so they are cut from a buffer refilled 4 KB at a time (still the OS's CSPRNG).
"""

from __future__ import annotations

import os
import threading

_CHUNK = 4096
_lock = threading.Lock()
_buffer = b""
_at = 0


def random_bytes(n: int) -> bytes:
    """``n`` fresh random bytes (never handed out twice, whichever thread asks)."""
    global _buffer, _at  # noqa: PLW0603 - the shared buffer, guarded by the lock
    with _lock:
        if _at + n > len(_buffer):
            _buffer, _at = os.urandom(max(_CHUNK, n)), 0
        out = _buffer[_at:_at + n]
        _at += n
    return out


def random_hex(n: int) -> str:
    """``n`` random bytes as ``2n`` hex digits."""
    return random_bytes(n).hex()


def uuid4() -> str:
    """A random (version 4) UUID as text, like ``str(uuid.uuid4())``."""
    raw = bytearray(random_bytes(16))
    raw[6] = (raw[6] & 0x0F) | 0x40  # version 4
    raw[8] = (raw[8] & 0x3F) | 0x80  # RFC 4122 variant
    text = raw.hex()  # formatted here: uuid.UUID's constructor costs several times the rest
    return f"{text[:8]}-{text[8:12]}-{text[12:16]}-{text[16:20]}-{text[20:]}"
