"""The shortcuts that check an answer's header lines for line breaks (``response._all_safe``, one by one
for a few lines, joined for more) and a Lambda proxy answer's header names (``proxy._NAMES_SEEN``) must
decide exactly as the plain checks do, whatever a function or a template puts in a header."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from urllib3 import HTTPHeaderDict

from gwmock.runtime.response import without_unsafe_lines
from gwmock.runtime.rest import proxy

# the characters that matter (line breaks, NUL, blanks, the shortcut's own separator) and a few others
TEXT = st.text(alphabet="aZ-_ \t\r\n\x00\x01:é", max_size=6)
LINES = st.lists(st.tuples(TEXT, st.one_of(TEXT, st.integers(-5, 5), st.booleans())), max_size=8)
UNSAFE = re.compile("[\r\n\x00]")


@settings(max_examples=400, deadline=None)
@given(LINES)
def test_the_line_check_keeps_exactly_the_lines_that_cannot_break(lines):
    headers = HTTPHeaderDict()
    for name, value in lines:
        headers.add(name, value)
    log: list[str] = []
    kept = without_unsafe_lines(headers, log)
    expected = [(name, value) for name, value in headers.items()
                if name.strip() and not UNSAFE.search(name) and not UNSAFE.search(str(value))]
    assert list(kept.items()) == expected
    assert len(log) == len(list(headers.items())) - len(expected)


@settings(max_examples=300, deadline=None)
@given(st.lists(st.dictionaries(TEXT, st.one_of(TEXT, st.integers(-5, 5), st.none()), max_size=4), max_size=4))
def test_a_proxy_answers_headers_are_judged_alike_the_first_time_and_later(answers):
    def verdict(headers):
        try:
            return list(proxy.parse_response({"statusCode": 200, "headers": headers})[1].items())
        except proxy.MalformedResponse:
            return "malformed"

    proxy._NAMES_SEEN.clear()
    first = [verdict(headers) for headers in answers]
    again = [verdict(headers) for headers in answers]  # now with every valid name remembered
    assert first == again
    for headers, got in zip(answers, first):
        bad = any(not re.fullmatch(r"[!#$%&'*+\-.^_`|~0-9A-Za-z]+", name) or UNSAFE.search(
            "" if value is None else str(value)) for name, value in headers.items())
        assert (got == "malformed") == bad
