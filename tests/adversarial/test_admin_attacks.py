"""The server's own endpoints (``gwmock/server/admin.py``: ``/_gwmock/*``, ``/moto-api/reset``) under
attack over real sockets: restore bodies of every wrong kind, oversize and chunked bodies, wrong
methods, hostile query strings and path spellings, browser requests, broken ``Host`` and signature
headers, and resets racing the data plane. Every answer is exact JSON (never a 500), a refused call
leaves the state as it was, and the server answers the next request."""

from __future__ import annotations

import datetime
import json
import socket
import threading
from concurrent.futures import ThreadPoolExecutor

import boto3
import pytest
import requests
from helpers import exchange, raw_request
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.server import start
from gwmock.sigv4_wording import MISMATCH

REGION = "us-east-1"
KEYS = {"AKIDEXAMPLE": "s3cret"}
FORMAT = "gwmock-state/1"
JSON = {"Content-Type": "application/json"}
FUZZ = settings(max_examples=50, deadline=None, suppress_health_check=list(HealthCheck))


@pytest.fixture(scope="module")
def server():
    """One server for the module (tests restore or reset what they use first)."""
    running = start(timeout=1.0)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def verifying():
    running = start(timeout=1.0, credentials=KEYS)
    yield running
    running.stop()


@pytest.fixture(scope="module")
def exposed():
    """Credentials configured and every Host name accepted (``--allow-host '*'``), as a server bound to
    0.0.0.0 in a container is: the Host header reaches the signature check unfiltered."""
    running = start(timeout=1.0, credentials=KEYS, allowed_hosts=("*",))
    yield running
    running.stop()


raw = raw_request


def head_and_json(answer):
    """(status, headers lower-cased, JSON body) of one raw HTTP/1.1 answer framed by Content-Length."""
    head, _, rest = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    headers = {k.strip().lower(): v.strip() for k, _, v in (line.partition(":") for line in lines[1:])}
    return int(lines[0].split(" ")[1]), headers, json.loads(rest[:int(headers["content-length"])])


def seeded(server):
    """Reset, then one REST API named ``kept``; returns the state as a document."""
    assert raw(server, "POST", "/_gwmock/reset")[0] == 200
    boto3.client("apigateway", region_name=REGION, endpoint_url=server.url, aws_access_key_id="testing",
                 aws_secret_access_key="x").create_rest_api(name="kept")
    return server.backend.dump()


def still_serving(server):
    """The server answers its next request: the health endpoint, unsigned or signed as it needs."""
    headers = signed_headers(server, "GET", "/_gwmock/health") if server.options.credentials else {}
    status, _, body = raw(server, "GET", "/_gwmock/health", headers)
    return status == 200 and body["status"] == "running"


def snapshot(collections, **extra):
    return json.dumps({"format": FORMAT, "collections": collections, **extra}).encode()


def stamp():
    return datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")


def signed_headers(server, method, path, body=b"", headers=None):
    from botocore.auth import SigV4Auth
    from botocore.awsrequest import AWSRequest
    from botocore.credentials import Credentials

    request = AWSRequest(method=method, url=f"{server.url}{path}", data=body, headers=headers or {})
    signer = SigV4Auth(Credentials("AKIDEXAMPLE", "s3cret"), "gwmock", REGION)
    request.context["timestamp"] = stamp()
    signer._modify_request_before_signing(request)
    string_to_sign = signer.string_to_sign(request, signer.canonical_request(request))
    signer._inject_signature_to_request(request, signer.signature(string_to_sign, request))
    return dict(request.headers.items())


def a_signature(signature="00", date=None, credential_day=None):
    """An Authorization header of the configured key, well formed, with a signature that matches nothing."""
    now = stamp()
    day = credential_day or now[:8]
    return (f"AWS4-HMAC-SHA256 Credential=AKIDEXAMPLE/{day}/{REGION}/gwmock/aws4_request, "
            f"SignedHeaders=host, Signature={signature}"), (date or now)


def reset_request(host, authorization, timestamp):
    """A raw ``POST /_gwmock/reset`` with these headers, as bytes (latin-1: a header may hold any byte)."""
    return (f"POST /_gwmock/reset HTTP/1.1\r\nHost: {host}\r\nAuthorization: {authorization}\r\n"
            f"X-Amz-Date: {timestamp}\r\nContent-Length: 0\r\nConnection: close\r\n\r\n").encode("latin-1")


# --- defects found: each failed before its fix ------------------------------------------------------


@pytest.mark.parametrize("number", ["1e400", "-1e400", "1" + "0" * 400 + ".0", "2E+999"],
                         ids=["1e400", "minus-1e400", "401-digits", "2E+999"])
