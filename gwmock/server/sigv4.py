"""SigV4 on the control plane: AWS's answers to missing, malformed and wrong signatures.

Every control-plane request must carry an ``Authorization`` header in SigV4 form;
the access key picks the account and the credential scope the region, as in-process.
With configured credentials (``--credentials KEY:SECRET``) the signature itself is
recomputed with botocore's own ``SigV4Auth`` over the request as received, so a
client that signs with botocore (boto3, the AWS CLI) or any correct SigV4 signer passes.

Answers (all 403, ``x-amzn-ErrorType`` carries the code, the body ``{"message": ...}``):

* no header: ``MissingAuthenticationTokenException`` "Missing Authentication Token"
  (aws-recorded: test_apigateway_common, the execute-api answer).
* malformed: ``IncompleteSignatureException``; the wording of the "requires" list,
  "not a valid key=value pair (missing equal-sign)", "exactly 5 slash-delimited
  elements" and "is named as a SignedHeader, but it does not exist" are AWS's as
  quoted in public issue threads.
* scope naming another service: ``InvalidSignatureException`` "Credential should be
  scoped to correct service: 'apigateway'. " (AWS's wording, trailing space included).
* signature mismatch: ``InvalidSignatureException`` with AWS's sentence followed by the
  canonical request and string to sign, as AWS sends them.
* unknown access key (credentials configured): ``UnrecognizedClientException``
  "The security token included in the request is invalid."

Guesses (no recording): the code and wording for an algorithm other than
``AWS4-HMAC-SHA256`` ("Unsupported AWS 'algorithm': ..."), the codes for a bad
terminator (IncompleteSignatureException) and a malformed region or a scope date
that differs from ``X-Amz-Date`` (InvalidSignatureException), and the 5-minute
clock-skew window (checked only when credentials are configured, so frozen test
clocks still work without them).
"""

from __future__ import annotations

import hashlib
import hmac
import re
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from email.utils import parsedate_to_datetime

from gwmock import sigv4_wording as wording

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "apigateway"  # the signing name of both apigateway and apigatewayv2
SKEW = timedelta(minutes=5)
_REGION = re.compile(r"^[a-z]{2}(-[a-z]+)+-\d+$")


