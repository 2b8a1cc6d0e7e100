"""The real AWS CLI against ``gwmock serve``, in depth: what CLI users type, checked against what the CLI
prints against AWS. One server for the module; independent CLI calls run in a thread pool.

The installed CLI decides some expectations: v1 (``aws-cli/1.x``) has no ``--cli-input-yaml`` nor
``--output yaml``, exits 255 for a service error and sends a blob argument's text as is; v2 has both,
exits 254 and reads blobs as base64 unless ``cli_binary_format`` is ``raw-in-base64-out``
(https://docs.aws.amazon.com/cli/latest/userguide/cliv2-migration-changes.html#cliv2-migration-binaryparam,
https://docs.aws.amazon.com/cli/latest/userguide/cli-usage-returncodes.html).
"""

from __future__ import annotations

import ast
import base64
import io
import json
import os
import subprocess
import zipfile
from concurrent.futures import ThreadPoolExecutor
from urllib.parse import urlsplit

import boto3
import pytest
from helpers import aws_cli, deployed_mock_api, served_gwmock
from websockets.sync.client import connect

REGION = "eu-west-1"


pytestmark = pytest.mark.skipif(not aws_cli(), reason="the AWS CLI is not installed")


@pytest.fixture(scope="module")
def url():
    """``python -m gwmock serve --port 0``'s URL; its stderr must hold no traceback at the end."""
    for served_url, _ in served_gwmock():
        yield served_url


@pytest.fixture(scope="module")
def version():
    """The installed CLI's major version (1 or 2)."""
    done = subprocess.run([aws_cli(), "--version"], capture_output=True, text=True, timeout=60)
    return int((done.stdout or done.stderr).split("/", 1)[1].split(".", 1)[0])


def _env(region, config=None, credentials=None):
    env = {**os.environ, "AWS_PAGER": "", "AWS_CONFIG_FILE": config or os.devnull,
           "AWS_SHARED_CREDENTIALS_FILE": credentials or os.devnull}
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_REGION", "AWS_DEFAULT_OUTPUT"):
        env.pop(name, None)
    if credentials is None:
        env.update(AWS_ACCESS_KEY_ID="testing", AWS_SECRET_ACCESS_KEY="testing-secret")
    if region:
        env["AWS_DEFAULT_REGION"] = region
    else:
        env.pop("AWS_DEFAULT_REGION", None)
    return env


def aws(url, *args, region=REGION, endpoint=None, config=None, credentials=None):
    """The AWS CLI against the server: (exit code, stdout, stderr)."""
    done = subprocess.run([aws_cli(), "--endpoint-url", endpoint or url, *args],
                          env=_env(region, config, credentials), capture_output=True, text=True, timeout=60)
    return done.returncode, done.stdout, done.stderr


def ok(url, *args, **kwargs):
    """stdout of a CLI call that must succeed; JSON output parsed."""
    code, out, err = aws(url, *args, **kwargs)
    assert code == 0, err
    return json.loads(out) if out.strip() and "--output" not in args else out


def parallel(*calls):
    """Run independent callables at once (each CLI call is a Python process): their results, in order."""
    with ThreadPoolExecutor(4) as pool:
        return [future.result() for future in [pool.submit(call) for call in calls]]


def _client(url, service="apigateway", region=REGION):
    return boto3.client(service, region_name=region, endpoint_url=url, aws_access_key_id="testing",
                        aws_secret_access_key="testing-secret")


def _token(token):
    """The CLI's --starting-token: base64 of its JSON ({"position"|"NextToken": ..., "boto_truncate_amount"})."""
    return json.loads(base64.b64decode(token))


def _walk(url, *args, key, page_size, max_items, **options):
    """Every item the CLI lists, page by page through its own tokens: (names, tokens seen)."""
    seen, tokens, token = [], [], None
    for _ in range(20):
        more = ("--starting-token", token) if token else ()
        page = ok(url, *args, "--page-size", str(page_size), "--max-items", str(max_items), *more, **options)
        seen += page.get(key, [])
        token = page.get("NextToken")
        if token is None:
            return seen, tokens
        tokens.append(_token(token))
    raise AssertionError("the CLI never reached the last page")