def test_a_number_past_jsons_range_is_refused_and_the_snapshot_still_answers(server, number):
    """Found: ``1e400`` parses as infinity; the restore answered 200 and every later GET /_gwmock/snapshot
    a 500 (``Out of range float values are not JSON compliant``)."""
    before = seeded(server)
    body = b'{"format": "gwmock-state/1", "collections": [[["a"], [["x", {"v": ' + number.encode() + b"}]]]]}"
    status, headers, answer = raw(server, "POST", "/_gwmock/restore", JSON, body)
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert answer == {"message": "gwmock: the snapshot holds a number too large for JSON (such as 1e400, read as "
                                 "infinity); GET /_gwmock/snapshot never answers one"}
    assert server.backend.dump() == before
    status, _, document = raw(server, "GET", "/_gwmock/snapshot")
    assert (status, document) == (200, before)


def test_a_number_in_range_with_an_exponent_is_restored(server):
    seeded(server)
    body = snapshot([[["a"], [["x", {"v": 1e300, "w": -2.5e-300}]]]])
    assert raw(server, "POST", "/_gwmock/restore", JSON, body)[:3:2] == (200, {"restored": True})
    assert raw(server, "GET", "/_gwmock/snapshot")[2]["collections"] == [[["a"], [["x", {"v": 1e300, "w": -2.5e-300}]]]]


def test_a_limit_with_leading_zeros_is_that_number(server):
    """Found: ``limit=0000000000001`` (13 characters) was read as "as many as there are"."""
    seeded(server)
    client = boto3.client("apigateway", region_name=REGION, endpoint_url=server.url, aws_access_key_id="testing",
                          aws_secret_access_key="x")
    client.get_rest_apis()
    client.get_rest_apis()
    for text in ("0000000000001", "0" * 500 + "2"):
        status, _, listing = raw(server, "GET", f"/_gwmock/calls?limit={text}")
        assert (status, listing["limit"], listing["count"]) == (200, int(text), int(text))
    assert raw(server, "GET", "/_gwmock/calls?limit=" + "0" * 30)[0] == 400


@pytest.mark.parametrize("host", ["[::1", "[::1]:4566]", "127.0.0.1:99999", "localhost:port"])
def test_a_broken_host_is_400_before_the_signature_check(verifying, host):
    """Found: with credentials, a signed-shaped request whose Host passes the loopback guard (``[::1``)
    but makes no URL crashed the signature check: uvicorn's text 500 and a traceback."""
    before = verifying.backend.dump()
    auth, now = a_signature()
    answer, _ = exchange(verifying, reset_request(host, auth, now), 3.0)
    status, headers, body = head_and_json(answer)
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert body == {"message": f"Bad Request: Host {host!r} is not a host name or address with an optional port"}
    assert verifying.backend.dump() == before and still_serving(verifying)


@pytest.mark.parametrize("host", ["x]", "evil]:1", "a/b", "user@127.0.0.1", "h\\x", "[not-v6]"])
def test_a_broken_host_is_400_on_a_server_accepting_every_name(exposed, host):
    before = exposed.backend.dump()
    auth, now = a_signature()
    status, headers, body = raw(exposed, "POST", "/_gwmock/reset", {"Host": host, "Authorization": auth,
                                                                      "X-Amz-Date": now})
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert body["message"].startswith("Bad Request: Host ")
    assert exposed.backend.dump() == before and still_serving(exposed)


def test_a_signature_that_is_not_ascii_is_a_mismatch(verifying):
    """Found: ``hmac.compare_digest`` raises TypeError on text that is not ASCII: a caller knowing only the
    access key id (no secret) got a 500 with a traceback."""
    before = verifying.backend.dump()
    auth, now = a_signature(signature="\u00e9" * 64)
    answer, _ = exchange(verifying, reset_request("127.0.0.1", auth, now), 3.0)
    status, headers, body = head_and_json(answer)
    assert (status, headers["x-amzn-errortype"]) == (403, "InvalidSignatureException")
    assert body["message"].startswith(MISMATCH + "\n\nThe Canonical String for this request should have been\n")
    assert verifying.backend.dump() == before and still_serving(verifying)


