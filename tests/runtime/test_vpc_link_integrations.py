"""Private integrations (VPC links) served by the test's own server: ``gw.route_vpc_link(target, url)``
(gwmock/runtime/backends.py, runtime/http/integration.py, runtime/rest/http_integration.py hold the
evidence and the guesses these tests pin)."""

from __future__ import annotations

import logging
import socket
import ssl
import threading
from datetime import datetime, timedelta, timezone

import pytest
from helpers import RecordingBackend, network_guard

from gwmock.errors import GwmockError

NLB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/net/my-nlb/1234567890abcdef"
ALB = "arn:aws:elasticloadbalancing:us-east-1:123456789012:loadbalancer/app/my-alb/1234567890abcdef"
LISTENER = "arn:aws:elasticloadbalancing:us-east-1:123456789012:listener/app/my-alb/50dc6c495c0c9188/0467ef3c8400ae65"
CLOUD_MAP = "arn:aws:servicediscovery:us-east-1:123456789012:service/srv-id?stage=prod"
INTERNAL = "There was an internal error while executing your request"


class Backend(RecordingBackend):
    """``RecordingBackend`` that also keeps each request's headers (lower-case names) in ``headers``."""

    def __init__(self) -> None:
        super().__init__()
        self.headers: list[dict[str, str]] = []
        owner, recording = self, self.server.RequestHandlerClass

        class Handler(recording):  # type: ignore[misc, valid-type]
            def _answer(self) -> None:
                owner.headers.append({k.lower(): v for k, v in self.headers.items()})
                super()._answer()

            # TestInvokeMethod of an ANY method sends ANY
            do_GET = do_POST = do_PUT = do_DELETE = do_ANY = _answer  # noqa: N815 - http.server's names

        self.server.RequestHandlerClass = Handler

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"


@pytest.fixture
def backend():
    with Backend() as server:
        yield server


@pytest.fixture
def other():
    with Backend() as server:
        yield server


# --- gw.route_vpc_link ---------------------------------------------------------------------------


@pytest.mark.parametrize("target", ["", "   ", None, 42, "a b", "line\nbreak", "http://nlb.example.com",
                                    "nlb.example.com:80", "nlb/x", "x" * 3000])
def test_a_target_that_names_nothing_an_integration_could_name_is_refused(gwmock, target):
    with pytest.raises(GwmockError, match="route_vpc_link"):
        gwmock.route_vpc_link(target, "http://127.0.0.1:8080")
    assert gwmock.vpc_links == {}


@pytest.mark.parametrize("url", ["", None, b"http://127.0.0.1", "127.0.0.1:8080", "ftp://127.0.0.1", "http://",
                                 "http://127.0.0.1:8080/base", "http://127.0.0.1:8080/?a=1", "http://127.0.0.1/#x",
                                 "http://127.0.0.1/?", "http://user:pw@127.0.0.1", "http://127.0.0.1:99999",
                                 "http://127.0.0.1:port", "http://127.0.0.1\r\nX-Evil: 1", "http://127.0.0.1\t/",
                                 "http://[::1", "http://" + "a" * 3000])
def test_a_url_that_is_not_a_servers_base_url_is_refused(gwmock, url):
    with pytest.raises(GwmockError, match="route_vpc_link"):
        gwmock.route_vpc_link("abc123", url)
    assert gwmock.vpc_links == {}


def test_targets_are_kept_as_integrations_look_them_up(gwmock):
    gwmock.route_vpc_link(" NLB.Example.com. ", "HTTP://127.0.0.1:8080/")
    gwmock.route_vpc_link(LISTENER, "https://localhost")
    gwmock.route_vpc_link("[fd00::1]", "http://[::1]:9000")
    gwmock.route_vpc_link("abc123", "http://127.0.0.1:1")
    gwmock.route_vpc_link("abc123", "http://127.0.0.1:2")  # the last one given wins
    assert gwmock.vpc_links == {"nlb.example.com": "http://127.0.0.1:8080", LISTENER: "https://localhost",
                                "fd00::1": "http://[::1]:9000", "abc123": "http://127.0.0.1:2"}


