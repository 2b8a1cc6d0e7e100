"""APIs of every account are served at their own host.

A boto3 client whose access key id is 12 digits works in that account (gwmock's rule, as moto's).
On AWS an API id is global to its region: ``{id}.execute-api.{region}.amazonaws.com`` serves the API
whoever calls, so the data plane finds the API in whichever account holds it, the mock's forced (or
the default) account first. Two accounts holding one id (only a restored snapshot can do it): the
default account wins (guess; AWS never has two).
"""

from __future__ import annotations

import json
import time

import boto3
import pytest
import requests
from botocore.exceptions import ClientError
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock import mock_apigateway
from gwmock.state import MemoryBackend
from gwmock.state.base import Backend
from gwmock.state.sqlite import SqliteBackend

REGION = "eu-west-1"
DEFAULT = "123456789012"
OTHER = "111111111111"
THIRD = "222222222222"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT}:function:echo"
URI = f"arn:aws:apigateway:{REGION}:lambda:path/2015-03-31/functions/{FN}/invocations"
FORBIDDEN = (403, b'{"message":"Forbidden"}')
FAST = settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])


def _client(service, account=OTHER):
    return boto3.client(service, region_name=REGION, aws_access_key_id=account, aws_secret_access_key="x")


def _echo(event, context):
    return {"statusCode": 200, "body": json.dumps(event)}


def _rest(v1, key_required=False, stage="dev"):
    """A REST API with a Lambda proxy method on ``/{proxy+}``, deployed to ``stage``."""
    api = v1.create_rest_api(name="a", endpointConfiguration={"types": ["REGIONAL"]})["id"]
    root = v1.get_resources(restApiId=api)["items"][0]["id"]
    res = v1.create_resource(restApiId=api, parentId=root, pathPart="{proxy+}")["id"]
    v1.put_method(restApiId=api, resourceId=res, httpMethod="ANY", authorizationType="NONE",
                  apiKeyRequired=key_required)
    v1.put_integration(restApiId=api, resourceId=res, httpMethod="ANY", type="AWS_PROXY",
                       integrationHttpMethod="POST", uri=URI)
    v1.create_deployment(restApiId=api, stageName=stage)
    return api


def _url(api, path="/dev/x"):
    return f"https://{api}.execute-api.{REGION}.amazonaws.com{path}"


def _context(answer):
    assert answer.status == 200, answer.body
    return json.loads(answer.body)["requestContext"]


@pytest.fixture
def gw():
    with mock_apigateway(region=REGION) as handle:
        handle.add_lambda("echo", _echo)
        yield handle


# --- REST, HTTP and WebSocket APIs of another account -------------------------------------------


def test_rest_api_of_another_account_is_served_with_its_owner_as_account_id(gw):
    api = _rest(_client("apigateway"))
    context = _context(gw.invoke("GET", _url(api)))
    assert (context["accountId"], context["apiId"]) == (OTHER, api)
    # the default account does not hold it: the control plane keeps accounts apart
    with pytest.raises(ClientError) as caught:
        _client("apigateway", DEFAULT).get_rest_api(restApiId=api)
    assert caught.value.response["Error"]["Code"] == "NotFoundException"


def test_rest_api_of_another_account_through_requests(gw):
    api = _rest(_client("apigateway"))
    answer = requests.get(_url(api, "/dev/pets?a=1"), timeout=5)
    assert answer.status_code == 200
    assert answer.json()["requestContext"]["accountId"] == OTHER
    assert answer.json()["queryStringParameters"] == {"a": "1"}


def test_http_api_of_another_account_is_served(gw):
    api = _client("apigatewayv2").create_api(Name="h", ProtocolType="HTTP", Target=FN)["ApiId"]
    answer = requests.post(_url(api, "/items"), data=b"{}", timeout=5)
    assert answer.status_code == 200
    assert (answer.json()["requestContext"]["accountId"], answer.json()["requestContext"]["apiId"]) == (OTHER, api)