@pytest.mark.parametrize("date", ["Tue, 31 Dec 9999 23:59:59 -2359", "Fri, 31 Dec 9999 23:00:00 -0100"])
def test_a_date_past_year_9999_is_refused_as_an_unreadable_date(verifying, date):
    """Found: ``parsedate_to_datetime(...).astimezone(utc)`` raises OverflowError, which sigv4 does not
    catch: a 500 with a traceback, whatever the signature."""
    before = verifying.backend.dump()
    auth, _ = a_signature(credential_day="99991231")
    status, headers, body = raw(verifying, "POST", "/_gwmock/reset", {"Authorization": auth, "Date": date})
    assert (status, headers["x-amzn-errortype"]) == (403, "InvalidSignatureException")
    assert body == {"message": "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                               f"from HTTP: '99991231' != '{date[:8]}', from '{date}'."}
    assert verifying.backend.dump() == before and still_serving(verifying)


@pytest.mark.parametrize(("method", "path", "body"), [
    ("POST", "/_gwmock/reset", None), ("POST", "/moto-api/reset", None),
    ("POST", "/_gwmock/restore", b'{"format": "gwmock-state/1", "collections": []}'),
    ("GET", "/_gwmock/snapshot", None),
])
def test_a_page_of_this_very_origin_is_refused_without_fetch_metadata(server, method, path, body):
    """Found: ``guard`` refuses a foreign Origin and any ``Sec-Fetch-Site`` but a page's own; a browser that
    sends no fetch metadata (Safari before 16.4), on a page a deployed API serves from this origin, sent
    ``Origin: http://127.0.0.1:PORT`` with its POST and could reset or restore the state."""
    before = seeded(server)
    origin = f"http://127.0.0.1:{server.port}"
    status, headers, answer = raw(server, method, path, {"Origin": origin, **JSON}, body)
    assert (status, headers["x-amzn-errortype"]) == (403, "AccessDeniedException")
    assert answer["message"].startswith(f"cross-site request refused: Origin {origin!r} shows a web page sent it")
    assert server.backend.dump() == before


def test_a_signed_request_of_this_origin_is_refused_too(verifying):
    path = "/_gwmock/reset"
    headers = {**signed_headers(verifying, "POST", path), "Origin": f"http://127.0.0.1:{verifying.port}"}
    status, answer_headers, _ = raw(verifying, "POST", path, headers)
    assert (status, answer_headers["x-amzn-errortype"]) == (403, "AccessDeniedException")


@FUZZ
@given(auth=st.text(st.characters(min_codepoint=0x20, max_codepoint=0xFF), max_size=80),
       signature=st.text(st.characters(min_codepoint=0x21, max_codepoint=0xFF, blacklist_characters=","),
                         min_size=1, max_size=70),
       date=st.one_of(st.none(), st.sampled_from(["Tue, 31 Dec 9999 23:59:59 -2359", "Mon, 01 Jan 0001 00:00:00 +2359",
                                                   "Sat, 32 Foo 2024 99:99:99 GMT", "0", ""])),
       host=st.sampled_from(["127.0.0.1", "[::1", "[::1]]", "localhost:0", "localhost:65536", "::1"]),
       shaped=st.booleans())
def test_fuzzed_signature_headers_are_refused_never_500(verifying, auth, signature, date, host, shaped):
    before_count = len(verifying.backend.dump()["collections"])
    header, now = a_signature(signature=signature)
    lines = [f"Host: {host}", f"Authorization: {header if shaped else auth}"]
    lines += [f"Date: {date}"] if date is not None else [f"X-Amz-Date: {now}"]
    request = ("POST /_gwmock/reset HTTP/1.1\r\n" + "\r\n".join(lines)
               + "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    answer, _ = exchange(verifying, request.encode("latin-1"), 3.0)
    status, headers, body = head_and_json(answer) if b"content-length" in answer.lower() else (None, {}, None)
    if status is None:  # h11 refused the header line itself (a control character): its own 400
        assert answer.startswith(b"HTTP/1.1 400 ")
        return
    assert status in (400, 403) and headers["x-amzn-errortype"] != "InternalServerErrorException"
    assert isinstance(body["message"], str)
    assert len(verifying.backend.dump()["collections"]) == before_count


# --- restore bodies that found nothing: exact 400s, the state untouched -------------------------------


def deep(depth, opener=b"[", closer=b"]"):
    return opener * depth + closer * depth


@pytest.mark.parametrize(("body", "message"), [
    (b"null", "a snapshot is the object GET /_gwmock/snapshot answers, not null"),
    (b"true", "a snapshot is the object GET /_gwmock/snapshot answers, not a boolean"),
    (b"12345678901234567890", "a snapshot is the object GET /_gwmock/snapshot answers, not a number"),
    (b'"gwmock.mock"', "a snapshot is the object GET /_gwmock/snapshot answers, not a string"),
    (b'[{"format": "gwmock-state/1", "collections": []}]',
     "a snapshot is the object GET /_gwmock/snapshot answers, not an array"),
    (b"{}", "not a gwmock snapshot: 'format' is None, expected 'gwmock-state/1'"),
    (b'{"format": "gwmock-state/1"}', "snapshot 'collections' must be a list, not NoneType"),
    (b'{"format": "gwmock-state/1", "collections": [["a", []]]}',
     "snapshot collections[0]: the key must be a list of strings, not 'a'"),
    (b'{"format": "gwmock-state/1", "collections": [[["a", 1], []]]}',
     "snapshot collections[0]: the key must be a list of strings, not ['a', 1]"),
    (b'{"format": "gwmock-state/1", "collections": [[["a"], [["x", {}, 1]]]]}',
     "snapshot collections[0] item 0 must be an [id, record] pair: a string and an object"),
    (b'{"format": "gwmock-state/1", "collections": [[["a"], [[1, {}]]]]}',
     "snapshot collections[0] item 0 must be an [id, record] pair: a string and an object"),
    (b'{"format": "gwmock-state/1", "collections": [[["a"], {"x": {}}]]}',
     "snapshot collections[0]: the records must be a list of [id, record] pairs"),
    (b'{"__class__": "gwmock-state/1", "__init__": [], "format": {"__dict__": 1}}',
     "not a gwmock snapshot: 'format' is {'__dict__': 1}, expected 'gwmock-state/1'"),
], ids=["null", "bool", "number", "module-name", "array", "empty", "no-collections", "key-str", "key-int",
        "triple", "int-id", "records-object", "dunders"])
def test_wrong_shapes_are_400_with_the_reason(server, body, message):
    before = seeded(server)
    status, headers, answer = raw(server, "POST", "/_gwmock/restore", JSON, body)
    assert (status, headers["x-amzn-errortype"], answer) == (400, "BadRequestException", {"message": message})
    assert headers["content-type"] == "application/json"
    assert server.backend.dump() == before


@pytest.mark.parametrize(("body", "reason"), [
    (b'{"a":' * 10_000 + b"0" + b"}" * 10_000, "document nests deeper than 100 levels"),
    (deep(10_000), "document nests deeper than 100 levels"),
    (b'{"format": "gwmock-state/1", "collections": ' + deep(100) + b"}", "document nests deeper than 100 levels"),
    (b'{"format": "gwmock-state/1", "collections": [' + b"0," * 1_000_000 + b"0]}",
     "document holds more than 1000000 values"),
    (b'{"format": "gwmock-state/1", "collections": [], "x": NaN}', "not valid JSON: NaN is not a JSON value"),
    (b'{"format": "gwmock-state/1", "collections": [], "x": -Infinity}',
     "not valid JSON: -Infinity is not a JSON value"),
    (b'{"format": "gwmock-state/1", "collections": []}{}', "not valid JSON: Extra data"),
    (b"\x1f\x8b\x08\x00\x00\x00\x00\x00", "document is not UTF-8: "),
    (b'{"format": "gwmock-state/1", "collections": [], "v": ' + b"9" * 5000 + b"}", "not valid JSON: "),
], ids=["objects-10k-deep", "arrays-10k-deep", "101-levels", "a-million-values", "nan", "infinity",
        "two-documents", "gzip-bytes", "5000-digits"])
def test_documents_past_the_parsers_limits_are_400(server, body, reason):
    before = seeded(server)
    status, headers, answer = raw(server, "POST", "/_gwmock/restore", JSON, body)
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert answer["message"].startswith(f"gwmock: the snapshot is not JSON gwmock reads: {reason}")
    assert len(answer["message"]) < 1000
    assert server.backend.dump() == before and still_serving(server)


def test_python_looking_names_are_only_data(server):
    """Keys, ids and collection names such as ``__class__`` or ``__import__('os')`` are stored and given back
    as written: nothing reads them as attributes or code."""
    seeded(server)
    collections = [[["__class__", "__globals__", "__import__('os').system('x')"],
                    [["__init__", {"__dict__": {"__subclasses__": [], "{{7*7}}": "$context.x"}}],
                     ["../../etc/passwd", {"__proto__": None}]]]]
    body = snapshot(collections, __class__="x", mro=[1])
    assert raw(server, "POST", "/_gwmock/restore", JSON, body)[:3:2] == (200, {"restored": True})
    assert raw(server, "GET", "/_gwmock/snapshot")[2] == {"format": FORMAT, "collections": collections}


def test_a_huge_string_is_restored_within_the_cap(server):
    seeded(server)
    name = "k" * 5_000_000
    body = snapshot([[[name], [["x", {"v": "\u00e9" * 100_000}]]]])
    assert raw(server, "POST", "/_gwmock/restore", JSON, body)[:3:2] == (200, {"restored": True})
    document = raw(server, "GET", "/_gwmock/snapshot")[2]
    assert document["collections"][0][0] == [name] and len(document["collections"][0][1][0][1]["v"]) == 100_000


def test_records_without_their_parents_restore_and_read_as_missing(server):
    """A stage whose REST API is not in the snapshot: restored as written; the control plane answers the
    API's NotFoundException and the data plane API Gateway's 403 for an unknown API, never a 500."""
    seeded(server)
    account_region = ["123456789012", REGION]
    body = snapshot([[[*account_region, "restapis", "abc123", "stages"],
                      [["dev", {"stageName": "dev", "deploymentId": "nope", "cacheClusterEnabled": False,
                                "methodSettings": {}}]]],
                     [[*account_region, "restapis", "abc123", "deployments", "nope", "x"], [["y", {}]]]])
    assert raw(server, "POST", "/_gwmock/restore", JSON, body)[:3:2] == (200, {"restored": True})
    client = boto3.client("apigateway", region_name=REGION, endpoint_url=server.url, aws_access_key_id="testing",
                          aws_secret_access_key="x")
    for call in (lambda: client.get_stage(restApiId="abc123", stageName="dev"),
                 lambda: client.get_stages(restApiId="abc123"), lambda: client.get_deployments(restApiId="abc123")):
        with pytest.raises(client.exceptions.NotFoundException):
            call()
    assert client.get_rest_apis()["items"] == []
    answer = requests.get(f"{server.url}/restapis/abc123/dev/_user_request_/x", timeout=5)
    assert (answer.status_code, answer.json()) == (403, {"message": "Forbidden"})


def test_duplicate_collections_and_ids_keep_the_last_record_in_the_first_place(server):
    seeded(server)
    body = snapshot([[["a"], [["x", {"v": 1}], ["y", {}], ["x", {"v": 2}]]], [["a"], [["z", {}]]]])
    assert raw(server, "POST", "/_gwmock/restore", JSON, body)[0] == 200
    assert raw(server, "GET", "/_gwmock/snapshot")[2]["collections"] == [[["a"], [["x", {"v": 2}], ["y", {}],
                                                                                    ["z", {}]]]]


@FUZZ
@given(document=st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=False, allow_infinity=False),
              st.text(max_size=8)),
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.text(max_size=6), inner, max_size=4)),
    max_leaves=20),
    shaped=st.booleans())
