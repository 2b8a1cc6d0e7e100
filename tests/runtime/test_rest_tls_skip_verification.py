"""REST HTTP and HTTP_PROXY integrations' ``tlsConfig.insecureSkipVerification`` against a local HTTPS
server with self-signed certificates (gwmock/runtime/rest/http_integration.py holds the evidence and
the guesses these tests pin)."""

from __future__ import annotations

import ipaddress
import ssl
import threading
from datetime import datetime, timedelta, timezone
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from gwmock.runtime.rest.http_integration import certificate_problem

NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/1234567890abcdef"
EXPIRED = "PKIX path validation failed: java.security.cert.CertPathValidatorException: validity check failed"
CONFIG = "Execution failed due to configuration error: "
NOW = datetime.now(timezone.utc)
_KEY = ec.generate_private_key(ec.SECP256R1())  # one key for every certificate: fast


def certificate(cn="localhost", dns=("localhost",), ips=("127.0.0.1",), days=(-1, 1), san=True, units=0):
    """A self-signed certificate (PEM, then DER) and its key's PEM; ``units``: that many 60-character
    OU attributes in the subject."""
    subject = x509.Name([x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, f"{i:02}" + "u" * 58)
                         for i in range(units)] + [x509.NameAttribute(NameOID.COMMON_NAME, cn)])
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(_KEY.public_key())
               .serial_number(x509.random_serial_number())
               .not_valid_before(NOW + timedelta(days=days[0])).not_valid_after(NOW + timedelta(days=days[1])))
    if san:
        names = [x509.DNSName(d) for d in dns] + [x509.IPAddress(ipaddress.ip_address(i)) for i in ips]
        builder = builder.add_extension(x509.SubjectAlternativeName(names), critical=False)
    cert = builder.sign(_KEY, hashes.SHA256())
    key = _KEY.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption())
    return cert.public_bytes(serialization.Encoding.PEM), cert.public_bytes(serialization.Encoding.DER), key


class _Answer(BaseHTTPRequestHandler):
    def do_GET(self) -> None:  # noqa: N802 - http.server's name
        self.server.seen.append(self.path)  # type: ignore[attr-defined]
        body = b'{"from": "backend"}'
        self.send_response(201)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture
def https_server(tmp_path):
    """Start an HTTPS server on 127.0.0.1 with a certificate made by ``certificate(**kwargs)``:
    returns its base URL; ``.seen`` on the returned function lists the paths it answered."""
    servers = []

    def start(**kwargs):
        pem, _, key = certificate(**kwargs)
        path = tmp_path / f"cert{len(servers)}.pem"
        path.write_bytes(pem + key)
        context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
        context.load_cert_chain(path)
        server = ThreadingHTTPServer(("127.0.0.1", 0), _Answer)
        server.socket = context.wrap_socket(server.socket, server_side=True)
        server.seen = []  # type: ignore[attr-defined]
        server.handle_error = lambda *args: None  # a refused handshake is expected here
        threading.Thread(target=server.serve_forever, args=(0.01,), daemon=True).start()
        servers.append(server)
        start.seen = server.seen
        return f"https://127.0.0.1:{server.server_address[1]}"

    yield start
    for server in servers:
        server.shutdown()
        server.server_close()


def rest_api(client, uri, kind="HTTP_PROXY", skip=True, **extra):
    """A REST API whose GET /items calls ``uri``; its stage URL and ids."""
    api = client.create_rest_api(name="tls")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="items")["id"]
    client.put_method(restApiId=api["id"], resourceId=resource, httpMethod="GET", authorizationType="NONE")
    if skip is not None:
        extra["tlsConfig"] = {"insecureSkipVerification": skip}
    client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="GET", type=kind,
                           integrationHttpMethod="GET", uri=uri, **extra)
    if kind == "HTTP":
        client.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod="GET", statusCode="200")
        client.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod="GET",
                                        statusCode="200")
    client.create_deployment(restApiId=api["id"], stageName="test")
    return f"https://{api['id']}.execute-api.{client.meta.region_name}.amazonaws.com/test/items", api["id"], resource


def config_lines(answer):
    return [line.split(CONFIG, 1)[1] for line in answer.log if CONFIG in line]


# --- through boto3 and the data plane --------------------------------------------------------------


def test_a_self_signed_backend_without_the_setting_is_a_500(apigateway, gwmock, https_server):
    url, _, _ = rest_api(apigateway, https_server() + "/items", skip=None)
    answer = gwmock.invoke("GET", url)
    assert answer.status == 500
    assert answer.json() == {"message": "Internal server error"}
    assert config_lines(answer) == ["Invalid endpoint address (SSLError)"]
    assert https_server.seen == []


def test_the_setting_false_still_verifies_the_issuer(apigateway, gwmock, https_server):
    url, _, _ = rest_api(apigateway, https_server() + "/items", skip=False)
    assert gwmock.invoke("GET", url).status == 500


def test_with_the_setting_a_self_signed_backend_answers(apigateway, gwmock, https_server):
    url, api_id, resource = rest_api(apigateway, https_server() + "/items")
    stored = apigateway.get_integration(restApiId=api_id, resourceId=resource, httpMethod="GET")
    assert stored["tlsConfig"] == {"insecureSkipVerification": True}
    answer = gwmock.invoke("GET", url)
    assert answer.status == 201
    assert answer.json() == {"from": "backend"}
    assert https_server.seen == ["/items"]


