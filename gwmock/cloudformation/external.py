"""What a template names in other AWS services (S3 objects, SSM parameters, secrets), read through moto only.

A ``BodyS3Location``, an ``AWS::Include`` ``Location`` of ``s3://...`` and the dynamic references
``{{resolve:ssm:...}}`` / ``{{resolve:secretsmanager:...}}`` name data kept in other services. gwmock
fakes API Gateway alone, so it reads them through boto3 only while moto's ``mock_aws`` is active
(moto's buckets, parameters and secrets, which the test created): a test never reaches the real AWS.
Otherwise each read fails with a ``TemplateError`` the caller words and places (``fail``).

An S3 object is read up to ``MAX_TEMPLATE_BYTES``; a larger one is refused.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from typing import Any

from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.template import MAX_TEMPLATE_BYTES

Fail = Callable[[str], TemplateError]


def moto_active() -> bool:
    """Whether moto's ``mock_aws`` is started (its module is imported only by the test, if at all)."""
    models = sys.modules.get("moto.core.models")
    return models is not None and getattr(getattr(models, "MockAWS", None), "_nested_count", 0) > 0


def _client(service: str, region: str, what: str, fail: Fail) -> Any:
    if not moto_active():
        raise fail(f"gwmock reads {what} from moto only, and moto's mock_aws is not active; start moto and "
                   "create it there, or give the value in the template")
    import boto3  # noqa: PLC0415 - only templates that name other services' data need it

    return boto3.client(service, region_name=region)


def s3_text(region: str, bucket: Any, key: Any, version: Any, fail: Fail) -> str:
    """The text of ``s3://bucket/key`` (at ``version`` if given) in moto's S3."""
    s3 = _client("s3", region, f"s3://{bucket}/{key}", fail)
    args = {"Bucket": str(bucket), "Key": str(key), **({"VersionId": str(version)} if version else {})}
    try:
        body = s3.get_object(**args)["Body"].read(MAX_TEMPLATE_BYTES + 1)
    except Exception as error:  # botocore's errors, no credentials: all mean the same here
        raise fail(f"cannot read s3://{bucket}/{key} ({error})") from None
    if len(body) > MAX_TEMPLATE_BYTES:
        raise fail(f"s3://{bucket}/{key} is larger than {MAX_TEMPLATE_BYTES} bytes")
    try:
        return str(body.decode("utf-8"))
    except UnicodeDecodeError:
        raise fail(f"s3://{bucket}/{key} is not UTF-8 text") from None


def ssm_parameter(region: str, name: str, decrypt: bool, fail: Fail) -> str:
    """An SSM parameter's value (``name`` may end in ``:version`` or ``:label``, as GetParameter reads it)."""
    ssm = _client("ssm", region, f"SSM parameter {name}", fail)
    try:
        value = ssm.get_parameter(Name=name, WithDecryption=decrypt)["Parameter"]["Value"]
    except Exception as error:
        raise fail(f"cannot read SSM parameter {name} ({error})") from None
    return str(value)


def secret_string(region: str, secret_id: str, stage: str | None, version: str | None, fail: Fail) -> str:
    """A Secrets Manager secret's ``SecretString`` (``AWSCURRENT`` unless a stage or version id is given)."""
    secrets = _client("secretsmanager", region, f"secret {secret_id}", fail)
    args = {"SecretId": secret_id, **({"VersionStage": stage} if stage else {}),
            **({"VersionId": version} if version else {})}
    try:
        value = secrets.get_secret_value(**args).get("SecretString")
    except Exception as error:
        raise fail(f"cannot read secret {secret_id} ({error})") from None
    if value is None:
        raise fail(f"secret {secret_id} has no SecretString (a binary secret cannot be referenced)")
    return str(value)
