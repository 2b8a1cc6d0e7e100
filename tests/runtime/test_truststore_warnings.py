"""``truststoreWarnings`` (v2 ``TruststoreWarnings``) of custom domains with mutual TLS, and the requests
that ignore the certificates they name (``gwmock/runtime/truststores.py`` has the evidence and guesses).

AWS: "Invalid certificates produce warnings. Mutual TLS is still enabled, but some clients might not be
able to access your API" (API reference, ``MutualTlsAuthentication``); "The warnings indicate the issue
with the certificate and the subject of the certificate that produced the warning" and "API Gateway
produces certificate warnings only when you update your domain name" (developer guide, "Troubleshooting
certificate warnings", "Updating your truststore")."""

from __future__ import annotations

import datetime
import json
import time

import boto3
import pytest
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, padding, rsa
from cryptography.x509.oid import ExtensionOID, NameOID
from helpers import error_of

from gwmock.errors import GwmockError

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
CERT_ARN = f"arn:aws:acm:{REGION}:123456789012:certificate/abc"
DOMAIN = "warned.example.com"
URL = f"https://{DOMAIN}/items"
TRUSTSTORE = "s3://truststores/ca.pem"
NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)

EXPIRED = "certificate has expired"
NOT_YET_VALID = "certificate is not yet valid"
KEY = "unsupported key: API Gateway supports RSA-2048 or stronger and ECDSA-256 or stronger"
HASH = "unsupported signature algorithm: API Gateway supports SHA-256 or stronger"
NOT_A_CA = "invalid CA certificate: it cannot issue certificates"
NOT_X509 = "it is not an X.509 certificate"
NO_ISSUER = "Could not find issuer for certificate"
INSECURE = "Client cert using an insecure Signature Algorithm"

pytestmark = pytest.mark.gwmock(region=REGION)


# --- certificates ----------------------------------------------------------------------------------


def _name(cn, *units):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Warnings"),
                      *(x509.NameAttribute(NameOID.ORGANIZATIONAL_UNIT_NAME, unit) for unit in units),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


class _Issued:
    def __init__(self, cert, key):
        self.cert, self.key = cert, key

    @property
    def pem(self):
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()


def _issue(cn, issuer=None, *, key=None, ca=True, constraints=True, usage=None, start=NOW - DAY,
           end=NOW + 30 * DAY, name=None, extra=()):
    key = key or ec.generate_private_key(ec.SECP256R1())
    subject = name or _name(cn)
    builder = (x509.CertificateBuilder().subject_name(subject)
               .issuer_name(issuer.cert.subject if issuer else subject).public_key(key.public_key())
               .serial_number(x509.random_serial_number()).not_valid_before(start).not_valid_after(end))
    if constraints:
        builder = builder.add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
    if usage is not None:
        builder = builder.add_extension(x509.KeyUsage(
            digital_signature=True, content_commitment=False, key_encipherment=False, data_encipherment=False,
            key_agreement=False, key_cert_sign=usage, crl_sign=usage, encipher_only=False, decipher_only=False),
            critical=True)
    for extension in extra:
        builder = builder.add_extension(extension, critical=False)
    return _Issued(builder.sign((issuer or _Issued(None, key)).key, hashes.SHA256()), key)


def _sha1(issued, issuer):
    """``issued`` (signed by the RSA ``issuer``) signed again with SHA-1, which cryptography will not make:
    the signature algorithm identifiers turned into sha1WithRSAEncryption and the new TBS signed."""
    der = issued.cert.public_bytes(serialization.Encoding.DER)
    sha256_rsa, sha1_rsa = bytes.fromhex("2a864886f70d01010b"), bytes.fromhex("2a864886f70d010105")
    tbs = issued.cert.tbs_certificate_bytes
    new_tbs = tbs.replace(sha256_rsa, sha1_rsa)
    signature = issuer.key.sign(new_tbs, padding.PKCS1v15(), hashes.SHA1())
    out = der.replace(tbs, new_tbs).replace(sha256_rsa, sha1_rsa).replace(issued.cert.signature, signature)
    return _Issued(x509.load_der_x509_certificate(out), issued.key)