# --- fixtures -------------------------------------------------------------------------------------


@pytest.fixture(scope="module")
def listed(url):
    """A region (sa-east-1) of its own: 5 REST APIs, 5 API keys, 4 resources under one API, 5 HTTP APIs and
    5 routes under one: what the pagination tests list."""
    region = "sa-east-1"
    v1, v2 = _client(url, region=region), _client(url, "apigatewayv2", region=region)
    apis = [v1.create_rest_api(name=f"rest-{n}")["id"] for n in range(5)]
    keys = [v1.create_api_key(name=f"key-{n}")["name"] for n in range(5)]
    root = v1.get_resources(restApiId=apis[0])["items"][0]["id"]
    for part in ("a", "b", "c"):
        v1.create_resource(restApiId=apis[0], parentId=root, pathPart=part)
    http = [v2.create_api(Name=f"http-{n}", ProtocolType="HTTP")["ApiId"] for n in range(5)]
    for key in ("GET /a", "GET /b", "POST /c", "PUT /d", "$default"):
        v2.create_route(ApiId=http[0], RouteKey=key)
    return {"region": region, "apis": apis, "keys": keys, "http": http}


@pytest.fixture(scope="module")
def mock_api(url):
    """A REST API in eu-west-1, stage dev: POST /pets (MOCK) answering its query string ``q`` and the
    request body's ``name``. (api id, /pets resource id)."""
    client = _client(url)
    stage = deployed_mock_api(client, '{"q": "$input.params(\'q\')"}', path_part="pets", name="pets-cli",
                              description="before")
    api = urlsplit(stage).hostname.split(".")[0]
    pets = next(item["id"] for item in client.get_resources(restApiId=api)["items"] if item["path"] == "/pets")
    return api, pets


# --- pagination: the CLI's own tokens -------------------------------------------------------------


def test_the_cli_pages_every_listing_through_its_own_tokens(url, listed):
    region = listed["region"]
    calls = {
        "rest": lambda: _walk(url, "apigateway", "get-rest-apis", key="items", page_size=2, max_items=3,
                              region=region),
        "keys": lambda: _walk(url, "apigateway", "get-api-keys", key="items", page_size=2, max_items=2,
                              region=region),
        "resources": lambda: _walk(url, "apigateway", "get-resources", "--rest-api-id", listed["apis"][0],
                                   key="items", page_size=1, max_items=3, region=region),
        "http": lambda: _walk(url, "apigatewayv2", "get-apis", key="Items", page_size=2, max_items=3, region=region),
        "routes": lambda: _walk(url, "apigatewayv2", "get-routes", "--api-id", listed["http"][0], key="Items",
                                page_size=1, max_items=2, region=region),
    }
    done = dict(zip(calls, parallel(*calls.values())))
    assert [api["id"] for api in done["rest"][0]] == listed["apis"]
    assert sorted(key["name"] for key in done["keys"][0]) == listed["keys"]
    assert [resource["path"] for resource in done["resources"][0]] == ["/", "/a", "/b", "/c"]
    assert [api["ApiId"] for api in done["http"][0]] == listed["http"]
    assert sorted(route["RouteKey"] for route in done["routes"][0]) == ["$default", "GET /a", "GET /b", "POST /c",
                                                                         "PUT /d"]
    # v1 pages by position, v2 by NextToken; a page cut by --max-items is resumed by boto_truncate_amount
    assert set(done["rest"][1][0]) == {"position", "boto_truncate_amount"} and done["rest"][1][0]["position"]
    assert set(done["http"][1][0]) == {"NextToken", "boto_truncate_amount"}
    assert all(set(token) == {"NextToken"} for token in done["routes"][1])


def test_no_paginate_returns_one_page_with_the_services_own_token(url, listed):
    region = listed["region"]
    rest, http, refused = parallel(
        lambda: ok(url, "apigateway", "get-rest-apis", "--limit", "2", "--no-paginate", region=region),
        lambda: ok(url, "apigatewayv2", "get-apis", "--max-results", "2", "--no-paginate", region=region),
        lambda: aws(url, "apigateway", "get-rest-apis", "--page-size", "2", "--no-paginate", region=region))
    assert [api["id"] for api in rest["items"]] == listed["apis"][:2] and rest["position"]
    assert [api["ApiId"] for api in http["Items"]] == listed["http"][:2] and http["NextToken"]
    resumed = ok(url, "apigateway", "get-rest-apis", "--position", rest["position"], "--no-paginate", region=region)
    assert [api["id"] for api in resumed["items"]] == listed["apis"][2:] and "position" not in resumed
    assert refused[0] == 255 and "Cannot specify --no-paginate along with pagination arguments" in refused[2]


