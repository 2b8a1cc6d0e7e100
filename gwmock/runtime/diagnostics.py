"""What the data plane tells the test author when a deployed API answers unexpectedly.

A failing request through ``requests`` shows only what AWS would send, e.g. ``502
{"message": "Internal server error"}``. The cause is kept for the test instead, in three places:

* ``gw.requests``: every data-plane request as a ``gwmock.records.Request``, with its answer,
  the execution log lines and the integration's or Lambda's exception with its traceback;
* the ``gwmock`` logger: a 5xx caused by configuration or by user code is logged (WARNING)
  with its cause, so pytest's log capture shows it beside the failing assertion;
* ``mock_apigateway(raise_lambda_errors=True)``: the user code's exception is raised in the
  test, where the request was made, instead of the 502.

``record`` is called once per data-plane request, after the pipeline answered. A request to a
stage with access logging comes with its log wrapped (``access_logs.Pending``): the access log line
is finished here, once the answer's status and length are final, sent to the stage's destination
and kept on the record (``Request.access_log``); the response gets its own log back.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Mapping
from typing import Any

from gwmock.records import Request, logged_request
from gwmock.runtime.access_logs import Pending, finish
from gwmock.runtime.response import Response

logger = logging.getLogger("gwmock")


def record(handle: Any, method: str, url: str, headers: Mapping[str, str | list[str]], body: bytes,
           response: Response) -> None:
    """Keep the request, its answer, the execution log and any user-code exception on the handle."""
    error = response.error
    trace = "".join(traceback.format_exception(error)) if error is not None else None
    log = response.log_lines
    access = None
    if type(log) is Pending:  # the stage writes access logs (the only cost to requests to others: this test)
        access = finish(log, response.status, len(response.body))
        log = response.log = log.inner
    requests = getattr(handle, "requests", None)
    if requests is not None:
        # the log goes as kept: the record formats it when a test reads it
        sent: dict[str, Any] = dict(headers)  # one value a name: repeated lines (a list) joined
        if list in map(type, sent.values()):
            sent = {k: ", ".join(v) if isinstance(v, list) else v for k, v in sent.items()}
        kept = tuple(log) if isinstance(log, list) else log.kept()
        if access is None:
            requests.append(Request(method.upper(), url, sent, body, response.status, response.headers,
                                    response.body, kept, error, trace))
        else:
            requests.append(logged_request(access, method.upper(), url, sent, body, response.status,
                                           response.headers, response.body, kept, error, trace))
    if response.status >= 500 and (error is not None or response.log):
        logger.warning("%s %s answered %d: %s", method.upper(), url, response.status, _cause(response),
                       exc_info=error)
    # A function error that the API maps on purpose (a selection pattern answering 4xx) is not a failure.
    if error is not None and response.status >= 500 and getattr(handle, "raise_lambda_errors", False):
        raise error


def _cause(response: Response) -> str:
    """The last log line that says what failed, or the exception's own words."""
    for line in reversed(response.log):
        text = line.split(" : ", 1)[-1]
        if "failed" in text.lower() or "error" in text.lower() or "timed out" in text.lower():
            return text
    return repr(response.error) if response.error is not None else "see gw.requests[-1].log"
