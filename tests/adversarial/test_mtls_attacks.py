"""Attacks on mutual TLS custom domains (``gwmock.runtime.mtls``): hostile client certificates, hostile
certificate files, hostile truststores (given with ``gw.add_truststore`` or read from moto's S3).

Whatever the client presents, the answer is API Gateway's 403 ``{"message":"Forbidden"}`` with the reason
in the execution log ("Configuring mutual TLS authentication for a REST API": untrusted, expired or
unsupported certificates are denied with 403), or the integration's answer for a trusted certificate;
never a traceback, a hang, an unbounded read or a file other than a regular one opened, and the mock
serves the next request. Certificates AWS documents but cryptography only warns about (serial numbers
that are not positive: RFC 5280 asks users to handle them gracefully) are read even when the test suite
turns warnings into errors. A hostile truststore costs its parse once, not a signature check per
certificate, and one past gwmock's bounds is refused whole rather than cut short.
"""

from __future__ import annotations

import base64
import datetime
import json
import os
import time

import boto3
import pytest
import urllib3
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import dsa, ec, ed25519, rsa
from cryptography.x509.oid import NameOID
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.errors import GwmockError
from tests.helpers import network_guard

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:123456789012:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
CERT_ARN = f"arn:aws:acm:{REGION}:123456789012:certificate/abc"
DOMAIN = "mtls-attacks.example.com"
URL = f"https://{DOMAIN}/items"
TRUSTSTORE = "s3://truststores/ca.pem"
NOW = datetime.datetime.now(datetime.timezone.utc)
DAY = datetime.timedelta(days=1)
FUZZ = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])

UNREADABLE = "Could not parse client certificate"
INSECURE = "Client cert using an insecure Signature Algorithm"
REASONS = {"No client certificate presented", UNREADABLE, INSECURE, "self signed certificate",
           "Could not find issuer for certificate", "certificate signature failure", "certificate chain too long",
           "certificate has expired", "certificate is not yet valid"}


# --- certificates, well formed and otherwise ------------------------------------------------------------


def _name(cn):
    return x509.Name([x509.NameAttribute(NameOID.ORGANIZATION_NAME, "Attackers"),
                      x509.NameAttribute(NameOID.COMMON_NAME, cn)])


class _Issued:
    def __init__(self, cert, key):
        self.cert, self.key = cert, key

    @property
    def pem(self):
        return self.cert.public_bytes(serialization.Encoding.PEM).decode()

    @property
    def der(self):
        return self.cert.public_bytes(serialization.Encoding.DER)


def _algorithm(key):
    return None if isinstance(key, ed25519.Ed25519PrivateKey) else hashes.SHA256()


def _issue(cn, issuer=None, *, key=None, ca=False, serial=None, start=NOW - DAY, end=NOW + 30 * DAY):
    key = key or ec.generate_private_key(ec.SECP256R1())
    signer = issuer.key if issuer else key
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(issuer.cert.subject if issuer else _name(cn))
            .public_key(key.public_key()).serial_number(serial or x509.random_serial_number())
            .not_valid_before(start).not_valid_after(end)
            .add_extension(x509.BasicConstraints(ca=ca, path_length=None), critical=True)
            .sign(signer, _algorithm(signer)))
    return _Issued(cert, key)


def _bundle(*issued):
    return "".join(item.pem for item in issued)


def _pem(der):
    return "-----BEGIN CERTIFICATE-----\n" + base64.encodebytes(der).decode() + "-----END CERTIFICATE-----\n"


