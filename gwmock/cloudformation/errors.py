"""The one error a template that cannot be deployed raises.

It names the logical id, the property and the reason, as CloudFormation's event
log would; when the reason is an API Gateway error, ``aws_code`` and
``aws_message`` carry AWS's own answer.
"""

from __future__ import annotations

from gwmock.errors import GwmockError


class TemplateError(GwmockError):
    """A template (CloudFormation, SAM or CDK output) that cannot be deployed."""

    def __init__(self, reason: str, *, logical_id: str | None = None, prop: str | None = None,
                 aws_code: str | None = None, aws_message: str | None = None) -> None:
        where = ""
        if logical_id:
            where = f"{logical_id}.{prop}: " if prop else f"{logical_id}: "
        elif prop:
            where = f"{prop}: "
        super().__init__(where + reason)
        self.reason = reason
        self.logical_id = logical_id
        self.prop = prop
        self.aws_code = aws_code
        self.aws_message = aws_message