def test_fuzzed_restore_documents_answer_200_or_400_and_a_400_changes_nothing(server, document, shaped):
    before = server.backend.dump()
    if shaped:  # the right format around random collections: the checks of the shape, not the format
        document = {"format": FORMAT, "collections": document if isinstance(document, list) else [document]}
    status, headers, answer = raw(server, "POST", "/_gwmock/restore", JSON, json.dumps(document).encode())
    if status == 400:
        assert headers["x-amzn-errortype"] == "BadRequestException" and isinstance(answer["message"], str)
        assert server.backend.dump() == before
    else:
        assert (status, answer) == (200, {"restored": True})
        assert raw(server, "GET", "/_gwmock/snapshot")[0] == 200


# --- bodies: the cap, chunked framing --------------------------------------------------------------


def test_a_declared_oversize_restore_is_413_before_reading_and_closes():
    with start(timeout=1.0, max_body=1000) as running:
        boto3.client("apigateway", region_name=REGION, endpoint_url=running.url, aws_access_key_id="testing",
                     aws_secret_access_key="x").create_rest_api(name="kept")
        before = running.backend.dump()
        answer, took = exchange(running, b"POST /_gwmock/restore HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                         b"Content-Type: application/json\r\nContent-Length: 5000000\r\n\r\n{", 3.0)
        status, headers, body = head_and_json(answer)
        assert (status, body, headers["connection"]) == (413, {"message": "Request Too Long"}, "close")
        assert running.backend.dump() == before and took < 2.0


def test_a_chunked_restore_past_the_cap_is_413_and_changes_nothing():
    with start(timeout=1.0, max_body=1000) as running:
        boto3.client("apigateway", region_name=REGION, endpoint_url=running.url, aws_access_key_id="testing",
                     aws_secret_access_key="x").create_rest_api(name="kept")
        before = running.backend.dump()
        chunk = b'{"format": "gwmock-state/1", "collections": []' + b" " * 600
        chunks = b"".join(hex(len(part))[2:].encode() + b"\r\n" + part + b"\r\n" for part in (chunk, b" " * 600 + b"}"))
        answer, took = exchange(running, b"POST /_gwmock/restore HTTP/1.1\r\nHost: 127.0.0.1\r\n"
                                         b"Content-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n"
                                + chunks + b"0\r\n\r\n", 3.0)
        status, _, body = head_and_json(answer)
        assert (status, body) == (413, {"message": "Request Too Long"})
        assert running.backend.dump() == before and took < 2.0


def test_a_chunked_restore_within_the_cap_restores(server):
    seeded(server)
    document = snapshot([[["a"], [["x", {"v": 1}]]]])
    chunks = b"".join(hex(len(document[i:i + 7]))[2:].encode() + b"\r\n" + document[i:i + 7] + b"\r\n"
                      for i in range(0, len(document), 7))
    head = (b"POST /_gwmock/restore HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\n"
            b"Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n")
    answer, _ = exchange(server, head + chunks + b"0\r\n\r\n", 3.0)
    assert head_and_json(answer)[::2] == (200, {"restored": True})
    assert server.backend.dump()["collections"] == [[["a"], [["x", {"v": 1}]]]]


def test_a_restore_with_both_framings_is_400_and_closes(server):
    before = seeded(server)
    body = snapshot([])
    answer, _ = exchange(server, b"POST /_gwmock/restore HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n"
                                 b"Transfer-Encoding: chunked\r\n\r\n" + hex(len(body))[2:].encode() + b"\r\n" + body
                                 + b"\r\n0\r\n\r\nPOST /_gwmock/reset HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n", 3.0)
    status, headers, _ = head_and_json(answer)
    assert (status, headers["connection"], answer.count(b"HTTP/1.1 ")) == (400, "close", 1)
    assert server.backend.dump() == before


def test_a_client_that_stops_mid_body_changes_nothing(server):
    before = seeded(server)
    with socket.create_connection(("127.0.0.1", server.port), timeout=5) as sock:
        sock.sendall(b"POST /_gwmock/restore HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 1000\r\n\r\n"
                     b'{"format": "gwmock-state/1", "collections": []}')
    assert still_serving(server) and server.backend.dump() == before


# --- methods -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path", "allow"), [
    ("GET", "/_gwmock/restore", "POST"), ("DELETE", "/_gwmock/reset", "POST"), ("PUT", "/_gwmock/restore", "POST"),
    ("HEAD", "/_gwmock/reset", "POST"), ("HEAD", "/moto-api/reset", "POST"), ("OPTIONS", "/_gwmock/reset", "POST"),
    ("OPTIONS", "/_gwmock/snapshot", "GET, HEAD"), ("POST", "/_gwmock/snapshot", "GET, HEAD"),
    ("DELETE", "/_gwmock/requests", "GET, HEAD"), ("post", "/_gwmock/reset", "POST"),
    ("PATCH", "/_gwmock/health", "GET, HEAD"),
])
def test_other_methods_are_405_and_change_nothing(server, method, path, allow):
    before = seeded(server)
    status, headers, body = raw(server, method, path, JSON, b'{"format": "gwmock-state/1", "collections": []}')
    assert (status, headers["allow"], headers["x-amzn-errortype"]) == (405, allow, "MethodNotAllowedException")
    if method != "HEAD":
        assert body == {"message": f"gwmock: {path} answers {allow}, not {method}"}
    assert server.backend.dump() == before