def test_apis_of_three_accounts_each_answer_as_their_own(gw):
    apis = {account: _rest(_client("apigateway", account)) for account in (DEFAULT, OTHER, THIRD)}
    assert len(set(apis.values())) == 3
    for account, api in apis.items():
        assert _context(gw.invoke("GET", _url(api)))["accountId"] == account


def _websocket(account):
    v2 = _client("apigatewayv2", account)
    api = v2.create_api(Name="w", ProtocolType="WEBSOCKET", RouteSelectionExpression="$request.body.action")["ApiId"]
    integration = v2.create_integration(ApiId=api, IntegrationType="AWS_PROXY", IntegrationUri=FN)["IntegrationId"]
    for key in ("$connect", "$default"):
        v2.create_route(ApiId=api, RouteKey=key, Target=f"integrations/{integration}")
    v2.create_stage(ApiId=api, StageName="dev", AutoDeploy=True)
    return api


def test_websocket_management_api_of_another_account_is_reached(gw):
    api = _websocket(OTHER)
    management = boto3.client("apigatewaymanagementapi", endpoint_url=_url(api, "/dev"), region_name=REGION,
                              aws_access_key_id=OTHER, aws_secret_access_key="x")
    # the API is found (an unknown connection is AWS's 410 GoneException, not the unknown host's 403)
    with pytest.raises(ClientError) as caught:
        management.get_connection(ConnectionId="bm9uZQ=")
    assert caught.value.response["ResponseMetadata"]["HTTPStatusCode"] == 410
    assert caught.value.response["Error"]["Code"] == "GoneException"
    # an unknown stage of it is still refused as before
    assert gw.invoke("GET", _url(api, "/nope/@connections/abc")).status in (403, 404)


def test_websocket_of_another_account_connects_and_is_managed(gw):
    api = _websocket(OTHER)
    conn = gw.websocket(f"wss://{api}.execute-api.{REGION}.amazonaws.com/dev")
    management = boto3.client("apigatewaymanagementapi", endpoint_url=_url(api, "/dev"), region_name=REGION)
    management.post_to_connection(ConnectionId=conn.connection_id, Data=b"hi")
    assert conn.received[-1] in ("hi", b"hi")
    conn.close()


# --- custom domains, usage plans --------------------------------------------------------------


def _domain(v1, name, api, stage="dev"):
    v1.create_domain_name(domainName=name, endpointConfiguration={"types": ["REGIONAL"]},
                          regionalCertificateArn=f"arn:aws:acm:{REGION}:{OTHER}:certificate/abc")
    v1.create_base_path_mapping(domainName=name, restApiId=api, stage=stage, basePath="v1")


def test_custom_domain_of_another_account_serves_its_api(gw):
    v1 = _client("apigateway")
    api = _rest(v1)
    _domain(v1, "api.example.com", api)
    context = _context(gw.invoke("GET", "https://api.example.com/v1/pets"))
    assert (context["accountId"], context["apiId"], context["domainName"]) == (OTHER, api, "api.example.com")
    assert requests.get("https://api.example.com/v1/pets", timeout=5).status_code == 200
    assert gw.invoke("GET", "https://api.example.com/v2/pets").status == 403  # no mapping: as before


def test_the_default_accounts_domain_wins_over_another_accounts_of_the_same_name(gw):
    mine = _rest(_client("apigateway", DEFAULT), stage="dev")
    theirs = _rest(_client("apigateway"), stage="dev")
    _domain(_client("apigateway"), "api.example.com", theirs)
    _domain(_client("apigateway", DEFAULT), "api.example.com", mine)
    assert _context(gw.invoke("GET", "https://api.example.com/v1/x"))["apiId"] == mine


