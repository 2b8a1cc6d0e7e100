"""SigV4 on the data plane: who signed a call to an IAM-authorized method or route, or why AWS refuses it.

``authenticate(authorization, header, query, region)`` reads the ``Authorization`` header, else
the query string of a presigned URL, and returns the ``Caller`` or the ``Refusal`` API Gateway
answers (403). **The signature itself is not checked** (gwmock does not know the caller's secret
key); everything AWS checks without the secret is, in AWS's order and wording (the same sentences
as ``gwmock.server.sigv4`` answers on the control plane):

* no ``Authorization`` header and no ``X-Amz-Signature``/``X-Amz-Credential``/``X-Amz-Algorithm``
  parameter: ``MISSING`` (REST: 403 "Missing Authentication Token").
* IncompleteSignatureException: a part after the algorithm that is no ``key=value`` pair
  ("'sometoken' not a valid key=value pair (missing equal-sign) in Authorization header: 'Bearer
  sometoken'.", serverless/serverless#3205, mcguinness/node-lambda-oauth2-jwt-authorizer#1; parts are
  split on commas and spaces, as a stray space after ``Credential=`` shows in
  RhinoSecurityLabs/IPRotate_Burp_Extension#25), then the "Authorization header requires ..."
  list with ``Authorization=<value>`` (svdgraaf/serverless-basic-authentication#3,
  nordcloud/cognitocurl#15), a credential without 5 slash-delimited elements or the
  ``aws4_request`` terminator, a signed header the request lacks.
* InvalidSignatureException: a credential scoped to another region than the API's, "Credential
  should be scoped to a valid region, not 'eu-west-1'. " (joona/aws-es-curl#15; checked before the
  service: aws/aws-sdk-js#792 got it for a scope wrong in both), or to another service,
  "Credential should be scoped to correct service: 'execute-api'. " (r7kamura/aws-signer-v4#1,
  aws/aws-sdk-js-v3#1831); a scope date other than the request's; a date more than 5 minutes
  from the clock, "Signature expired: 20201027T123008Z is now earlier than 20201027T125507Z
  (20201027T130007Z - 5 min.)" (mhart/aws4#118 and aws-amplify/aws-sdk-android#253, both
  execute-api) or "Signature not yet current: ... is still later than ... (... + 5 min.)"
  (serverless/enterprise#11); a signature that is not 64 hex digits, with AWS's mismatch
  sentence (okigan/awscurl#27, execute-api).

Presigned URLs (``X-Amz-Algorithm``, ``X-Amz-Credential``, ``X-Amz-Date``, ``X-Amz-SignedHeaders``,
``X-Amz-Signature``, optional ``X-Amz-Expires`` and ``X-Amz-Security-Token``) are accepted, as
API Gateway accepts them: an Amazon sample (MIT-0, ``AWSAPIWebSocketPresignedURL``) presigns
``wss://`` URLs this way for IAM-authorized ``$connect`` routes, which browsers cannot give
headers. The header wins when a request has both.

The caller (``Caller``): the access key of the credential; its account is the mock's forced
account, else gwmock's rule for the control plane (a 12-digit key is an account id, else the
default account). Guesses, since a key alone names no IAM entity: every key, temporary ones
(``ASIA...`` with ``X-Amz-Security-Token``) included, is the IAM user
``arn:{partition}:iam::{account}:user/{key}`` (the called region's partition: ``arn:aws-cn:iam::`` in
China) whose unique id (``caller``/``user``, ``callerId``/``userId``)
is the key itself. On AWS a user's id is ``AIDA...`` and an assumed role's session is ``AROA...:{session}``
with ``arn:aws:sts::{account}:assumed-role/{role}/{session}`` (captured REST and HTTP API events):
gwmock cannot know the role or the session from the key. ``principalOrgId`` is null (no
organizations).

Other guesses: the order of the checks after the form (region, service, scope date, clock, signed
headers); the wording of a presigned URL missing parameters ("AWS query-string parameters must
include ...") and of one used past ``X-Amz-Expires`` ("Signature expired: ... (... - 3600 sec.)");
an algorithm other than ``AWS4-HMAC-SHA256`` answers the control plane's guess; an unreadable date
counts as missing; ``host`` and ``content-length`` count as sent (transports add them after
signing). A session token is passed on, never checked (its expiry is STS's to know).
"""

from __future__ import annotations

import calendar
import functools
import re
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from email.utils import parsedate_to_datetime

