"""``gw.requests[i].response_headers``: kept as tuples of text, read back as the headers they were."""

from __future__ import annotations

import gc

import pytest
from urllib3 import HTTPHeaderDict

from gwmock.records import Request


def _answer_headers() -> HTTPHeaderDict:
    headers = HTTPHeaderDict()
    headers.add("Set-Cookie", "a=1")
    headers.add("set-COOKIE", "b=2")  # a second spelling joins the first line
    headers["Content-Type"] = "application/json"
    headers["x-amzn-RequestId"] = "r"
    return headers


def test_read_back_the_headers_keep_repeated_lines_spelling_and_order():
    original = _answer_headers()
    record = Request("GET", "https://x/", {}, b"", 200, original)

    headers = record.response_headers

    assert isinstance(headers, HTTPHeaderDict)
    assert headers.getlist("set-cookie") == ["a=1", "b=2"]
    assert list(headers.items()) == list(original.items())
    assert list(headers) == ["Set-Cookie", "Content-Type", "x-amzn-RequestId"]
    assert record.response_headers is headers  # built once


def test_the_record_does_not_follow_later_changes_to_the_answer_headers():
    original = _answer_headers()
    record = Request("GET", "https://x/", {}, b"", 200, original)
    original["Content-Type"] = "text/plain"

    assert record.response_headers["content-type"] == "application/json"


def test_until_read_the_record_holds_no_lists_for_the_collector():
    record = Request("GET", "https://x/", {}, b"", 200, _answer_headers())

    assert not [ref for ref in gc.get_referents(record) if isinstance(ref, (list, HTTPHeaderDict))]


@pytest.mark.parametrize("given", [None, {"A": "1"}])
def test_plain_mappings_and_none_are_kept_as_given(given):
    record = Request("GET", "https://x/", {}, b"", 200, given)

    assert record.response_headers == ({} if given is None else given)


def test_records_with_equal_headers_are_equal_and_repr_shows_the_headers():
    one, two = (Request("GET", "https://x/", {}, b"", 200, _answer_headers()) for _ in range(2))

    assert one == two
    assert "Set-Cookie" in repr(one)
