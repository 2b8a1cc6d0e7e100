"""Scale: memory for a large account, snapshot and restore of it, mock start/stop, import cost.

The large account (10,000 REST APIs with 20 resources each) is written straight to the
store with records shaped as gwmock's handlers write them (210,000 boto3 calls would take
minutes); its size is measured with tracemalloc (Python allocations, the store's own).
"""

from __future__ import annotations

import copy
import gc
import statistics
import subprocess
import sys
import time
import tracemalloc
from typing import Any

import boto3

from benchmarks._control import median_us

Row = dict[str, Any]
REGION = "eu-west-1"
ACCOUNT = "123456789012"


def _templates() -> tuple[dict[str, Any], dict[str, Any], dict[str, Any]]:
    """A RestApi, its root resource and a child resource, as gwmock stores them."""
    from gwmock import mock_apigateway

    with mock_apigateway() as gw:
        v1 = boto3.client("apigateway", region_name=REGION)
        api = v1.create_rest_api(name="bench")
        res = v1.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart="pets")
        base = (ACCOUNT, REGION, "restapis", api["id"])
        return (copy.deepcopy(gw.backend.get(base)),
                copy.deepcopy(gw.backend.get(base + ("resources", api["rootResourceId"]))),
                copy.deepcopy(gw.backend.get(base + ("resources", res["id"]))))


def fill(backend: Any, apis: int, resources: int = 20, templates: Any = None) -> None:
    api_t, root_t, child_t = templates or _templates()
    with backend.unit_of_work():
        for i in range(apis):
            api_id, root_id = f"a{i:09}", f"r{i:09}"
            base = (ACCOUNT, REGION, "restapis", api_id)
            backend.put(base, {**api_t, "id": api_id, "name": f"api-{i}", "rootResourceId": root_id})
            backend.put(base + ("resources", root_id), {**root_t, "id": root_id})
            for j in range(resources - 1):
                rid = f"c{i:05}{j:04}"
                backend.put(base + ("resources", rid),
                            {**child_t, "id": rid, "parentId": root_id, "pathPart": f"p{j}", "path": f"/p{j}"})


def large_account(apis: int) -> list[Row]:
    """Memory of ``apis`` x 20 resources, and snapshot/restore of that account."""
    from gwmock import mock_apigateway
    from gwmock.state import MemoryBackend

    templates = _templates()  # before measuring: it loads botocore's models
    gc.collect()
    tracemalloc.start()
    backend = MemoryBackend(strict=False)
    fill(backend, apis, templates=templates)
    for i in range(apis):  # the path index CreateResource and GetResources build, as a live account has
        next(backend.ordered((ACCOUNT, REGION, "restapis", f"a{i:09}", "resources"), "path"), None)
    current, _ = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    mib = current / 2**20
    label = f"{apis:,} REST APIs x 20 resources"
    rows: list[Row] = [{"name": f"memory, {label}", "gwmock_us": None, "value": f"{mib:.0f} MiB",
                        "target": "< 100 MiB",
                        "note": "tracemalloc; path indexes built"}]
    with mock_apigateway(backend=backend) as gw:
        start = time.perf_counter()
        document = gw.snapshot()
        snap = time.perf_counter() - start
        start = time.perf_counter()
        gw.restore(document)
        restore = time.perf_counter() - start
        rows.append({"name": f"snapshot, {label}", "gwmock_us": snap * 1e6, "target": "< 1 s", "note": ""})
        rows.append({"name": f"restore, {label}", "gwmock_us": restore * 1e6, "target": "< 1 s", "note": ""})
        v1 = boto3.client("apigateway", region_name=REGION)
        assert len(v1.get_resources(restApiId="a000000000")["items"]) == 20
    return rows


def lifecycle(repeat: int) -> Row:
    from gwmock import mock_apigateway

    mock = mock_apigateway()

    def cycle() -> None:
        mock.start()
        mock.stop()

    return {"name": "mock start+stop", "gwmock_us": median_us(cycle, repeat), "target": None, "note": ""}


def import_cost(runs: int) -> Row:
    code = ("import time, botocore.session, botocore.endpoint; t=time.perf_counter(); import gwmock; "
            "print((time.perf_counter()-t)*1e6)")
    times = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True,
                                  cwd=".").stdout) for _ in range(runs)]
    return {"name": "import gwmock beyond botocore", "gwmock_us": statistics.median(times), "target": None,
            "note": ""}
