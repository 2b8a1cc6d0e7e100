"""The docs' shell commands and ``not-run`` fragments, which ``test_examples.py`` does not run.

* README.md's two commands are the ones ``.ci/run`` runs, and the demo prints what the README says.
* The guide's server-mode block: ``gwmock serve --state sqlite:///gw.db`` and the AWS CLI call,
  as written (port 0 instead of 4566), then the Host-header, path and proxy forms of a deployed API.
* templates.md's ``gwmock serve --template template.yaml --parameter Stage=dev`` with the page's
  own ``template.yaml`` and handler.
* websocket.md's fragments, each run as written in a namespace that gives it the names it uses.

Name resolution is closed to everything but loopback, as for ``test_examples.py``; the
child processes are started with the same guard (``_GUARD``).
"""

from __future__ import annotations

import datetime
import os
import queue
import re
import shlex
import shutil
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import boto3
import pytest
import requests

ROOT = Path(__file__).resolve().parents[2]
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}
_FENCE = re.compile(r"^(`{3,})\s*([\w+-]*)\s*$")
_DIRECTIVE = re.compile(r"^<!--\s*(not-run|continues|file|as)\s*(?::\s*(.*?))?\s*-->$")

# Run as ``python -c _GUARD module args...``: the module runs as ``python -m`` would run it, with
# every name but loopback ones refused.
_GUARD = f"""
import runpy, socket, sys
_real = socket.getaddrinfo
def _getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and str(name) not in {sorted(_LOOPBACK)!r}:
        raise OSError(f"a docs command tried to reach the network: {{name!r}}")
    return _real(host, *args, **kwargs)
socket.getaddrinfo = _getaddrinfo
module = sys.argv.pop(1)
sys.argv[0] = module
runpy.run_module(module, run_name="__main__", alter_sys=True)
"""


def _blocks(page: str) -> list[tuple[str, dict[str, str], str]]:
    """(language, directives written just above, code) of each fenced block of ``page``."""
    lines = (ROOT / page).read_text(encoding="utf-8").splitlines()
    found, index = [], 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        end = index + 1
        while end < len(lines) and lines[end].strip() != opening.group(1):
            end += 1
        directives: dict[str, str] = {}
        above = index - 1
        while above >= 0 and (not lines[above].strip() or _DIRECTIVE.match(lines[above].strip())):
            match = _DIRECTIVE.match(lines[above].strip())
            if match:
                directives.setdefault(match.group(1), match.group(2) or "")
            above -= 1
        found.append((opening.group(2), directives, "\n".join(lines[index + 1:end]) + "\n"))
        index = end + 1
    return found


def _commands(block: str) -> list[str]:
    """The commands of a shell block: continuation lines joined, comments dropped."""
    return [line.split("  #")[0].strip() for line in block.replace("\\\n", " ").splitlines()
            if line.strip() and not line.lstrip().startswith("#")]


def _sh(page: str, containing: str) -> list[str]:
    blocks = [code for language, _, code in _blocks(page) if language == "sh" and containing in code]
    assert len(blocks) == 1, f"{page}: one sh block with {containing!r}, found {len(blocks)}"
    return _commands(blocks[0])


def _fragment(page: str, starting: str, containing: str = "") -> str:
    """The python block of ``page`` whose code starts with ``starting`` (and holds ``containing``)."""
    blocks = [code for language, _, code in _blocks(page)
              if language == "python" and code.startswith(starting) and containing in code]
    assert len(blocks) == 1, f"{page}: one python block starting {starting!r}, found {len(blocks)}"
    return blocks[0]


