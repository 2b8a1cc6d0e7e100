"""CORS of HTTP APIs with a ``CorsConfiguration`` (AWS: "Configuring CORS for an HTTP API").

* A preflight (``OPTIONS`` with ``Origin`` and ``Access-Control-Request-Method``) that no
  route takes is answered by API Gateway itself, before authorization: AWS "automatically
  sends a response to preflight OPTIONS requests, even if there isn't an OPTIONS route
  configured for your API". The answer is a 204 with ``access-control-allow-origin`` (the
  origin, or ``*`` when ``*`` is allowed without credentials), ``-allow-methods``,
  ``-allow-headers``, ``-max-age`` and ``-allow-credentials`` per the configuration, when the
  origin, the requested method and every requested header are allowed; otherwise a 204
  without CORS headers (guess).
* A preflight that a route takes (an ``OPTIONS`` route, an ``ANY`` route, or ``$default``)
  runs through that route like any request, its authorizer included. The same page,
  "Configuring CORS for an HTTP API with a $default route and JWT authorizer": "When you
  enable CORS and authorization for the $default route, there are some special
  considerations. The $default route catches requests for all methods and routes that you
  haven't explicitly defined, including OPTIONS requests. To support unauthorized OPTIONS
  requests, add an OPTIONS /{proxy+} route to your API that doesn't require authorization."
  (awsdocs/amazon-api-gateway-developer-guide, ``doc_source/http-api-cors.md``); an ``ANY``
  route with a JWT authorizer refuses preflights the same way (anomalyco/sst#5493). Its
  answer (the integration's, or a 401/403/404 of API Gateway) gets the CORS headers of any
  other request, below.
* Other requests: API Gateway ignores CORS headers of the integration (drops them: "If you
  configure CORS for an API, API Gateway ignores CORS headers returned from your backend
  integration") and, for an allowed ``Origin``, adds ``access-control-allow-origin``,
  ``-allow-credentials`` and ``-expose-headers``.
* ``AllowOrigins`` entries are exact origins, ``*`` (any origin), or ``https://*`` / ``http://*``
  ("allow any origin that begins with https://", the same page's table of example values); an
  origin one of these allows is answered with itself. Origins compare case-sensitively, and a
  ``*`` anywhere else in an entry is taken literally (guesses: the page lists no other pattern);
  methods and headers compare case-insensitively (guess). A preflight's requested headers are looked
  up in a set when there are many (a 1 MB ``Access-Control-Request-Headers`` against 500 allowed names
  took 1.4 s through the list).
"""

from __future__ import annotations

from typing import Any

from urllib3 import HTTPHeaderDict

from gwmock.runtime.http.request import V2Request, respond
from gwmock.runtime.response import Response


def is_preflight(cors: dict[str, Any] | None, request: V2Request) -> bool:
    return bool(cors) and request.method == "OPTIONS" and request.header("origin") is not None \
        and request.header("access-control-request-method") is not None


def _allowed_origin(cors: dict[str, Any], origin: str | None) -> str | None:
    """The ``access-control-allow-origin`` value for ``origin``, or None when it is not allowed."""
    origins = cors.get("AllowOrigins") or []
    if origin is None:
        return None
    if "*" in origins:
        return origin if cors.get("AllowCredentials") else "*"
    if origin in origins:
        return origin
    for allowed in origins:  # "https://*": any origin of that scheme, answered with the origin itself
        if allowed[-4:] == "://*" and origin.startswith(allowed[:-1]) and len(origin) > len(allowed) - 1:
            return origin
    return None


def preflight(cors: dict[str, Any], request: V2Request) -> Response:
    headers = HTTPHeaderDict({"apigw-requestid": request.request_id})
    origin = _allowed_origin(cors, request.header("origin"))
    wanted_method = (request.header("access-control-request-method") or "").strip().upper()
    methods = [m.upper() for m in cors.get("AllowMethods") or []]
    wanted_headers = [h.strip().lower() for h in (request.header("access-control-request-headers") or "").split(",")
                      if h.strip()]
    allowed_headers = [h.lower() for h in cors.get("AllowHeaders") or []]
    ok = ("*" in methods or wanted_method in methods) and _headers_allowed(allowed_headers, wanted_headers)
    if ok and origin is not None:
        headers["access-control-allow-origin"] = origin
        if methods:
            headers["access-control-allow-methods"] = ",".join(methods)
        if allowed_headers:
            headers["access-control-allow-headers"] = ",".join(allowed_headers)
        if cors.get("MaxAge") is not None:
            headers["access-control-max-age"] = str(cors["MaxAge"])
        if cors.get("AllowCredentials"):
            headers["access-control-allow-credentials"] = "true"
    return respond(204, headers, b"")


def _headers_allowed(allowed: list[str], wanted: list[str]) -> bool:
    """Every requested header is allowed; a set when both lists are long (a preflight may ask for
    thousands of names: list look-ups would cost their product)."""
    if "*" in allowed or not wanted:
        return True
    names = frozenset(allowed) if len(allowed) > 8 else allowed
    return all(h in names for h in wanted)


def decorate(cors: dict[str, Any] | None, request: V2Request, response: Response) -> Response:
    if not cors:
        return response
    headers = HTTPHeaderDict()
    for name, value in response.headers.items():
        if not name.lower().startswith("access-control-"):
            headers.add(name, value)
    origin = _allowed_origin(cors, request.header("origin"))
    if origin is not None:
        headers["access-control-allow-origin"] = origin
        if cors.get("AllowCredentials"):
            headers["access-control-allow-credentials"] = "true"
        if cors.get("ExposeHeaders"):
            headers["access-control-expose-headers"] = ",".join(h.lower() for h in cors["ExposeHeaders"])
    return respond(response.status, headers, response.body)
