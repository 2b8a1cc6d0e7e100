"""The shared config files inside a mock: the profile's region is kept when the environment
names none, and the default profile's credentials (its credential_process) are never used."""

from __future__ import annotations

import os
import sys

import boto3
import pytest
from botocore.exceptions import ClientError

from gwmock import mock_apigateway

ENV = ("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_DEFAULT_REGION", "AWS_REGION",
       "AWS_PROFILE", "AWS_DEFAULT_PROFILE")


@pytest.fixture
def aws_files(tmp_path, monkeypatch):
    """Shared config files whose default profile has a region and a credential_process that
    leaves a file behind if it ever runs."""
    for name in ENV:
        monkeypatch.delenv(name, raising=False)
    ran = tmp_path / "credential_process-ran"
    command = f"{sys.executable} -c \"open({str(ran)!r}, 'w').close()\""
    config = tmp_path / "config"
    config.write_text(f"[default]\nregion = eu-west-1\ncredential_process = {command}\n"
                      "[profile other]\nregion = ap-northeast-2\n"
                      "[profile bare]\noutput = json\n")
    credentials = tmp_path / "credentials"
    credentials.write_text("[other]\naws_access_key_id = 444444444444\naws_secret_access_key = NOT-A-SECRET\n"
                           "[bare]\naws_access_key_id = 555555555555\naws_secret_access_key = NOT-A-SECRET\n")
    monkeypatch.setenv("AWS_CONFIG_FILE", str(config))
    monkeypatch.setenv("AWS_SHARED_CREDENTIALS_FILE", str(credentials))
    monkeypatch.setattr(boto3, "DEFAULT_SESSION", None)
    return ran


def _account(client):
    with pytest.raises(ClientError) as error:
        client.get_rest_api(restApiId="missing")
    return error.value.response["Error"]["Message"].split()[-1].split(":")[0]


def test_the_default_profiles_region_is_kept_and_its_credentials_never_run(aws_files):
    with mock_apigateway():
        assert "AWS_DEFAULT_REGION" not in os.environ  # botocore reads the region from the file
        client = boto3.client("apigateway")
        assert client.meta.region_name == "eu-west-1"
        assert _account(client) == "123456789012"  # the fake credentials, not the profile's
    assert not aws_files.exists(), "the default profile's credential_process ran"
    assert {name: os.environ.get(name) for name in ENV} == dict.fromkeys(ENV)


def test_a_named_profiles_region_and_credentials_are_kept(aws_files, monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "other")
    with mock_apigateway():
        client = boto3.client("apigateway")
        assert (client.meta.region_name, _account(client)) == ("ap-northeast-2", "444444444444")


def test_without_a_region_anywhere_us_east_1_is_set(aws_files, monkeypatch):
    monkeypatch.setenv("AWS_PROFILE", "bare")
    with mock_apigateway() as gw:
        assert boto3.client("apigateway").meta.region_name == "us-east-1"
        assert gw.region == "us-east-1"
    assert "AWS_DEFAULT_REGION" not in os.environ


def test_the_environment_and_the_region_option_win_over_the_files(aws_files, monkeypatch):
    with mock_apigateway(region="sa-east-1"):
        assert boto3.client("apigateway").meta.region_name == "sa-east-1"
    monkeypatch.setenv("AWS_DEFAULT_REGION", "eu-central-1")
    with mock_apigateway():
        assert boto3.client("apigateway").meta.region_name == "eu-central-1"
    assert not aws_files.exists()


def test_an_edited_config_file_is_read_again(aws_files, tmp_path):
    with mock_apigateway():
        assert boto3.client("apigateway").meta.region_name == "eu-west-1"
    (tmp_path / "config").write_text("[default]\nregion = eu-south-2\n")
    os.utime(tmp_path / "config", ns=(0, 0))  # a new stamp even within the clock's resolution
    boto3.DEFAULT_SESSION = None
    with mock_apigateway():
        assert boto3.client("apigateway").meta.region_name == "eu-south-2"


def test_an_unreadable_config_file_is_left_to_botocore(aws_files, tmp_path, monkeypatch):
    (tmp_path / "config").write_text("[default\nregion = nowhere\n")
    with mock_apigateway():
        assert os.environ["AWS_DEFAULT_REGION"] == "us-east-1"
