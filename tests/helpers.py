"""Shared test helpers: recorded AWS answers and comparisons against them."""

from __future__ import annotations

import datetime
import functools
import json
import os
import re
from pathlib import Path
from typing import Any

import pytest
from botocore.exceptions import ClientError

# Recorded AWS answers: the project's own copy (only the steps the tests use, with provenance),
# made from ../shared/aws-recorded by tests/data/aws_recorded/refresh.py.
RECORDED = Path(__file__).resolve().parent / "data" / "aws_recorded"
SOURCE = Path(__file__).resolve().parents[2] / "shared" / "aws-recorded"
_PLACEHOLDER = re.compile(r"<[a-z0-9_:-]+(:\d+)?>", re.I)
_USAGE = os.environ.get("GWMOCK_RECORDED_USAGE")  # set by refresh.py: log every step a test reads


@functools.cache
def _copy(name: str) -> dict[str, Any]:
    path = RECORDED / f"{name}.json"
    return json.loads(path.read_text())["scenarios"] if path.exists() and not _USAGE else {}  # type: ignore[no-any-return]


@functools.cache
def _source(name: str) -> dict[str, Any]:
    path = SOURCE / f"test_apigateway_{name}.snapshot.json"
    return json.loads(path.read_text()) if path.exists() else {}  # type: ignore[no-any-return]


def _scenario(file: str, test: str, step: str | None) -> tuple[str, dict[str, Any]]:
    """From the project's copy only (the full recordings while refresh.py runs), so a fresh clone
    without ../shared runs exactly what CI runs; a step missing from the copy fails the test."""
    for snapshot in ((_source(file),) if _USAGE else (_copy(file),)):
        for key, value in snapshot.items():
            if key.split("::")[-1] == test and (step is None or step in value["recorded-content"]):
                return key, value["recorded-content"]
    raise KeyError(f"{file}:{test}:{step} is not in tests/data/aws_recorded (run its refresh.py)")


def _note(file: str, key: str, steps: Any) -> None:
    if _USAGE:
        with open(_USAGE, "a") as log:
            log.writelines(f"{file}\t{key}\t{step}\n" for step in steps)


def recorded_scenario(file: str, test: str) -> dict[str, Any]:
    """Every recorded step of scenario ``test`` (matched by suffix) in ``file``, in order."""
    key, steps = _scenario(file, test, None)
    _note(file, key, steps)
    return steps


def recorded(file: str, test: str, step: str) -> dict[str, Any]:
    """The response AWS gave at ``step`` of scenario ``test`` (matched by suffix) in ``file``."""
    key, steps = _scenario(file, test, step)
    _note(file, key, [step])
    return steps[step]  # type: ignore[no-any-return]


def strip_metadata(response: dict[str, Any]) -> dict[str, Any]:
    out = dict(response)
    meta = out.pop("ResponseMetadata", None)
    if meta is not None:
        out["ResponseMetadata"] = {"HTTPStatusCode": meta["HTTPStatusCode"]}
    return out


def assert_matches(actual: Any, expected: Any, path: str = "$", bindings: dict[str, Any] | None = None) -> None:
    """Compare a boto3 response with a recorded one.

    Placeholders such as ``<id:1>`` match any value (the same one each time they
    appear); ``"datetime"`` matches a datetime; ``ResponseMetadata`` is compared by
    status code only.
    """
    bindings = {} if bindings is None else bindings
    if path == "$":
        expected = in_model(expected)
    if path == "$" and isinstance(actual, dict):
        actual = strip_metadata(actual)
        if isinstance(expected, dict) and "ResponseMetadata" in expected:
            status = expected["ResponseMetadata"]["HTTPStatusCode"]
            expected = {**expected, "ResponseMetadata": {"HTTPStatusCode": status}}
    if isinstance(expected, str) and expected == "datetime":
        assert isinstance(actual, datetime.datetime), f"{path}: expected a datetime, got {actual!r}"
        return
    if isinstance(expected, str) and _PLACEHOLDER.fullmatch(expected):
        if expected in bindings:
            assert actual == bindings[expected], f"{path}: {expected} was {bindings[expected]!r}, now {actual!r}"
        else:
            bindings[expected] = actual
        return
    if isinstance(expected, str) and _PLACEHOLDER.search(expected) and isinstance(actual, str):
        _match_embedded(actual, expected, path, bindings)
        return
    if isinstance(expected, dict):
        assert isinstance(actual, dict), f"{path}: expected an object, got {actual!r}"
        assert sorted(actual) == sorted(expected), f"{path}: keys {sorted(actual)} != {sorted(expected)}"
        for key in expected:
            assert_matches(actual[key], expected[key], f"{path}.{key}", bindings)
        return
    if isinstance(expected, list):
        assert isinstance(actual, list) and len(actual) == len(expected), f"{path}: {actual!r} != {expected!r}"
        for i, (a, e) in enumerate(zip(actual, expected)):
            assert_matches(a, e, f"{path}[{i}]", bindings)
        return
    assert actual == expected, f"{path}: {actual!r} != {expected!r}"


