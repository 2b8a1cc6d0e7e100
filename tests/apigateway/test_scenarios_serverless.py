"""Scenario: Chalice / Serverless-framework deployers.

Chalice (``chalice deploy``): find the API by name by paging GetRestApis, ImportRestApi a
swagger 2.0 document the first time and PutRestApi mode=overwrite afterwards, deploy to
stage ``api``, add the Lambda permission's source ARN from the API id; ``chalice
delete`` calls DeleteRestApi. Serverless (``sls deploy`` stage settings): UpdateStage to
add, replace and remove stage variables, turn on tracing and logs, and tag the stage.
"""

from __future__ import annotations

import json

from helpers import assert_error, error_of

REGION = "us-east-1"
ACCOUNT = "123456789012"
FUNCTION = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:myapp-dev"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FUNCTION}/invocations"


def _swagger(routes: list[str], binary: list[str] | None = None) -> dict:
    integration = {"type": "aws_proxy", "httpMethod": "POST", "uri": URI,
                   "passthroughBehavior": "when_no_match", "contentHandling": "CONVERT_TO_TEXT",
                   "responses": {"default": {"statusCode": "200"}}}
    paths = {}
    for route in routes:
        parameters = [{"name": p[1:-1], "in": "path", "required": True, "type": "string"}
                      for p in route.split("/") if p.startswith("{")]
        operation = {"consumes": ["application/json"], "produces": ["application/json"],
                     "responses": {"200": {"description": "200 response",
                                           "schema": {"$ref": "#/definitions/Empty"}}},
                     "x-amazon-apigateway-integration": integration}
        if parameters:
            operation["parameters"] = parameters
        paths[route] = {"get": operation}
    return {
        "swagger": "2.0",
        "info": {"version": "1.0", "title": "myapp"},
        "schemes": ["https"],
        "paths": paths,
        "definitions": {"Empty": {"type": "object", "title": "Empty Schema"}},
        "x-amazon-apigateway-binary-media-types": binary or ["application/octet-stream", "image/jpeg"],
    }


def _find_api(client, name: str) -> str | None:
    """Chalice's ``get_rest_api_id``: page through every API, match the name."""
    for page in client.get_paginator("get_rest_apis").paginate(PaginationConfig={"PageSize": 7}):
        for item in page["items"]:
            if item["name"] == name:
                return item["id"]  # type: ignore[no-any-return]
    return None


def test_get_rest_apis_paging_finds_by_name(apigateway):
    c = apigateway
    ids = [c.create_rest_api(name=f"other-{i}")["id"] for i in range(30)]
    target = c.import_rest_api(body=json.dumps(_swagger(["/"])).encode())["id"]
    assert _find_api(c, "myapp") == target
    assert _find_api(c, "missing") is None
    # raw paging: every API exactly once, the position ends the walk
    seen, position, pages = [], None, 0
    while True:
        kwargs = {"limit": 10, **({"position": position} if position else {})}
        page = c.get_rest_apis(**kwargs)
        pages += 1
        seen += [item["id"] for item in page["items"]]
        position = page.get("position")
        if not position:
            break
    assert pages == 4 and sorted(seen) == sorted([*ids, target])
    assert_error(error_of(c.get_rest_apis, position="garbage!"), "BadRequestException", status=400)


