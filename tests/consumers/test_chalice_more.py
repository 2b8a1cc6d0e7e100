"""Chalice in depth: a second app (``chalice_app_more/``) with the features the first one leaves out.

Deployed as ``chalice deploy`` does it (Chalice's ``SwaggerGenerator``, ``TypedAWSClient``: REGIONAL
endpoint, ``minimumCompressionSize`` patch, stage ``v1`` with X-Ray) and as the SAM and Terraform
output of ``chalice package``, then called with ``requests`` and ``gw.websocket``. Assertions are
what AWS answers (sources quoted where they are not Chalice's own behaviour).
"""

from __future__ import annotations

import base64
import gzip
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
from botocore.auth import SigV4Auth
from botocore.awsrequest import AWSRequest
from botocore.credentials import Credentials

pytest.importorskip("chalice")
from chalice.awsclient import TypedAWSClient  # noqa: E402
from chalice.deploy.swagger import SwaggerGenerator  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
PROJECT = Path(__file__).parent / "chalice_app_more"
HANDLER = "zoo-dev"
KEEPER = "zoo-dev-keeper"
STAGE = "v1"
POOL = "https://cognito-idp.us-east-1.amazonaws.com/us-east-1_zoo"


def _load_app() -> ModuleType:
    """A fresh copy of the app module; AWS_EXECUTION_ENV (set by Chalice's constructor) put back."""
    before = os.environ.get("AWS_EXECUTION_ENV")
    spec = importlib.util.spec_from_file_location("chalice_zoo_app", PROJECT / "app.py")
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


def _jwt(claims: dict) -> str:
    def part(value: dict) -> str:
        return base64.urlsafe_b64encode(json.dumps(value).encode()).rstrip(b"=").decode()
    return f"{part({'alg': 'RS256', 'kid': 'k'})}.{part(claims)}.c2ln"


@pytest.fixture
def chalice_aws(gwmock):
    session = botocore.session.Session()
    session.set_credentials("testing", "testing")
    session.set_config_variable("region", REGION)
    return TypedAWSClient(session)


@pytest.fixture
def deployed(gwmock, chalice_aws, apigateway):
    """The plan ``chalice deploy`` runs for a new REST API with this config (planner.py)."""
    module = _load_app()
    resources = {"api_handler_arn": FN + HANDLER, "api_handler_name": HANDLER,
                 "lambda_functions": {KEEPER: {"arn": FN + KEEPER}}}
    swagger = SwaggerGenerator(REGION, resources).generate_swagger(module.app)
    api_id = chalice_aws.import_rest_api(swagger, "REGIONAL")
    chalice_aws.update_rest_api(api_id, [{"op": "replace", "path": "/minimumCompressionSize", "value": "100"}])
    chalice_aws.deploy_rest_api(api_id, STAGE, xray=True)
    gwmock.add_lambda(FN + HANDLER, module.app)
    gwmock.add_lambda(FN + KEEPER, module.keeper)
    base = f"https://{api_id}.execute-api.{REGION}.amazonaws.com/{STAGE}"
    client = boto3.client("apigateway", region_name=REGION)
    return SimpleNamespace(api_id=api_id, base=base, module=module, swagger=swagger, client=client)


# --- configuration ------------------------------------------------------------------------------


def test_regional_endpoint_compression_and_tracing(deployed):
    api = deployed.client.get_rest_api(restApiId=deployed.api_id)
    assert api["endpointConfiguration"]["types"] == ["REGIONAL"]
    assert api["minimumCompressionSize"] == 100
    assert api["binaryMediaTypes"] == deployed.module.app.api.binary_types
    assert api["binaryMediaTypes"][-2:] == ["video/webm", "application/x-zoo"]
    stage = deployed.client.get_stage(restApiId=deployed.api_id, stageName=STAGE)
    assert stage["tracingEnabled"] is True


