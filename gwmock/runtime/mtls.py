"""Mutual TLS on custom domain names: the client certificate checked against the domain's truststore.

A custom domain name with ``mutualTlsAuthentication`` (v1; v2's ``MutualTlsAuthentication``, the same
record: ``gwmock.domains``) with a ``truststoreUri`` demands a client certificate issued by a CA of the
truststore, a PEM bundle in S3. ``admit`` decides a request to such a domain; the execute-api host of
the same API is never checked (AWS: "To ensure that clients can access your API only by using a custom
domain name with mutual TLS, disable the default execute-api endpoint"; ``disableExecuteApiEndpoint``
is honoured by the stages).

Where the certificate comes from (it is test data: parsed, never trusted):

* ``requests``/``urllib3`` (botocore's clients too): the connection pool's ``cert_file``, which
  ``requests.get(url, cert=(crt, key))`` and ``urllib3.PoolManager(cert_file=...)`` set. The hook
  passes the path on; it is read here only for a domain with mutual TLS, a regular file of at most
  ``MAX_CLIENT_PEM`` bytes (looked at before it is opened: a FIFO, a device or a directory is refused
  unopened; then opened without blocking, in case it was swapped since). The private key is
  not read: on AWS the TLS handshake proves possession, and a client with a mismatched key fails before
  any request.
* ``gw.invoke(..., client_cert=pem)``: the PEM text or bytes.
* httpx, aiohttp and ``urllib.request`` keep the certificate inside their SSL contexts, where nothing
  reads it back: they reach an mTLS domain as clients without a certificate (403).

The first ``CERTIFICATE`` block is the client's certificate; other blocks (a chain, a private key) are
not used: API Gateway "looks for the client certificate's issuer in your truststore" (Knowledge Center
"How do I troubleshoot HTTP 403 Forbidden errors from an API Gateway custom domain name that requires
mutual TLS?"), and users report that intermediates must be in the truststore, not only in the client's
chain (weblineglobal, "AWS API Gateway mTLS 403: CA chain fix").

The truststore (``truststores``): ``gw.add_truststore(uri, pem, version=None)`` first, else moto's S3
while moto's ``mock_aws`` is active, never the real S3; parsed once per content. An unknown truststore
(or one without a usable certificate, or past its bounds: refused whole, never cut short) is a 403
whose log line (``Truststore not found: ...``) and ``gwmock`` logger warning name ``gw.add_truststore``.
Certificates are read by ``certificates``: test data, parsed, never trusted.

Checks (developer guide, "Configuring mutual TLS authentication for a REST API" / "for an HTTP API":
X.509 syntax, integrity, validity, name and key chaining; "Certificates can have a maximum chain length
of four"; "SHA-256 or stronger, RSA-2048 or stronger, ECDSA-256 or stronger"; "You can also provide
self-signed certificates"; "API Gateway doesn't verify if a certificate has been revoked"), in this
order, each failure a 403 ``{"message":"Forbidden"}`` with the execution log line ``Access denied.
Reason: <reason>`` and a ``gwmock`` warning:

1. a certificate was sent and parses (reasons ``NO_CERTIFICATE``, ``UNREADABLE``: guesses; whatever
   cryptography raises on a malformed one is an unreadable certificate, never an error of the request; a
   serial number that is zero or negative is read, without cryptography's deprecation warning, which a
   suite running with warnings as errors would raise: RFC 5280 4.1.2.2 asks users to handle such
   certificates gracefully, and OpenSSL does);
2. its signature hash is not MD5 or SHA-1, its key RSA of 2048 to 16384 bits or EC of 256 bits or
   more ("Client cert using an insecure Signature Algorithm", the Knowledge Center's line; other key
   types and the RSA upper bound, a cost bound, are guesses);
3. a self-signed certificate is trusted only when the truststore holds it ("self signed certificate");
4. its issuer is in the truststore, by name, and its signature verifies with the issuer's key ("Could
   not find issuer for certificate"; a name found whose key does not verify: "certificate signature
   failure", OpenSSL's words, guess; of several that verify, one valid now, as OpenSSL chooses, so a CA
   renewed with the same name and key beside its expired self still admits its clients, else the first:
   guess); so on from each intermediate up to a self-signed CA of the
   truststore (guess: no partial chain, as OpenSSL's default), at most four CA certificates, the leaf
   not counted (javierinthecloud, "Understanding the API Gateway mTLS chain depth limit": a client of
   the fourth intermediate fails; "certificate chain too long", OpenSSL's words, guess), an
   intermediate's own signature hash not MD5 or SHA-1 (guess: the insecure-algorithm line);
5. every certificate of the path is current ("certificate has expired", "certificate is not yet
   valid": OpenSSL's words, guesses; the docs: "If the certificate isn't trusted, is expired, or doesn't
   use a supported algorithm, the request is denied with a 403 status code").

The 403 body is API Gateway's ``{"message":"Forbidden"}`` (guess for both APIs: the Knowledge Center
gives the status only); a REST answer carries ``x-amzn-ErrorType: ForbiddenException``, an HTTP API's
lowercase ``content-type`` and ``apigw-requestid`` like its other refusals. No access log line is
written for it (guess: the request never reached a stage).

What an admitted request's integration sees (``ClientCert.event``): ``clientCertPem``, ``subjectDN``,
``issuerDN``, ``serialNumber`` and ``validity.notBefore``/``notAfter``, in REST proxy events and
``$context.identity.clientCert`` (REST templates, REST Lambda authorizers' REQUEST events, access logs),
HTTP API payload 2.0's ``requestContext.authentication.clientCert`` (Lambda authorizers' 2.0 events too)
and payload 1.0's ``requestContext.identity.clientCert`` ("Working with AWS Lambda proxy integrations
for HTTP APIs"). Formats, after AWS's examples (``"issuerDN": "C=US,ST=Washington,L=Seattle,O=Amazon Web
Services,OU=Security,CN=My Private CA"``, ``"serialNumber": "1"``, ``"a1:a1:...:a1"``, ``"notAfter": "Aug
5 09:36:04 2021 GMT"``): names in the certificate's own order, ``,`` between RDNs, RFC 4514 escaping
(guess); a serial below 2**63 in decimal (a negative one with its sign), a longer one as lower-case
hex bytes joined by ``:`` (what OpenSSL prints, which both examples fit: guess); times as OpenSSL prints
them; the PEM re-encoded from the certificate (64-character lines, a final newline: guess).

Bounds: a client PEM of ``MAX_CLIENT_PEM`` bytes; a truststore of ``MAX_TRUSTSTORE_BYTES`` and
``MAX_TRUSTSTORE_CERTS`` certificate blocks (gwmock's bounds; AWS's quota is not documented here), keys of at
most ``MAX_RSA_BITS``; ``MAX_CANDIDATES`` issuers of one name tried; PEM blocks found by ``bytes.find``
(linear); parsed leaves and truststores kept in bounded tables.
"""