# --- HTTP APIs -----------------------------------------------------------------------------------


def http_api(client, uri=LISTENER, stage="dev", link=None, route="GET /items/{id}", **extra):
    """An HTTP API whose route reaches ``uri`` through a VPC link (made when not given); its base URL and link."""
    link = link or client.create_vpc_link(Name="link", SubnetIds=["subnet-1"])["VpcLinkId"]
    api_id = client.create_api(Name="private", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="ANY",
                                            ConnectionType="VPC_LINK", ConnectionId=link, IntegrationUri=uri,
                                            PayloadFormatVersion="1.0", **extra)["IntegrationId"]
    client.create_route(ApiId=api_id, RouteKey=route, Target=f"integrations/{integration}")
    client.create_stage(ApiId=api_id, StageName=stage, AutoDeploy=True)
    base = f"https://{api_id}.execute-api.{client.meta.region_name}.amazonaws.com"
    return (base if stage == "$default" else f"{base}/{stage}"), link


def test_an_http_api_private_integration_sends_the_full_path_with_the_stage_to_the_routed_server(
        apigatewayv2, gwmock, backend):
    base, _ = http_api(apigatewayv2)
    gwmock.route_vpc_link(LISTENER, backend.url)
    answer = gwmock.invoke("GET", base + "/items/7?x=1&x=2", headers={"X-Client": "c1"})
    assert (answer.status, answer.body) == (200, b"ok")
    assert backend.seen == [("GET", "/dev/items/7?x=1&x=2")]
    sent = backend.headers[0]
    assert sent["x-client"] == "c1"
    assert sent["host"] == f"127.0.0.1:{backend.port}"  # no ServerNameToVerify: the server's own (guess)
    assert sent["x-forwarded-proto"] == "https"


def test_overwriting_the_path_with_the_request_path_drops_the_stage(apigatewayv2, gwmock, backend):
    base, _ = http_api(apigatewayv2, RequestParameters={"overwrite:path": "$request.path",
                                                        "append:header.x-item": "$request.path.id"})
    gwmock.route_vpc_link(LISTENER, backend.url)
    assert gwmock.invoke("GET", base + "/items/7").status == 200
    assert backend.seen == [("GET", "/items/7")]
    assert backend.headers[0]["x-item"] == "7"


def test_the_default_stage_has_no_stage_segment(apigatewayv2, gwmock, backend):
    base, _ = http_api(apigatewayv2, stage="$default", route="$default")
    gwmock.route_vpc_link(LISTENER, backend.url)
    assert gwmock.invoke("POST", base + "/a/b%2Fc?q=1", body="x").status == 200
    assert backend.seen == [("POST", "/a/b%2Fc?q=1")]


def test_the_uri_route_wins_over_the_vpc_link_route(apigatewayv2, gwmock, backend, other):
    base, link = http_api(apigatewayv2)
    gwmock.route_vpc_link(link, other.url)
    assert gwmock.invoke("GET", base + "/items/1").status == 200
    gwmock.route_vpc_link(LISTENER, backend.url)
    assert gwmock.invoke("GET", base + "/items/2").status == 200
    assert (other.seen, backend.seen) == ([("GET", "/dev/items/1")], [("GET", "/dev/items/2")])


def test_a_cloud_map_service_is_found_with_or_without_its_query(apigatewayv2, gwmock, backend):
    base, _ = http_api(apigatewayv2, uri=CLOUD_MAP)
    gwmock.route_vpc_link(CLOUD_MAP.partition("?")[0], backend.url)
    assert gwmock.invoke("GET", base + "/items/1").status == 200
    assert backend.seen == [("GET", "/dev/items/1")]


