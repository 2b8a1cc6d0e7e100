"""Truststores of custom domains with mutual TLS: given with ``gw.add_truststore`` or read from moto's S3.

``gw.add_truststore(uri, pem, version=None)`` first (a version-less one answers for every version),
else moto's S3 while moto's ``mock_aws`` is active (``GetObject`` with the domain's
``truststoreVersion`` as ``VersionId``), never the real S3. It is read on each request that needs it,
so an object uploaded again is seen at once (AWS reads it when the domain is created or updated);
parsed truststores (or why one is unusable) are kept per content, at most 64 of them, so the check
``gw.add_truststore`` makes serves the requests. Parsing reads each certificate, not its signature:
whether a CA is self-signed is decided when a chain first reaches it (a thousand costly
self-signatures cost nothing until a client uses one). A truststore without a usable certificate, or
past the bounds (``MAX_TRUSTSTORE_BYTES``, ``MAX_TRUSTSTORE_CERTS``: gwmock's, AWS's quota is not
documented here), is refused whole, never cut short.

Warnings (``Truststore.warnings``, the domain's ``truststoreWarnings``): "Invalid certificates produce
warnings. Mutual TLS is still enabled, but some clients might not be able to access your API" (the API
reference's ``MutualTlsAuthentication``); "The warnings indicate the issue with the certificate and the
subject of the certificate that produced the warning" (developer guide, "Troubleshooting certificate
warnings"). A certificate that produces a warning is left out of the truststore, so the requests ignore
exactly the certificates the warnings name. What is invalid follows the truststore's documented
requirements ("Configuring your truststore": X.509 syntax, validity, "SHA-256 or stronger, RSA-2048 or
stronger, ECDSA-256 or stronger"), in this order, one warning per certificate:

1. a block that does not parse as X.509 (its extensions included), named by its place in the bundle;
2. a key that is not RSA of 2048 to 16384 bits or EC of 256 bits or more (``certificates.key_problem``);
3. for a certificate that is not self-issued: an MD5 or SHA-1 signature, or not being a CA (OpenSSL's
   rule: a ``keyUsage`` must allow certificate signing, and ``basicConstraints`` must say CA or, without
   it, a ``keyUsage`` must be present). A self-issued certificate's own signature is never checked by a
   chain, and "You can also provide self-signed certificates", so neither applies to one;
4. a validity period that is not current when the truststore is read ("API Gateway produces
   certificate warnings only when you update your domain name ... doesn't notify you if a previously
   uploaded certificate expires": one that expires later stays and refuses its clients then).

Guesses: the warnings' wording (``WARNING``: ``Certificate <subject> is invalid: <issue>``, the subject as
the events print distinguished names, at most ``MAX_SUBJECT`` characters; the issues use OpenSSL's and
the documentation's words), their order (the bundle's), one per distinct certificate, at most
``MAX_WARNINGS`` (then a count of the rest). A client whose issuer was left out gets the reason of its
leaving when it was the certificate's dates or signature hash ("certificate has expired", "certificate is
not yet valid", "Client cert using an insecure Signature Algorithm"), else "Could not find issuer for
certificate".

Issuers: by name, of which ``MAX_CANDIDATES`` are tried; the one whose key verifies, and of several one
valid now, as OpenSSL chooses (a CA renewed with the same name and key beside its expired self still
admits its clients), else the first ("Could not find issuer for certificate", the Knowledge Center's
line; "certificate signature failure", OpenSSL's words: guess).
"""

from __future__ import annotations

import hashlib
import sys
from datetime import datetime, timezone
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from gwmock.errors import GwmockError
from gwmock.runtime.certificates import (
    INSECURE,
    PARSE_ERRORS,
    VERIFY_ERRORS,
    certificate_blocks,
    keep,
    key_problem,
    read_certificate,
    self_issued,
    validity_problem,
    weak_signature,
)

MAX_TRUSTSTORE_BYTES = 1024 * 1024
MAX_TRUSTSTORE_CERTS = 1000
MAX_CANDIDATES = 8  # certificates of one subject tried as an issuer
MAX_WARNINGS = 100  # warnings listed; a last one counts the rest
MAX_SUBJECT = 256  # characters of a subject a warning prints
NO_ISSUER = "Could not find issuer for certificate"
BAD_SIGNATURE = "certificate signature failure"

WARNING = "Certificate {} is invalid: {}"
UNPARSABLE = "number {} of the truststore"
NOT_X509 = "it is not an X.509 certificate"
UNSUPPORTED_KEY = "unsupported key: API Gateway supports RSA-2048 or stronger and ECDSA-256 or stronger"
UNSUPPORTED_HASH = "unsupported signature algorithm: API Gateway supports SHA-256 or stronger"
NOT_A_CA = "invalid CA certificate: it cannot issue certificates"
MORE = "{} more certificates are invalid"
_EXTENSION_ERRORS = (*PARSE_ERRORS, x509.DuplicateExtension, x509.UnsupportedGeneralNameType)
_NAMES = {NameOID.EMAIL_ADDRESS: "emailAddress"}  # as ``mtls.distinguished_name`` prints names


class TruststoreError(GwmockError, ValueError):
    """A truststore ``gw.add_truststore`` cannot use."""


class Truststore:
    """A truststore's usable certificates, by subject; ``ders``: each one's DER; ``warnings``: the
    certificates left out and why. Whether a certificate is a root (self-signed) is decided when a chain
    first reaches it, not for every certificate up front: a truststore of a thousand costly
    self-signatures costs only the ones clients use."""

    def __init__(self, certificates: list[x509.Certificate], warnings: tuple[str, ...] = (),
                 left_out: dict[bytes, str] | None = None) -> None:
        self.by_subject: dict[bytes, list[x509.Certificate]] = {}
        self.ders: set[bytes] = set()
        self.warnings = warnings
        self._left_out = left_out or {}  # subject -> why a client of it is refused, for the certificates left out
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
        issuer = cert.issuer.public_bytes()
        candidates = self.by_subject.get(issuer)
        if not candidates:
            return None, self._left_out.get(issuer, NO_ISSUER)
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
    if not found.ders:
        raise TruststoreError(_none_usable(found))
    return found


