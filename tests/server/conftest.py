"""Fixtures for server mode: a real uvicorn server on 127.0.0.1 per test (starting one costs a few ms)."""

from __future__ import annotations

import boto3
import pytest

from gwmock.server import start


@pytest.fixture
def server():
    running = start(timeout=0.3)
    yield running
    running.stop()


@pytest.fixture
def client_for(server):
    def make(service="apigateway", key="testing", region="us-east-1", secret="x"):
        return boto3.client(service, region_name=region, endpoint_url=server.url,
                            aws_access_key_id=key, aws_secret_access_key=secret)

    return make
