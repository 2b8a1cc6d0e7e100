"""The last-resort guard: API Gateway host names of every partition never resolve or connect
while a mock is active; other hosts are untouched, and nothing stays patched afterwards."""

from __future__ import annotations

import http.client
import socket

import pytest

from gwmock import mock_apigateway
from gwmock.intercept.hosts import NetworkBlocked, is_guarded

GUARDED = [
    "apigateway.us-east-1.amazonaws.com",
    "apigateway-fips.us-gov-west-1.amazonaws.com",
    "apigateway.us-east-1.api.aws",
    "apigateway.cn-north-1.amazonaws.com.cn",
    "apigateway.cn-north-1.api.amazonwebservices.com.cn",
    "apigateway.us-iso-east-1.c2s.ic.gov",
    "apigateway.us-isob-east-1.sc2s.sgov.gov",
    "apigateway.eu-isoe-west-1.cloud.adc-e.uk",
    "apigateway.us-isof-south-1.csp.hci.ic.gov",
    "abc123defg.execute-api.eu-west-1.amazonaws.com",
    "abc123defg.execute-api.cn-north-1.amazonaws.com.cn",
    "abc123defg.execute-api.us-iso-east-1.c2s.ic.gov",
    "abc123defg.execute-api.us-isob-east-1.sc2s.sgov.gov",
    "abc123defg.execute-api.eu-isoe-west-1.cloud.adc-e.uk",
    "abc123defg.execute-api.us-isof-south-1.csp.hci.ic.gov",
    "abc123defg.execute-api-fips.us-gov-west-1.amazonaws.com",
    "abc123defg.execute-api.us-east-1.api.aws",
    "abc123defg-vpce-0123456789abcdef0.execute-api.us-east-1.amazonaws.com",
    "vpce-0123456789abcdef0-abcdefgh.execute-api.us-east-1.vpce.amazonaws.com",
    "ABC123DEFG.EXECUTE-API.US-EAST-1.AMAZONAWS.COM.",
    # EU sovereign and the ISO partitions' dual-stack suffixes (botocore's partitions.json)
    "apigateway.eusc-de-east-1.amazonaws.eu",
    "abc123defg.execute-api.eusc-de-east-1.amazonaws.eu",
    "apigateway.eusc-de-east-1.api.amazonwebservices.eu",
    "apigateway.us-iso-east-1.api.aws.ic.gov",
    "apigateway.us-isob-east-1.api.aws.scloud",
    "apigateway.eu-isoe-west-1.api.cloud-aws.adc-e.uk",
    "apigateway.us-isof-south-1.api.aws.hci.ic.gov",
    # Unicode spellings the resolver turns into the same ASCII name (IDNA), and a port left on
    "abc123defg.execute-api.us-east-1.amazonaws\u3002com",
    "abc123defg.execute-api.us-east-1.amazonaws\uff0ecom",
    "abc123defg.\uff45xecute-api.us-east-1.amazonaws.com",
    "\uff41\uff50\uff49\uff47\uff41\uff54\uff45\uff57\uff41\uff59.us-east-1.amazonaws.com",
    "abc123defg.exec\u00adute-api.us-east-1.amazonaws.com",
    "abc123defg.exe\u200bcute-api.us-east-1.amazonaws.com",
    "apigateway.us-east-1.amazonaws.com:443",
]
UNGUARDED = ["localhost", "127.0.0.1", "example.com", "s3.us-east-1.amazonaws.com", "sts.amazonaws.com",
             "lambda.us-east-1.amazonaws.com", "apigateway.example.com", "execute-api.example.org",
             "myapigateway.us-east-1.amazonaws.com.evil.example"]


@pytest.mark.parametrize("host", GUARDED)
def test_guarded_hosts(host):
    assert is_guarded(host)


@pytest.mark.parametrize("host", UNGUARDED)
def test_other_hosts_are_not_guarded(host):
    assert not is_guarded(host)


@pytest.mark.parametrize("host", GUARDED)
@mock_apigateway
def test_lookups_and_connections_fail_locally(host):
    for attempt in (
        lambda: socket.getaddrinfo(host, 443),
        lambda: socket.gethostbyname(host),
        lambda: socket.gethostbyname_ex(host),
        lambda: socket.create_connection((host, 443), timeout=0.2),
    ):
        with pytest.raises(NetworkBlocked, match=r"gwmock: refused to connect to .*mock_apigateway is active"):
            attempt()


