"""Stateful property tests of the v2 control plane (apigatewayv2).

A hypothesis state machine drives real boto3 clients inside ``mock_apigateway()``:
create, update, get, list and delete across HTTP and WebSocket APIs, routes,
integrations, authorizers, stages, deployments, domain names with API mappings, VPC
links and tags, while keeping a small model of what should exist. After every step:
no 5xx; a Get of every live id succeeds and every deleted id is a 404; List
operations, walked page by page with small MaxResults, answer exactly the model's ids
(no duplicates, no losses); deleting a parent removes its children.
"""

from __future__ import annotations

from typing import Any

import boto3
from helpers import Fixed as _Fixed
from helpers import call_or_error as _call
from helpers import must_fail as _fails
from helpers import must_succeed as _ok
from helpers import unique_ids as _ids
from hypothesis import HealthCheck, settings
from hypothesis import strategies as st
from hypothesis.stateful import RuleBasedStateMachine, initialize, invariant, precondition, rule

from gwmock import mock_apigateway

REGION = "us-east-1"
LAMBDA_URI = ("arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/"
              "arn:aws:lambda:us-east-1:123456789012:function:auth/invocations")
HTTP_KEYS = ["GET /a", "POST /a", "GET /a/{id}", "GET /b", "$default", "ANY /{proxy+}"]
WS_KEYS = ["$connect", "$disconnect", "$default", "send", "echo"]
MAX_APIS = 3


def _walk(fn: Any, limit: int, **kwargs: Any) -> list[dict[str, Any]]:
    """Every item of a v2 list, page by page."""
    items: list[dict[str, Any]] = []
    token = None
    for _ in range(200):
        page = _ok(fn, MaxResults=str(limit), **({"NextToken": token} if token else {}), **kwargs)
        assert len(page["Items"]) <= limit
        items += page["Items"]
        token = page.get("NextToken")
        if not token:
            return items
    raise AssertionError("paging does not end")


class Api:
    def __init__(self, api_id: str, protocol: str) -> None:
        self.id = api_id
        self.protocol = protocol
        self.routes: dict[str, dict[str, Any]] = {}  # id -> {"key", "target", "authorizer"}
        self.integrations: set[str] = set()
        self.int_responses: dict[str, dict[str, str]] = {}  # integration -> {response id: key}
        self.authorizers: set[str] = set()
        self.deployments: set[str] = set()
        self.stages: dict[str, str | None] = {}  # name -> deployment
        self.auto: set[str] = set()  # AutoDeploy stages: their deployment is the API's latest
        self.tags: dict[str, str] = {}
        self.gone: dict[str, set[str]] = {"routes": set(), "integrations": set(), "authorizers": set(),
                                          "deployments": set(), "stages": set()}

    @property
    def http(self) -> bool:
        return self.protocol == "HTTP"


