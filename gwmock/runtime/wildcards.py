"""IAM's wildcards (``*``: any run of characters, ``?``: any one) matched in time linear in the value.

Resource policies, and the policies Lambda authorizers return (REST, HTTP and WebSocket APIs), are
user data: a regular expression of ``.*`` runs backtracks without end on a pattern such as
``*a*a*a*a*b``, whereas ``Glob`` takes each run between two ``*`` at its leftmost place.
Hostile sizes: a run of stars is one star; ``matches`` refuses a pattern longer than the value
(stars aside) before compiling it; patterns over ``CACHED_MAX`` characters are not cached.
"""

from __future__ import annotations

import functools
import re


class _Chunk:
    """A run of a pattern between two ``*``: literal text, ``?`` standing for any one character."""

    __slots__ = ("size", "text", "_lead", "_regex", "_rest", "_rest_regex")

    def __init__(self, text: str) -> None:
        self.text, self.size = text, len(text)
        # literals and "." only: a fixed-length pattern, matched without backtracking
        self._regex = _fixed(text) if "?" in text else None
        # searching, leading "?"s only shift the place: the rest, which starts with a literal, is
        # what is looked for (str.find, or a regular expression the engine finds by its literal prefix)
        self._lead = len(text) - len(text.lstrip("?"))
        self._rest = text[self._lead:]
        self._rest_regex = _fixed(self._rest) if "?" in self._rest else None

    def at(self, value: str, pos: int) -> bool:
        if self._regex is None:
            return value.startswith(self.text, pos)
        return self._regex.match(value, pos) is not None

    def find(self, value: str, pos: int, end: int) -> int:
        """The leftmost place at or after ``pos`` where the chunk matches, ending by ``end``; -1 if none."""
        if self._regex is None:
            return value.find(self.text, pos, end)
        lead, rest = self._lead, self._rest
        if not rest:  # only "?"s: anywhere with room
            return pos if end - pos >= self.size else -1
        if self._rest_regex is None:
            found = value.find(rest, pos + lead, end)
        else:
            hit = self._rest_regex.search(value, pos + lead, end)
            found = -1 if hit is None else hit.start()
        return -1 if found < 0 else found - lead


def _fixed(text: str) -> re.Pattern[str]:
    return re.compile("".join("." if c == "?" else re.escape(c) for c in text), re.DOTALL)


class Glob:
    """An IAM wildcard pattern (``*``: any run of characters, ``?``: any one), matched in time
    linear in the value: the part before the first ``*`` must start the value, the part after the
    last end it, and each part between is taken at its leftmost place after the previous one
    (which leaves the most room to the rest, so a match is never missed)."""

    __slots__ = ("_exact", "_first", "_last", "_least", "_middle")

    def __init__(self, pattern: str) -> None:
        if "**" in pattern:  # a run of stars is one star: a million of them must not be a million chunks
            pattern = _STARS.sub("*", pattern)
        chunks = [_Chunk(part) for part in pattern.split("*")]
        self._exact = chunks[0] if len(chunks) == 1 else None
        self._first, self._last = chunks[0], chunks[-1]
        self._middle = tuple(chunk for chunk in chunks[1:-1] if chunk.size)
        self._least = self._first.size + self._last.size + sum(chunk.size for chunk in self._middle)

    def match(self, value: str) -> bool:
        exact = self._exact
        if exact is not None:
            return len(value) == exact.size and exact.at(value, 0)
        size = len(value)
        if size < self._least:
            return False
        first, last = self._first, self._last
        end = size - last.size
        if not first.at(value, 0) or not last.at(value, end):
            return False
        pos = first.size
        for chunk in self._middle:
            found = chunk.find(value, pos, end)
            if found < 0:
                return False
            pos = found + chunk.size
        return True


_STARS = re.compile(r"\*{2,}")
CACHED_MAX = 2048  # characters: longer patterns are compiled each time, never kept (4,096 of them at
# 100 KB each, with their chunks' regular expressions, would hold gigabytes)


def glob(pattern: str) -> Glob:
    """``Glob(pattern)``, compiled once when short (authorizer policies are evaluated on every request)."""
    return _cached(pattern) if len(pattern) <= CACHED_MAX else Glob(pattern)


@functools.lru_cache(maxsize=4096)
def _cached(pattern: str) -> Glob:
    return Glob(pattern)


def matches(pattern: str, value: str) -> bool:
    """Whether ``value`` matches ``pattern``; a pattern needing more characters than ``value`` has
    (its text less its stars) fails without being compiled, so a 100 KB resource in a policy costs
    one count against a method ARN, not a compiled regular expression."""
    if len(pattern) > len(value) and len(pattern) - pattern.count("*") > len(value):
        return False
    return glob(pattern).match(value)
