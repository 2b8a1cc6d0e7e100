"""Mangum 0.22 (FastAPI/Starlette) in depth behind REST APIs (v1) Lambda proxy integrations, called
with ``requests``: stage and custom-domain base paths (``api_gateway_base_path``), repeated query
keys and header lines, binary and large/streamed bodies, HEAD, redirects, cookies, an unhandled
exception, and both lifespan modes.

What Mangum reads (mangum/handlers/api_gateway.py): ``httpMethod``, ``path`` (less
``api_gateway_base_path``), ``multiValueQueryStringParameters``, ``headers`` overlaid by
``multiValueHeaders`` joined with ", ", ``body``/``isBase64Encoded`` and
``requestContext.identity.sourceIp``; it answers ``headers`` plus ``multiValueHeaders`` (names
sent more than once), base64 for non-text content types. AWS's side: the Lambda proxy formats
(https://docs.aws.amazon.com/apigateway/latest/developerguide/set-up-lambda-proxy-integrations.html),
binary support (https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-payload-encodings.html)
and base path mappings (https://docs.aws.amazon.com/apigateway/latest/developerguide/rest-api-mappings.html).
"""

from __future__ import annotations

import base64
import json
from typing import Annotated, Any

import pytest
import requests

pytest.importorskip("mangum")
pytest.importorskip("fastapi")
from contextlib import asynccontextmanager  # noqa: E402

from fastapi import FastAPI, Header, Query, Request  # noqa: E402
from fastapi.responses import PlainTextResponse, RedirectResponse, Response, StreamingResponse  # noqa: E402
from mangum import Mangum  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"
PNG = b"\x89PNG\r\n\x1a\n" + bytes(range(256))
STATE: dict[str, Any] = {}


@asynccontextmanager
async def _lifespan(app: FastAPI) -> Any:
    STATE["started"] = STATE.get("started", 0) + 1
    yield
    STATE["stopped"] = STATE.get("stopped", 0) + 1


def _app() -> FastAPI:
    app = FastAPI(lifespan=_lifespan)

    @app.get("/")
    def index(request: Request) -> dict[str, Any]:
        return {"path": request.url.path, "root_path": request.scope.get("root_path")}

    @app.get("/echo")
    def echo(request: Request, tag: Annotated[list[str], Query()] = [],  # noqa: B006 - FastAPI copies it
             x_multi: Annotated[str | None, Header()] = None) -> dict[str, Any]:
        return {"tag": tag, "multi": x_multi, "query": str(request.query_params), "path": request.url.path,
                "client": request.client.host if request.client else None, "host": request.url.hostname,
                "scheme": request.url.scheme}

    @app.get("/logo.png")
    def logo() -> Response:
        return Response(content=PNG, media_type="image/png")

    @app.post("/upload")
    async def upload(request: Request) -> dict[str, Any]:
        data = await request.body()
        return {"size": len(data), "head": list(data[:4]), "type": request.headers.get("content-type")}

    @app.get("/stream")
    def stream() -> StreamingResponse:
        return StreamingResponse((f"line {i}\n".encode() for i in range(1000)), media_type="text/plain")

    @app.get("/big")
    def big() -> PlainTextResponse:
        return PlainTextResponse("x" * 5_000_000)

    @app.get("/huge")
    def huge() -> PlainTextResponse:
        return PlainTextResponse("x" * 6_300_000)

    @app.api_route("/head", methods=["GET", "HEAD"])
    def head() -> PlainTextResponse:
        return PlainTextResponse("body", headers={"X-Length": "4"})

    @app.get("/go")
    def go() -> RedirectResponse:
        return RedirectResponse("/prod/echo?tag=redirected", status_code=302)

    @app.get("/cookies")
    def cookies() -> Response:
        response = Response(content="ok", media_type="text/plain")
        response.set_cookie("a", "1", path="/")
        response.set_cookie("b", "2", path="/", httponly=True)
        response.headers.append("X-Repeat", "one")
        response.headers.append("X-Repeat", "two")
        return response

    @app.get("/crash")
    def crash() -> None:
        raise RuntimeError("unhandled")

    return app


def _proxy_api(client: Any, gwmock: Any, handler: Any, binary: list[str] | None = None) -> tuple[str, str]:
    """(the ``prod`` stage's URL, API id): root and ``/{proxy+}`` ANY call ``handler``."""
    gwmock.add_lambda(FN + "fastapi", handler)
    api = client.create_rest_api(name="fastapi", **({"binaryMediaTypes": binary} if binary else {}))
    proxy = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="{proxy+}")["id"]
    for resource in (api["rootResourceId"], proxy):
        client.put_method(restApiId=api["id"], resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI.format(FN + "fastapi"))
    client.create_deployment(restApiId=api["id"], stageName="prod")
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/prod", api["id"]


@pytest.fixture
def base(apigateway: Any, gwmock: Any) -> str:
    return _proxy_api(apigateway, gwmock, Mangum(_app(), lifespan="off"), binary=["image/png", "application/zip"])[0]


def test_stage_root_and_paths(base):
    # the stage is not part of ``path``: FastAPI routes see the path after it
    assert requests.get(base + "/", timeout=5).json() == {"path": "/", "root_path": ""}
    assert requests.get(base, timeout=5).json() == {"path": "/", "root_path": ""}


def test_repeated_query_keys_and_header_lines(base):
    got = requests.get(f"{base}/echo?tag=a&tag=b&tag=a%20c", headers={"X-Multi": "x"}, timeout=5)
    body = got.json()
    assert body["tag"] == ["a", "b", "a c"]
    assert body["query"] == "tag=a&tag=b&tag=a+c"
    assert body["multi"] == "x"
    assert (body["path"], body["client"], body["scheme"]) == ("/echo", "127.0.0.1", "https")
    assert body["host"] == base.split("/")[2]