class AuthError(Exception):
    """A refused signature: AWS's error code and message, answered with 403."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


@dataclass(frozen=True)
class Signed:
    """The parts of a SigV4 Authorization header."""

    access_key: str
    date: str
    region: str
    service: str
    signed_headers: tuple[str, ...]
    signature: str
    timestamp: str  # ISO-8601 basic, from X-Amz-Date (or Date)


def _incomplete(message: str) -> AuthError:
    return AuthError("IncompleteSignatureException", message)


def _invalid(message: str) -> AuthError:
    return AuthError("InvalidSignatureException", message)


def _timestamp(headers: Mapping[str, str]) -> str | None:
    amz = headers.get("x-amz-date")
    if amz:
        return amz
    date = headers.get("date")
    if not date:
        return None
    try:
        return parsedate_to_datetime(date).astimezone(timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    except (TypeError, ValueError, IndexError, OverflowError):  # OverflowError: a year past 9999
        return date  # reported below as a scope-date mismatch


def parse(authorization: str | None, headers: Mapping[str, str],
          services: frozenset[str] | None = frozenset({SERVICE})) -> Signed:
    """The signature of a request, or the AuthError AWS answers for it.

    ``headers`` is looked up by lower-case name; ``services``: the signing names the credential scope
    may name (API Gateway's alone by default; None for any, as gwmock's own endpoints take).
    """
    if not authorization:
        raise AuthError("MissingAuthenticationTokenException", "Missing Authentication Token")
    algorithm, _, rest = authorization.strip().partition(" ")
    pairs: dict[str, str] = {}
    for part in rest.split(","):
        part = part.strip()
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep:
            raise _incomplete(wording.not_a_pair(part, authorization))
        pairs[name.strip()] = value.strip()
    timestamp = _timestamp(headers)
    missing = [sentence for name, sentence in wording.REQUIRES if not pairs.get(name)]
    if timestamp is None:
        missing.append(wording.NEEDS_DATE)
    if missing:
        raise _incomplete(" ".join(missing) + f" Authorization={authorization}")
    if algorithm != ALGORITHM:
        raise _incomplete(wording.unsupported_algorithm(algorithm))  # guess
    credential = pairs["Credential"]
    scope = credential.split("/")
    if len(scope) != 5:
        raise _incomplete(wording.scope_elements(credential))
    key, date, region, service, terminator = scope
    if terminator != "aws4_request":
        raise _incomplete(wording.scope_terminator(terminator))
    if services is not None and service not in services:
        raise _invalid(wording.scope_service(SERVICE))
    if not _REGION.fullmatch(region):
        raise _invalid(wording.scope_region(region))
    assert timestamp is not None
    if timestamp[:8] != date:
        raise _invalid(wording.scope_date(date, timestamp))
    signed = tuple(name.strip().lower() for name in pairs["SignedHeaders"].split(";") if name.strip())
    for name in signed:
        if headers.get(name) is None:
            raise _incomplete(wording.absent_signed_header(name))
    return Signed(key, date, region, service, signed, pairs["Signature"], timestamp)


def verify(signed: Signed, credentials: Mapping[str, str], method: str, raw_target: str,
           headers: Mapping[str, str], body: bytes, now: datetime | None = None) -> None:
    """Recompute the signature with botocore's SigV4 code; raise AuthError when it differs.

    ``raw_target`` is the path and query exactly as received (still percent-encoded).
    """
    secret = credentials.get(signed.access_key)
    if secret is None:
        raise AuthError("UnrecognizedClientException", "The security token included in the request is invalid.")
    _check_clock(signed.timestamp, now or datetime.now(timezone.utc))
    try:
        canonical, string_to_sign, expected = _expected(signed, secret, method, raw_target, headers, body)
    except ValueError:  # a Host no URL can hold (the server refuses those first: ``guard.invalid_host_reason``)
        raise _invalid(wording.MISMATCH) from None
    # compare_digest takes ASCII text only: any other signature simply differs
    if not (signed.signature.isascii() and hmac.compare_digest(expected, signed.signature)):
        raise _invalid(
            wording.MISMATCH + "\n\n"
            f"The Canonical String for this request should have been\n'{canonical}'\n\n"
            f"The String-to-Sign should have been\n'{string_to_sign}'\n")


def _check_clock(timestamp: str, now: datetime) -> None:
    try:
        when = datetime.strptime(timestamp, "%Y%m%dT%H%M%SZ").replace(tzinfo=timezone.utc)
    except ValueError:
        raise _invalid(f"Date must be in ISO-8601 'basic format'. Got '{timestamp}'.") from None  # guess
    stamp = "%Y%m%dT%H%M%SZ"
    if when < now - SKEW:
        raise _invalid(wording.expired(timestamp, (now - SKEW).strftime(stamp), now.strftime(stamp)))
    if when > now + SKEW:
        raise _invalid(wording.not_yet_current(timestamp, (now + SKEW).strftime(stamp), now.strftime(stamp)))


def _expected(signed: Signed, secret: str, method: str, raw_target: str, headers: Mapping[str, str],
              body: bytes) -> tuple[str, str, str]:
    """(canonical request, string to sign, signature) as botocore computes them."""
    from botocore.auth import SigV4Auth  # noqa: PLC0415 - botocore is loaded only when verifying
    from botocore.awsrequest import AWSRequest, HTTPHeaders  # noqa: PLC0415
    from botocore.credentials import Credentials  # noqa: PLC0415

    wanted = HTTPHeaders()
    for name in signed.signed_headers:
        wanted[name] = headers[name]

    class _AsReceived(SigV4Auth):  # type: ignore[misc]
        """botocore's signer, told which headers the client signed instead of choosing them."""

        def headers_to_sign(self, request: AWSRequest) -> HTTPHeaders:
            return wanted

        def payload(self, request: AWSRequest) -> str:
            return hashlib.sha256(body).hexdigest()

    auth = _AsReceived(Credentials(signed.access_key, secret), signed.service, signed.region)
    host = headers.get("host") or "localhost"
    request = AWSRequest(method=method, url=f"http://{host}{raw_target}", data=body)
    request.context["timestamp"] = signed.timestamp
    # The request carries no headers of its own, so the payload hash is always that of the
    # body received (payload() above): an X-Amz-Content-SHA256 header cannot vouch for another body.
    canonical = auth.canonical_request(request)
    string_to_sign = auth.string_to_sign(request, canonical)
    return canonical, string_to_sign, auth.signature(string_to_sign, request)
