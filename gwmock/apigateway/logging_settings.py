"""The checks AWS makes on a stage's access log settings and on the account's CloudWatch role, shared
by REST stages (``apigateway/stages.py``: UpdateStage's ``/accessLogSettings/*`` and
``logging/loglevel`` patches) and HTTP/WebSocket stages (``apigatewayv2/stages.py``: CreateStage's
and UpdateStage's ``AccessLogSettings`` and route settings). No operation lives here.

* A format must be one line: "Access Log format must be single line, new line character is allowed
  only at end of the format" (AWS's answer to a multi-line Terraform heredoc, quoted in
  ministryofjustice/cloud-platform-environments#12962; serverless/serverless#7162 shows the 400);
  one trailing ``\\n`` passes, as the message says. Only ``\\n`` and ``\\r`` end a line (guess).
* A format must name ``$context.requestId`` or ``$context.extendedRequestId`` (botocore's
  ``AccessLogSettings.format``: "must include at least $context.requestId"; aws/aws-cdk#22591: "API
  Gateway ControlPlane requires either"); a longer name (``$context.requestIdentity``) does not
  count. The wording "Access Log format must include either $context.requestId or
  $context.extendedRequestId" is how policy rules and other emulators quote AWS (no user's log of it
  found: guess). The line check comes first.
* A format is at most 3 KB: "Access log template size | 3 KB", a quota that cannot be increased, in
  the developer guide's quota tables for REST, HTTP and WebSocket APIs alike ("Quotas for configuring
  and running a REST API", "... an HTTP API", "... a WebSocket API"). Guesses: 3 KB is 3,072
  characters (not UTF-8 bytes), the refusal's wording, and that it is checked after the other two.
  The limit also keeps every format the data plane renders small (``runtime/access_logs``).
* The destination is a CloudWatch Logs log group ARN (a trailing ``:*``, what CloudFormation's
  ``LogGroup.Arn`` gives and the CDK passes, is accepted: tests/consumers/test_cdk_synth.py) or a
  Firehose stream ARN whose name starts ``amazon-apigateway-`` (botocore's ``destinationArn``; the
  developer guide's "Log REST API calls to Amazon Data Firehose"); the group need not exist
  (aws-recorded test_stage_access_log_settings replaces the ARN with ``<log-group-arn>a``). Both
  refusals' wordings are guesses.
* "CloudWatch Logs role ARN must be set in account settings to enable logging" answers a request
  that turns on execution logging (a level of ``ERROR`` or ``INFO``: VirtusLab/besom#347, where
  ``loggingLevel = "ERROR"`` alone fails and removing it passes) or sets access logging to a log
  group (aws-samples/serverless-patterns#620: a stage with only ``access_log_settings``) while the
  account has no ``cloudwatchRoleArn``. Firehose destinations use a service-linked role instead
  (same developer guide page), so they need none; ``OFF`` and data trace need none (guess). Which
  stages need the role is the callers' business (HTTP APIs never do: ``apigatewayv2/stages.py``).
* gwmock checks the role only once the test has written the account's settings (UpdateAccount,
  CloudFormation's ``AWS::ApiGateway::Account``): an account whose settings were never written
  stands for one set up outside the test, as the accounts AWS's recordings were made in, and as
  CloudFormation templates and tests that enable logging without an ``AWS::ApiGateway::Account``
  expect. Against a fresh AWS account those would fail.

Hostile values: an ARN over ``_ARN_MAX`` characters is refused before a regular expression reads
it; the patterns have no nested repetition, so a format or ARN costs time linear in its length
(the format's length is checked last, so an oversized format still gets the other refusals first).
"""

from __future__ import annotations

import re

from gwmock.context import Context
from gwmock.errors import BadRequest

__all__ = [
    "FORMAT_MAX",
    "LOGGING_LEVELS",
    "ROLE_MISSING",
    "check_access_log_destination",
    "check_access_log_format",
    "check_logging_role",
    "is_log_group",
]

ROLE_MISSING = "CloudWatch Logs role ARN must be set in account settings to enable logging"
LOGGING_LEVELS = ("ERROR", "INFO")  # the execution logging levels that write logs with the account's role

_ONE_LINE = "Access Log format must be single line, new line character is allowed only at end of the format"
_NO_REQUEST_ID = "Access Log format must include either $context.requestId or $context.extendedRequestId"
FORMAT_MAX = 3 * 1024  # "Access log template size: 3 KB", REST, HTTP and WebSocket quotas alike
_TOO_LONG = f"Access Log format must not be longer than {FORMAT_MAX} characters"
_BAD_DESTINATION = ("Invalid destination ARN for access logs: it must be a CloudWatch Logs log group ARN "
                    "or an Amazon Data Firehose delivery stream ARN")
_BAD_STREAM = "Firehose delivery stream name must begin with amazon-apigateway-"
_REQUEST_ID = re.compile(r"\$context\.(?:requestId|extendedRequestId)(?![A-Za-z0-9_])")
_LOG_GROUP_ARN = re.compile(r"arn:aws[a-z-]*:logs:[a-z0-9-]+:\d{12}:log-group:[A-Za-z0-9_./#-]{1,512}(?::\*)?")
_FIREHOSE_ARN = re.compile(r"arn:aws[a-z-]*:firehose:[a-z0-9-]+:\d{12}:deliverystream/([A-Za-z0-9_.-]{1,64})")
_ARN_MAX = 1024  # longer than any log group or stream ARN: refused before a regular expression reads it


def check_access_log_format(fmt: str) -> None:
    """Refuse a format AWS refuses: more than one line (a newline may end it), no request id, or
    longer than the quota."""
    line = fmt[:-1] if fmt.endswith("\n") else fmt
    if "\n" in line or "\r" in line:
        raise BadRequest(_ONE_LINE)
    if not _REQUEST_ID.search(fmt):
        raise BadRequest(_NO_REQUEST_ID)
    if len(fmt) > FORMAT_MAX:
        raise BadRequest(_TOO_LONG)


def check_access_log_destination(arn: str) -> bool:
    """Refuse what is neither a log group nor an ``amazon-apigateway-`` Firehose stream; True for a log
    group, whose logs API Gateway writes with the account's CloudWatch role."""
    if is_log_group(arn):
        return True
    stream = _FIREHOSE_ARN.fullmatch(arn) if len(arn) <= _ARN_MAX else None
    if stream is None:
        raise BadRequest(_BAD_DESTINATION)
    if not stream.group(1).startswith("amazon-apigateway-"):
        raise BadRequest(_BAD_STREAM)
    return False


def is_log_group(arn: object) -> bool:
    """Whether ``arn`` names a CloudWatch Logs log group (delivered with the account's role)."""
    return isinstance(arn, str) and len(arn) <= _ARN_MAX and _LOG_GROUP_ARN.fullmatch(arn) is not None


def check_logging_role(ctx: Context) -> None:
    """Refuse to turn logging on in an account whose settings the test wrote without a CloudWatch role
    (an account never written stands for one set up outside the test: see the module docstring)."""
    account = ctx.store.get(("account", "settings"))
    if account is not None and not account.get("cloudwatchRoleArn"):
        raise BadRequest(ROLE_MISSING)