def test_header_sent_on_two_lines_reaches_the_app_joined(gwmock, base):
    # two X-Multi lines: multiValueHeaders lists both, Mangum joins them with ", "
    response = gwmock.invoke("GET", f"{base}/echo", headers={"X-Multi": ["one", "two"]})
    assert json.loads(response.body)["multi"] == "one, two"


def test_binary_response_and_upload(base):
    logo = requests.get(f"{base}/logo.png", headers={"Accept": "image/png"}, timeout=5)
    assert (logo.status_code, logo.headers["Content-Type"], logo.content) == (200, "image/png", PNG)
    uploaded = requests.post(f"{base}/upload", data=PNG, headers={"Content-Type": "application/zip"}, timeout=5)
    assert uploaded.json() == {"size": len(PNG), "head": list(PNG[:4]), "type": "application/zip"}


def test_binary_response_without_a_matching_accept_is_base64_text(base):
    # API Gateway converts to binary only when Accept names a binary media type: else the text goes out
    logo = requests.get(f"{base}/logo.png", headers={"Accept": "text/html"}, timeout=5)
    assert (logo.status_code, logo.content) == (200, base64.b64encode(PNG))


def test_streamed_and_large_bodies(base):
    streamed = requests.get(f"{base}/stream", timeout=5)
    assert streamed.text == "".join(f"line {i}\n" for i in range(1000))
    # a Lambda response is at most 6 MB: 5 MB of text fits
    big = requests.get(f"{base}/big", timeout=10)
    assert (big.status_code, len(big.text)) == (200, 5_000_000)


def test_an_answer_over_lambdas_6_mb_is_a_502(base, gwmock):
    # Lambda refuses a synchronous answer over 6,291,556 bytes as a function error
    # (https://docs.aws.amazon.com/lambda/latest/dg/gettingstarted-limits.html: 6 MB response):
    # the proxy integration answers 502
    huge = requests.get(f"{base}/huge", timeout=10)
    assert (huge.status_code, huge.json()) == (502, {"message": "Internal server error"})
    assert huge.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    assert "Response payload size exceeded maximum allowed payload size (6291556 bytes)." in "\n".join(
        gwmock.requests[-1].log)


def test_head_has_no_body(base):
    # HTTP sends no body after HEAD (RFC 9110 9.3.2); Starlette's answer carries one, which Mangum
    # passes on and API Gateway must not send
    head = requests.head(f"{base}/head", timeout=5)
    assert head.status_code == 200
    assert head.headers["X-Length"] == "4"
    assert head.content == b""


def test_redirect_is_followed_by_the_client(base):
    redirected = requests.get(f"{base}/go", timeout=5, allow_redirects=False)
    assert (redirected.status_code, redirected.headers["Location"]) == (302, "/prod/echo?tag=redirected")
    assert redirected.raw.headers.getlist("Location") == ["/prod/echo?tag=redirected"]
    assert requests.get(f"{base}/go", timeout=5).json()["tag"] == ["redirected"]


def test_cookies_and_repeated_headers(base):
    got = requests.get(f"{base}/cookies", timeout=5)
    assert [line.split(";")[0] for line in got.raw.headers.getlist("Set-Cookie")] == ["a=1", "b=2"]
    assert got.raw.headers.getlist("X-Repeat") == ["one", "two"]
    assert got.raw.headers.getlist("Content-Type") == ["text/plain; charset=utf-8"]


def test_unhandled_exception_is_the_apps_500(base, gwmock):
    # Starlette's error middleware answers 500 and Mangum returns that answer: the function succeeds
    crashed = requests.get(f"{base}/crash", timeout=5)
    assert (crashed.status_code, crashed.text) == (500, "Internal Server Error")
    assert "x-amzn-ErrorType" not in crashed.headers
    assert gwmock.requests[-1].error is None


def test_unknown_method_on_a_route_is_the_apps_405(base):
    refused = requests.delete(f"{base}/echo", timeout=5)
    assert (refused.status_code, refused.json()) == (405, {"detail": "Method Not Allowed"})
    assert refused.headers["allow"] == "GET"


@pytest.mark.parametrize("lifespan", ["auto", "on"])
def test_lifespan_runs_around_each_invocation(apigateway, gwmock, lifespan):
    STATE.clear()
    base, _ = _proxy_api(apigateway, gwmock, Mangum(_app(), lifespan=lifespan))
    assert requests.get(f"{base}/echo", timeout=5).status_code == 200
    assert STATE == {"started": 1, "stopped": 1}


def test_custom_domain_base_path(apigateway, gwmock):
    # On a custom domain the event's ``path`` keeps the base path: Mangum strips it when told.
    handler = Mangum(_app(), lifespan="off", api_gateway_base_path="/shop")
    _, api = _proxy_api(apigateway, gwmock, handler)
    apigateway.create_domain_name(domainName="api.example.com", regionalCertificateArn=(
        f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/abc"), endpointConfiguration={"types": ["REGIONAL"]})
    apigateway.create_base_path_mapping(domainName="api.example.com", basePath="shop", restApiId=api, stage="prod")
    got = requests.get("https://api.example.com/shop/echo?tag=z", timeout=5).json()
    assert (got["path"], got["tag"], got["host"]) == ("/echo", ["z"], "api.example.com")
    # the base path with its slash is the API's root (without it Mangum hands Starlette an empty
    # path, which it redirects: the app's quirk, not the gateway's)
    assert requests.get("https://api.example.com/shop/", timeout=5).json() == {"path": "/", "root_path": ""}
