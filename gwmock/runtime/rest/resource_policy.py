"""REST API resource policies, evaluated on calls to a deployed stage (never for TestInvokeMethod).

The policy is the one the stage's deployment froze (``policy`` in the snapshot's ``api``, stored as
the control plane stores it: minified, quotes backslash-escaped), so a change needs a deployment, as
on AWS. It is parsed and compiled once per policy text (``compile_policy``, cached), never per
request; an API without a policy costs one look-up.

What is evaluated (IAM's policy grammar, for the action ``execute-api:Invoke`` on the method ARN
``arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}{path}``):

* ``Effect`` ``Allow``/``Deny``; ``Action``/``NotAction`` (``execute-api:Invoke``, ``execute-api:*``,
  ``*``, any IAM wildcard, case-insensitive); ``Resource``/``NotResource`` as full ARNs or the
  ``execute-api:/{stage}/{METHOD}/{path}`` shorthand (the API's own ARN: API Gateway expands it
  with the API's region, account and id), ``*`` and ``?`` wildcards, case-sensitive;
  ``Principal``/``NotPrincipal``: ``"*"`` and ``{"AWS": "*"}`` match every caller, an account id
  or ``arn:aws:iam::{account}:root`` every IAM caller of that account, another IAM/STS ARN that
  caller exactly; anonymous callers (no IAM authorization) match only ``*``.
* ``Condition``: ``String(Not)Equals(IgnoreCase)``, ``String(Not)Like``, ``Arn(Not)Equals``,
  ``Arn(Not)Like``, ``(Not)IpAddress``, ``Bool``, ``Null``, each with ``...IfExists`` and the
  ``ForAnyValue:``/``ForAllValues:`` qualifiers; keys ``aws:SourceIp`` (calls to the public
  endpoint), ``aws:SourceVpce`` and ``aws:VpcSourceIp`` (calls through a VPC endpoint: for a
  private API the ``x-amzn-vpce-id`` header the gateway put in place of any the client sent, see
  ``gwmock.runtime``; else the ``{api}-{vpce-id}.execute-api...`` host), ``aws:PrincipalAccount``,
  ``aws:PrincipalArn`` and ``aws:PrincipalType`` (``Anonymous`` or, for IAM callers, ``User``),
  ``aws:SecureTransport`` (``true``), ``aws:UserAgent``, ``aws:Referer``. Keys and operators ignore case. A key the call
  does not have (any other key, ``aws:SourceVpc`` included) is missing, as in IAM: a positive
  operator is false, a negated one (``StringNotEquals``, ``NotIpAddress``, ...) true, ``IfExists``
  true - which is why ``Deny`` + ``StringNotEquals aws:SourceVpce`` refuses every public call.

Outcome (the API Gateway developer guide, "How API Gateway resource policies affect authorization
workflow", tables A and B): an explicit ``Deny`` always wins. With no authorizer, and after a
Cognito authorizer accepted the token, the policy must ``Allow``. With IAM authorization the
caller's own IAM policy is taken to allow (gwmock knows no IAM identities); a caller of the API's
own account is then refused only by a ``Deny``, a caller of another account (the account of the
SigV4 access key, see ``authorizers._iam``) needs an ``Allow``. A Lambda authorizer runs only when
the policy has no ``Deny`` for the caller; its own policy and this one then combine by table A (the
authorizer's ``Allow`` is enough, and so is this policy's when the authorizer's is silent). Denials
answer 403 through the API's ACCESS_DENIED gateway response with AWS's words, the account masked
to its last four digits: ``User: anonymous is not authorized to perform: execute-api:Invoke on
resource: arn:aws:execute-api:us-east-1:********9012:abc123/prod/GET/pets`` (`` with an explicit
deny`` when a statement denied), ``Message`` capitalised in the default body as AWS sends it
(``{"Message":"..."}``, as users report it, e.g. ASFHyP3/hyp3 #2283, serverless #5071); an
ACCESS_DENIED or DEFAULT_4XX response whose template the API changed renders instead. The
execution log says which statement decided, and with which source address.

A private API's call also gets ``identity.vpceId`` (the event's ``requestContext.identity``,
``$context.identity.vpceId``) here, before any authorizer runs, and ``vpcId`` null (guess: gwmock
knows no VPCs, so ``aws:SourceVpc`` stays missing).

Guesses and limits:

* The caller's address is the first ``X-Forwarded-For`` entry the client sent, else 127.0.0.1 (the
  in-process caller): so tests can pose as any address, as gwmock's HTTP APIs do. On AWS the
  address is the connection's and cannot be set by a header.
* A policy gwmock cannot evaluate (not JSON, not a policy document, a statement without an
  Effect, Action, Resource or Principal, an unknown condition operator, a value of the wrong type,
  more than ``MAX_POLICY_CHARS`` characters or ``MAX_ITEMS`` values) is one AWS would have refused
  when it was saved ("Invalid policy document"): every call is refused (403, as no statement
  allows) and the log says why. A statement using an operator IAM has and gwmock does not
  evaluate (``Numeric*``, ``Date*``, ``BinaryEquals``) fails closed: a ``Deny`` applies, an
  ``Allow`` does not.
* Wildcards are matched over the whole ARN (a ``*`` may cross ``:``), in time linear in the ARN's
  length (``Glob``: no regular-expression backtracking), and a method ARN longer than
  ``MAX_ARN_CHARS`` (AWS refuses URLs over 10,240 characters) is refused unevaluated: the largest
  policy accepted, of patterns that each scan the whole path, costs well under a second a request
  at the longest path, one within AWS's default quota well under 0.1 s.
"""

