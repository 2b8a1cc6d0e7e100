"""Deploy CloudFormation, SAM and CDK-synthesised templates into the mock.

``deploy_template(handle, template, parameters=..., name=...)`` is what
``GatewayMock.deploy_template`` calls; it returns a ``Stack``. A template that
cannot be deployed raises ``TemplateError`` and leaves nothing behind.
See ``docs/templates.md``.
"""

from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.lambdas import LambdaNotRunnable, LambdaTimeout
from gwmock.cloudformation.stack import Stack, deploy_template

__all__ = ["LambdaNotRunnable", "LambdaTimeout", "Stack", "TemplateError", "deploy_template"]
