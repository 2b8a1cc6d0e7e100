"""How AWS Lambda reads the payload of a non-proxy (AWS) integration, and what it says when the
payload is not JSON.

Lambda parses the payload with Jackson before the function runs; a payload it cannot parse is
refused with 400 ``InvalidRequestContentException`` and the function is never called (serverless
#2270: "The method integration is never called"). API Gateway answers the caller 400 with Lambda's
message (the blog post "Configuring API Gateway for GraphQL Lambda functions", Dec 2016: ``HTTP/1.1
400 Bad Request`` ... ``{"message": "Could not parse request body into json: Unrecognized token
\\'eyBwcm9kdWN0cyB7IGNvZGUgfSB9\\': was expecting ...``). Recent reports carry a second prefix and
Jackson 2.10+ wording (srcecde/aws-tutorial-code#4, 2021: ``Could not parse request body into json:
Could not parse payload into json: Unrecognized token '...': was expecting (JSON String, Number,
Array, Object or token 'null', 'true' or 'false')``; podaac/hydrocron#64, 2023: ``Unexpected character
('"' (code 34)): was expecting comma to separate Object entries``), and the newest hide the payload
(``at [Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: 1,
column: 52]``, Lambda Invoke, Jackson 2.16+).

``read(text)`` returns the payload's value, or raises ``NotJson`` with Jackson's description of the
first error and its location. The descriptions are Jackson's own wording for each case (unrecognized
token, unexpected character with the expectation at that point, illegal unquoted character, bad
escape, numbers, end of input, mismatched close marker, nesting depth), so the common cases read as
AWS's do.

Guesses: the exact Jackson text cannot be matched for every input (Jackson version, which parser
class, byte or character columns): characters are described and columns counted per character (a
Reader-based parser), not per UTF-8 byte; a value followed by more text is read as that value, as
Jackson does without ``FAIL_ON_TRAILING_TOKENS``, except a number followed by a non-space character
("Expected space separating root-level values"); ``NaN`` and ``Infinity`` are refused as Jackson's
"Non-standard token"; a document nested deeper than 1000 is refused with ``StreamReadConstraints``'
message. The work is one pass over the text, without recursion.
"""

from __future__ import annotations

import json
import re
from typing import Any

__all__ = ["NotJson", "read"]

_SOURCE = "[Source: REDACTED (`StreamReadFeature.INCLUDE_SOURCE_IN_LOCATION` disabled); line: {}, column: {}]"
_VALUES = "(JSON String, Number, Array, Object or token 'null', 'true' or 'false')"
_MAX_DEPTH = 1000  # StreamReadConstraints.DEFAULT_MAX_DEPTH
_MAX_NUMBER = 1000  # StreamReadConstraints.DEFAULT_MAX_NUM_LEN
_MAX_TOKEN = 256  # ErrorReportConfiguration.DEFAULT_MAX_ERROR_TOKEN_LENGTH
_WHITESPACE = " \t\n\r"
_STRING_RUN = re.compile(r'[^"\\\x00-\x1f]*')
_DIGITS = re.compile(r"[0-9]*")
_BREAK = re.compile(r"\r\n|\r|\n")
_ESCAPES = frozenset('"\\/bfnrtu')
_HEX = frozenset("0123456789abcdefABCDEF")


class NotJson(ValueError):
    """A payload Lambda refuses: ``str(error)`` is Jackson's description and location."""


def read(text: str) -> Any:
    """The value of ``text`` as Lambda reads it (an empty payload is ``{}``)."""
    if not text.strip(_WHITESPACE):
        return {}
    try:
        return _DECODER.decode(text)
    except (ValueError, RecursionError):
        pass
    start, end = _first_value(text)  # raises NotJson at the first error Jackson reports
    try:
        return _DECODER.raw_decode(text[:end], start)[0]
    except RecursionError:  # valid for Jackson, too deep for Python's decoder near the stack limit
        raise NotJson(_at(text, "Document nesting too deep for gwmock's JSON decoder", end)) from None


def _non_standard(name: str) -> Any:
    raise ValueError(name)  # NaN, Infinity: Python reads them, Jackson does not


_DECODER = json.JSONDecoder(parse_constant=_non_standard)


class _Error(Exception):
    def __init__(self, description: str, at: int, consumed: bool = True) -> None:
        super().__init__(description)
        self.description, self.at, self.consumed = description, at, consumed