def test_answers_over_the_minimum_compression_size_are_gzipped(deployed):
    """https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-gzip-compression-decompression.html"""
    big = requests.get(f"{deployed.base}/big", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=5)
    raw = big.raw.read(decode_content=False)
    assert big.headers["Content-Encoding"] == "gzip"
    assert json.loads(gzip.decompress(raw)) == {"data": "z" * 500}
    small = requests.get(f"{deployed.base}/lambda-context", headers={"Accept-Encoding": "gzip"}, timeout=5)
    assert "Content-Encoding" not in small.headers
    plain = requests.get(f"{deployed.base}/big", headers={"Accept-Encoding": "identity"}, timeout=5)
    assert "Content-Encoding" not in plain.headers
    assert plain.json() == {"data": "z" * 500}


# --- routes -------------------------------------------------------------------------------------


def test_method_lists_share_one_view(deployed):
    for method in ("GET", "POST", "PATCH"):
        answer = requests.request(method, f"{deployed.base}/items/box", timeout=5)
        assert answer.json() == {"item": "box", "method": method, "uri_params": {"item": "box"}}
    refused = requests.put(f"{deployed.base}/items/box", timeout=5)
    assert (refused.status_code, refused.json()) == (403, {"message": "Missing Authentication Token"})


def test_path_parameters_with_special_characters_stay_encoded(deployed):
    """REST APIs hand path parameters on as the client encoded them (aws-recorded:
    test_apigateway_lambda, invocation-payload-with-path-encoded-email)."""
    for raw in ("a.b-c_d~e", "caf%C3%A9", "x%2Fy", "me%40example.com", "100%25", "a:b", "a'b", "(x)"):
        seen = requests.get(f"{deployed.base}/items/{raw}", timeout=5).json()
        assert seen["item"] == raw, raw


def test_json_and_form_bodies_and_bad_json(deployed):
    assert requests.post(f"{deployed.base}/echo", json={"a": [1, 2]}, timeout=5).json() == {"json": {"a": [1, 2]}}
    form = requests.post(f"{deployed.base}/echo", data={"k": "v w"}, timeout=5)
    assert form.json() == {"raw": "k=v+w"}
    broken = requests.post(f"{deployed.base}/echo", data="{not json", timeout=5,
                           headers={"Content-Type": "application/json"})
    assert (broken.status_code, broken.json()) == (400, {"Code": "BadRequestError",
                                                         "Message": "Error Parsing JSON"})
    assert requests.get(f"{deployed.base}/bad", timeout=5).json() == {"Code": "BadRequestError", "Message": "nope"}


def test_repeated_query_keys_reach_multi_value_parameters(deployed):
    seen = requests.get(f"{deployed.base}/multi?a=1&b=x&a=2&a=&c=%26", timeout=5).json()
    assert seen == {"all": {"a": ["1", "2", ""], "b": ["x"], "c": ["&"]}, "last": {"a": "", "b": "x", "c": "&"}}


def test_binary_image_in_and_out(deployed):
    png = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
    echoed = requests.post(f"{deployed.base}/image", data=png, timeout=5,
                           headers={"Content-Type": "image/png", "Accept": "image/png"})
    assert (echoed.status_code, echoed.headers["Content-Type"], echoed.content) == (200, "image/png", png)
    fetched = requests.get(f"{deployed.base}/image.png", headers={"Accept": "image/png"}, timeout=5)
    assert fetched.content == b"\x89PNG\r\n\x1a\n" + bytes(range(32))


def test_multi_value_response_headers(deployed):
    answer = requests.get(f"{deployed.base}/headers", timeout=5)
    assert answer.raw.headers.getlist("X-Multi") == ["a", "b"]
    assert (answer.headers["Content-Type"], answer.text) == ("text/plain", "ok")


def test_head_on_a_get_route_is_not_declared(deployed):
    """Chalice declares only the methods listed: HEAD is not one of them."""
    answer = requests.head(f"{deployed.base}/big", timeout=5)
    assert answer.status_code == 403
    assert answer.content == b""