def test_a_cors_preflight_gets_no_cors_headers(server):
    status, headers, _ = raw(server, "OPTIONS", "/_gwmock/reset", {
        "Origin": "https://evil.example", "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type"})
    assert (status, headers["x-amzn-errortype"]) == (403, "AccessDeniedException")
    assert not [name for name in headers if name.startswith("access-control-")]


def test_head_on_a_listing_sends_no_body(server):
    seeded(server)
    status, headers, body = raw(server, "HEAD", "/_gwmock/calls?limit=5")
    assert (status, body, headers["content-type"]) == (200, None, "application/json")


# --- query strings --------------------------------------------------------------------------------


@pytest.mark.parametrize("query", [
    "limit=+5", "limit=0x10", "limit=1.0", "limit=%205", "limit=5%00", "limit=%D9%A1", "limit=-0", "limit=1_000",
    "limit", "offset=1", "limit=1&offset=-5", "LIMIT=5", "limit=5;x=1", "limit=%", "limit=9%2B1",
])
def test_limits_that_are_not_whole_numbers_are_400(server, query):
    status, headers, body = raw(server, "GET", f"/_gwmock/requests?{query}")
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert body["message"].startswith("gwmock: ")


@pytest.mark.parametrize("path", ["/_gwmock/reset?now=1", "/_gwmock/restore?file=/etc/passwd",
                                  "/_gwmock/snapshot?limit=1"])