from __future__ import annotations

import functools
import ipaddress
import re
from dataclasses import dataclass
from typing import Any

from gwmock.apigateway.gateway_responses import DEFAULT_TEMPLATES
from gwmock.arns import partition
from gwmock.openapi.document import policy_document
from gwmock.runtime.rest.gateway_responses import GatewayError, effective
from gwmock.runtime.rest.request import Call, forwarded_for, header, ip_address
from gwmock.runtime.wildcards import Glob, glob

__all__ = ["Policy", "PolicyDenied", "check", "compile_policy", "method_arn"]

MAX_POLICY_CHARS = 65_536  # 8x AWS's default quota (8,192 characters, raised on request)
MAX_ITEMS = 10_000  # statements, actions, resources, principals and condition values together
MAX_ARN_CHARS = 16_384  # a method ARN longer than this is refused unevaluated

# What a caller of ``check`` asks for (the authorization type of the method)
EXPLICIT_ALLOW = "allow"  # no authorizer, or Cognito: the policy must allow
IAM = "iam"  # IAM: same account unless denied, another account only if allowed
BEFORE_AUTHORIZER = "lambda"  # before a Lambda authorizer: refused on a Deny; True when allowed

ALLOW, DENY = "Allow", "Deny"
TEMPLATE = '{"Message":$context.error.messageString}'  # AWS's own body for these denials


def method_arn(call: Call) -> str:
    """The ARN a call invokes: ``arn:aws:execute-api:{region}:{account}:{api}/{stage}/{METHOD}{path}``."""
    return (f"arn:{partition(call.region)}:execute-api:{call.region}:{call.account}:{call.api_id}/{call.stage}/"
            f"{call.http_method}{call.path}")


# --- the compiled policy ---------------------------------------------------------------------


class _Invalid(Exception):
    """The policy cannot be evaluated (AWS would have refused it when it was saved)."""


@dataclass(frozen=True, slots=True)
class _Principals:
    anyone: bool
    accounts: frozenset[str]
    arns: frozenset[str]


@dataclass(frozen=True, slots=True)
class _Condition:
    operator: str  # as written, for the log
    test: str | None  # "eq", "ieq", "like", "ip", "bool", "null"; None: an operator gwmock does not evaluate
    negate: bool
    if_exists: bool
    qualifier: str  # "any" (ForAnyValue:), "all" (ForAllValues:) or ""
    key: str  # lower case
    values: tuple[Any, ...]  # strings, Globs or IP networks, by test