def test_cors_with_credentials(deployed):
    preflight = requests.options(f"{deployed.base}/credentials", headers={"Origin": "https://zoo.example.com"},
                                 timeout=5)
    assert (preflight.status_code, preflight.content) == (200, b"")
    assert preflight.headers["Access-Control-Allow-Methods"] == "GET,PUT,OPTIONS"
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://zoo.example.com"
    assert preflight.headers["Access-Control-Allow-Credentials"] == "true"
    answer = requests.put(f"{deployed.base}/credentials", timeout=5)
    assert answer.headers["Access-Control-Allow-Credentials"] == "true"
    assert answer.json() == {"cors": "credentials"}


def test_lambda_context(deployed):
    seen = requests.get(f"{deployed.base}/lambda-context", timeout=5).json()
    assert seen["function_name"] == HANDLER
    assert seen["remaining"] is True
    assert len(seen["request_id"]) == 36
    event = requests.get(f"{deployed.base}/event/x", timeout=5).json()
    assert event["lambda"]["invoked_function_arn"] == FN + HANDLER
    assert event["lambda"]["log_group_name"] == f"/aws/lambda/{HANDLER}"
    assert event["event"]["headers"]["X-Amzn-Trace-Id"].startswith("Root=1-")
    assert event["event"]["requestContext"]["stage"] == STAGE
    assert event["event"]["requestContext"]["path"] == f"/{STAGE}/event/x"


# --- authorizers --------------------------------------------------------------------------------


def test_auth_routes_with_methods_and_path_parameters(deployed):
    missing = requests.get(f"{deployed.base}/animals/leo", timeout=5)
    assert (missing.status_code, missing.json()) == (401, {"message": "Unauthorized"})
    stranger = requests.get(f"{deployed.base}/animals/leo", headers={"Authorization": "visitor"}, timeout=5)
    assert (stranger.status_code, stranger.json()) == (401, {"message": "Unauthorized"})
    keeper = {"Authorization": "keeper-leo"}
    seen = requests.get(f"{deployed.base}/animals/kim", headers=keeper, timeout=5).json()
    assert seen["authorizer"]["principalId"] == "leo"
    assert seen["authorizer"]["role"] == "keeper"
    own = requests.delete(f"{deployed.base}/animals/leo", headers=keeper, timeout=5)
    assert (own.status_code, own.json()["method"]) == (200, "DELETE")
    other = requests.delete(f"{deployed.base}/animals/kim", headers=keeper, timeout=5)
    assert (other.status_code, other.json()) == (403, {"message": "User is not authorized to access this resource"})


def test_cognito_user_pool_authorizer(deployed):
    authorizers = {a["name"]: a for a in deployed.client.get_authorizers(restApiId=deployed.api_id)["items"]}
    pool = authorizers["ZooPool"]
    assert (pool["type"], pool["identitySource"]) == ("COGNITO_USER_POOLS", "method.request.header.Authorization")
    assert pool["providerARNs"] == [f"arn:aws:cognito-idp:{REGION}:{ACCOUNT}:userpool/us-east-1_zoo"]
    token = _jwt({"iss": POOL, "sub": "u-1", "email": "ann@example.com", "exp": int(time.time()) + 600,
                  "token_use": "id", "aud": "client"})
    allowed = requests.get(f"{deployed.base}/cognito", headers={"Authorization": token}, timeout=5)
    claims = allowed.json()["claims"]
    assert (claims["sub"], claims["email"]) == ("u-1", "ann@example.com")
    foreign = _jwt({"iss": "https://cognito-idp.us-east-1.amazonaws.com/other", "exp": int(time.time()) + 600})
    refused = requests.get(f"{deployed.base}/cognito", headers={"Authorization": foreign}, timeout=5)
    assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})
    expired = _jwt({"iss": POOL, "exp": int(time.time()) - 60})
    late = requests.get(f"{deployed.base}/cognito", headers={"Authorization": expired}, timeout=5)
    assert (late.status_code, late.json()) == (401, {"message": "The incoming token has expired"})


