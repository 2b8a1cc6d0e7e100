"""Attacks on the hermetic promise, as an impatient user or an attacker would write them: while a
mock is active, every request for API Gateway or execute-api, whatever the client, is answered
in-process when gwmock can answer it, else refused locally with a gwmock-named error; nothing
resolves or connects (``no_dns`` fails any lookup of a non-local host, ``proxy`` any connection to
the fake proxy)."""

from __future__ import annotations

import asyncio
import http.client
import json
import multiprocessing
import socket
import threading
import urllib.error
import urllib.request

import boto3
import pytest
import requests
import urllib3
from botocore.config import Config
from botocore.exceptions import ClientError
from helpers import deployed_mock_api

from gwmock import mock_apigateway
from gwmock.intercept.hosts import NetworkBlocked

REGION = "eu-west-1"
EXPECTED = {"got": "POST /"}
TEMPLATE = '{"got": "$context.httpMethod $context.resourcePath"}'
BLOCKED = r"gwmock: refused to connect to .*mock_apigateway is active"


@pytest.fixture
def gw(no_proxy_env):
    with mock_apigateway(region=REGION) as handle:
        yield handle


@pytest.fixture
def url(gw):
    """The https URL of a deployed REST API whose root POST answers ``EXPECTED``."""
    return deployed_mock_api(boto3.client("apigateway"), TEMPLATE)


def _host(url: str) -> str:
    return url.split("/")[2]


def _with_host(url: str, host: str) -> str:
    return url.replace(_host(url), host, 1)


def _domain(name: str = "api.example.com") -> str:
    """A custom domain of the active mock mapping ``(none)`` to the deployed API's ``dev`` stage."""
    client = boto3.client("apigateway")
    client.create_domain_name(domainName=name, regionalCertificateArn=f"arn:aws:acm:{REGION}:123456789012:"
                              "certificate/abc", endpointConfiguration={"types": ["REGIONAL"]})
    api_id = client.get_rest_apis()["items"][0]["id"]
    client.create_base_path_mapping(domainName=name, restApiId=api_id, stage="dev")
    return name


# --- raw clients gwmock cannot answer: refused locally -----------------------------------------------


def test_http_client_https_connection_with_a_port_in_the_host(url):
    connection = http.client.HTTPSConnection(f"{_host(url)}:443", timeout=0.2)
    with pytest.raises(NetworkBlocked, match=BLOCKED):
        connection.request("POST", "/dev/")


def test_socket_create_connection_to_execute_api(url):
    with pytest.raises(NetworkBlocked, match=BLOCKED):
        socket.create_connection((_host(url), 443), timeout=0.2)


@pytest.mark.parametrize("spelling", [str.upper, lambda host: host + ".", lambda host: host.upper() + "."])
def test_socket_spellings_of_an_execute_api_host(url, spelling):
    with pytest.raises(NetworkBlocked, match=BLOCKED):
        socket.create_connection((spelling(_host(url)), 8443), timeout=0.2)


@pytest.mark.parametrize("spelling", [" {} ", "{}\t", "\n{}."])
def test_socket_names_padded_with_whitespace_are_guarded(url, spelling):
    """glibc's resolver is handed a padded name as it is (a DNS question naming the API): the guard
    compares the name without the padding."""
    with pytest.raises(NetworkBlocked, match="(?s)" + BLOCKED):
        socket.getaddrinfo(spelling.format(_host(url)), 443)
    with pytest.raises(NetworkBlocked, match="(?s)" + BLOCKED):
        socket.create_connection((spelling.format(_host(url)), 443), timeout=0.2)


def test_asyncio_open_connection_to_execute_api(url):
    async def scenario():
        await asyncio.open_connection(_host(url), 443)

    with pytest.raises(NetworkBlocked, match=BLOCKED):
        asyncio.run(scenario())


def test_httpcore_without_httpx_fails_locally(url):
    httpcore = pytest.importorskip("httpcore")
    with httpcore.ConnectionPool() as pool, pytest.raises(httpcore.ConnectError, match="gwmock"):
        pool.request("POST", url)


