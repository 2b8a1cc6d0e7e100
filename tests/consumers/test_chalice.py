"""Chalice behind gwmock: a real Chalice app (``chalice_app/``) deployed with Chalice's own code.

Chalice's ``SwaggerGenerator`` writes the OpenAPI document (``aws_proxy`` integrations, binary
media types, CORS preflight ``mock`` methods, security definitions for its built-in authorizer,
a plain Lambda authorizer and API keys); Chalice's ``TypedAWSClient`` imports it, deploys it to
the ``api`` stage and, for the WebSocket handler, creates the WebSocket API the way ``chalice
deploy`` plans it. The Chalice ``app`` object and the authorizers answer as Lambda functions.
Every route is then called with ``requests``: what the test asserts is what Chalice answers
through API Gateway, and what Chalice read from the proxy event (``current_request``).
Two more ways in: the SAM template ``chalice package`` writes, deployed with ``deploy_template``,
and the real ``chalice deploy`` deployer with moto for IAM and Lambda.
"""

from __future__ import annotations

import importlib.util
import json
import os
import shutil
import subprocess
import sys
import time
from pathlib import Path
from types import ModuleType, SimpleNamespace

import boto3
import botocore.session
import pytest
import requests

pytest.importorskip("chalice")
from chalice.awsclient import TypedAWSClient  # noqa: E402
from chalice.deploy.swagger import SwaggerGenerator  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
PROJECT = Path(__file__).parent / "chalice_app"
HANDLER = "pets-dev"  # chalice's name for the API handler: {app_name}-{stage}
AUTHORIZER = "pets-dev-chalice_auth"  # and for a built-in authorizer: {app_name}-{stage}-{name}