def test_query_parameters_on_other_endpoints_are_400_and_change_nothing(server, path):
    before = seeded(server)
    body = b'{"format": "gwmock-state/1", "collections": []}' if "restore" in path else None
    method = "GET" if "snapshot" in path else "POST"
    status, headers, answer = raw(server, method, path, JSON, body)
    assert (status, headers["x-amzn-errortype"]) == (400, "BadRequestException")
    assert answer["message"].startswith("gwmock: unexpected query parameter ")
    assert server.backend.dump() == before


@FUZZ
@given(text=st.text(max_size=40))
def test_fuzzed_limits_answer_a_listing_or_400(server, text):
    from urllib.parse import quote

    status, _, body = raw(server, "GET", f"/_gwmock/requests?limit={quote(text, safe='')}")
    stripped = text.lstrip("0")
    if text.isascii() and text.isdigit() and stripped:
        kept = server.handle.requests.limit or 10_000
        assert (status, body["limit"]) == (200, kept if len(stripped) > 9 else min(int(stripped), kept))
    else:
        assert status == 400 and body["message"].startswith("gwmock: limit must be a whole number")


# --- path spellings -------------------------------------------------------------------------------


@pytest.mark.parametrize("path", [
    "/_gwmock/../_gwmock/reset", "/_gwmock/./reset", "/_gwmock%2Freset", "/_gwmock%2freset", "/_gwmock/reset;x",
    "/_gwmock/reset%20", "/_gwmock/reset%3Fx=1", "/_gwmock/RESET", "/_gwmock/reset/..", "/moto-api//reset",
    "/moto-api/reset/", "/moto-api/./reset", "/_gwmock/%C3%A9",
])
def test_path_spellings_under_the_prefix_are_404(server, path):
    before = seeded(server)
    status, headers, body = raw(server, "POST", path, JSON, b"{}")
    assert (status, headers["x-amzn-errortype"]) == (404, "NotFoundException")
    assert body["message"].startswith("gwmock: no endpoint ")
    assert server.backend.dump() == before