def _rsa(bits):
    return rsa.generate_private_key(public_exponent=65537, key_size=bits)


def _bundle(*issued):
    return "".join(item if isinstance(item, str) else item.pem for item in issued)


def _warning(cn, issue):
    return f"Certificate O=Warnings,CN={cn} is invalid: {issue}"


GARBAGE = "-----BEGIN CERTIFICATE-----\nMIIBAAAA\n-----END CERTIFICATE-----\n"


@pytest.fixture(scope="module")
def pki():
    root = _issue("Root CA")
    rsa_root = _issue("RSA Root", key=_rsa(2048))
    cas = {
        "inter": _issue("Intermediate CA", root),
        "expired": _issue("Expired CA", root, start=NOW - 20 * DAY, end=NOW - DAY),
        "future": _issue("Future CA", root, start=NOW + DAY, end=NOW + 20 * DAY),
        "leaf": _issue("Leaf", root, ca=False),
        "no_sign": _issue("No Sign CA", root, usage=False),
        "bare": _issue("Bare CA", root, constraints=False),
        "usage_only": _issue("Usage CA", root, constraints=False, usage=True),
        "small": _issue("Small Key CA", root, key=_rsa(1024)),
        "sha1": _sha1(_issue("SHA1 CA", rsa_root, key=_rsa(2048)), rsa_root),
        "bad_extension": _issue("Bad Extension CA", root, extra=[
            x509.UnrecognizedExtension(ExtensionOID.SUBJECT_KEY_IDENTIFIER, b"\x05\x00not an octet string")]),
    }
    lonely = _issue("Lonely", ca=False)  # self-signed, not a CA: "You can also provide self-signed certificates"
    rsa_self = _issue("SHA1 Root", key=_rsa(2048))
    sha1_root = _sha1(rsa_self, rsa_self)
    return {"root": root, "rsa_root": rsa_root, "lonely": lonely, "sha1_root": sha1_root, **cas,
            "clients": {name: _issue(f"client of {name}", ca, ca=False) for name, ca in cas.items()}}


@pytest.fixture(scope="module")
def mixed(pki):
    """Every kind of certificate a truststore may hold, the invalid ones between the valid ones."""
    return _bundle(pki["root"], pki["expired"], pki["inter"], pki["future"], GARBAGE, pki["leaf"], pki["no_sign"],
                   pki["bare"], pki["usage_only"], pki["small"], pki["rsa_root"], pki["sha1"], pki["lonely"],
                   pki["bad_extension"], pki["expired"])


MIXED_WARNINGS = [
    _warning("Expired CA", EXPIRED),
    _warning("Future CA", NOT_YET_VALID),
    f"Certificate number 5 of the truststore is invalid: {NOT_X509}",
    _warning("Leaf", NOT_A_CA),
    _warning("No Sign CA", NOT_A_CA),
    _warning("Bare CA", NOT_A_CA),
    _warning("Small Key CA", KEY),
    _warning("SHA1 CA", HASH),
    _warning("Bad Extension CA", NOT_X509),
]


# --- the control plane ------------------------------------------------------------------------------


def _v2_domain(client, **mtls):
    return client.create_domain_name(DomainName=DOMAIN, DomainNameConfigurations=[
        {"CertificateArn": CERT_ARN, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}],
        MutualTlsAuthentication={"TruststoreUri": TRUSTSTORE, **mtls})


def _v1_domain(client, **mtls):
    return client.create_domain_name(domainName=DOMAIN, regionalCertificateArn=CERT_ARN, securityPolicy="TLS_1_2",
                                     endpointConfiguration={"types": ["REGIONAL"]},
                                     mutualTlsAuthentication={"truststoreUri": TRUSTSTORE, **mtls})