from __future__ import annotations

import hashlib
import logging
import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from cryptography import x509
from cryptography.hazmat.primitives import serialization
from cryptography.x509.oid import NameOID

from gwmock.runtime.certificates import (
    EXPIRED,
    INSECURE,
    NOT_YET_VALID,
    PARSE_ERRORS,
    certificate_blocks,
    keep,
    key_problem,
    quiet,
    read_certificate,
    self_issued,
    validity_problem,
    weak_signature,
)
from gwmock.runtime.http.request import new_request_id
from gwmock.runtime.response import Response
from gwmock.runtime.truststores import (
    BAD_SIGNATURE,
    MAX_TRUSTSTORE_BYTES,
    MAX_TRUSTSTORE_CERTS,
    NO_ISSUER,
    Truststore,
    TruststoreError,
    parse_truststore,
    truststore,
)

__all__ = ["BAD_SIGNATURE", "EXPIRED", "INSECURE", "MAX_TRUSTSTORE_BYTES", "MAX_TRUSTSTORE_CERTS", "NOT_YET_VALID",
           "NO_ISSUER", "ClientCert", "TruststoreError", "admit", "parse_truststore"]

logger = logging.getLogger("gwmock")

MAX_CLIENT_PEM = 64 * 1024
MAX_CHAIN = 4  # CA certificates of a path, the leaf not counted
_MAX_BLOCKS = 16  # PEM blocks looked at in a client's file

