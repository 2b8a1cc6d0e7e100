"""Regular expressions that come from an API's configuration, matched with a time limit.

An authorizer's ``identityValidationExpression``, an integration response's
``selectionPattern`` and a model's ``pattern``/``patternProperties`` are written by whoever
configures the API, and the text they run on comes from the caller: Python's ``re`` would
backtrack for minutes on ``^(a+)+$`` against thirty ``a`` and a ``!``, holding the interpreter
(a server mode process stops answering everything). They run through the ``regex`` module
(a runtime dependency) with ``TIMEOUT`` per match: one that runs out raises
``PatternTimeout``, which each caller turns into AWS's answer for a failed match. A pattern
that does not compile never matches (each caller documents what it answers). Mapping templates'
Java string methods (``matches``, ``replaceAll``, ``split``: ``gwmock.runtime.vtl.methods``) take
their patterns from ``compile`` and match with ``TIMEOUT`` too.
"""

from __future__ import annotations

import functools
from typing import Any

import regex

TIMEOUT = 0.1  # seconds one match may take (Java's engine has no such limit; API Gateway's 29 s would)
MAX_PATTERN = 10_000  # characters: longer ones are refused before compiling


class PatternTimeout(Exception):
    """The pattern ran out of time on this text."""


class BadPattern(ValueError):
    """The pattern does not compile (or is too long)."""


def compile(pattern: str) -> Any:  # noqa: A001 - the module's one compiler, as ``regex.compile``
    """``pattern`` compiled (cached), or ``BadPattern``; match it with ``timeout=TIMEOUT``."""
    return _compiled(pattern, 0)


@functools.lru_cache(maxsize=512)
def _compiled(pattern: str, flags: int) -> Any:
    if len(pattern) > MAX_PATTERN:
        raise BadPattern("regular expression too long")
    try:
        return regex.compile(pattern, flags)
    except (regex.error, ValueError, OverflowError, RecursionError) as error:
        raise BadPattern(str(error)) from None


def search(pattern: str, subject: str) -> bool:
    """``re.search``'s answer, or ``PatternTimeout``/``BadPattern``."""
    return _run(_compiled(pattern, 0).search, subject)


def fullmatch(pattern: str, subject: str, *, dotall: bool = False) -> bool:
    """``re.fullmatch``'s answer (``dotall``: ``.`` matches line ends), or ``PatternTimeout``/``BadPattern``."""
    return _run(_compiled(pattern, regex.DOTALL if dotall else 0).fullmatch, subject)


def _run(method: Any, subject: str) -> bool:
    try:
        return method(subject, timeout=TIMEOUT) is not None
    except TimeoutError:
        raise PatternTimeout from None
