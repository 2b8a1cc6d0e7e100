"""Mutual TLS on custom domain names (``gwmock.runtime.mtls``): the client certificate checked against the
domain's truststore, the 403s AWS documents, and the certificate's facts in the events.

Evidence: developer guide "Configuring mutual TLS authentication for a REST API" / "for an HTTP API"
(truststore of CA certificates, chain length of four, self-signed certificates allowed in the truststore,
expired or untrusted certificates denied with 403; execute-api endpoint not covered); Knowledge Center
"How do I troubleshoot HTTP 403 Forbidden errors from an API Gateway custom domain name that requires mutual
TLS?" (the three execution log lines); "Working with AWS Lambda proxy integrations for HTTP APIs" (payload
2.0 ``authentication.clientCert``, 1.0 ``identity.clientCert``). Certificates are made here with
``cryptography``; the S3 truststore test uses moto.
"""

from __future__ import annotations

import datetime
import json
import logging
import os
import time

import boto3
import pytest
import requests
import urllib3
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import NameOID

from gwmock.errors import GwmockError

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
CERT_ARN = f"arn:aws:acm:{REGION}:123456789012:certificate/abc"
DOMAIN = "mtls.example.com"
TRUSTSTORE = "s3://truststores/ca.pem"
LOG_GROUP = f"arn:aws:logs:{REGION}:123456789012:log-group:access"
NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)


# --- a small PKI --------------------------------------------------------------------------------------


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US"),
                      x509.NameAttribute(NameOID.STATE_OR_PROVINCE_NAME, "Washington"),
                      x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Example, Inc."),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


class _Issued:
    def __init__(self, cert, key):
        self.cert, self.key = cert, key

    @property
    def pem(self):
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()


def _issue(cn, issuer=None, *, key=None, ca=False, serial=None, start=NOW - DAY, end=NOW + 30 * DAY,
           issuer_name=None):
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = _name(cn)
    signer_name = issuer_name or (issuer.cert.subject if issuer else subject)
    signer_key = issuer.key if issuer else key
    builder = (x509.CertificateBuilder().subject_name(subject).issuer_name(signer_name)
               .public_key(key.public_key()).serial_number(serial or x509.random_serial_number())
               .not_valid_before(start).not_valid_after(end)
               .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True))
    return _Issued(builder.sign(signer_key, hashes.SHA256()), key)


def _resigned_sha1(issued, issuer):
    """``issued`` signed again with SHA-1 (cryptography refuses to make such certificates): its
    sha256WithRSAEncryption identifiers turned into sha1WithRSAEncryption (same length) and the new
    TBS signed with the RSA issuer's key."""
    der = issued.cert.public_bytes(serialization.Encoding.DER)
    sha256_rsa, sha1_rsa = bytes.fromhex("2a864886f70d01010b"), bytes.fromhex("2a864886f70d010105")
    tbs = issued.cert.tbs_certificate_bytes
    new_tbs = tbs.replace(sha256_rsa, sha1_rsa)
    signature = issuer.key.sign(new_tbs, padding.PKCS1v15(), hashes.SHA1())
    assert len(signature) == len(issued.cert.signature)
    out = der.replace(tbs, new_tbs).replace(sha256_rsa, sha1_rsa).replace(issued.cert.signature, signature)
    return _Issued(x509.load_der_x509_certificate(out), issued.key)


@pytest.fixture(scope="module")
def pki():
    root = _issue("Root CA", ca=True)
    inter = _issue("Intermediate CA", root, ca=True)
    stranger_ca = _issue("Stranger CA", ca=True)
    rsa_root = _issue("RSA Root", key=rsa.generate_private_key(public_exponent=65537, key_size=2048), ca=True)
    chain = [_issue("Deep Root", ca=True)]
    for level in range(1, 5):
        chain.append(_issue(f"Deep CA {level}", chain[-1], ca=True))
    return {
        "root": root, "inter": inter, "rsa_root": rsa_root, "chain": chain,
        "client": _issue("client.example.com", inter, serial=0x0102),
        "direct": _issue("direct", root, serial=int("a1" * 16, 16)),
        "expired": _issue("expired", inter, start=NOW - 10 * DAY, end=NOW - DAY),
        "future": _issue("future", inter, start=NOW + DAY, end=NOW + 10 * DAY),
        "self_signed": _issue("lonely"),
        "stranger": _issue("stranger", stranger_ca),
        "forged": _issue("forged", stranger_ca, issuer_name=inter.cert.subject),
        "sha1": _resigned_sha1(_issue("old", rsa_root), rsa_root),
        "rsa1024": _issue("small", rsa_root, key=rsa.generate_private_key(public_exponent=65537, key_size=1024)),
        "depth3": _issue("depth3", chain[3]),
        "depth4": _issue("depth4", chain[4]),
    }