def test_cognito_authorizer_with_scopes_takes_access_tokens_holding_one(deployed):
    """Chalice's ``with_scopes`` sets the method's ``authorizationScopes``: API Gateway then wants an
    access token holding one of them (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-enable-cognito-user-pool.html)."""
    method = deployed.client.get_method(restApiId=deployed.api_id, httpMethod="GET", resourceId={
        r["path"]: r["id"] for r in deployed.client.get_resources(restApiId=deployed.api_id)["items"]}["/cognito/read"])
    assert method["authorizationScopes"] == ["zoo/read"]
    future = int(time.time()) + 600
    access = _jwt({"iss": POOL, "token_use": "access", "scope": "zoo/read zoo/write", "exp": future})
    allowed = requests.get(f"{deployed.base}/cognito/read", headers={"Authorization": access}, timeout=5)
    assert (allowed.status_code, allowed.json()) == (200, {"scope": "zoo/read zoo/write"})
    other = _jwt({"iss": POOL, "token_use": "access", "scope": "zoo/write", "exp": future})
    refused = requests.get(f"{deployed.base}/cognito/read", headers={"Authorization": other}, timeout=5)
    assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})


def test_iam_authorizer(deployed):
    url = f"{deployed.base}/iam"
    unsigned = requests.get(url, timeout=5)
    assert (unsigned.status_code, unsigned.json()) == (403, {"message": "Missing Authentication Token"})
    signed = AWSRequest(method="GET", url=url)
    SigV4Auth(Credentials("AKIAIOSFODNN7EXAMPLE", "secret"), "execute-api", REGION).add_auth(signed)
    answer = requests.get(url, headers=dict(signed.headers), timeout=5)
    assert answer.status_code == 200
    assert answer.json()["identity"]["accessKey"] == "AKIAIOSFODNN7EXAMPLE"


# --- WebSocket ----------------------------------------------------------------------------------


def _websocket_api(gwmock, chalice_aws, module) -> str:
    """The WebSocket API as ``chalice deploy`` plans it: one integration and route per handler."""
    api_id = chalice_aws.create_websocket_api("zoo-dev-websocket-api")
    for route, handler in (("$connect", "connect"), ("$disconnect", "disconnect"), ("$default", "message")):
        name = f"zoo-dev-websocket_{handler}"
        gwmock.add_lambda(FN + name, getattr(module, handler))
        uri = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}{name}/invocations"
        chalice_aws.create_websocket_route(api_id, route, chalice_aws.create_websocket_integration(
            api_id, uri, handler))
    chalice_aws.create_stage(api_id, STAGE, chalice_aws.deploy_websocket_api(api_id))
    return api_id


@pytest.fixture
def websocket_app(gwmock, chalice_aws, monkeypatch):
    monkeypatch.setenv("AWS_REGION", REGION)
    module = _load_app()
    module.app.websocket_api.session = boto3.Session(region_name=REGION, aws_access_key_id="testing",
                                                     aws_secret_access_key="testing")
    api_id = _websocket_api(gwmock, chalice_aws, module)
    return SimpleNamespace(module=module, url=f"wss://{api_id}.execute-api.{REGION}.amazonaws.com/{STAGE}")


def test_websocket_connect_send_info_and_disconnect(gwmock, websocket_app):
    seen = websocket_app.module.SEEN
    connection = gwmock.websocket(websocket_app.url)
    assert seen == [("connect", connection.connection_id)]
    assert connection.send("hi") == ["echo:hi"]
    assert connection.send("info") == [f"ip:{connection.source_ip}"]
    connection.close()
    assert seen[-1] == ("disconnect", connection.connection_id)
    assert connection.errors == []
    # Chalice aims its management client at the event's domainName and stage
    assert websocket_app.module.app.websocket_api._endpoint == websocket_app.url.replace("wss://", "https://")