from gwmock import sigv4_wording as wording
from gwmock.arns import partition
from gwmock.dispatch import account_from_access_key

ALGORITHM = "AWS4-HMAC-SHA256"
SERVICE = "execute-api"
SKEW = 300  # seconds a signature's date may be from the clock
MAX_EXPIRES = 604_800  # a presigned URL's longest life (7 days), as SigV4 allows

MISSING, INCOMPLETE, INVALID = "missing", "IncompleteSignatureException", "InvalidSignatureException"
_QUERY_PARTS = ("X-Amz-Algorithm", "X-Amz-Credential", "X-Amz-Signature", "X-Amz-Date", "X-Amz-SignedHeaders")
_QUERY_MARKS = ("X-Amz-Signature", "X-Amz-Credential", "X-Amz-Algorithm")
_NEEDS_QUERY = ("AWS query-string parameters must include 'X-Amz-Algorithm', 'X-Amz-Credential', "
                "'X-Amz-Signature', 'X-Amz-Date', 'X-Amz-SignedHeaders'. Re-examine the query-string parameters.")
_AMZ_DATE = re.compile(r"\d{8}T\d{6}Z")
_HEX_SIGNATURE = re.compile(r"[0-9a-f]{64}")
_SPLIT = re.compile(r"[,\s]+")
_ALWAYS_SENT = frozenset({"host", "content-length"})  # a transport adds them after signing
_STAMP = "%Y%m%dT%H%M%SZ"


@dataclass(frozen=True, slots=True)
class Caller:
    """Who signed the call, as API Gateway passes it on (the module docstring says what is guessed)."""

    access_key: str
    account: str
    partition: str = "aws"  # the called region's (``arn:aws-cn:iam::...`` in China)

    @property
    def arn(self) -> str:
        return f"arn:{self.partition}:iam::{self.account}:user/{self.access_key}"

    def rest_identity(self) -> dict[str, str | None]:
        """The fields of a REST event's ``requestContext.identity`` (and ``$context.identity``) it sets."""
        return {"accessKey": self.access_key, "accountId": self.account, "caller": self.access_key,
                "principalOrgId": None, "user": self.access_key, "userArn": self.arn}

    def http_iam(self) -> dict[str, str | None]:
        """An HTTP API event's ``requestContext.authorizer.iam``."""
        return {"accessKey": self.access_key, "accountId": self.account, "callerId": self.access_key,
                "cognitoIdentity": None, "principalOrgId": None, "userArn": self.arn, "userId": self.access_key}


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why API Gateway refuses the call (403): ``kind`` is ``MISSING`` or the error type."""

    kind: str
    message: str


@dataclass(frozen=True, slots=True)
class _Signed:
    """What a signature says, read once per text (``_header_form``)."""

    key: str
    day: str
    region: str
    service: str
    signed_headers: tuple[str, ...]


def authenticate(authorization: str | None, header: Callable[[str], str | None],
                 query: Mapping[str, list[str]], region: str, account: str | None = None) -> Caller | Refusal:
    """The caller of a request to an IAM-authorized method in ``region``, or AWS's refusal.
    ``header`` looks a request header up by name; ``account``: the mock's forced account."""
    if authorization:
        date = _date(header("X-Amz-Date"), header("Date"))
        read = _header_form(authorization.strip(), date is not None)
        expires = SKEW
    elif any(query.get(name) for name in _QUERY_MARKS):
        date = _date(_last(query, "X-Amz-Date"), None)
        read = _query_form(*(_last(query, name) for name in _QUERY_PARTS[:3] + _QUERY_PARTS[4:]), date is not None)
        expires = _expires(_last(query, "X-Amz-Expires"))
    else:
        return Refusal(MISSING, "Missing Authentication Token")
    if isinstance(read, Refusal):
        return read
    assert date is not None  # a missing date is refused above
    refused = _scope(read, region, date) or _clock(date, expires) or _absent(read, header)
    if refused is not None:
        return refused
    return Caller(read.key, account or account_from_access_key(read.key), partition(region))


def _last(query: Mapping[str, list[str]], name: str) -> str | None:
    values = query.get(name)
    return values[-1] if values else None