def _bundle(*issued):
    return "".join(item.pem for item in issued)


# --- APIs behind the domain ---------------------------------------------------------------------------------


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _domain(apigateway, version=None):
    mtls = {"truststoreUri": TRUSTSTORE, **({"truststoreVersion": version} if version else {})}
    apigateway.create_domain_name(domainName=DOMAIN, regionalCertificateArn=CERT_ARN, securityPolicy="TLS_1_2",
                                  endpointConfiguration={"types": ["REGIONAL"]}, mutualTlsAuthentication=mtls)


@pytest.fixture
def rest_api(apigateway, gwmock, pki):
    gwmock.add_lambda(FN, _echo)
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter"]))
    api = apigateway.create_rest_api(name="echo", endpointConfiguration={"types": ["REGIONAL"]})
    proxy = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    apigateway.put_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI)
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    _domain(apigateway)
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api["id"], stage="prod")
    return api["id"]


def _http_api(apigatewayv2, gwmock, version, authorizer=False, log_format=None):
    gwmock.add_lambda(FN, _echo)
    api_id = apigatewayv2.create_api(Name="echo", ProtocolType="HTTP")["ApiId"]
    integration = apigatewayv2.create_integration(ApiId=api_id, IntegrationType="AWS_PROXY", IntegrationUri=FN,
                                                  PayloadFormatVersion=version)["IntegrationId"]
    route = {"ApiId": api_id, "RouteKey": "ANY /{proxy+}", "Target": f"integrations/{integration}"}
    if authorizer:
        found = apigatewayv2.create_authorizer(
            ApiId=api_id, AuthorizerType="REQUEST", Name="cert", AuthorizerUri=URI.replace(":echo/", ":auth/"),
            AuthorizerPayloadFormatVersion="2.0", EnableSimpleResponses=True, IdentitySource=[])
        route.update(AuthorizationType="CUSTOM", AuthorizerId=found["AuthorizerId"])
    apigatewayv2.create_route(**route)
    logged = {"AccessLogSettings": {"DestinationArn": LOG_GROUP, "Format": log_format}} if log_format else {}
    apigatewayv2.create_stage(ApiId=api_id, StageName="$default", AutoDeploy=True, **logged)
    apigatewayv2.create_domain_name(DomainName=DOMAIN, DomainNameConfigurations=[
        {"CertificateArn": CERT_ARN, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}],
        MutualTlsAuthentication={"TruststoreUri": TRUSTSTORE})
    apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=api_id, Stage="$default")
    return api_id


def _files(tmp_path, issued):
    crt, key = tmp_path / "client.crt", tmp_path / "client.key"
    crt.write_text(issued.pem)
    key.write_bytes(issued.key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                                             serialization.NoEncryption()))
    return str(crt), str(key)


def _refused(answer, reason, gwmock):
    assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
    assert answer.headers["x-amzn-ErrorType"] == "ForbiddenException"
    assert gwmock.requests[-1].log[-1].endswith(" : Access denied. Reason: " + reason)


# --- REST APIs -----------------------------------------------------------------------------------------


def test_trusted_client_reaches_the_rest_integration_with_its_certificate(gwmock, rest_api, pki):
    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem)

    assert answer.status == 200
    identity = answer.json()["requestContext"]["identity"]
    assert list(identity)[-1] == "clientCert"  # after userArn, as AWS's example lists it
    assert identity["clientCert"] == {
        "clientCertPem": pki["client"].pem,
        "subjectDN": "C=US,ST=Washington,O=Example\\, Inc.,CN=client.example.com",
        "issuerDN": "C=US,ST=Washington,O=Example\\, Inc.,CN=Intermediate CA",
        "serialNumber": "258",
        "validity": {"notBefore": pki["client"].cert.not_valid_before_utc.strftime("%b %e %H:%M:%S %Y GMT"),
                     "notAfter": pki["client"].cert.not_valid_after_utc.strftime("%b %e %H:%M:%S %Y GMT")},
    }


