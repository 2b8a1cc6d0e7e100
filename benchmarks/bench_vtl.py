"""Mapping templates: the median render of a typical request template.

The template is AWS's "method request passthrough" shape (body, every parameter, stage
variables, a dozen context members): what most non-proxy integrations render on each call.
Rows: gwmock's render with the parsed template cached (every call after the first), the
first render of a template (parse included), and a response template walking a 100-item
JSON list. The floor, when ``airspeed`` is installed, is ``airspeed.Template(t).merge(ns)``
on an equivalent namespace: what gwmock did per call before its own engine (airspeed parses
on every merge). Goal: rendering stays a small share of a data-plane call.
"""

from __future__ import annotations

import importlib
import json
import statistics
import sys
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from gwmock.runtime.vtl import Scope, render  # noqa: E402

PASSTHROUGH = """#set($allParams = $input.params())
{
"body-json" : $input.json('$'),
"params" : {
#foreach($type in $allParams.keySet())
    #set($params = $allParams.get($type))
"$type" : {
    #foreach($paramName in $params.keySet())
    "$paramName" : "$util.escapeJavaScript($params.get($paramName))"
        #if($foreach.hasNext),#end
    #end
}
    #if($foreach.hasNext),#end
#end
},
"stage-variables" : {
"env" : "$util.escapeJavaScript($stageVariables.env)",
"table" : "$stageVariables.table"
},
"context" : {
    "account-id" : "$context.identity.accountId",
    "api-id" : "$context.apiId",
    "http-method" : "$context.httpMethod",
    "stage" : "$context.stage",
    "request-id" : "$context.requestId",
    "resource-path" : "$context.resourcePath",
    "user-agent" : "$context.identity.userAgent"
    }
}
"""

LIST_RESPONSE = """#set($items = $input.path('$.items'))
{"count": $items.size(), "items": [
#foreach($item in $items)
  {"id": "$item.id", "name": "$util.escapeJavaScript($item.name)", "tags": $item.tags}#if($foreach.hasNext),#end
#end
]}
"""

BODY = '{"name": "pet", "tags": ["a", "b"], "price": 12.5}'
PARAMS = {"path": {"id": "42"}, "querystring": {"q": "x", "page": "2"},
          "header": {"Accept": "application/json", "User-Agent": "bench"}}
CONTEXT = {"apiId": "abc123", "httpMethod": "POST", "stage": "dev", "requestId": "r-1", "resourcePath": "/pets/{id}",
           "identity": {"accountId": "123456789012", "userAgent": "bench"}}
STAGE_VARIABLES = {"env": "dev", "table": "pets"}
LIST_BODY = json.dumps({"items": [{"id": str(n), "name": f"item {n}", "tags": ["a", "b"]} for n in range(100)]})


def _scope(body: str = BODY) -> Scope:
    return Scope(body=body, params=PARAMS, context=CONTEXT, stage_variables=STAGE_VARIABLES,
                 overrides={"requestOverride": {"header": {}, "querystring": {}, "path": {}},
                            "responseOverride": {"status": "", "header": {}}})


def _median_us(fn: Callable[[], Any], repeat: int) -> float:
    fn()
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        fn()
        samples.append(time.perf_counter() - started)
    return statistics.median(samples) * 1e6


def _airspeed_floor(repeat: int) -> float | None:
    """The same template through ``airspeed`` (parse + merge per call, as gwmock did before)."""
    try:
        airspeed: Any = importlib.import_module("airspeed")
    except ImportError:
        return None

    class Input:
        body = BODY

        def json(self, path: str) -> str:
            return json.dumps(json.loads(BODY), separators=(",", ":"))

        def params(self) -> dict[str, Any]:
            return {k: dict(v) for k, v in PARAMS.items()}

    class Util:
        @staticmethod
        def escapeJavaScript(value: str) -> str:  # noqa: N802 - the name templates use
            return value.replace("\\", "\\\\").replace('"', '\\"').replace("/", "\\/")

    namespace = {"input": Input(), "util": Util(), "context": CONTEXT, "stageVariables": STAGE_VARIABLES}
    return _median_us(lambda: airspeed.Template(PASSTHROUGH).merge(dict(namespace)), repeat)


def _uncached(counter: list[int]) -> str:
    counter[0] += 1  # a template text never seen before: parse + render
    return render(PASSTHROUGH + f"## {counter[0]}\n", _scope())


def run(quick: bool) -> list[dict[str, Any]]:
    repeat = 50 if quick else 500
    floor = _airspeed_floor(repeat)
    cached = _median_us(lambda: render(PASSTHROUGH, _scope()), repeat)
    counter = [0]
    first = _median_us(lambda: _uncached(counter), repeat)
    listing = _median_us(lambda: render(LIST_RESPONSE, _scope(LIST_BODY)), max(repeat // 5, 10))
    rows: list[dict[str, Any]] = [
        {"name": "vtl: passthrough request template", "gwmock_us": cached, "floor_us": floor,
         "ratio": cached / floor if floor else None,
         "note": "parsed template cached; floor: airspeed parse+merge per call (gwmock before)"},
        {"name": "vtl: passthrough template, first render", "gwmock_us": first, "floor_us": floor,
         "ratio": first / floor if floor else None, "note": "parse included"},
        {"name": "vtl: response template over 100 items", "gwmock_us": listing,
         "note": "#foreach over $input.path list, escapeJavaScript per item"},
    ]
    return rows


if __name__ == "__main__":
    for row in run(quick="--quick" in sys.argv):
        print(f"{row['name']:45} {row['gwmock_us']:9.1f} us  floor {row.get('floor_us') or 0:9.1f} us  {row['note']}")