def _load_app() -> ModuleType:
    """A fresh copy of the app module (Chalice objects hold per-deployment state such as the
    WebSocket endpoint). Chalice's constructor writes AWS_EXECUTION_ENV; it is put back."""
    before = os.environ.get("AWS_EXECUTION_ENV")
    spec = importlib.util.spec_from_file_location("chalice_pets_app", PROJECT / "app.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    finally:
        if before is None:
            os.environ.pop("AWS_EXECUTION_ENV", None)
        else:
            os.environ["AWS_EXECUTION_ENV"] = before
    return module


def _token_checker(event, context):
    """A Lambda authorizer Chalice did not write: allows any token but ``no``."""
    effect = "Deny" if event["authorizationToken"] == "no" else "Allow"
    return {"principalId": "checker", "context": {"token": event["authorizationToken"], "level": 3},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": effect, "Resource": event["methodArn"]}]}}


@pytest.fixture
def chalice_aws(gwmock):
    """Chalice's own AWS client over a botocore session (what ``chalice deploy`` uses)."""
    session = botocore.session.Session()
    session.set_credentials("testing", "testing")
    session.set_config_variable("region", REGION)
    return TypedAWSClient(session)


@pytest.fixture
def deployed(gwmock, chalice_aws, apigateway):
    """The app's REST API as ``chalice deploy`` makes it: swagger, ImportRestApi, CreateDeployment."""
    module = _load_app()
    resources = {"api_handler_arn": FN + HANDLER, "api_handler_name": HANDLER,
                 "lambda_functions": {AUTHORIZER: {"arn": FN + AUTHORIZER}}}
    swagger = SwaggerGenerator(REGION, resources).generate_swagger(module.app)
    api_id = chalice_aws.import_rest_api(swagger, "EDGE")
    chalice_aws.deploy_rest_api(api_id, "api", xray=False)
    gwmock.add_lambda(FN + HANDLER, module.app)
    gwmock.add_lambda(FN + AUTHORIZER, module.chalice_auth)
    gwmock.add_lambda(FN + "token-checker", _token_checker)
    base = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/api"
    return SimpleNamespace(api_id=api_id, base=base, module=module, swagger=swagger, client=apigateway)


def _resources(client, api_id):
    return {r["path"]: r for r in client.get_resources(restApiId=api_id, embed=["methods"])["items"]}


# --- what the import created -------------------------------------------------------------------


def test_import_creates_the_resources_methods_and_integrations_chalice_declares(deployed):
    client, api_id = deployed.client, deployed.api_id
    api = client.get_rest_api(restApiId=api_id)
    assert api["name"] == "pets"
    assert api["binaryMediaTypes"] == deployed.module.app.api.binary_types
    assert "application/x-pets" in api["binaryMediaTypes"]
    assert api["endpointConfiguration"]["types"] == ["EDGE"]

    resources = _resources(client, api_id)
    assert set(resources) == {"/", "/pets", "/pets/{pet_id}", "/owners", "/owners/{owner}",
                              "/owners/{owner}/pets", "/owners/{owner}/pets/{pet_id}", "/search",
                              "/notes", "/blobs", "/pets.bin", "/login", "/whoami", "/context", "/open",
                              "/shop", "/keyed", "/private", "/token", "/boom"}
    assert set(resources["/owners/{owner}/pets/{pet_id}"]["resourceMethods"]) == {"GET", "DELETE"}
    assert set(resources["/pets"]["resourceMethods"]) == {"POST", "PUT"}
    assert set(resources["/shop"]["resourceMethods"]) == {"GET", "POST", "OPTIONS"}
    assert "resourceMethods" not in resources["/owners"]  # an intermediate path has no method

    get_pet = resources["/pets/{pet_id}"]["resourceMethods"]["GET"]
    assert get_pet["authorizationType"] == "NONE"
    assert get_pet["requestParameters"] == {"method.request.path.pet_id": True}
    integration = get_pet["methodIntegration"]
    assert integration["type"] == "AWS_PROXY"
    assert integration["httpMethod"] == "POST"
    assert integration["uri"] == (f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/"
                                  f"{FN}{HANDLER}/invocations")
    assert integration["passthroughBehavior"] == "WHEN_NO_MATCH"
    assert integration["contentHandling"] == "CONVERT_TO_TEXT"

    preflight = resources["/open"]["resourceMethods"]["OPTIONS"]["methodIntegration"]
    assert preflight["type"] == "MOCK"
    assert preflight["requestTemplates"] == {"application/json": '{"statusCode": 200}'}
    assert preflight["integrationResponses"]["200"]["responseParameters"][
        "method.response.header.Access-Control-Allow-Methods"] == "'GET,OPTIONS'"


def test_import_creates_the_authorizers_and_method_security(deployed):
    client, api_id = deployed.client, deployed.api_id
    authorizers = {a["name"]: a for a in client.get_authorizers(restApiId=api_id)["items"]}
    assert set(authorizers) == {"chalice_auth", "TokenChecker"}
    builtin = authorizers["chalice_auth"]
    assert (builtin["type"], builtin["authType"]) == ("TOKEN", "custom")
    assert builtin["identitySource"] == "method.request.header.Authorization"
    assert builtin["authorizerUri"].endswith(f"/functions/{FN}{AUTHORIZER}/invocations")
    assert "authorizerResultTtlInSeconds" not in builtin  # Chalice sets no TTL unless configured
    checker = authorizers["TokenChecker"]
    assert checker["identitySource"] == "method.request.header.X-Token"
    assert checker["authorizerResultTtlInSeconds"] == 300  # CustomAuthorizer's default

    resources = _resources(client, api_id)
    private = resources["/private"]["resourceMethods"]["GET"]
    assert (private["authorizationType"], private["authorizerId"]) == ("CUSTOM", builtin["id"])
    token = resources["/token"]["resourceMethods"]["GET"]
    assert (token["authorizationType"], token["authorizerId"]) == ("CUSTOM", checker["id"])
    assert resources["/keyed"]["resourceMethods"]["GET"]["apiKeyRequired"] is True
    assert resources["/pets/{pet_id}"]["resourceMethods"]["GET"]["apiKeyRequired"] is False
    stage = client.get_stage(restApiId=api_id, stageName="api")
    assert stage["tracingEnabled"] is False


# --- routes ------------------------------------------------------------------------------------


def test_root_and_path_parameters(deployed):
    assert requests.get(f"{deployed.base}/", timeout=5).json() == {"hello": "world"}
    pet = requests.get(f"{deployed.base}/pets/1", timeout=5)
    assert (pet.status_code, pet.headers["Content-Type"]) == (200, "application/json")
    assert pet.json() == {"id": "1", "name": "Rex", "kind": "dog"}
    for method in ("GET", "DELETE"):
        owned = requests.request(method, f"{deployed.base}/owners/ann/pets/2", timeout=5)
        assert owned.json() == {"owner": "ann", "pet": "2", "method": method}
    # REST APIs pass path parameters as the client encoded them (aws-recorded: test_apigateway_lambda
    # test_lambda_aws_proxy_integration / invocation-payload-with-path-encoded-email keeps ``%2B``)
    encoded = requests.get(f"{deployed.base}/owners/ann%20lee/pets/a%2Bb", timeout=5).json()
    assert (encoded["owner"], encoded["pet"]) == ("ann%20lee", "a%2Bb")


def test_query_strings_with_repeated_keys(deployed):
    found = requests.get(f"{deployed.base}/search?tag=a&q=x&tag=b%20c", timeout=5).json()
    # multiValueQueryStringParameters keeps every value; a plain lookup gives the last one
    assert found == {"params": {"tag": "b c", "q": "x"}, "tags": ["a", "b c"]}
    assert requests.get(f"{deployed.base}/search", timeout=5).json() == {"params": None}


def test_json_bodies_on_post_and_put(deployed):
    created = requests.post(f"{deployed.base}/pets", json={"name": "Fido", "age": 3}, timeout=5)
    assert created.status_code == 201
    assert created.headers["Location"] == "/pets/Fido"
    assert created.json() == {"saved": {"name": "Fido", "age": 3}, "method": "POST"}
    replaced = requests.put(f"{deployed.base}/pets", json={"name": "Rex"}, timeout=5)
    assert replaced.json() == {"saved": {"name": "Rex"}, "method": "PUT"}


def test_raw_text_body_and_content_type_check(deployed):
    note = requests.put(f"{deployed.base}/notes", data="héllo".encode(), headers={"Content-Type": "text/plain"},
                        timeout=5)
    assert (note.status_code, note.headers["Content-Type"]) == (200, "text/plain")
    assert note.content.decode() == "HÉLLO"
    refused = requests.put(f"{deployed.base}/notes", json={"x": 1}, timeout=5)
    assert refused.status_code == 415  # Chalice checks content_types itself
    assert refused.json() == {"Code": "UnsupportedMediaType", "Message": "Unsupported media type: application/json"}


def test_binary_request_and_response_round_trip(deployed):
    data = bytes(range(256))
    echoed = requests.post(f"{deployed.base}/blobs", data=data, timeout=5,
                           headers={"Content-Type": "application/octet-stream", "Accept": "application/octet-stream"})
    assert (echoed.status_code, echoed.headers["Content-Type"]) == (200, "application/octet-stream")
    assert echoed.content == data[::-1]  # the body reached Chalice base64-encoded and came back as bytes
    blob = requests.get(f"{deployed.base}/pets.bin", headers={"Accept": "application/x-pets"}, timeout=5)
    assert (blob.status_code, blob.headers["Content-Length"], blob.content) == (200, "256", data)


def test_binary_response_needs_a_binary_accept_header(deployed):
    refused = requests.get(f"{deployed.base}/pets.bin", headers={"Accept": "application/json"}, timeout=5)
    assert refused.status_code == 400
    assert refused.json()["Code"] == "BadRequest"
    assert refused.json()["Message"].startswith("Request did not specify an Accept header with application/x-pets")


def test_custom_response_with_status_headers_and_cookies(deployed):
    session = requests.Session()
    login = session.post(f"{deployed.base}/login", json={"user": "ann"}, timeout=5)
    assert (login.status_code, login.json()) == (202, {"user": "ann"})
    assert login.raw.headers.getlist("Set-Cookie") == ["session=ann; Path=/; Secure", "theme=dark; Path=/; Secure"]
    assert login.raw.headers.getlist("X-Pets") == ["1", "2"]
    assert login.headers["X-Single"] == "yes"
    assert dict(session.cookies) == {"session": "ann", "theme": "dark"}
    cookie = session.get(f"{deployed.base}/whoami", timeout=5).json()["cookie"]
    assert sorted(cookie.split("; ")) == ["session=ann", "theme=dark"]


def test_current_request_context_is_what_api_gateway_sends(deployed):
    before = time.time()
    answer = requests.get(f"{deployed.base}/context?x=1", headers={"User-Agent": "pets-client/2"}, timeout=5)
    seen = answer.json()
    context = seen["context"]
    assert seen["path"] == "/context"
    assert seen["stage_vars"] is None
    assert context["stage"] == "api"
    assert context["apiId"] == deployed.api_id
    assert context["accountId"] == ACCOUNT
    assert context["resourcePath"] == "/context"
    assert context["path"] == "/api/context"
    assert context["httpMethod"] == "GET"
    assert context["protocol"] == "HTTP/1.1"
    assert context["domainName"] == f"{deployed.api_id}.execute-api.{REGION}.amazonaws.com"
    assert context["domainPrefix"] == deployed.api_id
    deployments = deployed.client.get_deployments(restApiId=deployed.api_id)["items"]
    assert context["deploymentId"] == deployments[0]["id"]
    resource = _resources(deployed.client, deployed.api_id)["/context"]
    assert context["resourceId"] == resource["id"]
    # the ids the answer carries are the ones the function saw
    assert context["requestId"] == answer.headers["x-amzn-RequestId"]
    assert context["extendedRequestId"] == answer.headers["x-amz-apigw-id"]
    assert before * 1000 - 1000 <= context["requestTimeEpoch"] <= time.time() * 1000 + 1000
    identity = context["identity"]
    assert identity["userAgent"] == "pets-client/2"
    assert identity["sourceIp"] == seen["headers"]["x-forwarded-for"]
    # the fields AWS lists (aws-recorded: test_apigateway_lambda test_lambda_aws_proxy_integration)
    assert sorted(identity) == ["accessKey", "accountId", "caller", "cognitoAuthenticationProvider",
                                "cognitoAuthenticationType", "cognitoIdentityId", "cognitoIdentityPoolId",
                                "principalOrgId", "sourceIp", "user", "userAgent", "userArn"]
    assert seen["headers"]["host"] == f"{deployed.api_id}.execute-api.{REGION}.amazonaws.com"
    assert seen["headers"]["x-forwarded-proto"] == "https"
    assert "authorizer" not in context


def test_cors_true_preflight_and_headers(deployed):
    preflight = requests.options(f"{deployed.base}/open", headers={"Origin": "https://a.example"}, timeout=5)
    assert (preflight.status_code, preflight.content) == (200, b"")
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET,OPTIONS"
    assert preflight.headers["Access-Control-Allow-Origin"] == "*"
    assert preflight.headers["Access-Control-Allow-Headers"] == (
        "Authorization,Content-Type,X-Amz-Date,X-Amz-Security-Token,X-Api-Key")
    answer = requests.get(f"{deployed.base}/open", timeout=5)
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.json() == {"cors": "any"}


def test_cors_config_preflight_and_headers(deployed):
    preflight = requests.options(f"{deployed.base}/shop", timeout=5)
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET,POST,OPTIONS"
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://shop.example.com"
    assert preflight.headers["Access-Control-Allow-Headers"].endswith(",X-Pet")
    assert preflight.headers["Access-Control-Max-Age"] == "600"
    assert preflight.headers["Access-Control-Expose-Headers"] == "X-Count"
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
    answer = requests.post(f"{deployed.base}/shop", timeout=5)
    assert (answer.json(), answer.headers["X-Count"]) == ({"cors": "shop"}, "3")
    assert answer.headers["Access-Control-Allow-Origin"] == "https://shop.example.com"


def test_api_key_required(deployed):
    client = deployed.client
    refused = requests.get(f"{deployed.base}/keyed", timeout=5)
    assert (refused.status_code, refused.json()) == (403, {"message": "Forbidden"})
    assert refused.headers["x-amzn-ErrorType"] == "ForbiddenException"

    key = client.create_api_key(name="pets-key", enabled=True)
    plan = client.create_usage_plan(name="pets-plan", apiStages=[{"apiId": deployed.api_id, "stage": "api"}])
    client.create_usage_plan_key(usagePlanId=plan["id"], keyId=key["id"], keyType="API_KEY")
    wrong = requests.get(f"{deployed.base}/keyed", headers={"x-api-key": "not-" + key["value"]}, timeout=5)
    assert (wrong.status_code, wrong.json()) == (403, {"message": "Forbidden"})
    allowed = requests.get(f"{deployed.base}/keyed", headers={"x-api-key": key["value"]}, timeout=5)
    assert (allowed.status_code, allowed.json()) == (200, {"key": key["value"]})


def test_chalice_builtin_authorizer(deployed):
    missing = requests.get(f"{deployed.base}/private", timeout=5)
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    assert missing.headers["x-amzn-ErrorType"] == "UnauthorizedException"
    # AuthResponse(routes=[]) allows no resource: an implicit deny
    denied = requests.get(f"{deployed.base}/private", headers={"Authorization": "Bearer deny"}, timeout=5)
    assert (denied.status_code, denied.json()) == (403, {"message": "User is not authorized to access this resource"})
    assert denied.headers["x-amzn-ErrorType"] == "AccessDeniedException"
    allowed = requests.get(f"{deployed.base}/private", headers={"Authorization": "Bearer ann"}, timeout=5)
    assert allowed.status_code == 200
    authorizer = allowed.json()["authorizer"]
    assert (authorizer["principalId"], authorizer["plan"]) == ("ann", "gold")
    assert isinstance(authorizer["integrationLatency"], int)


def test_plain_lambda_authorizer(deployed):
    missing = requests.get(f"{deployed.base}/token", timeout=5)
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    denied = requests.get(f"{deployed.base}/token", headers={"X-Token": "no"}, timeout=5)
    assert denied.status_code == 403
    # AWS's wording (Knowledge Center, "troubleshoot HTTP 403 Forbidden errors ... Lambda authorizer")
    assert denied.json() == {"message": "User is not authorized to access this resource with an explicit deny"}
    allowed = requests.get(f"{deployed.base}/token", headers={"X-Token": "t-1"}, timeout=5)
    authorizer = allowed.json()["authorizer"]
    # the proxy event's authorizer context holds strings (numbers are converted)
    assert (authorizer["principalId"], authorizer["token"], authorizer["level"]) == ("checker", "t-1", "3")


def test_chalice_errors_and_api_gateway_errors(deployed):
    missing = requests.get(f"{deployed.base}/pets/9", timeout=5)
    assert (missing.status_code, missing.json()) == (404, {"Code": "NotFoundError", "Message": "no pet 9"})
    bad = requests.put(f"{deployed.base}/pets", json={}, timeout=5)
    assert (bad.status_code, bad.json()) == (400, {"Code": "BadRequestError", "Message": "a pet needs a name"})
    broken = requests.get(f"{deployed.base}/boom", timeout=5)
    assert broken.status_code == 500  # Chalice's own answer, passed through by the proxy integration
    assert broken.json() == {"Code": "InternalServerError", "Message": "An internal server error occurred."}
    assert "x-amzn-ErrorType" not in broken.headers
    # a path or method the API does not declare never reaches Chalice
    for method, path in (("GET", "/nowhere"), ("PATCH", "/pets/1")):
        answer = requests.request(method, f"{deployed.base}{path}", timeout=5)
        assert (answer.status_code, answer.json()) == (403, {"message": "Missing Authentication Token"})


def test_redeploy_with_put_rest_api_overwrite(deployed, chalice_aws):
    """``chalice deploy`` on an existing API: PutRestApi (overwrite) with the new swagger, redeploy."""
    module = deployed.module

    @module.app.route("/pets/{pet_id}/toys")
    def toys(pet_id):
        return {"toys": [f"ball-of-{pet_id}"]}

    resources = {"api_handler_arn": FN + HANDLER, "api_handler_name": HANDLER,
                 "lambda_functions": {AUTHORIZER: {"arn": FN + AUTHORIZER}}}
    chalice_aws.update_api_from_swagger(deployed.api_id, SwaggerGenerator(REGION, resources).generate_swagger(
        module.app))
    chalice_aws.deploy_rest_api(deployed.api_id, "api", xray=False)
    assert requests.get(f"{deployed.base}/pets/5/toys", timeout=5).json() == {"toys": ["ball-of-5"]}
    assert requests.get(f"{deployed.base}/pets/1", timeout=5).json()["name"] == "Rex"
    assert len(deployed.client.get_authorizers(restApiId=deployed.api_id)["items"]) == 2


# --- WebSocket ----------------------------------------------------------------------------------


def test_websocket_message_handler(gwmock, chalice_aws, monkeypatch):
    """The WebSocket API as ``chalice deploy`` plans it (one integration per handler, the message
    handler on ``$default``); the handler answers through ``app.websocket_api.send``."""
    monkeypatch.setenv("AWS_REGION", REGION)
    module = _load_app()
    module.app.websocket_api.session = boto3.Session(region_name=REGION, aws_access_key_id="testing",
                                                     aws_secret_access_key="testing")
    name = "pets-dev-websocket_message"
    gwmock.add_lambda(FN + name, module.message)
    api_id = chalice_aws.create_websocket_api("pets-dev-websocket-api")
    uri = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}{name}/invocations"
    integration = chalice_aws.create_websocket_integration(api_id, uri, "message")
    chalice_aws.create_websocket_route(api_id, "$default", integration)
    chalice_aws.create_stage(api_id, "api", chalice_aws.deploy_websocket_api(api_id))

    connection = gwmock.websocket(f"wss://{api_id}.execute-api.{REGION}.amazonaws.com/api")
    connection.send("hello")
    connection.send(json.dumps({"action": "other", "n": 1}))
    assert connection.received == ["echo:hello", 'echo:{"action": "other", "n": 1}']
    assert connection.errors == []
    connection.close()


# --- ``chalice package``: the SAM template ------------------------------------------------------


def test_chalice_package_sam_template_deploys(gwmock, tmp_path, monkeypatch):
    """``chalice package`` (run as Chalice's CLI, no requirements: no pip, no network) writes a SAM
    template whose RestAPI holds the swagger (``Fn::Sub`` integration URIs) and a WebSocket API.
    Its code is ``./deployment.zip`` (the app and Chalice's runtime package), which gwmock imports
    in place: only the token checker, a function outside the app, is registered."""
    project = tmp_path / "pets"
    shutil.copytree(PROJECT, project)
    env = {**os.environ, "AWS_DEFAULT_REGION": REGION}
    subprocess.run([sys.executable, "-c", "import sys; from chalice.cli import main; sys.exit(main())",
                    "package", "--stage", "dev", str(tmp_path / "out")],
                   cwd=project, env=env, check=True, capture_output=True, timeout=120)
    template = json.loads((tmp_path / "out" / "sam.json").read_text())
    assert template["Resources"]["RestAPI"]["Type"] == "AWS::Serverless::Api"
    assert template["Resources"]["RestAPI"]["Properties"]["StageName"] == "api"

    monkeypatch.setenv("AWS_REGION", REGION)
    gwmock.add_lambda(FN + "token-checker", _token_checker)
    stack = gwmock.deploy_template(tmp_path / "out" / "sam.json")

    base = stack.outputs["EndpointURL"]  # https://{api}.execute-api.us-east-1.amazonaws.com/api/
    assert requests.get(f"{base}pets/2", timeout=5).json() == {"id": "2", "name": "Tom", "kind": "cat"}
    blob = requests.get(f"{base}pets.bin", headers={"Accept": "application/x-pets"}, timeout=5)
    assert blob.content == bytes(range(256))
    assert requests.get(f"{base}private", timeout=5).status_code == 401
    allowed = requests.get(f"{base}private", headers={"Authorization": "Bearer bo"}, timeout=5)
    assert allowed.json()["authorizer"]["principalId"] == "bo"
    assert requests.options(f"{base}open", timeout=5).headers["Access-Control-Allow-Origin"] == "*"
    context = requests.get(f"{base}context", timeout=5).json()["context"]
    assert (context["stage"], context["apiId"]) == ("api", stack.outputs["RestAPIId"])

    connection = gwmock.websocket(stack.outputs["WebsocketConnectEndpointURL"].rstrip("/"))
    connection.send("hi")
    assert connection.received == ["echo:hi"]


# --- ``chalice deploy``: Chalice's deployer, moto for IAM and Lambda ------------------------------


@pytest.fixture
def chalice_project(tmp_path, monkeypatch):
    """A copy of the project for Chalice's CLI factory, which imports ``app`` by that name from the
    project folder: ``sys.path``, ``sys.modules['app']`` and AWS_EXECUTION_ENV are put back after."""
    moto = pytest.importorskip("moto")
    project = tmp_path / "pets"
    shutil.copytree(PROJECT, project)
    monkeypatch.setenv("AWS_DEFAULT_REGION", REGION)
    monkeypatch.setenv("AWS_EXECUTION_ENV", "test")  # restored (or removed) at teardown
    monkeypatch.setattr(sys, "path", list(sys.path))
    saved = sys.modules.pop("app", None)
    try:
        with moto.mock_aws():
            yield project
    finally:
        sys.modules.pop("app", None)
        if saved is not None:
            sys.modules["app"] = saved


def test_chalice_deploy_redeploy_and_delete(chalice_project, gwmock):
    """The real ``chalice deploy``: IAM role and Lambda functions in moto, the REST and WebSocket
    APIs in gwmock (moto started first, as docs/migrating-from-moto.md shows)."""
    from chalice.cli.factory import CLIFactory  # noqa: PLC0415
    from chalice.deploy.deployer import create_deletion_deployer  # noqa: PLC0415
    from chalice.utils import UI  # noqa: PLC0415

    factory = CLIFactory(str(chalice_project))
    session = factory.create_botocore_session()
    config = factory.create_config_obj(chalice_stage_name="dev")
    deployed = factory.create_default_deployer(session, config, UI()).deploy(config, chalice_stage_name="dev")
    by_name = {r["name"]: r for r in deployed["resources"]}
    assert by_name["api_handler"]["lambda_arn"] == FN + HANDLER
    assert by_name["chalice_auth"]["lambda_arn"] == FN + AUTHORIZER
    app = sys.modules["app"]  # the module Chalice's factory loaded
    gwmock.add_lambda(HANDLER, app.app)
    gwmock.add_lambda(AUTHORIZER, app.chalice_auth)
    url = by_name["rest_api"]["rest_api_url"]  # https://{api}.execute-api.us-east-1.amazonaws.com/api/
    api_id = by_name["rest_api"]["rest_api_id"]
    assert url == f"https://{api_id}.execute-api.{REGION}.amazonaws.com/api/"
    assert requests.get(f"{url}pets/1", timeout=5).json() == {"id": "1", "name": "Rex", "kind": "dog"}
    allowed = requests.get(f"{url}private", headers={"Authorization": "Bearer cy"}, timeout=5)
    assert allowed.json()["authorizer"]["principalId"] == "cy"
    assert by_name["websocket_api"]["websocket_api_url"].startswith("wss://")

    # a second deploy finds the API by its recorded id and overwrites it (PutRestApi), same id
    config = factory.create_config_obj(chalice_stage_name="dev")
    again = factory.create_default_deployer(session, config, UI()).deploy(config, chalice_stage_name="dev")
    assert {r["name"]: r for r in again["resources"]}["rest_api"]["rest_api_id"] == api_id
    assert requests.get(f"{url}pets/2", timeout=5).json()["name"] == "Tom"
    apigateway = boto3.client("apigateway", region_name=REGION)
    assert len(apigateway.get_deployments(restApiId=api_id)["items"]) == 2

    # ``chalice delete``
    config = factory.create_config_obj(chalice_stage_name="dev")
    create_deletion_deployer(TypedAWSClient(session), UI()).deploy(config, chalice_stage_name="dev")
    assert [a["id"] for a in apigateway.get_rest_apis()["items"]] == []
    gone = requests.get(f"{url}pets/1", timeout=5)
    assert (gone.status_code, gone.json()) == (403, {"message": "Forbidden"})