@dataclass(frozen=True, slots=True)
class _Statement:
    number: int  # 1-based, for the log
    sid: str | None
    deny: bool
    invokes: bool  # its Action (or NotAction) covers execute-api:Invoke, the only action of a call
    resources: tuple[tuple[bool, Glob], ...]  # (the execute-api:/ shorthand, pattern)
    not_resource: bool
    principals: _Principals
    not_principal: bool
    conditions: tuple[_Condition, ...]

    @property
    def name(self) -> str:
        return f"statement {self.number}" + (f" ({self.sid})" if self.sid else "")


@dataclass(frozen=True, slots=True)
class Policy:
    """A resource policy compiled for evaluation; ``error`` says why it cannot be evaluated."""

    statements: tuple[_Statement, ...] = ()
    error: str | None = None
    keys: frozenset[str] = frozenset()  # the condition keys its statements use (lower case)


@functools.lru_cache(maxsize=256)
def compile_policy(text: str) -> Policy:
    """The policy of a stored ``policy`` text, compiled once per text. Never raises."""
    if len(text) > MAX_POLICY_CHARS:
        return Policy(error=f"the policy has {len(text)} characters, more than the {MAX_POLICY_CHARS} gwmock "
                            "evaluates")
    try:
        statements = _Compiler().statements(policy_document(text))
        return Policy(statements, keys=frozenset(c.key for s in statements for c in s.conditions))
    except _Invalid as invalid:
        return Policy(error=str(invalid))
    except (RecursionError, MemoryError, ValueError, TypeError) as error:  # never a 500 for user data
        return Policy(error=f"the policy could not be read ({type(error).__name__})")


# Condition operators (lower case, without IfExists or a qualifier): test, negated
_OPERATORS: dict[str, tuple[str | None, bool]] = {
    "stringequals": ("eq", False), "stringnotequals": ("eq", True),
    "stringequalsignorecase": ("ieq", False), "stringnotequalsignorecase": ("ieq", True),
    "stringlike": ("like", False), "stringnotlike": ("like", True),
    "arnequals": ("like", False), "arnlike": ("like", False), "arnnotequals": ("like", True),
    "arnnotlike": ("like", True),
    "ipaddress": ("ip", False), "notipaddress": ("ip", True),
    "bool": ("bool", False), "null": ("null", False),
    # IAM's, not evaluated by gwmock: the statement fails closed
    **{name: (None, False) for name in (
        "numericequals", "numericnotequals", "numericlessthan", "numericlessthanequals", "numericgreaterthan",
        "numericgreaterthanequals", "dateequals", "datenotequals", "datelessthan", "datelessthanequals",
        "dategreaterthan", "dategreaterthanequals", "binaryequals")},
}
_ACCOUNT = re.compile(r"\d{12}")
_ROOT = re.compile(r"arn:aws[a-z-]*:iam::(\d{12}):root")
_IAM_ARN = re.compile(r"arn:aws[a-z-]*:(?:iam|sts)::\d{12}:[\x21-\x7e]+")
_SHORTHAND = "execute-api:/"