def _tlv(tag, body):
    size = len(body)
    if size < 128:
        return bytes([tag, size]) + body
    length = size.to_bytes((size.bit_length() + 7) // 8, "big")
    return bytes([tag, 0x80 | len(length)]) + length + body


ECDSA_SHA256 = bytes.fromhex("300a06082a8648ce3d040302")
RSA_SHA256 = bytes.fromhex("300d06092a864886f70d01010b0500")


def _resigned(tbs, issuer):
    """A certificate of ``tbs`` (edited DER) signed again by the EC ``issuer``: the edit is not caught by
    the signature, only by the parser or the checks."""
    signature = issuer.key.sign(tbs, ec.ECDSA(hashes.SHA256()))
    return _tlv(0x30, tbs + ECDSA_SHA256 + _tlv(0x03, b"\x00" + signature))


def _with_serial(issued, issuer, content):
    """``issued`` (made with serial 0x7777) with the serial INTEGER's content replaced, signed again."""
    tbs = issued.cert.tbs_certificate_bytes
    body = tbs[2 + (tbs[1] & 0x7F if tbs[1] & 0x80 else 0):]
    assert body.count(b"\x02\x02\x77\x77") == 1
    return _resigned(_tlv(0x30, body.replace(b"\x02\x02\x77\x77", b"\x02" + bytes([len(content)]) + content)),
                     issuer)


def _forged_rsa_ca(cn, bits, issuer_cn=None):
    """A CA of an RSA key of ``bits`` bits with a 64-bit public exponent (the largest OpenSSL takes past
    3072 bits: the costliest key to verify with) and a signature of random bytes: nothing to sign with."""
    key = rsa.RSAPublicNumbers((1 << 63) | 1, (1 << bits) - 1).public_key()
    cert = (x509.CertificateBuilder().subject_name(_name(cn)).issuer_name(_name(issuer_cn or cn)).public_key(key)
            .serial_number(x509.random_serial_number()).not_valid_before(NOW - DAY).not_valid_after(NOW + DAY)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(_SIGNER, hashes.SHA256()))
    return _tlv(0x30, cert.tbs_certificate_bytes + RSA_SHA256 + _tlv(0x03, b"\x00\x01" + os.urandom(bits // 8 - 1)))


_SIGNER = rsa.generate_private_key(public_exponent=65537, key_size=2048)


@pytest.fixture(scope="module")
def pki():
    root = _issue("Root CA", ca=True)
    inter_key = ec.generate_private_key(ec.SECP256R1())
    inter = _issue("Intermediate CA", root, key=inter_key, ca=True)
    return {
        "root": root, "inter": inter,
        "inter_expired": _issue("Intermediate CA", root, key=inter_key, ca=True, start=NOW - 90 * DAY,
                                end=NOW - DAY),
        "client": _issue("client", inter),
        "stranger_ca": _issue("Stranger CA", ca=True),
        "serial_7777": _issue("odd serial", inter, serial=0x7777),
        "ca_7777": _issue("Odd CA", root, ca=True, serial=0x7777),
    }


# --- the API behind the domain ---------------------------------------------------------------------------------


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


@pytest.fixture
def domain(apigateway, gwmock, pki):
    gwmock.add_lambda(FN, _echo)
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter"]))
    api = apigateway.create_rest_api(name="echo", endpointConfiguration={"types": ["REGIONAL"]})
    proxy = apigateway.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")
    apigateway.put_method(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", authorizationType="NONE")
    apigateway.put_integration(restApiId=api["id"], resourceId=proxy["id"], httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI)
    apigateway.create_deployment(restApiId=api["id"], stageName="prod")
    apigateway.create_domain_name(domainName=DOMAIN, regionalCertificateArn=CERT_ARN, securityPolicy="TLS_1_2",
                                  endpointConfiguration={"types": ["REGIONAL"]},
                                  mutualTlsAuthentication={"truststoreUri": TRUSTSTORE})
    apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api["id"], stage="prod")
    return api["id"]


def _refused(gwmock, answer, reason):
    assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
    assert answer.headers["x-amzn-ErrorType"] == "ForbiddenException"
    assert gwmock.requests[-1].log[-1].endswith(" : Access denied. Reason: " + reason)


def _still_serves(gwmock, pki):
    answer = gwmock.invoke("GET", URL, client_cert=pki["client"].pem)
    assert answer.status == 200
    assert answer.json()["requestContext"]["identity"]["clientCert"]["subjectDN"] == "O=Attackers,CN=client"


def _cert_of(answer):
    assert answer.status == 200, answer.body
    return answer.json()["requestContext"]["identity"]["clientCert"]


# --- defects: certificates the parser chokes on ---------------------------------------------------------------


@pytest.mark.parametrize("tag", [0x00, 0x11, 0x80, 0xEE, 0x03])
def test_client_certificate_whose_name_has_an_unknown_string_type_is_refused(gwmock, domain, pki, tag):
    # cryptography raises KeyError for string tags it has no type for, TypeError for a BitString
    # outside x500UniqueIdentifier: the certificate does not parse, whatever signs it.
    tbs = _issue("victim", pki["inter"]).cert.tbs_certificate_bytes
    at = tbs.rfind(b"\x0c\x06victim")
    assert at > 0  # the common name, a UTF8String
    der = _resigned(tbs[:at] + bytes([tag]) + tbs[at + 1:], pki["inter"])

    _refused(gwmock, gwmock.invoke("GET", URL, client_cert=_pem(der)), UNREADABLE)
    _still_serves(gwmock, pki)


def test_client_certificate_of_an_unknown_version_is_refused(gwmock, domain, pki):
    tbs = pki["client"].cert.tbs_certificate_bytes
    assert tbs[4:9] == b"\xa0\x03\x02\x01\x02"  # [0] { INTEGER 2 }: v3
    der = _resigned(tbs[:8] + b"\x08" + tbs[9:], pki["inter"])

    _refused(gwmock, gwmock.invoke("GET", URL, client_cert=_pem(der)), UNREADABLE)
    _still_serves(gwmock, pki)


@pytest.mark.parametrize("tag", [0x00, 0xEE, 0x03])
def test_truststore_ca_whose_name_does_not_parse_is_left_out(gwmock, domain, pki, tag):
    tbs = _issue("Broken CA", pki["root"], ca=True).cert.tbs_certificate_bytes
    at = tbs.rfind(b"\x0c\x09Broken CA")
    assert at > 0  # the common name, a UTF8String
    broken = _pem(_resigned(tbs[:at] + bytes([tag]) + tbs[at + 1:], pki["root"]))

    with pytest.raises(GwmockError, match="none was found"):
        gwmock.add_truststore("s3://truststores/broken.pem", broken)
    gwmock.add_truststore(TRUSTSTORE, broken + _bundle(pki["root"], pki["inter"]))

    assert set(gwmock.truststores) == {(TRUSTSTORE, None)}
    _still_serves(gwmock, pki)


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                      min_size=1, max_size=4),
       cut=st.integers(min_value=0, max_value=40))
def test_mutated_client_certificates_are_refused(gwmock, domain, pki, edits, cut):
    der = bytearray(pki["client"].der)
    for where, byte in edits:
        der[where % len(der)] = byte
    der = bytes(der[:len(der) - cut])
    if der == pki["client"].der:
        return

    answer = gwmock.invoke("GET", URL, client_cert=_pem(der))

    assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
    assert gwmock.requests[-1].log[-1].split("Reason: ")[-1] in REASONS
    _still_serves(gwmock, pki)


@FUZZ
@given(edits=st.lists(st.tuples(st.integers(min_value=0), st.integers(min_value=0, max_value=255)),
                      min_size=1, max_size=4))
def test_mutated_truststore_certificates_never_break_the_domain(gwmock, domain, pki, edits):
    der = bytearray(pki["inter"].der)
    for where, byte in edits:
        der[where % len(der)] = byte
    try:
        gwmock.add_truststore(TRUSTSTORE, _pem(bytes(der)) + pki["root"].pem)
    except GwmockError:
        assert gwmock.truststores[(TRUSTSTORE, None)] == _bundle(pki["root"], pki["inter"]).encode()

    answer = gwmock.invoke("GET", URL, client_cert=pki["client"].pem)

    assert answer.status in (200, 403)
    if answer.status == 403:
        assert gwmock.requests[-1].log[-1].split("Reason: ")[-1] in REASONS


@FUZZ
@given(sent=st.binary(max_size=3000) | st.text(max_size=500).map(lambda text: "-----BEGIN CERTIFICATE-----" + text))
def test_arbitrary_bytes_as_a_client_certificate_are_refused(gwmock, domain, pki, sent):
    answer = gwmock.invoke("GET", URL, client_cert=sent)

    _refused(gwmock, answer, UNREADABLE)


# --- defects: serial numbers that are not positive, with warnings as errors ---------------------------------------


@pytest.mark.filterwarnings("error")
@pytest.mark.parametrize(("content", "printed"), [(b"\x87\x77", "-30857"), (b"\x00", "0")])
def test_client_certificate_with_a_serial_that_is_not_positive_is_read(gwmock, domain, pki, content, printed):
    # RFC 5280 4.1.2.2: users "SHOULD be prepared to gracefully handle such certificates"; cryptography
    # warns, which a suite run with -W error turns into an exception.
    der = _with_serial(pki["serial_7777"], pki["inter"], content)

    cert = _cert_of(gwmock.invoke("GET", URL, client_cert=_pem(der)))

    assert cert["serialNumber"] == printed
    assert cert["subjectDN"] == "O=Attackers,CN=odd serial"


@pytest.mark.filterwarnings("error")
def test_truststore_ca_with_a_negative_serial_is_used(gwmock, domain, pki):
    ca = _with_serial(pki["ca_7777"], pki["root"], b"\xff\x01")
    client = _issue("client of the odd CA", pki["ca_7777"])  # same name and key as the edited CA

    gwmock.add_truststore(TRUSTSTORE, pki["root"].pem + _pem(ca))

    assert _cert_of(gwmock.invoke("GET", URL, client_cert=client.pem))["issuerDN"] == "O=Attackers,CN=Odd CA"


# --- defects: truststores ----------------------------------------------------------------------------------------


def test_truststore_past_1000_certificates_is_refused_whole(gwmock, domain, pki):
    # 1,000 certificates fit in 1 MB: the CAs after them were dropped without a word before.
    crowded = pki["stranger_ca"].pem * 1000 + _bundle(pki["root"], pki["inter"])
    assert len(crowded) < 1024 * 1024

    with pytest.raises(GwmockError, match="at most 1000 certificates"):
        gwmock.add_truststore(TRUSTSTORE, crowded)

    assert gwmock.truststores[(TRUSTSTORE, None)] == _bundle(pki["root"], pki["inter"]).encode()
    _still_serves(gwmock, pki)


def test_truststore_of_1000_certificates_is_whole(gwmock, domain, pki):
    gwmock.add_truststore(TRUSTSTORE, pki["stranger_ca"].pem * 998 + _bundle(pki["root"], pki["inter"]))

    _still_serves(gwmock, pki)


@pytest.mark.parametrize("order", ["expired first", "current first"])
def test_renewed_intermediate_is_chosen_over_its_expired_self(gwmock, domain, pki, order):
    # Same name, same key, new dates: OpenSSL picks the issuer that is valid now, so a truststore
    # keeping the old certificate beside the renewed one still admits the CA's clients.
    old, new = pki["inter_expired"], pki["inter"]
    cas = (old, new) if order == "expired first" else (new, old)
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], *cas))

    _still_serves(gwmock, pki)