def test_long_serial_numbers_are_colon_separated_hex(gwmock, rest_api, pki):
    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["direct"].pem.encode())

    assert answer.json()["requestContext"]["identity"]["clientCert"]["serialNumber"] == ":".join(["a1"] * 16)


def test_execute_api_host_is_not_checked(gwmock, rest_api):
    answer = gwmock.invoke("GET", f"https://{rest_api}.execute-api.{REGION}.amazonaws.com/prod/items")

    assert answer.status == 200
    assert "clientCert" not in answer.json()["requestContext"]["identity"]


def test_disabled_execute_api_endpoint_leaves_only_the_mtls_domain(apigateway, gwmock, rest_api, pki):
    apigateway.update_rest_api(restApiId=rest_api, patchOperations=[
        {"op": "replace", "path": "/disableExecuteApiEndpoint", "value": "True"}])
    apigateway.create_deployment(restApiId=rest_api, stageName="prod")

    assert gwmock.invoke("GET", f"https://{rest_api}.execute-api.{REGION}.amazonaws.com/prod/items").status == 403
    assert gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem).status == 200


@pytest.mark.parametrize(("which", "reason"), [
    ("stranger", "Could not find issuer for certificate"),
    ("self_signed", "self signed certificate"),
    ("sha1", "Client cert using an insecure Signature Algorithm"),
    ("rsa1024", "Client cert using an insecure Signature Algorithm"),
    ("expired", "certificate has expired"),
    ("future", "certificate is not yet valid"),
    ("forged", "certificate signature failure"),
])
def test_untrusted_certificates_are_refused_with_the_reason_logged(gwmock, rest_api, pki, caplog, which, reason):
    with caplog.at_level(logging.WARNING, logger="gwmock"):
        answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki[which].pem)

    _refused(answer, reason, gwmock)
    assert f"refused by mutual TLS: {reason}" in caplog.text


def test_sha1_certificate_is_refused_even_when_its_ca_is_trusted(gwmock, rest_api, pki):
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["rsa_root"]))

    _refused(gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["sha1"].pem),
             "Client cert using an insecure Signature Algorithm", gwmock)


def test_request_without_certificate_is_refused(gwmock, rest_api):
    _refused(gwmock.invoke("GET", f"https://{DOMAIN}/items"), "No client certificate presented", gwmock)


def test_self_signed_certificate_in_the_truststore_is_trusted(gwmock, rest_api, pki):
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["self_signed"]))

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["self_signed"].pem)

    assert answer.status == 200
    cert = answer.json()["requestContext"]["identity"]["clientCert"]
    assert cert["subjectDN"] == cert["issuerDN"] == "C=US,ST=Washington,O=Example\\, Inc.,CN=lonely"


def test_intermediates_the_client_sends_are_not_used(gwmock, rest_api, pki):
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"]))

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=_bundle(pki["client"], pki["inter"]))

    _refused(answer, "Could not find issuer for certificate", gwmock)


def test_chain_of_four_cas_is_the_longest_trusted(gwmock, rest_api, pki):
    gwmock.add_truststore(TRUSTSTORE, _bundle(*pki["chain"]))

    assert gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["depth3"].pem).status == 200
    _refused(gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["depth4"].pem),
             "certificate chain too long", gwmock)


def test_truststore_without_its_root_trusts_nothing(gwmock, rest_api, pki):
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["inter"]))

    _refused(gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem),
             "Could not find issuer for certificate", gwmock)


def test_mapping_template_reads_context_identity_client_cert(apigateway, gwmock, pki):
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter"]))
    api = apigateway.create_rest_api(name="mock", endpointConfiguration={"types": ["REGIONAL"]})
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": '{"statusCode": 200}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200")
    template = "$context.identity.clientCert.subjectDN|$context.identity.clientCert.validity.notAfter"
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": template})
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    _domain(apigateway)
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api["id"], stage="prod")

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/", client_cert=pki["client"].pem)

    not_after = pki["client"].cert.not_valid_after_utc.strftime("%b %e %H:%M:%S %Y GMT")
    assert answer.text == f"C=US,ST=Washington,O=Example\\, Inc.,CN=client.example.com|{not_after}"