def test_websockets_sync_client_fails_locally(url):
    pytest.importorskip("websockets")
    from websockets.sync.client import connect

    with pytest.raises(NetworkBlocked, match=BLOCKED):
        connect(_with_host(url, _host(url)).replace("https://", "wss://"), open_timeout=0.5)


def test_websockets_asyncio_client_fails_locally(url):
    pytest.importorskip("websockets")
    from websockets.asyncio.client import connect

    async def scenario():
        async with connect(url.replace("https://", "wss://"), open_timeout=0.5):
            pass

    with pytest.raises(NetworkBlocked, match=BLOCKED):
        asyncio.run(scenario())


def test_custom_domain_raw_socket_with_a_trailing_dot_and_a_port(url):
    name = _domain()
    for host in (name + ".", name.upper(), f"{name}:443"):
        with pytest.raises(NetworkBlocked, match=BLOCKED):
            socket.getaddrinfo(host, 443)


# --- requests -----------------------------------------------------------------------------------------


def test_requests_with_proxies_never_contacts_the_proxy(url, proxy):
    answer = requests.post(url, json={}, proxies={"https": proxy.url, "http": proxy.url}, timeout=2)
    assert (answer.status_code, answer.json()) == (200, EXPECTED)


def test_requests_with_https_proxy_in_the_environment(url, proxy, monkeypatch):
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)
    monkeypatch.setenv("ALL_PROXY", proxy.url)
    answer = requests.post(url, json={}, timeout=2)
    assert (answer.status_code, answer.json()) == (200, EXPECTED)


def test_requests_session_with_a_mounted_adapter(url):
    class Retrying(requests.adapters.HTTPAdapter):
        def __init__(self) -> None:
            super().__init__(max_retries=urllib3.Retry(total=3), pool_connections=1)

    with requests.Session() as session:
        session.mount("https://", Retrying())
        answer = session.post(url, json={}, timeout=2)
    assert (answer.status_code, answer.json()) == (200, EXPECTED)


def test_requests_adapter_that_speaks_http_client_fails_locally(url):
    class Raw(requests.adapters.BaseAdapter):
        def send(self, request, **kwargs):
            parts = urllib3.util.parse_url(request.url)
            connection = http.client.HTTPSConnection(parts.host, parts.port or 443, timeout=0.2)
            connection.request(request.method, parts.request_uri, body=request.body)
            raise AssertionError("unreachable")

        def close(self):
            pass

    with requests.Session() as session:
        session.mount("https://", Raw())
        with pytest.raises(NetworkBlocked, match=BLOCKED):
            session.post(url, json={})


@pytest.mark.parametrize("spelling", [
    lambda host: host.upper(),
    lambda host: host + ".",
    lambda host: host.upper() + ".",
    lambda host: host + ":443",
])
def test_requests_host_spellings_are_answered(url, spelling):
    answer = requests.post(_with_host(url, spelling(_host(url))), json={}, timeout=2)
    assert (answer.status_code, answer.json()) == (200, EXPECTED)


@pytest.mark.parametrize("change", [
    lambda url: url.replace("https://", "http://"),
    lambda url: _with_host(url, _host(url) + ":8443"),
])
def test_requests_plain_http_and_an_odd_port_are_answered_in_process(gw, url, change):
    """The scheme and the port do not take a request out of the process: the runtime answers it
    (``gw.requests`` records it)."""
    answer = requests.post(change(url), json={}, timeout=2)
    assert (answer.status_code, answer.json()) == (200, EXPECTED)
    assert gw.requests[-1].url == change(url)


def test_requests_to_the_custom_domain_with_a_trailing_dot(url):
    name = _domain()
    for host in (name, name + ".", name.upper()):
        answer = requests.post(f"https://{host}/", json={}, timeout=2)
        assert (answer.status_code, answer.json()) == (200, EXPECTED), host


def test_requests_host_header_mismatch_goes_by_the_url(url):
    answer = requests.post(url, json={}, headers={"Host": "example.com"}, timeout=2)
    assert (answer.status_code, answer.json()) == (200, EXPECTED)