def test_renewed_root_is_chosen_over_its_expired_self(gwmock, domain, pki):
    key = ec.generate_private_key(ec.SECP256R1())
    old_root = _issue("Renewed Root", key=key, ca=True, start=NOW - 90 * DAY, end=NOW - DAY)
    new_root = _issue("Renewed Root", key=key, ca=True)
    client = _issue("renewed client", new_root)
    gwmock.add_truststore(TRUSTSTORE, _bundle(old_root, new_root))

    assert _cert_of(gwmock.invoke("GET", URL, client_cert=client.pem))["issuerDN"] == "O=Attackers,CN=Renewed Root"


def test_only_an_expired_intermediate_still_expires_the_client(gwmock, domain, pki):
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter_expired"]))

    _refused(gwmock, gwmock.invoke("GET", URL, client_cert=pki["client"].pem), "certificate has expired")


def test_hostile_truststore_costs_no_signature_check_per_certificate(gwmock, domain, pki):
    # ~170 self-issued CAs of 16384-bit RSA keys with 64-bit exponents fill 1 MB; checking every
    # self-signature took about a second, twice (add_truststore, then the first request).
    forged = "".join(_pem(_forged_rsa_ca(f"Forged {n}", 16384)) for n in range(170))
    hostile = forged + _bundle(pki["root"], pki["inter"])
    assert len(hostile) < 1024 * 1024
    started = time.perf_counter()

    gwmock.add_truststore(TRUSTSTORE, hostile)
    _still_serves(gwmock, pki)

    assert time.perf_counter() - started < 1.0


