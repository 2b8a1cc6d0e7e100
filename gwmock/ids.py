"""Identifiers and timestamps in AWS's formats."""

from __future__ import annotations

import os
import string
import time

_LOWER = string.ascii_lowercase + string.digits
_MIXED = string.ascii_letters + string.digits


def _table(alphabet: str) -> bytes:
    """Byte value -> a character of ``alphabet``, for ``bytes.translate``."""
    return bytes(ord(alphabet[b % len(alphabet)]) for b in range(256))


_TABLES = {_LOWER: _table(_LOWER), _MIXED: _table(_MIXED)}


def _random_string(alphabet: str, length: int) -> str:
    # One urandom call per id, mapped to the alphabet in C (a per-character SystemRandom
    # costs ten times more); the slight modulo bias is irrelevant for fake identifiers.
    return os.urandom(length).translate(_TABLES.get(alphabet) or _table(alphabet)).decode()


def new_id(length: int = 10) -> str:
    """Lowercase alphanumerics: REST API ids are 10 long, most others 6."""
    return _random_string(_LOWER, length)


def api_key_value(length: int = 40) -> str:
    """API key values are 40 mixed-case alphanumerics."""
    return _random_string(_MIXED, length)


def now() -> int:
    """Timestamps are stored as whole epoch seconds, as AWS returns them."""
    return int(time.time())