def test_server_name_to_verify_is_the_host_header_and_a_host_mapping_wins(apigatewayv2, gwmock, backend):
    base, link = http_api(apigatewayv2, TlsConfig={"ServerNameToVerify": "api.internal.example"})
    mapped, _ = http_api(apigatewayv2, link=link, TlsConfig={"ServerNameToVerify": "api.internal.example"},
                         RequestParameters={"overwrite:header.host": "svc.${request.header.x-tenant}"})
    gwmock.route_vpc_link(link, backend.url)
    assert gwmock.invoke("GET", base + "/items/1").status == 200
    assert gwmock.invoke("GET", mapped + "/items/1", headers={"X-Tenant": "t1"}).status == 200
    assert [h["host"] for h in backend.headers] == ["api.internal.example", "svc.t1"]


def test_without_a_route_the_answer_stays_500_and_names_route_vpc_link(apigatewayv2, gwmock, backend, caplog):
    base, link = http_api(apigatewayv2)
    gwmock.route_vpc_link("someotherlink", backend.url)
    with caplog.at_level(logging.WARNING, logger="gwmock"):
        answer = gwmock.invoke("GET", base + "/items/1")
    assert (answer.status, answer.body) == (500, b'{"message":"Internal Server Error"}')
    assert "gw.route_vpc_link" in answer.log[-1] and LISTENER in answer.log[-1] and link in answer.log[-1]
    assert "gw.route_vpc_link" in caplog.text
    assert backend.seen == []


def test_a_deleted_vpc_link_cannot_route(apigatewayv2, gwmock, backend):
    link = apigatewayv2.create_vpc_link(Name="gone", SubnetIds=["subnet-1"])["VpcLinkId"]
    apigatewayv2.delete_vpc_link(VpcLinkId=link)  # AWS refuses to delete a link a route uses
    base, _ = http_api(apigatewayv2, link=link)
    gwmock.route_vpc_link(LISTENER, backend.url)
    answer = gwmock.invoke("GET", base + "/items/1")
    assert answer.status == 500
    assert "does not exist" in answer.log[-1]
    assert backend.seen == []


def test_a_routed_server_is_still_refused_unless_allowed(apigatewayv2, gwmock, monkeypatch, caplog):
    seen = network_guard(monkeypatch)
    base, _ = http_api(apigatewayv2)
    gwmock.route_vpc_link(LISTENER, "http://169.254.169.254")
    with caplog.at_level(logging.WARNING, logger="gwmock"):
        assert gwmock.invoke("GET", base + "/items/1").status == 500
    assert seen == []
    assert "gw.allow_http_backend" in caplog.text


def test_a_stage_variable_names_the_link(apigatewayv2, gwmock, backend):
    link = apigatewayv2.create_vpc_link(Name="link", SubnetIds=["subnet-1"])["VpcLinkId"]
    base, _ = http_api(apigatewayv2, link="${stageVariables.linkId}")
    api_id = base.split("//")[1].split(".")[0]
    gwmock.route_vpc_link(link, backend.url)
    assert gwmock.invoke("GET", base + "/items/1").status == 500  # no variable yet: no link
    apigatewayv2.update_stage(ApiId=api_id, StageName="dev", StageVariables={"linkId": link})
    assert gwmock.invoke("GET", base + "/items/1").status == 200
    assert backend.seen == [("GET", "/dev/items/1")]


def _self_signed(name: str) -> tuple[bytes, bytes]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    subject = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, name)])
    now = datetime.now(timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(subject).issuer_name(subject).public_key(key.public_key())
            .serial_number(1).not_valid_before(now - timedelta(days=1)).not_valid_after(now + timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([x509.DNSName(name)]), critical=False)
            .sign(key, hashes.SHA256()))
    return (cert.public_bytes(serialization.Encoding.PEM),
            key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                              serialization.NoEncryption()))


