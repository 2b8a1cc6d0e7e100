"""``gwmock serve --template`` and ``gwmock.server.start`` over loopback with a real HTTP client."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import sys
from pathlib import Path

import boto3
import pytest
import requests

pytest.importorskip("uvicorn")

SAM_APP = Path(__file__).parent / "data" / "sam_app" / "template.yaml"


def test_started_server_serves_a_deployed_template():
    from gwmock.server import start

    server = start(timeout=5)
    try:
        stack = server.handle.deploy_template(SAM_APP, parameters={"Stage": "prod"})
        api = stack.resources["ServerlessRestApi"]

        by_path = requests.get(f"{server.url}/restapis/{api}/Prod/_user_request_/hello/ada", timeout=5)
        by_host = requests.get(f"{server.url}/Prod/hello/grace", timeout=5,
                               headers={"Host": f"{api}.execute-api.us-east-1.amazonaws.com"})

        assert (by_path.status_code, by_path.json()["message"]) == (200, "Hello ada")
        assert (by_host.status_code, by_host.json()["stage"]) == (200, "prod")
        client = boto3.client("apigateway", region_name="us-east-1", endpoint_url=server.url,
                              aws_access_key_id="testing", aws_secret_access_key="x")
        assert [a["id"] for a in client.get_rest_apis()["items"]] == [api]
    finally:
        server.stop()


def test_gwmock_serve_with_template_and_parameter():
    env = {**os.environ, "PYTHONUNBUFFERED": "1"}
    process = subprocess.Popen(
        [sys.executable, "-m", "gwmock", "serve", "--port", "0", "--template", str(SAM_APP),
         "--parameter", "Stage=prod"],
        stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
    try:
        deployed = process.stdout.readline()
        serving = process.stdout.readline()
        assert deployed.startswith(f"gwmock deployed {SAM_APP}"), deployed + process.stderr.read()
        api_url = re.search(r"'ApiUrl': '([^']+)'", deployed)[1]
        host = api_url.split("/")[2]
        url = serving.split(" on ", 1)[1].split(" ", 1)[0]

        response = requests.get(f"{url}/Prod/hello/ada", headers={"Host": host}, timeout=5)

        assert response.status_code == 200
        assert response.json()["message"] == "Hello ada" and response.json()["stage"] == "prod"
    finally:
        process.send_signal(signal.SIGINT)
        assert process.wait(10) == 0
        process.stdout.close()
        process.stderr.close()
