"""One Flask app behind API Gateway through the two WSGI adapters teams run in Lambda,
``apig-wsgi`` and ``serverless-wsgi``, called with ``requests``.

Each adapter reads the proxy event (payload 1.0: ``path``, ``multiValueHeaders``,
``multiValueQueryStringParameters``, ``requestContext.stage``; payload 2.0: ``rawPath``,
``rawQueryString``, ``cookies``, ``requestContext.http``; both: ``isBase64Encoded``) and writes
a proxy answer (``multiValueHeaders`` or ``cookies`` for several ``Set-Cookie``, base64 bodies
with ``isBase64Encoded``). The app echoes what it saw, so each test checks both halves: the
event gwmock built and the answer it relayed. Flavours: a REST API (``{proxy+}`` and a root
``ANY``, stage ``prod``), the same API behind a custom domain's base path ``v1``, HTTP APIs with
payload 1.0 and 2.0 on the ``$default`` stage and on a named stage ``dev``, and a 2.0 HTTP API
behind a custom domain's API mapping ``v1``. Where the adapters differ (SCRIPT_NAME, stage
prefixes, Set-Cookie on 2.0) the tests say what each one makes of AWS's event.
"""

from __future__ import annotations

import base64
import hashlib
from dataclasses import dataclass
from typing import Any

import pytest
import requests
import urllib3

pytest.importorskip("flask")
pytest.importorskip("apig_wsgi")
pytest.importorskip("serverless_wsgi")
import serverless_wsgi  # noqa: E402
from apig_wsgi import make_lambda_handler  # noqa: E402
from flask import Blueprint, Flask, Response, jsonify, make_response, redirect, request, url_for  # noqa: E402

REGION = "us-east-1"
ACCOUNT = "123456789012"
FN = f"arn:aws:lambda:{REGION}:{ACCOUNT}:function:flask"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
DOMAIN = "api.example.com"

# A 1x1 transparent PNG: bytes that are not UTF-8 (0x89 leads the signature).
PNG = bytes.fromhex("89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
                    "0000000d49444154789c6360000002000154a24f5d0000000049454e44ae426082")


# --- the app ---------------------------------------------------------------------------------


def _routes() -> Blueprint:
    bp = Blueprint("site", __name__)

    @bp.route("/", methods=["GET"])
    def home() -> Any:
        return jsonify(home=True, path=request.path, script_root=request.script_root)

    @bp.route("/echo/<name>", methods=["GET", "POST", "DELETE"])
    def echo(name: str) -> Any:
        return jsonify(name=name, method=request.method, path=request.path,
                       script_root=request.script_root, url=request.url,
                       args=request.args.to_dict(flat=False), agent=request.headers.get("User-Agent"),
                       multi=request.headers.get("X-Multi"))

    @bp.route("/event")
    def event() -> Any:
        seen = request.environ.get("apig_wsgi.full_event") or request.environ["serverless.event"]
        return jsonify(version=seen.get("version"), elb="elb" in seen["requestContext"],
                       keys=sorted(seen), multi=request.headers.get("X-Multi"),
                       remote=request.remote_addr)

    @bp.route("/json", methods=["POST"])
    def json_body() -> Any:
        return jsonify(got=request.get_json(), content_type=request.content_type), 201

    @bp.route("/form", methods=["POST"])
    def form_body() -> Any:
        return jsonify(form=request.form.to_dict(flat=False))

    @bp.route("/upload", methods=["POST"])
    def upload() -> Any:
        data = request.get_data()
        return jsonify(length=len(data), sha256=hashlib.sha256(data).hexdigest(), png=data == PNG)

    @bp.route("/image.png")
    def image() -> Any:
        return Response(PNG, mimetype="image/png")

    @bp.route("/big")
    def big() -> Any:
        return Response("x" * 1_000_000, mimetype="text/plain")

    @bp.route("/login", methods=["POST"])
    def login() -> Any:
        answer = make_response(jsonify(ok=True))
        answer.set_cookie("session", "abc", path="/", httponly=True)
        answer.set_cookie("theme", "dark", path="/")
        answer.headers.add("X-Tag", "one")
        answer.headers.add("X-Tag", "two")
        return answer

    @bp.route("/whoami")
    def whoami() -> Any:
        return jsonify(cookies=request.cookies)

    @bp.route("/go")
    def go() -> Any:
        return redirect(url_for(".echo", name="there"))

    @bp.route("/boom")
    def boom() -> Any:
        raise RuntimeError("boom")

    return bp