def test_usage_plans_and_keys_are_the_owners(gw):
    v1 = _client("apigateway")
    api = _rest(v1, key_required=True)
    key = v1.create_api_key(name="k", enabled=True)
    plan = v1.create_usage_plan(name="p", apiStages=[{"apiId": api, "stage": "dev"}])["id"]
    v1.create_usage_plan_key(usagePlanId=plan, keyId=key["id"], keyType="API_KEY")
    stranger = _client("apigateway", DEFAULT).create_api_key(name="k", enabled=True)["value"]
    assert gw.invoke("GET", _url(api)).status == 403
    assert gw.invoke("GET", _url(api), {"x-api-key": stranger}).status == 403  # another account's key
    context = _context(gw.invoke("GET", _url(api), {"x-api-key": key["value"]}))
    assert (context["accountId"], context["identity"]["apiKeyId"]) == (OTHER, key["id"])


# --- deleting, snapshots, reset, two owners -------------------------------------------------


def test_a_deleted_api_of_another_account_is_no_longer_served(gw):
    v1 = _client("apigateway")
    api = _rest(v1)
    v1.delete_rest_api(restApiId=api)
    answer = gw.invoke("GET", _url(api))
    assert (answer.status, answer.body) == FORBIDDEN


@pytest.mark.parametrize("state", ["memory://", "sqlite://"])
def test_snapshot_reset_and_restore_keep_other_accounts_apis_served(state):
    with mock_apigateway(region=REGION, state=state) as handle:
        handle.add_lambda("echo", _echo)
        api = _rest(_client("apigateway"))
        saved = handle.snapshot()
        handle.reset()
        assert (handle.invoke("GET", _url(api)).status, handle.invoke("GET", _url(api)).body) == FORBIDDEN
        handle.restore(saved)
        assert _context(handle.invoke("GET", _url(api)))["accountId"] == OTHER
        handle.restore({"format": "gwmock-state/1", "collections": []})
        assert handle.invoke("GET", _url(api)).status == 403


def test_a_snapshot_loaded_at_start_serves_every_account():
    with mock_apigateway(region=REGION) as first:
        api = _rest(_client("apigateway"))
        saved = first.snapshot()
    with mock_apigateway(region=REGION, load=saved) as second:
        second.add_lambda("echo", _echo)
        assert _context(second.invoke("GET", _url(api)))["accountId"] == OTHER


def _in_account(document, source, target):
    """``document`` with every key of account ``source`` copied to ``target`` too."""
    extra = [[[target, *key[1:]], items] for key, items in document["collections"] if key[0] == source]
    return {**document, "collections": document["collections"] + extra}


def test_an_api_id_in_two_accounts_answers_as_the_default_accounts(gw):
    api = _rest(_client("apigateway"))
    gw.restore(_in_account(gw.snapshot(), OTHER, DEFAULT))
    assert _context(gw.invoke("GET", _url(api)))["accountId"] == DEFAULT
    _client("apigateway", DEFAULT).delete_rest_api(restApiId=api)
    assert _context(gw.invoke("GET", _url(api)))["accountId"] == OTHER


def test_a_forced_account_is_looked_in_first_then_the_others():
    with mock_apigateway(region=REGION) as first:
        api = _rest(_client("apigateway"))
        saved = _in_account(first.snapshot(), OTHER, THIRD)
    with mock_apigateway(region=REGION, load=saved, account=THIRD) as forced:
        forced.add_lambda("echo", _echo)
        assert _context(forced.invoke("GET", _url(api)))["accountId"] == THIRD
        boto3.client("apigateway", region_name=REGION).delete_rest_api(restApiId=api)  # in THIRD
        assert _context(forced.invoke("GET", _url(api)))["accountId"] == OTHER


def test_a_failed_create_in_another_account_leaves_nothing_served(gw):
    v1 = _client("apigateway")
    with pytest.raises(ClientError):
        v1.import_rest_api(body=b"{not json")
    assert gw.invoke("GET", _url("a1b2c3d4e5")).status == 403
    assert _context(gw.invoke("GET", _url(_rest(v1))))["accountId"] == OTHER


