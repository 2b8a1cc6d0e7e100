"""``json.dumps`` without its per-call set-up, for the text gwmock writes on every answer.

``json.dumps`` builds a ``JSONEncoder`` and a C encoder on each call, which costs more
than encoding a small answer. The encoders here are built once and give the same text
as ``json.dumps(value)`` (``spaced``) and ``json.dumps(value, separators=(",", ":"))``
(``compact``): ASCII only, NaN allowed, keys in insertion order. They skip the circular
reference check: what gwmock encodes comes from JSON or from its own records, never a
cycle (one would end in ``RecursionError``, an internal error, not a hang).
"""

from __future__ import annotations

import json
from collections.abc import Callable
from typing import Any

__all__ = ["compact", "spaced"]


def _encoder(item_separator: str, key_separator: str) -> Callable[[Any], str]:
    make = getattr(json.encoder, "c_make_encoder", None)
    if make is None:  # an interpreter without the _json accelerator
        return lambda value: json.dumps(value, separators=(item_separator, key_separator))
    default = json.JSONEncoder().default  # raises TypeError for what JSON cannot hold, as json.dumps does
    chunks = make(None, default, json.encoder.encode_basestring_ascii, None, key_separator, item_separator,
                  False, False, True)
    return lambda value: "".join(chunks(value, 0))


compact: Callable[[Any], str] = _encoder(",", ":")
spaced: Callable[[Any], str] = _encoder(", ", ": ")
