"""CreateRequestValidator, GetRequestValidator, GetRequestValidators,
UpdateRequestValidator, DeleteRequestValidator.

Quirks (aws-recorded, test_apigateway_api):

* both flags default to ``false`` - test_request_validator_lifecycle;
* CreateRequestValidator on a missing API answers 400 ``Invalid REST API identifier
  specified``, not the usual 404 - test_validators_crud_no_api,
  test_create_request_validator_invalid_api_id;
* Get/Delete (and, a guess, Update) on a missing API answer the validator's 404
  ``Invalid Request Validator identifier specified`` - test_invalid_get_request_validator,
  test_invalid_delete_request_validator;
* a ``replace`` without a value sets a flag to ``false``; a blank name is refused with
  ``Request Validator name cannot be blank`` - test_request_validator_lifecycle,
  test_invalid_update_request_validator_operations.

Two validators of one API cannot share a name: "Request Validator name must be unique" is what
CloudFormation stacks report from AWS (serverless/serverless#10099), the reason the Serverless
Framework names its validators per service (serverless/serverless#9382). Guess: it is a 400
BadRequestException (the status is not quoted), on create and on a rename alike, and validators
without a name do not clash.

Guesses: a flag's value is read as Java's ``Boolean.parseBoolean`` does (anything but
"true" is false, as UpdateMethod's /apiKeyRequired shows in test_update_method_validation);
a validator may be created without a name (the model does not require one).

A validator that a method uses cannot be deleted (LocalStack's maintainers, who record
against AWS, state it in localstack/localstack #7846); the 409 and its wording "Cannot
delete request validator '<name>', is referenced in method: <VERB>/<path>" are a guess
modelled on DeleteAuthorizer's refusal, which users quote as "Cannot delete authorizer 'x', is
referenced in method: GET//test" (hashicorp/terraform #6731, #25980).
"""

from __future__ import annotations

from gwmock.apigateway.lookups import rest_api_or_404
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict, NotFound
from gwmock.ids import new_id
from gwmock.paging import page_v1
from gwmock.patch import Applier, Patch, apply_patch, rule
from gwmock.state.base import Record

_NOT_FOUND = "Invalid Request Validator identifier specified"
_DUPLICATE = "Request Validator name must be unique"


def create_request_validator(ctx: Context, params: Params) -> Result:
    if ctx.store.get(("restapis", params["restApiId"])) is None:
        raise BadRequest("Invalid REST API identifier specified")
    if params.get("name") is not None and not params["name"].strip():
        raise BadRequest("Request Validator name cannot be blank")
    _check_unique_name(ctx, params["restApiId"], params.get("name"))
    validator_id = new_id(6)
    record: Record = {
        "id": validator_id,
        "name": params.get("name"),
        "validateRequestBody": bool(params.get("validateRequestBody", False)),
        "validateRequestParameters": bool(params.get("validateRequestParameters", False)),
    }
    if record["name"] is None:
        record.pop("name")
    ctx.store.put(("restapis", params["restApiId"], "requestvalidators", validator_id), record)
    return record


def get_request_validator(ctx: Context, params: Params) -> Result:
    return _validator_or_404(ctx, params["restApiId"], params["requestValidatorId"])


def get_request_validators(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    return page_v1(ctx, ("restapis", api["id"], "requestvalidators"), params)


def update_request_validator(ctx: Context, params: Params) -> Result:
    validator = _validator_or_404(ctx, params["restApiId"], params["requestValidatorId"])
    updated = apply_patch(validator, params.get("patchOperations"), _RULES)
    if updated.get("name") != validator.get("name"):
        _check_unique_name(ctx, params["restApiId"], updated.get("name"))
    ctx.store.put(("restapis", params["restApiId"], "requestvalidators", validator["id"]), updated)
    return updated


def delete_request_validator(ctx: Context, params: Params) -> Result:
    validator = _validator_or_404(ctx, params["restApiId"], params["requestValidatorId"])
    for resource in ctx.store.values(("restapis", params["restApiId"], "resources")):
        for verb, method in (resource.get("resourceMethods") or {}).items():
            if method.get("requestValidatorId") == validator["id"]:
                raise Conflict(f"Cannot delete request validator '{validator.get('name', '')}', is referenced in "
                               f"method: {verb}/{resource.get('path', '')}")
    ctx.store.delete(("restapis", params["restApiId"], "requestvalidators", validator["id"]))
    return {}


def _validator_or_404(ctx: Context, api_id: str, validator_id: str) -> Record:
    record = ctx.store.get(("restapis", api_id, "requestvalidators", validator_id))
    if record is None:
        raise NotFound(_NOT_FOUND)
    return record


def _check_unique_name(ctx: Context, api_id: str, name: str | None) -> None:
    """One name per API (serverless/serverless#10099: AWS refuses a second); nameless ones may repeat."""
    if name is not None and any(v.get("name") == name
                                for v in ctx.store.values(("restapis", api_id, "requestvalidators"))):
        raise BadRequest(_DUPLICATE)


def _set_name(record: Record, patch: Patch) -> None:
    if not isinstance(patch.value, str) or not patch.value.strip():
        raise BadRequest("Request Validator name cannot be blank")
    record["name"] = patch.value


def _set_flag(name: str) -> Applier:
    def apply(record: Record, patch: Patch) -> None:
        record[name] = str(patch.value).lower() == "true" if patch.value is not None else False

    return apply


_RULES = [
    rule("/name", "replace", _set_name),
    rule("/validateRequestParameters", "replace", _set_flag("validateRequestParameters")),
    rule("/validateRequestBody", "replace", _set_flag("validateRequestBody")),
]
