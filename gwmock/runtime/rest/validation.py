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

Bounded (the body is the caller's, the schema the API's): the body is parsed by
``gwmock.documents`` (nesting over ``MAX_BODY_DEPTH`` levels is refused), the schema's
``pattern``/``patternProperties`` run with a time limit (``gwmock.runtime.patterns``), all the
matches of one body within one shared ``patterns.Budget`` (0.3 s), and a body
the validator cannot finish (a pattern out of time, a recursive schema as deep as Python's stack)
is refused as an invalid body rather than let through (guesses for what AWS answers).
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from contextvars import ContextVar
from typing import Any

import jsonschema
from jsonschema.exceptions import ValidationError
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from gwmock import clock
from gwmock.documents import DocumentError, parse_json
from gwmock.runtime import patterns
from gwmock.runtime.rest.gateway_responses import GatewayError
from gwmock.runtime.rest.request import Call, header

MODEL_URL = "https://apigateway.amazonaws.com/restapis/{api}/models/{name}"  # a model's $ref address
MAX_BODY_DEPTH = 100  # levels of nesting of a validated body (``gwmock.documents``' default)


# Draft 4's three keywords that run a schema's regular expressions, with ``runtime.patterns``
# (bounded in time) instead of ``re``; their answers and messages are jsonschema's own. The matches
# of one body share one ``patterns.Budget`` (``_BUDGET``, set by ``_check_body``): a body of many
# names or values, each just under the per-match limit, cannot add up to seconds.
_BUDGET: ContextVar[patterns.Budget | None] = ContextVar("gwmock_validation_budget", default=None)


def _pattern(validator: Any, pattern: str, instance: Any, schema: Any) -> Any:
    if validator.is_type(instance, "string") and not patterns.search(pattern, instance, budget=_BUDGET.get()):
        yield ValidationError(f"{instance!r} does not match {pattern!r}")


def _pattern_properties(validator: Any, properties: dict[str, Any], instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    budget = _BUDGET.get()
    for pattern, subschema in properties.items():
        for name, value in instance.items():
            if patterns.search(pattern, name, budget=budget):
                yield from validator.descend(value, subschema, path=name, schema_path=pattern)


def _additional_properties(validator: Any, additional: Any, instance: Any, schema: Any) -> Any:
    if not validator.is_type(instance, "object"):
        return
    known = schema.get("properties", {})
    matched = "|".join(schema.get("patternProperties", {}))
    budget = _BUDGET.get()
    extras = [name for name in instance
              if name not in known and not (matched and patterns.search(matched, name, budget=budget))]
    if validator.is_type(additional, "object"):
        for extra in extras:
            yield from validator.descend(instance[extra], additional, path=extra)
    elif not additional and extras:
        if "patternProperties" in schema:
            verb = "does" if len(extras) == 1 else "do"
            joined = ", ".join(repr(each) for each in sorted(extras))
            listed = ", ".join(repr(each) for each in sorted(schema["patternProperties"]))
            yield ValidationError(f"{joined} {verb} not match any of the regexes: {listed}")
        else:
            names = sorted(extras, key=str)
            shown = ", ".join(repr(each) for each in names)
            yield ValidationError(f"Additional properties are not allowed ({shown} "
                                  f"{'was' if len(names) == 1 else 'were'} unexpected)")


# The whole validation of one body within ``MAX_VALIDATION_SECONDS`` (guess: AWS's bound is its 29 s):
# a schema may cost exponential time in the body's depth without any pattern (``anyOf`` of two ``$ref``s
# to itself: 18 levels took 35 s). Each keyword reads the clock once, for bodies that are validated only.
MAX_VALIDATION_SECONDS = 2.0
_DEADLINE: ContextVar[float] = ContextVar("gwmock_validation_deadline", default=float("inf"))


def _timed(keyword: Any) -> Any:
    def check(validator: Any, value: Any, instance: Any, schema: Any) -> Any:
        if clock.monotonic() > _DEADLINE.get():
            raise patterns.PatternTimeout
        return keyword(validator, value, instance, schema)
    return check


_KEYWORDS = {**jsonschema.Draft4Validator.VALIDATORS, "pattern": _pattern, "patternProperties": _pattern_properties,
             "additionalProperties": _additional_properties}
Draft4 = jsonschema.validators.extend(jsonschema.Draft4Validator, {k: _timed(v) for k, v in _KEYWORDS.items()})


@contextlib.contextmanager
def bounded() -> Iterator[None]:
    """One body's validation bounds, for every draft 4 validation gwmock runs (REST bodies, WebSocket
    messages): its patterns share one ``patterns.Budget`` and it stops at ``MAX_VALIDATION_SECONDS``."""
    token = _BUDGET.set(patterns.Budget())
    deadline = _DEADLINE.set(clock.monotonic() + MAX_VALIDATION_SECONDS)
    try:
        yield
    finally:
        _BUDGET.reset(token)
        _DEADLINE.reset(deadline)


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
        document = parse_json(call.body, max_depth=MAX_BODY_DEPTH) if call.body.strip() else {}
    except ValueError:
        raise GatewayError("BAD_REQUEST_BODY", "Invalid request body", reason="Request body does not match model "
                           "schema for content type " + content_type, validation="Invalid JSON") from None
    except DocumentError:
        raise _invalid_body(content_type, f"the body nests deeper than {MAX_BODY_DEPTH} levels") from None
    registry = _registry(call.api_id, all_models)
    base = MODEL_URL.format(api=call.api_id, name=name)
    try:
        with bounded():
            resource = Resource.from_contents(schema, default_specification=DRAFT4)
            registry = registry.with_resource(base, resource)
            validator = Draft4({"$ref": base}, registry=registry)
            error = jsonschema.exceptions.best_match(validator.iter_errors(document))
    except patterns.PatternTimeout:  # the body cannot be shown to match in time: refused
        raise _invalid_body(content_type, "the body took too long to validate") from None
    except RecursionError:  # a schema that recurses as deep as the body: refused, never skipped
        raise _invalid_body(content_type, "the body nests too deeply for its schema") from None
    except (jsonschema.exceptions.SchemaError, Exception) as failure:  # a broken schema is not enforced
        if isinstance(failure, GatewayError):
            raise
        return
    if error is not None:
        raise GatewayError("BAD_REQUEST_BODY", "Invalid request body",
                           reason=f"Request body does not match model schema for content type {content_type}: "
                                  f"[{error.message}]", validation=f"[{error.message}]")


def _invalid_body(content_type: str, why: str) -> GatewayError:
    return GatewayError("BAD_REQUEST_BODY", "Invalid request body", reason="Request body does not match model "
                        f"schema for content type {content_type}: [{why}]", validation=f"[{why}]")


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
            resources.append((MODEL_URL.format(api=api_id, name=name),
                              Resource.from_contents(schema, default_specification=DRAFT4)))
    return Registry().with_resources(resources)
