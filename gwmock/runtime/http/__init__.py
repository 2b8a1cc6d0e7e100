"""The HTTP API (v2) pipeline: ``api`` (route selection, CORS, ``auth``, integrations: ``lambdas``
with the payload formats 1.0 and 2.0, ``integration`` for HTTP_PROXY)."""