# --- cost: the default account's requests never look elsewhere ------------------------------


def test_the_default_accounts_requests_never_ask_for_other_accounts(gw, monkeypatch):
    rest = _rest(_client("apigateway", DEFAULT))
    http = _client("apigatewayv2", DEFAULT).create_api(Name="h", ProtocolType="HTTP", Target=FN)["ApiId"]

    def refused(path):
        raise AssertionError(f"holders asked for {path}")

    monkeypatch.setattr(gw.backend, "holders", refused)
    assert gw.invoke("GET", _url(rest)).status == 200
    assert gw.invoke("GET", _url(http, "/x")).status == 200


def test_unknown_api_ids_stay_cheap_with_many_accounts(gw):
    for n in range(40):
        _client("apigateway", f"{n:012d}").create_rest_api(name="a")
    started = time.monotonic()
    for n in range(300):
        answer = gw.invoke("GET", _url(f"zz{n}"))
        assert (answer.status, answer.body) == FORBIDDEN
    assert time.monotonic() - started < 3
    assert _context(gw.invoke("GET", _url(_rest(_client("apigateway"))))).get("accountId") == OTHER


_KEPT: dict[int, str] = {}


@given(st.text(max_size=80))
@FAST
def test_hostile_hosts_are_refused_and_other_accounts_apis_still_served(gw, text):
    api = _KEPT.get(id(gw)) or _KEPT.setdefault(id(gw), _rest(_client("apigateway")))
    try:
        answer = gw.invoke("GET", f"https://{text}.execute-api.{REGION}.amazonaws.com/dev/x")
    except ValueError:  # not an execute-api URL (the name is no host name)
        pass
    else:
        assert (answer.status, answer.body) == FORBIDDEN or text.lower() == api
    assert _context(gw.invoke("GET", _url(api)))["accountId"] == OTHER


# --- the backends' holders ------------------------------------------------------------------


def _backends(tmp_path):
    return [MemoryBackend(strict=True), SqliteBackend(str(tmp_path / "s.db")), SqliteBackend("")]


def _holders_by_dump(backend, path):
    return sorted(Backend.holders(backend, path))


def test_holders_of_each_backend(tmp_path):
    for backend in _backends(tmp_path):
        backend.put(("a", "r", "things", "x"), {"id": "x"})
        backend.put(("b", "r", "things", "x"), {"id": "x"})
        backend.put(("b", "r", "things", "y"), {"id": "y"})
        backend.put(("c", "s", "things", "x"), {"id": "x"})
        backend.put(("solo",), {"id": "solo"})
        assert sorted(backend.holders(("r", "things", "x"))) == ["a", "b"]
        assert backend.holders(("r", "things", "y")) == ["b"]
        assert backend.holders(("r", "things", "z")) == []
        assert backend.holders(()) == []
        backend.delete(("a", "r", "things", "x"))
        assert backend.holders(("r", "things", "x")) == ["b"]
        with pytest.raises(RuntimeError), backend.unit_of_work():  # rolled back: nothing holds it
            backend.put(("d", "r", "things", "x"), {"id": "x"})
            raise RuntimeError
        assert backend.holders(("r", "things", "x")) == ["b"]
        document = backend.dump()
        backend.clear()
        assert backend.holders(("r", "things", "x")) == []
        backend.load(document)
        assert backend.holders(("r", "things", "x")) == ["b"]
        backend.close()


def test_sqlite_holders_see_another_connections_commit(tmp_path):
    path = str(tmp_path / "s.db")
    reader, writer = SqliteBackend(path), SqliteBackend(path)
    writer.put(("a", "r", "things", "x"), {"id": "x"})
    assert reader.holders(("r", "things", "x")) == ["a"]
    writer.put(("b", "r", "things", "x"), {"id": "x"})  # a new account, written elsewhere
    assert sorted(reader.holders(("r", "things", "x"))) == ["a", "b"]
    reader.put(("c", "r", "things", "x"), {"id": "x"})  # a new account, written here
    assert sorted(reader.holders(("r", "things", "x"))) == ["a", "b", "c"]
    reader.close()
    writer.close()