def _match_embedded(actual: str, expected: str, path: str, bindings: dict[str, Any]) -> None:
    """A string with placeholders inside it (``"Invalid API Stage {api: <api-id:1>, ...}"``)."""
    pattern, names, last = "", [], 0
    for found in _PLACEHOLDER.finditer(expected):
        pattern += re.escape(expected[last:found.start()])
        name = found.group(0)
        pattern += re.escape(str(bindings[name])) if name in bindings else "(.+?)"
        if name not in bindings:
            names.append(name)
        last = found.end()
    pattern += re.escape(expected[last:])
    matched = re.fullmatch(pattern, actual)
    assert matched, f"{path}: {actual!r} does not match {expected!r}"
    for name, value in zip(names, matched.groups()):
        bindings.setdefault(name, value)


def parsed_like(actual: Any, expected: Any) -> Any:
    """AWS's recordings show JSON strings (templates) parsed; parse ours where they did."""
    if isinstance(expected, dict) and isinstance(actual, str):
        try:
            return json.loads(actual)
        except ValueError:
            return actual
    if isinstance(expected, dict) and isinstance(actual, dict):
        return {k: parsed_like(v, expected.get(k)) for k, v in actual.items()}
    return actual


def as_recorded(value: Any) -> Any:
    """The recordings hold JSON-object strings parsed (as their snapshot tool does)."""
    if isinstance(value, dict):
        return {k: as_recorded(v) for k, v in value.items()}
    if isinstance(value, list):
        return [as_recorded(v) for v in value]
    if isinstance(value, str) and value.startswith("{"):
        try:
            return json.loads(value)
        except ValueError:
            return value
    return value


def api_with_mock_method(client: Any, name: str = "pets") -> str:
    """A REST API whose root has a MOCK GET: the smallest API that can be deployed."""
    api = client.create_rest_api(name=name)
    root = api["rootResourceId"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod="GET", type="MOCK",
                           requestTemplates={"application/json": '{"statusCode": 200}'})
    return api["id"]  # type: ignore[no-any-return]


def deployed_mock_api(client: Any, response_template: str, request_template: str = '{"statusCode": 200}',
                      method: str = "POST", path_part: str | None = None, stage: str = "dev", name: str = "templates",
                      **create: Any) -> str:
    """The URL of ``stage`` of a REST API whose root ``method`` (or ``/{path_part}``'s) is a MOCK
    integration mapped by the two templates (``application/json``): the smallest deployed API a
    template test needs; ``create``: more CreateRestApi arguments. The API's id is the URL's first
    host label."""
    api = client.create_rest_api(name=name, **create)
    root = api["rootResourceId"]
    if path_part is not None:
        root = client.create_resource(restApiId=api["id"], parentId=root, pathPart=path_part)["id"]
    client.put_method(restApiId=api["id"], resourceId=root, httpMethod=method, authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=root, httpMethod=method, type="MOCK",
                           requestTemplates={"application/json": request_template})
    client.put_method_response(restApiId=api["id"], resourceId=root, httpMethod=method, statusCode="200")
    client.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod=method, statusCode="200",
                                    responseTemplates={"application/json": response_template})
    client.create_deployment(restApiId=api["id"], stageName=stage)
    return f"https://{api['id']}.execute-api.{client.meta.region_name}.amazonaws.com/{stage}/"