def test_chalice_deploy_redeploy_delete(apigateway):
    c = apigateway
    assert _find_api(c, "myapp") is None
    imported = c.import_rest_api(body=json.dumps(_swagger(["/", "/users/{name}"])).encode(),
                                 parameters={"endpointConfigurationTypes": "EDGE"})
    assert imported["ResponseMetadata"]["HTTPStatusCode"] == 201
    api_id = imported["id"]
    assert imported["name"] == "myapp" and imported["version"] == "1.0"
    assert imported["binaryMediaTypes"] == ["application/octet-stream", "image/jpeg"]
    assert imported["endpointConfiguration"]["types"] == ["EDGE"]
    assert "warnings" not in imported and "tags" not in imported

    deployment = c.create_deployment(restApiId=api_id, stageName="api")
    stage = c.get_stage(restApiId=api_id, stageName="api")
    assert stage["deploymentId"] == deployment["id"]
    resources = {r["path"]: r for r in c.get_resources(restApiId=api_id)["items"]}
    assert sorted(resources) == ["/", "/users", "/users/{name}"]
    integration = c.get_integration(restApiId=api_id, resourceId=resources["/users/{name}"]["id"],
                                    httpMethod="GET")
    assert integration["type"] == "AWS_PROXY" and integration["uri"] == URI
    assert integration["contentHandling"] == "CONVERT_TO_TEXT"
    method = c.get_method(restApiId=api_id, resourceId=resources["/users/{name}"]["id"], httpMethod="GET")
    assert method["requestParameters"] == {"method.request.path.name": True}
    assert method["methodResponses"]["200"]["responseModels"] == {"application/json": "Empty"}

    # second deploy: the same API found by name, overwritten, deployed again
    assert _find_api(c, "myapp") == api_id
    put = c.put_rest_api(restApiId=api_id, mode="overwrite",
                         body=json.dumps(_swagger(["/", "/orders"], binary=["application/pdf"])).encode())
    assert put["binaryMediaTypes"] == ["application/pdf"]
    assert sorted(r["path"] for r in c.get_resources(restApiId=api_id)["items"]) == ["/", "/orders"]
    assert resources["/"]["id"] == put["rootResourceId"]
    second = c.create_deployment(restApiId=api_id, stageName="api")
    assert c.get_stage(restApiId=api_id, stageName="api")["deploymentId"] == second["id"]
    assert [d["id"] for d in c.get_deployments(restApiId=api_id)["items"]] == [deployment["id"], second["id"]]

    # chalice delete
    c.delete_rest_api(restApiId=api_id)
    assert _find_api(c, "myapp") is None
    assert_error(error_of(c.get_stage, restApiId=api_id, stageName="api"), "NotFoundException", status=404)
    assert_error(error_of(c.delete_rest_api, restApiId=api_id), "NotFoundException",
                 f"Invalid API identifier specified {ACCOUNT}:{api_id}", 404)


def test_serverless_stage_settings(apigateway):
    c = apigateway
    api_id = c.import_rest_api(body=json.dumps(_swagger(["/hello"])).encode())["id"]
    c.create_deployment(restApiId=api_id, stageName="dev", variables={"functionAlias": "dev", "logLevel": "debug"})
    assert c.get_stage(restApiId=api_id, stageName="dev")["variables"] == {"functionAlias": "dev",
                                                                          "logLevel": "debug"}

    # add, replace and remove variables in one call
    stage = c.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/variables/tableName", "value": "users-dev"},
        {"op": "replace", "path": "/variables/functionAlias", "value": "live"},
        {"op": "remove", "path": "/variables/logLevel"},
    ])
    assert stage["variables"] == {"functionAlias": "live", "tableName": "users-dev"}
    # tracing, execution logs, access logs (serverless provider.logs.restApi)
    log_group = f"arn:aws:logs:{REGION}:{ACCOUNT}:log-group:/aws/api-gateway/myapp-dev"
    stage = c.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/tracingEnabled", "value": "true"},
        {"op": "replace", "path": "/*/*/logging/dataTrace", "value": "true"},
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "INFO"},
        {"op": "replace", "path": "/accessLogSettings/destinationArn", "value": log_group},
        {"op": "replace", "path": "/accessLogSettings/format", "value": "requestId: $context.requestId"},
    ])
    assert stage["tracingEnabled"] is True
    assert stage["methodSettings"]["*/*"]["dataTraceEnabled"] is True
    assert stage["methodSettings"]["*/*"]["loggingLevel"] == "INFO"
    assert stage["accessLogSettings"] == {"destinationArn": log_group, "format": "requestId: $context.requestId"}
    # logs turned off again
    stage = c.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "remove", "path": "/accessLogSettings"},
        {"op": "replace", "path": "/*/*/logging/loglevel", "value": "OFF"},
    ])
    assert "accessLogSettings" not in stage
    assert stage["methodSettings"]["*/*"]["loggingLevel"] == "OFF"

    # removing every variable leaves none on the stage
    stage = c.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "remove", "path": "/variables/functionAlias"},
        {"op": "remove", "path": "/variables/tableName"},
    ])
    assert "variables" not in stage
    assert "variables" not in c.get_stage(restApiId=api_id, stageName="dev")

    # a bad variable name fails the whole request and changes nothing
    before = c.get_stage(restApiId=api_id, stageName="dev")
    error = error_of(c.update_stage, restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/variables/ok", "value": "1"},
        {"op": "replace", "path": "/variables/bad-name", "value": "2"},
    ])
    assert_error(error, "BadRequestException", status=400)
    after = c.get_stage(restApiId=api_id, stageName="dev")
    assert after["lastUpdatedDate"] == before["lastUpdatedDate"] and "variables" not in after

    # tags on the stage (provider.stackTags / tags via TagResource)
    stage_arn = f"arn:aws:apigateway:{REGION}::/restapis/{api_id}/stages/dev"
    c.tag_resource(resourceArn=stage_arn, tags={"service": "myapp"})
    assert c.get_stage(restApiId=api_id, stageName="dev")["tags"] == {"service": "myapp"}
    c.delete_rest_api(restApiId=api_id)
    assert c.get_rest_apis()["items"] == []


