"""Usage plans on WebSocket APIs: the plan of the key a $connect checked applies its throttling and
quota to the connection, which GetUsage counts (gwmock/runtime/websocket/api_keys.py has the evidence
and the guesses, gwmock/runtime/usage.py the mechanism shared with REST APIs)."""

from __future__ import annotations

import json

import pytest
import requests
from ws_helpers import REGION

from gwmock.runtime.websocket.connections import Rejected

freezegun = pytest.importorskip("freezegun")

KEY = "a-websocket-usage-key-0123456789"
TUESDAY, WEDNESDAY = "2026-03-03", "2026-03-04"


class Keyed:
    """A WebSocket API whose $connect (MOCK, 200) requires an API key, its ``prod`` stage in a usage
    plan holding the key KEY; ``plan(...)`` sets the plan's throttle and quota."""

    def __init__(self, gw, apigateway, apigatewayv2):
        self.gw, self.apigateway, self.v2 = gw, apigateway, apigatewayv2
        self.api = apigatewayv2.create_api(Name="keyed", ProtocolType="WEBSOCKET",
                                           RouteSelectionExpression="$request.body.action")["ApiId"]
        self.integration = apigatewayv2.create_integration(
            ApiId=self.api, IntegrationType="MOCK", TemplateSelectionExpression="\\$default",
            RequestTemplates={"$default": '{"statusCode": 200}'})["IntegrationId"]
        self.connect_route = apigatewayv2.create_route(ApiId=self.api, RouteKey="$connect", ApiKeyRequired=True,
                                                       Target=f"integrations/{self.integration}")["RouteId"]
        apigatewayv2.create_route(ApiId=self.api, RouteKey="$default", Target=f"integrations/{self.integration}")
        apigatewayv2.create_stage(ApiId=self.api, StageName="prod", AutoDeploy=True)
        self.key = apigateway.create_api_key(name="k", value=KEY, enabled=True)["id"]
        self.plan_id = ""

    def plan(self, stages=None, **settings):
        """The usage plan over ``stages`` (default: this API's ``prod``) holding the key."""
        stages = stages or [{"apiId": self.api, "stage": "prod"}]
        self.plan_id = self.apigateway.create_usage_plan(name="plan", apiStages=stages, **settings)["id"]
        self.apigateway.create_usage_plan_key(usagePlanId=self.plan_id, keyId=self.key, keyType="API_KEY")
        return self.plan_id

    def connect(self, key=KEY):
        """The status of a handshake presenting ``key``: 101 when it opened, else the rejection's."""
        url = f"wss://{self.api}.execute-api.{REGION}.amazonaws.com/prod"
        try:
            self.conn = self.gw.websocket(url, headers={"x-api-key": key} if key else {})
        except Rejected as rejected:
            return rejected.status
        return 101

    def usage(self, day):
        return self.apigateway.get_usage(usagePlanId=self.plan_id, startDate=day, endDate=day)["items"]


@pytest.fixture
def keyed(gwmock, apigateway, apigatewayv2):
    return Keyed(gwmock, apigateway, apigatewayv2)


@pytest.fixture
def tuesday():
    with freezegun.freeze_time(f"{TUESDAY}T10:00:00+00:00") as frozen:
        yield frozen


def test_each_connection_counts_one_request_in_get_usage(keyed, tuesday):
    keyed.plan()
    assert [keyed.connect(), keyed.connect()] == [101, 101]
    assert keyed.usage(TUESDAY) == {keyed.key: [[2, 0]]}  # no quota: remaining reads 0


def test_messages_are_not_counted_guess(keyed, tuesday):
    keyed.plan(quota={"limit": 1, "period": "DAY"})
    assert keyed.connect() == 101
    for _ in range(3):
        keyed.conn.send('{"action": "anything"}')
    assert keyed.usage(TUESDAY) == {keyed.key: [[1, 0]]}
    assert keyed.conn.state == "OPEN"


def test_the_quota_rejects_connections_past_it_with_429_until_the_next_period(keyed, tuesday):
    keyed.plan(quota={"limit": 2, "period": "DAY"})
    assert [keyed.connect() for _ in range(3)] == [101, 101, 429]
    assert keyed.usage(TUESDAY) == {keyed.key: [[2, 0]]}  # the refused connection is not counted
    tuesday.move_to(f"{WEDNESDAY}T00:00:01+00:00")
    assert keyed.connect() == 101
    assert keyed.usage(WEDNESDAY) == {keyed.key: [[1, 1]]}


def test_update_usage_remaining_admits_more_connections(keyed, tuesday):
    keyed.plan(quota={"limit": 1, "period": "WEEK"})
    assert [keyed.connect(), keyed.connect()] == [101, 429]
    keyed.apigateway.update_usage(usagePlanId=keyed.plan_id, keyId=keyed.key,
                                  patchOperations=[{"op": "replace", "path": "/remaining", "value": "1"}])
    assert [keyed.connect(), keyed.connect()] == [101, 429]
    assert keyed.usage(TUESDAY) == {keyed.key: [[2, 0]]}