def jwt_protected_route(client: Any, issuer: str, audience: str, function_arn: str, route_key: str,
                        scopes: list[str] | None = None) -> str:
    """The URL of ``route_key``'s path on the ``$default`` stage of a new HTTP API whose route calls
    ``function_arn`` (payload 2.0) behind a JWT authorizer of ``issuer`` and ``audience``."""
    api = client.create_api(Name="jwt", ProtocolType="HTTP")["ApiId"]
    authorizer = client.create_authorizer(
        ApiId=api, AuthorizerType="JWT", Name="jwt", IdentitySource=["$request.header.Authorization"],
        JwtConfiguration={"Issuer": issuer, "Audience": [audience]})["AuthorizerId"]
    integration = client.create_integration(ApiId=api, IntegrationType="AWS_PROXY", PayloadFormatVersion="2.0",
                                            IntegrationUri=function_arn)["IntegrationId"]
    client.create_route(ApiId=api, RouteKey=route_key, Target=f"integrations/{integration}", AuthorizationType="JWT",
                        AuthorizerId=authorizer, **({"AuthorizationScopes": scopes} if scopes else {}))
    client.create_stage(ApiId=api, StageName="$default", AutoDeploy=True)
    return f"https://{api}.execute-api.{client.meta.region_name}.amazonaws.com{route_key.split(' ', 1)[1]}"


def cognito_protected_api(client: Any, pool_arn: str, function_arn: str) -> str:
    """The URL of ``GET /me`` on the ``dev`` stage of a new REST API whose method calls ``function_arn``
    (Lambda proxy) behind a Cognito user pool authorizer of ``pool_arn``."""
    api = client.create_rest_api(name="cognito")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="me")
    authorizer = client.create_authorizer(restApiId=api["id"], name="pool", type="COGNITO_USER_POOLS",
                                          providerARNs=[pool_arn], identitySource="method.request.header.Authorization")
    client.put_method(restApiId=api["id"], resourceId=resource["id"], httpMethod="GET",
                      authorizationType="COGNITO_USER_POOLS", authorizerId=authorizer["id"])
    region = client.meta.region_name
    client.put_integration(
        restApiId=api["id"], resourceId=resource["id"], httpMethod="GET", type="AWS_PROXY",
        integrationHttpMethod="POST",
        uri=f"arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{function_arn}/invocations")
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return f"https://{api['id']}.execute-api.{region}.amazonaws.com/dev/me"


def raw_request(server: Any, method: str, path: str, headers: dict[str, Any] | None = None,
                body: bytes | None = None) -> tuple[int, dict[str, str], Any]:
    """(status, headers lower-cased, JSON body or None) of one request to a gwmock server, sent as written
    (http.client keeps ``..`` and odd headers)."""
    import http.client  # noqa: PLC0415 - server tests only

    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=10)
    try:
        conn.request(method, path, body=body, headers=headers or {})
        response = conn.getresponse()
        data = response.read()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, (json.loads(data) if data else None)
    finally:
        conn.close()


def error_of(call: Any, *args: Any, **kwargs: Any) -> dict[str, Any]:
    """Run a client call that must fail; return its error response."""
    with pytest.raises(ClientError) as caught:
        call(*args, **kwargs)
    return caught.value.response  # type: ignore[no-any-return]


def assert_error(response: dict[str, Any], code: str, message: str | None = None, status: int | None = None) -> None:
    assert response["Error"]["Code"] == code, response["Error"]
    if message is not None:
        assert response["Error"]["Message"] == message
    if status is not None:
        assert response["ResponseMetadata"]["HTTPStatusCode"] == status


# --- for state machines: calls that may fail, but never with a 5xx ------------------------


def call_or_error(fn: Any, **kwargs: Any) -> tuple[dict[str, Any] | None, dict[str, Any] | None]:
    """(response, None) or (None, error response); a 5xx fails the test."""
    try:
        return fn(**kwargs), None
    except ClientError as e:
        status = e.response["ResponseMetadata"]["HTTPStatusCode"]
        assert status < 500, (fn.__name__, kwargs, e.response["Error"])
        return None, e.response


