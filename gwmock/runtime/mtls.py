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

The truststore: ``gw.add_truststore(uri, pem, version=None)`` first (a version-less one answers for
every version), else moto's S3 while moto's ``mock_aws`` is active (``GetObject`` with the domain's
``truststoreVersion`` as ``VersionId``), never the real S3. It is read on each request that needs it, so
an object uploaded again is seen at once (AWS reads it when the domain is created or updated); parsed
truststores (or why one is unusable) are kept per content, at most ``_KEPT`` of them, so the check
``gw.add_truststore`` makes serves the requests. Parsing reads each certificate, not its signature: whether
a CA is self-signed is decided when a chain first reaches it (a thousand costly self-signatures cost nothing
until a client uses one). A certificate cryptography cannot read (a name string type it has no type for,
an unknown version, ...) is left out; the CAs of an unsupported key too. An unknown truststore (or one
without a usable certificate, or past the bounds below: refused whole, never cut short) is a 403 whose log
line (``Truststore not found: ...``) and ``gwmock`` logger warning name ``gw.add_truststore``.

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

import binascii
import contextlib
import hashlib
import logging
import os
import stat
import sys
import threading
import warnings
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.utils import CryptographyDeprecationWarning
from cryptography.x509.oid import NameOID

from gwmock.errors import GwmockError
from gwmock.runtime.http.request import new_request_id
from gwmock.runtime.response import Response

logger = logging.getLogger("gwmock")

MAX_CLIENT_PEM = 64 * 1024
MAX_TRUSTSTORE_BYTES = 1024 * 1024
MAX_TRUSTSTORE_CERTS = 1000
MAX_CHAIN = 4  # CA certificates of a path, the leaf not counted
MAX_CANDIDATES = 8  # certificates of one subject tried as an issuer
MIN_RSA_BITS, MAX_RSA_BITS, MIN_EC_BITS = 2048, 16384, 256
_MAX_BLOCKS = 16  # PEM blocks looked at in a client's file

NO_CERTIFICATE = "No client certificate presented"
UNREADABLE = "Could not parse client certificate"
INSECURE = "Client cert using an insecure Signature Algorithm"
SELF_SIGNED = "self signed certificate"
NO_ISSUER = "Could not find issuer for certificate"
BAD_SIGNATURE = "certificate signature failure"
TOO_LONG = "certificate chain too long"
EXPIRED = "certificate has expired"
NOT_YET_VALID = "certificate is not yet valid"
UNKNOWN_TRUSTSTORE = "Truststore not found"

_BEGIN, _END = b"-----BEGIN CERTIFICATE-----", b"-----END CERTIFICATE-----"
_WEAK_HASHES = (hashes.MD5, hashes.SHA1)
_MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")
_NAMES = {NameOID.EMAIL_ADDRESS: "emailAddress"}  # guess: OpenSSL's short name
_KEPT = 64
_lock = threading.Lock()
# what cryptography raises on a malformed certificate: KeyError for a name string type it has no type for,
# TypeError for a BitString name value, InvalidVersion, ValueError for the rest (a warning made an error too)
_PARSE_ERRORS = (ValueError, TypeError, KeyError, IndexError, x509.InvalidVersion, UnsupportedAlgorithm,
                 CryptographyDeprecationWarning)
_VERIFY_ERRORS = (ValueError, TypeError, KeyError, InvalidSignature, UnsupportedAlgorithm)


class TruststoreError(GwmockError, ValueError):
    """A truststore ``gw.add_truststore`` cannot use."""


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
    cert = _certificate(blocks[0]) if blocks else None
    leaf = None
    if cert is not None:
        try:
            with _quiet(blocks[0]):  # facts_of reads the serial, which cryptography warns about again
                leaf = _Leaf(cert, blocks[0], _self_issued(cert), facts_of(cert))
        except _PARSE_ERRORS:  # a name that does not print
            leaf = None
    _keep(_LEAVES, key, leaf)
    return leaf


def certificate_blocks(data: bytes, limit: int) -> list[bytes]:
    """The DER of each ``CERTIFICATE`` block of a PEM text, at most ``limit`` of them (found with
    ``find``, linear in the text; a block that does not decode is left out)."""
    out: list[bytes] = []
    at = 0
    while len(out) < limit:
        start = data.find(_BEGIN, at)
        if start < 0:
            break
        end = data.find(_END, start + len(_BEGIN))
        if end < 0:
            break
        try:
            out.append(binascii.a2b_base64(data[start + len(_BEGIN):end]))
        except (binascii.Error, ValueError):
            pass
        at = end + len(_END)
    return out


