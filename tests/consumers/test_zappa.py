"""Zappa (the real library) against gwmock: its control plane and its own Lambda handler.

Control plane: ``zappa.core.Zappa`` builds its CloudFormation template with troposphere
(``create_stack_template``: a REST API, ``ANY`` on ``/`` and ``/{proxy+}`` as ``AWS_PROXY``
integrations, ``OPTIONS`` MOCK methods for CORS); the test deploys that template with
``gw.deploy_template`` (Zappa itself uploads it to S3 and calls CloudFormation, which gwmock does
not serve), then runs Zappa's own API Gateway calls: ``deploy_api_gateway`` (``CreateDeployment``
and ``UpdateStage`` patches on ``/*/*/logging/loglevel``, ``caching/ttlInSeconds``, ...),
binary support (``/binaryMediaTypes/*~1*``), compression (``replace`` of
``/minimumCompressionSize`` with and without a value), API keys, custom domains and
``undeploy_api_gateway``. Other services Zappa touches (CloudFormation's ``DescribeStacks``,
``DescribeStackResource``) are moto's, as in a user's test.

Data plane: a Flask app behind ``zappa.handler.LambdaHandler`` (configured as Zappa's generated
``zappa_settings`` module configures it) registered as the Lambda of that API, called with
``requests``: the stage in ``SCRIPT_NAME`` on execute-api hosts, a custom domain's base path
(``BASE_PATH``), binary bodies both ways under ``binaryMediaTypes: ["*/*"]``, cookies, redirects,
gzip from ``minimumCompressionSize`` and error pages.
"""

from __future__ import annotations

import base64
import functools
import gzip
import hashlib
import json
import os
import sys
import types
from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import boto3
import pytest
import requests
from botocore.exceptions import ClientError

pytest.importorskip("zappa")
pytest.importorskip("flask")
moto = pytest.importorskip("moto")
from flask import Flask, Response, jsonify, make_response, redirect, request, url_for  # noqa: E402
from zappa.core import Zappa  # noqa: E402
from zappa.handler import LambdaHandler  # noqa: E402

from gwmock import mock_apigateway  # noqa: E402

REGION = "eu-west-1"
ACCOUNT = "123456789012"
PROJECT = "shop-dev"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:{PROJECT}"
ROLE = f"arn:aws:iam::{ACCOUNT}:role/{PROJECT}-ZappaLambdaExecutionRole"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
DOMAIN = "api.example.com"
CERT = "arn:aws:acm:us-east-1:123456789012:certificate/0d1e2f3a"
# A 1x1 transparent PNG: bytes that are not UTF-8 (0x89 leads the signature).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


# --- the deployment -----------------------------------------------------------------------------


@dataclass
class Deployed:
    gw: Any
    zappa: Zappa
    client: Any
    api: str
    root: str
    proxy: str


@functools.cache
def _zappa() -> Zappa:
    """One Zappa per worker: it makes a boto3 client per service it knows (0.3 s); they hold no state of
    their own, and each test's mocks answer them."""
    return Zappa(boto_session=boto3.Session(region_name=REGION), aws_region=REGION, desired_role_arn=ROLE)


@pytest.fixture
def deployed() -> Iterator[Deployed]:
    """What ``zappa deploy dev`` leaves: the template's API (with CORS) and the stage ``dev``."""
    with moto.mock_aws(), mock_apigateway(region=REGION) as gw:
        zappa = _zappa()
        template = zappa.create_stack_template(FN, PROJECT, api_key_required=False, iam_authorization=False,
                                               authorizer=None, cors_options=True)
        stack = gw.deploy_template(json.loads(template.to_json()), name=PROJECT)
        api = stack.resources["Api"]
        client = boto3.client("apigateway", region_name=REGION)
        root = client.get_rest_api(restApiId=api)["rootResourceId"]
        proxy = stack.resources["ResourceAnyPathSlashed"]
        url = zappa.deploy_api_gateway(api, "dev", cloudwatch_log_level="INFO", cloudwatch_data_trace=True,
                                       cloudwatch_metrics_enabled=True)
        assert url == f"https://{api}.execute-api.{REGION}.amazonaws.com/dev"
        yield Deployed(gw, zappa, client, api, root, proxy)


# --- control plane ------------------------------------------------------------------------------


def test_the_template_builds_zappas_api(deployed: Deployed) -> None:
    client, api = deployed.client, deployed.api
    rest_api = client.get_rest_api(restApiId=api)
    assert rest_api["name"] == PROJECT
    assert rest_api["description"] == "Created automatically by Zappa."
    assert rest_api["endpointConfiguration"]["types"] == ["EDGE"]
    paths = {r["path"]: sorted(r.get("resourceMethods", {})) for r in client.get_resources(restApiId=api)["items"]}
    assert paths == {"/": ["ANY", "OPTIONS"], "/{proxy+}": ["ANY", "OPTIONS"]}
    method = client.get_method(restApiId=api, resourceId=deployed.proxy, httpMethod="ANY")
    assert method["authorizationType"] == "NONE"
    assert method["apiKeyRequired"] is False
    integration = method["methodIntegration"]
    assert (integration["type"], integration["httpMethod"], integration["uri"]) == ("AWS_PROXY", "POST", URI)
    assert integration["credentials"] == ROLE
    assert integration["passthroughBehavior"] == "NEVER"
    assert integration["cacheNamespace"] == "none"


