"""Identifiers and timestamps in AWS's formats.

Ids come from a private ``random.Random`` seeded from the OS: a third of the cost of an
``os.urandom`` system call per id. Private, so that a test seeding the global ``random``
(hypothesis does, per example) cannot make a second API get the first one's id; reseeded
in a forked child, so that two server workers sharing a SQLite file never draw the same ids.
"""

from __future__ import annotations

import os
import random
import string
import time

_LOWER = string.ascii_lowercase + string.digits
_MIXED = string.ascii_letters + string.digits


def _table(alphabet: str) -> bytes:
    """Byte value -> a character of ``alphabet``, for ``bytes.translate``."""
    return bytes(ord(alphabet[b % len(alphabet)]) for b in range(256))


_TABLES = {_LOWER: _table(_LOWER), _MIXED: _table(_MIXED)}
_LOWER_TABLE = _TABLES[_LOWER]
_MIXED_TABLE = _TABLES[_MIXED]

_random = random.Random()  # seeded from os.urandom
_bits = random_bits = _random.getrandbits  # k random bits as an int (one C call)
if hasattr(os, "register_at_fork"):
    os.register_at_fork(after_in_child=_random.seed)


def random_bytes(n: int) -> bytes:
    """``n`` random bytes from the private generator (one C call: atomic under the GIL, so two
    threads never receive the same bits). They name things; they guard nothing."""
    return _bits(8 * n).to_bytes(n, "little") if n > 0 else b""


def random_string(alphabet: str, length: int) -> str:
    """``length`` characters of ``alphabet``. The bytes are mapped to it in C; the slight modulo
    bias is irrelevant for fake identifiers."""
    return random_bytes(length).translate(_TABLES.get(alphabet) or _table(alphabet)).decode()


def new_id(length: int = 10) -> str:
    """Lowercase alphanumerics: REST API ids are 10 long, most others 6.

    ``random_bytes`` written out: a Create* call makes up to four ids, and the extra call
    cost a fifth of each."""
    return _bits(8 * length).to_bytes(length, "little").translate(_LOWER_TABLE).decode()


def api_key_value(length: int = 40) -> str:
    """API key values are 40 mixed-case alphanumerics."""
    return random_bytes(length).translate(_MIXED_TABLE).decode()


def now() -> int:
    """Timestamps are stored as whole epoch seconds, as AWS returns them."""
    return int(time.time())