def _app(prefix: str = "") -> Flask:
    """The app; ``prefix`` also mounts its routes under a path the gateway leaves in the event
    (an HTTP API's named stage), as apps behind such a stage must."""
    app = Flask(__name__)
    app.register_blueprint(_routes())
    if prefix:
        app.register_blueprint(_routes(), url_prefix=prefix, name="prefixed")
    return app


# --- the gateways ------------------------------------------------------------------------------


@dataclass
class Site:
    """Where the app answers and what each adapter makes of it."""

    base: str  # the URL the client calls, up to the app's root
    adapter: str
    flavour: str  # rest, domain (REST), http1, http2, domain2 (HTTP API, payload 2.0)
    stage: str  # "" for $default
    prefix: str  # what Flask sees before its own routes in request.path
    script_root: str  # request.script_root
    host: str

    @property
    def payload_2(self) -> bool:
        return self.flavour in ("http2", "domain2")


def _handler(adapter: str, app: Flask) -> Any:
    if adapter == "apig":
        return make_lambda_handler(app, binary_support=True)
    return lambda event, context: serverless_wsgi.handle_request(app, event, context)


def _rest_api(client: Any, name: str) -> str:
    api = client.create_rest_api(name=name, binaryMediaTypes=["image/png", "application/octet-stream"])
    api_id, root = api["id"], api["rootResourceId"]
    proxy = client.create_resource(restApiId=api_id, parentId=root, pathPart="{proxy+}")["id"]
    for resource in (root, proxy):
        client.put_method(restApiId=api_id, resourceId=resource, httpMethod="ANY", authorizationType="NONE")
        client.put_integration(restApiId=api_id, resourceId=resource, httpMethod="ANY", type="AWS_PROXY",
                               integrationHttpMethod="POST", uri=URI)
    client.create_deployment(restApiId=api_id, stageName="prod")
    return str(api_id)


def _http_api(client: Any, version: str, stage: str) -> str:
    api = client.create_api(Name="flask", ProtocolType="HTTP")["ApiId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN,
                                            PayloadFormatVersion=version)["IntegrationId"]
    for key in ("ANY /", "ANY /{proxy+}"):
        client.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}")
    client.create_stage(ApiId=api, StageName=stage or "$default", AutoDeploy=True)
    return str(api)