def test_create_domain_name_lists_the_invalid_certificates_in_the_bundle_s_order(gwmock, apigatewayv2, apigateway,
                                                                                 mixed):
    gwmock.add_truststore(TRUSTSTORE, mixed)

    created = _v2_domain(apigatewayv2)

    expected = {"TruststoreUri": TRUSTSTORE, "TruststoreWarnings": MIXED_WARNINGS}
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["MutualTlsAuthentication"] == expected
    assert apigatewayv2.get_domain_name(DomainName=DOMAIN)["MutualTlsAuthentication"] == expected
    assert apigatewayv2.get_domain_names()["Items"][0]["MutualTlsAuthentication"] == expected
    assert apigateway.get_domain_name(domainName=DOMAIN)["mutualTlsAuthentication"] == {
        "truststoreUri": TRUSTSTORE, "truststoreWarnings": MIXED_WARNINGS}


def test_v1_create_domain_name_answers_the_warnings_too(gwmock, apigateway, mixed):
    gwmock.add_truststore(TRUSTSTORE, mixed, version="7")

    created = _v1_domain(apigateway, truststoreVersion="7")

    assert created["mutualTlsAuthentication"] == {"truststoreUri": TRUSTSTORE, "truststoreVersion": "7",
                                                  "truststoreWarnings": MIXED_WARNINGS}
    assert apigateway.get_domain_names()["items"][0]["mutualTlsAuthentication"]["truststoreWarnings"] == \
        MIXED_WARNINGS


def test_a_valid_truststore_has_no_warnings(gwmock, apigatewayv2, pki):
    # self-signed certificates are allowed, and a self-issued one's own signature hash is never checked
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter"], pki["usage_only"], pki["lonely"],
                                              pki["sha1_root"]))

    assert _v2_domain(apigatewayv2)["MutualTlsAuthentication"] == {"TruststoreUri": TRUSTSTORE}


def test_v2_updates_read_the_truststore_again(gwmock, apigatewayv2, pki):
    config = [{"CertificateArn": CERT_ARN, "EndpointType": "REGIONAL", "SecurityPolicy": "TLS_1_2"}]
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"]), version="1")
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["expired"]), version="2")
    assert _v2_domain(apigatewayv2, TruststoreVersion="1")["MutualTlsAuthentication"] == {
        "TruststoreUri": TRUSTSTORE, "TruststoreVersion": "1"}

    updated = apigatewayv2.update_domain_name(DomainName=DOMAIN, MutualTlsAuthentication={"TruststoreVersion": "2"})
    kept = apigatewayv2.update_domain_name(DomainName=DOMAIN, DomainNameConfigurations=config)
    back = apigatewayv2.update_domain_name(DomainName=DOMAIN, MutualTlsAuthentication={"TruststoreVersion": "1"})
    off = apigatewayv2.update_domain_name(DomainName=DOMAIN, MutualTlsAuthentication={"TruststoreUri": ""})

    warned = {"TruststoreUri": TRUSTSTORE, "TruststoreVersion": "2",
              "TruststoreWarnings": [_warning("Expired CA", EXPIRED)]}
    assert updated["MutualTlsAuthentication"] == warned
    assert kept["MutualTlsAuthentication"] == warned
    assert back["MutualTlsAuthentication"] == {"TruststoreUri": TRUSTSTORE, "TruststoreVersion": "1"}
    assert "MutualTlsAuthentication" not in off
    assert "MutualTlsAuthentication" not in apigatewayv2.get_domain_name(DomainName=DOMAIN)