def test_query_and_text_and_table_output(url, listed):
    region = listed["region"]
    text, table, empty = parallel(
        lambda: aws(url, "apigateway", "get-rest-apis", "--query", "items[].[id,name]", "--output", "text",
                    region=region),
        lambda: aws(url, "apigatewayv2", "get-apis", "--max-items", "2", "--query", "Items[].[Name]", "--output",
                    "table", region=region),
        lambda: aws(url, "apigateway", "get-rest-apis", "--output", "json", region="ca-central-1"))
    assert text[1].splitlines() == [f"{api}\trest-{n}" for n, api in enumerate(listed["apis"])]
    assert [line.strip("|+- ") for line in table[1].splitlines()] == ["", "GetApis", "", "http-0", "http-1", ""]
    assert json.loads(empty[1]) == {"items": []}


# --- input: --cli-input-json / yaml, skeletons, shorthand --------------------------------------------


def test_cli_input_json_and_the_skeleton(url, mock_api, tmp_path, version):
    api, _ = mock_api
    document = tmp_path / "input.json"
    document.write_text(json.dumps({"restApiId": api, "stageName": "dev"}))
    skeleton, from_file, inline = parallel(
        lambda: ok(url, "apigateway", "get-stage", "--generate-cli-skeleton"),
        lambda: ok(url, "apigateway", "get-stage", "--cli-input-json", f"file://{document}"),
        lambda: ok(url, "apigateway", "get-rest-api", "--cli-input-json", json.dumps({"restApiId": api}),
                   "--query", "name"))
    assert skeleton == {"restApiId": "", "stageName": ""}
    assert (from_file["stageName"], inline) == ("dev", "pets-cli")
    if version >= 2:
        yaml_in = ok(url, "apigateway", "get-stage", "--cli-input-yaml", f"restApiId: {api}\nstageName: dev\n")
        assert yaml_in["stageName"] == "dev"
    else:  # v1 has neither --cli-input-yaml nor --output yaml: the CLI refuses before any request
        code, _, err = aws(url, "apigateway", "get-stage", "--generate-cli-skeleton", "yaml-input")
        assert code == 2 and "Invalid choice" in err


def test_patch_operations_in_shorthand(url, mock_api):
    api, _ = mock_api
    stage, rest, refused = parallel(
        lambda: ok(url, "apigateway", "update-stage", "--rest-api-id", api, "--stage-name", "dev",
                   "--patch-operations", "op=replace,path=/description,value=from the CLI",
                   "op=replace,path=/variables/color,value=blue", "op=replace,path=/*/*/logging/loglevel,value=INFO"),
        lambda: ok(url, "apigateway", "update-rest-api", "--rest-api-id", api, "--patch-operations",
                   "op=replace,path=/description,value=x", "--query", "description", "--output", "text"),
        lambda: aws(url, "apigateway", "update-stage", "--rest-api-id", api, "--stage-name", "dev",
                    "--patch-operations", "op=replace,path=/nope,value=x"))
    assert (stage["description"], stage["variables"]) == ("from the CLI", {"color": "blue"})
    assert stage["methodSettings"]["*/*"]["loggingLevel"] == "INFO"
    assert rest == "x\n"
    assert refused[0] == 255 and refused[2].strip().startswith(
        "An error occurred (BadRequestException) when calling the UpdateStage operation: "
        "Invalid method setting path: /nope. Must be one of: [/deploymentId,")
    assert _client(url).get_stage(restApiId=api, stageName="dev")["description"] == "from the CLI"


# --- documents in and out: export, SDK, import, put, v2 import and reimport ----------------------------


