"""Request validation of WebSocket messages: a route's ``ModelSelectionExpression`` and ``RequestModels``.

AWS ("Request validation for WebSocket APIs",
https://docs.aws.amazon.com/apigateway/latest/developerguide/websocket-api-request-validation.html):
"If the validation fails, API Gateway fails the request without calling your backend, sends a "Bad
request body" gateway response to the client, and publishes the validation results in CloudWatch
Logs"; "Model validation occurs if you provide a model selection expression for either proxy or
non-proxy integrations"; the expression "evaluates to the key for Route.RequestModels", ``$default``
being the fallback, and "If there is no matching model and $default isn't defined, the validation
fails". The model is JSON Schema draft 4.

So: a message on a route with a ``ModelSelectionExpression`` (whatever its integration type) is
checked before its integration runs. The expression is evaluated on the message as route selection
expressions are (``selection.value_of``: ``${request.body...}`` variables, static text, ``\\$``),
its value names a ``RequestModels`` key, else ``$default``. The body is validated by REST APIs'
draft 4 validator (``rest.validation``: its bounded ``pattern``/``patternProperties``, its time
budget and deadline, its ``$ref`` to other models of the API by
``https://apigateway.amazonaws.com/restapis/{api}/models/{name}``), compiled once per deployment
snapshot (``_compiled``), not per message. A refused message sends the client
``{"message": "Invalid request body", "connectionId", "requestId"}``, logs the reason on the
``gwmock`` logger (INFO) and in the access log (status 400, ``error.validationErrorString``).

Guesses (pinned by tests/websocket/test_ws_request_validation.py):

* The frame's text is REST's BAD_REQUEST_BODY message, "Invalid request body", in the frame AWS
  sends for its other refusals (``Forbidden``, ``Internal server error``); the connection stays open.
* No ``ModelSelectionExpression``: no validation, even with ``RequestModels`` (the docs tie validation
  to the expression). An expression with no model for its value and no ``$default`` model, a model
  name the deployment does not know, a body that is not JSON: refused. An empty message is validated
  as ``{}`` (as REST's empty body). ``$connect`` and ``$disconnect`` carry no body: not validated.
* The models are those of the deployment (frozen in its snapshot when it was made, as routes are): a
  changed model is enforced after the next deployment, at once on an ``AutoDeploy`` stage. A
  deployment made before snapshots held models reads the API's models at its first message.
* A model whose schema cannot be compiled is not enforced (as REST's guess); a body the validator
  cannot finish in time, or nesting deeper than ``MAX_BODY_DEPTH``, is refused.
"""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass
from typing import Any

import jsonschema
from referencing import Registry, Resource
from referencing.jsonschema import DRAFT4

from gwmock.context import Context
from gwmock.documents import DocumentError, parse_json
from gwmock.runtime import patterns
from gwmock.runtime.rest import validation as rest_validation
from gwmock.runtime.websocket import selection

MESSAGE = "Invalid request body"
RESPONSE_TYPE = "BAD_REQUEST_BODY"
MAX_BODY_DEPTH = rest_validation.MAX_BODY_DEPTH
_CACHE_SIZE = 256  # compiled deployments kept; emptied when full
logger = logging.getLogger("gwmock")


@dataclass(frozen=True)
class Refusal:
    """Why a message was refused: ``reason`` for the ``gwmock`` logger, ``validation`` for
    ``$context.error.validationErrorString``."""

    reason: str
    validation: str


def check(ctx: Context, api_id: str, snapshot: Any, route: dict[str, Any], body: str) -> Refusal | None:
    """The refusal of ``body`` on ``route``, or None when it may reach the integration (or the route
    validates nothing: one dict look-up)."""
    expression = route.get("ModelSelectionExpression")
    if not expression:
        return None
    models: dict[str, str] = route.get("RequestModels") or {}
    key = selection.value_of(str(expression), body, max((len(k) for k in models), default=0))
    name = models.get(key) if key is not None else None
    if name is None:
        name = models.get("$default")
    if name is None:
        return Refusal(f"no request model for the key {key!r} and no $default model", "[No model found]")
    validators = _compiled(ctx, api_id, snapshot)
    if name not in validators:
        return Refusal(f"the request model {name!r} is not in the deployment", "[No model found]")
    validator = validators[name]
    return None if validator is None else _validate(validator, body)


