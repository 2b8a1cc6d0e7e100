"""Request validation: the method's RequestValidator, before the integration runs.

With ``validateRequestParameters``, every ``method.request.<where>.<name>`` marked
required in the method's ``requestParameters`` must be "included and not blank" ("Request
validation for REST APIs"; headers case-insensitive): ``?q=``, ``?q`` and an empty header count
as missing. The missing ones are listed sorted by expression (headers, then path, then query
string, as recorded): 400 BAD_REQUEST_PARAMETERS ``Missing required request parameters: [a, b]``.
With ``validateRequestBody``, the body must be JSON valid against the method's request
model for the request's Content-Type (``application/json`` when none), as JSON Schema
draft 4; ``$ref`` may name another model of the API
(``https://apigateway.amazonaws.com/restapis/{api}/models/{name}``) or point inside the
schema: 400 BAD_REQUEST_BODY ``Invalid request body``, the validator's first error in
``$context.error.validationErrorString``. Parameters are checked before the body
(aws-recorded: test_apigateway_common test_api_gateway_request_validator,
test_api_gateway_request_validator_with_ref_models, ..._with_ref_one_ofmodels).

Guesses: "blank" is Java's ``isBlank`` (a value of only whitespace, ``?q=%20``, is blank too);
the value checked is the one ``method.request.<where>.<name>`` maps (the last one sent), and a
``multivalue*`` parameter is present when any of its values is not blank; an empty body is
validated as ``{}``; a Content-Type without a model falls back to the ``$default`` model,
else is not validated; a model whose schema does not parse is not enforced.
"""

from __future__ import annotations

import json
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from gwmock.runtime.rest.gateway_responses import GatewayError
from gwmock.runtime.rest.request import Call, header

_MODEL_URL = "https://apigateway.amazonaws.com/restapis/{api}/models/{name}"


def validate(call: Call) -> None:
    validator_id = call.method.get("requestValidatorId")
    validator = (call.snapshot.get("requestvalidators") or {}).get(validator_id) if validator_id else None
    if validator is None:
        return
    if validator.get("validateRequestParameters"):
        missing = _missing_parameters(call)
        if missing:
            raise GatewayError("BAD_REQUEST_PARAMETERS",
                               f"Missing required request parameters: [{', '.join(missing)}]",
                               reason="Request validation failed: missing required request parameters")
    if validator.get("validateRequestBody"):
        _check_body(call)


def _missing_parameters(call: Call) -> list[str]:
    missing = []
    for expression, required in sorted((call.method.get("requestParameters") or {}).items()):
        if not required or not expression.startswith("method.request."):
            continue
        where, _, name = expression[len("method.request."):].partition(".")
        if where == "path":
            present = _filled(call.path_params.get(name))
        elif where == "querystring":
            sent = call.query.get(name)
            present = _filled(sent[-1] if sent else None)
        elif where == "multivaluequerystring":
            present = any(_filled(value) for value in call.query.get(name) or ())
        elif where == "header":
            present = _filled(header(call.headers, name))
        elif where == "multivalueheader":
            wanted = name.lower()
            present = any(_filled(value) for key, values in call.headers.items() if key.lower() == wanted
                          for value in values)
        else:
            present = True
        if not present:
            missing.append(name)
    return missing


def _filled(value: str | None) -> bool:
    """Included and not blank (whitespace only is blank, as Java's ``isBlank``: guess)."""
    return value is not None and not value.isspace() and value != ""


def _check_body(call: Call) -> None:
    models = call.method.get("requestModels") or {}
    content_type = (header(call.headers, "Content-Type") or "application/json").split(";")[0].strip().lower()
    name = next((v for k, v in models.items() if k.lower() == content_type), models.get("$default"))
    all_models: dict[str, Any] = call.snapshot.get("models") or {}
    model = all_models.get(name) if name else None
    schema = _schema(model)
    if schema is None:
        return
    try:
        document = json.loads(call.body) if call.body.strip() else {}
    except ValueError:
        raise GatewayError("BAD_REQUEST_BODY", "Invalid request body", reason="Request body does not match model "
                           "schema for content type " + content_type, validation="Invalid JSON") from None
    registry = _registry(call.api_id, all_models)
    base = _MODEL_URL.format(api=call.api_id, name=name)
    try:
        resource = Resource.from_contents(schema, default_specification=DRAFT4)
        registry = registry.with_resource(base, resource)
        validator = jsonschema.Draft4Validator({"$ref": base}, registry=registry)
        error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    except (jsonschema.exceptions.SchemaError, Exception) as failure:  # a broken schema is not enforced
        if isinstance(failure, GatewayError):
            raise
        return
    if error is not None:
        raise GatewayError("BAD_REQUEST_BODY", "Invalid request body",
                           reason=f"Request body does not match model schema for content type {content_type}: "
                                  f"[{error.message}]", validation=f"[{error.message}]")


def _schema(model: dict[str, Any] | None) -> Any:
    if model is None or model.get("schema") in (None, ""):
        return None
    raw = model["schema"]
    if isinstance(raw, str):
        try:
            return json.loads(raw)
        except ValueError:
            return None
    return raw


def _registry(api_id: str, models: dict[str, Any]) -> Registry:
    resources = []
    for name, model in models.items():
        schema = _schema(model)
        if isinstance(schema, dict):
            resources.append((_MODEL_URL.format(api=api_id, name=name),
                              Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)
