"""``gwmock serve`` from the command line: options, the template hook, a missing extra."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys

import boto3
import pytest

from gwmock.__main__ import main
from gwmock.mock import GatewayMock, active
from gwmock.server import running
from gwmock.server.running import RunningServer


@pytest.fixture
def served(monkeypatch):
    """Run ``main([...])`` without blocking: what serve_forever would have served is recorded."""
    seen = []

    def record(self):
        seen.append(self)

    monkeypatch.setattr(RunningServer, "serve_forever", record)
    return seen


def test_missing_uvicorn_names_the_extra(monkeypatch, capsys):
    monkeypatch.setitem(sys.modules, "uvicorn", None)
    assert main(["serve", "--port", "0"]) == 2
    assert "pip install 'gwmock[server]'" in capsys.readouterr().err
    with pytest.raises(RuntimeError, match=r"gwmock\[server\]"):
        running.RunningServer()


def test_serve_binds_loopback_with_configured_options(served, monkeypatch, capsys):
    monkeypatch.setenv("GWMOCK_CREDENTIALS", "ENVKEY:envsecret")
    assert main(["serve", "--port", "0", "--credentials", "CLIKEY:clisecret", "--allow-host", "gwmock",
                 "--timeout", "1.5"]) == 0
    (server,) = served
    assert server.host == "127.0.0.1"
    assert server.options.credentials == {"ENVKEY": "envsecret", "CLIKEY": "clisecret"}
    assert (server.options.allowed_hosts, server.options.timeout) == (("gwmock",), 1.5)
    assert "signatures verified for 2 key(s)" in capsys.readouterr().out


def test_template_is_deployed_before_serving(served, monkeypatch, tmp_path):
    deployed = []

    def deploy_template(self, template, parameters=None, name=None):
        deployed.append((self, template, parameters))
        return type("Stack", (), {"outputs": {"Url": "https://example"}})()

    monkeypatch.setattr(GatewayMock, "deploy_template", deploy_template)
    template = tmp_path / "template.yaml"
    template.write_text("Resources: {}\n")
    assert main(["serve", "--port", "0", "--template", str(template), "--parameter", "Stage=dev",
                 "--parameter", "Name=a=b"]) == 0
    ((handle, path, parameters),) = deployed
    assert (path, parameters) == (str(template), {"Stage": "dev", "Name": "a=b"})
    assert served[0].handle is handle  # the server serves the handle the template went into


def test_bad_options_are_refused(capsys):
    with pytest.raises(SystemExit) as exited:
        main(["serve", "--parameter", "novalue"])
    assert exited.value.code == 2
    assert main(["serve", "--port", "0", "--credentials", "nosecret"]) == 2
    assert "KEY:SECRET" in capsys.readouterr().err


def test_jwks_files_give_issuers_their_keys(served, tmp_path, capsys):
    from tests.runtime.test_jwks import KEY, jwk

    key_set = tmp_path / "jwks.json"
    key_set.write_text(json.dumps({"keys": [jwk(KEY, "k7")]}))
    issuer = "https://login.example.com/tenant=1/"
    assert main(["serve", "--port", "0", "--jwks", f"{issuer}={key_set}"]) == 0
    assert list(served[0].handle.jwks) == ["https://login.example.com/tenant=1"]
    assert list(served[0].handle.jwks["https://login.example.com/tenant=1"]) == ["k7"]
    assert main(["serve", "--port", "0", "--jwks", f"{issuer}={tmp_path / 'missing.json'}"]) == 2
    assert "cannot read" in capsys.readouterr().err
    key_set.write_text('{"keys": "none"}')
    assert main(["serve", "--port", "0", "--jwks", f"{issuer}={key_set}"]) == 2
    assert "JSON Web Key Set" in capsys.readouterr().err
    with pytest.raises(SystemExit):
        main(["serve", "--jwks", "no-path"])


def test_vpc_link_routes_from_the_command_line(served, capsys):
    assert main(["serve", "--port", "0", "--vpc-link", "abc123=http://127.0.0.1:8080",
                 "--vpc-link", "nlb.internal.example=http://127.0.0.1:9090/"]) == 0
    assert served[0].handle.vpc_links == {"abc123": "http://127.0.0.1:8080", "nlb.internal.example": "http://127.0.0.1:9090"}
    assert main(["serve", "--port", "0", "--vpc-link", "abc123=ftp://127.0.0.1"]) == 2
    assert "route_vpc_link" in capsys.readouterr().err
    assert active() is None  # the refused option stopped the mock it had started
    with pytest.raises(SystemExit):
        main(["serve", "--vpc-link", "no-url"])


def test_gwmock_serve_end_to_end():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen([sys.executable, "-m", "gwmock", "serve", "--port", "0"], stdout=subprocess.PIPE,
                               stderr=subprocess.PIPE, text=True, env=env)
    try:
        line = process.stdout.readline()
        assert line.startswith("gwmock serving API Gateway on http://127.0.0.1:")
        url = line.split(" on ", 1)[1].split(" ", 1)[0]
        client = boto3.client("apigateway", region_name="us-east-1", endpoint_url=url, aws_access_key_id="testing",
                              aws_secret_access_key="x")
        assert client.create_rest_api(name="cli")["ResponseMetadata"]["HTTPStatusCode"] == 201
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
        process.stdout.close()
        process.stderr.close()


def test_demo_and_coverage_still_work(capsys):
    assert main(["demo"]) == 0
    assert "-> 200" in capsys.readouterr().out
    assert main(["coverage"]) == 0
    assert "| `apigateway` |" in capsys.readouterr().out


def test_an_exposed_server_without_credentials_warns(served, capsys):
    assert main(["serve", "--host", "0.0.0.0", "--port", "0"]) == 0
    assert served[0].host == "0.0.0.0"
    assert "without --credentials: anyone who can reach this port" in capsys.readouterr().err


def test_lambda_functions_from_the_command_line(served, capsys):
    from gwmock.runtime.remote_functions import RemoteFunction

    assert main(["serve", "--port", "0", "--lambda", "fn=http://127.0.0.1:9000",
                 "--lambda", "arn:aws:lambda:us-east-1:123456789012:function:other=http://localhost:3001/"
                             "2015-03-31/functions/Other/invocations"]) == 0
    functions = served[0].handle.lambdas
    assert {name: repr(fn) for name, fn in functions.items()} == {
        "fn": "RemoteFunction('http://127.0.0.1:9000')",
        "arn:aws:lambda:us-east-1:123456789012:function:other":
            "RemoteFunction('http://localhost:3001/2015-03-31/functions/Other/invocations')"}
    assert all(isinstance(fn, RemoteFunction) for fn in functions.values())
    assert main(["serve", "--port", "0", "--lambda", "fn=ftp://127.0.0.1"]) == 2
    assert "add_lambda's URL must be http:// or https://" in capsys.readouterr().err
    assert active() is None  # the refused option stopped the mock it had started
    with pytest.raises(SystemExit):
        main(["serve", "--lambda", "no-url"])