def test_get_export_and_get_sdk_write_the_outfile_as_bytes(url, mock_api, tmp_path):
    api, _ = mock_api
    exported, sdk = tmp_path / "export.json", tmp_path / "sdk.zip"
    export_meta, sdk_meta = parallel(
        lambda: ok(url, "apigateway", "get-export", "--rest-api-id", api, "--stage-name", "dev", "--export-type",
                   "swagger", str(exported)),
        lambda: ok(url, "apigateway", "get-sdk", "--rest-api-id", api, "--stage-name", "dev", "--sdk-type",
                   "javascript", str(sdk)))
    # aws-recorded test_apigateway_extended: get-export answers application/octet-stream
    assert export_meta["contentType"] == "application/octet-stream"
    assert export_meta["contentDisposition"].startswith('attachment; filename="swagger_')
    assert json.loads(exported.read_bytes())["paths"]["/pets"]["post"]
    expected = _client(url).get_export(restApiId=api, stageName="dev", exportType="swagger")["body"].read()
    assert json.loads(exported.read_bytes())["paths"] == json.loads(expected)["paths"]
    assert sdk_meta["contentDisposition"].startswith('attachment; filename="javascript_')
    with zipfile.ZipFile(io.BytesIO(sdk.read_bytes())) as archive:
        assert archive.testzip() is None and archive.namelist()


def test_import_put_and_reimport_from_files(url, tmp_path):
    document = {"openapi": "3.0.1", "info": {"title": "from-file", "version": "1"},
                "paths": {"/cats": {"get": {"responses": {"200": {"description": "ok"}},
                                            "x-amazon-apigateway-integration": {"type": "mock"}}}}}
    source = tmp_path / "api.json"
    source.write_bytes(json.dumps(document).encode())
    http = tmp_path / "http.yaml"
    http.write_text("openapi: 3.0.1\ninfo: {title: yaml-http, version: '1'}\n"
                    "paths:\n  /items:\n    get:\n      responses: {default: {description: x}}\n")
    things = tmp_path / "things.yaml"
    things.write_text(http.read_text().replace("/items", "/things"))
    client = _client(url)

    def rest_flow():
        api = ok(url, "apigateway", "import-rest-api", "--body", f"fileb://{source}")["id"]
        root = client.get_resources(restApiId=api)["items"][0]["id"]
        client.create_resource(restApiId=api, parentId=root, pathPart="dogs")
        put = ("apigateway", "put-rest-api", "--rest-api-id", api, "--body", f"fileb://{source}", "--mode")
        ok(url, *put, "merge")
        merged = sorted(item["path"] for item in client.get_resources(restApiId=api)["items"])
        refused = aws(url, *put, "bogus")
        assert sorted(item["path"] for item in client.get_resources(restApiId=api)["items"]) == merged
        ok(url, *put, "overwrite")
        return merged, sorted(item["path"] for item in client.get_resources(restApiId=api)["items"]), refused

    def http_flow():
        v2 = ok(url, "apigatewayv2", "import-api", "--body", f"file://{http}")
        reimported = ok(url, "apigatewayv2", "reimport-api", "--api-id", v2["ApiId"], "--body", f"file://{things}")
        routes = ok(url, "apigatewayv2", "get-routes", "--api-id", v2["ApiId"], "--query", "Items[].RouteKey")
        return v2, reimported, routes

    (merged, overwritten, refused), (v2, reimported, routes) = parallel(rest_flow, http_flow)
    assert (merged, overwritten) == (["/", "/cats", "/dogs"], ["/", "/cats"])
    assert refused[0] == 255 and refused[2].strip() == (
        "An error occurred (ValidationException) when calling the PutRestApi operation: 1 validation error "
        "detected: Value 'bogus' at 'mode' failed to satisfy constraint: Member must satisfy enum value set: "
        "[merge, overwrite]")
    assert (v2["Name"], reimported["ApiId"], routes) == ("yaml-http", v2["ApiId"], ["GET /things"])


def test_test_invoke_method_with_query_string_and_body(url, mock_api):
    api, pets = mock_api
    answer = ok(url, "apigateway", "test-invoke-method", "--rest-api-id", api, "--resource-id", pets,
                "--http-method", "POST", "--path-with-query-string", "/pets?q=cli%20query", "--body",
                '{"name": "rex"}')
    assert (answer["status"], json.loads(answer["body"])) == (200, {"q": "cli query"})
    assert "Method request query string: {q=cli query}" in answer["log"]
    assert 'Method request body before transformations: {"name": "rex"}' in answer["log"]