def test_function_changing_its_event_changes_nothing_else(gwmock, rest_api, pki):
    seen = []

    def meddle(event, context):
        seen.append(json.dumps(event["requestContext"]["identity"]["clientCert"]))
        event["requestContext"]["identity"]["clientCert"]["validity"]["notAfter"] = "changed"
        return {"statusCode": 200, "body": "ok"}

    gwmock.add_lambda(FN, meddle)
    for _ in range(2):
        assert gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem).status == 200

    assert seen[0] == seen[1]
    assert "changed" not in seen[0]


def test_rest_request_authorizer_event_carries_the_certificate(apigateway, gwmock, rest_api, pki):
    events = []

    def authorize(event, context):
        events.append(event)
        return {"principalId": "client", "policyDocument": {"Version": "2012-10-17", "Statement": [
            {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": event["methodArn"]}]}}

    gwmock.add_lambda(FN.replace(":echo", ":auth"), authorize)
    authorizer = apigateway.create_authorizer(restApiId=rest_api, name="cert", type="REQUEST",
                                              authorizerUri=URI.replace(":echo/", ":auth/"),
                                              identitySource="method.request.header.Host",
                                              authorizerResultTtlInSeconds=0)["id"]
    resource = next(r["id"] for r in apigateway.get_resources(restApiId=rest_api)["items"] if r["path"] != "/")
    apigateway.update_method(restApiId=rest_api, resourceId=resource, httpMethod="ANY", patchOperations=[
        {"op": "replace", "path": "/authorizationType", "value": "CUSTOM"},
        {"op": "replace", "path": "/authorizerId", "value": authorizer}])
    apigateway.create_deployment(restApiId=rest_api, stageName="prod")

    assert gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem).status == 200
    assert events[0]["requestContext"]["identity"]["clientCert"]["clientCertPem"] == pki["client"].pem


def test_rest_access_log_reads_the_certificate(apigateway, gwmock, rest_api, pki):
    apigateway.update_stage(restApiId=rest_api, stageName="prod", patchOperations=[
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": LOG_GROUP},
        {"op": "replace", "path": "/accessLogSettings/format",
         "value": "$context.requestId $context.identity.clientCert.serialNumber"}])

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem)

    assert gwmock.requests[-1].access_log == f"{answer.headers['x-amzn-RequestId']} 258"


# --- HTTP APIs --------------------------------------------------------------------------------------------------


def test_http_api_payload_2_gets_authentication_client_cert(apigatewayv2, gwmock, pki):
    _http_api(apigatewayv2, gwmock, "2.0")
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"]))

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["direct"].pem)

    assert answer.status == 200
    cert = answer.json()["requestContext"]["authentication"]["clientCert"]
    assert (cert["subjectDN"], cert["issuerDN"]) == ("C=US,ST=Washington,O=Example\\, Inc.,CN=direct",
                                                     "C=US,ST=Washington,O=Example\\, Inc.,CN=Root CA")
    assert cert["clientCertPem"] == pki["direct"].pem


def test_http_api_payload_1_gets_identity_client_cert(apigatewayv2, gwmock, pki):
    _http_api(apigatewayv2, gwmock, "1.0")
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter"]))

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem)

    assert answer.json()["requestContext"]["identity"]["clientCert"]["serialNumber"] == "258"


def test_http_access_log_reads_the_certificate(apigatewayv2, gwmock, pki):
    _http_api(apigatewayv2, gwmock, "2.0", log_format="$context.requestId $context.identity.clientCert.subjectDN")
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"]))

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["direct"].pem)

    expected = f"{answer.headers['apigw-requestid']} C=US,ST=Washington,O=Example\\, Inc.,CN=direct"
    assert gwmock.requests[-1].access_log == expected


def test_http_api_refusal_is_a_lowercase_403(apigatewayv2, gwmock, pki):
    _http_api(apigatewayv2, gwmock, "2.0")
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"]))

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["stranger"].pem)

    assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
    assert answer.headers["content-type"] == "application/json"
    assert len(answer.headers["apigw-requestid"]) == 16
    assert "x-amzn-ErrorType" not in answer.headers