NO_CERTIFICATE = "No client certificate presented"
UNREADABLE = "Could not parse client certificate"
SELF_SIGNED = "self signed certificate"
TOO_LONG = "certificate chain too long"
UNKNOWN_TRUSTSTORE = "Truststore not found"

_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NAMES = {NameOID.EMAIL_ADDRESS: "emailAddress"}  # guess: OpenSSL's short name


# --- what the integration sees -------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class ClientCert:
    """The facts of an admitted client certificate, as AWS's events write them."""

    pem: str
    subject_dn: str
    issuer_dn: str
    serial: str
    not_before: str
    not_after: str

    def event(self) -> dict[str, Any]:
        """``clientCert`` of an event or ``$context.identity``: a new dict each time (the function's own)."""
        return {"clientCertPem": self.pem, "subjectDN": self.subject_dn, "issuerDN": self.issuer_dn,
                "serialNumber": self.serial,
                "validity": {"notBefore": self.not_before, "notAfter": self.not_after}}


def facts_of(cert: x509.Certificate) -> ClientCert:
    return ClientCert(cert.public_bytes(serialization.Encoding.PEM).decode("ascii"), distinguished_name(cert.subject),
                      distinguished_name(cert.issuer), serial_text(cert.serial_number),
                      openssl_time(cert.not_valid_before_utc), openssl_time(cert.not_valid_after_utc))


def distinguished_name(name: x509.Name) -> str:
    """``C=US,ST=Washington,...,CN=My Private CA``: RDNs in the certificate's order."""
    return ",".join(rdn.rfc4514_string(_NAMES) for rdn in name.rdns)


