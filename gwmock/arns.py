"""ARNs of API Gateway resources: ``arn:<partition>:apigateway:<region>::/<path>``."""

from __future__ import annotations

from gwmock.errors import BadRequest


def partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def resource_arn(region: str, path: str, account: str = "") -> str:
    """The ARN of the resource at REST path ``path`` (``/restapis/abc/stages/dev``); newer
    resources (private domains, portals, routing rules) name their ``account`` too."""
    return f"arn:{partition(region)}:apigateway:{region}:{account}:{path}"


def resource_path(region: str, arn: str, account: str | None = None) -> str:
    """The REST path named by an API Gateway ARN; rejects ARNs of other services or regions.

    Most ARNs have no account (``...:eu-west-1::/restapis/x``); newer resources (private
    domain names, portals, routing rules) carry the owner's (``...:eu-west-1:123456789012:/...``).
    """
    for owner in ("", account):
        if owner is None:
            continue
        prefix = f"arn:{partition(region)}:apigateway:{region}:{owner}:/"
        if arn.startswith(prefix) and len(arn) > len(prefix):
            return arn[len(prefix) - 1 :]
    raise BadRequest(f"Invalid ARN specified in the request: {arn}")


def execute_api_arn(region: str, account: str, api_id: str, path: str = "*") -> str:
    return f"arn:{partition(region)}:execute-api:{region}:{account}:{api_id}/{path}"