_TRUSTSTORES: dict[bytes, Truststore | str] = {}  # sha256 of the content -> the truststore or why not


def _parsed(data: bytes) -> Truststore | str:
    """The truststore of ``data`` (perhaps without a usable certificate), or why it is past the bounds."""
    if len(data) > MAX_TRUSTSTORE_BYTES:
        return f"a truststore holds at most {MAX_TRUSTSTORE_BYTES} bytes"
    key = hashlib.sha256(data).digest()
    found = _TRUSTSTORES.get(key)
    if found is None:
        found = _parse(data, datetime.now(timezone.utc))
        keep(_TRUSTSTORES, key, found)
    return found


def _parse(data: bytes, now: datetime) -> Truststore | str:
    blocks = certificate_blocks(data, MAX_TRUSTSTORE_CERTS + 1)
    if len(blocks) > MAX_TRUSTSTORE_CERTS:  # refused whole: the CAs past the bound would vanish unseen
        return f"a truststore holds at most {MAX_TRUSTSTORE_CERTS} certificates"
    usable: list[x509.Certificate] = []
    warnings: list[str] = []
    left_out: dict[bytes, str] = {}
    seen: set[bytes] = set()
    for number, der in enumerate(blocks, 1):
        if der in seen:
            continue
        seen.add(der)
        cert = read_certificate(der)
        issue, reason = _problem(cert, now) if cert is not None else (NOT_X509, NO_ISSUER)
        if issue is None and cert is not None:
            usable.append(cert)
            continue
        named = _subject(cert) if cert is not None else UNPARSABLE.format(number)
        warnings.append(WARNING.format(named, issue))
        if cert is not None:
            left_out.setdefault(cert.subject.public_bytes(), reason)
    return Truststore(usable, _bounded(warnings), left_out)


def _problem(cert: x509.Certificate, now: datetime) -> tuple[str | None, str]:
    """(the issue of a certificate the truststore leaves out, what its clients are told), or (None, "")."""
    try:
        extensions = list(cert.extensions)
    except _EXTENSION_ERRORS:
        return NOT_X509, NO_ISSUER
    if key_problem(cert) is not None:
        return UNSUPPORTED_KEY, NO_ISSUER
    if cert.issuer.public_bytes() != cert.subject.public_bytes():
        if weak_signature(cert):
            return UNSUPPORTED_HASH, INSECURE
        if not _is_ca(extensions):
            return NOT_A_CA, NO_ISSUER
    expired = validity_problem([cert], now)
    return (expired, expired) if expired is not None else (None, "")


def _is_ca(extensions: list[x509.Extension[x509.ExtensionType]]) -> bool:
    """Whether a certificate that is not self-issued may issue others, as OpenSSL's ``check_ca`` decides:
    a ``keyUsage`` allows certificate signing, and ``basicConstraints`` says CA (or, missing, a
    ``keyUsage`` is there)."""
    constraints = usage = None
    for extension in extensions:
        if isinstance(extension.value, x509.BasicConstraints):
            constraints = extension.value
        elif isinstance(extension.value, x509.KeyUsage):
            usage = extension.value
    if usage is not None and not usage.key_cert_sign:
        return False
    return constraints.ca if constraints is not None else usage is not None


def _subject(cert: x509.Certificate) -> str:
    """The subject as the events print distinguished names (``mtls.distinguished_name``), cut short."""
    try:
        text = ",".join(rdn.rfc4514_string(_NAMES) for rdn in cert.subject.rdns)
    except PARSE_ERRORS:
        return "(a subject that does not print)"
    return text if len(text) <= MAX_SUBJECT else text[:MAX_SUBJECT] + "..."


def _bounded(warnings: list[str]) -> tuple[str, ...]:
    if len(warnings) <= MAX_WARNINGS:
        return tuple(warnings)
    return (*warnings[:MAX_WARNINGS - 1], MORE.format(len(warnings) - MAX_WARNINGS + 1))


def _none_usable(found: Truststore) -> str:
    reason = ("a truststore is a PEM bundle of X.509 certificates (RSA 2048 to 16384 bits, or EC of 256 bits "
              "or more); none was found")
    return f"{reason} ({'; '.join(found.warnings[:3])})" if found.warnings else reason


def truststore(handle: Any, uri: str, version: str | None, region: str) -> tuple[Truststore | None, str]:
    """The domain's truststore (``gw.add_truststore``'s, else moto's S3 object), else None and why."""
    found = _read(handle, uri, version, region)
    if isinstance(found, str):
        return None, found
    return (found, "") if found.ders else (None, _none_usable(found))


def warnings_of(handle: Any, uri: str, version: str | None, region: str) -> list[str]:
    """The warnings of the domain's truststore (``truststoreWarnings``), read as requests read it; none
    for a truststore gwmock does not know or refuses whole."""
    found = _read(handle, uri, version, region)
    return [] if isinstance(found, str) else list(found.warnings)


def _read(handle: Any, uri: str, version: str | None, region: str) -> Truststore | str:
    given = getattr(handle, "truststores", None) or {}
    data = given.get((uri, version))
    if data is None:
        data = given.get((uri, None))
    if data is None:
        data, why = _from_moto(uri, version, region)
        if data is None:
            return why
    return _parsed(data)


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
