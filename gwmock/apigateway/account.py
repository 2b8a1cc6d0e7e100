"""GetAccount, UpdateAccount.

The account's settings live under ``("account", "settings")`` once updated; until
then GetAccount answers AWS's defaults (throttle burst 5000 / rate 10000,
``features: ["UsagePlans"]``, ``apiKeyVersion: "4"``, no CloudWatch role).

Patch table (seed 003): ``/cloudwatchRoleArn`` replace, ``/features`` add and remove
(but not of UsagePlans).

A role ARN that is not ``arn:<partition>:iam::<account>:role/...`` is refused with the message
AWS gives for a role it cannot assume ("The role ARN does not have required permissions
configured. Please grant trust permission for API Gateway and add the required role policy.",
as Terraform users quote it in tmobile/jazz-installer #597); a mock cannot check the trust
policy, so a well-formed ARN is accepted.

An empty (or absent) value clears the role, and GetAccount then has no ``cloudwatchRoleArn``:
terraform-provider-aws's account.go resets with ``replace /cloudwatchRoleArn ""`` and
account_test.go's cleanup with a null value, then reads the member as absent against AWS.

A role ARN is a role's as IAM names them: a path of printable ASCII (at most 512 with its
slashes) and a name of 1 to 64 of ``A-Za-z0-9_+=,.@-`` (IAM's CreateRole limits); a newline,
another kind of IAM ARN (``user/...``) or an empty role name is refused as above.

Guesses: removing UsagePlans or an absent feature is a 400; any other feature may be added
(tests/apigateway/test_account.py and test_patch_tables.py rely on it).
"""

from __future__ import annotations

import re

from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest
from gwmock.patch import Patch, apply_patch, rule
from gwmock.state.base import Record

_ROLE_ARN = re.compile(r"arn:aws(?:-[a-z]+)*:iam::\d{12}:role/(.*)", re.ASCII | re.DOTALL)
_ROLE_NAME = re.compile(r"[\w+=,.@-]{1,64}", re.ASCII)
_ROLE_PATH = re.compile(r"[\x21-\x7e]{0,510}", re.ASCII)
# AWS's refusal of a role it cannot use (tmobile/jazz-installer #597, Terraform, 2020; aws/aws-cdk
# #2194 quotes the older "... set to API Gateway").
ROLE_REFUSED = ("The role ARN does not have required permissions configured. Please grant trust permission "
                "for API Gateway and add the required role policy.")
DEFAULTS: Record = {
    "throttleSettings": {"burstLimit": 5000, "rateLimit": 10000.0},
    "features": ["UsagePlans"],
    "apiKeyVersion": "4",
}


def get_account(ctx: Context, params: Params) -> Result:
    return ctx.store.get(("account", "settings")) or DEFAULTS


def update_account(ctx: Context, params: Params) -> Result:
    account = ctx.store.get(("account", "settings")) or DEFAULTS
    updated = apply_patch(account, params.get("patchOperations"), _RULES)
    ctx.store.put(("account", "settings"), updated)
    return updated


def _role_arn(record: Record, patch: Patch) -> None:
    if not patch.value:
        record.pop("cloudwatchRoleArn", None)
        return
    if not _is_role_arn(str(patch.value)):
        raise BadRequest(ROLE_REFUSED)
    record["cloudwatchRoleArn"] = patch.value


def _is_role_arn(value: str) -> bool:
    role = _ROLE_ARN.fullmatch(value) if len(value) <= 2048 else None
    if role is None:
        return False
    path, _, name = role.group(1).rpartition("/")
    return bool(_ROLE_NAME.fullmatch(name) and _ROLE_PATH.fullmatch(path))


def _features(record: Record, patch: Patch) -> None:
    features = list(record.get("features", []))
    if not patch.value:
        raise BadRequest("Invalid feature specified")
    if patch.op == "add":
        if patch.value not in features:
            features.append(patch.value)
    elif patch.value == "UsagePlans":
        raise BadRequest("The UsagePlans feature cannot be removed")
    elif patch.value not in features:
        raise BadRequest(f"Invalid feature specified: {patch.value}")
    else:
        features.remove(patch.value)
    record["features"] = features


_RULES = [
    rule("/cloudwatchRoleArn", "replace", _role_arn),
    rule("/features", "add remove", _features),
]