def test_the_plan_throttle_rejects_a_burst_with_429_and_refills(keyed, tuesday):
    keyed.plan(throttle={"burstLimit": 2, "rateLimit": 1.0})
    assert [keyed.connect() for _ in range(3)] == [101, 101, 429]
    assert keyed.usage(TUESDAY) == {keyed.key: [[2, 0]]}  # the throttled connection is not counted
    tuesday.tick(1)
    assert [keyed.connect(), keyed.connect()] == [101, 429]


def test_a_stage_throttle_keyed_connect_overrides_the_plan_throttle_guess(keyed, tuesday):
    keyed.plan([{"apiId": keyed.api, "stage": "prod", "throttle": {"$connect": {"burstLimit": 3, "rateLimit": 0}}}],
               throttle={"burstLimit": 1, "rateLimit": 0})
    assert [keyed.connect() for _ in range(4)] == [101, 101, 101, 429]


def test_a_throttled_key_does_not_hold_back_another_key(keyed, tuesday):
    keyed.plan(throttle={"burstLimit": 1, "rateLimit": 0})
    other = keyed.apigateway.create_api_key(name="other", value="another-websocket-key-0123", enabled=True)
    keyed.apigateway.create_usage_plan_key(usagePlanId=keyed.plan_id, keyId=other["id"], keyType="API_KEY")
    assert [keyed.connect(), keyed.connect(), keyed.connect(other["value"])] == [101, 429, 101]


def test_without_api_key_required_the_plan_applies_nothing(keyed, tuesday):
    keyed.plan(quota={"limit": 1, "period": "DAY"}, throttle={"burstLimit": 1, "rateLimit": 0})
    keyed.v2.update_route(ApiId=keyed.api, RouteId=keyed.connect_route, ApiKeyRequired=False)
    assert [keyed.connect() for _ in range(3)] == [101, 101, 101]
    assert keyed.usage(TUESDAY) == {keyed.key: [[0, 1]]}


def test_an_invalid_key_is_refused_before_the_plan_and_not_counted(keyed, tuesday):
    keyed.plan(quota={"limit": 1, "period": "DAY"})
    assert [keyed.connect(""), keyed.connect("no-such-key-0123456789")] == [403, 403]
    assert keyed.usage(TUESDAY) == {keyed.key: [[0, 1]]}


def test_a_connection_its_integration_rejects_is_still_counted_guess(keyed, tuesday):
    keyed.plan()
    keyed.v2.update_integration(ApiId=keyed.api, IntegrationId=keyed.integration,
                                RequestTemplates={"$default": '{"statusCode": 403}'})
    assert keyed.connect() == 403  # the key passed; the integration refused (as REST counts a failed backend)
    assert keyed.usage(TUESDAY) == {keyed.key: [[1, 0]]}


def _rest_stage(apigateway, gw):
    """A REST API whose GET /pets (a MOCK answering 200) needs an API key, deployed to ``dev``."""
    api = apigateway.create_rest_api(name="rest")["id"]
    root = apigateway.get_resources(restApiId=api)["items"][0]["id"]
    pets = apigateway.create_resource(restApiId=api, parentId=root, pathPart="pets")["id"]
    apigateway.put_method(restApiId=api, resourceId=pets, httpMethod="GET", authorizationType="NONE",
                          apiKeyRequired=True)
    apigateway.put_integration(restApiId=api, resourceId=pets, httpMethod="GET", type="MOCK",
                               requestTemplates={"application/json": json.dumps({"statusCode": 200})})
    apigateway.put_integration_response(restApiId=api, resourceId=pets, httpMethod="GET", statusCode="200",
                                        responseTemplates={"application/json": "{}"})
    apigateway.put_method_response(restApiId=api, resourceId=pets, httpMethod="GET", statusCode="200")
    apigateway.create_deployment(restApiId=api, stageName="dev")
    return api, f"https://{api}.execute-api.{REGION}.amazonaws.com/dev/pets"


def test_a_rest_stage_and_a_websocket_stage_of_one_plan_share_its_quota(keyed, gwmock, tuesday):
    rest, url = _rest_stage(keyed.apigateway, gwmock)
    keyed.plan([{"apiId": keyed.api, "stage": "prod"}, {"apiId": rest, "stage": "dev"}],
               quota={"limit": 3, "period": "DAY"})

    def call():
        return requests.get(url, headers={"x-api-key": KEY}, timeout=5).status_code

    assert [call(), keyed.connect(), call(), keyed.connect(), call()] == [200, 101, 200, 429, 429]
    assert keyed.usage(TUESDAY) == {keyed.key: [[3, 0]]}


def test_the_plan_is_the_one_holding_the_key(keyed, tuesday):
    keyed.plan(quota={"limit": 5, "period": "DAY"})
    other = keyed.apigateway.create_usage_plan(name="empty", apiStages=[{"apiId": keyed.api, "stage": "prod"}],
                                               quota={"limit": 0, "period": "DAY"})["id"]
    assert keyed.connect() == 101  # the empty plan (quota 0) covers the stage, but not the key
    assert keyed.apigateway.get_usage(usagePlanId=other, startDate=TUESDAY, endDate=TUESDAY)["items"] == {}
    assert keyed.usage(TUESDAY) == {keyed.key: [[1, 4]]}