def _date(amz: str | None, http_date: str | None) -> str | None:
    """The request's date in ISO-8601 basic form: ``X-Amz-Date``, else ``Date`` (None: neither readable)."""
    if amz is not None:
        amz = amz.strip()
        return amz if _epoch(amz) is not None else None
    try:
        return _stamp(calendar.timegm(parsedate_to_datetime(http_date).utctimetuple())) if http_date else None
    except (TypeError, ValueError, IndexError, OverflowError):
        return None


@functools.lru_cache(maxsize=64)
def _epoch(stamp: str) -> int | None:
    """An ISO-8601 basic UTC date in seconds (None: no such date); dates repeat within a second."""
    try:
        return calendar.timegm(time.strptime(stamp, _STAMP)) if _AMZ_DATE.fullmatch(stamp) else None
    except ValueError:
        return None


@functools.lru_cache(maxsize=256)
def _header_form(authorization: str, dated: bool) -> _Signed | Refusal:
    """An ``Authorization`` header read: its parts, or AWS's refusal of its form."""
    algorithm, _, rest = authorization.partition(" ")
    pairs: dict[str, str] = {}
    for part in _SPLIT.split(rest):
        if not part:
            continue
        name, sep, value = part.partition("=")
        if not sep:
            return Refusal(INCOMPLETE, wording.not_a_pair(part, authorization))
        pairs[name] = value
    missing = [sentence for name, sentence in wording.REQUIRES if not pairs.get(name)]
    if not dated:
        missing.append(wording.NEEDS_DATE)
    if missing:
        return Refusal(INCOMPLETE, " ".join(missing) + f" Authorization={authorization}")
    return _read(algorithm, pairs["Credential"], pairs["SignedHeaders"], pairs["Signature"])


@functools.lru_cache(maxsize=256)
def _query_form(algorithm: str | None, credential: str | None, signature: str | None, signed_headers: str | None,
                dated: bool) -> _Signed | Refusal:
    if not (algorithm and credential and signature and signed_headers and dated):
        return Refusal(INCOMPLETE, _NEEDS_QUERY)
    return _read(algorithm, credential, signed_headers, signature)


def _read(algorithm: str, credential: str, signed_headers: str, signature: str) -> _Signed | Refusal:
    if algorithm != ALGORITHM:
        return Refusal(INCOMPLETE, wording.unsupported_algorithm(algorithm))
    scope = credential.split("/")
    if len(scope) != 5:
        return Refusal(INCOMPLETE, wording.scope_elements(credential))
    key, day, region, service, terminator = scope
    if terminator != "aws4_request":
        return Refusal(INCOMPLETE, wording.scope_terminator(terminator))
    if not _HEX_SIGNATURE.fullmatch(signature):
        return Refusal(INVALID, wording.MISMATCH)  # no HMAC-SHA256 in hex can match it
    names = tuple(name.strip().lower() for name in signed_headers.split(";") if name.strip())
    return _Signed(key, day, region, service, names)


def _scope(signed: _Signed, region: str, date: str) -> Refusal | None:
    if signed.region != region:
        return Refusal(INVALID, wording.scope_region(signed.region))
    if signed.service != SERVICE:
        return Refusal(INVALID, wording.scope_service(SERVICE))
    if signed.day != date[:8]:
        return Refusal(INVALID, wording.scope_date(signed.day, date))
    return None


def _expires(text: str | None) -> int:
    """A presigned URL's ``X-Amz-Expires`` in seconds (absent or unreadable: the header form's 5 minutes)."""
    if text is None or not text.isdigit() or len(text) > 7:
        return SKEW
    return max(1, min(int(text), MAX_EXPIRES))


def _clock(date: str, expires: int) -> Refusal | None:
    """AWS's clock check: the date at most 5 minutes ahead, and at most ``expires`` seconds behind."""
    signed = _epoch(date) or 0
    now = time.time()
    if signed < now - expires:
        window = "5 min." if expires == SKEW else f"{expires} sec."
        return Refusal(INVALID, wording.expired(date, _stamp(now - expires), _stamp(now), window))
    if signed > now + SKEW:
        return Refusal(INVALID, wording.not_yet_current(date, _stamp(now + SKEW), _stamp(now)))
    return None


def _stamp(moment: float) -> str:
    return time.strftime(_STAMP, time.gmtime(moment))


def _absent(signed: _Signed, header: Callable[[str], str | None]) -> Refusal | None:
    for name in signed.signed_headers:
        if name not in _ALWAYS_SENT and header(name) is None:
            return Refusal(INCOMPLETE, wording.absent_signed_header(name))
    return None
