"""ARNs of API Gateway resources: ``arn:<partition>:apigateway:<region>::/<path>``."""

from __future__ import annotations

from gwmock.errors import BadRequest


def partition(region: str) -> str:
    if region.startswith("cn-"):
        return "aws-cn"
    if region.startswith("us-gov-"):
        return "aws-us-gov"
    return "aws"


def resource_arn(region: str, path: str) -> str:
    """The ARN of the resource at REST path ``path`` (``/restapis/abc/stages/dev``)."""
    return f"arn:{partition(region)}:apigateway:{region}::{path}"


def resource_path(region: str, arn: str) -> str:
    """The REST path named by an API Gateway ARN; rejects ARNs of other services or regions."""
    prefix = f"arn:{partition(region)}:apigateway:{region}::/"
    if not arn.startswith(prefix) or len(arn) == len(prefix):
        raise BadRequest(f"Invalid ARN specified in the request: {arn}")
    return arn[len(prefix) - 1 :]


def execute_api_arn(region: str, account: str, api_id: str, path: str = "*") -> str:
    return f"arn:{partition(region)}:execute-api:{region}:{account}:{api_id}/{path}"