def test_documentation_published_per_stage(apigateway):
    """serverless-aws-documentation: parts, a version on the stage, the export carries them."""
    c = apigateway
    body = _swagger(["/users/{name}"])
    body["paths"]["/users/{name}"]["get"]["parameters"].append(
        {"name": "verbose", "in": "query", "required": False, "type": "string"})
    api_id = c.import_rest_api(body=json.dumps(body).encode())["id"]
    c.create_deployment(restApiId=api_id, stageName="dev")
    parts = [
        ({"type": "API"}, {"info": {"description": "User service"}}),
        ({"type": "METHOD", "path": "/users/{name}", "method": "GET"},
         {"summary": "Get a user", "tags": ["users"], "x-internal": "not exported"}),
        ({"type": "PATH_PARAMETER", "path": "/users/{name}", "method": "GET", "name": "name"},
         {"description": "the user's name"}),
        ({"type": "QUERY_PARAMETER", "path": "/users/{name}", "method": "GET", "name": "verbose"},
         {"description": "more fields"}),
        ({"type": "RESPONSE", "path": "/users/{name}", "method": "GET", "statusCode": "200"},
         {"description": "the user"}),
        ({"type": "MODEL", "name": "Empty"}, {"description": "nothing at all"}),
    ]
    ids = [c.create_documentation_part(restApiId=api_id, location=loc, properties=json.dumps(props))["id"]
           for loc, props in parts]
    version = c.create_documentation_version(restApiId=api_id, documentationVersion="1.0.0", stageName="dev",
                                             description="first docs")
    assert version["version"] == "1.0.0" and version["description"] == "first docs"
    assert c.get_stage(restApiId=api_id, stageName="dev")["documentationVersion"] == "1.0.0"

    def exported(extensions=None):
        kwargs = {"parameters": {"extensions": extensions}} if extensions else {}
        return json.loads(c.get_export(restApiId=api_id, stageName="dev", exportType="swagger", **kwargs)
                          ["body"].read())

    document = exported()
    assert document["info"]["description"] == "User service"
    operation = document["paths"]["/users/{name}"]["get"]
    assert operation["summary"] == "Get a user" and operation["tags"] == ["users"]
    assert "x-internal" not in operation
    assert {p["name"]: p.get("description") for p in operation["parameters"]} == {
        "name": "the user's name", "verbose": "more fields"}
    assert operation["responses"]["200"]["description"] == "the user"
    assert document["definitions"]["Empty"]["description"] == "nothing at all"
    assert "x-amazon-apigateway-documentation" not in document
    extension = exported("documentation")["x-amazon-apigateway-documentation"]
    assert extension["version"] == "1.0.0"
    assert [p["location"] for p in extension["documentationParts"]] == [loc for loc, _ in parts]
    assert extension["documentationParts"][1]["properties"]["x-internal"] == "not exported"

    # the docs change: the stage keeps showing its snapshot until it names a new version
    c.update_documentation_part(restApiId=api_id, documentationPartId=ids[1], patchOperations=[
        {"op": "replace", "path": "/properties", "value": json.dumps({"summary": "Fetch a user"})}])
    assert exported()["paths"]["/users/{name}"]["get"]["summary"] == "Get a user"
    c.create_documentation_version(restApiId=api_id, documentationVersion="1.1.0")
    c.update_stage(restApiId=api_id, stageName="dev", patchOperations=[
        {"op": "replace", "path": "/documentationVersion", "value": "1.1.0"}])
    assert exported()["paths"]["/users/{name}"]["get"]["summary"] == "Fetch a user"
    # the plugin's redeploy: every part deleted, then created again
    for part in c.get_documentation_parts(restApiId=api_id)["items"]:
        c.delete_documentation_part(restApiId=api_id, documentationPartId=part["id"])
    assert c.get_documentation_parts(restApiId=api_id)["items"] == []
    assert [v["version"] for v in c.get_documentation_versions(restApiId=api_id)["items"]] == ["1.0.0", "1.1.0"]
    assert exported()["paths"]["/users/{name}"]["get"]["summary"] == "Fetch a user"  # snapshots keep them
