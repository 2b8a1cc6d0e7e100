"""GenerateClientCertificate, GetClientCertificate(s), UpdateClientCertificate, DeleteClientCertificate."""

import datetime

from cryptography import x509
from helpers import assert_error, error_of


def test_generate_client_certificate_is_a_real_certificate(apigateway):
    created = apigateway.generate_client_certificate(description="mine", tags={"k": "v"})
    assert created["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert created["description"] == "mine" and created["tags"] == {"k": "v"}
    assert created["expirationDate"] - created["createdDate"] == datetime.timedelta(days=365)
    pem = created["pemEncodedCertificate"]
    assert pem.startswith("-----BEGIN CERTIFICATE-----")
    cert = x509.load_pem_x509_certificate(pem.encode())
    assert cert.not_valid_after_utc == created["expirationDate"]
    assert cert.issuer == cert.subject
    cert.verify_directly_issued_by(cert)


def test_client_certificate_names_and_serial_are_aws_like(apigateway):
    # AWS-issued certificates (openssl dump in localstack/localstack #8698, PEM in
    # dotnet/corefx #33883): "Issuer: C = US, L = Seattle, CN = ApiGateway", same subject,
    # a 64-bit serial number, printable-string attributes.
    pem = apigateway.generate_client_certificate()["pemEncodedCertificate"]
    cert = x509.load_pem_x509_certificate(pem.encode())
    assert cert.subject.rfc4514_string() == "CN=ApiGateway,L=Seattle,C=US"
    assert cert.issuer == cert.subject
    assert all(a._type == x509.name._ASN1Type.PrintableString for a in cert.subject)
    assert 0 < cert.serial_number < 2**64


def test_get_client_certificate(apigateway):
    created = apigateway.generate_client_certificate()
    assert "tags" not in created and "description" not in created
    got = apigateway.get_client_certificate(clientCertificateId=created["clientCertificateId"])
    assert got["tags"] == {}
    assert got["pemEncodedCertificate"] == created["pemEncodedCertificate"]


def test_get_client_certificates_pages(apigateway):
    ids = [apigateway.generate_client_certificate()["clientCertificateId"] for _ in range(3)]
    page = apigateway.get_client_certificates(limit=2)
    rest = apigateway.get_client_certificates(limit=2, position=page["position"])
    assert [c["clientCertificateId"] for c in page["items"] + rest["items"]] == ids
    assert all("tags" not in c for c in page["items"])


def test_update_client_certificate_description(apigateway):
    cert_id = apigateway.generate_client_certificate(description="a")["clientCertificateId"]
    ops = [{"op": "replace", "path": "/description", "value": "b"}]
    updated = apigateway.update_client_certificate(clientCertificateId=cert_id, patchOperations=ops)
    assert updated["description"] == "b" and updated["tags"] == {}
    resp = error_of(apigateway.update_client_certificate, clientCertificateId=cert_id,
                    patchOperations=[{"op": "replace", "path": "/pemEncodedCertificate", "value": "x"}])
    assert_error(resp, "BadRequestException",
                 "Invalid patch path  '/pemEncodedCertificate' specified for op 'replace'. Must be one of: "
                 "[/description]", 400)
    assert apigateway.get_client_certificate(clientCertificateId=cert_id)["description"] == "b"


def test_delete_client_certificate_and_404s(apigateway):
    cert_id = apigateway.generate_client_certificate()["clientCertificateId"]
    resp = apigateway.delete_client_certificate(clientCertificateId=cert_id)
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 202
    for call, kwargs in [(apigateway.get_client_certificate, {}), (apigateway.delete_client_certificate, {}),
                         (apigateway.update_client_certificate, {"patchOperations": []})]:
        assert_error(error_of(call, clientCertificateId=cert_id, **kwargs), "NotFoundException",
                     "Invalid Client Certificate identifier specified", 404)


def test_client_certificate_tags_by_arn(apigateway):
    cert_id = apigateway.generate_client_certificate()["clientCertificateId"]
    arn = f"arn:aws:apigateway:us-east-1::/clientcertificates/{cert_id}"
    apigateway.tag_resource(resourceArn=arn, tags={"k": "v"})
    assert apigateway.get_client_certificate(clientCertificateId=cert_id)["tags"] == {"k": "v"}