def _first_value(text: str) -> tuple[int, int]:
    """Where the first JSON value of ``text`` starts and ends (Jackson reads only that one)."""
    try:
        start = 1 if text.startswith("\ufeff") else 0  # Jackson skips a byte order mark
        return start, _Scanner(text).value_end(start)
    except _Error as error:
        raise NotJson(_at(text, error.description, error.at, error.consumed)) from None


def _at(text: str, description: str, at: int, consumed: bool = False) -> str:
    """``description`` with Jackson's location of the character at ``at`` (1-based line and column,
    the column past that character when the parser consumed it)."""
    line, line_start = 1, 0
    for found in _BREAK.finditer(text, 0, at):
        line, line_start = line + 1, found.end()
    return f"{description}\n at {_SOURCE.format(line, at - line_start + 1 + consumed)}"


def _char(c: str) -> str:
    """Jackson's ``_getCharDesc``."""
    code = ord(c)
    if code < 0x20 or 0x7F <= code <= 0x9F:
        return f"(CTRL-CHAR, code {code})"
    if code > 255:
        return f"'{c}' (code {code} / 0x{code:x})"
    return f"'{c}' (code {code})"


def _identifier_start(c: str) -> bool:
    return c.isidentifier() or c == "$"


def _identifier_part(c: str) -> bool:
    return ("a" + c).isidentifier() or c == "$"


