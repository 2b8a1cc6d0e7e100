"""Identifiers and timestamps in AWS's formats."""

from __future__ import annotations

import random
import string
import time

_rng = random.SystemRandom()
_LOWER = string.ascii_lowercase + string.digits
_MIXED = string.ascii_letters + string.digits


def new_id(length: int = 10) -> str:
    """Lowercase alphanumerics: REST API and resource ids are 10 long, most others 6."""
    return "".join(_rng.choices(_LOWER, k=length))


def api_key_value(length: int = 40) -> str:
    """API key values are 40 mixed-case alphanumerics."""
    return "".join(_rng.choices(_MIXED, k=length))


def now() -> int:
    """Timestamps are stored as whole epoch seconds, as AWS returns them."""
    return int(time.time())
