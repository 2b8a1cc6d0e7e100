"""A WebSocket stage serves what its deployment froze, integration and route responses included: a
change reaches clients of a stage after CreateDeployment, at once on an AutoDeploy stage
(gwmock/apigatewayv2/deployments.py ``_snapshot``, gwmock/runtime/websocket/connections.py ``_Stage``)."""

from __future__ import annotations

import pytest
from botocore.exceptions import ClientError
from ws_helpers import REGION

from gwmock.context import Context

PING = '{"action": "ping"}'


class Api:
    """A WebSocket API whose ``ping`` route is a MOCK (200) answering the integration response
    template ``old``; stage ``manual`` moves only with CreateDeployment, ``auto`` has AutoDeploy."""

    def __init__(self, gw, client):
        self.gw, self.client = gw, client
        self.id = client.create_api(Name="ws", ProtocolType="WEBSOCKET",
                                    RouteSelectionExpression="$request.body.action")["ApiId"]
        self.integration = client.create_integration(
            ApiId=self.id, IntegrationType="MOCK", TemplateSelectionExpression="\\$default",
            RequestTemplates={"$default": '{"statusCode": 200}'})["IntegrationId"]
        self.response = client.create_integration_response(
            ApiId=self.id, IntegrationId=self.integration, IntegrationResponseKey="$default",
            TemplateSelectionExpression="\\$default", ResponseTemplates={"$default": "old"})["IntegrationResponseId"]
        self.route = client.create_route(ApiId=self.id, RouteKey="ping", Target=f"integrations/{self.integration}",
                                         RouteResponseSelectionExpression="$default")["RouteId"]
        client.create_stage(ApiId=self.id, StageName="manual")
        client.create_stage(ApiId=self.id, StageName="auto", AutoDeploy=True)
        self.deploy()

    def deploy(self):
        self.client.create_deployment(ApiId=self.id, StageName="manual")

    def answers(self, stage):
        """What each stage's client receives for ``ping`` (a fresh connection)."""
        return self.gw.websocket(f"wss://{self.id}.execute-api.{REGION}.amazonaws.com/{stage}").send(PING)

    def both(self):
        return {stage: self.answers(stage) for stage in ("manual", "auto")}

    def add_route_response(self):
        return self.client.create_route_response(ApiId=self.id, RouteId=self.route,
                                                 RouteResponseKey="$default")["RouteResponseId"]

    def set_template(self, text):
        self.client.update_integration_response(ApiId=self.id, IntegrationId=self.integration,
                                                IntegrationResponseId=self.response,
                                                ResponseTemplates={"$default": text})

    def deployment_ids(self):
        return {s["StageName"]: s["DeploymentId"] for s in self.client.get_stages(ApiId=self.id)["Items"]}


@pytest.fixture
def api(gwmock, apigatewayv2):
    return Api(gwmock, apigatewayv2)


@pytest.fixture
def two_way(api):
    """``ping`` made two-way (a $default route response), deployed to both stages."""
    api.add_route_response()
    api.deploy()
    assert api.both() == {"manual": ["old"], "auto": ["old"]}
    return api


def test_a_route_becomes_two_way_only_once_its_route_response_is_deployed(api):
    assert api.both() == {"manual": [], "auto": []}  # no route response yet: one-way
    api.add_route_response()
    assert api.both() == {"manual": [], "auto": ["old"]}
    api.deploy()
    assert api.both() == {"manual": ["old"], "auto": ["old"]}


def test_a_deleted_route_response_still_answers_until_the_next_deployment(two_way):
    response = two_way.client.get_route_responses(ApiId=two_way.id, RouteId=two_way.route)["Items"][0]
    two_way.client.delete_route_response(ApiId=two_way.id, RouteId=two_way.route,
                                         RouteResponseId=response["RouteResponseId"])
    assert two_way.both() == {"manual": ["old"], "auto": []}
    two_way.deploy()
    assert two_way.both() == {"manual": [], "auto": []}


def test_a_changed_integration_response_template_waits_for_a_deployment(two_way):
    two_way.set_template("new")
    assert two_way.both() == {"manual": ["old"], "auto": ["new"]}
    two_way.deploy()
    assert two_way.both() == {"manual": ["new"], "auto": ["new"]}


def test_a_new_integration_response_waits_for_a_deployment(two_way):
    two_way.client.create_integration_response(ApiId=two_way.id, IntegrationId=two_way.integration,
                                               IntegrationResponseKey="/200/", ResponseTemplates={"$default": "2xx"})
    assert two_way.both() == {"manual": ["old"], "auto": ["2xx"]}  # a matching /regex/ beats $default
    two_way.deploy()
    assert two_way.both() == {"manual": ["2xx"], "auto": ["2xx"]}


def test_a_deleted_integration_response_keeps_answering_until_the_next_deployment(two_way, caplog):
    two_way.client.delete_integration_response(ApiId=two_way.id, IntegrationId=two_way.integration,
                                               IntegrationResponseId=two_way.response)
    answers = two_way.both()
    assert answers["manual"] == ["old"]
    assert [frame.split(",")[0] for frame in answers["auto"]] == ['{"message": "Internal server error"']
    assert "No match for output mapping" in caplog.text


def test_an_older_deployment_keeps_its_own_responses(two_way):
    first = two_way.deployment_ids()["manual"]
    two_way.set_template("new")
    two_way.deploy()
    two_way.client.update_stage(ApiId=two_way.id, StageName="manual", DeploymentId=first)  # a rollback
    assert two_way.answers("manual") == ["old"]


def test_a_failed_update_leaves_the_responses_and_the_deployments_as_they_were(two_way):
    before = two_way.deployment_ids()
    with pytest.raises(ClientError) as failed:
        two_way.client.update_integration_response(ApiId=two_way.id, IntegrationId=two_way.integration,
                                                   IntegrationResponseId="nope00",
                                                   ResponseTemplates={"$default": "new"})
    assert failed.value.response["ResponseMetadata"]["HTTPStatusCode"] == 404
    assert two_way.deployment_ids() == before
    assert two_way.client.get_integration_response(
        ApiId=two_way.id, IntegrationId=two_way.integration,
        IntegrationResponseId=two_way.response)["ResponseTemplates"] == {"$default": "old"}
    assert two_way.both() == {"manual": ["old"], "auto": ["old"]}


def test_an_http_api_deployment_holds_no_websocket_responses(gwmock, apigatewayv2):
    api = apigatewayv2.create_api(Name="http", ProtocolType="HTTP", Target="https://example.com")["ApiId"]
    deployment = apigatewayv2.create_deployment(ApiId=api)["DeploymentId"]
    snapshot = _store(gwmock).get(("v2", "apis", api, "deployments", deployment, "snapshot"))
    assert set(snapshot) == {"routes", "integrations", "authorizers", "CorsConfiguration",
                             "DisableExecuteApiEndpoint"}


def test_a_deployment_made_before_snapshots_held_responses_reads_them_live(two_way, gwmock):
    store = _store(gwmock)
    key = ("v2", "apis", two_way.id, "deployments", two_way.deployment_ids()["manual"], "snapshot")
    snapshot = store.get(key)
    store.put(key, {k: v for k, v in snapshot.items() if k not in ("integrationresponses", "routeresponses")})
    two_way.set_template("new")
    assert two_way.answers("manual") == ["new"]


def _store(gw):
    return Context("apigatewayv2", "Test", gw.account or "123456789012", REGION, gw.backend).store
