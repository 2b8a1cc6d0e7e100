"""Control-plane cases: one boto3 call each, timed against botocore's own floor and moto.

The floor answers the same client at the same hook (``Endpoint._send_request``) with the
exact status, headers and body gwmock sent for that case, so only botocore's own work
(serialize, sign, parse) remains. Recording the bytes gwmock put on the wire matters:
GetResources' ``items`` travel as ``item``, and a floor answering with botocore's member
names would parse an empty page and look cheaper than it is.

Each case runs in a region of its own, so one case's writes (CreateRestApi adds an API
per timed call) never change another case's account.
"""

from __future__ import annotations

import copy
import statistics
import time
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Any

import boto3
from botocore.awsrequest import AWSResponse
from botocore.endpoint import Endpoint, convert_to_response_dict

Call = Callable[[], Any]
Canned = tuple[int, dict[str, str], bytes]

REGIONS = ["eu-west-1", "eu-west-2", "eu-west-3", "eu-central-1", "eu-north-1", "eu-south-1", "us-east-1",
           "us-east-2", "us-west-1", "us-west-2", "ap-south-1", "ap-northeast-1", "ap-northeast-2",
           "ap-southeast-1", "ap-southeast-2", "ca-central-1", "sa-east-1", "ap-northeast-3", "eu-central-2",
           "ap-east-1", "me-south-1", "af-south-1"]
ACCOUNT = "123456789012"


class Clients:
    """boto3 clients for one case's region, and the store when the mock is gwmock."""

    def __init__(self, region: str, backend: Any = None) -> None:
        self.region = region
        self.backend = backend  # gwmock's backend, or None under moto
        self._v1: Any = None
        self._v2: Any = None
        self.recording = False
        self.answers: list[Canned] = []

    @property
    def v1(self) -> Any:
        if self._v1 is None:
            self._v1 = self._client("apigateway")
        return self._v1

    @property
    def v2(self) -> Any:
        if self._v2 is None:
            self._v2 = self._client("apigatewayv2")
        return self._v2

    def _client(self, service: str) -> Any:
        client = boto3.client(service, region_name=self.region)
        # botocore's own event: the answer as it arrived, whoever sent it.
        client.meta.events.register("before-parse", self._seen)
        return client

    def _seen(self, response_dict: dict[str, Any], **_: Any) -> None:
        if self.recording:
            self.answers.append((response_dict["status_code"], dict(response_dict["headers"]),
                                 response_dict["body"]))

    def record(self, fn: Call) -> Canned:
        """Run ``fn`` once and keep the exact status, headers and body that came back."""
        self.recording = True
        try:
            fn()
        finally:
            self.recording = False
        return self.answers[-1]


@dataclass
class Case:
    name: str
    setup: Callable[[Clients, int], Call]  # (clients, timed calls to come) -> the call
    target: float = 1.10
    moto: bool = True
    sqlite: bool = False  # also timed on the SQLite backend against the memory backend
    note: str = ""


def _names() -> Iterator[int]:
    yield from range(10**9)


def _api_with_resources(c: Clients, n: int, methods: bool = False) -> tuple[str, str]:
    """A REST API whose root has ``n`` child resources (with a MOCK GET each if ``methods``)."""
    api = c.v1.create_rest_api(name="bench")
    for i in range(n):
        res = c.v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=f"r{i:04}")
        if methods:
            c.v1.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", authorizationType="NONE")
            c.v1.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", type="MOCK")
    return api["id"], api["rootResourceId"]


def create_rest_api(c: Clients, repeat: int) -> Call:
    return lambda: c.v1.create_rest_api(name="bench")


def get_rest_api(c: Clients, repeat: int) -> Call:
    api = c.v1.create_rest_api(name="bench")
    return lambda: c.v1.get_rest_api(restApiId=api["id"])


def get_rest_apis_10(c: Clients, repeat: int) -> Call:
    for _ in range(10):
        c.v1.create_rest_api(name="bench")
    return lambda: c.v1.get_rest_apis(limit=25)


def get_rest_apis_10000(c: Clients, repeat: int) -> Call:
    """10,000 APIs stored (written straight to the store: 10,000 calls would take seconds)."""
    template = c.v1.create_rest_api(name="bench")
    key = (ACCOUNT, c.region, "restapis")
    stored = c.backend.get(key + (template["id"],))
    with c.backend.unit_of_work():
        for i in range(9_999):
            api_id = f"b{i:09}"
            c.backend.put(key + (api_id,), {**copy.deepcopy(stored), "id": api_id})
    return lambda: c.v1.get_rest_apis(limit=25)