@pytest.mark.parametrize("path", ["//_gwmock/reset", "/_GWMOCK/reset", "/%5F%67wmock/reset", "/./_gwmock/reset",
                                  "/x/../_gwmock/reset", "/MOTO-API/reset"])
def test_path_spellings_outside_the_prefix_are_the_control_plane(server, path):
    before = seeded(server)
    status, headers, _ = raw(server, "POST", path)
    assert (status, headers["x-amzn-errortype"]) == (403, "MissingAuthenticationTokenException")
    assert server.backend.dump() == before


def test_an_absolute_target_of_this_server_is_the_endpoint(server):
    seeded(server)
    answer, _ = exchange(server, f"POST http://127.0.0.1:{server.port}/_gwmock/reset HTTP/1.1\r\nHost: evil.example"
                                 "\r\nContent-Length: 0\r\nConnection: close\r\n\r\n".encode(), 3.0)
    assert head_and_json(answer)[::2] == (200, {"reset": True})
    assert server.backend.dump()["collections"] == []


@pytest.mark.parametrize("second", ["evil.example", "127.0.0.1"])
def test_two_host_headers_are_refused_before_the_endpoints(exposed, second):
    before = exposed.backend.dump()
    answer, _ = exchange(exposed, f"POST /_gwmock/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nHost: {second}\r\n"
                                  "Content-Length: 0\r\nConnection: close\r\n\r\n".encode(), 3.0)
    status, headers, body = head_and_json(answer)
    assert (status, headers["x-amzn-errortype"], body) == (400, "BadRequestException",
                                                           {"message": "Bad Request: invalid HTTP request"})
    assert exposed.backend.dump() == before


# --- browsers -------------------------------------------------------------------------------------


@pytest.mark.parametrize("headers", [
    {"Sec-Fetch-Site": "CROSS-SITE"},
    {"Sec-Fetch-Site": "cross-site", "Sec-Fetch-Mode": "no-cors", "Sec-Fetch-Dest": "image"},
    {"Sec-Fetch-Site": "none", "Origin": "https://evil.example"},
    {"Origin": "http://127.0.0.1.evil.example"},
    {"Origin": "http://127.0.0.1:1"},
    {"Origin": ""},
    {"Content-Type": "TEXT/PLAIN; charset=utf-8"},
], ids=["upper-case", "no-cors-image", "none-with-origin", "rebound-origin", "other-port", "empty-origin",
        "text-upper-case"])
def test_browser_shaped_requests_are_403(server, headers):
    before = seeded(server)
    for method, path in (("POST", "/_gwmock/reset"), ("POST", "/_gwmock/restore"), ("GET", "/_gwmock/snapshot"),
                         ("GET", "/_gwmock/requests"), ("POST", "/moto-api/reset")):
        status, answer_headers, body = raw(server, method, path, headers,
                                           b'{"format": "gwmock-state/1", "collections": []}' if method == "POST"
                                           else None)
        assert (status, answer_headers["x-amzn-errortype"]) == (403, "AccessDeniedException")
        assert "refused" in body["message"] and "kept" not in json.dumps(body)
    assert server.backend.dump() == before