def test_hostile_issuer_candidates_cost_a_bounded_time_per_request(gwmock, domain, pki):
    # Eight same-named 16384-bit CAs are tried (MAX_CANDIDATES), each a full signature check of a client
    # whose RSA signature is 2048 random bytes: the costliest check a client can ask for.
    forged = "".join(_pem(_forged_rsa_ca("Intermediate CA", 16384, issuer_cn="Root CA")) for _ in range(8))
    gwmock.add_truststore(TRUSTSTORE, forged + _bundle(pki["root"], pki["inter"]))
    client = (x509.CertificateBuilder().subject_name(_name("costly")).issuer_name(_name("Intermediate CA"))
              .public_key(ec.generate_private_key(ec.SECP256R1()).public_key())
              .serial_number(x509.random_serial_number()).not_valid_before(NOW - DAY).not_valid_after(NOW + DAY)
              .sign(_SIGNER, hashes.SHA256()))
    costly = _tlv(0x30, client.tbs_certificate_bytes + RSA_SHA256 + _tlv(0x03, b"\x00\x01" + os.urandom(2047)))
    started = time.perf_counter()

    answer = gwmock.invoke("GET", URL, client_cert=_pem(costly))

    _refused(gwmock, answer, "certificate signature failure")  # the real one is past the candidates tried
    assert time.perf_counter() - started < 1.0