def test_requests_vpc_endpoint_host(gw):
    vpce = f"https://vpce-0123456789abcdef0-abcdefgh.execute-api.{REGION}.vpce.amazonaws.com/dev/"
    answer = requests.get(vpce, headers={"x-apigw-api-id": "abc123defg"}, timeout=2)
    assert (answer.status_code, answer.json()) == (403, {"message": "Forbidden"})
    assert gw.requests[-1].url == vpce


def test_requests_control_plane_host_fails_locally(gw):
    for host in ("APIGATEWAY.EU-WEST-1.AMAZONAWS.COM.", "apigateway-fips.us-east-1.amazonaws.com",
                 "apigateway.eu-west-1.api.aws"):
        with pytest.raises(requests.ConnectionError, match="gwmock"):
            requests.get(f"https://{host}/restapis", timeout=1)


# --- urllib3 ------------------------------------------------------------------------------------------


def test_urllib3_proxy_manager(url, proxy):
    with urllib3.ProxyManager(proxy.url) as manager:
        answer = manager.request("POST", url, body=b"{}", headers={"Content-Type": "application/json"})
    assert (answer.status, json.loads(answer.data)) == (200, EXPECTED)


def test_urllib3_pool_created_before_the_mock_and_reused_after(no_proxy_env):
    manager = urllib3.PoolManager()
    pool = manager.connection_from_url("https://abc123defg.execute-api.eu-west-1.amazonaws.com")
    with mock_apigateway(region=REGION):
        url = deployed_mock_api(boto3.client("apigateway"), TEMPLATE)
        answer = manager.request("POST", url, body=b"{}", headers={"Content-Type": "application/json"})
        assert (answer.status, json.loads(answer.data)) == (200, EXPECTED)
        # the pool made before the mock, for an API the mock does not hold: the runtime's 403
        answer = pool.urlopen("GET", "/dev/", retries=False)
        assert (answer.status, answer.headers["x-amzn-ErrorType"]) == (403, "ForbiddenException")
    with mock_apigateway(region=REGION):  # a second mock: the same manager is answered again
        url = deployed_mock_api(boto3.client("apigateway"), TEMPLATE)
        assert manager.request("POST", url, body=b"{}").status in (200, 415)


def test_urllib3_connection_used_without_a_pool(url):
    connection = urllib3.connection.HTTPSConnection(_host(url), 443, timeout=0.2)
    with pytest.raises(NetworkBlocked, match=BLOCKED):
        connection.request("POST", "/dev/", body=b"{}")


# --- urllib.request -----------------------------------------------------------------------------------


def test_urllib_custom_opener_with_a_proxy_handler(url, proxy):
    opener = urllib.request.build_opener(urllib.request.ProxyHandler({"https": proxy.url, "http": proxy.url}),
                                         urllib.request.HTTPSHandler())
    request = urllib.request.Request(url, data=b"{}", headers={"Content-Type": "application/json"}, method="POST")
    with opener.open(request, timeout=2) as answer:
        assert (answer.status, json.loads(answer.read())) == (200, EXPECTED)


def test_urllib_trailing_dot_without_a_path(gw, url):
    """A URL whose query follows the host at once: the dot still ends the host name."""
    target = f"https://{_host(url)}.?x=1"
    with pytest.raises(urllib.error.HTTPError) as error:  # the API's root, no stage: API Gateway's 403
        urllib.request.urlopen(target, timeout=2)
    assert (error.value.code, json.loads(error.value.read())) == (403, {"message": "Missing Authentication Token"})
    assert gw.requests[-1].url == f"https://{_host(url)}?x=1"


def test_urllib_trailing_dot_and_upper_case(url):
    request = urllib.request.Request(_with_host(url, _host(url).upper() + "."), data=b"{}",
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=2) as answer:
        assert (answer.status, json.loads(answer.read())) == (200, EXPECTED)