class _Scanner:
    """One pass over a JSON text with an explicit stack, raising ``_Error`` where Jackson would."""

    def __init__(self, text: str) -> None:
        self.text, self.n = text, len(text)
        self.stack: list[tuple[str, int]] = []  # open markers and where they are

    def value_end(self, i: int) -> int:
        text, n, stack = self.text, self.n, self.stack
        expect = "value"  # or "name" (after ``{`` or a comma in an object) or "after" (a value was read)
        while True:
            i = self._skip(i)
            if expect == "value":
                i, expect = self._value(i)
            elif expect == "name":
                i, expect = self._name(i), "value"
            elif not stack:  # the first value is read; Jackson leaves the rest unread
                return i
            elif i >= n:
                raise self._eof()
            else:
                c, (marker, at) = text[i], stack[-1]
                close, kind = ("}", "Object") if marker == "{" else ("]", "Array")
                if c == ",":
                    i, expect = i + 1, "name" if marker == "{" else "value"
                elif c == close:
                    stack.pop()
                    i += 1
                elif c in "]}":
                    raise _Error(f"Unexpected close marker '{c}': expected '{close}' (for {kind} starting at "
                                 f"{self._location(at)})", i)
                else:
                    raise _Error(f"Unexpected character ({_char(c)}): was expecting comma to separate {kind} "
                                 "entries", i)

    def _skip(self, i: int) -> int:
        text, n = self.text, self.n
        while i < n and text[i] in _WHITESPACE:
            i += 1
        return i

    def _eof(self) -> _Error:
        if not self.stack:
            return _Error(f"Unexpected end-of-input: expected a valid value {_VALUES}", self.n, consumed=False)
        marker, at = self.stack[-1]
        kind = "Object" if marker == "{" else "Array"
        return _Error(f"Unexpected end-of-input: expected close marker for {kind} (start marker at "
                      f"{self._location(at)})", self.n, consumed=False)

    def _location(self, at: int) -> str:
        """Jackson's ``[Source: ...; line: L, column: C]`` of the character at ``at``."""
        return _at(self.text, "", at).partition(" at ")[2]

    def _name(self, i: int) -> int:
        """Past the colon after a field name starting at ``i``."""
        text, n = self.text, self.n
        if i >= n:
            raise self._eof()
        if text[i] != '"':
            raise _Error(f"Unexpected character ({_char(text[i])}): was expecting double-quote to start field name",
                         i)
        i = self._skip(self._string(i + 1, "name"))
        if i >= n:
            raise self._eof()
        if text[i] != ":":
            raise _Error(f"Unexpected character ({_char(text[i])}): was expecting a colon to separate field name "
                         "and value", i)
        return i + 1

    def _value(self, i: int) -> tuple[int, str]:
        """A value starting at ``i``: past a scalar (then "after"), or into a container."""
        text, n = self.text, self.n
        if i >= n:
            raise self._eof()
        c = text[i]
        if c in "{[":
            if len(self.stack) >= _MAX_DEPTH:
                raise _Error(f"Document nesting depth ({_MAX_DEPTH + 1}) exceeds the maximum allowed "
                             f"({_MAX_DEPTH}, from `StreamReadConstraints.getMaxNestingDepth()`)", i)
            self.stack.append((c, i))
            j = self._skip(i + 1)
            if j < n and text[j] == ("}" if c == "{" else "]"):
                self.stack.pop()
                return j + 1, "after"
            return j, "name" if c == "{" else "value"
        if c == '"':
            return self._string(i + 1, "string value"), "after"
        if c == "-" or "0" <= c <= "9":
            return self._number(i), "after"
        if c in ",]}":
            raise _Error(f"Unexpected character ({_char(c)}): expected a value", i)
        if not _identifier_start(c):
            raise _Error(f"Unexpected character ({_char(c)}): expected a valid value {_VALUES}", i)
        j = i + 1
        while j < n and j - i < _MAX_TOKEN and _identifier_part(text[j]):
            j += 1
        word = text[i:j]
        if word in ("true", "false", "null"):
            return j, "after"
        if word in ("NaN", "Infinity"):
            raise _Error(f"Non-standard token '{word}': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` to allow",
                         j, consumed=False)
        if j - i >= _MAX_TOKEN:
            raise _Error(f"Unrecognized token '{word}...': was expecting {_VALUES}", j, consumed=False)
        # Jackson reads (consumes) the character that ends the token
        raise _Error(f"Unrecognized token '{word}': was expecting {_VALUES}", j, consumed=j < n)

    def _string(self, i: int, where: str) -> int:
        """Past the closing quote of the string whose text starts at ``i``."""
        text, n = self.text, self.n
        while True:
            i = _STRING_RUN.match(text, i).end()  # type: ignore[union-attr]  # always matches
            if i >= n:
                if where == "name":
                    raise _Error("Unexpected end-of-input in field name", n, consumed=False)
                raise _Error("Unexpected end-of-input: was expecting closing quote for a string value", n,
                             consumed=False)
            c = text[i]
            if c == '"':
                return i + 1
            if c != "\\":
                raise _Error(f"Illegal unquoted character ({_char(c)}): has to be escaped using backslash to be "
                             f"included in {where}", i)
            if i + 1 >= n:
                raise _Error("Unexpected end-of-input in character escape sequence", n, consumed=False)
            escaped = text[i + 1]
            if escaped not in _ESCAPES:
                raise _Error(f"Unrecognized character escape {_char(escaped)}", i + 1)
            i += 2
            if escaped == "u":
                for k in range(i, i + 4):
                    if k >= n:
                        raise _Error("Unexpected end-of-input in character escape sequence", n, consumed=False)
                    if text[k] not in _HEX:
                        raise _Error(f"Unexpected character ({_char(text[k])}): expected a hex-digit for character "
                                     "escape sequence", k)
                i += 4

    def _number(self, i: int) -> int:
        text, n = self.text, self.n
        start = i
        if text[i] == "-":
            i += 1
            if i >= n:
                raise _Error("Unexpected end-of-input in a Number value", n, consumed=False)
            if text[i:i + 8] == "Infinity":
                raise _Error("Non-standard token '-Infinity': enable `JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS` "
                             "to allow", i + 8, consumed=False)
            if not "0" <= text[i] <= "9":
                raise _Error(f"Unexpected character ({_char(text[i])}) in numeric value: expected digit (0-9) to "
                             "follow minus sign, for valid numeric value", i)
        digits = _DIGITS.match(text, i).end()  # type: ignore[union-attr]  # always matches
        if text[i] == "0" and digits - i > 1:
            raise _Error("Invalid numeric value: Leading zeroes not allowed", i + 1, consumed=False)
        i = digits
        for mark, problem in ((".", "Decimal point"), ("e", "Exponent indicator")):
            if i < n and text[i].lower() == mark:
                i += 1
                if mark == "e" and i < n and text[i] in "+-":
                    i += 1
                if i >= n:
                    raise _Error("Unexpected end-of-input in a Number value", n, consumed=False)
                if not "0" <= text[i] <= "9":
                    raise _Error(f"Unexpected character ({_char(text[i])}) in numeric value: {problem} not followed "
                                 "by a digit", i)
                i = _DIGITS.match(text, i).end()  # type: ignore[union-attr]  # always matches
        if i - start > _MAX_NUMBER:
            raise _Error(f"Number value length ({i - start}) exceeds the maximum allowed ({_MAX_NUMBER}, from "
                         "`StreamReadConstraints.getMaxNumberLength()`)", i, consumed=False)
        if not self.stack and i < n and text[i] not in _WHITESPACE:
            raise _Error(f"Unexpected character ({_char(text[i])}): Expected space separating root-level values", i)
        return i