# --- defects: certificate files that are not regular files ------------------------------------------------------


@pytest.fixture
def opened(monkeypatch):
    """Every path ``os.open`` is asked for during the test."""
    seen = []
    real = os.open

    def spy(path, *args, **kwargs):
        seen.append(os.fsdecode(path) if isinstance(path, (str, bytes, os.PathLike)) else path)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(os, "open", spy)
    return seen


@pytest.mark.parametrize("kind", ["fifo", "/dev/zero", "/dev/urandom", "directory"])
def test_cert_file_that_is_not_a_regular_file_is_never_opened(gwmock, domain, tmp_path, opened, kind):
    # Opening a FIFO releases a writer blocked on it (which then gets EPIPE); opening a device can act.
    if kind == "fifo":
        if not hasattr(os, "mkfifo"):
            pytest.skip("no FIFOs here")
        path = str(tmp_path / "fifo")
        os.mkfifo(path)
    elif kind == "directory":
        path = str(tmp_path)
    else:
        path = kind
        if not os.path.exists(path):
            pytest.skip(f"no {path} here")

    answer = urllib3.PoolManager(cert_file=path).request("GET", URL)

    assert answer.status == 403
    assert gwmock.requests[-1].log[-1].endswith("No client certificate presented")
    assert path not in opened


# --- attacks that found nothing: client certificates --------------------------------------------------------------


def _key_pem(key):
    return key.private_bytes(serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
                             serialization.NoEncryption()).decode()


@pytest.mark.parametrize("kind", ["garbage base64", "der", "empty", "private key", "huge", "begin without end",
                                  "nothing but markers", "other pem type"])