UNICODE_SPELLINGS = [  # names IDNA turns into the API's ASCII host (as http.client and the resolver do)
    lambda host: host.replace(".com", "\u3002com"),
    lambda host: host.replace(".com", "\uff0ecom"),
    lambda host: host.replace("execute", "\uff45xecute"),
    lambda host: host.replace("execute", "exe\u00adcute"),
    lambda host: host.replace("execute", "exe\u200bcute"),
]


@pytest.mark.parametrize("spelling", UNICODE_SPELLINGS)
def test_urllib_answers_a_unicode_spelling_of_the_host(gw, url, spelling):
    """http.client sends an IDNA-encoded name (``netloc.encode("idna")``): the same API."""
    request = urllib.request.Request(_with_host(url, spelling(_host(url))), data=b"{}",
                                     headers={"Content-Type": "application/json"}, method="POST")
    with urllib.request.urlopen(request, timeout=2) as answer:
        assert (answer.status, json.loads(answer.read())) == (200, EXPECTED)
    assert gw.requests[-1].url == url


@pytest.mark.parametrize("spelling", UNICODE_SPELLINGS)
def test_every_client_answers_or_refuses_a_unicode_spelling_locally(url, spelling):
    """Each library either answers, or refuses the name itself (an invalid URL) before any lookup."""
    target = _with_host(url, spelling(_host(url)))
    httpx = pytest.importorskip("httpx")
    aiohttp = pytest.importorskip("aiohttp")

    async def with_aiohttp():
        async with aiohttp.ClientSession() as session, session.post(target, json={}) as answer:
            return answer.status

    for attempt in (lambda: requests.post(target, json={}, timeout=2).status_code,
                    lambda: urllib3.request("POST", target, json={}).status,
                    lambda: httpx.post(target, json={}).status_code,
                    lambda: asyncio.run(with_aiohttp())):
        try:
            assert attempt() == 200
        except (ValueError, requests.exceptions.InvalidURL, urllib3.exceptions.LocationParseError,
                httpx.InvalidURL):
            pass  # the library refuses the name: nothing was sent


# --- httpx --------------------------------------------------------------------------------------------


def test_httpx_client_with_an_explicit_transport_and_a_proxy(url, proxy):
    httpx = pytest.importorskip("httpx")
    with httpx.Client(transport=httpx.HTTPTransport(retries=2), proxy=proxy.url) as client:
        answer = client.post(url, json={})
    assert (answer.status_code, answer.json()) == (200, EXPECTED)


def test_httpx_http2_client(url):
    httpx = pytest.importorskip("httpx")
    pytest.importorskip("h2")
    with httpx.Client(http2=True) as client:
        assert client.post(url, json={}).json() == EXPECTED


def test_httpx_async_client_with_a_proxy_from_the_environment(url, proxy, monkeypatch):
    httpx = pytest.importorskip("httpx")
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)

    async def scenario():
        async with httpx.AsyncClient(trust_env=True) as client:
            return await client.post(_with_host(url, _host(url) + "."), json={})

    answer = asyncio.run(scenario())
    assert (answer.status_code, answer.json()) == (200, EXPECTED)


# --- aiohttp ------------------------------------------------------------------------------------------


def test_aiohttp_custom_connector_and_trust_env(url, proxy, monkeypatch):
    aiohttp = pytest.importorskip("aiohttp")
    monkeypatch.setenv("HTTPS_PROXY", proxy.url)

    async def scenario():
        connector = aiohttp.TCPConnector(limit=1, ttl_dns_cache=None)
        async with aiohttp.ClientSession(connector=connector, trust_env=True) as session:
            async with session.post(url, json={}) as answer:
                return answer.status, await answer.json()

    assert asyncio.run(scenario()) == (200, EXPECTED)


def test_aiohttp_module_level_request(url):
    aiohttp = pytest.importorskip("aiohttp")

    async def scenario():
        async with aiohttp.request("POST", _with_host(url, _host(url).upper()), json={}) as answer:
            return answer.status, await answer.json()

    assert asyncio.run(scenario()) == (200, EXPECTED)