def must_succeed(fn: Any, **kwargs: Any) -> dict[str, Any]:
    out, err = call_or_error(fn, **kwargs)
    assert err is None, (fn.__name__, kwargs, err["Error"])
    return out  # type: ignore[return-value]


def must_fail(code: str, fn: Any, **kwargs: Any) -> dict[str, Any]:
    out, err = call_or_error(fn, **kwargs)
    assert err is not None, (fn.__name__, kwargs, "succeeded, expected", code)
    assert err["Error"]["Code"] == code, (fn.__name__, kwargs, err["Error"])
    return err


def unique_ids(items: list[dict[str, Any]], field: str = "id") -> list[str]:
    """The ids of a listing, which must hold no duplicates."""
    ids = [item[field] for item in items]
    assert len(ids) == len(set(ids)), f"duplicates in a listing: {ids}"
    return ids


class Fixed:
    """A stand-in for ``st.data()`` that answers one value: lets a rule call another rule."""

    def __init__(self, value: Any) -> None:
        self.value = value

    def draw(self, strategy: Any, label: str | None = None) -> Any:
        return self.value


# --- the oldest supported botocore ---------------------------------------------------------------


def _installed_names() -> set[str]:
    import botocore.session
    from botocore import xform_name

    session = botocore.session.get_session()
    names: set[str] = set()
    for service in ("apigateway", "apigatewayv2"):
        model = session.get_service_model(service)
        for operation in model.operation_names:
            names.update((operation, xform_name(operation)))
        for shape_name in model.shape_names:
            shape = model.shape_for(shape_name)
            names.update(getattr(shape, "members", ()) or ())
            names.update(getattr(shape, "enum", ()) or ())
    return names


_NEWER = set(json.loads((Path(__file__).parent / "data" / "newer_model_names.json").read_text())["names"])
_INSTALLED = _installed_names()
# Operations and members of the newest model that the installed botocore's model lacks (none with the newest).
MISSING_FROM_MODEL = frozenset(_NEWER - _INSTALLED)
_PRECISE = [
    re.compile(r"'(?:APIGateway|ApiGatewayV2)' object has no attribute '(\w+)'"),  # an operation the model lacks
    re.compile(r'Unknown parameter in [\w.\[\]]+: "(\w+)"'),  # a request member the model lacks
]


def missing_model_name(error: BaseException) -> str | None:
    """The operation or member a test failed for because the installed model lacks it, if any."""
    if not MISSING_FROM_MODEL:
        return None
    if isinstance(error, KeyError) and error.args:  # a response member the model's parser dropped
        return error.args[0] if error.args[0] in MISSING_FROM_MODEL else None
    text = f"{type(error).__name__}: {error}"
    for pattern in _PRECISE:
        for name in pattern.findall(text):
            return name  # type: ignore[no-any-return]
    found = MISSING_FROM_MODEL.intersection(re.findall(r"\w+", text))
    return min(found) if found else None


def in_model(expected: Any) -> Any:
    """``expected`` without the members the installed botocore's model lacks (its parser drops them)."""
    if not MISSING_FROM_MODEL:
        return expected
    if isinstance(expected, dict):
        return {k: in_model(v) for k, v in expected.items() if k not in MISSING_FROM_MODEL}
    if isinstance(expected, list):
        return [in_model(v) for v in expected]
    return expected


def exchange(server: Any, data: bytes, wait: float = 5.0) -> tuple[bytes, float]:
    """Send raw bytes to a running gwmock server; read until it closes or ``wait`` passes.

    Returns what came back and the seconds it took (server-mode tests speak raw HTTP).
    """
    import socket
    import time

    started = time.perf_counter()
    with socket.create_connection(("127.0.0.1", server.port), timeout=wait) as sock:
        sock.sendall(data)
        received = b""
        try:
            while chunk := sock.recv(65536):
                received += chunk
        except (TimeoutError, ConnectionResetError):
            pass
    return received, time.perf_counter() - started