def test_unusable_client_certificates_are_refused(gwmock, domain, pki, kind):
    sent = {
        "garbage base64": "-----BEGIN CERTIFICATE-----\n" + "@#$%^&*" * 50 + "\n-----END CERTIFICATE-----\n",
        "der": pki["client"].der,
        "empty": "",
        "private key": _key_pem(pki["client"].key),
        "huge": "A" * (10 * 1024 * 1024),
        "begin without end": "-----BEGIN CERTIFICATE-----\n" + pki["client"].pem[28:-26],
        "nothing but markers": "-----BEGIN CERTIFICATE----------END CERTIFICATE-----" * 1000,
        "other pem type": pki["client"].pem.replace("CERTIFICATE", "X509 CRL"),
    }[kind]
    started = time.perf_counter()

    _refused(gwmock, gwmock.invoke("GET", URL, client_cert=sent), UNREADABLE)

    assert time.perf_counter() - started < 1.0
    _still_serves(gwmock, pki)


def test_first_certificate_of_a_file_is_the_clients(gwmock, domain, pki):
    stranger = _issue("stranger", pki["stranger_ca"])

    _refused(gwmock, gwmock.invoke("GET", URL, client_cert=_bundle(stranger, pki["client"])),
             "Could not find issuer for certificate")
    assert _cert_of(gwmock.invoke("GET", URL, client_cert=_bundle(pki["client"], stranger)))["subjectDN"] == \
        "O=Attackers,CN=client"
    key_first = _key_pem(pki["client"].key) + pki["client"].pem
    assert _cert_of(gwmock.invoke("GET", URL, client_cert=key_first))["subjectDN"] == "O=Attackers,CN=client"


@pytest.mark.parametrize(("key", "admitted"), [
    (lambda: ec.generate_private_key(ec.SECP384R1()), True),
    (lambda: ec.generate_private_key(ec.SECP521R1()), True),
    (lambda: ec.generate_private_key(ec.SECP224R1()), False),
    (lambda: ed25519.Ed25519PrivateKey.generate(), False),
    (lambda: dsa.generate_private_key(key_size=1024), False),
    (lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024), False),
])
def test_client_key_types(gwmock, domain, pki, key, admitted):
    client = _issue("keyed", pki["inter"], key=key())

    answer = gwmock.invoke("GET", URL, client_cert=client.pem)

    if admitted:
        assert _cert_of(answer)["subjectDN"] == "O=Attackers,CN=keyed"
    else:
        _refused(gwmock, answer, INSECURE)


def test_self_signed_ed25519_client_is_refused(gwmock, domain, pki):
    client = _issue("edwards", key=ed25519.Ed25519PrivateKey.generate())
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter"], client))  # left out: not a key AWS takes

    _refused(gwmock, gwmock.invoke("GET", URL, client_cert=client.pem), INSECURE)


@pytest.mark.parametrize("cn", ["Зелёный клиент", "客户端 🎉", "a\u202eb", "x\r\nX-Injected: 1", "nul\x00byte"])
def test_names_are_carried_as_they_are(gwmock, domain, pki, cn):
    client = _issue(cn, pki["inter"])

    cert = _cert_of(gwmock.invoke("GET", URL, client_cert=client.pem))

    expected = cn.replace("\x00", "\\00")  # RFC 4514 escapes NUL (guess: AWS's printing)
    assert cert["subjectDN"] == f"O=Attackers,CN={expected}"
    assert cert["clientCertPem"] == client.pem


# --- attacks that found nothing: certificate files -------------------------------------------------------------------


def test_ten_megabyte_cert_file_is_not_read(gwmock, domain, tmp_path):
    path = tmp_path / "huge.pem"
    with open(path, "wb") as out:
        out.truncate(10 * 1024 * 1024)

    answer = urllib3.PoolManager(cert_file=str(path)).request("GET", URL)

    assert answer.status == 403
    assert gwmock.requests[-1].log[-1].endswith("No client certificate presented")