@pytest.fixture
def tls_server(tmp_path):
    """A TLS server (127.0.0.1) with a certificate no authority signed: its base URL and the server names
    (SNI) handshakes named, read once the handshake is over."""
    cert, key = _self_signed("api.internal.example")
    (tmp_path / "c.pem").write_bytes(cert + key)
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(tmp_path / "c.pem")
    names: list[str | None] = []
    context.sni_callback = lambda sock, name, ctx: names.append(name)
    listener = socket.create_server(("127.0.0.1", 0))
    listener.settimeout(5)

    def serve() -> None:
        try:
            conn, _ = listener.accept()
            with context.wrap_socket(conn, server_side=True):
                pass
        except (ssl.SSLError, OSError):
            pass  # the client refuses the certificate

    thread = threading.Thread(target=serve, daemon=True)
    thread.start()
    yield f"https://127.0.0.1:{listener.getsockname()[1]}", names, thread
    listener.close()


def test_an_https_server_gets_server_name_to_verify_in_the_handshake(apigatewayv2, gwmock, tls_server):
    url, names, thread = tls_server
    base, link = http_api(apigatewayv2, TlsConfig={"ServerNameToVerify": "api.internal.example"})
    gwmock.route_vpc_link(link, url)
    assert gwmock.invoke("GET", base + "/items/1").status == 500  # AWS too: an untrusted certificate
    thread.join(5)
    assert names == ["api.internal.example"]


def test_a_rest_https_server_gets_the_uris_host_in_the_handshake(apigateway, gwmock, tls_server):
    url, names, thread = tls_server
    base, _, _, link = rest_api(apigateway, uri="https://nlb.internal.example/base/{proxy}")
    gwmock.route_vpc_link(link, url)
    answer = gwmock.invoke("GET", base + "/x")
    assert answer.status == 500
    assert any("Execution failed due to configuration error: Invalid endpoint address" in line for line in answer.log)
    thread.join(5)
    assert names == ["nlb.internal.example"]


def test_a_websocket_private_integration_calls_the_uri_path_with_its_host(apigatewayv2, gwmock, backend, apigateway):
    link = apigateway.create_vpc_link(name="nlb", targetArns=[NLB])["id"]
    api_id = apigatewayv2.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                     RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = apigatewayv2.create_integration(
        ApiId=api_id, IntegrationType="HTTP_PROXY", IntegrationMethod="POST", ConnectionType="VPC_LINK",
        ConnectionId=link, IntegrationUri="http://nlb.internal.example:8080/connect")["IntegrationId"]
    apigatewayv2.create_route(ApiId=api_id, RouteKey="$connect", Target=f"integrations/{integration}")
    apigatewayv2.create_stage(ApiId=api_id, StageName="prod", AutoDeploy=True)
    gwmock.route_vpc_link("nlb.internal.example", backend.url)
    conn = gwmock.websocket(f"wss://{api_id}.execute-api.{apigatewayv2.meta.region_name}.amazonaws.com/prod")
    assert conn.state == "OPEN"
    assert backend.seen == [("POST", "/connect")]
    assert backend.headers[0]["host"] == "nlb.internal.example:8080"


# --- REST APIs -----------------------------------------------------------------------------------


def rest_api(client, uri="http://nlb.internal.example/base/{proxy}", link=None, kind="HTTP_PROXY",
             variables=None, **extra):
    """A REST API whose ``/{proxy+}`` reaches ``uri`` through a VPC link; its stage URL, ids and link."""
    link = link or client.create_vpc_link(name="nlb", targetArns=[NLB])["id"]
    api = client.create_rest_api(name="private")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"],
                                      pathPart="{proxy+}")["id"]
    client.put_method(restApiId=api["id"], resourceId=resource, httpMethod="ANY", authorizationType="NONE",
                      requestParameters={"method.request.path.proxy": True})
    client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="ANY", type=kind,
                           integrationHttpMethod="ANY", uri=uri, connectionType="VPC_LINK", connectionId=link,
                           requestParameters={"integration.request.path.proxy": "method.request.path.proxy"},
                           **extra)
    if kind == "HTTP":
        client.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod="ANY", statusCode="200")
        client.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod="ANY", statusCode="200")
    client.create_deployment(restApiId=api["id"], stageName="test", variables=variables or {})
    url = f"https://{api['id']}.execute-api.{client.meta.region_name}.amazonaws.com/test"
    return url, api["id"], resource, link