def _validate(validator: Any, body: str) -> Refusal | None:
    """The body against one compiled model, within REST's budgets (``rest.validation``)."""
    try:
        document = parse_json(body, max_depth=MAX_BODY_DEPTH) if body.strip() else {}
    except ValueError as refused:  # ``DocumentError``: not JSON, or past a bound of ``gwmock.documents``
        if isinstance(refused, DocumentError) and "nests deeper" in str(refused):
            return _refusal(f"the body nests deeper than {MAX_BODY_DEPTH} levels")
        return Refusal("the body is not JSON", "Invalid JSON")
    try:
        with rest_validation.bounded():
            found = jsonschema.exceptions.best_match(validator.iter_errors(document))
    except patterns.PatternTimeout:
        return _refusal("the body took too long to validate")
    except RecursionError:
        return _refusal("the body nests too deeply for its schema")
    except Exception:  # a schema jsonschema cannot apply (an unresolvable $ref): not enforced
        return None
    return None if found is None else _refusal(found.message)


def _refusal(why: str) -> Refusal:
    return Refusal(f"the body does not match its model: {why}", f"[{why}]")


# --- compiled once per deployment -----------------------------------------------------------------

_LOCK = threading.Lock()
_ENTRIES: dict[int, tuple[Any, dict[str, Any]]] = {}


def _compiled(ctx: Context, api_id: str, snapshot: Any) -> dict[str, Any]:
    """Model name -> its draft 4 validator (None: not enforced), built at a deployment's first
    validated message and kept while the store holds that very snapshot record (``caches.Derived``'s
    rule: a new deployment is a new record). A deployment without a snapshot compiles each time."""
    if snapshot is None:
        return _compile(ctx, api_id)
    entry = _ENTRIES.get(id(snapshot))
    if entry is not None and entry[0] is snapshot:
        return entry[1]
    table = _compile(ctx, api_id, snapshot)
    with _LOCK:
        if len(_ENTRIES) >= _CACHE_SIZE:
            _ENTRIES.clear()
        _ENTRIES[id(snapshot)] = (snapshot, table)  # the entry keeps its key's object alive
    return table


def _compile(ctx: Context, api_id: str, snapshot: Any = None) -> dict[str, Any]:
    """The deployment's models (its snapshot's, frozen when it was made), else the API's now."""
    frozen = snapshot.get("models") if isinstance(snapshot, dict) else None
    if not isinstance(frozen, dict):
        frozen = {m.get("Name"): m.get("Schema") for m in ctx.store.values(("v2", "apis", api_id, "models"))}
    schemas = {str(name): _schema(schema) for name, schema in frozen.items()}
    resources = [(_url(api_id, name), Resource.from_contents(schema, default_specification=DRAFT4))
                 for name, schema in schemas.items() if isinstance(schema, dict)]
    registry: Registry = Registry().with_resources(resources)
    return {name: rest_validation.Draft4({"$ref": _url(api_id, name)}, registry=registry)
            if isinstance(schema, dict) else None for name, schema in schemas.items()}


def _url(api_id: str, name: str) -> str:
    return rest_validation.MODEL_URL.format(api=api_id, name=name)


def _schema(raw: Any) -> Any:
    """A model's schema document (bounded parse); None when it does not parse (not enforced)."""
    if isinstance(raw, dict):
        return raw
    try:
        return parse_json(str(raw or ""))
    except ValueError:
        return None


def refusal_frame(connection_id: str, request_id: str) -> str:
    """The frame a refused message's sender receives."""
    return json.dumps({"message": MESSAGE, "connectionId": connection_id, "requestId": request_id})
