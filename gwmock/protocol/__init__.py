"""The model-driven wire layer: HTTP request -> (operation, params) -> HTTP response.

Contract:

* ``route(service, method, path, query)`` finds the operation whose
  ``http.requestUri`` template matches (a compiled table per service, built once).
* ``parse_request`` yields ``params``: a dict keyed by the *member names* of the
  operation's input shape (what a boto3 user passes), values converted from their
  wire form (path labels unquoted, query strings typed, JSON body mapped from
  ``locationName``\\s, payload blobs as bytes).
* A handler returns a dict keyed by the member names of the output shape.
* ``serialize_result`` writes it back: status code from ``http.responseCode``,
  header-bound members as headers, a payload member as the raw body, the rest as
  JSON under the wire names. ``serialize_error`` writes ``ApiError``\\s in the form
  botocore's rest-json parser reads (``x-amzn-ErrorType`` header, ``message`` body).
"""

from gwmock.protocol.models import SERVICES, service_model
from gwmock.protocol.parser import parse_request
from gwmock.protocol.router import route
from gwmock.protocol.serializer import serialize_error, serialize_result

__all__ = ["SERVICES", "parse_request", "route", "serialize_error", "serialize_result", "service_model"]
