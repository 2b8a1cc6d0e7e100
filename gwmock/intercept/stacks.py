"""CloudFormation stacks sent to moto while a mock is active: say where their APIs went.

``boto3.client("cloudformation").create_stack(...)`` under moto's ``mock_aws`` is answered by moto,
which builds the template's API Gateway resources in its own backend: gwmock, which answers every
``apigateway``/``apigatewayv2`` call, never sees them, so the test's next ``get_rest_apis`` finds
nothing (and moto's builders fail on some valid templates, e.g. a MOCK method without
``IntegrationHttpMethod``). gwmock cannot build moto's stack for it (moto has no in-process hook it
could call cleanly), so it says so at once: a ``gwmock`` logger warning naming the stack and
``gw.deploy_template``, which pytest shows beside the failing assertion. Only CreateStack,
UpdateStack and CreateChangeSet with a ``TemplateBody`` are read; other requests pay one string test.
"""

from __future__ import annotations

import logging
import re
from typing import Any

logger = logging.getLogger("gwmock")

OPERATIONS = frozenset({"CreateStack", "UpdateStack", "CreateChangeSet"})
# API Gateway's own types, SAM's API types, and SAM functions' Api/HttpApi events (implicit APIs)
_API_TYPES = re.compile(r"AWS::(?:ApiGateway(?:V2)?::|Serverless::(?:Http)?Api\b)")
_SAM_EVENT = re.compile(r"""["']?Type["']?\s*:\s*["']?(?:Http)?Api["']?\s*[,}\n]""")
_MAX_TEMPLATE = 1024 * 1024  # CloudFormation's own limit for a template body is 51,200 bytes


def warn_if_apis(operation: str, params: Any) -> None:
    """Log where a stack's API Gateway resources go when moto, not gwmock, deploys the template."""
    if operation not in OPERATIONS or not isinstance(params, dict):
        return
    body = params.get("TemplateBody")
    if not isinstance(body, str) or len(body) > _MAX_TEMPLATE or not _has_apis(body):
        return
    logger.warning(
        "gwmock: %s of stack %r goes to moto's CloudFormation, which builds its API Gateway resources in "
        "moto's own backend: gwmock, which answers API Gateway while it is active, will not see them. "
        "Deploy the template with gw.deploy_template(template) instead (see docs/templates.md).",
        operation, str(params.get("StackName", ""))[:256])


def _has_apis(body: str) -> bool:
    if _API_TYPES.search(body):
        return True
    return "AWS::Serverless-2016-10-31" in body and _SAM_EVENT.search(body) is not None