def test_a_rest_private_integration_goes_to_the_routed_server_with_the_uris_host(apigateway, gwmock, backend):
    base, _, _, link = rest_api(apigateway, uri="http://nlb.internal.example:8443/base/{proxy}")
    gwmock.route_vpc_link(link, backend.url)
    answer = gwmock.invoke("POST", base + "/pets/1?a=1", headers={"X-Client": "c1"}, body="{}")
    assert (answer.status, answer.body) == (200, b"ok")
    assert backend.seen == [("POST", "/base/pets/1?a=1")]
    assert backend.headers[0]["host"] == "nlb.internal.example:8443"
    assert backend.headers[0]["x-client"] == "c1"
    assert any(line.endswith("Endpoint request URI: http://nlb.internal.example:8443/base/pets/1?a=1")
               for line in answer.log)


def test_the_uri_host_route_wins_over_the_link_route(apigateway, gwmock, backend, other):
    base, _, _, link = rest_api(apigateway)
    gwmock.route_vpc_link(link, other.url)
    gwmock.route_vpc_link("NLB.internal.example", backend.url)
    assert gwmock.invoke("GET", base + "/x").status == 200
    assert (backend.seen, other.seen) == ([("GET", "/base/x")], [])


def test_a_vpc_link_v2_and_its_integration_target(apigateway, apigatewayv2, gwmock, backend):
    link = apigatewayv2.create_vpc_link(Name="v2", SubnetIds=["subnet-1"])["VpcLinkId"]
    base, _, _, _ = rest_api(apigateway, uri="https://example.com:443/path/{proxy}", link=link,
                             integrationTarget=ALB)
    gwmock.route_vpc_link(ALB, backend.url)
    assert gwmock.invoke("GET", base + "/x").status == 200
    assert backend.seen == [("GET", "/path/x")]
    assert backend.headers[0]["host"] == "example.com:443"


def test_a_mapped_host_header_is_replaced_by_the_uris_host(apigateway, gwmock, backend):
    base, api_id, resource, link = rest_api(apigateway)
    apigateway.update_integration(restApiId=api_id, resourceId=resource, httpMethod="ANY", patchOperations=[
        {"op": "add", "path": "/requestParameters/integration.request.header.Host", "value": "'evil.example'"}])
    apigateway.create_deployment(restApiId=api_id, stageName="test")
    gwmock.route_vpc_link(link, backend.url)
    assert gwmock.invoke("GET", base + "/x").status == 200
    assert backend.headers[0]["host"] == "nlb.internal.example"


def test_the_stage_variable_names_the_link_and_test_invoke_has_none(apigateway, gwmock, backend):
    link = apigateway.create_vpc_link(name="nlb", targetArns=[NLB])["id"]
    base, api_id, resource, _ = rest_api(apigateway, link="${stageVariables.vpcLinkId}",
                                         variables={"vpcLinkId": link})
    gwmock.route_vpc_link("nlb.internal.example", backend.url)
    assert gwmock.invoke("GET", base + "/x").status == 200
    assert backend.seen == [("GET", "/base/x")]
    tested = apigateway.test_invoke_method(restApiId=api_id, resourceId=resource, httpMethod="ANY",
                                           pathWithQueryString="/x")
    assert tested["status"] == 500
    assert f"Execution failed due to configuration error: {INTERNAL}" in tested["log"]
    tested = apigateway.test_invoke_method(restApiId=api_id, resourceId=resource, httpMethod="ANY",
                                           pathWithQueryString="/y", stageVariables={"vpcLinkId": link})
    assert tested["status"] == 200
    assert backend.seen[-1] == ("ANY", "/base/y")