def test_a_non_proxy_http_integration_maps_the_answer(apigateway, gwmock, https_server):
    url, _, _ = rest_api(apigateway, https_server() + "/items", kind="HTTP")
    answer = gwmock.invoke("GET", url)
    assert (answer.status, answer.json()) == (200, {"from": "backend"})


def test_the_setting_patched_on_needs_a_deployment(apigateway, gwmock, https_server):
    url, api_id, resource = rest_api(apigateway, https_server() + "/items", skip=None)
    apigateway.update_integration(restApiId=api_id, resourceId=resource, httpMethod="GET", patchOperations=[
        {"op": "replace", "path": "/tlsConfig/insecureSkipVerification", "value": "true"}])
    assert gwmock.invoke("GET", url).status == 500  # the stage still serves the old deployment
    apigateway.create_deployment(restApiId=api_id, stageName="test")
    assert gwmock.invoke("GET", url).status == 201


def test_an_expired_certificate_is_a_500_even_with_the_setting(apigateway, gwmock, https_server):
    url, _, _ = rest_api(apigateway, https_server(days=(-10, -1)) + "/items")
    answer = gwmock.invoke("GET", url)
    assert answer.status == 500
    assert answer.json() == {"message": "Internal server error"}
    assert config_lines(answer) == [EXPIRED]
    assert https_server.seen == []  # refused after the handshake, before the request


def test_a_certificate_not_yet_valid_is_a_500(apigateway, gwmock, https_server):
    url, _, _ = rest_api(apigateway, https_server(days=(1, 10)) + "/items")
    assert config_lines(gwmock.invoke("GET", url)) == [EXPIRED]


def test_a_certificate_for_another_host_is_a_500_even_with_the_setting(apigateway, gwmock, https_server):
    url, _, _ = rest_api(apigateway, https_server(cn="other.example", dns=("other.example",), ips=()) + "/items")
    answer = gwmock.invoke("GET", url)
    assert answer.status == 500
    assert config_lines(answer) == [
        "Host name '127.0.0.1' does not match the certificate subject provided by the peer (CN=other.example)"]
    assert https_server.seen == []


def test_a_private_integration_checks_its_uris_host(apigateway, gwmock, https_server):
    base = https_server(cn="nlb.internal.example", dns=("nlb.internal.example",), ips=())
    link = apigateway.create_vpc_link(name="nlb", targetArns=[NLB])["id"]
    url, _, _ = rest_api(apigateway, "https://nlb.internal.example/items", connectionType="VPC_LINK",
                         connectionId=link)
    gwmock.route_vpc_link(link, base)
    assert gwmock.invoke("GET", url).status == 201  # the certificate names the uri's host, not 127.0.0.1
    wrong, _, _ = rest_api(apigateway, "https://other.internal.example/items", connectionType="VPC_LINK",
                           connectionId=link)
    assert config_lines(gwmock.invoke("GET", wrong)) == [
        "Host name 'other.internal.example' does not match the certificate subject provided by the peer "
        "(CN=nlb.internal.example)"]


# --- the checks themselves, with hostile certificates -----------------------------------------------


@pytest.mark.parametrize(("pattern", "host", "named"), [
    ("*.example.com", "api.example.com", True),
    ("*.EXAMPLE.com.", "api.example.com", True),
    ("*.example.com", "a.b.example.com", False),  # one label only
    ("*.example.com", "example.com", False),
    ("*.com", "example.com", False),  # too wide
    ("*", "localhost", False),
    ("*.*.example.com", "a.b.example.com", False),
    ("a*.example.com", "ab.example.com", False),  # partial wildcards are not honoured
    ("*.0.0.1", "127.0.0.1", False),  # an IP host matches only SAN IP entries
])
def test_wildcards_follow_rfc_6125(pattern, host, named):
    _, der, _ = certificate(cn="x", dns=(pattern,), ips=())
    assert (certificate_problem(der, host, NOW) is None) is named


def test_the_cn_counts_only_without_san_names():
    _, with_san, _ = certificate(cn="localhost", dns=("other.example",), ips=())
    _, cn_only, _ = certificate(cn="localhost", san=False)
    assert certificate_problem(with_san, "localhost", NOW) is not None
    assert certificate_problem(cn_only, "localhost", NOW) is None
    _, ip_cn, _ = certificate(cn="127.0.0.1", san=False)
    assert certificate_problem(ip_cn, "127.0.0.1", NOW) is not None


def test_an_ipv6_host_matches_its_san_entry():
    _, der, _ = certificate(dns=(), ips=("::1",))
    assert certificate_problem(der, "::1", NOW) is None
    assert certificate_problem(der, "::2", NOW) is not None


@pytest.mark.parametrize("der", [None, b"", b"\x30\x82\xff\xff" + b"A" * 100, b"not a certificate"])
def test_a_certificate_that_cannot_be_read_is_refused(der):
    assert certificate_problem(der, "localhost", NOW) == "Invalid endpoint address (SSLError)"


def test_a_huge_subject_is_cut_in_the_log():
    _, der, _ = certificate(cn="a" * 64, dns=tuple(f"n{i}.example" for i in range(2000)), ips=(), units=100)
    reason = certificate_problem(der, "localhost", NOW)
    assert reason is not None
    assert reason.startswith("Host name 'localhost' does not match the certificate subject provided by the peer "
                             "(CN=" + "a" * 64 + ", OU=99")
    assert len(reason) == len("Host name 'localhost' does not match the certificate subject provided by the "
                              "peer ()") + 512