def _tokens(command: str) -> list[str]:
    """``command`` as argv, with ``python``/``python3 -m`` and pip's ``--quiet`` left out."""
    try:
        argv = shlex.split(command)
    except ValueError:  # shell syntax shlex does not read ($(...) holding quotes): not a command of ours
        return []
    if argv[:2] in (["python", "-m"], ["python3", "-m"]):
        argv = argv[2:]
    return [arg for arg in argv if arg != "--quiet"]


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    import socket  # noqa: PLC0415

    real = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and str(name) not in _LOOPBACK:
            raise OSError(f"a docs fragment tried to reach the network: {name!r}")
        return real(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _clean_env(home: Path, **extra: str) -> dict[str, str]:
    """The environment of a fresh shell: no AWS or gwmock settings, an empty home."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("AWS_", "GWMOCK_"))}
    return {**env, "HOME": str(home), **extra}


# --- README.md and .ci/run ------------------------------------------------------------------


def test_readme_commands_are_what_ci_runs() -> None:
    ci = (ROOT / ".ci" / "run").read_text(encoding="utf-8")
    ci_commands = [line.split("2>&1")[0].split(">")[0].strip() for line in ci.splitlines()
                   if line.strip() and not line.lstrip().startswith("#")]
    install, run_tests = _sh("README.md", "pytest")[0].split("&&")
    assert _tokens(install) in [_tokens(c) for c in ci_commands], f"{install!r} is not in .ci/run"
    assert _tokens(run_tests) in [_tokens(c) for c in ci_commands], f"{run_tests!r} is not in .ci/run"
    install, demo = _sh("README.md", "gwmock demo")[0].split("&&")
    assert _tokens(install) == ["pip", "install", "-e", "."]
    assert any(c.endswith(" " + demo.strip().removeprefix("python ")) for c in ci_commands), demo


def test_readme_demo_prints_the_deployed_stage_answer(tmp_path: Path) -> None:
    _, demo = _sh("README.md", "gwmock demo")[0].split("&&")
    argv = shlex.split(demo)
    assert argv[:2] == ["python", "-m"]
    result = subprocess.run([sys.executable, "-c", _GUARD, *argv[2:]], cwd=tmp_path, env=_clean_env(tmp_path),
                            capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    # "builds a REST API with a resource, a method, a MOCK integration and a deployed stage,
    # prints it, and calls the deployed stage"
    assert "GET    /pets      -> MOCK integration" in result.stdout
    assert "on stage 'dev'" in result.stdout
    assert re.search(r"-> 200 \[\{\"id\": 1, \"type\": \"dog\"\}\]", result.stdout), result.stdout


# --- gwmock serve ---------------------------------------------------------------------------


class _Serve:
    """``gwmock serve ...`` in a child process, until ``stop()``; ``url`` from its banner."""

    def __init__(self, argv: list[str], cwd: Path) -> None:
        assert argv[0] == "gwmock"
        self.process = subprocess.Popen([sys.executable, "-c", _GUARD, "gwmock", *argv[1:]], cwd=cwd,
                                        env=_clean_env(cwd), stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                                        text=True)
        self.banner: list[str] = []
        lines: queue.Queue[str] = queue.Queue()
        threading.Thread(target=self._read, args=(lines,), daemon=True).start()
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            try:
                line = lines.get(timeout=max(deadline - time.monotonic(), 0.01))
            except queue.Empty:
                break
            if not line:  # the process ended
                break
            self.banner.append(line)
            found = re.search(r"serving API Gateway on (http://\S+)", line)
            if found:
                self.url = found.group(1)
                return
        self.stop()
        raise AssertionError(f"gwmock serve did not start: {''.join(self.banner)}")

    def _read(self, lines: queue.Queue[str]) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:  # drained to the end, so the server never blocks on a full pipe
            lines.put(line)
        lines.put("")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait(timeout=10)


def _aws_cli() -> str | None:
    """As tests/server/test_server.py finds it: GWMOCK_AWS_CLI, else ``aws`` on PATH."""
    return os.environ.get("GWMOCK_AWS_CLI") or shutil.which("aws")


def _mock_api(url: str) -> str:
    """A REST API over the server, ``GET /pets`` a MOCK answering ``["rex"]``, deployed to ``dev``."""
    client = boto3.client("apigateway", region_name="us-east-1", endpoint_url=url,
                          aws_access_key_id="testing", aws_secret_access_key="testing")
    api = client.create_rest_api(name="pets")
    pets = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    where = {"restApiId": api["id"], "resourceId": pets["id"], "httpMethod": "GET"}
    client.put_method(**where, authorizationType="NONE")
    client.put_integration(**where, type="MOCK", requestTemplates={"application/json": '{"statusCode": 200}'})
    client.put_method_response(**where, statusCode="200")
    client.put_integration_response(**where, statusCode="200", responseTemplates={"application/json": '["rex"]'})
    client.create_deployment(restApiId=api["id"], stageName="dev")
    return str(api["id"])


@pytest.mark.skipif(not _aws_cli(), reason="the AWS CLI is not installed")
@pytest.mark.usefixtures("no_network")
def test_guide_server_mode_commands(tmp_path: Path) -> None:
    serve, cli = _sh("docs/guide.md", "gwmock serve --port 4566")
    server = _Serve(shlex.split(serve.replace("--port 4566", "--port 0")), tmp_path)
    try:
        assert (tmp_path / "gw.db").is_file()  # sqlite:///gw.db is relative to the working directory
        argv = shlex.split(cli.replace("http://127.0.0.1:4566", server.url))
        env = _clean_env(tmp_path)
        while "=" in argv[0]:
            name, _, value = argv.pop(0).partition("=")
            env[name] = value
        assert argv[0] == "aws"
        argv[0] = _aws_cli()  # type: ignore[call-overload]
        listed = subprocess.run(argv, env=env, capture_output=True, text=True, timeout=120, check=False)
        assert listed.returncode == 0, listed.stderr
        assert '"items": []' in listed.stdout

        # the forms the guide names for deployed APIs: Host header, path form, HTTP proxy
        api = _mock_api(server.url)
        host = f"{api}.execute-api.us-east-1.amazonaws.com"
        assert requests.get(f"{server.url}/dev/pets", headers={"Host": host}, timeout=10).json() == ["rex"]
        assert requests.get(f"{server.url}/restapis/{api}/dev/_user_request_/pets", timeout=10).json() == ["rex"]
        proxied = requests.get(f"http://{host}/dev/pets", proxies={"http": server.url}, timeout=10)
        assert proxied.json() == ["rex"]
    finally:
        server.stop()


@pytest.mark.usefixtures("no_network")
def test_templates_serve_command(tmp_path: Path) -> None:
    for _, directives, code in _blocks("docs/templates.md"):
        if directives.get("file") in ("template.yaml", "hello_world/app.py"):
            (tmp_path / directives["file"]).parent.mkdir(parents=True, exist_ok=True)
            (tmp_path / directives["file"]).write_text(code, encoding="utf-8")
    serve = re.search(r"`(gwmock serve --template [^`]+)`", (ROOT / "docs/templates.md").read_text()).group(1)
    server = _Serve(shlex.split(serve) + ["--port", "0"], tmp_path)
    try:
        printed = re.search(r"'ApiUrl': 'https://(\w+)\.execute-api\.us-east-1\.amazonaws\.com/Prod/'",
                            "".join(server.banner))
        assert printed, server.banner  # "prints the outputs"
        answer = requests.get(f"{server.url}/Prod/hello/ada", timeout=10,
                              headers={"Host": f"{printed.group(1)}.execute-api.us-east-1.amazonaws.com"})
        assert (answer.status_code, answer.json()) == (200, {"message": "Hello ada"})
    finally:
        server.stop()


# --- websocket.md's fragments ---------------------------------------------------------------

WS = "docs/websocket.md"


def _echo_api(gw: Any) -> str:
    """A WebSocket API whose ``sendmessage`` route answers the message back (two-way)."""
    client = boto3.client("apigatewayv2", region_name="us-east-1")
    api = client.create_api(Name="ws", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")
    gw.add_lambda("echo", lambda event, context: {"statusCode": 200, "body": event["body"]})
    echo = client.create_integration(ApiId=api["ApiId"], IntegrationType="AWS_PROXY",
                                     IntegrationUri="arn:aws:lambda:us-east-1:123456789012:function:echo")
    route = client.create_route(ApiId=api["ApiId"], RouteKey="sendmessage", RouteResponseSelectionExpression="$default",
                                Target=f"integrations/{echo['IntegrationId']}")
    client.create_route_response(ApiId=api["ApiId"], RouteId=route["RouteId"], RouteResponseKey="$default")
    client.create_stage(ApiId=api["ApiId"], StageName="prod", AutoDeploy=True)
    return str(api["ApiId"])


@pytest.mark.usefixtures("no_network")
def test_websocket_connection_and_management_fragments() -> None:
    from gwmock import mock_apigateway  # noqa: PLC0415

    with mock_apigateway() as gw:
        namespace: dict[str, Any] = {"gw": gw, "boto3": boto3, "api": _echo_api(gw)}
        exec(_fragment(WS, "conn = gw.websocket("), namespace)  # noqa: S102 - our own docs
        conn = namespace["conn"]
        message = '{"action": "sendmessage", "text": "hi"}'
        assert conn.received == [message, message]  # one frame, then the same message in fragments
        assert (conn.closed, conn.close_status) == (True, 1000)

        namespace["conn"] = conn = gw.websocket(f"wss://{namespace['api']}.execute-api.us-east-1.amazonaws.com/prod")
        exec(_fragment(WS, "management = boto3.client(", 'endpoint_url=f"https://'), namespace)  # noqa: S102
        assert conn.received == ["hello"]
        assert (conn.closed, conn.close_status) == (True, 1000)  # delete_connection closed it

        management = namespace["management"]
        open_one = gw.websocket(f"wss://{namespace['api']}.execute-api.us-east-1.amazonaws.com/prod")
        info = management.get_connection(ConnectionId=open_one.connection_id)
        assert {"ConnectedAt", "LastActiveAt", "Identity"} <= set(info)
        for connection, data, status, code in ((conn.connection_id, b"x", 410, "GoneException"),
                                               (open_one.connection_id, b"x" * (128 * 1024 + 1), 413,
                                                "PayloadTooLargeException")):
            with pytest.raises(management.exceptions.ClientError) as failed:
                management.post_to_connection(ConnectionId=connection, Data=data)
            error = failed.value.response
            assert (error["ResponseMetadata"]["HTTPStatusCode"], error["Error"]["Code"]) == (status, code)


@pytest.mark.usefixtures("no_network")
def test_websocket_mock_integration_fragment() -> None:
    from gwmock import mock_apigateway  # noqa: PLC0415

    with mock_apigateway() as gw:
        client = boto3.client("apigatewayv2", region_name="us-east-1")
        api = client.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                RouteSelectionExpression="$request.body.action")["ApiId"]
        namespace: dict[str, Any] = {"client": client, "api": api}
        exec(_fragment(WS, "mock = client.create_integration("), namespace)  # noqa: S102
        ping = next(r for r in client.get_routes(ApiId=api)["Items"] if r["RouteKey"] == "ping")
        client.create_route_response(ApiId=api, RouteId=ping["RouteId"], RouteResponseKey="$default")
        client.create_stage(ApiId=api, StageName="prod", AutoDeploy=True)
        conn = gw.websocket(f"wss://{api}.execute-api.us-east-1.amazonaws.com/prod")
        assert conn.send('{"action": "ping"}') == [f'{{"pong": "{conn.connection_id}"}}']


@pytest.mark.usefixtures("no_network")
def test_websocket_usage_plan_fragment() -> None:
    from gwmock import mock_apigateway  # noqa: PLC0415
    from gwmock.runtime.websocket.connections import Rejected  # noqa: PLC0415

    with mock_apigateway() as gw:
        client = boto3.client("apigatewayv2", region_name="us-east-1")
        apigateway = boto3.client("apigateway", region_name="us-east-1")
        api = client.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                RouteSelectionExpression="$request.body.action")["ApiId"]
        mock = client.create_integration(ApiId=api, IntegrationType="MOCK",
                                         RequestTemplates={"application/json": '{"statusCode": 200}'})
        client.create_route(ApiId=api, RouteKey="$connect", ApiKeyRequired=True,
                            Target=f"integrations/{mock['IntegrationId']}")
        client.create_stage(ApiId=api, StageName="prod", AutoDeploy=True)
        key = apigateway.create_api_key(name="client", enabled=True)
        url = f"wss://{api}.execute-api.us-east-1.amazonaws.com/prod"
        with pytest.raises(Rejected) as rejected:
            gw.websocket(url)
        assert rejected.value.status == 403  # no key
        namespace: dict[str, Any] = {"gw": gw, "apigateway": apigateway, "api": api, "url": url,
                                     "key_id": key["id"], "key_value": key["value"],
                                     "today": datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d")}
        fragment = _fragment(WS, "plan = apigateway.create_usage_plan(")
        *calls, usage = fragment.rstrip().splitlines()
        exec("\n".join(calls), namespace)  # noqa: S102
        assert eval(usage.split("#")[0], namespace) == {key["id"]: [[1, 99]]}  # noqa: S307 - the comment's answer
        with pytest.raises(Rejected) as rejected:  # the burst of 5: one used, four more, then 429
            for _ in range(5):
                gw.websocket(url, headers={"x-api-key": key["value"]})
        assert rejected.value.status == 429


@pytest.mark.usefixtures("no_network")
def test_websocket_server_mode_fragments() -> None:
    websockets = pytest.importorskip("websockets.sync.client")
    from gwmock import mock_apigateway  # noqa: PLC0415
    from gwmock.server import start  # noqa: PLC0415

    chat: dict[str, Any] = {"__name__": "websocket_chat"}
    exec(_fragment(WS, '"""A WebSocket chat on gwmock'), chat)  # noqa: S102
    with mock_apigateway() as gw:
        api = chat["deploy_chat"](gw).split("//")[1].split(".")[0]
        namespace: dict[str, Any] = {"gw": gw, "api": api, "start": start, "json": chat["json"], "boto3": boto3,
                                     "websockets": sys.modules["websockets"]}
        printed: list[str] = []
        namespace["print"] = printed.append
        exec(_fragment(WS, "server = start(gw)"), namespace)  # noqa: S102
        server = namespace["server"]
        try:
            assert [chat["json"].loads(line) for line in printed] == [{"from": "alice", "text": "hi"}]
            with websockets.connect(f"ws://127.0.0.1:{server.port}/_ws/{api}/prod?token=bob-token") as ws:
                namespace["connection_id"] = next(c for c, user in chat["CONNECTIONS"].items() if user == "bob")
                exec(_fragment(WS, "management = boto3.client(", 'endpoint_url=f"{server.url}'),  # noqa: S102
                     namespace)
                assert ws.recv(timeout=10) == "hello"
        finally:
            server.stop()