@mock_apigateway
def test_reverse_lookups_and_datagrams_fail_locally():
    host = "abc123defg.execute-api.us-east-1.amazonaws.com"
    with pytest.raises(NetworkBlocked, match="gwmock"):
        socket.gethostbyaddr(host)
    assert socket.getfqdn(host) == host  # getfqdn's own lookup is refused, so it answers the name
    with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as udp:
        with pytest.raises(NetworkBlocked, match="datagram"):
            udp.sendto(b"x", (host, 443))
        with pytest.raises(NetworkBlocked, match="datagram"):
            udp.sendto(b"x", 0, (host, 443))
        with pytest.raises(NetworkBlocked, match="datagram"):
            udp.sendmsg([b"x"], [], 0, (host, 443))


def test_the_mocks_custom_domains_are_guarded_for_raw_clients(no_dns):
    import boto3

    with mock_apigateway():
        boto3.client("apigatewayv2", region_name="us-east-1").create_domain_name(
            DomainName="api.example.com", DomainNameConfigurations=[
                {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/abc", "EndpointType": "REGIONAL"}])
        for attempt in (
            lambda: http.client.HTTPSConnection("api.example.com", timeout=0.2).request("GET", "/"),
            lambda: socket.create_connection(("API.example.com.", 443), timeout=0.2),
            lambda: socket.getaddrinfo("api.example.com", 443),
        ):
            with pytest.raises(NetworkBlocked, match="(?i)api.example.com"):
                attempt()
        with pytest.raises(socket.gaierror) as other:  # a domain the mock does not hold is not gwmock's
            socket.getaddrinfo("shop.example.com", 443)
        assert not isinstance(other.value, NetworkBlocked)
    assert no_dns == ["shop.example.com"]
    no_dns.clear()


@mock_apigateway
def test_raw_socket_connect_fails_locally():
    with socket.socket() as raw:
        with pytest.raises(NetworkBlocked, match="gwmock"):
            raw.connect(("abc123defg.execute-api.us-east-1.amazonaws.com", 443))
        assert raw.connect_ex(("127.0.0.1", 9)) != 0 or True  # local addresses pass through
    with socket.socket() as raw, pytest.raises(NetworkBlocked, match="gwmock"):
        raw.connect_ex(("apigateway.us-east-1.amazonaws.com", 443))


@mock_apigateway
def test_http_client_direct_and_through_a_proxy(proxy):
    direct = http.client.HTTPSConnection("apigateway.eu-west-1.amazonaws.com", timeout=0.2)
    with pytest.raises(NetworkBlocked, match="gwmock"):
        direct.request("GET", "/restapis")
    tunnel = http.client.HTTPSConnection("127.0.0.1", proxy.port, timeout=0.2)
    with pytest.raises(NetworkBlocked, match="CONNECT"):
        tunnel.set_tunnel("abc123defg.execute-api.eu-west-1.amazonaws.com", 443)
    plain = http.client.HTTPConnection("127.0.0.1", proxy.port, timeout=0.2)
    with pytest.raises(NetworkBlocked, match="proxy"):
        plain.request("GET", "http://abc123defg.execute-api.eu-west-1.amazonaws.com/dev/")


@mock_apigateway
def test_other_hosts_resolve_and_connect():
    assert socket.getaddrinfo("localhost", 80)
    server = socket.create_server(("127.0.0.1", 0))
    with server, socket.create_connection(server.getsockname(), timeout=1):
        pass


def test_no_guard_without_a_mock(no_dns):
    """Without an active mock nothing of gwmock's is in the way: the lookup reaches the
    test's own DNS refusal, not gwmock's."""
    with pytest.raises(socket.gaierror) as refused:
        socket.getaddrinfo("apigateway.us-east-1.amazonaws.com", 443)
    assert not isinstance(refused.value, NetworkBlocked)
    assert no_dns == ["apigateway.us-east-1.amazonaws.com"]
    no_dns.clear()  # expected here
