"""Random bytes for the ids every data-plane answer carries (request ids, trace ids, CloudFront ids).

A request needs about ten of them; one ``os.urandom`` system call each costs more than the rest
of their making, so they are cut from a buffer refilled 4 KB at a time (still the OS's CSPRNG).
"""

from __future__ import annotations

import os
import threading
import uuid

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
    return str(uuid.UUID(bytes=random_bytes(16), version=4))