class _Compiler:
    """Reads a policy document into statements, counting the values it reads (``MAX_ITEMS``)."""

    def __init__(self) -> None:
        self.items = 0

    def _count(self, n: int = 1) -> None:
        self.items += n
        if self.items > MAX_ITEMS:
            raise _Invalid(f"the policy has more than {MAX_ITEMS} statements and values")

    def statements(self, document: Any) -> tuple[_Statement, ...]:
        if not isinstance(document, dict):
            raise _Invalid("the policy is not a JSON policy document")
        listed = document.get("Statement")
        if isinstance(listed, dict):
            listed = [listed]
        if not isinstance(listed, list):
            raise _Invalid("the policy has no Statement list")
        return tuple(self._statement(number, item) for number, item in enumerate(listed, 1))

    def _statement(self, number: int, item: Any) -> _Statement:
        self._count()
        if not isinstance(item, dict):
            raise _Invalid(f"statement {number} is not an object")
        effect = item.get("Effect")
        if effect not in (ALLOW, DENY):  # case-sensitive, as IAM's grammar
            raise _Invalid(f"statement {number}: Effect {effect!r} is neither Allow nor Deny")
        sid = item.get("Sid")
        if sid is not None and not isinstance(sid, str):
            raise _Invalid(f"statement {number}: Sid is not a string")
        actions, not_action = self._either(number, item, "Action")
        resources, not_resource = self._either(number, item, "Resource")
        principal, not_principal = self._one_of(number, item, "Principal")
        condition = item.get("Condition", {})
        if not isinstance(condition, dict):
            raise _Invalid(f"statement {number}: Condition is not an object")
        return _Statement(
            number, sid, effect == DENY,
            any(glob(action.lower()).match("execute-api:invoke") for action in actions) != not_action,
            tuple((True, glob(r[len(_SHORTHAND) - 1:])) if r.startswith(_SHORTHAND) else (False, glob(r))
                  for r in resources), not_resource,
            self._principals(number, principal), not_principal,
            tuple(self._conditions(number, condition)))

    @staticmethod
    def _one_of(number: int, item: dict[str, Any], name: str) -> tuple[Any, bool]:
        given, negated = name in item, f"Not{name}" in item
        if given == negated:
            raise _Invalid(f"statement {number} needs exactly one of {name} and Not{name}")
        return (item[name], False) if given else (item[f"Not{name}"], True)

    def _either(self, number: int, item: dict[str, Any], name: str) -> tuple[list[str], bool]:
        value, negated = self._one_of(number, item, name)
        return self._strings(number, name, value), negated

    def _strings(self, number: int, name: str, value: Any) -> list[str]:
        values = value if isinstance(value, list) else [value]
        if not values or not all(isinstance(v, str) for v in values):
            raise _Invalid(f"statement {number}: {name} must be a string or a list of strings")
        self._count(len(values))
        return values

    def _principals(self, number: int, value: Any) -> _Principals:
        if value == "*":
            return _Principals(True, frozenset(), frozenset())
        if not isinstance(value, dict) or not value:
            raise _Invalid(f"statement {number}: Principal must be \"*\" or an object such as {{\"AWS\": ...}}")
        anyone, accounts, arns = False, set(), set()
        for kind, names in value.items():
            listed = self._strings(number, f"Principal {kind}", names)
            if kind in ("Service", "Federated", "CanonicalUser"):
                continue  # never the caller of a deployed API
            if kind != "AWS":
                raise _Invalid(f"statement {number}: unknown principal type {kind!r}")
            for name in listed:
                root = _ROOT.fullmatch(name)
                if name == "*":
                    anyone = True
                elif _ACCOUNT.fullmatch(name):
                    accounts.add(name)
                elif root is not None:
                    accounts.add(root[1])
                elif _IAM_ARN.fullmatch(name):
                    arns.add(name)
                else:
                    raise _Invalid(f"statement {number}: principal {name!r} is neither an account id nor an IAM ARN")
        return _Principals(anyone, frozenset(accounts), frozenset(arns))

    def _conditions(self, number: int, block: dict[str, Any]) -> list[_Condition]:
        out = []
        for operator, keys in block.items():
            name = operator.lower()
            qualified = name.startswith(("foranyvalue:", "forallvalues:"))
            qualifier = name[3:6] if qualified else ""  # "any" / "all"
            name = name.partition(":")[2] if qualified else name
            if_exists = name.endswith("ifexists") and name != "ifexists"
            name = name[:-len("ifexists")] if if_exists else name
            if name not in _OPERATORS or (name == "null" and (if_exists or qualified)):
                raise _Invalid(f"statement {number}: unknown condition operator {operator!r}")
            test, negate = _OPERATORS[name]
            if not isinstance(keys, dict) or not keys:
                raise _Invalid(f"statement {number}: condition {operator!r} is not an object of keys")
            for key, raw in keys.items():
                values = raw if isinstance(raw, list) else [raw]
                if not values or not all(isinstance(v, (str, int, float)) for v in values):
                    raise _Invalid(f"statement {number}: condition {operator!r} {key!r} must be a string, "
                                   "number, boolean or a list of them")
                self._count(len(values))
                texts = [("true" if v else "false") if isinstance(v, bool) else str(v) for v in values]
                out.append(_Condition(operator, test, negate, if_exists, qualifier, key.lower(),
                                      self._values(number, operator, test, texts)))
        return out

    @staticmethod
    def _values(number: int, operator: str, test: str | None, texts: list[str]) -> tuple[Any, ...]:
        if test == "ieq":
            return tuple(t.lower() for t in texts)
        if test == "like":
            return tuple(glob(t) for t in texts)
        if test == "ip":
            try:
                return tuple(ipaddress.ip_network(t.strip(), strict=False) for t in texts)
            except ValueError:
                raise _Invalid(f"statement {number}: {operator} takes IP addresses or CIDR blocks, not "
                               f"{texts!r}") from None
        if test in ("bool", "null"):
            if any(t.lower() not in ("true", "false") for t in texts):
                raise _Invalid(f"statement {number}: {operator} takes true or false, not {texts!r}")
            return tuple(t.lower() for t in texts)
        return tuple(texts)