def create_resource(c: Clients, repeat: int) -> Call:
    api = c.v1.create_rest_api(name="bench")
    counter = _names()
    parent = c.v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    return lambda: c.v1.create_resource(restApiId=api["id"], parentId=parent["id"], pathPart=f"p{next(counter)}")


def create_resource_1000(c: Clients, repeat: int) -> Call:
    api_id, root = _api_with_resources(c, 1000)
    counter = _names()
    return lambda: c.v1.create_resource(restApiId=api_id, parentId=root, pathPart=f"n{next(counter)}")


def put_method(c: Clients, repeat: int) -> Call:
    api = c.v1.create_rest_api(name="bench")
    # A method can be put once per resource: each timed call gets a fresh resource.
    fresh = iter([c.v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=f"m{i}")["id"]
                  for i in range(3 * repeat + 20)])
    return lambda: c.v1.put_method(restApiId=api["id"], resourceId=next(fresh), httpMethod="GET",
                                   authorizationType="NONE")


def put_integration(c: Clients, repeat: int) -> Call:
    api = c.v1.create_rest_api(name="bench")
    res = c.v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
    c.v1.put_method(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", authorizationType="NONE")
    return lambda: c.v1.put_integration(restApiId=api["id"], resourceId=res["id"], httpMethod="GET", type="MOCK")


def get_resources_51(c: Clients, repeat: int) -> Call:
    api_id, _ = _api_with_resources(c, 50, methods=True)
    return lambda: c.v1.get_resources(restApiId=api_id, limit=25)


def get_resources_1001(c: Clients, repeat: int) -> Call:
    api_id, _ = _api_with_resources(c, 1000)
    return lambda: c.v1.get_resources(restApiId=api_id, limit=25)


def create_deployment_small(c: Clients, repeat: int) -> Call:
    api_id, _ = _api_with_resources(c, 1, methods=True)
    return lambda: c.v1.create_deployment(restApiId=api_id, stageName="dev")


def create_deployment_50(c: Clients, repeat: int) -> Call:
    api_id, _ = _api_with_resources(c, 50, methods=True)
    return lambda: c.v1.create_deployment(restApiId=api_id, stageName="dev")


def v2_create_api(c: Clients, repeat: int) -> Call:
    return lambda: c.v2.create_api(Name="bench", ProtocolType="HTTP")


def v2_create_route(c: Clients, repeat: int) -> Call:
    api = c.v2.create_api(Name="bench", ProtocolType="HTTP")
    counter = _names()
    return lambda: c.v2.create_route(ApiId=api["ApiId"], RouteKey=f"GET /r{next(counter)}")


def v2_create_route_1000(c: Clients, repeat: int) -> Call:
    api = c.v2.create_api(Name="bench", ProtocolType="HTTP")
    for i in range(1000):
        c.v2.create_route(ApiId=api["ApiId"], RouteKey=f"GET /pets/{{id}}/r{i}")
    counter = _names()
    return lambda: c.v2.create_route(ApiId=api["ApiId"], RouteKey=f"GET /pets/{{id}}/n{next(counter)}")


def v2_get_routes(c: Clients, repeat: int) -> Call:
    api = c.v2.create_api(Name="bench", ProtocolType="HTTP")
    for key in ("GET /pets", "POST /pets", "GET /pets/{id}"):
        c.v2.create_route(ApiId=api["ApiId"], RouteKey=key)
    return lambda: c.v2.get_routes(ApiId=api["ApiId"])


CASES = [
    Case("CreateRestApi", create_rest_api),
    Case("GetRestApi", get_rest_api, sqlite=True),
    Case("GetRestApis page/10 stored", get_rest_apis_10),
    Case("GetRestApis page/10,000 stored", get_rest_apis_10000, moto=False, note="stored directly"),
    Case("CreateResource", create_resource, sqlite=True),
    Case("CreateResource 1,000 siblings", create_resource_1000),
    Case("PutMethod", put_method, sqlite=True),
    Case("PutIntegration", put_integration),
    Case("GetResources 25 of 51", get_resources_51, sqlite=True),
    Case("GetResources 25 of 1,001", get_resources_1001),
    Case("CreateDeployment 1 resource", create_deployment_small, sqlite=True),
    Case("CreateDeployment 50 resources", create_deployment_50, target=1.30),
    Case("v2 CreateApi", v2_create_api),
    Case("v2 CreateRoute", v2_create_route, sqlite=True),
    Case("v2 CreateRoute 1,000 routes", v2_create_route_1000,
         note="keys with a {variable} (checked against the others'); same at 0 routes"),
    Case("v2 GetRoutes", v2_get_routes, sqlite=True),
]


class Floor:
    """While active, answer every API Gateway call with ``self.answer``, botocore's tail included."""

    def __init__(self) -> None:
        self.answer: Canned = (200, {}, b"")

    def __enter__(self) -> Floor:
        from gwmock.intercept.botocore_hook import Raw  # the same stand-in body the hook answers with

        self.original = Endpoint._send_request
        floor = self

        def send(endpoint: Endpoint, request_dict: Any, operation_model: Any) -> Any:
            request = endpoint.create_request(request_dict, operation_model)
            status, headers, body = floor.answer
            http = AWSResponse(request.url, status, headers, Raw(body))
            http._content = body
            response_dict = convert_to_response_dict(http, operation_model)
            service_id = operation_model.service_model.service_id.hyphenize()
            endpoint._event_emitter.emit(f"before-parse.{service_id}.{operation_model.name}",
                                         operation_model=operation_model, response_dict=response_dict,
                                         customized_response_dict={})
            parser = endpoint._response_parser_factory.create_parser("rest-json")
            return http, parser.parse(response_dict, operation_model.output_shape)

        Endpoint._send_request = send  # type: ignore[method-assign]
        return self

    def __exit__(self, *exc: object) -> None:
        Endpoint._send_request = self.original  # type: ignore[method-assign]


def timed(fn: Call) -> float:
    start = time.perf_counter()
    fn()
    return time.perf_counter() - start


def median_us(fn: Call, repeat: int, warmup: int = 5) -> float:
    for _ in range(warmup):
        fn()
    return statistics.median(timed(fn) for _ in range(repeat)) * 1e6


def run_gwmock(cases: list[Case], repeat: int, backend: Any = None) -> dict[str, tuple[float, float]]:
    """Per case: (gwmock median us, floor median us), samples interleaved in one process state."""
    from gwmock import mock_apigateway

    out: dict[str, tuple[float, float]] = {}
    with mock_apigateway(backend=backend) as gw:
        prepared = []
        for case, region in zip(cases, REGIONS):
            clients = Clients(region, gw.backend)
            prepared.append((case, clients, case.setup(clients, repeat)))
        floor = Floor()
        for case, clients, fn in prepared:
            for _ in range(3):
                fn()
            floor.answer = clients.record(fn)
            gw_samples, floor_samples = [], []
            for _ in range(repeat):
                gw_samples.append(timed(fn))
                with floor:
                    floor_samples.append(timed(fn))
            out[case.name] = (statistics.median(gw_samples) * 1e6, statistics.median(floor_samples) * 1e6)
    return out


def run_on_backends(cases: list[Case], repeat: int, other: Any) -> dict[str, tuple[float, float]]:
    """Per case: (median us on the memory backend, median us on ``other``), samples of the two
    interleaved in one process (the ``other`` mock nested in the memory one while its sample runs),
    so that a busy moment of the machine or its disk slows both alike."""
    from gwmock import mock_apigateway

    out: dict[str, tuple[float, float]] = {}
    with mock_apigateway() as gw:
        mine = [case.setup(Clients(region, gw.backend), repeat) for case, region in zip(cases, REGIONS)]
        nested = mock_apigateway(backend=other)
        with nested as on_other:
            theirs = [case.setup(Clients(region, on_other.backend), repeat) for case, region in zip(cases, REGIONS)]
        for case, fn, other_fn in zip(cases, mine, theirs):
            memory_samples, other_samples = [], []
            for round_ in range(repeat + 3):
                memory_time = timed(fn)
                with nested:
                    other_time = timed(other_fn)
                if round_ >= 3:  # the first rounds warm up
                    memory_samples.append(memory_time)
                    other_samples.append(other_time)
            out[case.name] = (statistics.median(memory_samples) * 1e6, statistics.median(other_samples) * 1e6)
    return out


def run_moto(cases: list[Case], repeat: int) -> tuple[dict[str, float], str]:
    """Per case moto's median us (cases moto lacks are left out), and moto's version."""
    try:
        import moto
    except ImportError:
        return {}, ""
    out: dict[str, float] = {}
    with moto.mock_aws():
        for case, region in zip(cases, REGIONS):
            if not case.moto:
                continue
            try:
                out[case.name] = median_us(case.setup(Clients(region), repeat), repeat, warmup=3)
            except Exception:  # noqa: BLE001 - moto lacks the operation or answers differently
                pass
    return out, moto.__version__