# --- misbehaving Lambda callables (user code behind the data plane) --------------------------------


def deep(depth: int) -> list[Any]:
    """A list nested ``depth`` deep: more than JSON (and Lambda) can marshal."""
    value: list[Any] = []
    for _ in range(depth):
        value = [value]
    return value


class Boom(Exception):
    pass


def raise_boom(event: Any, context: Any) -> Any:
    raise Boom("the function failed")


def exit_3(event: Any, context: Any) -> Any:
    import sys

    sys.exit(3)


class RecordingBackend:
    """A local HTTP server (127.0.0.1) for HTTP/HTTP_PROXY integrations: records each request's
    ``(method, path)`` in ``seen`` and answers 200 ``ok``. Use as a context manager."""

    def __init__(self) -> None:
        import threading
        from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

        self.seen: list[tuple[str, str]] = []
        backend = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                backend.seen.append((self.command, self.path))
                self.send_response(200)
                self.send_header("Content-Length", "2")
                self.end_headers()
                self.wfile.write(b"ok")

            do_GET = do_POST = do_PUT = do_DELETE = _answer  # noqa: N815 - http.server's names

            def log_message(self, *args: Any) -> None:
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.port = self.server.server_address[1]
        threading.Thread(target=self.server.serve_forever, args=(0.01,), daemon=True).start()

    def __enter__(self) -> RecordingBackend:
        return self

    def __exit__(self, *exc: object) -> None:
        self.server.shutdown()
        self.server.server_close()


# --- the AWS CDK as tests synthesize it -------------------------------------------------------------

# What the cdk CLI passes to an app (aws-cdk's cxapp/exec: asset and path metadata, version reporting).
CDK_CLI_CONTEXT = {"aws:cdk:enable-asset-metadata": True, "aws:cdk:enable-path-metadata": True,
                   "aws:cdk:version-reporting": True}
_JSII_QUIET = {"JSII_SILENCE_WARNING_UNTESTED_NODE_VERSION": "1", "JSII_SILENCE_WARNING_DEPRECATED_NODE_VERSION": "1",
               "JSII_SILENCE_WARNING_END_OF_LIFE_NODE_VERSION": "20"}


def cdk_synth(app: Path, out: Path) -> Path:
    """``python app.py OUT`` as ``cdk synth`` runs it (context in ``CDK_CONTEXT_JSON``), in a subprocess
    so that jsii's node process never lives in the test process; no node or no aws_cdk fails loudly.

    A synthesis takes 10-20 s of CPU: its output is shared by every test worker (and later runs) through
    a folder in the system's temporary directory named by a hash of the app's folder, the CDK's version
    and the interpreter; the first worker writes it under a file lock while the others wait. ``out``
    is where it goes when that folder cannot be used."""
    import fcntl  # noqa: PLC0415
    import hashlib  # noqa: PLC0415
    import importlib.metadata  # noqa: PLC0415
    import shutil  # noqa: PLC0415
    import sys  # noqa: PLC0415
    import tempfile  # noqa: PLC0415

    digest = hashlib.sha256(f"{sys.executable}|{importlib.metadata.version('aws-cdk-lib')}".encode())
    for path in sorted(app.parent.rglob("*")):
        if path.is_file() and "__pycache__" not in path.parts:
            digest.update(str(path.relative_to(app.parent)).encode() + b"\0" + path.read_bytes())
    shared = Path(tempfile.gettempdir()) / "gwmock-cdk-synth" / digest.hexdigest()[:24]
    try:
        shared.parent.mkdir(parents=True, exist_ok=True)
        with open(shared.parent / f"{shared.name}.lock", "w") as lock:
            fcntl.flock(lock, fcntl.LOCK_EX)  # released when the file closes
            if not (shared / "manifest.json").is_file():
                staging = Path(tempfile.mkdtemp(dir=shared.parent))
                _cdk_synth_into(app, staging / "cdk.out")
                shutil.rmtree(shared, ignore_errors=True)
                (staging / "cdk.out").rename(shared)
                shutil.rmtree(staging, ignore_errors=True)
        return shared
    except OSError:
        return _cdk_synth_into(app, out)