@pytest.mark.parametrize("path", ["/nonexistent/client.pem", "with\x00nul.pem", "x" * 5000])
def test_cert_file_that_cannot_be_opened_is_no_certificate(gwmock, domain, pki, path):
    answer = urllib3.PoolManager(cert_file=path).request("GET", URL)

    assert answer.status == 403
    assert gwmock.requests[-1].log[-1].endswith("No client certificate presented")
    _still_serves(gwmock, pki)


def test_cert_file_holding_a_chain_presents_its_first_certificate(gwmock, domain, pki, tmp_path):
    path = tmp_path / "chain.pem"
    path.write_text(_key_pem(pki["client"].key) + _bundle(pki["client"], pki["inter"], pki["root"]))

    answer = urllib3.PoolManager(cert_file=str(path)).request("GET", URL)

    assert answer.status == 200
    assert json.loads(answer.data)["requestContext"]["identity"]["clientCert"]["subjectDN"] == "O=Attackers,CN=client"


# --- attacks that found nothing: truststores -------------------------------------------------------------------------


def test_five_thousand_cas_are_refused_at_once(gwmock, domain, pki):
    started = time.perf_counter()

    with pytest.raises(GwmockError, match="at most 1048576 bytes"):
        gwmock.add_truststore(TRUSTSTORE, pki["stranger_ca"].pem * 5000)

    assert time.perf_counter() - started < 0.5
    _still_serves(gwmock, pki)


def test_hundreds_of_distinct_cas_cost_little(gwmock, domain, pki):
    cas = [_issue(f"CA {n}", ca=True) for n in range(400)]
    started = time.perf_counter()

    gwmock.add_truststore(TRUSTSTORE, _bundle(*cas, pki["root"], pki["inter"]))
    _still_serves(gwmock, pki)
    _still_serves(gwmock, pki)

    assert time.perf_counter() - started < 1.0


def test_cas_that_sign_each_other_end_as_a_chain_too_long(gwmock, domain, pki):
    key_a, key_b = ec.generate_private_key(ec.SECP256R1()), ec.generate_private_key(ec.SECP256R1())
    a_shell = _Issued(_issue("Loop A", key=key_a, ca=True).cert, key_a)
    b = _issue("Loop B", a_shell, key=key_b, ca=True)
    a = _issue("Loop A", b, key=key_a, ca=True)  # A signed by B, B signed by A: no self-signed root
    gwmock.add_truststore(TRUSTSTORE, _bundle(a, b, pki["root"]))
    started = time.perf_counter()

    answer = gwmock.invoke("GET", URL, client_cert=_issue("looped", a).pem)

    _refused(gwmock, answer, "certificate chain too long")
    assert time.perf_counter() - started < 0.5


def test_chain_of_eight_cas_is_too_long(gwmock, domain, pki):
    chain = [_issue("Level 0", ca=True)]
    for level in range(1, 8):
        chain.append(_issue(f"Level {level}", chain[-1], ca=True))
    gwmock.add_truststore(TRUSTSTORE, _bundle(*chain))

    _refused(gwmock, gwmock.invoke("GET", URL, client_cert=_issue("deep", chain[-1]).pem),
             "certificate chain too long")
    _refused(gwmock, gwmock.invoke("GET", URL, client_cert=_issue("deep", chain[4]).pem),
             "certificate chain too long")
    assert gwmock.invoke("GET", URL, client_cert=_issue("deep", chain[3]).pem).status == 200


def test_duplicated_cas_are_one(gwmock, domain, pki):
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], pki["inter"]) * 400)

    _still_serves(gwmock, pki)


@pytest.mark.parametrize(("dates", "reason"), [((NOW - 20 * DAY, NOW - DAY), "certificate has expired"),
                                               ((NOW + DAY, NOW + 20 * DAY), "certificate is not yet valid")])
def test_ca_out_of_its_dates_refuses_its_clients(gwmock, domain, pki, dates, reason):
    ca = _issue("Dated CA", pki["root"], ca=True, start=dates[0], end=dates[1])
    gwmock.add_truststore(TRUSTSTORE, _bundle(pki["root"], ca))

    _refused(gwmock, gwmock.invoke("GET", URL, client_cert=_issue("dated client", ca).pem), reason)