def serial_text(serial: int) -> str:
    """Decimal below 2**63, else lower-case hex bytes joined by ``:`` (as OpenSSL prints a serial)."""
    if serial < 2**63:
        return str(serial)
    raw = serial.to_bytes((serial.bit_length() + 7) // 8, "big")
    return ":".join(f"{byte:02x}" for byte in raw)


def openssl_time(moment: datetime) -> str:
    """``Aug  5 09:36:04 2021 GMT`` (the day padded with a space), whatever the locale."""
    return f"{_MONTHS[moment.month - 1]} {moment.day:2d} {moment:%H:%M:%S} {moment.year} GMT"


# --- the verdict -----------------------------------------------------------------------------------


def admit(handle: Any, config: Mapping[str, Any], region: str, sent: str | bytes | None, cert_file: Any,
          rest: bool, method: str, url: str) -> ClientCert | Response:
    """The client certificate's facts when the domain's truststore trusts it, else the 403 to answer."""
    uri, version = str(config.get("truststoreUri") or ""), config.get("truststoreVersion") or None
    store, why = truststore(handle, uri, version, region)
    if store is None:
        logger.warning("gwmock: %s %s refused by mutual TLS: the truststore %s is unknown (%s); give it with "
                       "gw.add_truststore(%r, pem) or upload it to moto's S3", method, url, _named(uri, version),
                       why, uri)
        return _refused(rest, f"{UNKNOWN_TRUSTSTORE}: {_named(uri, version)} ({why}); give it with gw.add_truststore")
    pem = _sent(sent, cert_file)
    if pem is None:
        return _denied(rest, NO_CERTIFICATE, method, url)
    leaf = _leaf(pem)
    if leaf is None:
        return _denied(rest, UNREADABLE, method, url)
    reason = verify(leaf, store, datetime.now(timezone.utc))
    if reason is not None:
        return _denied(rest, reason, method, url)
    return leaf.facts


def _named(uri: str, version: Any) -> str:
    return f"{uri} version {version}" if version else uri


def _denied(rest: bool, reason: str, method: str, url: str) -> Response:
    logger.warning("gwmock: %s %s refused by mutual TLS: %s", method, url, reason)
    return _refused(rest, "Access denied. Reason: " + reason)


def _refused(rest: bool, line: str) -> Response:
    headers = ({"Content-Type": "application/json", "x-amzn-ErrorType": "ForbiddenException"} if rest else
               {"content-type": "application/json", "apigw-requestid": new_request_id()})
    stamp = datetime.now(timezone.utc).strftime("%a %b %d %H:%M:%S UTC %Y")
    return Response(403, headers, b'{"message":"Forbidden"}', log=[f"{stamp} : {line}"])


# --- the client's certificate -----------------------------------------------------------------------


def _sent(sent: str | bytes | None, cert_file: Any) -> bytes | None:
    if isinstance(sent, str):  # past the bound already: not encoded whole
        return sent[:MAX_CLIENT_PEM + 1].encode("utf-8", "replace")
    if sent is not None:
        return bytes(sent)
    return read_file(cert_file) if cert_file else None


def read_file(path: Any) -> bytes | None:
    """The certificate file a test configured: a regular file of at most ``MAX_CLIENT_PEM`` bytes, looked
    at before it is opened (opening a FIFO releases a writer waiting on it; opening a device can act) and
    opened without blocking (in case it was swapped since); None (with a warning) otherwise."""
    try:
        usable = _small_regular_file(os.stat(path))
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_NOCTTY", 0)) if usable else -1
    except (OSError, TypeError, ValueError) as error:
        logger.warning("gwmock: cannot read the client certificate file %r: %s", path, error)
        return None
    if fd < 0:
        logger.warning("gwmock: the client certificate file %r is not a regular file of at most %d bytes",
                       path, MAX_CLIENT_PEM)
        return None
    try:
        if not _small_regular_file(os.fstat(fd)):
            return None
        chunks: list[bytes] = []
        left = MAX_CLIENT_PEM + 1
        while left > 0:
            chunk = os.read(fd, left)
            if not chunk:
                break
            chunks.append(chunk)
            left -= len(chunk)
        data = b"".join(chunks)
        return data if len(data) <= MAX_CLIENT_PEM else None
    except OSError:
        return None
    finally:
        os.close(fd)


def _small_regular_file(info: os.stat_result) -> bool:
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_CLIENT_PEM


@dataclass(frozen=True, slots=True)
class _Leaf:
    cert: x509.Certificate
    der: bytes
    self_signed: bool
    facts: ClientCert


_LEAVES: dict[bytes, _Leaf | None] = {}
_UNSEEN = object()


def _leaf(pem: bytes) -> _Leaf | None:
    """The client's certificate (its file's first certificate block), kept per content."""
    if len(pem) > MAX_CLIENT_PEM:
        return None
    key = hashlib.sha256(pem).digest()
    found = _LEAVES.get(key, _UNSEEN)
    if found is not _UNSEEN:
        return found  # type: ignore[return-value]
    blocks = certificate_blocks(pem, _MAX_BLOCKS)
    cert = read_certificate(blocks[0]) if blocks else None
    leaf = None
    if cert is not None:
        try:
            with quiet(blocks[0]):  # facts_of reads the serial, which cryptography warns about again
                leaf = _Leaf(cert, blocks[0], self_issued(cert), facts_of(cert))
        except PARSE_ERRORS:  # a name that does not print
            leaf = None
    keep(_LEAVES, key, leaf)
    return leaf





# --- the truststore ------------------------------------------------------------------------------------







def verify(leaf: _Leaf, store: Truststore, now: datetime) -> str | None:
    """Why the truststore does not trust the client's certificate at ``now``, or None."""
    if weak_signature(leaf.cert) or key_problem(leaf.cert) is not None:
        return INSECURE
    if leaf.self_signed:
        return validity_problem([leaf.cert], now) if leaf.der in store.ders else SELF_SIGNED
    path: list[x509.Certificate] = []
    current = leaf.cert
    while True:
        issuer, why = store.issuer_of(current, now)
        if issuer is None:
            return why
        path.append(issuer)
        if len(path) > MAX_CHAIN:
            return TOO_LONG
        if store.is_root(issuer):
            break
        if weak_signature(issuer):
            return INSECURE
        current = issuer
    return validity_problem([leaf.cert, *path], now)