# --- errors ---------------------------------------------------------------------------------------------


def test_errors_exit_non_zero_with_the_clis_error_line(url, version):
    service_error = 255 if version == 1 else 254
    v1, v2, unsigned = parallel(
        lambda: aws(url, "apigateway", "get-rest-api", "--rest-api-id", "nope"),
        lambda: aws(url, "apigatewayv2", "get-route", "--api-id", "nope", "--route-id", "r"),
        lambda: aws(url, "--no-sign-request", "apigateway", "get-rest-apis"))
    assert (v1[0], v1[2].strip()) == (service_error, "An error occurred (NotFoundException) when calling the "
                                                     "GetRestApi operation: Invalid API identifier specified "
                                                     "123456789012:nope")
    assert (v2[0], v2[2].strip()) == (service_error, "An error occurred (NotFoundException) when calling the "
                                                     "GetRoute operation: Invalid API identifier specified "
                                                     "123456789012:nope")
    assert (unsigned[0], unsigned[2].strip()) == (service_error, "An error occurred "
                                                                 "(MissingAuthenticationTokenException) when calling "
                                                                 "the GetRestApis operation: Missing Authentication "
                                                                 "Token")
    assert v1[1] == v2[1] == unsigned[1] == ""


def test_debug_shows_nothing_of_the_server_or_the_secret(url, mock_api):
    api, _ = mock_api
    code, _, err = aws(url, "--debug", "apigateway", "get-rest-api", "--rest-api-id", api)
    assert code == 0
    headers = [line for line in err.splitlines() if "Response headers:" in line]
    assert headers
    for line in headers:
        names = {name.lower() for name in ast.literal_eval(line.split("Response headers: ", 1)[1])}
        assert names <= {"date", "content-type", "content-length", "x-amzn-requestid", "connection",
                         "x-amzn-errortype"}, names
    for secret in ("testing-secret", "uvicorn", "gwmock", os.path.dirname(os.path.dirname(__file__))):
        assert secret not in err


# --- profiles and regions --------------------------------------------------------------------------------


def test_profiles_written_by_aws_configure_pick_region_account_and_output(url, tmp_path):
    files = {"config": str(tmp_path / "config"), "credentials": str(tmp_path / "credentials"), "region": None}
    setting = ("configure", "set", "--profile", "sydney")
    parallel(lambda: ok(url, *setting, "region", "ap-southeast-2", **files),
             lambda: ok(url, *setting, "aws_access_key_id", "111122223333", **files))
    parallel(lambda: ok(url, *setting, "output", "text", **files),
             lambda: ok(url, *setting, "aws_secret_access_key", "s", **files))
    assert "[profile sydney]" in (tmp_path / "config").read_text()
    created = aws(url, "--profile", "sydney", "apigateway", "create-rest-api", "--name", "syd", "--query",
                  "[id,name]", **files)
    api, name = created[1].split()
    sydney, stage_error = parallel(
        lambda: aws(url, "--profile", "sydney", "apigateway", "get-rest-apis", "--query", "items[].name", **files),
        lambda: aws(url, "--profile", "sydney", "apigateway", "get-stage", "--rest-api-id", api, "--stage-name",
                    "x", **files))
    assert (name, sydney[1]) == ("syd", "syd\n")  # the profile's output format: text
    assert stage_error[2].strip() == ("An error occurred (NotFoundException) when calling the GetStage operation: "
                                      "Invalid stage identifier specified")
    # the account is the profile's access key, the region its own: another account sees nothing there
    assert _client(url, region="ap-southeast-2").get_rest_apis()["items"] == []
    mine = boto3.client("apigateway", region_name="ap-southeast-2", endpoint_url=url,
                        aws_access_key_id="111122223333", aws_secret_access_key="s")
    assert [item["name"] for item in mine.get_rest_apis()["items"]] == ["syd"]