def test_a_failed_or_missing_link_is_a_500_configuration_error(apigateway, gwmock, backend, caplog):
    failed = apigateway.create_vpc_link(name="alb", targetArns=[ALB])["id"]  # not an NLB: FAILED
    base, _, _, _ = rest_api(apigateway, link=failed)
    gwmock.route_vpc_link("nlb.internal.example", backend.url)
    with caplog.at_level(logging.WARNING, logger="gwmock"):
        answer = gwmock.invoke("GET", base + "/x")
    assert (answer.status, answer.body) == (500, b'{"message":"Internal server error"}')
    assert any(line.endswith(f"Execution failed due to configuration error: {INTERNAL}") for line in answer.log)
    assert "is FAILED, not AVAILABLE" in caplog.text
    missing, _, _, _ = rest_api(apigateway, link="nosuch")
    assert gwmock.invoke("GET", missing + "/x").status == 500
    assert "does not exist in this mock" in caplog.text
    assert backend.seen == []


def test_a_non_proxy_http_private_integration_maps_its_answer(apigateway, gwmock, backend):
    base, _, _, link = rest_api(apigateway, kind="HTTP")
    gwmock.route_vpc_link(link, backend.url)
    answer = gwmock.invoke("GET", base + "/x")
    assert (answer.status, answer.body) == (200, b"ok")
    assert backend.seen == [("GET", "/base/x")]
    assert backend.headers[0]["host"] == "nlb.internal.example"


def test_without_a_route_the_uris_host_is_called_as_before_and_the_log_says_why(apigateway, gwmock, backend):
    base, _, _, link = rest_api(apigateway, uri=backend.url + "/base/{proxy}")
    answer = gwmock.invoke("GET", base + "/x")
    assert answer.status == 200
    assert backend.seen == [("GET", "/base/x")]
    assert any("gw.route_vpc_link" in line and link in line for line in answer.log)


def test_without_a_route_another_host_is_refused_as_before(apigateway, gwmock, monkeypatch):
    seen = network_guard(monkeypatch)
    base, _, _, _ = rest_api(apigateway)
    answer = gwmock.invoke("GET", base + "/x")
    assert answer.status == 500
    assert any("gw.route_vpc_link" in line for line in answer.log)
    assert any("gw.allow_http_backend" in line for line in answer.log)
    assert seen == []


@pytest.mark.parametrize("value", ["../vpclinks", "a" * 2000, "v2/vpclinks/x", "AbC 12", "a:b?c=d&e", "-"])
def test_a_hostile_link_id_from_a_stage_variable_names_no_link(apigateway, gwmock, backend, value):
    base, _, _, _ = rest_api(apigateway, link="${stageVariables.vpcLinkId}", variables={"vpcLinkId": value})
    gwmock.route_vpc_link("nlb.internal.example", backend.url)
    answer = gwmock.invoke("GET", base + "/x")
    assert answer.status == 500
    assert any(line.endswith(f"Execution failed due to configuration error: {INTERNAL}") for line in answer.log)
    assert backend.seen == []


def test_a_link_id_is_only_looked_up_when_it_could_be_one(gwmock, apigateway):
    from gwmock.runtime import backends

    link = apigateway.create_vpc_link(name="nlb", targetArns=[NLB])["id"]
    account, region = "123456789012", apigateway.meta.region_name
    assert backends.vpc_link_status(gwmock, account, region, link) == "AVAILABLE"
    for value in (link + "/", link.upper() + "\x00", "../" + link, link * 20):
        assert backends.vpc_link_status(gwmock, account, region, value) is None
    assert backends.vpc_link_status(None, account, region, link) is None