def test_a_websocket_handshake_to_the_endpoints_is_refused(server):
    before = seeded(server)
    answer, _ = exchange(server, b"GET /_gwmock/reset HTTP/1.1\r\nHost: 127.0.0.1\r\nUpgrade: websocket\r\n"
                                 b"Connection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\n"
                                 b"Sec-WebSocket-Version: 13\r\nOrigin: https://evil.example\r\n\r\n", 2.0)
    assert not answer.startswith(b"HTTP/1.1 101 ")
    assert server.backend.dump() == before


# --- concurrency ----------------------------------------------------------------------------------


def _lambda_api(client):
    api = client.create_rest_api(name="lambda")
    proxy = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")["id"]
    arn = f"arn:aws:lambda:{REGION}:123456789012:function:slow"
    client.put_method(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=proxy, httpMethod="ANY", type="AWS_PROXY",
                           integrationHttpMethod="POST",
                           uri=f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{arn}/invocations")
    client.create_deployment(restApiId=api["id"], stageName="dev")
    client.update_stage(restApiId=api["id"], stageName="dev", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn",
         "value": f"arn:aws:logs:{REGION}:123456789012:log-group:access"},
        {"op": "replace", "path": "/accessLogSettings/format", "value": "$context.status $context.requestId"}])
    return api["id"]


@pytest.mark.parametrize("verb", ["reset", "restore"])
def test_a_reset_or_restore_while_a_lambda_runs_lets_it_finish(verb):
    with start(timeout=5.0) as running:
        entered, release = threading.Event(), threading.Event()

        def slow(event, context):
            entered.set()
            release.wait(5)
            return {"statusCode": 200, "body": "finished"}

        running.handle.add_lambda("slow", slow)
        client = boto3.client("apigateway", region_name=REGION, endpoint_url=running.url,
                              aws_access_key_id="testing", aws_secret_access_key="x")
        api_id = _lambda_api(client)
        url = f"{running.url}/restapis/{api_id}/dev/_user_request_/x"
        with ThreadPoolExecutor(1) as pool:
            pending = pool.submit(requests.get, url, timeout=10)
            assert entered.wait(5)
            if verb == "reset":
                answer = requests.post(f"{running.url}/_gwmock/reset", timeout=5)
                assert (answer.status_code, answer.json()) == (200, {"reset": True})
            else:
                answer = requests.post(f"{running.url}/_gwmock/restore", data=snapshot([]), timeout=5)
                assert (answer.status_code, answer.json()) == (200, {"restored": True})
            release.set()
            finished = pending.result()
        assert (finished.status_code, finished.text) == (200, "finished")  # it ran on the API it started with
        assert running.backend.dump()["collections"] == []
        gone = requests.get(url, timeout=5)
        assert (gone.status_code, gone.json()) == (403, {"message": "Forbidden"})
        listing = requests.get(f"{running.url}/_gwmock/requests", timeout=5).json()
        assert [entry["status"] for entry in listing["requests"]] == [200, 403]


def test_resets_restores_and_listings_racing_the_data_plane_never_fail(server):
    server.handle.add_lambda("slow", lambda event, context: {"statusCode": 200, "body": "ok"})
    seeded(server)
    api_id = _lambda_api(boto3.client("apigateway", region_name=REGION, endpoint_url=server.url,
                                      aws_access_key_id="testing", aws_secret_access_key="x"))
    document = json.dumps(server.backend.dump()).encode()
    url = f"{server.url}/restapis/{api_id}/dev/_user_request_/x"
    asks = [("reset", "POST", "/_gwmock/reset", None), ("restore", "POST", "/_gwmock/restore", document),
            ("listing", "GET", "/_gwmock/requests?limit=50", None), ("snapshot", "GET", "/_gwmock/snapshot", None),
            ("data", "GET", f"/restapis/{api_id}/dev/_user_request_/x", None)]

    def one(index):
        kind, method, path, body = asks[index % len(asks)]
        return kind, requests.request(method, f"{server.url}{path}", data=body, timeout=5).status_code

    with ThreadPoolExecutor(6) as pool:
        results = list(pool.map(one, range(120)))
    assert {kind for kind, status in results if kind != "data" and status != 200} == set()
    assert {status for kind, status in results if kind == "data"} <= {200, 403}
    assert still_serving(server)
    assert raw(server, "POST", "/_gwmock/restore", JSON, document)[0] == 200
    assert requests.get(url, timeout=5).text == "ok"
