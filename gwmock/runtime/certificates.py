"""Reading X.509 certificates that tests and clients send, without trusting them (``mtls``, ``truststores``).

A certificate is test data: PEM blocks are found with ``bytes.find`` (linear), each DER block is parsed
by cryptography with whatever it raises for a malformed one caught (``PARSE_ERRORS``: KeyError for a
name string type it has no type for, TypeError for a BitString name value, InvalidVersion, ValueError
for the rest, and its deprecation warning made an error by a suite running with warnings as errors),
and its validity and names are read at once, so that a malformed certificate is refused where it is
read, never later in a check. A serial number that is zero or negative is read without cryptography's
deprecation warning (RFC 5280 4.1.2.2 asks users to handle such certificates gracefully, as OpenSSL
does). The checks API Gateway documents for client certificates and CAs ("SHA-256 or stronger,
RSA-2048 or stronger, ECDSA-256 or stronger") are here too; the reasons are the Knowledge Center's
line ("Client cert using an insecure Signature Algorithm") and OpenSSL's words (guesses).
"""

from __future__ import annotations

import binascii
import contextlib
import threading
import warnings
from collections.abc import Iterator
from datetime import datetime
from typing import Any

from cryptography import x509
from cryptography.exceptions import InvalidSignature, UnsupportedAlgorithm
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.utils import CryptographyDeprecationWarning

MIN_RSA_BITS, MAX_RSA_BITS, MIN_EC_BITS = 2048, 16384, 256
INSECURE = "Client cert using an insecure Signature Algorithm"
EXPIRED = "certificate has expired"
NOT_YET_VALID = "certificate is not yet valid"

_BEGIN, _END = b"-----BEGIN CERTIFICATE-----", b"-----END CERTIFICATE-----"
_WEAK_HASHES = (hashes.MD5, hashes.SHA1)
_KEPT = 64  # entries of each table of parsed certificates or truststores
_lock = threading.Lock()
PARSE_ERRORS = (ValueError, TypeError, KeyError, IndexError, x509.InvalidVersion, UnsupportedAlgorithm,
                CryptographyDeprecationWarning)
VERIFY_ERRORS = (ValueError, TypeError, KeyError, InvalidSignature, UnsupportedAlgorithm)


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


def read_certificate(der: bytes) -> x509.Certificate | None:
    """The certificate of a DER block, its validity and names read now (a malformed one is refused here,
    not in the checks), or None."""
    try:
        with quiet(der):
            cert = x509.load_der_x509_certificate(der)
            parsed = (cert.not_valid_before_utc, cert.not_valid_after_utc, cert.issuer.public_bytes(),
                      cert.subject.public_bytes())
    except PARSE_ERRORS:
        return None
    return cert if parsed else None


@contextlib.contextmanager
def quiet(der: bytes) -> Iterator[None]:
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


def self_issued(cert: x509.Certificate) -> bool:
    """Issuer and subject the same and the certificate's own key verifying its signature."""
    if cert.issuer != cert.subject:
        return False
    try:
        cert.verify_directly_issued_by(cert)
    except VERIFY_ERRORS:
        return False
    return True


def key_problem(cert: x509.Certificate) -> str | None:
    """Why the certificate's key is not one API Gateway supports, or None."""
    try:
        key = cert.public_key()
    except PARSE_ERRORS:
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
    except PARSE_ERRORS:
        return True
    return algorithm is None or isinstance(algorithm, _WEAK_HASHES)


def validity_problem(path: list[x509.Certificate], now: datetime) -> str | None:
    for cert in path:
        if now > cert.not_valid_after_utc:
            return EXPIRED
        if now < cert.not_valid_before_utc:
            return NOT_YET_VALID
    return None


def keep(table: dict[Any, Any], key: Any, value: Any) -> None:
    with _lock:
        if len(table) >= _KEPT:
            table.clear()
        table[key] = value