def test_aiohttp_ws_connect_fails_locally_naming_gw_websocket(gw):
    """gwmock cannot hand aiohttp a live WebSocket: the handshake fails at once naming gwmock and
    its own client, not with a 403 no WebSocket API gives."""
    aiohttp = pytest.importorskip("aiohttp")
    v2 = boto3.client("apigatewayv2")
    api = v2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    v2.create_stage(ApiId=api["ApiId"], StageName="prod")

    async def scenario():
        async with aiohttp.ClientSession() as session:
            await session.ws_connect(f"wss://{api['ApiId']}.execute-api.{REGION}.amazonaws.com/prod")

    with pytest.raises(NetworkBlocked, match=r"gwmock: .*aiohttp.*gw\.websocket\(url\)"):
        asyncio.run(scenario())


def test_websockets_failure_names_gw_websocket(url):
    pytest.importorskip("websockets")
    from websockets.sync.client import connect

    with pytest.raises(NetworkBlocked, match=r"gw\.websocket\(url\)"):
        connect(url.replace("https://", "wss://"), open_timeout=0.5)


# --- botocore -----------------------------------------------------------------------------------------


@pytest.mark.parametrize("config", [
    Config(use_fips_endpoint=True), Config(use_dualstack_endpoint=True),
    Config(retries={"max_attempts": 0}, proxies={"https": "http://127.0.0.1:9"}),
])
def test_control_plane_with_endpoint_options(gw, config):
    client = boto3.client("apigateway", region_name="us-east-1", config=config)
    api = client.create_rest_api(name="pets")
    assert client.get_rest_api(restApiId=api["id"])["name"] == "pets"


@pytest.mark.parametrize("endpoint", [
    "https://abc123defg.execute-api.eu-west-1.amazonaws.com",
    "https://APIGATEWAY.EU-WEST-1.AMAZONAWS.COM.",
    "http://127.0.0.1:9",
    "https://vpce-0123456789abcdef0-abcdefgh.execute-api.eu-west-1.vpce.amazonaws.com",
])
def test_control_plane_with_a_custom_endpoint_url(gw, endpoint):
    client = boto3.client("apigatewayv2", endpoint_url=endpoint)
    api = client.create_api(Name="http", ProtocolType="HTTP")
    assert client.get_api(ApiId=api["ApiId"])["Name"] == "http"


def test_another_service_pointed_at_execute_api_is_answered_by_the_data_plane(url):
    # DynamoDB speaks JSON on every botocore (SQS spoke XML before 1.34.x), so the answer parses anywhere
    dynamodb = boto3.client("dynamodb", endpoint_url=_with_host(url, _host(url)).rsplit("/dev/", 1)[0],
                            config=Config(retries={"max_attempts": 0}))
    with pytest.raises(ClientError) as error:
        dynamodb.list_tables()  # a POST to the API's root with no stage: API Gateway's answer
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 403
    assert error.value.response["Error"]["Message"] == "Missing Authentication Token"


def test_management_api_on_an_upper_case_host(gw):
    v2 = boto3.client("apigatewayv2")
    api = v2.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    v2.create_stage(ApiId=api["ApiId"], StageName="prod")
    host = f"{api['ApiId']}.execute-api.{REGION}.amazonaws.com".upper()
    client = boto3.client("apigatewaymanagementapi", endpoint_url=f"https://{host}/prod")
    with pytest.raises(ClientError) as error:
        client.get_connection(ConnectionId="bm9uZQ=")
    assert error.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410


# --- threads, asyncio, fork, nesting ------------------------------------------------------------------


def test_a_thread_started_inside_the_mock_is_answered(url):
    seen: list[object] = []
    thread = threading.Thread(target=lambda: seen.append(requests.post(url, json={}, timeout=2).json()))
    thread.start()
    thread.join(5)
    assert seen == [EXPECTED]


def test_a_thread_still_running_after_stop_is_not_answered_by_a_stopped_mock(no_proxy_env, no_dns):
    go, done = threading.Event(), threading.Event()
    seen: list[object] = []

    def late():
        go.wait(5)
        try:
            socket.getaddrinfo("abc123defg.execute-api.eu-west-1.amazonaws.com", 443)
        except OSError as error:
            seen.append(error)
        done.set()

    with mock_apigateway():
        thread = threading.Thread(target=late)
        thread.start()
    go.set()
    done.wait(5)
    thread.join(5)
    # Once the last mock stopped nothing of gwmock's is in the way: the lookup reached the test's guard.
    assert len(seen) == 1 and not isinstance(seen[0], NetworkBlocked)
    assert no_dns == ["abc123defg.execute-api.eu-west-1.amazonaws.com"]
    no_dns.clear()