def test_websocket_close_from_the_back_end(gwmock, websocket_app):
    seen = websocket_app.module.SEEN
    connection = gwmock.websocket(websocket_app.url)
    assert connection.send("bye") == []
    assert connection.closed
    assert seen[-2:] == [("message", "bye"), ("disconnect", connection.connection_id)]


def test_websocket_send_after_close_is_chalice_websocket_disconnected_error(gwmock, websocket_app):
    """PostToConnection on a closed connection is 410 GoneException, which Chalice turns into
    WebsocketDisconnectedError (https://docs.aws.amazon.com/apigateway/latest/developerguide/apigateway-how-to-call-websocket-api-connections.html)."""
    seen = websocket_app.module.SEEN
    connection = gwmock.websocket(websocket_app.url)
    connection.send("gone")
    assert ("error", "WebsocketDisconnectedError") in seen
    assert connection.closed


# --- ``chalice package`` ------------------------------------------------------------------------

VPCE = "vpce-0123456789abcdef0"


def _package(tmp_path: Path, fmt: str) -> Path:
    """``chalice package`` for a ``prod`` stage (API stage ``v2``, PRIVATE behind ``VPCE``, which
    makes Chalice write a resource policy allowing only that endpoint; 512 MB, 7 s, an environment
    variable), run as Chalice's CLI."""
    project = tmp_path / "zoo"
    if not project.exists():
        shutil.copytree(PROJECT, project)
        config = json.loads((project / ".chalice" / "config.json").read_text())
        config["stages"]["prod"] = {"api_gateway_stage": "v2", "api_gateway_endpoint_type": "PRIVATE",
                                    "api_gateway_endpoint_vpce": VPCE, "lambda_memory_size": 512,
                                    "lambda_timeout": 7, "environment_variables": {"ZOO_ENV": "prod"}}
        (project / ".chalice" / "config.json").write_text(json.dumps(config))
    out = tmp_path / fmt
    subprocess.run([sys.executable, "-c", "import sys; from chalice.cli import main; sys.exit(main())",
                    "package", "--stage", "prod", "--pkg-format", fmt, str(out)],
                   cwd=project, env={**os.environ, "AWS_DEFAULT_REGION": REGION}, check=True,
                   capture_output=True, timeout=120)
    return out


def test_package_cloudformation_private_api_with_policy(gwmock, tmp_path, monkeypatch):
    template = _package(tmp_path, "cloudformation") / "sam.json"
    monkeypatch.setenv("AWS_REGION", REGION)
    stack = gwmock.deploy_template(template)
    api_id = stack.outputs["RestAPIId"]
    client = boto3.client("apigateway", region_name=REGION)
    api = client.get_rest_api(restApiId=api_id)
    assert api["endpointConfiguration"]["types"] == ["PRIVATE"]
    assert api["endpointConfiguration"]["vpcEndpointIds"] == [VPCE]
    assert api["minimumCompressionSize"] == 100
    assert json.loads(api["policy"].replace("\\", ""))["Statement"][0]["Condition"] == {
        "StringEquals": {"aws:SourceVpce": VPCE}}

    through_endpoint = f"https://{api_id}-{VPCE}.execute-api.{REGION}.amazonaws.com/v2"
    seen = requests.get(f"{through_endpoint}/items/box", timeout=5).json()
    assert seen == {"item": "box", "method": "GET", "uri_params": {"item": "box"}}
    public = requests.get(f"{stack.outputs['EndpointURL']}items/box", timeout=5)
    assert public.status_code == 403
    seen = requests.get(f"{through_endpoint}/event/x", timeout=5).json()
    assert seen["lambda"]["zoo_env"] == "prod"
    assert seen["event"]["requestContext"]["identity"]["vpceId"] == VPCE

    connection = gwmock.websocket(stack.outputs["WebsocketConnectEndpointURL"].rstrip("/"))
    assert connection.send("hi") == ["echo:hi"]
    assert connection.send("bye") == []
    assert connection.closed and connection.errors == []