# account names that sort between another account's collections ("a\x05" between "a" and "a\x1f...")
_ACCOUNTS = st.lists(st.text(alphabet=st.sampled_from(["a", "b", "%", "\x1f", "\x05", "\x00", " ", "\x7f", "é"]),
                             max_size=4), min_size=1, max_size=6, unique=True)


@given(accounts=_ACCOUNTS, ones=st.booleans())
@settings(max_examples=50, deadline=None)
def test_holders_agree_with_the_whole_store_for_any_account_names(accounts, ones):
    for backend in (MemoryBackend(), SqliteBackend("")):
        for i, account in enumerate(accounts):
            if ones:
                backend.put((account,), {"id": account})  # a one-part key: a collection of ()
                backend.put((account, "one"), {"id": "one"})  # the collection (account,): before "account\x05"'s
            backend.put((account, "r", "things", "x" if i % 2 == 0 else "y"), {"id": "x"})
            backend.put((account, "r", "things", "x", "parts", "dev"), {"stageName": "dev"})
        for path in (("r", "things", "x"), ("r", "things", "y"), ("r", "things", "x", "parts", "dev")):
            assert sorted(backend.holders(path)) == _holders_by_dump(backend, path), (backend, path)
        backend.close()


def test_sqlite_keeps_a_bounded_number_of_misses(monkeypatch):
    """Unknown API ids (a server client's random hosts) are looked up in every account holding APIs:
    the misses a SQLite connection remembers are bounded, so such a stream cannot grow the process."""
    monkeypatch.setattr("gwmock.state.sqlite._MAX_MISSES", 50)
    with mock_apigateway(region=REGION, state="sqlite://") as handle:
        handle.add_lambda("echo", _echo)
        api = _rest(_client("apigateway"))
        _client("apigateway", THIRD).create_rest_api(name="b")
        for n in range(300):
            assert handle.invoke("GET", _url(f"zz{n}")).status == 403
        link = handle.backend._link()
        assert sum(entry is None for rows in link.rows.values() for entry in rows.values()) <= 50
        assert _context(handle.invoke("GET", _url(api)))["accountId"] == OTHER


# --- IAM callers of the owner's and of other accounts; a WebSocket API's custom domain ---------


def _signed(key):
    now = time.strftime("%Y%m%dT%H%M%SZ", time.gmtime())
    return {"Authorization": f"AWS4-HMAC-SHA256 Credential={key}/{now[:8]}/{REGION}/execute-api/aws4_request, "
                             f"SignedHeaders=host;x-amz-date, Signature={'ab' * 32}", "X-Amz-Date": now}


def _iam_api(v1, policy=None):
    extra = {"policy": json.dumps(policy)} if policy else {}
    api = v1.create_rest_api(name="iam", **extra)
    res = v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    v1.put_method(restApiId=api["id"], resourceId=res, httpMethod="GET", authorizationType="AWS_IAM")
    v1.put_integration(restApiId=api["id"], resourceId=res, httpMethod="GET", type="AWS_PROXY",
                       integrationHttpMethod="POST", uri=URI)
    v1.create_deployment(restApiId=api["id"], stageName="dev")
    return api["id"]


def test_iam_caller_of_the_owning_account_is_the_same_account(gw):
    api = _iam_api(_client("apigateway"))
    context = _context(gw.invoke("GET", _url(api, "/dev/pets"), _signed(OTHER)))
    assert (context["accountId"], context["identity"]["accountId"]) == (OTHER, OTHER)