def test_asyncio_tasks_inside_the_mock(url):
    httpx = pytest.importorskip("httpx")

    async def scenario():
        async with httpx.AsyncClient() as client:
            answers = await asyncio.gather(*(client.post(url, json={}) for _ in range(5)))
        return [answer.json() for answer in answers]

    assert asyncio.run(scenario()) == [EXPECTED] * 5


def _child(url: str, queue) -> None:
    try:
        queue.put(requests.post(url, json={}, timeout=2).json())
        socket.create_connection(("abc123defg.execute-api.eu-west-1.amazonaws.com", 443), timeout=0.2)
        queue.put("connected")
    except NetworkBlocked as error:
        queue.put(f"blocked: {error}")
    except BaseException as error:  # noqa: BLE001 - reported to the parent
        queue.put(f"failed: {error!r}")


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_a_forked_child_keeps_the_mock(url):
    context = multiprocessing.get_context("fork")
    queue = context.Queue()
    child = context.Process(target=_child, args=(url, queue))
    child.start()
    first, second = queue.get(timeout=10), queue.get(timeout=10)
    child.join(10)
    assert first == EXPECTED
    assert second.startswith("blocked: gwmock")


def test_nested_mocks_inner_answers_outer_still_guards(no_proxy_env):
    with mock_apigateway(region=REGION):
        outer = deployed_mock_api(boto3.client("apigateway"), TEMPLATE)
        with mock_apigateway(region=REGION):
            inner = deployed_mock_api(boto3.client("apigateway"), TEMPLATE)
            assert requests.post(inner, json={}, timeout=2).json() == EXPECTED
        assert requests.post(outer, json={}, timeout=2).json() == EXPECTED
        with pytest.raises(NetworkBlocked, match=BLOCKED):
            socket.getaddrinfo(_host(inner), 443)


# --- more raw paths, and loose ends -------------------------------------------------------------------


def test_http_client_connect_without_a_request(url):
    with pytest.raises(NetworkBlocked, match=BLOCKED):
        http.client.HTTPSConnection(_host(url).upper() + ".", timeout=0.2).connect()


def test_ssl_socket_connect_to_execute_api(url):
    import ssl

    with ssl.create_default_context().wrap_socket(socket.socket(), server_hostname=_host(url)) as tls:
        with pytest.raises(NetworkBlocked, match=BLOCKED):
            tls.connect((_host(url), 443))


def test_a_proxy_named_by_an_execute_api_host_is_never_contacted(gw):
    proxy = "http://abc123defg.execute-api.us-east-1.amazonaws.com:443"
    with pytest.raises(requests.ConnectionError, match="gwmock"):
        requests.get("http://localhost:9/", proxies={"http": proxy}, timeout=1)
    with pytest.raises(requests.ConnectionError, match="gwmock"):
        requests.get("https://localhost:9/", proxies={"https": proxy}, timeout=1)


def test_requests_stream_reads_the_answer(url):
    with requests.post(url, json={}, stream=True, timeout=2) as answer:
        assert json.loads(b"".join(answer.iter_content(3))) == EXPECTED


def test_the_inner_mock_still_answers_when_the_outer_stops_first(no_proxy_env):
    outer = mock_apigateway(region=REGION)
    outer.start()
    inner = mock_apigateway(region=REGION)
    inner.start()
    try:
        outer.stop()
        url = deployed_mock_api(boto3.client("apigateway"), TEMPLATE)
        assert requests.post(url, json={}, timeout=2).json() == EXPECTED
        with pytest.raises(NetworkBlocked, match=BLOCKED):
            socket.getaddrinfo(_host(url), 443)
    finally:
        inner.stop()
