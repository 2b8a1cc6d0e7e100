"""The errors a handler raises; the wire layer turns each into AWS's error form.

Two families::

    ApiError                 an answer AWS would give; leaves over the wire
    ├── BadRequest, NotFound, Conflict, ... (one per error shape of the models)
    ├── ValidationError, SerializationError (AWS errors without a model entry)
    └── NotImplementedByGwmock
    GwmockError              misuse of gwmock itself; raised in the test, never sent
    ├── StateUrlError        a state URL that names no usable store
    └── SnapshotError        a document ``gw.restore()`` cannot load (state left unchanged)

The status code of a modeled error comes from the model (``error.httpStatusCode``);
errors AWS sends without a model entry carry their own status here.
"""

from __future__ import annotations


class ApiError(Exception):
    """An error AWS would answer with: ``code`` names the error shape."""

    code = "InternalFailure"
    status = 500

    def __init__(self, message: str, *, code: str | None = None, status: int | None = None,
                 fields: dict[str, str] | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.fields = fields or {}  # extra body members on the wire, e.g. v2's {"resourceType": "Api"}
        if code is not None:
            self.code = code
        if status is not None:
            self.status = status

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class BadRequest(ApiError):
    code, status = "BadRequestException", 400


class NotFound(ApiError):
    code, status = "NotFoundException", 404


class Conflict(ApiError):
    code, status = "ConflictException", 409


class LimitExceeded(ApiError):
    code, status = "LimitExceededException", 429


class TooManyRequests(ApiError):
    code, status = "TooManyRequestsException", 429


class Unauthorized(ApiError):
    code, status = "UnauthorizedException", 401


class AccessDenied(ApiError):
    code, status = "AccessDeniedException", 403


class ServiceUnavailable(ApiError):
    code, status = "ServiceUnavailableException", 503


class ValidationError(ApiError):
    """AWS's generic input validation error (not in botocore's models)."""

    code, status = "ValidationException", 400


class SerializationError(ApiError):
    code, status = "SerializationException", 400


class NotImplementedByGwmock(ApiError):
    """An operation of the model that gwmock has no handler for yet."""

    code, status = "NotImplemented", 501

    def __init__(self, service: str, operation: str) -> None:
        super().__init__(
            f"{service}.{operation} is not implemented by gwmock yet; "
            "see docs/coverage.md for what is, or open an issue"
        )
        self.operation = operation


class GwmockError(Exception):
    """gwmock was used wrongly (a bad option, a state file it cannot open): a bug in the test setup."""


class StateUrlError(GwmockError, ValueError):
    """A state URL gwmock cannot use; the message names the URL and the path it tried."""


class SnapshotError(GwmockError, ValueError):
    """A document that is not a ``gw.snapshot()``; the message says what is wrong and where."""