def _allow(principal):
    return {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": principal},
                                                    "Action": "execute-api:Invoke", "Resource": "execute-api:/*"}]}


def test_iam_caller_of_another_account_needs_the_owners_resource_policy(gw):
    """AWS "How API Gateway resource policies affect authorization workflow" (table B) and Knowledge
    Center "api-gateway-cross-account-403": a cross-account IAM caller needs an Allow in the API's
    resource policy; the owner's account (not the default one) is the API's."""
    refused = _iam_api(_client("apigateway"), _allow(THIRD))
    answer = gw.invoke("GET", _url(refused, "/dev/pets"), _signed(DEFAULT))
    assert answer.status == 403
    assert f":********1111:{refused}/dev/GET/pets" in json.loads(answer.body)["Message"]
    # the same policy lets the owner's own callers in (same account: only a Deny refuses)
    assert _context(gw.invoke("GET", _url(refused, "/dev/pets"), _signed(OTHER)))["accountId"] == OTHER
    allowed = _iam_api(_client("apigateway"), _allow(DEFAULT))
    context = _context(gw.invoke("GET", _url(allowed, "/dev/pets"), _signed(DEFAULT)))
    assert (context["accountId"], context["identity"]["accountId"]) == (OTHER, DEFAULT)


def test_iam_caller_of_another_account_is_refused_without_a_resource_policy(gw):
    api = _iam_api(_client("apigateway"))
    assert gw.invoke("GET", _url(api, "/dev/pets"), _signed(DEFAULT)).status == 403


def test_websocket_api_of_another_account_connects_through_its_custom_domain(gw):
    events = []
    gw.add_lambda("echo", lambda event, context: events.append(event["requestContext"]) or {"statusCode": 200})
    api = _websocket(OTHER)
    v2 = _client("apigatewayv2")
    v2.create_domain_name(DomainName="ws.example.com", DomainNameConfigurations=[
        {"CertificateArn": f"arn:aws:acm:{REGION}:{OTHER}:certificate/abc"}])
    v2.create_api_mapping(DomainName="ws.example.com", ApiId=api, Stage="dev")
    conn = gw.websocket("wss://ws.example.com")
    conn.send(json.dumps({"action": "x"}))
    conn.close()
    # (a WebSocket event's requestContext has no accountId on AWS)
    assert [(e["apiId"], e["eventType"], e["domainName"]) for e in events[:2]] == [
        (api, "CONNECT", "ws.example.com"), (api, "MESSAGE", "ws.example.com")]


def test_private_api_of_another_account_answers_through_a_vpc_endpoint_only(gw):
    """AWS Knowledge Center "access an API Gateway private REST API in another AWS account using an
    interface VPC endpoint": the owner's resource policy admits the endpoint; the public host stays 403."""
    v1 = _client("apigateway")
    api = v1.create_rest_api(name="p", endpointConfiguration={"types": ["PRIVATE"]}, policy=json.dumps(
        {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "execute-api:Invoke",
                                                 "Resource": "execute-api:/*"}]}))
    res = v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")["id"]
    v1.put_method(restApiId=api["id"], resourceId=res, httpMethod="GET", authorizationType="NONE")
    v1.put_integration(restApiId=api["id"], resourceId=res, httpMethod="GET", type="AWS_PROXY",
                       integrationHttpMethod="POST", uri=URI)
    v1.create_deployment(restApiId=api["id"], stageName="dev")
    endpoint = f"https://vpce-0abc1234def567890-x1y2z3w4.execute-api.{REGION}.vpce.amazonaws.com/dev/pets"
    context = _context(gw.invoke("GET", endpoint, {"x-apigw-api-id": api["id"]}))
    assert (context["accountId"], context["identity"]["vpceId"]) == (OTHER, "vpce-0abc1234def567890")
    public = gw.invoke("GET", _url(api["id"], "/dev/pets"))
    assert (public.status, public.body) == FORBIDDEN