def test_v1_patches_read_the_truststore_again(gwmock, apigateway, pki):
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"]))
    gwmock.add_truststore("s3://truststores/other.pem", _bundle(pki["root"], pki["leaf"]))
    _v1_domain(apigateway)

    def patch(*operations):
        return apigateway.update_domain_name(domainName=DOMAIN, patchOperations=list(operations))

    moved = patch({"op": "replace", "path": "/mutualTlsAuthentication/truststoreUri",
                   "value": "s3://truststores/other.pem"})
    kept = patch({"op": "replace", "path": "/securityPolicy", "value": "TLS_1_2"})
    removed = patch({"op": "remove", "path": "/mutualTlsAuthentication/truststoreUri"})

    warned = {"truststoreUri": "s3://truststores/other.pem", "truststoreWarnings": [_warning("Leaf", NOT_A_CA)]}
    assert moved["mutualTlsAuthentication"] == warned
    assert kept["mutualTlsAuthentication"] == warned
    assert "mutualTlsAuthentication" not in removed
    error = error_of(patch, {"op": "replace", "path": "/mutualTlsAuthentication/truststoreWarnings",
                             "value": "forged"})
    assert (error["Error"]["Code"], error["ResponseMetadata"]["HTTPStatusCode"]) == ("BadRequestException", 400)
    assert "mutualTlsAuthentication" not in apigateway.get_domain_name(domainName=DOMAIN)


def test_warnings_come_only_when_the_domain_is_created_or_updated(gwmock, apigatewayv2, pki):
    # guess: a truststore gwmock learns after the domain was made gives none until the next update
    _v2_domain(apigatewayv2)
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["expired"]))

    assert apigatewayv2.get_domain_name(DomainName=DOMAIN)["MutualTlsAuthentication"] == {"TruststoreUri": TRUSTSTORE}
    updated = apigatewayv2.update_domain_name(DomainName=DOMAIN, MutualTlsAuthentication={"TruststoreUri": TRUSTSTORE})
    assert updated["MutualTlsAuthentication"]["TruststoreWarnings"] == [_warning("Expired CA", EXPIRED)]


def test_a_truststore_in_moto_s3_is_read_at_the_domain_s_version(apigatewayv2, pki):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="truststores")
        s3.put_bucket_versioning(Bucket="truststores", VersioningConfiguration={"Status": "Enabled"})
        first = s3.put_object(Bucket="truststores", Key="ca.pem",
                              Body=_bundle(pki["root"], pki["future"]).encode())["VersionId"]
        s3.put_object(Bucket="truststores", Key="ca.pem", Body=_bundle(pki["root"]).encode())

        assert _v2_domain(apigatewayv2, TruststoreVersion=first)["MutualTlsAuthentication"]["TruststoreWarnings"] == \
            [_warning("Future CA", NOT_YET_VALID)]
        latest = apigatewayv2.update_domain_name(DomainName=DOMAIN, MutualTlsAuthentication={
            "TruststoreUri": TRUSTSTORE, "TruststoreVersion": "no-such-version"})
        assert "TruststoreWarnings" not in latest["MutualTlsAuthentication"]


# --- the data plane -----------------------------------------------------------------------------------


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


@pytest.fixture
def domain(gwmock, apigateway):
    """A REST API behind the mutual TLS domain (made once the test has given its truststore)."""
    gwmock.add_lambda(FN, _echo)
    api = apigateway.create_rest_api(name="echo", endpointConfiguration={"types": ["REGIONAL"]})
    proxy = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    apigateway.put_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI)
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")

    def make():
        created = _v1_domain(apigateway)
        apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api["id"], stage="prod")
        return created["mutualTlsAuthentication"].get("truststoreWarnings", [])

    return make


def _reason(gwmock, client):
    answer = gwmock.invoke("GET", URL, client_cert=client.pem)
    if answer.status == 200:
        return "admitted"
    assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
    return gwmock.requests[-1].log[-1].split("Reason: ")[-1]


def test_requests_ignore_exactly_the_certificates_the_warnings_name(gwmock, domain, pki, mixed):
    gwmock.add_truststore(TRUSTSTORE, mixed)

    warnings = domain()

    assert warnings == MIXED_WARNINGS
    reasons = {name: _reason(gwmock, client) for name, client in pki["clients"].items()}
    assert reasons == {"inter": "admitted", "usage_only": "admitted", "expired": EXPIRED, "future": NOT_YET_VALID,
                       "leaf": NO_ISSUER, "no_sign": NO_ISSUER, "bare": NO_ISSUER, "small": NO_ISSUER,
                       "sha1": INSECURE, "bad_extension": NO_ISSUER}
    warned = {warning.split(",CN=")[1].split(" is invalid")[0] for warning in warnings if ",CN=" in warning}
    refused = {pki[name].cert.subject.rfc4514_string().split(",")[0][3:]
               for name, reason in reasons.items() if reason != "admitted"}
    assert refused == warned


