"""What the HTTP API request's shortcuts must not change: header names lowercased and merged in
the order given (bytes read as Latin-1, other values as text), and the request and trace ids
drawn together still in their own formats and never repeated."""

from __future__ import annotations

import re

from hypothesis import given
from hypothesis import strategies as st

from gwmock.runtime.http.request import V2Request, new_request_id, parse_headers


def test_headers_are_lowercased_merged_and_read_as_text():
    class Text(str):
        pass

    parsed = parse_headers({"Accept": "*/*", "ACCEPT": "text/html", b"X-Raw": b"caf\xe9", "X-Num": 5,
                            Text("X-Sub"): Text("v"), "accept": "a/b"})

    assert parsed == {"accept": ["*/*", "text/html", "a/b"], "x-raw": ["café"], "x-num": ["5"], "x-sub": ["v"]}
    assert [type(value) for values in parsed.values() for value in values] == [str] * 6
    assert list(parsed) == ["accept", "x-raw", "x-num", "x-sub"]
    assert parse_headers({}) == {}


def _reference(headers):
    """What ``parse_headers`` must give for text names and values: one line at a time."""
    out = {}
    for name, value in headers.items():
        out.setdefault(name.lower(), []).append(value)
    return out


@given(st.dictionaries(st.sampled_from(["Accept", "accept", "ACCEPT", "X-A", "x-a", "Host", "\u0130d", "i\u0307d"])
                       | st.text(max_size=6), st.text(max_size=6), max_size=8))
def test_text_headers_parse_as_one_line_at_a_time(headers):
    parsed = parse_headers(headers)

    assert parsed == _reference(headers) and list(parsed) == list(_reference(headers))
    assert all(type(values) is list for values in parsed.values())
    assert len({id(values) for values in parsed.values()}) == len(parsed)  # a list of its own each


def _request(**given):
    api = {"ApiId": "abc123"}
    return V2Request(api, "123456789012", "eu-west-1", "$default", {}, "GET", "/", "/", "", {}, {}, b"", **given)


def test_request_and_trace_ids_keep_their_formats_and_differ_per_request():
    requests = [_request() for _ in range(200)]

    for request in requests:
        assert re.fullmatch(r"[A-Za-z0-9]{14}[A-Za-z0-9=]{2}", request.request_id)
        assert re.fullmatch(r"Root=1-[0-9a-f]{8}-[0-9a-f]{24}", request.trace_id)
        assert int(request.trace_id[7:15], 16) == request.epoch_ms // 1000
    assert len({r.request_id for r in requests}) == len({r.trace_id[16:] for r in requests}) == 200
    assert re.fullmatch(r"[A-Za-z0-9]{14}[A-Za-z0-9=]{2}", new_request_id())


def test_given_ids_and_times_are_kept():
    request = _request(request_id="rid", trace_id="Root=1-x", epoch_ms=5)

    assert (request.request_id, request.trace_id, request.epoch_ms) == ("rid", "Root=1-x", 5)
