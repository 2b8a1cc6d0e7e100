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

A decision that tries many patterns on one text (the integration responses of a REST method or of
a WebSocket integration: AWS sets no small limit on their number), or many texts against patterns
(the validation of one request body against its model: every property name and string value),
shares one ``Budget`` of
``BUDGET`` seconds: each match gets what is left of it (at most ``TIMEOUT``), and once it is spent
every further pattern times out at once. So hundreds of catastrophic patterns cost one request
``BUDGET``, not hundreds of ``TIMEOUT``s.
"""

from __future__ import annotations

import functools
from typing import Any

import regex

from gwmock import clock

TIMEOUT = 0.1  # seconds one match may take (Java's engine has no such limit; API Gateway's 29 s would)
MAX_PATTERN = 10_000  # characters: longer ones are refused before compiling
MAX_EXPANSION = 200_000  # atoms once counted repetitions are written out (``_expansion``)
BUDGET = 0.3  # seconds all the patterns of one decision may take together


class Budget:
    """The time the matches of one decision may still take (``BUDGET`` from its creation)."""

    __slots__ = ("_end",)

    def __init__(self, seconds: float = BUDGET) -> None:
        self._end = clock.monotonic() + seconds

    def left(self) -> float:
        return min(TIMEOUT, self._end - clock.monotonic())


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
    if _expansion(pattern) > MAX_EXPANSION:
        raise BadPattern("counted repetitions nest too deep")
    try:
        return regex.compile(pattern, flags)
    except (regex.error, ValueError, OverflowError, RecursionError) as error:
        raise BadPattern(str(error)) from None


_COUNT = regex.compile(r"\{(\d*)(?:(,)(\d*))?\}")


def _expansion(pattern: str) -> int:
    """How large ``pattern`` grows once its exact counts (``{n}``) are written out, as ``regex.compile``
    writes them (ranges it does not; Java's engine writes out neither): ``((a{1000}){1000}){1000}`` is
    10^9 atoms, a ``MemoryError`` after seconds, where ``a{20000}`` or ``.{1,1000000}`` compile in
    milliseconds. An upper bound (alternatives add up); it stops counting past ``MAX_EXPANSION``."""
    open_groups = [0]  # the size so far of each group still open, the whole pattern first
    last = 0  # the size of the element a quantifier would repeat
    i, end = 0, len(pattern)
    while i < end and open_groups[-1] <= MAX_EXPANSION:
        char = pattern[i]
        if char == "(":
            open_groups.append(0)
            i += 1
            continue
        if char == ")" and len(open_groups) > 1:
            last = open_groups.pop()
            open_groups[-1] += last
            i += 1
            continue
        counted = _COUNT.match(pattern, i) if char == "{" else None
        if counted is not None:
            low, comma, high = counted.groups()
            if low and (not comma or high == low):  # {n} and {n,n} are written out; ranges are not
                grown = last * max(int(low), 1) if len(low) < 7 else MAX_EXPANSION + 1
                open_groups[-1] += grown - last
                last = grown
            if low or high:
                i = counted.end()
                continue
        if char == "\\":
            i += 1  # the escaped character is one atom
        elif char == "[":  # a class is one atom, whatever it lists
            i += 1
            i += 1 if pattern.startswith("^", i) else 0
            i += 1 if pattern.startswith("]", i) else 0  # a leading ] is listed, not the end
            while i < end and pattern[i] != "]":
                i += 2 if pattern[i] == "\\" else 1
        if char not in "*+?|":
            last = 1
            open_groups[-1] += 1
        i += 1
    return sum(open_groups)


def search(pattern: str, subject: str, *, budget: Budget | None = None) -> bool:
    """``re.search``'s answer, or ``PatternTimeout``/``BadPattern``; with ``budget``, within what is
    left of it."""
    return _run(_compiled(pattern, 0).search, subject, budget)


def fullmatch(pattern: str, subject: str, *, dotall: bool = False, budget: Budget | None = None) -> bool:
    """``re.fullmatch``'s answer (``dotall``: ``.`` matches line ends), or ``PatternTimeout``/``BadPattern``;
    with ``budget``, within what is left of it."""
    return _run(_compiled(pattern, regex.DOTALL if dotall else 0).fullmatch, subject, budget)


def _run(method: Any, subject: str, budget: Budget | None = None) -> bool:
    timeout = TIMEOUT if budget is None else budget.left()
    if timeout <= 0:
        raise PatternTimeout
    try:
        return method(subject, timeout=timeout) is not None
    except TimeoutError:
        raise PatternTimeout from None