# --- evaluation ------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Caller:
    """The IAM caller of a call (``caller_of``); anonymous: both None."""

    arn: str | None  # None: anonymous
    account: str | None


_ANONYMOUS = Caller(None, None)
_VPCE_HOST = re.compile(r"^[a-z0-9]+-(vpce-[a-z0-9]+)\.execute-api\.", re.IGNORECASE)


class PolicyDenied(GatewayError):
    """A call the resource policy refuses: ACCESS_DENIED with AWS's words (``responses``)."""

    def __init__(self, message: str, reason: str) -> None:
        super().__init__("ACCESS_DENIED", message, 403, reason=reason)

    @staticmethod
    def responses(responses: dict[str, Any]) -> dict[str, Any]:
        """The gateway responses to render with: AWS's ``{"Message":...}`` body unless the API
        changed the template ACCESS_DENIED takes (its own, or DEFAULT_4XX's); status code and
        parameters stay the API's."""
        record = effective(responses, "ACCESS_DENIED")
        if (record.get("responseTemplates") or DEFAULT_TEMPLATES) != DEFAULT_TEMPLATES:
            return responses
        return {**responses, "ACCESS_DENIED": {**record, "responseTemplates": {"application/json": TEMPLATE}}}


def check(policy: Policy, call: Call, log: Any, mode: str) -> bool:
    """Apply ``policy`` to ``call`` for a method authorized by ``mode`` (``EXPLICIT_ALLOW``, ``IAM``
    or ``BEFORE_AUTHORIZER``): raise ``PolicyDenied`` when it refuses the call; return whether it
    allows it (``BEFORE_AUTHORIZER``: for combining with the authorizer's own policy)."""
    _mark_endpoint(call)
    caller = caller_of(call) if mode == IAM else _ANONYMOUS
    arn = method_arn(call)
    user = caller.arn or "anonymous"
    if policy.error is not None:
        raise PolicyDenied(_message(call, user, explicit=False),
                           f"Resource policy cannot be evaluated ({policy.error}): every call is refused")
    if len(arn) > MAX_ARN_CHARS:
        raise PolicyDenied(_message(call, user, explicit=False),
                           f"Resource policy not evaluated: the method ARN has {len(arn)} characters, more than "
                           f"{MAX_ARN_CHARS}")
    verdict, statement, facts = _evaluate(policy, call, caller, arn)
    decided = f" by {statement.name}" if statement is not None else ""
    if verdict == DENY:
        raise PolicyDenied(_message(call, user, explicit=True),
                           f"Resource policy: explicit Deny{decided} for User: {user} on {arn}{facts}")
    allowed = verdict == ALLOW
    same_account = caller.account is None or caller.account == call.account
    if allowed or mode == BEFORE_AUTHORIZER or (mode == IAM and same_account):
        outcome = f"Allow{decided}" if allowed else "neither Allow nor Deny"
        log(f"Resource policy: {outcome} for User: {user} on {arn}{facts}")
        return allowed
    why = "another account's caller needs an explicit Allow" if mode == IAM else "no statement allows the call"
    raise PolicyDenied(_message(call, user, explicit=False),
                       f"Resource policy: {why} (User: {user} on {arn}{facts})")


