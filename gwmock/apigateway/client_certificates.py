"""GenerateClientCertificate, GetClientCertificate, GetClientCertificates,
UpdateClientCertificate, DeleteClientCertificate.

A generated certificate is a real self-signed X.509 certificate (RSA 2048, SHA-256,
PEM), valid for 365 days from its creation, as AWS issues them; ``expirationDate`` is
its ``notAfter``. Subject and issuer are ``C=US, L=Seattle, CN=ApiGateway`` (printable
strings) and the serial number is a positive 64-bit integer, as in the AWS-issued
certificates quoted in localstack/localstack #8698 (openssl dump) and dotnet/corefx
#33883 (PEM). The key pair is made once per process and shared by the certificates
it signs (each has its own serial number), which keeps generation fast; a mock never
hands out the private key, so nobody can tell.

Patch table (seed 003): ``/description`` replace only.

Guesses: the 404 reads "Invalid Client Certificate identifier specified" (AWS's form
for other resources); ``tags`` come back on create only when set and always on
Get/Update, never in list items, as for the other taggable v1 resources recorded.
"""

from __future__ import annotations

import datetime
import functools
import secrets
from typing import Any

from gwmock.context import Context, Params, Result
from gwmock.errors import NotFound
from gwmock.ids import new_id
from gwmock.paging import page_v1
from gwmock.patch import apply_patch, rule, set_field
from gwmock.state.base import Record
from gwmock.tags import check_tags

VALIDITY_DAYS = 365


def generate_client_certificate(ctx: Context, params: Params) -> Result:
    tags = check_tags(params.get("tags"))
    cert_id = new_id(6)
    created = ctx.now()
    expires = created + VALIDITY_DAYS * 86400
    record: Record = {
        "clientCertificateId": cert_id,
        "pemEncodedCertificate": _self_signed_pem(cert_id, created, expires),
        "createdDate": created,
        "expirationDate": expires,
    }
    if params.get("description"):
        record["description"] = params["description"]
    if tags:
        record["tags"] = tags
    ctx.store.put(("clientcertificates", cert_id), record)
    return record


def get_client_certificate(ctx: Context, params: Params) -> Result:
    cert = _certificate_or_404(ctx, params["clientCertificateId"])
    return {**cert, "tags": cert.get("tags", {})}


def get_client_certificates(ctx: Context, params: Params) -> Result:
    return page_v1(ctx, ("clientcertificates",), params,
                   view=lambda c: {k: v for k, v in c.items() if k != "tags" or v})


def update_client_certificate(ctx: Context, params: Params) -> Result:
    cert = _certificate_or_404(ctx, params["clientCertificateId"])
    updated = apply_patch(cert, params.get("patchOperations"), _RULES)
    if not updated.get("description"):
        updated.pop("description", None)
    ctx.store.put(("clientcertificates", cert["clientCertificateId"]), updated)
    return {**updated, "tags": updated.get("tags", {})}


def delete_client_certificate(ctx: Context, params: Params) -> Result:
    cert = _certificate_or_404(ctx, params["clientCertificateId"])
    ctx.store.delete(("clientcertificates", cert["clientCertificateId"]))
    return {}


def _certificate_or_404(ctx: Context, cert_id: str) -> Record:
    cert = ctx.store.get(("clientcertificates", cert_id))
    if cert is None:
        raise NotFound("Invalid Client Certificate identifier specified")
    return cert


@functools.lru_cache(maxsize=1)
def _private_key() -> Any:
    from cryptography.hazmat.primitives.asymmetric import rsa  # noqa: PLC0415 - only when a certificate is made

    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def _self_signed_pem(cert_id: str, created: int, expires: int) -> str:
    from cryptography import x509  # noqa: PLC0415 - only when a certificate is made
    from cryptography.hazmat.primitives import hashes, serialization  # noqa: PLC0415
    from cryptography.x509.oid import NameOID  # noqa: PLC0415

    key = _private_key()
    printable = x509.name._ASN1Type.PrintableString
    name = x509.Name([x509.NameAttribute(NameOID.COUNTRY_NAME, "US", printable),
                      x509.NameAttribute(NameOID.LOCALITY_NAME, "Seattle", printable),
                      x509.NameAttribute(NameOID.COMMON_NAME, "ApiGateway", printable)])
    utc = datetime.timezone.utc
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(secrets.randbits(63) | 1 << 62)
        .not_valid_before(datetime.datetime.fromtimestamp(created, utc))
        .not_valid_after(datetime.datetime.fromtimestamp(expires, utc))
        .sign(key, hashes.SHA256())
    )
    return certificate.public_bytes(serialization.Encoding.PEM).decode()


_RULES = [rule("/description", "replace", set_field("description"))]