def test_a_valid_ca_beside_an_invalid_one_of_the_same_name_still_admits(gwmock, domain, pki):
    renewed = _issue("Expired CA", pki["root"], key=pki["expired"].key)
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["expired"], renewed))

    assert domain() == [_warning("Expired CA", EXPIRED)]
    assert _reason(gwmock, pki["clients"]["expired"]) == "admitted"


# --- hostile truststores -------------------------------------------------------------------------------


def test_a_thousand_invalid_certificates_give_a_bounded_list_quickly(gwmock, apigatewayv2, pki):
    key = ec.generate_private_key(ec.SECP256R1())
    expired = [_issue(f"Old {number}", pki["root"], key=key, start=NOW - 3 * DAY, end=NOW - DAY)
               for number in range(999)]
    bundle = _bundle(pki["root"], *expired)
    assert len(bundle) < 1024 * 1024
    started = time.perf_counter()

    gwmock.add_truststore(TRUSTSTORE, bundle)
    warnings = _v2_domain(apigatewayv2)["MutualTlsAuthentication"]["TruststoreWarnings"]

    assert time.perf_counter() - started < 3
    assert warnings == [_warning(f"Old {number}", EXPIRED) for number in range(99)] + \
        ["900 more certificates are invalid"]


def test_long_or_odd_subjects_are_carried_cut_short(gwmock, apigatewayv2, pki):
    long_name = _name("Long", *(f"unit {number:02d} " + "x" * 50 for number in range(10)))
    long_ca = _issue("Long", pki["root"], name=long_name, end=NOW - DAY, start=NOW - 2 * DAY)
    odd = _issue('Odd "\r\n<x>" é 🎉', pki["root"], end=NOW - DAY, start=NOW - 2 * DAY)
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], long_ca, odd))

    first, second = _v2_domain(apigatewayv2)["MutualTlsAuthentication"]["TruststoreWarnings"]

    subject = long_name.rfc4514_string()
    subject = ",".join(reversed(subject.split(",")))  # the certificate's own order
    assert first == f"Certificate {subject[:256]}... is invalid: {EXPIRED}"
    assert second == f'Certificate O=Warnings,CN=Odd \\"\r\n\\<x\\>\\" é 🎉 is invalid: {EXPIRED}'


def test_a_truststore_of_invalid_certificates_only_is_refused_naming_them(gwmock, pki):
    with pytest.raises(GwmockError, match="none was found") as caught:
        gwmock.add_truststore(TRUSTSTORE, _bundle(pki["expired"], pki["leaf"], GARBAGE, pki["small"]))

    assert str(caught.value).endswith(f"({_warning('Expired CA', EXPIRED)}; {_warning('Leaf', NOT_A_CA)}; "
                                      f"Certificate number 3 of the truststore is invalid: {NOT_X509})")
    assert gwmock.truststores == {}


def test_an_unusable_s3_truststore_still_warns_and_refuses_every_client(apigateway, gwmock, domain, pki):
    moto = pytest.importorskip("moto")
    with moto.mock_aws():
        s3 = boto3.client("s3", region_name=REGION)
        s3.create_bucket(Bucket="truststores")
        s3.put_object(Bucket="truststores", Key="ca.pem", Body=_bundle(pki["expired"]).encode())

        assert domain() == [_warning("Expired CA", EXPIRED)]
        answer = gwmock.invoke("GET", URL, client_cert=pki["clients"]["expired"].pem)

    assert answer.status == 403
    assert "none was found" in gwmock.requests[-1].log[-1]
