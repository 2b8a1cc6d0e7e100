"""The REST API (v1) pipeline, in API Gateway's order: ``api`` (stage and route) -> ``stage`` ->
``invoke`` (throttling, ``authorizers``, ``validation``, the stage's response ``cache``, ``mapping``,
the integrations ``proxy``, ``http_integration``, ``aws_integration``) -> ``gateway_responses`` on
failure; ``api`` then applies payload ``compression``."""