def _site(adapter: str, flavour: str, stage: str, apigateway: Any, apigatewayv2: Any, gwmock: Any,
          monkeypatch: pytest.MonkeyPatch) -> Site:
    if flavour in ("rest", "domain"):
        api = _rest_api(apigateway, "flask")
        host = f"{api}.execute-api.{REGION}.amazonaws.com"
        gwmock.add_lambda(FN, _handler(adapter, _app()))
        if flavour == "domain":
            apigateway.create_domain_name(domainName=DOMAIN, regionalCertificateArn=(
                f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/0d1e2f"), endpointConfiguration={"types": ["REGIONAL"]})
            apigateway.create_base_path_mapping(domainName=DOMAIN, restApiId=api, stage="prod", basePath="v1")
            # event["path"] on a custom domain keeps the base path (/v1/...): serverless-wsgi
            # documents API_GATEWAY_BASE_PATH to move it to SCRIPT_NAME.
            monkeypatch.setenv("API_GATEWAY_BASE_PATH", "v1")
            prefix = "" if adapter == "serverless" else "/v1"
            if adapter == "apig":
                gwmock.add_lambda(FN, _handler(adapter, _app("/v1")))
            return Site(f"https://{DOMAIN}/v1", adapter, flavour, "prod", prefix,
                        "/v1" if adapter == "serverless" else "", DOMAIN)
        # serverless-wsgi puts the stage in SCRIPT_NAME on execute-api hosts; apig-wsgi leaves it out.
        return Site(f"https://{host}/prod", adapter, flavour, "prod", "",
                    "/prod" if adapter == "serverless" else "", host)
    version = "1.0" if flavour == "http1" else "2.0"
    api = _http_api(apigatewayv2, version, stage)
    host = f"{api}.execute-api.{REGION}.amazonaws.com"
    if flavour == "domain2":
        apigatewayv2.create_domain_name(DomainName=DOMAIN, DomainNameConfigurations=[{
            "CertificateArn": f"arn:aws:acm:{REGION}:{ACCOUNT}:certificate/0d1e2f", "EndpointType": "REGIONAL"}])
        apigatewayv2.create_api_mapping(DomainName=DOMAIN, ApiId=api, Stage=stage, ApiMappingKey="v1")
        # "rawPath won't provide the API mapping value": neither adapter sees /v1, so request.url and
        # url_for lose the base path; a named stage's segment is there though the URL has none
        # (serverless-express#465), so the app sees /dev/... unless the adapter strips it.
        if adapter == "serverless":
            monkeypatch.setenv("API_GATEWAY_BASE_PATH", stage)
            gwmock.add_lambda(FN, _handler(adapter, _app()))
            return Site(f"https://{DOMAIN}/v1", adapter, flavour, stage, "", f"/{stage}", DOMAIN)
        gwmock.add_lambda(FN, _handler(adapter, _app(f"/{stage}")))
        return Site(f"https://{DOMAIN}/v1", adapter, flavour, stage, f"/{stage}", "", DOMAIN)
    if not stage:
        gwmock.add_lambda(FN, _handler(adapter, _app()))
        # serverless-wsgi's SCRIPT_NAME is "/" + requestContext.stage, "$default" included.
        return Site(f"https://{host}", adapter, flavour, "", "",
                    "/$default" if adapter == "serverless" else "", host)
    # A named stage stays in rawPath / path: the app sees /dev/... unless the adapter strips it.
    if adapter == "serverless":
        monkeypatch.setenv("API_GATEWAY_BASE_PATH", stage)
        gwmock.add_lambda(FN, _handler(adapter, _app()))
        return Site(f"https://{host}/{stage}", adapter, flavour, stage, "", f"/{stage}", host)
    gwmock.add_lambda(FN, _handler(adapter, _app(f"/{stage}")))
    return Site(f"https://{host}/{stage}", adapter, flavour, stage, f"/{stage}", "", host)


FLAVOURS = [("rest", ""), ("domain", ""), ("http1", ""), ("http2", ""), ("http1", "dev"), ("http2", "dev"),
            ("domain2", "dev")]


@pytest.fixture(params=[(a, f, s) for a in ("apig", "serverless") for f, s in FLAVOURS],
                ids=lambda p: f"{p[0]}-{p[1]}{'-' + p[2] if p[2] else ''}")
def site(request: pytest.FixtureRequest, apigateway: Any, apigatewayv2: Any, gwmock: Any,
         monkeypatch: pytest.MonkeyPatch) -> Site:
    adapter, flavour, stage = request.param
    return _site(adapter, flavour, stage, apigateway, apigatewayv2, gwmock, monkeypatch)


def _get(url: str, **kwargs: Any) -> requests.Response:
    return requests.get(url, timeout=10, **kwargs)


# --- what Flask saw ----------------------------------------------------------------------------


def test_path_params_and_repeated_query_keys(site: Site) -> None:
    answer = _get(f"{site.base}/echo/pen?tag=a&tag=b&empty=&x=1", headers={"User-Agent": "wsgi/1"})
    assert answer.status_code == 200
    seen = answer.json()
    assert seen["name"] == "pen"
    assert seen["method"] == "GET"
    assert seen["agent"] == "wsgi/1"
    # "multiValueQueryStringParameters ... {"tag": ["a", "b"]}" (1.0); 2.0's rawQueryString keeps
    # the query as sent. An empty value ("empty=") reaches both formats as "".
    assert seen["args"] == {"tag": ["a", "b"], "empty": [""], "x": ["1"]}
    assert seen["path"] == f"{site.prefix}/echo/pen"
    assert seen["script_root"] == site.script_root


def test_request_url_as_each_adapter_builds_it(site: Site) -> None:
    seen = _get(f"{site.base}/echo/pen?q=1").json()
    # Both adapters take the scheme from X-Forwarded-Proto (API Gateway sends "https") and the
    # host from Host; the port (X-Forwarded-Port 443) is the scheme's default.
    assert seen["url"] == f"https://{site.host}{site.script_root}{site.prefix}/echo/pen?q=1"
    if site.flavour == "domain2":
        assert not seen["url"].startswith(site.base)  # the mapping key is lost (see _site)


def test_the_event_is_api_gateways(site: Site) -> None:
    # Two header lines of one name: 1.0 "multiValueHeaders" lists both; 2.0 "Duplicate headers are
    # combined with commas". Sent with urllib3, as requests' header dict holds one line per name.
    answer = urllib3.request("GET", f"{site.base}/event",
                             headers=urllib3.HTTPHeaderDict([("X-Multi", "a"), ("X-Multi", "b")]))
    assert answer.status == 200
    seen = answer.json()
    # No requestContext.elb: both adapters would read the event as an ALB's.
    assert seen["elb"] is False
    rest = site.flavour in ("rest", "domain")
    # REST events carry no "version"; HTTP APIs send "1.0" or "2.0".
    assert seen["version"] == (None if rest else "2.0" if site.payload_2 else "1.0")
    if site.payload_2:
        assert {"rawPath", "rawQueryString", "routeKey"} <= set(seen["keys"])
        assert seen["multi"] == "a,b"
    else:
        assert {"multiValueHeaders", "multiValueQueryStringParameters", "path", "resource"} <= set(seen["keys"])
        # apig-wsgi joins a multiValueHeaders list with ","; serverless-wsgi keeps the last line.
        assert seen["multi"] == ("a,b" if site.adapter == "apig" else "b")
    # API Gateway's X-Forwarded-For / sourceIp: the client's address (127.0.0.1 in gwmock).
    assert seen["remote"] == "127.0.0.1"


def test_root_resource_reaches_the_app(site: Site) -> None:
    # The root ANY method (REST) / "ANY /" route (HTTP) sends "/" to the same function.
    answer = _get(f"{site.base}/")
    assert answer.status_code == 200
    assert answer.json() == {"home": True, "path": f"{site.prefix}/", "script_root": site.script_root}


def test_unicode_in_path_and_query(site: Site) -> None:
    answer = _get(f"{site.base}/echo/caf%C3%A9?q=%E2%9C%93&q=na%C3%AFve")
    assert answer.status_code == 200
    seen = answer.json()
    # REST events keep the path percent-encoded as called (aws-recorded test_apigateway_lambda:
    # "/proxy-value/api/user/test%2Balias@gmail.com"); HTTP APIs send it decoded, in payload 1.0's
    # ``path`` and 2.0's ``rawPath`` alike (live captures in hotsock/voker#8, middleapi/standard-
    # server#93). apig-wsgi unquotes the path as WSGI's latin-1, so behind an HTTP API a non-ASCII
    # segment reaches Flask mangled, as it does on AWS; serverless-wsgi copes with both.
    # 1.0's query values arrive decoded, which the adapters encode again.
    mangled = site.adapter == "apig" and site.flavour in ("http1", "http2", "domain2")
    assert seen["name"] == ("caf\ufffd" if mangled else "café")
    assert seen["args"] == {"q": ["✓", "naïve"]}


def test_json_body(site: Site) -> None:
    answer = requests.post(f"{site.base}/json", json={"name": "pen", "tags": ["a", "é"]}, timeout=10)
    assert answer.status_code == 201
    assert answer.json() == {"got": {"name": "pen", "tags": ["a", "é"]}, "content_type": "application/json"}


def test_form_body(site: Site) -> None:
    answer = requests.post(f"{site.base}/form", data=[("a", "1"), ("a", "2"), ("b", "é & ü")], timeout=10)
    assert answer.status_code == 200
    assert answer.json() == {"form": {"a": ["1", "2"], "b": ["é & ü"]}}


def test_binary_upload(site: Site) -> None:
    # REST: "binaryMediaTypes" holds image/png, so the body arrives base64 with isBase64Encoded;
    # HTTP APIs send any body that is not text base64-encoded.
    answer = requests.post(f"{site.base}/upload", data=PNG, headers={"Content-Type": "image/png"}, timeout=10)
    assert answer.status_code == 200
    assert answer.json() == {"length": len(PNG), "sha256": hashlib.sha256(PNG).hexdigest(), "png": True}


def test_large_binary_upload(site: Site) -> None:
    blob = bytes(range(256)) * 4096  # 1 MiB, every byte value
    answer = requests.post(f"{site.base}/upload", data=blob,
                           headers={"Content-Type": "application/octet-stream"}, timeout=30)
    assert answer.status_code == 200
    assert answer.json() == {"length": len(blob), "sha256": hashlib.sha256(blob).hexdigest(), "png": False}


def test_cookies_sent_back_reach_the_app(site: Site) -> None:
    answer = _get(f"{site.base}/whoami", headers={"Cookie": "a=1; b=two"})
    assert answer.json() == {"cookies": {"a": "1", "b": "two"}}


# --- what the client got -------------------------------------------------------------------------


def test_binary_download(site: Site) -> None:
    # Both adapters answer a non-text Content-Type base64 with isBase64Encoded. REST: "API Gateway
    # uses the first Accept header from clients to determine if a response should return binary
    # media". HTTP APIs decode any isBase64Encoded body.
    answer = _get(f"{site.base}/image.png", headers={"Accept": "image/png"})
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "image/png"
    assert answer.content == PNG
    anything = _get(f"{site.base}/image.png", headers={"Accept": "*/*"})
    rest = site.flavour in ("rest", "domain")
    # "*/*" is not among the REST API's binaryMediaTypes: the client gets the base64 text.
    assert anything.content == (base64.b64encode(PNG) if rest else PNG)


def test_large_text_download(site: Site) -> None:
    answer = _get(f"{site.base}/big")
    assert answer.status_code == 200
    assert answer.headers["Content-Type"].startswith("text/plain")
    assert answer.text == "x" * 1_000_000


def test_several_set_cookie_lines_and_repeated_headers(site: Site) -> None:
    session = requests.Session()
    answer = session.post(f"{site.base}/login", timeout=10)
    assert answer.status_code == 200
    lines = [line.split(";")[0] for line in answer.raw.headers.getlist("Set-Cookie")]
    tags = answer.raw.headers.getlist("X-Tag")
    if site.payload_2 and site.adapter == "serverless":
        # serverless-wsgi answers payload 2.0 with its 1.0 trick, one header per spelling of the
        # name ("set-cookie", "Set-cookie"), not the "cookies" list. Header names are
        # case-insensitive on HTTP APIs, so one line is left (dougmoscrop/serverless-http#168:
        # the spelling trick "doesn't work with at least event payload version 2.0").
        assert (len(lines), len(tags), len(session.cookies)) == (1, 1, 1)
        return
    # 2.0 has no multiValueHeaders: apig-wsgi's one headers dict keeps the last X-Tag.
    assert tags == (["two"] if site.payload_2 else ["one", "two"])
    # 1.0: "multiValueHeaders ... API Gateway returns multiple header values" (each its own line);
    # 2.0: "each cookie [of the response's cookies] becomes a set-cookie header".
    assert sorted(lines) == ["session=abc", "theme=dark"]
    assert dict(session.cookies) == {"session": "abc", "theme": "dark"}
    assert session.get(f"{site.base}/whoami", timeout=10).json() == {"cookies": {"session": "abc", "theme": "dark"}}


def test_redirect_location(site: Site) -> None:
    answer = _get(f"{site.base}/go", allow_redirects=False)
    assert answer.status_code == 302
    # Flask writes url_for's path (script root included) as a relative Location.
    assert answer.headers["Location"] == f"{site.script_root}{site.prefix}/echo/there"


def test_unknown_route_is_flasks_404(site: Site) -> None:
    answer = _get(f"{site.base}/nowhere")
    assert answer.status_code == 404
    assert "Not Found" in answer.text
    assert answer.headers["Content-Type"].startswith("text/html")


def test_an_exception_in_the_app_is_flasks_500(site: Site) -> None:
    answer = _get(f"{site.base}/boom")
    assert answer.status_code == 500
    assert "Internal Server Error" in answer.text


def test_head_has_headers_and_no_body(site: Site) -> None:
    answer = requests.head(f"{site.base}/echo/pen", timeout=10)
    assert answer.status_code == 200
    assert answer.headers["Content-Type"] == "application/json"
    assert answer.content == b""
    if site.flavour in ("rest", "domain"):
        # Flask's HEAD answer keeps the GET body's Content-Length; a REST API renames an integration's
        # Content-Length to x-amzn-Remapped-Content-Length (aws-recorded header_remapping[AWS_PROXY]).
        head = requests.head(f"{site.base}/", timeout=10)
        length = len(_get(f"{site.base}/").content)
        assert head.headers["x-amzn-Remapped-Content-Length"] == str(length)
        assert (head.headers["Content-Length"], head.content) == ("0", b"")