def _message(call: Call, user: str, explicit: bool) -> str:
    account = call.account
    masked = "*" * max(len(account) - 4, 0) + account[-4:]
    resource = (f"arn:{partition(call.region)}:execute-api:{call.region}:{masked}:{call.api_id}/{call.stage}/"
                f"{call.http_method}{call.path}")
    text = f"User: {user} is not authorized to perform: execute-api:Invoke on resource: {resource}"
    return text + " with an explicit deny" if explicit else text


def caller_of(call: Call) -> Caller:
    """The IAM caller ``authorizers._iam`` identified (its account from the access key); anonymous for a
    call IAM did not authenticate. Public: the authorizers ask it whether a caller is another account's."""
    identity = call.identity or {}
    arn, account = identity.get("userArn"), identity.get("accountId")
    if not isinstance(arn, str) or not isinstance(account, str):
        return _ANONYMOUS
    return Caller(arn, account)


def _evaluate(policy: Policy, call: Call, caller: Caller,
              arn: str) -> tuple[str | None, _Statement | None, str]:
    """(ALLOW, DENY or None, the statement that decided, the request's facts for the log)."""
    tail = arn[arn.index("/"):]  # /{stage}/{METHOD}{path}: what the execute-api:/ shorthand names
    context: dict[str, str] | None = None
    allowed_by: _Statement | None = None
    for statement in policy.statements:
        if statement.deny is False and allowed_by is not None:
            continue  # an Allow is known: only a Deny can still change the outcome
        if not _applies(statement, caller, arn, tail):
            continue
        if statement.conditions:
            if context is None:
                context = _context(call, caller, policy.keys)
            holds = _conditions_hold(statement.conditions, context)
            if holds is None:  # an operator gwmock does not evaluate: fail closed
                holds = statement.deny
            if not holds:
                continue
        if statement.deny:
            return DENY, statement, _facts(call)
        allowed_by = statement
    return (ALLOW if allowed_by is not None else None), allowed_by, _facts(call)


def _applies(statement: _Statement, caller: Caller, arn: str, tail: str) -> bool:
    principals = statement.principals
    named = principals.anyone or (caller.arn is not None and (
        caller.account in principals.accounts or caller.arn in principals.arns))
    if named == statement.not_principal:
        return False
    if not statement.invokes:
        return False
    named_resource = any(pattern.match(tail if shorthand else arn) for shorthand, pattern in statement.resources)
    return named_resource != statement.not_resource


def _conditions_hold(conditions: tuple[_Condition, ...], context: dict[str, str]) -> bool | None:
    """True when every condition holds, False when one does not, None when one cannot be evaluated."""
    unknown = False
    for condition in conditions:
        holds = _holds(condition, context.get(condition.key))
        if holds is False:
            return False
        unknown = unknown or holds is None
    return None if unknown else True


def _holds(condition: _Condition, value: str | None) -> bool | None:
    test = condition.test
    if test is None:
        return None
    if test == "null":  # "true": the key must be missing
        return any((value is None) == (wanted == "true") for wanted in condition.values)
    if value is None:
        return _missing(condition)
    if test == "eq":
        hit = value in condition.values
    elif test == "ieq":
        hit = value.lower() in condition.values
    elif test == "like":
        hit = any(pattern.match(value) for pattern in condition.values)
    elif test == "bool":
        hit = value.lower() in condition.values
    else:  # ip
        address = _ip(value)
        if address is None:
            return _missing(condition)
        hit = any(address in network for network in condition.values)
    return not hit if condition.negate else hit