def _cdk_synth_into(app: Path, out: Path) -> Path:
    import shutil  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    if shutil.which("node") is None:
        pytest.fail(f"the AWS CDK needs node on PATH to synthesize {app}")
    env = {**os.environ, **_JSII_QUIET, "CDK_CONTEXT_JSON": json.dumps(CDK_CLI_CONTEXT)}
    done = subprocess.run([sys.executable, str(app), str(out)], env=env, capture_output=True, text=True,
                          timeout=300, check=False)
    if done.returncode != 0:
        pytest.fail(f"cdk synth of {app} failed ({done.returncode}):\n{done.stderr[-4000:]}")
    return out


def cdk_template(cdk_out: Path, stack: str) -> dict[str, Any]:
    return json.loads((cdk_out / f"{stack}.template.json").read_text())  # type: ignore[no-any-return]


def cdk_logical_id(document: dict[str, Any], kind: str, prefix: str = "") -> str:
    """The one logical id of ``kind`` starting with ``prefix`` (the CDK appends a hash)."""
    found = [k for k, v in document["Resources"].items() if v["Type"] == kind and k.startswith(prefix)]
    assert len(found) == 1, found
    return found[0]


def stack_output(stack: Any, prefix: str) -> str:
    """The one output of ``stack`` whose name starts with ``prefix`` (the CDK appends a hash)."""
    found = [v for k, v in stack.outputs.items() if k.startswith(prefix)]
    assert len(found) == 1, stack.outputs
    return found[0]  # type: ignore[no-any-return]


# --- the network a test must never reach ------------------------------------------------------------


def network_guard(monkeypatch: Any) -> list[tuple[str, Any]]:
    """Refuse, and list as ``("lookup", host)`` / ``("connect", address)``, every name lookup but
    loopback's and every connection but to a loopback address or a Unix socket, for the test's
    duration: a test asserting the list stays empty proves nothing left the machine."""
    import ipaddress  # noqa: PLC0415
    import socket  # noqa: PLC0415

    seen: list[tuple[str, Any]] = []
    real_lookup, real_connect = socket.getaddrinfo, socket.socket.connect

    def lookup(host: Any, *args: Any, **kwargs: Any) -> Any:
        if host not in ("localhost", "127.0.0.1", "::1", None):
            seen.append(("lookup", host))
            raise socket.gaierror(socket.EAI_NONAME, f"test forbids looking up {host}")
        return real_lookup(host, *args, **kwargs)

    def connect(sock: socket.socket, address: Any) -> Any:
        if not isinstance(address, str):  # a str is a Unix socket path
            try:
                local = ipaddress.ip_address(str(address[0]).split("%")[0]).is_loopback
            except (ValueError, TypeError, IndexError):
                local = False
            if not local:
                seen.append(("connect", address))
                raise ConnectionRefusedError(f"test forbids connecting to {address}")
        return real_connect(sock, address)

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket.socket, "connect", connect)
    return seen


# --- the AWS CLI and ``gwmock serve`` in a subprocess ----------------------------------------------


def aws_cli() -> str | None:
    """The AWS CLI the server-mode tests drive: ``GWMOCK_AWS_CLI`` (CI installs it in a venv), else ``aws``
    on PATH."""
    import shutil  # noqa: PLC0415

    return os.environ.get("GWMOCK_AWS_CLI") or shutil.which("aws")


def served_gwmock() -> Any:
    """A generator for a module fixture: ``(url, process)`` of ``python -m gwmock serve --port 0``; its stderr
    must hold no traceback when it stops."""
    import signal  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "gwmock", "serve", "--port", "0", "--timeout", "2"],
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()  # type: ignore[union-attr]
        assert line.startswith("gwmock serving API Gateway on http://127.0.0.1:"), line
        yield line.split(" on ", 1)[1].split(" ", 1)[0], process
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(5)
        errors = process.stderr.read()  # type: ignore[union-attr]
        process.stdout.close()  # type: ignore[union-attr]
        process.stderr.close()  # type: ignore[union-attr]
    assert "Traceback" not in errors, errors