def test_deploy_api_gateway_sets_the_stage_zappa_asked_for(deployed: Deployed) -> None:
    stage = deployed.client.get_stage(restApiId=deployed.api, stageName="dev")
    assert stage["cacheClusterEnabled"] is False
    assert stage["description"] == ""
    settings = stage["methodSettings"]["*/*"]
    assert settings["loggingLevel"] == "INFO"
    assert settings["dataTraceEnabled"] is True
    assert settings["metricsEnabled"] is True
    assert settings["cacheTtlInSeconds"] == 300
    assert settings["cacheDataEncrypted"] is False


def test_update_stage_config_patches_every_api_of_the_project(deployed: Deployed) -> None:
    deployed.zappa.update_stage_config(PROJECT, "dev", "ERROR", False, False)
    settings = deployed.client.get_stage(restApiId=deployed.api, stageName="dev")["methodSettings"]["*/*"]
    assert (settings["loggingLevel"], settings["dataTraceEnabled"], settings["metricsEnabled"]) == (
        "ERROR", False, False)
    # An unknown level is Zappa's "OFF".
    deployed.zappa.update_stage_config(PROJECT, "dev", "LOUD", False, False)
    assert deployed.client.get_stage(restApiId=deployed.api, stageName="dev")["methodSettings"]["*/*"][
        "loggingLevel"] == "OFF"


def _content_handling(deployed: Deployed) -> list[str | None]:
    return [deployed.client.get_integration(restApiId=deployed.api, resourceId=r, httpMethod="OPTIONS").get(
        "contentHandling") for r in (deployed.root, deployed.proxy)]


def test_binary_support_with_cors(deployed: Deployed) -> None:
    deployed.zappa.add_binary_support(deployed.api, cors=True)
    assert deployed.client.get_rest_api(restApiId=deployed.api)["binaryMediaTypes"] == ["*/*"]
    assert _content_handling(deployed) == ["CONVERT_TO_TEXT", "CONVERT_TO_TEXT"]
    deployed.zappa.add_binary_support(deployed.api, cors=True)  # idempotent: no second "*/*"
    assert deployed.client.get_rest_api(restApiId=deployed.api)["binaryMediaTypes"] == ["*/*"]

    deployed.zappa.remove_binary_support(deployed.api, cors=True)
    assert "binaryMediaTypes" not in deployed.client.get_rest_api(restApiId=deployed.api)
    # Zappa clears contentHandling with a replace to "" (zappa/Zappa#1035): the integration has none.
    assert _content_handling(deployed) == [None, None]


def test_compression_is_set_and_removed(deployed: Deployed) -> None:
    deployed.zappa.add_api_compression(deployed.api, 1024)
    assert deployed.client.get_rest_api(restApiId=deployed.api)["minimumCompressionSize"] == 1024
    # remove_api_compression replaces /minimumCompressionSize with no value at all.
    deployed.zappa.remove_api_compression(deployed.api)
    assert "minimumCompressionSize" not in deployed.client.get_rest_api(restApiId=deployed.api)


def test_api_keys(deployed: Deployed) -> None:
    zappa, client, api = deployed.zappa, deployed.client, deployed.api
    zappa.create_api_key(api, "dev")
    [key] = client.get_api_keys(includeValues=True)["items"]
    assert key["name"] == f"dev_{api}"
    assert key["description"] == f"Api Key for {api}"
    assert key["enabled"] is True
    assert key["stageKeys"] == [f"{api}/dev"]
    assert list(zappa.get_api_keys(api, "dev")) == [key["id"]]

    zappa.deploy_api_gateway(api, "prod")
    zappa.add_api_stage_to_api_key(key["id"], api, "prod")
    assert client.get_api_key(apiKey=key["id"])["stageKeys"] == [f"{api}/dev", f"{api}/prod"]
    assert list(zappa.get_api_keys(api, "prod")) == [key["id"]]

    zappa.remove_api_key(api, "dev")
    assert client.get_api_keys()["items"] == []


