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

Guesses: removing UsagePlans or an absent feature is a 400.
"""

from __future__ import annotations

import re

from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest
from gwmock.patch import Patch, apply_patch, rule
from gwmock.state.base import Record

_ROLE_ARN = re.compile(r"^arn:aws[a-z-]*:iam::\d{12}:role/.+$")
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
    if not _ROLE_ARN.match(patch.value):
        raise BadRequest(ROLE_REFUSED)
    record["cloudwatchRoleArn"] = patch.value


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
