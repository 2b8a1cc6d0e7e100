"""Truststores of custom domains with mutual TLS: given with ``gw.add_truststore`` or read from moto's S3.

``gw.add_truststore(uri, pem, version=None)`` first (a version-less one answers for every version),
else moto's S3 while moto's ``mock_aws`` is active (``GetObject`` with the domain's
``truststoreVersion`` as ``VersionId``), never the real S3. It is read on each request that needs it,
so an object uploaded again is seen at once (AWS reads it when the domain is created or updated);
parsed truststores (or why one is unusable) are kept per content, at most 64 of them, so the check
``gw.add_truststore`` makes serves the requests. Parsing reads each certificate, not its signature:
whether a CA is self-signed is decided when a chain first reaches it (a thousand costly
self-signatures cost nothing until a client uses one). A certificate cryptography cannot read is left
out; the CAs of an unsupported key too. A truststore without a usable certificate, or past the bounds
(``MAX_TRUSTSTORE_BYTES``, ``MAX_TRUSTSTORE_CERTS``: gwmock's, AWS's quota is not documented here), is
refused whole, never cut short.

Issuers: by name, of which ``MAX_CANDIDATES`` are tried; the one whose key verifies, and of several one
valid now, as OpenSSL chooses (a CA renewed with the same name and key beside its expired self still
admits its clients), else the first ("Could not find issuer for certificate", the Knowledge Center's
line; "certificate signature failure", OpenSSL's words: guess).
"""

from __future__ import annotations

import hashlib
import sys
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization

from gwmock.errors import GwmockError
from gwmock.runtime.certificates import (
    VERIFY_ERRORS,
    certificate_blocks,
    keep,
    key_problem,
    read_certificate,
    self_issued,
    validity_problem,
)

MAX_TRUSTSTORE_BYTES = 1024 * 1024
MAX_TRUSTSTORE_CERTS = 1000
MAX_CANDIDATES = 8  # certificates of one subject tried as an issuer
NO_ISSUER = "Could not find issuer for certificate"
BAD_SIGNATURE = "certificate signature failure"


class TruststoreError(GwmockError, ValueError):
    """A truststore ``gw.add_truststore`` cannot use."""


class Truststore:
    """A truststore's usable certificates, by subject; ``ders``: each one's DER. Whether a certificate is
    a root (self-signed) is decided when a chain first reaches it, not for every certificate up front: a
    truststore of a thousand costly self-signatures costs only the ones clients use."""

    def __init__(self, certificates: list[x509.Certificate]) -> None:
        self.by_subject: dict[bytes, list[x509.Certificate]] = {}
        self.ders: set[bytes] = set()
        self._roots: dict[bytes, bool] = {}  # DER -> self-signed, for the certificates a chain reached
        for cert in certificates:
            der = cert.public_bytes(serialization.Encoding.DER)
            if der in self.ders:
                continue
            self.ders.add(der)
            self.by_subject.setdefault(cert.subject.public_bytes(), []).append(cert)

    def is_root(self, cert: x509.Certificate) -> bool:
        der = cert.public_bytes(serialization.Encoding.DER)
        found = self._roots.get(der)
        if found is None:
            found = self._roots[der] = self_issued(cert)
        return found

    def issuer_of(self, cert: x509.Certificate, now: datetime) -> tuple[x509.Certificate | None, str]:
        """The truststore certificate that signed ``cert``, else None and why: one valid at ``now`` when
        several verify (a CA renewed with the same name and key beside its expired self), as OpenSSL
        chooses; else the first that verifies."""
        candidates = self.by_subject.get(cert.issuer.public_bytes())
        if not candidates:
            return None, NO_ISSUER
        verified = None
        for candidate in candidates[:MAX_CANDIDATES]:
            try:
                cert.verify_directly_issued_by(candidate)
            except VERIFY_ERRORS:
                continue
            if validity_problem([candidate], now) is None:
                return candidate, ""
            verified = verified or candidate
        return (verified, "") if verified is not None else (None, BAD_SIGNATURE)


def parse_truststore(data: bytes) -> Truststore:
    """The usable certificates of a PEM bundle; refused when it has none or is too large. Parsed once per
    content (``gw.add_truststore``'s check serves the requests too)."""
    found = _parsed(data)
    if isinstance(found, str):
        raise TruststoreError(found)
    return found


_TRUSTSTORES: dict[bytes, Truststore | str] = {}  # sha256 of the content -> the truststore or why not


def _parsed(data: bytes) -> Truststore | str:
    if len(data) > MAX_TRUSTSTORE_BYTES:
        return f"a truststore holds at most {MAX_TRUSTSTORE_BYTES} bytes"
    key = hashlib.sha256(data).digest()
    found = _TRUSTSTORES.get(key)
    if found is None:
        found = _parse(data)
        keep(_TRUSTSTORES, key, found)
    return found


def _parse(data: bytes) -> Truststore | str:
    blocks = certificate_blocks(data, MAX_TRUSTSTORE_CERTS + 1)
    if len(blocks) > MAX_TRUSTSTORE_CERTS:  # refused whole: the CAs past the bound would vanish unseen
        return f"a truststore holds at most {MAX_TRUSTSTORE_CERTS} certificates"
    usable = [cert for der in blocks if (cert := read_certificate(der)) is not None and key_problem(cert) is None]
    if not usable:
        return ("a truststore is a PEM bundle of X.509 certificates (RSA 2048 to 16384 bits, or EC of 256 bits "
                "or more); none was found")
    return Truststore(usable)


def truststore(handle: Any, uri: str, version: str | None, region: str) -> tuple[Truststore | None, str]:
    """The domain's truststore (``gw.add_truststore``'s, else moto's S3 object), else None and why."""
    given = getattr(handle, "truststores", None) or {}
    data = given.get((uri, version))
    if data is None:
        data = given.get((uri, None))
    why = ""
    if data is None:
        data, why = _from_moto(uri, version, region)
    if data is None:
        return None, why
    found = _parsed(data)
    return (None, found) if isinstance(found, str) else (found, "")


def _from_moto(uri: str, version: str | None, region: str) -> tuple[bytes | None, str]:
    """The S3 object at ``uri`` from moto's S3 while ``mock_aws`` is active (never the real S3)."""
    bucket, _, key = uri.removeprefix("s3://").partition("/") if uri.startswith("s3://") else ("", "", "")
    if not bucket or not key:
        return None, "not an s3://bucket/key URI"
    models = sys.modules.get("moto.core.models")
    if models is None or getattr(getattr(models, "MockAWS", None), "_nested_count", 0) <= 0:
        return None, "not added, and moto's mock_aws is not active"
    import boto3  # noqa: PLC0415 - only a domain with mutual TLS read from moto needs it

    args = {"Bucket": bucket, "Key": key, **({"VersionId": version} if version else {})}
    try:
        found = boto3.client("s3", region_name=region).get_object(**args)
        if int(found.get("ContentLength") or 0) > MAX_TRUSTSTORE_BYTES:
            return None, f"larger than {MAX_TRUSTSTORE_BYTES} bytes"
        data: bytes = found["Body"].read(MAX_TRUSTSTORE_BYTES + 1)
    except Exception as error:  # botocore's errors, no credentials: all mean the same here
        return None, f"moto's S3 answered: {error}"
    return data, ""