def test_http_lambda_authorizer_event_carries_the_certificate(apigatewayv2, gwmock, pki):
    events = []

    def authorize(event, context):
        events.append(event)
        return {"isAuthorized": event["requestContext"]["authentication"]["clientCert"]["subjectDN"].endswith("direct")}

    _http_api(apigatewayv2, gwmock, "2.0", authorizer=True)
    gwmock.add_lambda(FN.replace(":echo", ":auth"), authorize)
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter"]))

    assert gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["direct"].pem).status == 200
    assert gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem).status == 403
    assert events[0]["requestContext"]["authentication"]["clientCert"]["clientCertPem"] == pki["direct"].pem


# --- HTTP clients -------------------------------------------------------------------------------------------------


def test_requests_presents_the_cert_file_it_was_given(gwmock, rest_api, pki, tmp_path):
    crt, key = _files(tmp_path, pki["client"])

    answer = requests.get(f"https://{DOMAIN}/items", cert=(crt, key), timeout=5)

    assert answer.status_code == 200
    assert answer.json()["requestContext"]["identity"]["clientCert"]["clientCertPem"] == pki["client"].pem
    assert requests.get(f"https://{DOMAIN}/items", timeout=5).status_code == 403


def test_urllib3_pool_manager_cert_file(gwmock, rest_api, pki, tmp_path):
    crt, key = _files(tmp_path, pki["stranger"])

    answer = urllib3.PoolManager(cert_file=crt, key_file=key).request("GET", f"https://{DOMAIN}/items")

    assert answer.status == 403
    assert gwmock.requests[-1].log[-1].endswith("Could not find issuer for certificate")


def test_httpx_reaches_the_domain_without_a_certificate(gwmock, rest_api):
    httpx = pytest.importorskip("httpx")

    answer = httpx.get(f"https://{DOMAIN}/items")

    assert (answer.status_code, answer.json()) == (403, {"message": "Forbidden"})
    assert gwmock.requests[-1].log[-1].endswith("No client certificate presented")


# --- truststores -----------------------------------------------------------------------------------------------


def test_truststore_is_read_from_moto_s3_at_the_domain_version(apigateway, gwmock, pki):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="truststores")
        s3.put_bucket_versioning(Bucket="truststores", VersioningConfiguration={"Status": "Enabled"})
        first = s3.put_object(Bucket="truststores", Key="ca.pem", Body=_bundle(pki["root"]).encode())["VersionId"]
        s3.put_object(Bucket="truststores", Key="ca.pem", Body=_bundle(pki["rsa_root"]).encode())
        gwmock.add_lambda(FN, _echo)
        api = apigateway.create_rest_api(name="echo", endpointConfiguration={"types": ["REGIONAL"]})
        root = api["rootResourceId"]
        apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
        apigateway.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="AWS_PROXY",
                                   integrationHttpMethod="POST", uri=URI)
        apigateway.create_deployment(restApiId=api["id"], stageName="prod")
        _domain(apigateway, version=first)
        apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api["id"], stage="prod")

        assert gwmock.invoke("GET", f"https://{DOMAIN}/", client_cert=pki["direct"].pem).status == 200
        apigateway.update_domain_name(domainName=DOMAIN, patchOperations=[
            {"op": "replace", "path": "/mutualTlsAuthentication/truststoreVersion", "value": "nope"}])
        assert gwmock.invoke("GET", f"https://{DOMAIN}/", client_cert=pki["direct"].pem).status == 403


def test_unknown_truststore_names_add_truststore(apigateway, gwmock, pki, caplog):
    gwmock.add_lambda(FN, _echo)
    api = apigateway.create_rest_api(name="echo", endpointConfiguration={"types": ["REGIONAL"]})
    apigateway.put_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET",
                          authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="GET", type="MOCK")
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    _domain(apigateway)
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api["id"], stage="prod")

    with caplog.at_level(logging.WARNING, logger="gwmock"):
        answer = gwmock.invoke("GET", f"https://{DOMAIN}/", client_cert=pki["client"].pem)

    assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
    assert "gw.add_truststore" in gwmock.requests[-1].log[-1]
    assert f"gw.add_truststore('{TRUSTSTORE}', pem)" in caplog.text