def _certificate(der: bytes) -> x509.Certificate | None:
    """The certificate of a DER block, its validity and names read now (a malformed one is refused here,
    not in the checks), or None."""
    try:
        with _quiet(der):
            cert = x509.load_der_x509_certificate(der)
            parsed = (cert.not_valid_before_utc, cert.not_valid_after_utc, cert.issuer.public_bytes(),
                      cert.subject.public_bytes())
    except _PARSE_ERRORS:
        return None
    return cert if parsed else None


@contextlib.contextmanager
def _quiet(der: bytes) -> Iterator[None]:
    """Around reading a certificate whose serial is zero or negative: cryptography warns about such a
    serial (which a suite running with warnings as errors would turn into an exception), though RFC 5280
    asks users to handle them gracefully, as OpenSSL does. Other certificates leave the warnings alone."""
    if not _serial_not_positive(der):
        yield
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore", CryptographyDeprecationWarning)
        yield


def _serial_not_positive(der: bytes) -> bool:
    """Whether Certificate > TBSCertificate > (``[0]`` version) > serial INTEGER is zero or negative."""
    outer = _element(der, 0)
    tbs = _element(der, outer[1]) if outer is not None and outer[0] == 0x30 else None
    if tbs is None or tbs[0] != 0x30:
        return False
    serial = _element(der, tbs[1])
    if serial is not None and serial[0] == 0xA0:
        serial = _element(der, serial[2])
    if serial is None or serial[0] != 0x02 or serial[1] == serial[2]:
        return False
    content = der[serial[1]:serial[2]]
    return content[0] >= 0x80 or not any(content)


def _element(der: bytes, at: int) -> tuple[int, int, int] | None:
    """(tag, content start, content end) of the DER element at ``at``, or None."""
    if at + 2 > len(der):
        return None
    tag, size, start = der[at], der[at + 1], at + 2
    if size & 0x80:
        count = size & 0x7F
        if not 0 < count <= 4 or start + count > len(der):
            return None
        size, start = int.from_bytes(der[start:start + count], "big"), start + count
    return (tag, start, start + size) if start + size <= len(der) else None


def _self_issued(cert: x509.Certificate) -> bool:
    """Issuer and subject the same and the certificate's own key verifying its signature."""
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except _VERIFY_ERRORS:
        return False
    return True


# --- the truststore ------------------------------------------------------------------------------------


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
            found = self._roots[der] = _self_issued(cert)
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
            except _VERIFY_ERRORS:
                continue
            if _current([candidate], now) is None:
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
        _keep(_TRUSTSTORES, key, found)
    return found


def _parse(data: bytes) -> Truststore | str:
    blocks = certificate_blocks(data, MAX_TRUSTSTORE_CERTS + 1)
    if len(blocks) > MAX_TRUSTSTORE_CERTS:  # refused whole: the CAs past the bound would vanish unseen
        return f"a truststore holds at most {MAX_TRUSTSTORE_CERTS} certificates"
    usable = [cert for der in blocks if (cert := _certificate(der)) is not None and key_problem(cert) is None]
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


def _keep(table: dict[Any, Any], key: Any, value: Any) -> None:
    with _lock:
        if len(table) >= _KEPT:
            table.clear()
        table[key] = value


# --- the checks ------------------------------------------------------------------------------------


def key_problem(cert: x509.Certificate) -> str | None:
    """Why the certificate's key is not one API Gateway supports, or None."""
    try:
        key = cert.public_key()
    except _PARSE_ERRORS:
        return INSECURE
    if isinstance(key, rsa.RSAPublicKey):
        return None if MIN_RSA_BITS <= key.key_size <= MAX_RSA_BITS else INSECURE
    if isinstance(key, ec.EllipticCurvePublicKey):
        return None if key.curve.key_size >= MIN_EC_BITS else INSECURE
    return INSECURE


def weak_signature(cert: x509.Certificate) -> bool:
    """An MD5 or SHA-1 signature, or one of an algorithm without a hash gwmock knows."""
    try:
        algorithm = cert.signature_hash_algorithm
    except _PARSE_ERRORS:
        return True
    return algorithm is None or isinstance(algorithm, _WEAK_HASHES)


def verify(leaf: _Leaf, store: Truststore, now: datetime) -> str | None:
    """Why the truststore does not trust the client's certificate at ``now``, or None."""
    if weak_signature(leaf.cert) or key_problem(leaf.cert) is not None:
        return INSECURE
    if leaf.self_signed:
        return _current([leaf.cert], now) if leaf.der in store.ders else SELF_SIGNED
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
    return _current([leaf.cert, *path], now)


def _current(path: list[x509.Certificate], now: datetime) -> str | None:
    for cert in path:
        if now > cert.not_valid_after_utc:
            return EXPIRED
        if now < cert.not_valid_before_utc:
            return NOT_YET_VALID
    return None