def _missing(condition: _Condition) -> bool:
    """IAM on a key the request lacks: ``...IfExists`` and ``ForAllValues:`` hold (no value to
    fail them), ``ForAnyValue:`` does not (no value to satisfy it), a positive operator is false and
    a negated one (``StringNotEquals``, ``NotIpAddress``, ...) true."""
    if condition.if_exists or condition.qualifier == "all":
        return True
    return False if condition.qualifier == "any" else condition.negate


@functools.lru_cache(maxsize=1024)
def _ip(text: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    try:
        return ipaddress.ip_address(text)
    except ValueError:
        return None


def _context(call: Call, caller: Caller, keys: frozenset[str]) -> dict[str, str]:
    """The condition keys of ``keys`` this call has (lower case)."""
    context = {"aws:securetransport": "true", "aws:principaltype": "User" if caller.arn else "Anonymous"}
    if caller.arn is not None and caller.account is not None:
        context["aws:principalarn"], context["aws:principalaccount"] = caller.arn, caller.account
    if keys & _ADDRESS_KEYS:
        address, vpce = _source_ip(call), _vpce(call)
        if vpce is not None:
            context["aws:sourcevpce"] = vpce
            if address is not None:
                context["aws:vpcsourceip"] = address
        elif address is not None:
            context["aws:sourceip"] = address
    for key, name in (("aws:useragent", "User-Agent"), ("aws:referer", "Referer")):
        if key in keys:
            value = header(call.headers, name)
            if value is not None:
                context[key] = value
    return context


_ADDRESS_KEYS = frozenset({"aws:sourceip", "aws:sourcevpce", "aws:vpcsourceip"})


def _facts(call: Call) -> str:
    """What the log shows of the caller: its address, and its VPC endpoint."""
    address, vpce = _source_ip(call) or "unknown", _vpce(call)
    if vpce is None:
        return f" (aws:SourceIp={address})"
    return f" (aws:SourceVpce={vpce}, aws:VpcSourceIp={address})"


def _source_ip(call: Call) -> str | None:
    """The first address of the first ``X-Forwarded-For`` line, else the in-process caller's (None:
    an entry that is no address, which no address condition matches)."""
    sent = forwarded_for(call.headers)
    return "127.0.0.1" if not sent else ip_address(sent)


def _vpce(call: Call) -> str | None:
    """The VPC endpoint of a call to a private API (the ``x-amzn-vpce-id`` header API Gateway put in
    place of any the client sent: ``gwmock.runtime``), or to ``{api}-{vpce-id}.execute-api...``."""
    endpoint = header(call.headers, "x-amzn-vpce-id")
    if endpoint is not None and _private(call):
        return endpoint
    for host in (call.host, header(call.headers, "Host") or ""):
        found = _VPCE_HOST.match(host) if "-vpce-" in host else None
        if found is not None:
            return found[1].lower()
    return None


def _private(call: Call) -> bool:
    """Whether the API is PRIVATE now (its endpoint type takes effect without a deployment)."""
    api = call.store.get(("restapis", call.api_id)) if call.store is not None else None
    return api is not None and "PRIVATE" in ((api.get("endpointConfiguration") or {}).get("types") or ())


def _mark_endpoint(call: Call) -> None:
    """``identity.vpceId`` and ``vpcId`` of a call that came through a VPC endpoint, as AWS adds them
    for private APIs (the event's ``requestContext.identity``, ``$context.identity``); the VPC is one
    gwmock cannot know (guess: null)."""
    vpce = header(call.headers, "x-amzn-vpce-id")
    if vpce is not None and call.identity is not None and "vpceId" not in call.identity and _private(call):
        call.identity = {**call.identity, "vpceId": vpce, "vpcId": None}
