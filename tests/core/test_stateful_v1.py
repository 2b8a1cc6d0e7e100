"""Stateful property tests of the v1 control plane (apigateway).

A hypothesis state machine drives real boto3 clients inside ``mock_apigateway()``:
create, update, get, list and delete across REST APIs, resources ({param} and
{proxy+}), methods, integrations and their responses, models, request validators,
authorizers, deployments, stages, API keys, usage plans and their keys, tags, domain
names with base path mappings and documentation parts, while keeping a small model of
what should exist. After every step: no 5xx; a Get of every live id succeeds and every
deleted id is a 404; List operations, walked page by page with small limits, answer
exactly the model's ids (no duplicates, no losses); deleting a parent removes its
children.
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
PARTS = ["a", "b", "c", "{id}", "{name}", "{proxy+}"]
VERBS = ["GET", "POST", "ANY"]
MAX_APIS = 3


def _walk(fn: Any, limit: int, **kwargs: Any) -> list[dict[str, Any]]:
    """Every item of a v1 list, page by page."""
    items: list[dict[str, Any]] = []
    position = None
    for _ in range(200):
        page = _ok(fn, limit=limit, **({"position": position} if position else {}), **kwargs)
        assert len(page["items"]) <= limit
        items += page["items"]
        position = page.get("position")
        if not position:
            return items
    raise AssertionError("paging does not end")


class Api:
    def __init__(self, api_id: str, root: str) -> None:
        self.id = api_id
        self.root = root
        self.resources: dict[str, tuple[str | None, str]] = {root: (None, "")}  # id -> (parent, part)
        self.methods: dict[tuple[str, str], dict[str, Any]] = {}
        self.models = {"Empty", "Error"}
        self.validators: set[str] = set()
        self.authorizers: set[str] = set()
        self.deployments: set[str] = set()
        self.stages: dict[str, str] = {}  # name -> deployment
        self.canaries: dict[str, str] = {}  # stage name -> canary deployment
        self.docs: dict[str, str] = {}  # id -> path
        self.tags: dict[str, str] = {}
        self.gone_resources: set[str] = set()
        self.gone_deployments: set[str] = set()

    def children(self, rid: str) -> list[str]:
        return [r for r, (p, _) in self.resources.items() if p == rid]

    def subtree(self, rid: str) -> list[str]:
        out, queue = [], [rid]
        while queue:
            cur = queue.pop()
            out.append(cur)
            queue += self.children(cur)
        return out

    def path(self, rid: str) -> str:
        parent, part = self.resources[rid]
        if parent is None:
            return "/"
        base = self.path(parent)
        return f"/{part}" if base == "/" else f"{base}/{part}"


class V1Machine(RuleBasedStateMachine):
    def __init__(self) -> None:
        super().__init__()
        self.mock = mock_apigateway()
        self.mock.start()
        self.c = boto3.client("apigateway", region_name=REGION)
        self.apis: dict[str, Api] = {}
        self.gone_apis: set[str] = set()
        self.keys: set[str] = set()
        self.gone_keys: set[str] = set()
        self.plans: dict[str, dict[str, set[Any]]] = {}  # id -> {"stages": {(api, stage)}, "keys": {key}}
        self.gone_plans: set[str] = set()
        self.domains: dict[str, dict[str, tuple[str, str]]] = {}  # name -> {basePath: (api, stage)}
        self.gone_domains: set[str] = set()
        self.counter = 0
        self.seq: dict[str, int] = {}

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

    def teardown(self) -> None:
        self.mock.stop()

    def _name(self, prefix: str) -> str:
        self.counter += 1
        return f"{prefix}{self.counter}"

    def _api(self, data: Any) -> Api:
        return self.apis[data.draw(st.sampled_from(self._o(self.apis)), label="api")]

    @initialize(plan=st.booleans(), mapping=st.booleans())
    def seed(self, plan: bool, mapping: bool) -> None:
        """A deployed API to start from (the deep rules need one), maybe in a plan and mapped."""
        self.create_rest_api()
        api = next(iter(self.apis.values()))
        _ok(self.c.put_method, restApiId=api.id, resourceId=api.root, httpMethod="GET", authorizationType="NONE")
        _ok(self.c.put_integration, restApiId=api.id, resourceId=api.root, httpMethod="GET", type="MOCK")
        api.methods[(api.root, "GET")] = {"integration": True, "responses": set(), "int_responses": set()}
        dep = self._made(_ok(self.c.create_deployment, restApiId=api.id, stageName="dev")["id"])
        api.deployments.add(dep)
        api.stages["dev"] = dep
        if plan:
            out = _ok(self.c.create_usage_plan, name="seed", apiStages=[{"apiId": api.id, "stage": "dev"}])
            self.plans[self._made(out["id"])] = {"stages": {(api.id, "dev")}, "keys": set()}
        if mapping:
            self.create_domain_name()
            name = next(iter(self.domains))
            _ok(self.c.create_base_path_mapping, domainName=name, basePath="v1", restApiId=api.id, stage="dev")
            self.domains[name]["v1"] = (api.id, "dev")

    # --- REST APIs, tags ------------------------------------------------------------

    @precondition(lambda self: len(self.apis) < MAX_APIS)
    @rule()
    def create_rest_api(self) -> None:
        out = _ok(self.c.create_rest_api, name=self._name("api"))
        self.apis[self._made(out["id"])] = Api(out["id"], self._made(out["rootResourceId"]))

    @precondition(lambda self: self.apis)
    @rule(data=st.data())
    def delete_rest_api(self, data: Any) -> None:
        api = self._api(data)
        mapped = sorted(d for d, maps in self.domains.items() if any(a == api.id for a, _ in maps.values()))
        if mapped:
            err = _fails("BadRequestException", self.c.delete_rest_api, restApiId=api.id)
            assert err["Error"]["Message"] == (f"Deleting RestApi {api.id} failed. Please remove all base path "
                                               f"mappings related to the RestApi in your domains: {', '.join(mapped)}")
            return
        _ok(self.c.delete_rest_api, restApiId=api.id)
        del self.apis[api.id]
        self.gone_apis.add(api.id)
        for plan in self.plans.values():
            plan["stages"] = {(a, s) for a, s in plan["stages"] if a != api.id}

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), name=st.sampled_from(["renamed", "other"]))
    def update_rest_api(self, data: Any, name: str) -> None:
        api = self._api(data)
        out = _ok(self.c.update_rest_api, restApiId=api.id,
                  patchOperations=[{"op": "replace", "path": "/name", "value": name}])
        assert out["name"] == name and out["rootResourceId"] == api.root

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), key=st.sampled_from(["k1", "k2", "k3"]), untag=st.booleans())
    def tag_rest_api(self, data: Any, key: str, untag: bool) -> None:
        api = self._api(data)
        arn = f"arn:aws:apigateway:{REGION}::/restapis/{api.id}"
        if untag:
            _ok(self.c.untag_resource, resourceArn=arn, tagKeys=[key])
            api.tags.pop(key, None)
        else:
            _ok(self.c.tag_resource, resourceArn=arn, tags={key: "v"})
            api.tags[key] = "v"

    # --- resources --------------------------------------------------------------------

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), part=st.sampled_from(PARTS))
    def create_resource(self, data: Any, part: str) -> None:
        api = self._api(data)
        parent = data.draw(st.sampled_from(self._o(api.resources)), label="parent")
        siblings = [api.resources[r][1] for r in api.children(parent)]
        kwargs = {"restApiId": api.id, "parentId": parent, "pathPart": part}
        if api.resources[parent][1].endswith("+}"):
            _fails("BadRequestException", self.c.create_resource, **kwargs)
        elif part in siblings:
            _fails("ConflictException", self.c.create_resource, **kwargs)
        elif part.startswith("{") and any(s.startswith("{") for s in siblings):
            _fails("BadRequestException", self.c.create_resource, **kwargs)
        else:
            out = _ok(self.c.create_resource, **kwargs)
            self._made(out["id"])
            api.resources[out["id"]] = (parent, part)
            assert out["path"] == api.path(out["id"])

    @precondition(lambda self: any(len(a.resources) > 1 for a in self.apis.values()))
    @rule(data=st.data(), part=st.sampled_from(PARTS), move=st.booleans())
    def update_resource(self, data: Any, part: str, move: bool) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if len(self.apis[a].resources) > 1)))]
        rid = data.draw(st.sampled_from(self._o(r for r in api.resources if r != api.root)), label="resource")
        parent, old = api.resources[rid]
        if move:
            new_parent = data.draw(st.sampled_from(self._o(api.resources)), label="new parent")
            ops = [{"op": "replace", "path": "/parentId", "value": new_parent}]
            new_part = old
        else:
            new_parent, new_part = parent, part
            ops = [{"op": "replace", "path": "/pathPart", "value": part}]
        assert parent is not None
        out, err = _call(self.c.update_resource, restApiId=api.id, resourceId=rid, patchOperations=ops)
        siblings = [api.resources[r][1] for r in api.children(new_parent) if r != rid]
        cyclic = new_parent in api.subtree(rid)
        # AWS's order of checks: cycles, a greedy parent, a same-named sibling, a variable
        # sibling, then (gwmock's) children under a greedy part
        bad_first = cyclic or api.resources[new_parent][1].endswith("+}")
        conflict = new_part in siblings
        bad = ((new_part.endswith("+}") and api.children(rid))
               or (new_part.startswith("{") and any(s.startswith("{") for s in siblings)))
        if (new_parent, new_part) == (parent, old):
            assert err is None, err
        elif bad_first or (bad and not conflict):
            assert err is not None and err["Error"]["Code"] == "BadRequestException", (ops, out, err)
        elif conflict:
            assert err is not None and err["Error"]["Code"] == "ConflictException", (ops, out, err)
        else:
            assert err is None, (ops, err)
            api.resources[rid] = (new_parent, new_part)
            assert out is not None and out["path"] == api.path(rid)

    @precondition(lambda self: any(len(a.resources) > 1 for a in self.apis.values()))
    @rule(data=st.data())
    def make_resource_greedy(self, data: Any) -> None:
        """Rename a resource to {proxy+}: refused when it has children or a variable sibling."""
        self.update_resource(data=data, part="{proxy+}", move=False)

    @precondition(lambda self: any(len(a.resources) > 1 for a in self.apis.values()))
    @rule(data=st.data())
    def delete_resource(self, data: Any) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if len(self.apis[a].resources) > 1)))]
        rid = data.draw(st.sampled_from(self._o(r for r in api.resources if r != api.root)), label="resource")
        _ok(self.c.delete_resource, restApiId=api.id, resourceId=rid)
        for gone in api.subtree(rid):
            del api.resources[gone]
            api.gone_resources.add(gone)
            for key in [k for k in api.methods if k[0] == gone]:
                del api.methods[key]

    @precondition(lambda self: self.apis)
    @rule(data=st.data())
    def delete_root_resource(self, data: Any) -> None:
        api = self._api(data)
        _fails("BadRequestException", self.c.delete_resource, restApiId=api.id, resourceId=api.root)

    # --- methods, integrations, responses ------------------------------------------

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), verb=st.sampled_from(VERBS), auth=st.booleans(), validator=st.booleans(),
          model=st.booleans())
    def put_method(self, data: Any, verb: str, auth: bool, validator: bool, model: bool) -> None:
        api = self._api(data)
        rid = data.draw(st.sampled_from(self._o(api.resources)), label="resource")
        kwargs: dict[str, Any] = {"restApiId": api.id, "resourceId": rid, "httpMethod": verb,
                                  "authorizationType": "NONE"}
        info: dict[str, Any] = {"integration": False, "responses": set(), "int_responses": set()}
        if auth and api.authorizers:
            info["authorizer"] = data.draw(st.sampled_from(self._o(api.authorizers)))
            kwargs.update(authorizationType="CUSTOM", authorizerId=info["authorizer"])
        if validator and api.validators:
            info["validator"] = data.draw(st.sampled_from(self._o(api.validators)))
            kwargs["requestValidatorId"] = info["validator"]
        if model and api.models:
            info["model"] = data.draw(st.sampled_from(self._o(api.models)))
            kwargs["requestModels"] = {"application/json": info["model"]}
        if (rid, verb) in api.methods:
            _fails("ConflictException", self.c.put_method, **kwargs)
            return
        out = _ok(self.c.put_method, **kwargs)
        assert out["httpMethod"] == verb
        api.methods[(rid, verb)] = info

    def _method(self, data: Any) -> tuple[Api, tuple[str, str]]:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].methods)))]
        return api, data.draw(st.sampled_from(self._o(api.methods)), label="method")

    def _has_methods(self) -> bool:
        return any(a.methods for a in self.apis.values())

    @precondition(_has_methods)
    @rule(data=st.data())
    def delete_method(self, data: Any) -> None:
        api, (rid, verb) = self._method(data)
        _ok(self.c.delete_method, restApiId=api.id, resourceId=rid, httpMethod=verb)
        del api.methods[(rid, verb)]

    @precondition(_has_methods)
    @rule(data=st.data(), key_required=st.booleans())
    def update_method(self, data: Any, key_required: bool) -> None:
        api, (rid, verb) = self._method(data)
        out = _ok(self.c.update_method, restApiId=api.id, resourceId=rid, httpMethod=verb,
                  patchOperations=[{"op": "replace", "path": "/apiKeyRequired", "value": str(key_required).lower()}])
        assert out["apiKeyRequired"] is key_required

    @precondition(_has_methods)
    @rule(data=st.data())
    def put_integration(self, data: Any) -> None:
        api, (rid, verb) = self._method(data)
        _ok(self.c.put_integration, restApiId=api.id, resourceId=rid, httpMethod=verb, type="MOCK")
        api.methods[(rid, verb)].update(integration=True, int_responses=set())

    @precondition(_has_methods)
    @rule(data=st.data())
    def delete_integration(self, data: Any) -> None:
        api, (rid, verb) = self._method(data)
        kwargs = {"restApiId": api.id, "resourceId": rid, "httpMethod": verb}
        if not api.methods[(rid, verb)]["integration"]:
            _fails("NotFoundException", self.c.delete_integration, **kwargs)
            return
        _ok(self.c.delete_integration, **kwargs)
        api.methods[(rid, verb)].update(integration=False, int_responses=set())

    @precondition(_has_methods)
    @rule(data=st.data(), status=st.sampled_from(["200", "400"]), integration=st.booleans(), delete=st.booleans())
    def method_or_integration_response(self, data: Any, status: str, integration: bool, delete: bool) -> None:
        api, (rid, verb) = self._method(data)
        info = api.methods[(rid, verb)]
        kwargs = {"restApiId": api.id, "resourceId": rid, "httpMethod": verb, "statusCode": status}
        if integration:
            if not info["integration"]:
                _fails("NotFoundException", self.c.put_integration_response if not delete
                       else self.c.delete_integration_response, **kwargs)
            elif delete:
                if status in info["int_responses"]:
                    _ok(self.c.delete_integration_response, **kwargs)
                    info["int_responses"].discard(status)
                else:
                    _fails("NotFoundException", self.c.delete_integration_response, **kwargs)
            else:
                _ok(self.c.put_integration_response, **kwargs)
                info["int_responses"].add(status)
        elif delete:
            if status in info["responses"]:
                _ok(self.c.delete_method_response, **kwargs)
                info["responses"].discard(status)
            else:
                _fails("NotFoundException", self.c.delete_method_response, **kwargs)
        else:
            _ok(self.c.put_method_response, **kwargs)
            info["responses"].add(status)

    # --- models, validators, authorizers --------------------------------------------

    def _used(self, api: Api, field: str, value: str) -> bool:
        return any(m.get(field) == value for m in api.methods.values())

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), name=st.sampled_from(["Pet", "Owner", "Empty"]))
    def create_model(self, data: Any, name: str) -> None:
        api = self._api(data)
        kwargs = {"restApiId": api.id, "name": name, "contentType": "application/json",
                  "schema": '{"type": "object"}'}
        if name in api.models:
            _fails("ConflictException", self.c.create_model, **kwargs)
        else:
            _ok(self.c.create_model, **kwargs)
            api.models.add(name)

    @precondition(lambda self: any(a.models for a in self.apis.values()))
    @rule(data=st.data())
    def delete_model(self, data: Any) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].models)))]
        name = data.draw(st.sampled_from(self._o(api.models)))
        if self._used(api, "model", name):
            _fails("ConflictException", self.c.delete_model, restApiId=api.id, modelName=name)
        else:
            _ok(self.c.delete_model, restApiId=api.id, modelName=name)
            api.models.discard(name)

    @precondition(lambda self: self.apis)
    @rule(data=st.data())
    def create_request_validator(self, data: Any) -> None:
        api = self._api(data)
        out = _ok(self.c.create_request_validator, restApiId=api.id, name=self._name("v"), validateRequestBody=True)
        self._made(out["id"])
        api.validators.add(out["id"])

    @precondition(lambda self: any(a.validators for a in self.apis.values()))
    @rule(data=st.data())
    def delete_request_validator(self, data: Any) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].validators)))]
        vid = data.draw(st.sampled_from(self._o(api.validators)))
        if self._used(api, "validator", vid):
            _fails("ConflictException", self.c.delete_request_validator, restApiId=api.id, requestValidatorId=vid)
        else:
            _ok(self.c.delete_request_validator, restApiId=api.id, requestValidatorId=vid)
            api.validators.discard(vid)

    @precondition(lambda self: self.apis)
    @rule(data=st.data())
    def create_authorizer(self, data: Any) -> None:
        api = self._api(data)
        out = _ok(self.c.create_authorizer, restApiId=api.id, name=self._name("auth"), type="TOKEN",
                  authorizerUri=LAMBDA_URI, identitySource="method.request.header.Authorization")
        self._made(out["id"])
        api.authorizers.add(out["id"])

    @precondition(lambda self: any(a.authorizers for a in self.apis.values()))
    @rule(data=st.data())
    def delete_authorizer(self, data: Any) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].authorizers)))]
        aid = data.draw(st.sampled_from(self._o(api.authorizers)))
        if self._used(api, "authorizer", aid):
            _fails("ConflictException", self.c.delete_authorizer, restApiId=api.id, authorizerId=aid)
        else:
            _ok(self.c.delete_authorizer, restApiId=api.id, authorizerId=aid)
            api.authorizers.discard(aid)

    # --- deployments, stages ------------------------------------------------------------

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), stage=st.sampled_from([None, "dev", "prod"]))
    def create_deployment(self, data: Any, stage: str | None) -> None:
        api = self._api(data)
        kwargs: dict[str, Any] = {"restApiId": api.id}
        if stage:
            kwargs["stageName"] = stage
        if not api.methods or not all(m["integration"] for m in api.methods.values()):
            _fails("BadRequestException", self.c.create_deployment, **kwargs)
            return
        out = _ok(self.c.create_deployment, **kwargs)
        self._made(out["id"])
        api.deployments.add(out["id"])
        if stage:
            api.stages[stage] = out["id"]

    @precondition(lambda self: any(a.stages for a in self.apis.values()))
    @rule(data=st.data())
    def create_canary_deployment(self, data: Any) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].stages)))]
        name = data.draw(st.sampled_from(sorted(api.stages)))
        kwargs = {"restApiId": api.id, "stageName": name, "canarySettings": {"percentTraffic": 10.0}}
        if not all(m["integration"] for m in api.methods.values()) or not api.methods:
            _fails("BadRequestException", self.c.create_deployment, **kwargs)
            return
        out = _ok(self.c.create_deployment, **kwargs)
        api.deployments.add(self._made(out["id"]))
        api.canaries[name] = out["id"]

    @precondition(lambda self: any(a.deployments for a in self.apis.values()))
    @rule(data=st.data(), name=st.sampled_from(["dev", "test", "prod"]))
    def create_stage(self, data: Any, name: str) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].deployments)))]
        dep = data.draw(st.sampled_from(self._o(api.deployments)))
        kwargs = {"restApiId": api.id, "stageName": name, "deploymentId": dep}
        if name in api.stages:
            _fails("ConflictException", self.c.create_stage, **kwargs)
        else:
            _ok(self.c.create_stage, **kwargs)
            api.stages[name] = dep

    @precondition(lambda self: any(a.stages and a.deployments for a in self.apis.values()))
    @rule(data=st.data())
    def update_stage_deployment(self, data: Any) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].stages)))]
        name = data.draw(st.sampled_from(self._o(api.stages)))
        dep = data.draw(st.sampled_from(self._o(api.deployments)))
        out = _ok(self.c.update_stage, restApiId=api.id, stageName=name,
                  patchOperations=[{"op": "replace", "path": "/deploymentId", "value": dep}])
        assert out["deploymentId"] == dep
        api.stages[name] = dep

    @precondition(lambda self: any(a.stages for a in self.apis.values()))
    @rule(data=st.data())
    def delete_stage(self, data: Any) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].stages)))]
        name = data.draw(st.sampled_from(self._o(api.stages)))
        mapped = sorted(d for d, maps in self.domains.items() if (api.id, name) in maps.values())
        if mapped:
            err = _fails("BadRequestException", self.c.delete_stage, restApiId=api.id, stageName=name)
            assert err["Error"]["Message"] == (f"Deleting stage {name} failed. Please remove all base path "
                                               f"mappings related to the stage in your domains: {', '.join(mapped)}")
            return
        _ok(self.c.delete_stage, restApiId=api.id, stageName=name)
        del api.stages[name]
        api.canaries.pop(name, None)
        for plan in self.plans.values():
            plan["stages"].discard((api.id, name))

    @precondition(lambda self: any(a.deployments for a in self.apis.values()))
    @rule(data=st.data())
    def delete_deployment(self, data: Any) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].deployments)))]
        dep = data.draw(st.sampled_from(self._o(api.deployments)))
        if dep in api.stages.values() or dep in api.canaries.values():
            _fails("BadRequestException", self.c.delete_deployment, restApiId=api.id, deploymentId=dep)
        else:
            _ok(self.c.delete_deployment, restApiId=api.id, deploymentId=dep)
            api.deployments.discard(dep)
            api.gone_deployments.add(dep)

    # --- documentation parts ------------------------------------------------------------

    @precondition(lambda self: self.apis)
    @rule(data=st.data(), path=st.sampled_from(["/a", "/b", "/c/{id}"]))
    def create_documentation_part(self, data: Any, path: str) -> None:
        api = self._api(data)
        kwargs = {"restApiId": api.id, "location": {"type": "RESOURCE", "path": path},
                  "properties": '{"description": "d"}'}
        if path in api.docs.values():
            _fails("ConflictException", self.c.create_documentation_part, **kwargs)
        else:
            out = _ok(self.c.create_documentation_part, **kwargs)
            self._made(out["id"])
            api.docs[out["id"]] = path

    @precondition(lambda self: any(a.docs for a in self.apis.values()))
    @rule(data=st.data(), delete=st.booleans())
    def update_or_delete_documentation_part(self, data: Any, delete: bool) -> None:
        api = self.apis[data.draw(st.sampled_from(self._o(a for a in self.apis if self.apis[a].docs)))]
        part = data.draw(st.sampled_from(self._o(api.docs)))
        if delete:
            _ok(self.c.delete_documentation_part, restApiId=api.id, documentationPartId=part)
            del api.docs[part]
        else:
            _ok(self.c.update_documentation_part, restApiId=api.id, documentationPartId=part,
                patchOperations=[{"op": "replace", "path": "/properties", "value": '{"description": "e"}'}])

    # --- API keys, usage plans ------------------------------------------------------------

    @precondition(lambda self: len(self.keys) < 4)
    @rule()
    def create_api_key(self) -> None:
        out = _ok(self.c.create_api_key, name=self._name("key"), enabled=True)
        self._made(out["id"])
        self.keys.add(out["id"])

    @precondition(lambda self: self.keys)
    @rule(data=st.data())
    def delete_api_key(self, data: Any) -> None:
        key = data.draw(st.sampled_from(self._o(self.keys)))
        _ok(self.c.delete_api_key, apiKey=key)
        self.keys.discard(key)
        self.gone_keys.add(key)
        for plan in self.plans.values():
            plan["keys"].discard(key)

    @precondition(lambda self: self.keys)
    @rule(data=st.data(), enabled=st.booleans())
    def update_api_key(self, data: Any, enabled: bool) -> None:
        key = data.draw(st.sampled_from(self._o(self.keys)))
        out = _ok(self.c.update_api_key, apiKey=key,
                  patchOperations=[{"op": "replace", "path": "/enabled", "value": str(enabled).lower()}])
        assert out["enabled"] is enabled

    def _stage_refs(self) -> list[tuple[str, str]]:
        return self._o((a.id, s) for a in self.apis.values() for s in a.stages)

    @precondition(lambda self: len(self.plans) < 3)
    @rule(data=st.data(), with_stage=st.booleans())
    def create_usage_plan(self, data: Any, with_stage: bool) -> None:
        stages = set()
        if with_stage and self._stage_refs():
            stages.add(data.draw(st.sampled_from(self._stage_refs())))
        out = _ok(self.c.create_usage_plan, name=self._name("plan"),
                  apiStages=[{"apiId": a, "stage": s} for a, s in stages])
        self._made(out["id"])
        self.plans[out["id"]] = {"stages": stages, "keys": set()}

    @precondition(lambda self: self.plans)
    @rule(data=st.data())
    def delete_usage_plan(self, data: Any) -> None:
        plan = data.draw(st.sampled_from(self._o(self.plans)))
        if self.plans[plan]["stages"]:
            _fails("BadRequestException", self.c.delete_usage_plan, usagePlanId=plan)
            return
        _ok(self.c.delete_usage_plan, usagePlanId=plan)
        del self.plans[plan]
        self.gone_plans.add(plan)

    @precondition(lambda self: self.plans)
    @rule(data=st.data(), add=st.booleans())
    def patch_usage_plan_stages(self, data: Any, add: bool) -> None:
        plan_id = data.draw(st.sampled_from(self._o(self.plans)))
        plan = self.plans[plan_id]
        if add:
            if not self._stage_refs():
                return
            ref = data.draw(st.sampled_from(self._stage_refs()))
            op = "add"
        else:
            if not plan["stages"]:
                return
            ref = data.draw(st.sampled_from(self._o(plan["stages"])))
            op = "remove"
        kwargs = {"usagePlanId": plan_id,
                  "patchOperations": [{"op": op, "path": "/apiStages", "value": f"{ref[0]}:{ref[1]}"}]}
        if add and ref not in plan["stages"] and any(
                plan["keys"] & other["keys"] and ref in other["stages"]
                for pid, other in self.plans.items() if pid != plan_id):
            _fails("ConflictException", self.c.update_usage_plan, **kwargs)  # a key would reach it twice
            return
        out = _ok(self.c.update_usage_plan, **kwargs)
        if add:
            plan["stages"].add(ref)
        else:
            plan["stages"].discard(ref)
        assert {(s["apiId"], s["stage"]) for s in out["apiStages"]} == plan["stages"]

    @precondition(lambda self: self.plans and self.keys)
    @rule(data=st.data(), delete=st.booleans())
    def usage_plan_key(self, data: Any, delete: bool) -> None:
        plan_id = data.draw(st.sampled_from(self._o(self.plans)))
        key = data.draw(st.sampled_from(self._o(self.keys)))
        plan = self.plans[plan_id]
        if delete:
            if key in plan["keys"]:
                _ok(self.c.delete_usage_plan_key, usagePlanId=plan_id, keyId=key)
                plan["keys"].discard(key)
            else:
                _fails("NotFoundException", self.c.delete_usage_plan_key, usagePlanId=plan_id, keyId=key)
            return
        out, err = _call(self.c.create_usage_plan_key, usagePlanId=plan_id, keyId=key, keyType="API_KEY")
        shared = any(key in other["keys"] and other["stages"] & plan["stages"]
                     for pid, other in self.plans.items() if pid != plan_id)
        if key in plan["keys"] or shared:
            assert err is not None and err["Error"]["Code"] == "ConflictException", (out, err)
        else:
            assert err is None, err
            plan["keys"].add(key)

    # --- domain names, base path mappings --------------------------------------------------

    @precondition(lambda self: len(self.domains) < 2)
    @rule()
    def create_domain_name(self) -> None:
        name = f"{self._name('d')}.example.com"
        _ok(self.c.create_domain_name, domainName=name,
            certificateArn="arn:aws:acm:us-east-1:123456789012:certificate/x")
        self.domains[name] = {}

    @precondition(lambda self: self.domains)
    @rule(data=st.data())
    def delete_domain_name(self, data: Any) -> None:
        name = data.draw(st.sampled_from(self._o(self.domains)))
        _ok(self.c.delete_domain_name, domainName=name)
        del self.domains[name]
        self.gone_domains.add(name)

    @precondition(lambda self: self.domains and any(a.stages for a in self.apis.values()))
    @rule(data=st.data(), base=st.sampled_from(["", "v1", "v2"]))
    def create_base_path_mapping(self, data: Any, base: str) -> None:
        name = data.draw(st.sampled_from(self._o(self.domains)))
        api, stage = data.draw(st.sampled_from(self._stage_refs()))
        maps = self.domains[name]
        key = base or "(none)"
        kwargs = {"domainName": name, "basePath": base, "restApiId": api, "stage": stage}
        if key in maps or (maps and (base == "" or "(none)" in maps)):
            _fails("ConflictException", self.c.create_base_path_mapping, **kwargs)
        else:
            out = _ok(self.c.create_base_path_mapping, **kwargs)
            assert out["basePath"] == key
            maps[key] = (api, stage)

    @precondition(lambda self: any(self.domains.values()))
    @rule(data=st.data())
    def update_base_path_mapping_stage(self, data: Any) -> None:
        name = data.draw(st.sampled_from(sorted(d for d in self.domains if self.domains[d])))
        key = data.draw(st.sampled_from(sorted(self.domains[name])))
        api, _ = self.domains[name][key]
        stage = data.draw(st.sampled_from(["dev", "test", "prod"]))
        kwargs = {"domainName": name, "basePath": key,
                  "patchOperations": [{"op": "replace", "path": "/stage", "value": stage}]}
        if stage not in self.apis[api].stages:
            _fails("BadRequestException", self.c.update_base_path_mapping, **kwargs)
            return
        out = _ok(self.c.update_base_path_mapping, **kwargs)
        assert (out["restApiId"], out["stage"]) == (api, stage)
        self.domains[name][key] = (api, stage)

    @precondition(lambda self: any(self.domains.values()))
    @rule(data=st.data())
    def delete_base_path_mapping(self, data: Any) -> None:
        name = data.draw(st.sampled_from(self._o(d for d in self.domains if self.domains[d])))
        key = data.draw(st.sampled_from(self._o(self.domains[name])))
        _ok(self.c.delete_base_path_mapping, domainName=name, basePath=key)
        del self.domains[name][key]

    # --- paging while the account changes --------------------------------------------------

    @rule(data=st.data(), which=st.sampled_from(["rest_apis", "api_keys", "usage_plans"]))
    def walk_while_changing(self, data: Any, which: str) -> None:
        """A walk with limit 1 that creates one item and deletes a seen one between pages sees
        every other item exactly once. (GetResources, paged by path, is pinned by
        tests/apigateway/test_resources.py::test_get_resources_pages_stay_put_while_resources_change.)"""
        fn = {"rest_apis": self.c.get_rest_apis, "api_keys": self.c.get_api_keys,
              "usage_plans": self.c.get_usage_plans}[which]
        model = {"rest_apis": self.apis, "api_keys": self.keys, "usage_plans": self.plans}[which]
        before = set(model)
        first = _ok(fn, limit=1)
        seen = [item["id"] for item in first["items"]]
        removed = None
        if which == "rest_apis" and seen and seen[0] in self.apis and not any(
                a == seen[0] for maps in self.domains.values() for a, _ in maps.values()):
            self.delete_rest_api(data=_Fixed(seen[0]))
            removed = seen[0]
        elif which == "api_keys" and seen:
            self.delete_api_key(data=_Fixed(seen[0]))
            removed = seen[0]
        creator = {"rest_apis": self.create_rest_api, "api_keys": self.create_api_key,
                   "usage_plans": lambda: self.create_usage_plan(data=_Fixed(None), with_stage=False)}[which]
        if len(model) < 3:
            creator()
        position = first.get("position")
        while position:
            page = _ok(fn, limit=1, position=position)
            seen += [item["id"] for item in page["items"]]
            position = page.get("position")
        assert len(seen) == len(set(seen)), seen
        assert (before - {removed}) <= set(seen) <= before | set(model), (before, seen, set(model))

    # --- invariants ---------------------------------------------------------------------

    @invariant()
    def rest_apis_match(self) -> None:
        assert sorted(_ids(_walk(self.c.get_rest_apis, 2))) == sorted(self.apis)
        for gone in self.gone_apis:
            _fails("NotFoundException", self.c.get_rest_api, restApiId=gone)
            _fails("NotFoundException", self.c.get_resources, restApiId=gone)
            _fails("NotFoundException", self.c.get_stages, restApiId=gone)

    @invariant()
    def api_children_match(self) -> None:
        for api in self.apis.values():
            got = _ok(self.c.get_rest_api, restApiId=api.id)
            assert got["rootResourceId"] == api.root
            assert got.get("tags", {}) == api.tags
            resources = _walk(self.c.get_resources, 3, restApiId=api.id, embed=["methods"])
            assert sorted(_ids(resources)) == sorted(api.resources)
            by_id = {r["id"]: r for r in resources}
            for rid, (parent, part) in api.resources.items():
                r = by_id[rid]
                assert r.get("parentId") == parent and r["path"] == api.path(rid), (r, api.resources)
                if parent is not None:
                    assert r["pathPart"] == part
                verbs = {v for (res, v) in api.methods if res == rid}
                assert set(r.get("resourceMethods", {})) == verbs, (r, verbs)
                for verb in verbs:
                    method = r["resourceMethods"][verb]
                    info = api.methods[(rid, verb)]
                    assert set(method.get("methodResponses", {})) == info["responses"]
                    integration = method.get("methodIntegration")
                    assert (integration is not None) == info["integration"], (method, info)
                    if integration is not None:
                        assert set(integration.get("integrationResponses", {})) == info["int_responses"]
            for rid in api.gone_resources:
                _fails("NotFoundException", self.c.get_resource, restApiId=api.id, resourceId=rid)
            assert {m["name"] for m in _walk(self.c.get_models, 2, restApiId=api.id)} == api.models
            assert sorted(_ids(_walk(self.c.get_request_validators, 2, restApiId=api.id))) == sorted(api.validators)
            assert sorted(_ids(_walk(self.c.get_authorizers, 2, restApiId=api.id))) == sorted(api.authorizers)
            assert sorted(_ids(_walk(self.c.get_deployments, 2, restApiId=api.id))) == sorted(api.deployments)
            for dep in api.gone_deployments:
                _fails("NotFoundException", self.c.get_deployment, restApiId=api.id, deploymentId=dep)
            got_stages = _ok(self.c.get_stages, restApiId=api.id)["item"]
            assert {s["stageName"]: s["deploymentId"] for s in got_stages} == api.stages
            canaries = {s["stageName"]: s["canarySettings"]["deploymentId"] for s in got_stages
                        if "deploymentId" in s.get("canarySettings", {})}
            assert canaries == api.canaries, (canaries, api.canaries)
            docs = _walk(self.c.get_documentation_parts, 2, restApiId=api.id)
            assert {d["id"]: d["location"]["path"] for d in docs} == api.docs

    @invariant()
    def keys_and_plans_match(self) -> None:
        assert sorted(_ids(_walk(self.c.get_api_keys, 2))) == sorted(self.keys)
        for gone in self.gone_keys:
            _fails("NotFoundException", self.c.get_api_key, apiKey=gone)
        plans = {p["id"]: p for p in _walk(self.c.get_usage_plans, 2)}
        assert sorted(plans) == sorted(self.plans)
        for plan_id, plan in self.plans.items():
            assert {(s["apiId"], s["stage"]) for s in plans[plan_id]["apiStages"]} == plan["stages"]
            keys = _walk(self.c.get_usage_plan_keys, 2, usagePlanId=plan_id)
            assert sorted(_ids(keys)) == sorted(plan["keys"])
        for gone in self.gone_plans:
            _fails("NotFoundException", self.c.get_usage_plan, usagePlanId=gone)
        for key in self.keys:  # a key reaches an API stage through one plan at most
            reached = [st for plan in self.plans.values() if key in plan["keys"] for st in plan["stages"]]
            assert len(reached) == len(set(reached)), (key, self.plans)
            having = _ids(_walk(self.c.get_usage_plans, 2, keyId=key))
            assert sorted(having) == sorted(p for p, plan in self.plans.items() if key in plan["keys"])

    @invariant()
    def domains_match(self) -> None:
        assert sorted(_ids(_walk(self.c.get_domain_names, 2), "domainName")) == sorted(self.domains)
        for name, maps in self.domains.items():
            got = _walk(self.c.get_base_path_mappings, 2, domainName=name)
            assert {m["basePath"]: (m["restApiId"], m.get("stage")) for m in got} == maps
        for gone in self.gone_domains:
            _fails("NotFoundException", self.c.get_domain_name, domainName=gone)


V1Machine.TestCase.settings = settings(max_examples=40, stateful_step_count=25, deadline=None,
                                       suppress_health_check=list(HealthCheck))
TestV1Stateful = V1Machine.TestCase