def test_package_cloudformation_functions_get_their_memory_and_timeout(gwmock, tmp_path, monkeypatch):
    """Lambda's context reports the function's configured memory and counts down from its timeout
    (https://docs.aws.amazon.com/lambda/latest/dg/python-context.html); Chalice writes
    ``MemorySize``/``Timeout`` from ``lambda_memory_size``/``lambda_timeout``."""
    template = _package(tmp_path, "cloudformation") / "sam.json"
    assert json.loads(template.read_text())["Resources"]["APIHandler"]["Properties"]["Timeout"] == 7
    monkeypatch.setenv("AWS_REGION", REGION)
    stack = gwmock.deploy_template(template)
    url = f"https://{stack.outputs['RestAPIId']}-{VPCE}.execute-api.{REGION}.amazonaws.com/v2/event/x"
    seen = requests.get(url, timeout=5).json()["lambda"]
    assert seen["memory_limit_in_mb"] == 512
    assert 6000 < seen["remaining_ms"] <= 7000


def test_package_terraform_swagger_imports_as_terraform_puts_it(gwmock, tmp_path):
    """The Terraform output is only synthesized: its ``aws_api_gateway_rest_api`` (``body`` = the
    swagger with the functions' ``invoke_arn``) is applied the way the AWS provider applies it:
    CreateRestApi, PutRestApi (overwrite) with the body, UpdateRestApi for the arguments the body
    does not carry (the provider's docs: "If the argument value is provided and is different than the
    OpenAPI value, the argument value will override the OpenAPI value",
    https://registry.terraform.io/providers/hashicorp/aws/latest/docs/resources/api_gateway_rest_api),
    then CreateDeployment."""
    document = json.loads((_package(tmp_path, "terraform") / "chalice.tf.json").read_text())
    rest_api = document["resource"]["aws_api_gateway_rest_api"]["rest_api"]
    invoke = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}{{}}/invocations"
    body = document["locals"]["chalice_api_swagger"]
    body = body.replace("${aws_lambda_function.api_handler.invoke_arn}", invoke.format(HANDLER))
    body = body.replace("${aws_lambda_function.keeper.invoke_arn}", invoke.format(KEEPER))
    client = boto3.client("apigateway", region_name=REGION)
    api_id = client.create_rest_api(name=rest_api["name"], endpointConfiguration=rest_api["endpoint_configuration"],
                                    policy=rest_api["policy"], binaryMediaTypes=rest_api["binary_media_types"],
                                    minimumCompressionSize=rest_api["minimum_compression_size"])["id"]
    client.put_rest_api(restApiId=api_id, mode="overwrite", body=body.encode())
    client.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/minimumCompressionSize", "value": str(rest_api["minimum_compression_size"])}])
    client.create_deployment(restApiId=api_id, stageName=document["resource"]["aws_api_gateway_deployment"][
        "rest_api"]["stage_name"])
    module = _load_app()
    gwmock.add_lambda(FN + HANDLER, module.app)
    api = client.get_rest_api(restApiId=api_id)
    assert api["binaryMediaTypes"] == rest_api["binary_media_types"]
    assert api["minimumCompressionSize"] == 100
    paths = {r["path"] for r in client.get_resources(restApiId=api_id)["items"]}
    assert {"/animals/{name}", "/items/{item}", "/image.png", "/iam"} <= paths
    answer = requests.get(f"https://{api_id}-{VPCE}.execute-api.{REGION}.amazonaws.com/v2/multi?a=1&a=2", timeout=5)
    assert answer.json() == {"all": {"a": ["1", "2"]}, "last": {"a": "2"}}