class V2Machine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = mock_apigateway()
        self.mock.start()
        self.c = boto3.client("apigatewayv2", region_name=REGION)
        self.v1 = boto3.client("apigateway", region_name=REGION)  # custom domains are shared with v1
        self.edge_domains: set[str] = set()
        self.apis: dict[str, Api] = {}
        self.gone_apis: set[str] = set()
        self.domains: dict[str, dict[str, tuple[str, str, str]]] = {}  # name -> {mapping id: (api, stage, key)}
        self.gone_domains: set[str] = set()
        self.links: set[str] = set()
        self.gone_links: set[str] = set()
        self.counter = 0
        self.seq: dict[str, int] = {}

    def teardown(self) -> None:
        self.mock.stop()

    def _name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def _seq_key(self, x: Any) -> tuple[Any, ...]:
        if isinstance(x, tuple):
            return tuple(k for part in x for k in self._seq_key(part))
        return (self.seq.get(x, -1), str(x))

    def _o(self, items: Any) -> list[Any]:
        """Items in creation order: server ids are random, choices must not depend on them."""
        return sorted(items, key=self._seq_key)

    def _made(self, new_id: str) -> str:
        self.seq[new_id] = len(self.seq)
        return new_id

    def _pick_api(self, data: Any, need: str | None = None) -> Api:
        ids = [a for a in self._o(self.apis) if need is None or getattr(self.apis[a], need)]
        return self.apis[data.draw(st.sampled_from(ids), label="api")]

    def _any(self, need: str) -> bool:
        return any(getattr(a, need) for a in self.apis.values())

    def _mapped(self, api_id: str) -> bool:
        return any(a == api_id for maps in self.domains.values() for a, _, _ in maps.values())

    @initialize(protocol=st.sampled_from(["HTTP", "WEBSOCKET"]), mapping=st.booleans())
    def seed(self, protocol: str, mapping: bool) -> None:
        """A deployed API to start from (the deep rules need one), maybe mapped to a domain."""
        self.create_api(protocol)
        api = next(iter(self.apis.values()))
        key = "GET /a" if api.http else "$default"
        route = self._made(_ok(self.c.create_route, ApiId=api.id, RouteKey=key)["RouteId"])
        api.routes[route] = {"key": key, "target": None, "authorizer": None}
        dep = self._made(_ok(self.c.create_deployment, ApiId=api.id)["DeploymentId"])
        api.deployments.add(dep)
        _ok(self.c.create_stage, ApiId=api.id, StageName="dev", DeploymentId=dep)
        api.stages["dev"] = dep
        if mapping:
            self.create_domain_name()
            name = next(iter(self.domains))
            out = _ok(self.c.create_api_mapping, DomainName=name, ApiId=api.id, Stage="dev", ApiMappingKey="v1")
            self.domains[name][self._made(out["ApiMappingId"])] = (api.id, "dev", "v1")

    # --- APIs, tags ---------------------------------------------------------------------

    @precondition(lambda self: len(self.apis) < MAX_APIS)
    @rule(protocol=st.sampled_from(["HTTP", "WEBSOCKET"]))
    def create_api(self, protocol: str) -> None:
        kwargs: dict[str, Any] = {"Name": self._name("api"), "ProtocolType": protocol}
        if protocol == "WEBSOCKET":
            kwargs["RouteSelectionExpression"] = "$request.body.action"
        out = _ok(self.c.create_api, **kwargs)
        self.apis[self._made(out["ApiId"])] = Api(out["ApiId"], protocol)

    @precondition(lambda self: self.apis)
    @rule(data=st.data())
    def delete_api(self, data: Any) -> None:
        api = self._pick_api(data)
        if self._mapped(api.id):
            err = _fails("BadRequestException", self.c.delete_api, ApiId=api.id)
            assert err["Error"]["Message"] == (f"Deleting API {api.id} failed. Please remove all API mappings for "
                                               "the API from your custom domain names.")
            return
        _ok(self.c.delete_api, ApiId=api.id)
        del self.apis[api.id]
        self.gone_apis.add(api.id)

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), name=st.sampled_from(["renamed", "other"]))
    def update_api(self, data: Any, name: str) -> None:
        api = self._pick_api(data)
        out = _ok(self.c.update_api, ApiId=api.id, Name=name)
        assert out["Name"] == name and out["ProtocolType"] == api.protocol

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), key=st.sampled_from(["k1", "k2", "k3"]), untag=st.booleans())
    def tag_api(self, data: Any, key: str, untag: bool) -> None:
        api = self._pick_api(data)
        arn = f"arn:aws:apigateway:{REGION}::/apis/{api.id}"
        if untag:
            _ok(self.c.untag_resource, ResourceArn=arn, TagKeys=[key])
            api.tags.pop(key, None)
        else:
            _ok(self.c.tag_resource, ResourceArn=arn, Tags={key: "v"})
            api.tags[key] = "v"

    # --- routes, integrations, authorizers ----------------------------------------------------

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), to_integration=st.booleans(), auth=st.booleans())
    def create_route(self, data: Any, to_integration: bool, auth: bool) -> None:
        api = self._pick_api(data)
        key = data.draw(st.sampled_from(HTTP_KEYS if api.http else WS_KEYS), label="key")
        kwargs: dict[str, Any] = {"ApiId": api.id, "RouteKey": key}
        info: dict[str, Any] = {"key": key, "target": None, "authorizer": None}
        if to_integration and api.integrations:
            info["target"] = data.draw(st.sampled_from(self._o(api.integrations)))
            kwargs["Target"] = f"integrations/{info['target']}"
        if auth and api.authorizers and (api.http or key == "$connect"):
            info["authorizer"] = data.draw(st.sampled_from(self._o(api.authorizers)))
            kwargs.update(AuthorizationType="JWT" if api.http else "CUSTOM", AuthorizerId=info["authorizer"])
        out, err = _call(self.c.create_route, **kwargs)
        if any(r["key"] == key for r in api.routes.values()):
            assert err is not None and err["Error"]["Code"] == "ConflictException", (kwargs, out, err)
            return
        if err is not None:  # a path variable conflicting with another on the same level
            assert err["Error"]["Code"] == "ConflictException" and "{" in key, (kwargs, err)
            return
        assert out is not None and out["RouteKey"] == key
        api.routes[self._made(out["RouteId"])] = info

    @precondition(lambda self: self._any("routes"))
    @rule(data=st.data(), detach=st.booleans())
    def update_route_target(self, data: Any, detach: bool) -> None:
        api = self._pick_api(data, "routes")
        route = data.draw(st.sampled_from(self._o(api.routes)), label="route")
        if detach or not api.integrations:
            target = None
            out = _ok(self.c.update_route, ApiId=api.id, RouteId=route, Target="")
        else:
            target = data.draw(st.sampled_from(self._o(api.integrations)))
            out = _ok(self.c.update_route, ApiId=api.id, RouteId=route, Target=f"integrations/{target}")
        assert out.get("Target") == (f"integrations/{target}" if target else None), out
        api.routes[route]["target"] = target

    @precondition(lambda self: self._any("routes"))
    @rule(data=st.data())
    def drop_route_authorization(self, data: Any) -> None:
        api = self._pick_api(data, "routes")
        route = data.draw(st.sampled_from(self._o(api.routes)), label="route")
        out = _ok(self.c.update_route, ApiId=api.id, RouteId=route, AuthorizationType="NONE")
        assert "AuthorizerId" not in out
        api.routes[route]["authorizer"] = None

    @precondition(lambda self: any(not a.http and a.routes for a in self.apis.values()))
    @rule(data=st.data(), delete=st.booleans())
    def route_response(self, data: Any, delete: bool) -> None:
        api = self.apis[data.draw(st.sampled_from(
            [a for a in self._o(self.apis) if not self.apis[a].http and self.apis[a].routes]))]
        route = data.draw(st.sampled_from(self._o(api.routes)), label="route")
        responses = api.routes[route].setdefault("responses", {})
        if delete and responses:
            response = data.draw(st.sampled_from(self._o(responses)))
            _ok(self.c.delete_route_response, ApiId=api.id, RouteId=route, RouteResponseId=response)
            del responses[response]
            return
        key = data.draw(st.sampled_from(["$default", "ok"]))
        kwargs = {"ApiId": api.id, "RouteId": route, "RouteResponseKey": key}
        if key in responses.values():
            _fails("ConflictException", self.c.create_route_response, **kwargs)
            return
        responses[self._made(_ok(self.c.create_route_response, **kwargs)["RouteResponseId"])] = key

    @precondition(lambda self: any(not a.http and a.integrations for a in self.apis.values()))
    @rule(data=st.data(), delete=st.booleans())
    def integration_response(self, data: Any, delete: bool) -> None:
        api = self.apis[data.draw(st.sampled_from(
            [a for a in self._o(self.apis) if not self.apis[a].http and self.apis[a].integrations]))]
        integration = data.draw(st.sampled_from(self._o(api.integrations)))
        responses = api.int_responses.setdefault(integration, {})
        if delete and responses:
            response = data.draw(st.sampled_from(self._o(responses)))
            _ok(self.c.delete_integration_response, ApiId=api.id, IntegrationId=integration,
                IntegrationResponseId=response)
            del responses[response]
            return
        key = data.draw(st.sampled_from(["$default", "/2\\d\\d/"]))
        kwargs = {"ApiId": api.id, "IntegrationId": integration, "IntegrationResponseKey": key}
        if key in responses.values():
            _fails("ConflictException", self.c.create_integration_response, **kwargs)
            return
        out = _ok(self.c.create_integration_response, **kwargs)
        responses[self._made(out["IntegrationResponseId"])] = key

    @precondition(lambda self: self._any("routes"))
    @rule(data=st.data())
    def delete_route(self, data: Any) -> None:
        api = self._pick_api(data, "routes")
        route = data.draw(st.sampled_from(self._o(api.routes)), label="route")
        _ok(self.c.delete_route, ApiId=api.id, RouteId=route)
        del api.routes[route]
        api.gone["routes"].add(route)

    @precondition(lambda self: self.apis)
    @rule(data=st.data())
    def create_integration(self, data: Any) -> None:
        api = self._pick_api(data)
        if api.http:
            out = _ok(self.c.create_integration, ApiId=api.id, IntegrationType="HTTP_PROXY",
                      IntegrationUri="https://example.com", IntegrationMethod="ANY", PayloadFormatVersion="1.0")
        else:
            out = _ok(self.c.create_integration, ApiId=api.id, IntegrationType="MOCK")
        api.integrations.add(self._made(out["IntegrationId"]))

    @precondition(lambda self: self._any("integrations"))
    @rule(data=st.data())
    def update_integration(self, data: Any) -> None:
        api = self._pick_api(data, "integrations")
        integration = data.draw(st.sampled_from(self._o(api.integrations)))
        out = _ok(self.c.update_integration, ApiId=api.id, IntegrationId=integration, Description="changed")
        assert out["IntegrationId"] == integration and out["Description"] == "changed"

    @precondition(lambda self: self._any("integrations"))
    @rule(data=st.data())
    def delete_integration(self, data: Any) -> None:
        api = self._pick_api(data, "integrations")
        integration = data.draw(st.sampled_from(self._o(api.integrations)))
        if any(r["target"] == integration for r in api.routes.values()):
            _fails("ConflictException", self.c.delete_integration, ApiId=api.id, IntegrationId=integration)
            return
        _ok(self.c.delete_integration, ApiId=api.id, IntegrationId=integration)
        api.integrations.discard(integration)
        api.int_responses.pop(integration, None)
        api.gone["integrations"].add(integration)

    @precondition(lambda self: self.apis)
    @rule(data=st.data())
    def create_authorizer(self, data: Any) -> None:
        api = self._pick_api(data)
        if api.http:
            out = _ok(self.c.create_authorizer, ApiId=api.id, Name=self._name("jwt"), AuthorizerType="JWT",
                      IdentitySource=["$request.header.Authorization"],
                      JwtConfiguration={"Issuer": "https://issuer.example.com", "Audience": ["a"]})
        else:
            out = _ok(self.c.create_authorizer, ApiId=api.id, Name=self._name("lambda"), AuthorizerType="REQUEST",
                      AuthorizerUri=LAMBDA_URI, IdentitySource=["route.request.header.Auth"])
        api.authorizers.add(self._made(out["AuthorizerId"]))

    @precondition(lambda self: self._any("authorizers"))
    @rule(data=st.data())
    def delete_authorizer(self, data: Any) -> None:
        api = self._pick_api(data, "authorizers")
        authorizer = data.draw(st.sampled_from(self._o(api.authorizers)))
        if any(r["authorizer"] == authorizer for r in api.routes.values()):
            _fails("ConflictException", self.c.delete_authorizer, ApiId=api.id, AuthorizerId=authorizer)
            return
        _ok(self.c.delete_authorizer, ApiId=api.id, AuthorizerId=authorizer)
        api.authorizers.discard(authorizer)
        api.gone["authorizers"].add(authorizer)

    # --- deployments, stages --------------------------------------------------------------

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), stage=st.sampled_from([None, "dev", "prod"]))
    def create_deployment(self, data: Any, stage: str | None) -> None:
        api = self._pick_api(data)
        kwargs: dict[str, Any] = {"ApiId": api.id}
        if stage:
            kwargs["StageName"] = stage
        if not api.routes or (stage and stage not in api.stages):
            _fails("BadRequestException", self.c.create_deployment, **kwargs)
            return
        out = _ok(self.c.create_deployment, **kwargs)
        assert out["AutoDeployed"] is False
        api.deployments.add(self._made(out["DeploymentId"]))
        if stage:
            api.stages[stage] = out["DeploymentId"]

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), name=st.sampled_from(["dev", "test", "prod"]), deployed=st.booleans())
    def create_stage(self, data: Any, name: str, deployed: bool) -> None:
        api = self._pick_api(data)
        kwargs: dict[str, Any] = {"ApiId": api.id, "StageName": name}
        dep = None
        if deployed and api.deployments:
            dep = kwargs["DeploymentId"] = data.draw(st.sampled_from(self._o(api.deployments)))
        if name in api.stages:
            _fails("ConflictException", self.c.create_stage, **kwargs)
            return
        out = _ok(self.c.create_stage, **kwargs)
        assert out.get("DeploymentId") == dep
        api.stages[name] = dep
        api.gone["stages"].discard(name)

    @precondition(lambda self: self.apis)
    @rule(data=st.data())
    def create_auto_deploy_stage(self, data: Any) -> None:
        api = self._pick_api(data)
        if "auto" in api.stages:
            _fails("ConflictException", self.c.create_stage, ApiId=api.id, StageName="auto", AutoDeploy=True)
            return
        out = _ok(self.c.create_stage, ApiId=api.id, StageName="auto", AutoDeploy=True)
        assert out["AutoDeploy"] is True
        api.stages["auto"] = None
        api.auto.add("auto")
        api.gone["stages"].discard("auto")

    @precondition(lambda self: any(a.stages and a.deployments for a in self.apis.values()))
    @rule(data=st.data())
    def update_stage_deployment(self, data: Any) -> None:
        api = self.apis[data.draw(st.sampled_from(
            [a for a in self._o(self.apis) if self.apis[a].stages and self.apis[a].deployments]))]
        name = data.draw(st.sampled_from(sorted(api.stages)))
        if name in api.auto:
            return
        dep = data.draw(st.sampled_from(self._o(api.deployments)))
        out = _ok(self.c.update_stage, ApiId=api.id, StageName=name, DeploymentId=dep)
        assert out["DeploymentId"] == dep
        api.stages[name] = dep

    @precondition(lambda self: self._any("stages"))
    @rule(data=st.data())
    def delete_stage(self, data: Any) -> None:
        api = self._pick_api(data, "stages")
        name = data.draw(st.sampled_from(sorted(api.stages)))
        if any((api.id, name) == (a, s) for maps in self.domains.values() for a, s, _ in maps.values()):
            _fails("BadRequestException", self.c.delete_stage, ApiId=api.id, StageName=name)
            return
        _ok(self.c.delete_stage, ApiId=api.id, StageName=name)
        del api.stages[name]
        api.auto.discard(name)
        api.gone["stages"].add(name)

    @precondition(lambda self: self._any("deployments"))
    @rule(data=st.data())
    def delete_deployment(self, data: Any) -> None:
        api = self._pick_api(data, "deployments")
        dep = data.draw(st.sampled_from(self._o(api.deployments)))
        used = set(api.stages.values())
        for name in api.auto:
            used.add(_ok(self.c.get_stage, ApiId=api.id, StageName=name).get("DeploymentId"))
        if dep in used:
            _fails("BadRequestException", self.c.delete_deployment, ApiId=api.id, DeploymentId=dep)
            return
        _ok(self.c.delete_deployment, ApiId=api.id, DeploymentId=dep)
        api.deployments.discard(dep)
        api.gone["deployments"].add(dep)

    # --- domain names, API mappings ----------------------------------------------------------

    @precondition(lambda self: len(self.domains) < 2)
    @rule()
    def create_domain_name(self) -> None:
        name = f"{self._name('d')}.example.com"
        _ok(self.c.create_domain_name, DomainName=name, DomainNameConfigurations=[
            {"CertificateArn": "arn:aws:acm:us-east-1:123456789012:certificate/x", "EndpointType": "REGIONAL"}])
        self.domains[name] = {}

    @precondition(lambda self: len(self.domains) + len(self.edge_domains) < 3)
    @rule(edge=st.booleans())
    def create_domain_name_with_v1(self, edge: bool) -> None:
        name = f"{self._name('v1d')}.example.com"
        cert = "arn:aws:acm:us-east-1:123456789012:certificate/x"
        if edge:
            _ok(self.v1.create_domain_name, domainName=name, certificateArn=cert)
            self.edge_domains.add(name)
            _fails("BadRequestException", self.c.get_domain_name, DomainName=name)
        else:
            _ok(self.v1.create_domain_name, domainName=name, regionalCertificateArn=cert,
                endpointConfiguration={"types": ["REGIONAL"]})
            self.domains[name] = {}

    @precondition(lambda self: self.domains)
    @rule(data=st.data())
    def delete_domain_name_with_v1(self, data: Any) -> None:
        name = data.draw(st.sampled_from(sorted(self.domains)))
        _ok(self.v1.delete_domain_name, domainName=name)
        del self.domains[name]
        self.gone_domains.add(name)

    @precondition(lambda self: self.domains)
    @rule(data=st.data())
    def delete_domain_name(self, data: Any) -> None:
        name = data.draw(st.sampled_from(sorted(self.domains)))
        _ok(self.c.delete_domain_name, DomainName=name)
        del self.domains[name]
        self.gone_domains.add(name)

    def _stage_refs(self) -> list[tuple[str, str]]:
        return self._o((a.id, s) for a in self.apis.values() for s in a.stages)

    @precondition(lambda self: self.domains and self._any("stages"))
    @rule(data=st.data(), key=st.sampled_from(["", "v1", "v2", "a/b"]))
    def create_api_mapping(self, data: Any, key: str) -> None:
        name = data.draw(st.sampled_from(sorted(self.domains)))
        api, stage = data.draw(st.sampled_from(self._stage_refs()))
        maps = self.domains[name]
        kwargs = {"DomainName": name, "ApiId": api, "Stage": stage, "ApiMappingKey": key}
        if any(self._websocket(other) != self._websocket(api) for other, _, _ in maps.values()):
            # a domain maps WebSocket APIs only, or REST and HTTP APIs only (checked before the key)
            _fails("BadRequestException", self.c.create_api_mapping, **kwargs)
            return
        if any(k == key for _, _, k in maps.values()):
            _fails("ConflictException", self.c.create_api_mapping, **kwargs)
            return
        out = _ok(self.c.create_api_mapping, **kwargs)
        assert out["ApiMappingKey"] == key and out["ApiId"] == api and out["Stage"] == stage
        maps[self._made(out["ApiMappingId"])] = (api, stage, key)

    def _websocket(self, api_id: str) -> bool:
        """Whether ``api_id`` is a WebSocket API (a deleted one no longer is, as gwmock reads it)."""
        api = self.apis.get(api_id)
        return api is not None and api.protocol == "WEBSOCKET"

    @precondition(lambda self: any(self.domains.values()))
    @rule(data=st.data(), key=st.sampled_from(["v1", "v3", "c"]))
    def update_api_mapping(self, data: Any, key: str) -> None:
        name = data.draw(st.sampled_from(sorted(d for d in self.domains if self.domains[d])))
        mapping = data.draw(st.sampled_from(self._o(self.domains[name])))
        api, stage, old = self.domains[name][mapping]
        kwargs = {"DomainName": name, "ApiMappingId": mapping, "ApiId": api, "ApiMappingKey": key}
        if any(k == key and m != mapping for m, (_, _, k) in self.domains[name].items()):
            _fails("ConflictException", self.c.update_api_mapping, **kwargs)
            return
        out = _ok(self.c.update_api_mapping, **kwargs)
        assert out["ApiMappingId"] == mapping and out["ApiMappingKey"] == key
        self.domains[name][mapping] = (api, stage, key)

    @precondition(lambda self: any(self.domains.values()))
    @rule(data=st.data())
    def delete_api_mapping(self, data: Any) -> None:
        name = data.draw(st.sampled_from(sorted(d for d in self.domains if self.domains[d])))
        mapping = data.draw(st.sampled_from(self._o(self.domains[name])))
        _ok(self.c.delete_api_mapping, DomainName=name, ApiMappingId=mapping)
        del self.domains[name][mapping]

    # --- VPC links --------------------------------------------------------------------------

    @precondition(lambda self: len(self.links) < 3)
    @rule()
    def create_vpc_link(self) -> None:
        out = _ok(self.c.create_vpc_link, Name=self._name("link"), SubnetIds=["subnet-1"])
        self.links.add(self._made(out["VpcLinkId"]))

    @precondition(lambda self: self.links)
    @rule(data=st.data(), delete=st.booleans())
    def update_or_delete_vpc_link(self, data: Any, delete: bool) -> None:
        link = data.draw(st.sampled_from(self._o(self.links)))
        if delete:
            _ok(self.c.delete_vpc_link, VpcLinkId=link)
            self.links.discard(link)
            self.gone_links.add(link)
        else:
            assert _ok(self.c.update_vpc_link, VpcLinkId=link, Name="renamed")["Name"] == "renamed"

    # --- paging while the account changes --------------------------------------------------

    @rule(which=st.sampled_from(["apis", "vpc_links"]))
    def walk_while_changing(self, which: str) -> None:
        """A walk with MaxResults 1 that deletes a seen item and creates one between pages sees
        every other item exactly once."""
        fn, field = {"apis": (self.c.get_apis, "ApiId"), "vpc_links": (self.c.get_vpc_links, "VpcLinkId")}[which]
        model: Any = self.apis if which == "apis" else self.links
        before = set(model)
        first = _ok(fn, MaxResults="1")
        seen = [item[field] for item in first["Items"]]
        removed = None
        if seen and which == "vpc_links":
            self.update_or_delete_vpc_link(data=_Fixed(seen[0]), delete=True)
            removed = seen[0]
        elif seen and not self._mapped(seen[0]):
            self.delete_api(data=_Fixed(seen[0]))
            removed = seen[0]
        if len(model) < 3:
            self.create_api("HTTP") if which == "apis" else self.create_vpc_link()
        token = first.get("NextToken")
        while token:
            page = _ok(fn, MaxResults="1", NextToken=token)
            seen += [item[field] for item in page["Items"]]
            token = page.get("NextToken")
        assert len(seen) == len(set(seen)), seen
        assert (before - {removed}) <= set(seen) <= before | set(model), (before, seen, set(model))

    # --- invariants -----------------------------------------------------------------------

    @invariant()
    def apis_match(self) -> None:
        assert sorted(_ids(_walk(self.c.get_apis, 2), "ApiId")) == sorted(self.apis)
        for gone in self.gone_apis:
            _fails("NotFoundException", self.c.get_api, ApiId=gone)
            _fails("NotFoundException", self.c.get_routes, ApiId=gone)
            _fails("NotFoundException", self.c.get_stages, ApiId=gone)

    @invariant()
    def api_children_match(self) -> None:
        for api in self.apis.values():
            got = _ok(self.c.get_api, ApiId=api.id)
            assert got["ProtocolType"] == api.protocol and got["Tags"] == api.tags
            routes = {r["RouteId"]: r for r in _walk(self.c.get_routes, 2, ApiId=api.id)}
            assert len(routes) == len(api.routes) and set(routes) == set(api.routes), (routes, api.routes)
            for rid, info in api.routes.items():
                route = routes[rid]
                assert route["RouteKey"] == info["key"]
                assert route.get("Target") == (f"integrations/{info['target']}" if info["target"] else None)
                assert route.get("AuthorizerId") == info["authorizer"]
                if not api.http:
                    got = _walk(self.c.get_route_responses, 1, ApiId=api.id, RouteId=rid)
                    assert {r["RouteResponseId"]: r["RouteResponseKey"] for r in got} == info.get("responses", {})
            for integration in api.integrations:
                if not api.http:
                    got = _walk(self.c.get_integration_responses, 1, ApiId=api.id, IntegrationId=integration)
                    assert {r["IntegrationResponseId"]: r["IntegrationResponseKey"] for r in got} == \
                        api.int_responses.get(integration, {})
            assert set(_ids(_walk(self.c.get_integrations, 2, ApiId=api.id), "IntegrationId")) == api.integrations
            assert set(_ids(_walk(self.c.get_authorizers, 2, ApiId=api.id), "AuthorizerId")) == api.authorizers
            deployments = {d["DeploymentId"]: d for d in _walk(self.c.get_deployments, 2, ApiId=api.id)}
            assert len(deployments) == len(set(deployments))
            assert api.deployments <= set(deployments), (api.deployments, deployments)
            assert all(d["AutoDeployed"] for i, d in deployments.items() if i not in api.deployments), deployments
            got = {s["StageName"]: s.get("DeploymentId") for s in _walk(self.c.get_stages, 2, ApiId=api.id)}
            assert set(got) == set(api.stages)
            assert {n: d for n, d in got.items() if n not in api.auto} == \
                {n: d for n, d in api.stages.items() if n not in api.auto}
            for name, dep in got.items():  # no stage points at a deployment that is gone
                assert dep is None or dep in deployments, (name, dep, deployments)
                if name in api.auto and api.routes:  # deployed as soon as the API has a route
                    assert dep is not None and deployments[dep]["AutoDeployed"], (name, dep)
            for kind, ids in api.gone.items():
                for gone in ids:
                    if kind == "routes":
                        _fails("NotFoundException", self.c.get_route, ApiId=api.id, RouteId=gone)
                        _fails("NotFoundException", self.c.get_route_responses, ApiId=api.id, RouteId=gone)
                    elif kind == "integrations":
                        _fails("NotFoundException", self.c.get_integration, ApiId=api.id, IntegrationId=gone)
                        _fails("NotFoundException", self.c.get_integration_responses, ApiId=api.id,
                               IntegrationId=gone)
                    elif kind == "authorizers":
                        _fails("NotFoundException", self.c.get_authorizer, ApiId=api.id, AuthorizerId=gone)
                    elif kind == "deployments":
                        _fails("NotFoundException", self.c.get_deployment, ApiId=api.id, DeploymentId=gone)
                    elif gone not in api.stages:
                        _fails("NotFoundException", self.c.get_stage, ApiId=api.id, StageName=gone)

    @invariant()
    def domains_match(self) -> None:
        assert sorted(_ids(_walk(self.c.get_domain_names, 1), "DomainName")) == sorted(self.domains)
        for name, maps in self.domains.items():
            got = _walk(self.c.get_api_mappings, 1, DomainName=name)
            assert {m["ApiMappingId"]: (m["ApiId"], m["Stage"], m["ApiMappingKey"]) for m in got} == maps
            assert len(got) == len(maps)
            for mapping in maps:
                _ok(self.c.get_api_mapping, DomainName=name, ApiMappingId=mapping)
            seen_by_v1 = _ok(self.v1.get_base_path_mappings, domainName=name, limit=500)["items"]
            assert {(m["restApiId"], m["stage"], "" if m["basePath"] == "(none)" else m["basePath"])
                    for m in seen_by_v1} == set(maps.values())
        v1_names = {d["domainName"] for d in _ok(self.v1.get_domain_names, limit=500)["items"]}
        assert v1_names == set(self.domains) | self.edge_domains
        for gone in self.gone_domains:
            _fails("NotFoundException", self.c.get_domain_name, DomainName=gone)

    @invariant()
    def vpc_links_match(self) -> None:
        assert sorted(_ids(_walk(self.c.get_vpc_links, 2), "VpcLinkId")) == sorted(self.links)
        for gone in self.gone_links:
            _fails("NotFoundException", self.c.get_vpc_link, VpcLinkId=gone)


V2Machine.TestCase.settings = settings(max_examples=30, stateful_step_count=25, deadline=None,
                                       suppress_health_check=list(HealthCheck))
TestV2Stateful = V2Machine.TestCase