def test_truststore_given_for_one_version_answers_only_that_version(apigateway, gwmock, rest_api, pki):
    gwmock.truststores.clear()
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter"]), version="v2")
    apigateway.update_domain_name(domainName=DOMAIN, patchOperations=[
        {"op": "replace", "path": "/mutualTlsAuthentication/truststoreVersion", "value": "v2"}])

    assert gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem).status == 200
    apigateway.update_domain_name(domainName=DOMAIN, patchOperations=[
        {"op": "replace", "path": "/mutualTlsAuthentication/truststoreVersion", "value": "v3"}])
    assert gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem).status == 403


def test_turning_mutual_tls_off_stops_the_check(apigateway, gwmock, rest_api):
    apigateway.update_domain_name(domainName=DOMAIN, patchOperations=[
        {"op": "replace", "path": "/mutualTlsAuthentication/truststoreUri", "value": ""}])

    assert gwmock.invoke("GET", f"https://{DOMAIN}/items").status == 200


# --- hostile inputs ----------------------------------------------------------------------------------------------


@pytest.mark.parametrize("sent", [
    "not a certificate",
    "-----BEGIN CERTIFICATE-----\n!!!!\n-----END CERTIFICATE-----\n",
    "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n",
    "-----BEGIN CERTIFICATE-----" * 5000,
    "x" * (64 * 1024 + 1),
    b"\x00\xff" * 100,
])
def test_garbage_certificates_are_refused(gwmock, rest_api, sent):
    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=sent)

    _refused(answer, "Could not parse client certificate", gwmock)


def test_many_pem_markers_are_parsed_in_linear_time(gwmock, rest_api):
    sent = "-----BEGIN CERTIFICATE-----" * 2000 + "-----END CERTIFICATE-----"
    started = time.perf_counter()

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=sent)

    assert answer.status == 403
    assert time.perf_counter() - started < 2


@pytest.mark.parametrize("kind", ["directory", "missing", "too_large", "fifo", "device"])
def test_unusable_cert_files_are_refused_without_hanging(gwmock, rest_api, tmp_path, kind):
    if kind == "directory":
        path = str(tmp_path)
    elif kind == "missing":
        path = str(tmp_path / "missing.pem")
    elif kind == "too_large":
        path = str(tmp_path / "big.pem")
        with open(path, "wb") as out:
            out.write(b"A" * (64 * 1024 + 1))
    elif kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        path = str(tmp_path / "fifo")
        os.mkfifo(path)
    else:
        path = "/dev/zero"
        if not os.path.exists(path):
            pytest.skip("no /dev/zero here")

    answer = urllib3.PoolManager(cert_file=path).request("GET", f"https://{DOMAIN}/items")

    assert answer.status == 403
    assert gwmock.requests[-1].log[-1].endswith("No client certificate presented")


def test_add_truststore_refuses_what_it_cannot_use(gwmock, pki):
    with pytest.raises(GwmockError, match="none was found"):
        gwmock.add_truststore(TRUSTSTORE, "no certificates here")
    with pytest.raises(GwmockError, match="none was found"):
        gwmock.add_truststore(TRUSTSTORE, pki["rsa1024"].pem)  # a key API Gateway does not support
    with pytest.raises(GwmockError, match="at most 1048576 bytes"):
        gwmock.add_truststore(TRUSTSTORE, b"A" * (1024 * 1024 + 1))
    with pytest.raises(GwmockError, match="URI"):
        gwmock.add_truststore("", pki["root"].pem)
    with pytest.raises(GwmockError, match="PEM bundle"):
        gwmock.add_truststore(TRUSTSTORE, pki["root"].cert)
    with pytest.raises(GwmockError, match="client_cert"):
        gwmock.invoke("GET", f"https://{DOMAIN}/", client_cert=pki["root"].cert)
    assert gwmock.truststores == {}


def test_truststore_of_many_same_named_forgeries_stays_cheap(gwmock, rest_api, pki):
    forgeries = [_issue("Intermediate CA", ca=True) for _ in range(50)]  # the real one's name, other keys
    gwmock.add_truststore(TRUSTSTORE, _bundle(*forgeries, pki["root"], pki["inter"]))
    started = time.perf_counter()

    answer = gwmock.invoke("GET", f"https://{DOMAIN}/items", client_cert=pki["client"].pem)

    assert answer.status == 403  # the real issuer is past the candidates tried
    assert gwmock.requests[-1].log[-1].endswith("certificate signature failure")
    assert time.perf_counter() - started < 2