def test_an_operation_in_a_region_it_is_not_offered_in(url):
    """Guess: the server answers any well-formed region (AWS has no endpoint for a made-up one; the CLI with
    --endpoint-url still signs for it), keeping it apart; a malformed one gets AWS's scope error."""
    made_up, malformed = parallel(
        lambda: aws(url, "apigatewayv2", "get-apis", region="xx-nowhere-9"),
        lambda: aws(url, "apigateway", "get-rest-apis", region="Mars"))
    assert (made_up[0], json.loads(made_up[1])) == (0, {"Items": []})
    assert malformed[0] == 255 and malformed[2].strip() == (
        "An error occurred (InvalidSignatureException) when calling the GetRestApis operation: Credential should "
        "be scoped to a valid region, not 'Mars'.")


# --- WebSocket: the CLI's management API ----------------------------------------------------------------


@pytest.fixture(scope="module")
def websocket_api(url):
    """A WebSocket API in eu-west-1, stage prod, whose ``whoami`` route answers the connection id."""
    client = _client(url, "apigatewayv2")
    api = client.create_api(Name="cli-ws", ProtocolType="WEBSOCKET",
                            RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="MOCK",
                                            RequestTemplates={"$default": '{"statusCode": 200}'},
                                            TemplateSelectionExpression="\\$default")["IntegrationId"]
    route = client.create_route(ApiId=api, RouteKey="whoami", Target=f"integrations/{integration}",
                                RouteResponseSelectionExpression="$default")
    client.create_integration_response(ApiId=api, IntegrationId=integration, IntegrationResponseKey="$default",
                                       ResponseTemplates={"$default": '{"id": "$context.connectionId"}'},
                                       TemplateSelectionExpression="\\$default")
    client.create_route_response(ApiId=api, RouteId=route["RouteId"], RouteResponseKey="$default")
    client.create_stage(ApiId=api, StageName="prod", AutoDeploy=True)
    return api


def test_post_to_connection_data_as_the_installed_cli_sends_it(url, websocket_api, tmp_path, version):
    endpoint = f"{url}/_ws/{websocket_api}/prod"
    binary = tmp_path / "data.bin"
    binary.write_bytes("caf\u00e9 \u2603".encode())
    with connect(f"ws://{urlsplit(url).netloc}/_ws/{websocket_api}/prod", open_timeout=5) as ws:
        ws.send(json.dumps({"action": "whoami"}))
        connection = json.loads(ws.recv(timeout=5))["id"]
        post = ("apigatewaymanagementapi", "post-to-connection", "--connection-id", connection)
        raw = "aGVsbG8="  # v1 sends this text as is; v2 decodes it (base64) unless told raw-in-base64-out
        ok(url, *post, "--data", raw, endpoint=endpoint)
        assert ws.recv(timeout=5) == (raw if version == 1 else "hello")
        ok(url, *post, "--data", f"fileb://{binary}", endpoint=endpoint)
        assert ws.recv(timeout=5) == "caf\u00e9 \u2603"
    code, _, err = aws(url, *post, "--data", "late", endpoint=endpoint)
    assert (code, err.strip()) == (255 if version == 1 else 254, "An error occurred (GoneException) when calling "
                                                                 "the PostToConnection operation:")


def test_management_api_of_an_unknown_websocket_api_is_forbidden(url):
    """Guess: an API the server does not hold answers as the path form of a missing REST API does (403
    ForbiddenException "Forbidden"; on AWS its host would not resolve), not with the control plane's
    signature check, which said "scoped to correct service: 'apigateway'" and misled. The server's bare URL
    stands for the control plane's endpoint, which does answer a request signed for execute-api so."""
    post = ("apigatewaymanagementapi", "post-to-connection", "--connection-id", "abc=", "--data", "x")
    unknown, bare = parallel(lambda: aws(url, *post, endpoint=f"{url}/_ws/nosuchapi/prod"),
                             lambda: aws(url, *post, endpoint=url))
    assert (unknown[0], unknown[2].strip()) == (255, "An error occurred (ForbiddenException) when calling the "
                                                     "PostToConnection operation: Forbidden")
    assert (bare[0], bare[2].strip()) == (255, "An error occurred (InvalidSignatureException) when calling the "
                                               "PostToConnection operation: Credential should be scoped to correct "
                                               "service: 'apigateway'.")
