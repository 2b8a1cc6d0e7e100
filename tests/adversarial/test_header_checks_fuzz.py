"""A Lambda proxy answer's header names are checked once each (``proxy._NAMES_SEEN``): the verdicts must
be the plain checks', the first time and later, whatever a function puts in its headers (the answer's
line check has its own fuzz test in tests/runtime/test_rest_header_shortcuts.py)."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from gwmock.runtime.rest import proxy

# the characters that matter (line breaks, NUL, blanks, the shortcut's own separator) and a few others
TEXT = st.text(alphabet="aZ-_ \t\r\n\x00\x01:é", max_size=6)
UNSAFE = re.compile("[\r\n\x00]")


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
