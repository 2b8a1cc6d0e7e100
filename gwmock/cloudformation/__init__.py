"""Deploy CloudFormation, SAM and CDK-synthesised templates into the mock.

``deploy_template(handle, template, parameters=..., name=...)`` is what
``GatewayMock.deploy_template`` calls; it returns a ``Stack``. A template that
cannot be deployed raises ``TemplateError`` and leaves nothing behind.
See ``docs/templates.md``. Only ``TemplateError`` loads eagerly: the rest (botocore's
models, the handlers) loads on first use, so ``import gwmock`` stays cheap.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

from gwmock.cloudformation.errors import TemplateError

if TYPE_CHECKING:
    from gwmock.cloudformation.lambdas import LambdaNotRunnable, LambdaTimeout
    from gwmock.cloudformation.stack import Stack, deploy_template

__all__ = ["LambdaNotRunnable", "LambdaTimeout", "Stack", "TemplateError", "deploy_template"]

_LAZY = {"LambdaNotRunnable": "lambdas", "LambdaTimeout": "lambdas", "Stack": "stack", "deploy_template": "stack"}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'gwmock.cloudformation' has no attribute {name!r}")
    return getattr(importlib.import_module(f"gwmock.cloudformation.{module}"), name)
