"""Property-based fuzzing of the server's pure boundary functions: whatever text a client sends as
``Authorization``, ``X-Amz-Date``, ``Host`` or a path, the answer is a value or AWS's refusal,
never another exception."""

from __future__ import annotations

import datetime
from urllib.parse import urlsplit

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.runtime import hosts
from gwmock.server import guard, sigv4
from gwmock.server.app import execute_api_url, request_headers, safe_headers

LATIN1 = st.text(st.characters(min_codepoint=0, max_codepoint=255), max_size=300)
STAMP = st.one_of(LATIN1, st.from_regex(r"\A[0-9]{8}T[0-9]{6}Z\Z", fullmatch=True))
FAST = settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])


def authorization():
    pair = st.tuples(st.sampled_from(["Credential", "SignedHeaders", "Signature", "x", ""]), LATIN1)
    return st.one_of(LATIN1, st.builds(
        lambda algo, pairs: f"{algo} " + ", ".join(f"{k}={v}" for k, v in pairs),
        st.sampled_from(["AWS4-HMAC-SHA256", "AWS4-HMAC-SHA1", ""]), st.lists(pair, max_size=5)))


@FAST
@given(auth=authorization(), stamp=STAMP, host=LATIN1, body=st.binary(max_size=64), target=LATIN1)
def test_sigv4_parse_and_verify_answer_or_refuse(auth, stamp, host, body, target):
    headers = request_headers([(b"host", host.encode("latin-1")), (b"x-amz-date", stamp.encode("latin-1"))])
    try:
        signed = sigv4.parse(auth, headers)
    except sigv4.AuthError as refused:
        assert refused.code in ("MissingAuthenticationTokenException", "IncompleteSignatureException",
                                "InvalidSignatureException")
        return
    try:
        sigv4.verify(signed, {signed.access_key: "secret"}, "GET", "/" + target.lstrip("/"), headers, body,
                     now=datetime.datetime(2026, 1, 1, tzinfo=datetime.timezone.utc))
    except sigv4.AuthError as refused:
        assert refused.code == "InvalidSignatureException"


@FAST
@given(host=LATIN1, bound=st.sampled_from(["127.0.0.1", "::1", "0.0.0.0"]),
       allowed=st.lists(st.text(min_size=1, max_size=20), max_size=3))
def test_host_guards_never_raise(host, bound, allowed):
    name = guard.host_name(host)
    assert isinstance(guard.is_loopback(name), bool)
    reason = guard.foreign_host_reason(host, bound, tuple(allowed))
    assert reason is None or reason.startswith("request refused: Host ")
    cross = guard.cross_site_reason({"host": host, "origin": "http://" + host, "content-type": host})
    assert cross is None or cross.startswith("cross-site request refused: ")


@FAST
@given(host=LATIN1, path=LATIN1, api=st.text(max_size=30), stage=st.text(max_size=10))
def test_path_forms_name_only_execute_api_hosts(host, path, api, stage):
    for target in (path, f"/restapis/{api}/{stage}/_user_request_/{path}", f"/_ws/{api}/{stage}{path}"):
        url = execute_api_url(host, target, None)
        if url is not None:
            netloc = urlsplit(url).hostname or ""
            assert hosts.is_execute_api(netloc) or netloc == "gwmock-invalid-api-id.execute-api.us-east-1.amazonaws.com"


@FAST
@given(headers=st.dictionaries(st.text(max_size=20), st.one_of(st.none(), st.text(max_size=40), st.integers())))
def test_safe_headers_never_emit_crlf(headers):
    for name, value in safe_headers(headers):
        assert b"\r" not in name + value and b"\n" not in name + value and b"\x00" not in name + value


def test_a_header_name_ending_in_a_newline_is_dropped():
    """Found by the property above: ``re.match(r"^...$")`` accepts a name with a final newline."""
    assert safe_headers({"X-Evil\n": "1", "Ok": "2"}) == [(b"Ok", b"2")]


def test_a_region_ending_in_a_newline_is_not_a_region():
    headers = request_headers([(b"host", b"127.0.0.1"), (b"x-amz-date", b"20260101T000000Z")])
    auth = ("AWS4-HMAC-SHA256 Credential=AKID/20260101/us-east-1\n/apigateway/aws4_request, "
            "SignedHeaders=host, Signature=ab")
    try:
        sigv4.parse(auth, headers)
    except sigv4.AuthError as refused:
        assert refused.code == "InvalidSignatureException"
        assert refused.message == "Credential should be scoped to a valid region, not 'us-east-1\n'. "
    else:
        raise AssertionError("a region with a newline was accepted")
