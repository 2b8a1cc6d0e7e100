"""Integration responses' ``selectionPattern``: refused at PutIntegrationResponse (and import) when
Java's ``Pattern.compile`` would refuse it, decided by its structure alone."""

from __future__ import annotations

import re

from gwmock.errors import BadRequest


def check_selection_pattern(pattern: str) -> None:
    """A 400 for a pattern Java's ``Pattern.compile`` refuses by its structure: an unclosed group or
    character class, an unmatched ``)``, a quantifier with nothing to repeat, a ``{`` that is not a
    repetition ``{n}``/``{n,}``/``{n,m}`` (n <= m < 2**31) and a trailing ``\\``. One linear scan,
    nothing compiled: Python's engines differ from Java's on escapes (``\\Q..\\E``, ``\\cA``) and
    compiling nested repetitions (``((a{1000}){1000}){1000}``) exhausts memory; Java compiles those.
    A pattern that compiles is taken whatever it costs to run (the data plane bounds matching).
    Guess: AWS's wording (its answer is a 400; its message is not recorded)."""
    if _pattern_problem(pattern):
        raise BadRequest(f"Invalid selection pattern specified: {pattern[:100]}")


_REPEAT = re.compile(r"\{([0-9]{1,10})(,([0-9]{0,10}))?\}")
_NOTHING, _ATOM, _QUANTIFIED = 0, 1, 2  # what precedes a quantifier: nothing to repeat, an atom, a quantifier


def _pattern_problem(pattern: str) -> bool:
    depth, i, before = 0, 0, _NOTHING
    while i < len(pattern):
        char = pattern[i]
        if char in "*+?{":
            # a quantifier needs an atom; after one, only ``?`` (lazy) or ``+`` (possessive) may follow
            if before == _NOTHING or (before == _QUANTIFIED and char not in "?+"):
                return True
            found = _REPEAT.match(pattern, i) if char == "{" else None
            if char == "{" and (found is None or _bad_range(found)):
                return True
            i, before = (found.end() if found else i + 1), (_QUANTIFIED if before == _ATOM else _NOTHING)
            continue
        if char == "\\":
            i = _escape_end(pattern, i)
        elif char == "[":
            i = _class_end(pattern, i)
        elif char == "(":
            depth, i = depth + 1, i + (2 if pattern.startswith("(?", i) else 1)
        else:
            depth -= char == ")"
            i += 1
        if i < 0 or depth < 0:
            return True
        before = _NOTHING if char in "(|" else _ATOM
    return depth != 0


def _escape_end(pattern: str, start: int) -> int:
    """Where the escape at ``start`` ends: after ``\\Q...\\E`` (or the pattern), after ``\\x``; -1 for a
    trailing backslash."""
    if pattern.startswith("\\Q", start):
        close = pattern.find("\\E", start + 2)
        return len(pattern) if close < 0 else close + 2
    return start + 2 if start + 1 < len(pattern) else -1


def _bad_range(found: re.Match[str]) -> bool:
    low = int(found[1])
    high = low if found[2] is None else (int(found[3]) if found[3] else 2**31 - 1)
    return not low <= high < 2**31


def _class_end(pattern: str, start: int) -> int:
    """Where the character class opening at ``start`` ends (after its ``]``), or -1 when unclosed;
    classes nest (``[a-z&&[^e]]``) and a ``]`` first in a class is literal."""
    depth, i, end = 0, start, len(pattern)
    while i < end:
        char = pattern[i]
        if char == "\\":
            i += 2
            continue
        if char == "[":
            depth += 1
            i += 1
            if pattern.startswith("^", i):
                i += 1
            if pattern.startswith("]", i):
                i += 1
            continue
        if char == "]":
            depth -= 1
            if depth == 0:
                return i + 1
        i += 1
    return -1