@pytest.mark.parametrize("key", [lambda: ed25519.Ed25519PrivateKey.generate(),
                                 lambda: dsa.generate_private_key(key_size=1024),
                                 lambda: rsa.generate_private_key(public_exponent=65537, key_size=1024),
                                 lambda: ec.generate_private_key(ec.SECP224R1())])
def test_truststore_of_unsupported_keys_only_is_refused(gwmock, domain, pki, key):
    with pytest.raises(GwmockError, match="none was found"):
        gwmock.add_truststore(TRUSTSTORE, _issue("Odd Key CA", key=key(), ca=True).pem)

    assert gwmock.truststores[(TRUSTSTORE, None)] == _bundle(pki["root"], pki["inter"]).encode()


# --- attacks that found nothing: truststores in moto's S3 ----------------------------------------------------


@pytest.fixture
def s3(gwmock, monkeypatch):
    moto = pytest.importorskip("moto")
    lookups = network_guard(monkeypatch)
    gwmock.truststores.clear()
    with moto.mock_aws():
        client = boto3.client("s3", region_name=REGION)
        client.create_bucket(Bucket="truststores")
        yield client
    assert lookups == []


def _s3_refusal(gwmock, pki):
    answer = gwmock.invoke("GET", URL, client_cert=pki["client"].pem)
    assert (answer.status, answer.json()) == (403, {"message": "Forbidden"})
    assert answer.headers["x-amzn-ErrorType"] == "ForbiddenException"
    return gwmock.requests[-1].log[-1]


def test_s3_truststores_that_cannot_be_used_are_403s(apigateway, gwmock, domain, pki, s3):
    s3.put_object(Bucket="truststores", Key="ca.pem", Body=b"A" * (20 * 1024 * 1024))
    assert "(larger than 1048576 bytes)" in _s3_refusal(gwmock, pki)
    s3.put_object(Bucket="truststores", Key="ca.pem", Body=_key_pem(pki["root"].key).encode())
    assert "none was found" in _s3_refusal(gwmock, pki)
    s3.put_object(Bucket="truststores", Key="ca.pem",
                  Body=(pki["stranger_ca"].pem * 1000 + _bundle(pki["root"], pki["inter"])).encode())
    assert "at most 1000 certificates" in _s3_refusal(gwmock, pki)
    s3.put_object(Bucket="truststores", Key="ca.pem", Body=pki["stranger_ca"].pem.encode())
    assert _s3_refusal(gwmock, pki).endswith("Could not find issuer for certificate")
    s3.delete_object(Bucket="truststores", Key="ca.pem")
    assert "Truststore not found: s3://truststores/ca.pem (moto's S3 answered" in _s3_refusal(gwmock, pki)
    apigateway.update_domain_name(domainName=DOMAIN, patchOperations=[
        {"op": "replace", "path": "/mutualTlsAuthentication/truststoreUri", "value": "s3://nowhere/ca.pem"}])
    assert "NoSuchBucket" in _s3_refusal(gwmock, pki)


def test_wrong_s3_version_is_a_403_and_the_right_one_admits(apigateway, gwmock, domain, pki, s3):
    s3.put_bucket_versioning(Bucket="truststores", VersioningConfiguration={"Status": "Enabled"})
    version = s3.put_object(Bucket="truststores", Key="ca.pem",
                            Body=_bundle(pki["root"], pki["inter"]).encode())["VersionId"]
    for wrong in ("not-a-version", "null", "../../etc/passwd", "%00"):
        apigateway.update_domain_name(domainName=DOMAIN, patchOperations=[
            {"op": "replace", "path": "/mutualTlsAuthentication/truststoreVersion", "value": wrong}])
        assert f"version {wrong} (moto's S3 answered" in _s3_refusal(gwmock, pki)

    apigateway.update_domain_name(domainName=DOMAIN, patchOperations=[
        {"op": "replace", "path": "/mutualTlsAuthentication/truststoreVersion", "value": version}])
    _still_serves(gwmock, pki)
