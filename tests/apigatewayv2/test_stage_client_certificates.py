"""A v2 stage's ``ClientCertificateId``: "Supported only for WebSocket APIs" (botocore's model of
CreateStage and UpdateStage). Real AWS attaches a v1 client certificate to a WebSocket stage and
reads ``""`` back once Terraform removes it (hashicorp/terraform-provider-aws
internal/service/apigatewayv2/stage_test.go, TestAccAPIGatewayV2Stage_clientCertificateIdAndDescription:
https://github.com/hashicorp/terraform-provider-aws/blob/main/internal/service/apigatewayv2/stage_test.go).
Guesses (see ``gwmock/apigatewayv2/stages.py``): the HTTP refusal's wording, and that an unknown
certificate is a 404.
"""

from __future__ import annotations

import pytest
from helpers import assert_error, error_of, strip_metadata

NOT_ON_HTTP = "Client certificates are not supported on protocolType HTTP"


def _api(client, protocol):
    extra = {"RouteSelectionExpression": "$request.body.action"} if protocol == "WEBSOCKET" else {}
    return client.create_api(Name="api", ProtocolType=protocol, **extra)["ApiId"]


@pytest.fixture
def certificate(apigateway):
    return apigateway.generate_client_certificate(description="c")["clientCertificateId"]


def test_a_websocket_stage_takes_a_client_certificate(apigatewayv2, certificate):
    api_id = _api(apigatewayv2, "WEBSOCKET")
    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", ClientCertificateId=certificate)
    assert stage["ResponseMetadata"]["HTTPStatusCode"] == 201
    assert stage["ClientCertificateId"] == certificate
    assert apigatewayv2.get_stage(ApiId=api_id, StageName="dev")["ClientCertificateId"] == certificate


def test_an_empty_certificate_detaches_it(apigatewayv2, certificate):
    # terraform-provider-aws sends "" when client_certificate_id leaves the configuration, then reads ""
    api_id = _api(apigatewayv2, "WEBSOCKET")
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", ClientCertificateId=certificate)
    updated = apigatewayv2.update_stage(ApiId=api_id, StageName="dev", ClientCertificateId="", Description="d")
    assert "ClientCertificateId" not in updated
    assert "ClientCertificateId" not in apigatewayv2.get_stage(ApiId=api_id, StageName="dev")
    again = apigatewayv2.update_stage(ApiId=api_id, StageName="dev", ClientCertificateId=certificate)
    assert again["ClientCertificateId"] == certificate


def test_an_unknown_certificate_is_not_found(apigatewayv2, certificate):
    api_id = _api(apigatewayv2, "WEBSOCKET")
    message = "Invalid Client Certificate identifier specified nope12"
    resp = error_of(apigatewayv2.create_stage, ApiId=api_id, StageName="dev", ClientCertificateId="nope12")
    assert_error(resp, "NotFoundException", message, 404)
    assert_error(error_of(apigatewayv2.get_stage, ApiId=api_id, StageName="dev"), "NotFoundException", status=404)
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev", ClientCertificateId=certificate)
    before = strip_metadata(apigatewayv2.get_stage(ApiId=api_id, StageName="dev"))
    resp = error_of(apigatewayv2.update_stage, ApiId=api_id, StageName="dev", ClientCertificateId="nope12",
                    Description="changed")
    assert_error(resp, "NotFoundException", message, 404)
    assert strip_metadata(apigatewayv2.get_stage(ApiId=api_id, StageName="dev")) == before


def test_a_deleted_certificate_cannot_be_attached(apigateway, apigatewayv2, certificate):
    api_id = _api(apigatewayv2, "WEBSOCKET")
    apigateway.delete_client_certificate(clientCertificateId=certificate)
    assert_error(error_of(apigatewayv2.create_stage, ApiId=api_id, StageName="dev", ClientCertificateId=certificate),
                 "NotFoundException", f"Invalid Client Certificate identifier specified {certificate}", 404)


def test_an_http_stage_takes_no_client_certificate(apigatewayv2, certificate):
    api_id = _api(apigatewayv2, "HTTP")
    resp = error_of(apigatewayv2.create_stage, ApiId=api_id, StageName="dev", ClientCertificateId=certificate)
    assert_error(resp, "BadRequestException", NOT_ON_HTTP, 400)
    assert apigatewayv2.get_stages(ApiId=api_id)["Items"] == []
    apigatewayv2.create_stage(ApiId=api_id, StageName="dev")
    before = strip_metadata(apigatewayv2.get_stage(ApiId=api_id, StageName="dev"))
    resp = error_of(apigatewayv2.update_stage, ApiId=api_id, StageName="dev", ClientCertificateId=certificate,
                    Description="changed")
    assert_error(resp, "BadRequestException", NOT_ON_HTTP, 400)
    assert strip_metadata(apigatewayv2.get_stage(ApiId=api_id, StageName="dev")) == before


def test_an_http_stage_may_send_an_empty_certificate(apigatewayv2):
    # what a client that always sends the member sends for "none": nothing to refuse
    api_id = _api(apigatewayv2, "HTTP")
    stage = apigatewayv2.create_stage(ApiId=api_id, StageName="dev", ClientCertificateId="")
    assert "ClientCertificateId" not in stage
    updated = apigatewayv2.update_stage(ApiId=api_id, StageName="dev", ClientCertificateId="", Description="d")
    assert "ClientCertificateId" not in updated and updated["Description"] == "d"