def test_a_stage_zappa_adds_to_a_key_must_exist(deployed: Deployed) -> None:
    zappa, client, api = deployed.zappa, deployed.client, deployed.api
    zappa.create_api_key(api, "dev")
    [key] = client.get_api_keys()["items"]
    with pytest.raises(ClientError) as caught:
        zappa.add_api_stage_to_api_key(key["id"], api, "nope")
    error = caught.value.response
    assert error["Error"]["Code"] == "NotFoundException"
    assert error["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert client.get_api_key(apiKey=key["id"])["stageKeys"] == [f"{api}/dev"]


def test_api_url_and_id_by_project_name(deployed: Deployed) -> None:
    # Zappa asks CloudFormation (moto: no such stack) and falls back to GetRestApis by name.
    assert deployed.zappa.get_api_id(PROJECT) == deployed.api
    assert deployed.zappa.get_api_url(PROJECT, "dev") == f"https://{deployed.api}.execute-api.{REGION}.amazonaws.com/dev"
    assert deployed.zappa.get_api_id("other-dev") is None


def test_custom_domain_lifecycle(deployed: Deployed) -> None:
    zappa, client, api = deployed.zappa, deployed.client, deployed.api
    target = zappa.create_domain_name(DOMAIN, "shop", certificate_arn=CERT, lambda_name=PROJECT, stage="dev")
    domain = client.get_domain_name(domainName=DOMAIN)
    assert target == domain["distributionDomainName"]
    assert target.endswith(".cloudfront.net")
    assert (domain["certificateName"], domain["certificateArn"]) == ("shop", CERT)
    assert client.get_base_path_mappings(domainName=DOMAIN)["items"] == [
        {"basePath": "(none)", "restApiId": api, "stage": "dev"}]
    assert zappa.get_domain_name(DOMAIN, route53=False) is True
    assert zappa.get_domain_name("nope.example.com", route53=False) is None

    zappa.update_domain_base_path_mapping(DOMAIN, PROJECT, "dev", "v1")
    assert client.get_base_path_mappings(domainName=DOMAIN)["items"] == [
        {"basePath": "v1", "restApiId": api, "stage": "dev"}]

    renewed = zappa.update_domain_name(DOMAIN, "shop", certificate_arn=CERT.replace("0d1e", "9f8e"),
                                       lambda_name=PROJECT, stage="dev", base_path="v1")
    assert renewed["certificateArn"] == CERT.replace("0d1e", "9f8e")
    assert renewed["certificateName"].startswith("shop")

    zappa.undeploy_api_gateway(PROJECT, domain_name=DOMAIN, base_path="v1")
    assert client.get_base_path_mappings(domainName=DOMAIN).get("items", []) == []
    assert client.get_rest_apis()["items"] == []


# --- data plane ---------------------------------------------------------------------------------


def _app() -> Flask:
    app = Flask("zappa_app")

    @app.route("/")
    def home() -> Any:
        return jsonify(home=True, path=request.path, script_root=request.script_root)

    @app.route("/echo/<name>", methods=["GET", "POST", "DELETE"])
    def echo(name: str) -> Any:
        return jsonify(name=name, method=request.method, path=request.path, script_root=request.script_root,
                       url=request.url, args=request.args.to_dict(flat=False),
                       agent=request.headers.get("User-Agent"), custom=request.headers.get("X-Custom"))

    @app.route("/json", methods=["POST"])
    def json_body() -> Any:
        return jsonify(got=request.get_json(), content_type=request.content_type), 201

    @app.route("/upload", methods=["POST"])
    def upload() -> Any:
        data = request.get_data()
        return jsonify(length=len(data), sha256=hashlib.sha256(data).hexdigest(), png=data == PNG)

    @app.route("/image.png")
    def image() -> Any:
        return Response(PNG, mimetype="image/png")

    @app.route("/big")
    def big() -> Any:
        return Response("x" * 5000, mimetype="text/plain")

    @app.route("/login", methods=["POST"])
    def login() -> Any:
        answer = make_response(jsonify(ok=True))
        answer.set_cookie("session", "abc", path="/", httponly=True)
        answer.set_cookie("theme", "dark", path="/")
        return answer

    @app.route("/whoami")
    def whoami() -> Any:
        return jsonify(cookies=request.cookies)

    @app.route("/go")
    def go() -> Any:
        return redirect(url_for("echo", name="there"))

    @app.route("/me")
    def me() -> Any:
        return jsonify(user=request.environ.get("REMOTE_USER"),
                       authorizer=request.environ.get("API_GATEWAY_AUTHORIZER"))

    @app.route("/colour")
    def colour() -> Any:
        return jsonify(colour=os.environ.get("COLOUR"))

    @app.route("/boom")
    def boom() -> Any:
        raise RuntimeError("boom")

    return app


def _settings(domain: str | None, base_path: str | None, authorizer: str | None = None,
              websocket: str | None = None) -> types.ModuleType:
    """What ``zappa deploy`` writes into the package as ``zappa_settings.py`` (cli.get_zappa_settings_string)."""
    module = types.ModuleType("gwmock_zappa_settings")
    module.__dict__.update(
        APP_MODULE="gwmock_zappa_app", APP_FUNCTION="app", EXCEPTION_HANDLER=None, DEBUG=False, LOG_LEVEL=None,
        BINARY_SUPPORT=True, CONTEXT_HEADER_MAPPINGS={}, DOMAIN=domain, BASE_PATH=base_path,
        ENVIRONMENT_VARIABLES={}, API_STAGE="dev", PROJECT_NAME=PROJECT, SETTINGS_FILE=None,
        DJANGO_SETTINGS=None, AWS_EVENT_MAPPING={}, AWS_BOT_EVENT_MAPPING={}, COGNITO_TRIGGER_MAPPING={},
        ASYNC_RESPONSE_TABLE="", ADDITIONAL_TEXT_MIMETYPES=[], AUTHORIZER_FUNCTION=authorizer)
    if websocket:
        module.WEBSOCKET_HANDLER_MODULE = websocket  # type: ignore[attr-defined]
    return module


def _authorize(event: dict[str, Any], context: Any) -> dict[str, Any]:
    """The TOKEN authorizer Zappa's README shows: Allow for one token, "Unauthorized" otherwise."""
    if event["authorizationToken"] != "Bearer good":
        raise Exception("Unauthorized")  # noqa: TRY002 - what API Gateway reads as 401
    arn = event["methodArn"].split("/")[0] + "/*"
    return {"principalId": "ada", "context": {"team": "blue"},
            "policyDocument": {"Version": "2012-10-17", "Statement": [
                {"Action": "execute-api:Invoke", "Effect": "Allow", "Resource": arn}]}}


def _fresh_handler(monkeypatch: pytest.MonkeyPatch, domain: str | None, base_path: str | None,
                   authorizer: str | None = None, websocket: str | None = None) -> None:
    """LambdaHandler is a process-wide singleton: each test starts a cold one and leaves none."""
    app_module = types.ModuleType("gwmock_zappa_app")
    app_module.app = _app()  # type: ignore[attr-defined]
    app_module.authorize = _authorize  # type: ignore[attr-defined]
    monkeypatch.setitem(sys.modules, "gwmock_zappa_app", app_module)
    monkeypatch.setitem(sys.modules, "gwmock_zappa_settings", _settings(domain, base_path, authorizer, websocket))
    # The handler sets these (COLOUR from a stage variable): monkeypatch restores them after.
    for key in ("SERVERTYPE", "FRAMEWORK", "PROJECT", "STAGE", "REQUEST_DOMAIN_NAME", "COLOUR"):
        monkeypatch.delenv(key, raising=False)
    monkeypatch.setattr(LambdaHandler, "_LambdaHandler__instance", None)
    monkeypatch.setattr(LambdaHandler, "settings", None)
    monkeypatch.setattr(LambdaHandler, "settings_name", None)
    LambdaHandler("gwmock_zappa_settings")


@dataclass
class Site:
    base: str
    host: str
    script_root: str
    deployed: Deployed
    events: list[dict[str, Any]]  # what the function received
    path_prefix: str  # what event["path"] keeps before the app's path (a custom domain's base path)


@pytest.fixture(params=["execute-api", "domain"])
def site(request: pytest.FixtureRequest, deployed: Deployed, monkeypatch: pytest.MonkeyPatch) -> Site:
    """Zappa's app with binary support, on the stage URL or on a custom domain's base path ``v1``."""
    deployed.zappa.add_binary_support(deployed.api, cors=True)
    deployed.zappa.deploy_api_gateway(deployed.api, "dev")  # binaryMediaTypes reach a stage when deployed
    events: list[dict[str, Any]] = []

    def function(event: dict[str, Any], context: Any) -> Any:
        events.append(event)
        return LambdaHandler.lambda_handler(event, context)

    deployed.gw.add_lambda(FN, function)
    if request.param == "domain":
        _fresh_handler(monkeypatch, DOMAIN, "v1")
        deployed.zappa.create_domain_name(DOMAIN, "shop", certificate_arn=CERT, lambda_name=PROJECT, stage="dev",
                                          base_path="v1")
        return Site(f"https://{DOMAIN}/v1", DOMAIN, "/v1", deployed, events, "/v1")
    _fresh_handler(monkeypatch, None, None)
    host = f"{deployed.api}.execute-api.{REGION}.amazonaws.com"
    return Site(f"https://{host}/dev", host, "/dev", deployed, events, "")


def _get(url: str, **kwargs: Any) -> requests.Response:
    return requests.get(url, timeout=10, **kwargs)


def _content_type(answer: requests.Response) -> str:
    """The first Content-Type line: Zappa sends each header in both ``headers`` and
    ``multiValueHeaders`` (test_a_header_in_both_maps_arrives_once pins how many lines arrive)."""
    return str(answer.raw.headers.getlist("Content-Type")[0])


def test_path_query_and_headers(site: Site) -> None:
    answer = _get(f"{site.base}/echo/pen?tag=a&tag=b&x=1", headers={"User-Agent": "zappa/1", "X-Custom": "v"})
    assert answer.status_code == 200
    assert _content_type(answer) == "application/json"
    seen = answer.json()
    assert (seen["name"], seen["method"], seen["agent"], seen["custom"]) == ("pen", "GET", "zappa/1", "v")
    assert seen["args"] == {"tag": ["a", "b"], "x": ["1"]}
    # Zappa puts the stage (execute-api hosts) or BASE_PATH (its custom domain) in SCRIPT_NAME.
    assert seen["path"] == "/echo/pen"
    assert seen["script_root"] == site.script_root
    assert seen["url"] == f"https://{site.host}{site.script_root}/echo/pen?tag=a&tag=b&x=1"


def test_root_resource(site: Site) -> None:
    answer = _get(f"{site.base}/")
    assert answer.status_code == 200
    assert answer.json() == {"home": True, "path": "/", "script_root": site.script_root}


def test_json_body(site: Site) -> None:
    answer = requests.post(f"{site.base}/json", json={"a": [1, "é"]}, timeout=10)
    assert answer.status_code == 201
    assert answer.json() == {"got": {"a": [1, "é"]}, "content_type": "application/json"}


def test_binary_upload_is_base64_in_the_event_and_bytes_in_the_app(site: Site) -> None:
    answer = requests.post(f"{site.base}/upload", data=PNG, headers={"Content-Type": "image/png"}, timeout=10)
    assert answer.status_code == 200
    assert answer.json() == {"length": len(PNG), "sha256": hashlib.sha256(PNG).hexdigest(), "png": True}
    # binaryMediaTypes "*/*" makes every body binary: the event carries it base64-encoded, and
    # Zappa (BINARY_SUPPORT) decodes it. A custom domain's base path stays in event["path"]
    # (Zappa's BASE_PATH takes it off).
    [event] = site.events
    assert (event["isBase64Encoded"], base64.b64decode(event["body"])) == (True, PNG)
    assert event["path"] == f"{site.path_prefix}/upload"
    assert event["requestContext"]["stage"] == "dev"


def test_a_json_body_is_base64_too_under_any_media_type(site: Site) -> None:
    requests.post(f"{site.base}/json", json={"a": 1}, timeout=10)
    [event] = site.events
    assert (event["isBase64Encoded"], base64.b64decode(event["body"])) == (True, b'{"a": 1}')


def test_an_exception_zappa_catches_is_its_500(site: Site) -> None:
    """With exceptions propagating out of Flask, Zappa's handler answers its own 500 (no headers:
    API Gateway's default Content-Type application/json)."""
    sys.modules["gwmock_zappa_app"].app.config["PROPAGATE_EXCEPTIONS"] = True
    answer = _get(f"{site.base}/boom")
    assert answer.status_code == 500
    assert _content_type(answer) == "application/json"
    assert json.loads(answer.text) == str({"message": "An uncaught exception happened while servicing this request. "
                                                      "You can investigate this with the `zappa tail` command."})


def test_unicode_path_and_query(site: Site) -> None:
    seen = _get(f"{site.base}/echo/caf%C3%A9?q=%C3%A9t%C3%A9&sp=a+b").json()
    assert seen["name"] == "café"
    assert seen["args"] == {"q": ["été"], "sp": ["a b"]}


def test_binary_download(site: Site) -> None:
    answer = _get(f"{site.base}/image.png", headers={"Accept": "image/png"})
    assert answer.status_code == 200
    assert _content_type(answer) == "image/png"
    assert answer.content == PNG


def test_cookies(site: Site) -> None:
    answer = requests.post(f"{site.base}/login", timeout=10)
    assert answer.status_code == 200
    # Zappa answers multiValueHeaders (the event has them): both cookies arrive, as separate lines.
    # (Zappa lists each Set-Cookie several times, under two spellings: how many lines AWS then sends
    # is pinned by test_a_header_in_both_maps_arrives_once.)
    assert set(answer.raw.headers.getlist("Set-Cookie")) == {"session=abc; HttpOnly; Path=/", "theme=dark; Path=/"}
    assert answer.cookies.get_dict() == {"session": "abc", "theme": "dark"}
    seen = _get(f"{site.base}/whoami", cookies={"session": "abc", "theme": "dark"}).json()
    assert seen == {"cookies": {"session": "abc", "theme": "dark"}}


def test_redirect_keeps_the_base_path(site: Site) -> None:
    answer = _get(f"{site.base}/go", allow_redirects=False)
    assert answer.status_code == 302
    # Flask's url_for sees SCRIPT_NAME: the stage, or the custom domain's BASE_PATH.
    assert answer.raw.headers.getlist("Location")[0] == f"{site.script_root}/echo/there"


def test_a_header_in_both_maps_arrives_once(site: Site) -> None:
    """Zappa copies every header into both ``headers`` and ``multiValueHeaders``. "If you specify
    values for both headers and multiValueHeaders, API Gateway merges them into a single list. If the
    same key-value pair is specified in both, only the values from multiValueHeaders will appear in
    the merged list." (https://docs.aws.amazon.com/apigateway/latest/developerguide/
    set-up-lambda-proxy-integrations.html#api-gateway-simple-proxy-for-lambda-output-format)"""
    answer = _get(f"{site.base}/echo/pen")
    assert answer.raw.headers.getlist("Content-Type") == ["application/json"]
    # The function's Content-Length reaches the client renamed, once too.
    assert answer.raw.headers.getlist("x-amzn-Remapped-Content-Length") == [str(len(answer.content))]
    moved = _get(f"{site.base}/go", allow_redirects=False)
    assert moved.raw.headers.getlist("Location") == [f"{site.script_root}/echo/there"]
    followed = _get(f"{site.base}/go")
    assert (followed.status_code, followed.json()["name"]) == (200, "there")


def test_compressed_answer(site: Site) -> None:
    site.deployed.zappa.add_api_compression(site.deployed.api, 1024)
    site.deployed.zappa.deploy_api_gateway(site.deployed.api, "dev")
    answer = requests.get(f"{site.base}/big", headers={"Accept-Encoding": "gzip"}, stream=True, timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Content-Encoding"] == "gzip"
    assert gzip.decompress(answer.raw.read()) == b"x" * 5000


def test_unknown_route_is_flasks_404(site: Site) -> None:
    answer = _get(f"{site.base}/nowhere")
    assert answer.status_code == 404
    assert _content_type(answer) == "text/html; charset=utf-8"
    assert "<title>404 Not Found</title>" in answer.text


def test_an_exception_in_the_app_is_flasks_500(site: Site) -> None:
    # Flask turns the view's exception into its own 500 page; Zappa relays it like any answer.
    answer = _get(f"{site.base}/boom")
    assert answer.status_code == 500
    assert _content_type(answer) == "text/html; charset=utf-8"
    assert "<title>500 Internal Server Error</title>" in answer.text


def test_cors_preflight_is_zappas_mock_integration(site: Site) -> None:
    answer = requests.options(f"{site.base}/echo/pen", headers={"Origin": "https://app.example.com"}, timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Access-Control-Allow-Origin"] == "*"
    assert answer.headers["Access-Control-Allow-Methods"] == "DELETE,GET,HEAD,OPTIONS,PATCH,POST,PUT"
    assert answer.headers["Access-Control-Allow-Headers"] == (
        "Content-Type,X-Amz-Date,Authorization,X-Api-Key,X-Amz-Security-Token")
    assert answer.content == b""


# --- what else Zappa's settings build -------------------------------------------------------------


def _stack(gw: Any, zappa: Zappa, **options: Any) -> Any:
    args: dict[str, Any] = {"api_key_required": False, "iam_authorization": False, "authorizer": None}
    template = zappa.create_stack_template(FN, PROJECT, **(args | options))
    return gw.deploy_template(json.loads(template.to_json()), name=PROJECT)


@pytest.fixture
def bare() -> Iterator[tuple[Any, Zappa]]:
    with moto.mock_aws(), mock_apigateway(region=REGION) as gw:
        yield gw, Zappa(boto_session=boto3.Session(region_name=REGION), aws_region=REGION, desired_role_arn=ROLE)


def test_a_request_authorizer_type_on_methods_is_refused(bare: tuple[Any, Zappa]) -> None:
    """Zappa passes ``"type": "REQUEST"`` on as the methods' AuthorizationType; API Gateway wants
    CUSTOM there (https://github.com/Miserlou/Zappa/pull/1535, https://github.com/Miserlou/Zappa/pull/2093),
    so the stack fails on the first method and leaves nothing."""
    gw, zappa = bare
    from gwmock.cloudformation import TemplateError

    with pytest.raises(TemplateError) as caught:
        _stack(gw, zappa, authorizer={"type": "REQUEST", "function": "gwmock_zappa_app.authorize"})
    assert str(caught.value).startswith("ANY0: ")
    assert "Invalid authorization type specified. Valid options are NONE,AWS_IAM,CUSTOM,COGNITO_USER_POOLS" in str(
        caught.value)
    assert boto3.client("apigateway", region_name=REGION).get_rest_apis()["items"] == []


def test_iam_authorization_api_keys_and_regional_endpoint(bare: tuple[Any, Zappa]) -> None:
    gw, zappa = bare
    stack = _stack(gw, zappa, iam_authorization=True, api_key_required=True, description="Shop API",
                   endpoint_configuration=["REGIONAL"], lambda_qualifier="live")
    client = boto3.client("apigateway", region_name=REGION)
    api = client.get_rest_api(restApiId=stack.resources["Api"])
    assert (api["description"], api["endpointConfiguration"]["types"]) == ("Shop API", ["REGIONAL"])
    method = client.get_method(restApiId=api["id"], resourceId=api["rootResourceId"], httpMethod="ANY")
    assert (method["authorizationType"], method["apiKeyRequired"]) == ("AWS_IAM", True)
    assert method["methodIntegration"]["uri"] == URI.replace(f"{PROJECT}/", f"{PROJECT}:live/")
    zappa.deploy_api_gateway(api["id"], "dev")
    # No IAM signature: API Gateway's 403 before the Lambda runs (IAM is checked before the key).
    answer = _get(f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/echo/pen")
    assert answer.status_code == 403
    assert answer.json() == {"message": "Missing Authentication Token"}
    assert len(gw.requests) == 1 and gw.requests[-1].status == 403


def test_token_authorizer_through_zappas_handler(bare: tuple[Any, Zappa], monkeypatch: pytest.MonkeyPatch) -> None:
    """Zappa's authorizer (same function, ``AUTHORIZER_FUNCTION``) answers API Gateway's TOKEN event."""
    gw, zappa = bare
    stack = _stack(gw, zappa, authorizer={"function": "gwmock_zappa_app.authorize", "result_ttl": 0,
                                          "validation_expression": "^Bearer [a-z]+$"})
    client = boto3.client("apigateway", region_name=REGION)
    authorizer = client.get_authorizer(restApiId=stack.resources["Api"], authorizerId=stack.resources["Authorizer"])
    assert (authorizer["name"], authorizer["type"], authorizer["authorizerCredentials"]) == (
        "ZappaAuthorizer", "TOKEN", ROLE)
    assert authorizer["identitySource"] == "method.request.header.Authorization"
    assert authorizer["authorizerResultTtlInSeconds"] == 0
    url = zappa.deploy_api_gateway(stack.resources["Api"], "dev")
    _fresh_handler(monkeypatch, None, None, authorizer="gwmock_zappa_app.authorize")
    gw.add_lambda(FN, LambdaHandler.lambda_handler)

    seen = _get(f"{url}/me", headers={"Authorization": "Bearer good"})
    assert seen.status_code == 200
    body = seen.json()
    latency = body["authorizer"].pop("integrationLatency")  # the authorizer's time, in ms
    assert isinstance(latency, int) and latency >= 0
    assert body == {"user": "ada", "authorizer": {"principalId": "ada", "team": "blue"}}
    refused = _get(f"{url}/me", headers={"Authorization": "Bearer bad"})
    assert (refused.status_code, refused.json()) == (401, {"message": "Unauthorized"})
    # Missing, or not matching the validation expression: 401 without calling the function.
    calls = len(gw.requests)
    for headers in ({}, {"Authorization": "Basic x"}):
        answer = _get(f"{url}/me", headers=headers)
        assert (answer.status_code, answer.json()) == (401, {"message": "Unauthorized"})
    assert len(gw.requests) == calls + 2


@pytest.mark.parametrize("stage", ["", "dev"])
def test_http_api_through_zappas_handler(bare: tuple[Any, Zappa], monkeypatch: pytest.MonkeyPatch,
                                         stage: str) -> None:
    """``apigateway_version: v2``: an HTTP API, payload 2.0, ``$default`` route; Zappa moves a named
    stage from rawPath to SCRIPT_NAME itself."""
    gw, zappa = bare
    stack = _stack(gw, zappa, apigateway_version="v2", stage_name=stage or None,
                   cors_options={"allowed_origins": ["https://app.example.com"], "max_age": 60})
    api = stack.resources["ApiV2"]
    v2 = boto3.client("apigatewayv2", region_name=REGION)
    assert v2.get_api(ApiId=api)["CorsConfiguration"] == {
        "AllowHeaders": ["*"], "AllowMethods": ["*"], "AllowOrigins": ["https://app.example.com"], "MaxAge": 60}
    [route] = v2.get_routes(ApiId=api)["Items"]
    assert (route["RouteKey"], route["AuthorizationType"]) == ("$default", "NONE")
    assert v2.get_stage(ApiId=api, StageName=stage or "$default")["AutoDeploy"] is True
    assert zappa.get_api_id(PROJECT, apigateway_version="v2") is None  # Zappa's fallback looks at REST APIs only
    _fresh_handler(monkeypatch, None, None)
    gw.add_lambda(FN, LambdaHandler.lambda_handler)
    host = f"{api}.execute-api.{REGION}.amazonaws.com"
    base = f"https://{host}" + (f"/{stage}" if stage else "")

    seen = _get(f"{base}/echo/pen?tag=a&tag=b", headers={"X-Custom": "v"}).json()
    assert (seen["path"], seen["script_root"], seen["custom"]) == ("/echo/pen", f"/{stage}" if stage else "", "v")
    assert seen["args"] == {"tag": ["a", "b"]}
    login = requests.post(f"{base}/login", timeout=10)
    assert login.cookies.get_dict() == {"session": "abc", "theme": "dark"}
    image = _get(f"{base}/image.png")
    assert (image.status_code, image.content) == (200, PNG)
    upload = requests.post(f"{base}/upload", data=PNG, headers={"Content-Type": "image/png"}, timeout=10).json()
    assert upload["png"] is True
    preflight = requests.options(f"{base}/echo/pen", headers={
        "Origin": "https://app.example.com", "Access-Control-Request-Method": "POST"}, timeout=10)
    # Zappa's $default route takes the preflight, so Flask answers it ("The $default route catches
    # requests for all methods ..., including OPTIONS requests":
    # https://docs.aws.amazon.com/apigateway/latest/developerguide/http-api-cors.html); API
    # Gateway adds the allowed origin as on any answer.
    assert preflight.status_code == 200
    assert set(preflight.headers["Allow"].split(", ")) == {"DELETE", "GET", "HEAD", "OPTIONS", "POST"}
    assert preflight.headers["Access-Control-Allow-Origin"] == "https://app.example.com"
    assert "Access-Control-Max-Age" not in preflight.headers


def test_undeploy_removes_a_root_base_path(deployed: Deployed) -> None:
    """Without a base path Zappa maps the domain's root and deletes the mapping ``(none)``."""
    zappa, client = deployed.zappa, deployed.client
    zappa.create_domain_name(DOMAIN, "shop", certificate_arn=CERT, lambda_name=PROJECT, stage="dev")
    zappa.update_domain_base_path_mapping(DOMAIN, PROJECT, "dev", None)  # unchanged: no call
    assert client.get_base_path_mappings(domainName=DOMAIN)["items"] == [
        {"basePath": "(none)", "restApiId": deployed.api, "stage": "dev"}]
    zappa.undeploy_api_gateway(PROJECT, domain_name=DOMAIN)
    assert client.get_base_path_mappings(domainName=DOMAIN).get("items", []) == []
    assert client.get_rest_apis()["items"] == []


def test_a_base_path_moved_back_to_the_root(deployed: Deployed) -> None:
    """Zappa moves a mapping to the root with ``replace /basePath`` and the value ``""``."""
    zappa, client = deployed.zappa, deployed.client
    zappa.create_domain_name(DOMAIN, "shop", certificate_arn=CERT, lambda_name=PROJECT, stage="dev", base_path="v1")
    zappa.update_domain_base_path_mapping(DOMAIN, PROJECT, "dev", None)
    assert client.get_base_path_mappings(domainName=DOMAIN)["items"] == [
        {"basePath": "(none)", "restApiId": deployed.api, "stage": "dev"}]


def test_stage_variables_become_environment_variables(deployed: Deployed, monkeypatch: pytest.MonkeyPatch) -> None:
    """Zappa copies the event's ``stageVariables`` into ``os.environ`` on each request."""
    deployed.zappa.deploy_api_gateway(deployed.api, "dev", variables={"COLOUR": "blue"})
    _fresh_handler(monkeypatch, None, None)
    deployed.gw.add_lambda(FN, LambdaHandler.lambda_handler)
    url = f"https://{deployed.api}.execute-api.{REGION}.amazonaws.com/dev/colour"
    assert _get(url).json() == {"colour": "blue"}
    assert deployed.client.get_stage(restApiId=deployed.api, stageName="dev")["variables"] == {"COLOUR": "blue"}


def test_websocket_api_through_zappas_handler(bare: tuple[Any, Zappa], monkeypatch: pytest.MonkeyPatch) -> None:
    """``websocket: true``: Zappa's WebSocket API (``$connect``, ``$disconnect``, ``$default``) and its
    handler registry; ``send_message`` posts to ``@connections`` at ``https://{domainName}/{STAGE}``."""
    import zappa.websocket as zws

    gw, zappa = bare
    stack = _stack(gw, zappa, websocket=True, websocket_stage_name="dev")
    api = stack.resources["WsApi"]
    v2 = boto3.client("apigatewayv2", region_name=REGION)
    assert v2.get_api(ApiId=api)["RouteSelectionExpression"] == "$request.body.action"
    assert sorted(r["RouteKey"] for r in v2.get_routes(ApiId=api)["Items"]) == ["$connect", "$default", "$disconnect"]
    monkeypatch.setattr(zws, "_registry", {})
    monkeypatch.setattr(zws, "_validated", False)
    monkeypatch.setattr(zws, "_ws_client", None)
    seen: list[str] = []

    @zws.on_connect
    def connect(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event["requestContext"]["eventType"])
        return {"statusCode": 200}

    @zws.on_message
    def message(event: dict[str, Any], context: Any) -> dict[str, Any]:
        zws.send_message(event["requestContext"]["connectionId"], {"echo": json.loads(event["body"])})
        return {"statusCode": 200}

    @zws.on_disconnect
    def disconnect(event: dict[str, Any], context: Any) -> dict[str, Any]:
        seen.append(event["requestContext"]["eventType"])
        return {"statusCode": 200}

    monkeypatch.setitem(sys.modules, "gwmock_zappa_ws", types.ModuleType("gwmock_zappa_ws"))
    _fresh_handler(monkeypatch, None, None, websocket="gwmock_zappa_ws")
    gw.add_lambda(FN, LambdaHandler.lambda_handler)

    connection = gw.websocket(f"wss://{api}.execute-api.{REGION}.amazonaws.com/dev")
    assert connection.send('{"action": "say", "text": "hi"}') == ['{"echo": {"action": "say", "text": "hi"}}']
    connection.close()
    assert seen == ["CONNECT", "DISCONNECT"]
