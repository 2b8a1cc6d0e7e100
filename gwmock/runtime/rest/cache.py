"""A REST stage's response cache ("Cache settings for REST APIs in API Gateway").

What is cached: with the stage's ``cacheClusterEnabled``, a method whose effective method setting
(the stage's ``methodSettings`` for ``~1pets/GET``, else ``*/*``) has ``cachingEnabled`` keeps what
its integration answered for ``cacheTtlInSeconds`` (300 by default; 0 turns it off; more than 3600,
AWS's maximum, counts as 3600). "When you enable caching for a stage, only GET methods have caching
enabled by default [...] You can enable caching for other methods by overriding method settings":
the ``*/*`` setting caches GET methods only, a method's own setting any method. A stage with the
cache and no method setting caches nothing (MethodSetting's ``cachingEnabled`` defaults to false;
users report that the cluster alone caches nothing: aws/serverless-application-model #130).

The key: the integration's ``cacheNamespace`` (the resource id unless set: the API reference, "You
can specify the same cacheNamespace across resources to return the same cached data for requests to
different resources"), the HTTP method (guess) and the values of the integration's
``cacheKeyParameters`` (``method.request.path|querystring|header|multivaluequerystring|
multivalueheader.NAME``, or ``integration.request.*.NAME``, read through the integration's
``requestParameters``); a parameter the request lacks is a value of its own ("including when the
cache key isn't present"). Path parameters and query strings not listed are **not** in the key:
``/pets/1`` and ``/pets/2`` share an entry unless ``method.request.path.id`` is listed (users' reports:
theburningmonk.com, "Serverless - enable caching on query string parameters in API Gateway").

Order: the cache is read after throttling, authorization, API keys and request validation (they run
on every call) and before the integration request: on a hit neither the request mapping nor the
integration (Lambda, HTTP, AWS, MOCK) runs. What is kept is the method response as the integration
answer made it (guess: AWS speaks of "the endpoint response"; gwmock keeps it after the response
mapping, which differs only for response templates reading per-request values), whatever its status
(users report a backend's 429 served from the cache), unless larger than 1,048,576 bytes (AWS's
maximum); gateway errors (timeouts, Lambda errors behind a proxy, ...) are not cached (guess). The
answer's ``X-Amzn-Trace-Id`` is the caller's on a hit. TestInvokeMethod never uses the cache (guess).
A canary request uses the stage's cache only with ``canarySettings.useStageCache``.

Invalidation: ``Cache-Control: max-age=0`` refetches and replaces the entry when the caller may
(``execute-api:InvalidateCache``): anyone when the setting's ``requireAuthorizationForCacheControl``
is false; else an IAM-authorized (SigV4) caller, whose own IAM policy gwmock takes to allow it, as for
``execute-api:Invoke`` (``resource_policy``; guess). Another caller gets, by
``unauthorizedCacheControlHeaderStrategy``: FAIL_WITH_403 a 403 (ACCESS_DENIED, "Unauthorized":
guess), SUCCEED_WITH_RESPONSE_HEADER the cached answer with a warning header (``WARNING``: its name
and text are guesses), SUCCEED_WITHOUT_RESPONSE_HEADER the cached answer.

Emptied: by FlushStageCache (``caches.flush_responses``), by a change of ``cacheClusterSize`` ("API
Gateway changes caching capacity by removing the existing cache instance and recreating a new one
[...] All existing cached data is deleted"), by deleting the stage (a stage is told apart by its
``createdDate``, in whole seconds: one deleted and made again within the second keeps them), by
turning the cache off (seen by the next call to the stage; guess: turning it off and on again with no
call in between keeps the entries), and by ``gw.reset()``. Not by a new deployment: users flush after deploying
(serverless-api-gateway-caching's ``flushOnDeploy``), so gwmock keeps the entries, as AWS does.
Memory is bounded: ``MAX_ENTRIES`` a stage and ``MAX_BYTES`` of answers (bodies, headers) and
keys (which hold the client's parameter values, of any length), the oldest dropped first.

The execution log says ``HIT`` or ``MISS`` (AWS's wording is not documented: guesses). Time is
``time.time()``, as for the authorizer cache, which time-freezing libraries move (freezegun and
time-machine alike; time-machine leaves ``time.monotonic`` alone): a test expires an entry by moving
the clock. An entry lives while ``made <= now < expiry``: after the clock moves back (``move_to`` an
earlier moment, the end of a freeze set in the future) an entry "from the future" is a miss and is
replaced, never served for longer than its TTL (read from ``monotonic``, an answer cached under
freezegun was served for ever once the freeze ended).
"""

from __future__ import annotations

import threading
import time
import weakref
from collections.abc import Callable, Mapping
from typing import Any

from gwmock.runtime.caches import register_stage_cache
from gwmock.runtime.rest.gateway_responses import GatewayError
from gwmock.runtime.rest.request import Call, header

MAX_TTL = 3600  # seconds, AWS's maximum
DEFAULT_TTL = 300
MAX_BODY = 1_048_576  # bytes: "The maximum size of a response that can be cached"
MAX_ENTRIES = 1024  # a stage's entries (gwmock's bound; AWS's is the cluster's memory)
MAX_BYTES = 64 * 1024 * 1024  # a stage's answers and keys, in bytes (gwmock's bound, likewise)
HIT = "Sending cached response (cache hit)"  # guess
MISS = "Cache miss: invoking the integration"  # guess
WARNING = ("Warning", '199 - "Cache-Control header ignored: not authorized to invalidate the cache"')  # guess
UNAUTHORIZED = "Unauthorized"  # FAIL_WITH_403's message (guess)

Headers = Mapping[str, str]
Run = Callable[[Call, Any], tuple[int, "str | bytes", Headers]]


Entry = tuple[float, int, "str | bytes", Headers, bool, int, float]


class StageCache:
    """One stage's entries: key -> (expiry, status, body, headers, the answer carried the caller's
    trace, the bytes the entry holds, when it was made); ``size``: the sum of the sixth."""

    __slots__ = ("entries", "instance", "lock", "size")

    def __init__(self, instance: tuple[Any, ...]) -> None:
        self.instance = instance  # the stage's (createdDate, cacheClusterSize): a new cache when it changes
        self.entries: dict[tuple[Any, ...], Entry] = {}
        self.size = 0
        self.lock = threading.Lock()

    def put(self, key: tuple[Any, ...], entry: Entry) -> None:
        """Keep ``entry`` as the newest, dropping the oldest ones past ``MAX_ENTRIES`` or ``MAX_BYTES``."""
        with self.lock:
            entries = self.entries
            old = entries.pop(key, None)  # re-inserted last: the newest
            if old is not None:
                self.size -= old[5]
            if entry[5] > MAX_BYTES:
                return  # larger than the whole cache (a key of long values): not kept
            while entries and (len(entries) >= MAX_ENTRIES or self.size + entry[5] > MAX_BYTES):
                self.size -= entries.pop(next(iter(entries)))[5]
            entries[key] = entry
            self.size += entry[5]


# owner (a backend, or a mock handle) -> (account, region, API id, stage name) -> its cache
_CACHES: weakref.WeakKeyDictionary[Any, dict[tuple[str, str, str, str], StageCache]] = \
    register_stage_cache(weakref.WeakKeyDictionary(), lambda key: (key[2], key[3]))
any_made = False  # a stage cache was made (in this process): calls to stages without the cache look for one to drop


class _NoHandle:
    """The owner of caches of calls made without a mock handle (weak-referenceable)."""


_NO_HANDLE = _NoHandle()


class Plan:
    """How one call uses its stage's cache (``invoke`` runs it after validation)."""

    __slots__ = ("cache", "setting", "ttl")

    def __init__(self, cache: StageCache, setting: dict[str, Any], ttl: int) -> None:
        self.cache, self.setting, self.ttl = cache, setting, ttl

    def run(self, call: Call, log: Any, integrate: Run,
            trace: Callable[[Call], str]) -> tuple[int, str | bytes, Headers]:
        """The answer from the cache, else ``integrate(call, log)``'s, kept (``trace``: the call's trace
        header)."""
        key = _key(call)
        warn = False
        refetch = _asks_refetch(call)
        if refetch and self.setting.get("requireAuthorizationForCacheControl", True) \
                and call.method.get("authorizationType") != "AWS_IAM":
            strategy = self.setting.get("unauthorizedCacheControlHeaderStrategy") or "SUCCEED_WITH_RESPONSE_HEADER"
            if strategy == "FAIL_WITH_403":
                raise GatewayError("ACCESS_DENIED", UNAUTHORIZED, 403,
                                   reason="Unauthorized request to invalidate the cache (Cache-Control: max-age=0)")
            log("Cache-Control: max-age=0 ignored: the caller may not invalidate the cache")
            refetch, warn = False, strategy == "SUCCEED_WITH_RESPONSE_HEADER"
        now = time.time()
        entry = None if refetch else self.cache.entries.get(key)
        if entry is not None and entry[6] <= now < entry[0]:
            log(HIT)
            headers = _copy(entry[3])
            if entry[4]:
                _set(headers, "X-Amzn-Trace-Id", trace(call))
            if warn:
                _set(headers, *WARNING)
            return entry[1], entry[2], headers
        log(MISS if not refetch else "Cache-Control: max-age=0: invalidating the cached response")
        status, body, headers = integrate(call, log)
        size = len(body if type(body) is bytes else str(body).encode())
        if size <= MAX_BODY:
            traced = call.trace_id is not None and _get(headers, "X-Amzn-Trace-Id") == call.trace_id
            size += _size(key) + sum(len(k) + len(v) for k, v in headers.items())
            made = time.time()
            self.cache.put(key, (made + self.ttl, status, body, _copy(headers), traced, size, made))
        if warn:
            headers = _copy(headers)
            _set(headers, *WARNING)
        return status, body, headers


def plan(call: Call, stage: dict[str, Any]) -> Plan | None:
    """How ``call`` uses the cache of ``stage`` (None: not at all); a stage without the cache
    loses the entries it had."""
    global any_made  # noqa: PLW0603 - a flag set once
    owner = getattr(call.handle, "backend", call.handle) or _NO_HANDLE
    where = (call.account, call.region, call.api_id, call.stage)
    if not stage.get("cacheClusterEnabled"):
        caches = _CACHES.get(owner)
        if caches:
            caches.pop(where, None)
        return None
    if call.is_canary and not (stage.get("canarySettings") or {}).get("useStageCache"):
        return None
    settings = call.method_settings
    path = call.resource_path.replace("/", "~1")
    own = settings.get(f"{path}/{call.http_method}")
    if own is None and call.method.get("httpMethod") not in (None, call.http_method):
        own = settings.get(f"{path}/{call.method['httpMethod']}")
    setting = own if own is not None else settings.get("*/*")
    if not setting or not setting.get("cachingEnabled"):
        return None
    if own is None and call.http_method != "GET":  # the stage-wide setting caches GET methods only
        return None
    try:
        ttl = min(int(setting.get("cacheTtlInSeconds", DEFAULT_TTL)), MAX_TTL)
    except (TypeError, ValueError):
        ttl = DEFAULT_TTL
    if ttl <= 0:
        return None
    caches = _CACHES.get(owner)
    if caches is None:
        caches = _CACHES.setdefault(owner, {})
    instance = (stage.get("createdDate"), stage.get("cacheClusterSize"))
    cache = caches.get(where)
    if cache is None or cache.instance != instance:
        cache = caches[where] = StageCache(instance)
        any_made = True
    return Plan(cache, setting, ttl)


def _asks_refetch(call: Call) -> bool:
    value = header(call.headers, "Cache-Control")
    if not value:
        return False
    return any(part.strip().lower().replace(" ", "") == "max-age=0" for part in value.split(","))


def _key(call: Call) -> tuple[Any, ...]:
    integration = call.method.get("methodIntegration") or {}
    names = integration.get("cacheKeyParameters") or ()
    namespace = integration.get("cacheNamespace") or call.resource_id
    return (namespace, call.http_method, *(_value(call, integration, str(name)) for name in names))


def _size(key: tuple[Any, ...]) -> int:
    """About the characters ``key`` holds: a client's header or query value may be long."""
    return sum(len(part) if type(part) is str else
               sum(map(len, part)) if type(part) is tuple else 8 for part in key)


def _value(call: Call, integration: dict[str, Any], name: str, depth: int = 0) -> Any:
    """The value of a cache key parameter in ``call`` (None: absent)."""
    if name.startswith("method.request."):
        where, _, field = name[len("method.request."):].partition(".")
        if where == "path":
            return call.path_params.get(field)
        if where in ("querystring", "multivaluequerystring"):
            values = call.query.get(field)
            if not values:
                return None
            return tuple(values) if where == "multivaluequerystring" else values[-1]
        if where == "header":
            return header(call.headers, field)
        if where == "multivalueheader":
            wanted = field.lower()
            return tuple(v for k, vs in call.headers.items() if k.lower() == wanted for v in vs) or None
        return name
    if name.startswith("integration.request.") and depth == 0:
        source = (integration.get("requestParameters") or {}).get(name)
        if isinstance(source, str):
            if source.startswith("stageVariables."):
                return call.stage_variables.get(source[len("stageVariables."):])
            return _value(call, integration, source, 1)
    return name  # a constant (a literal mapped, or an expression gwmock does not read): the same for every call


def _copy(headers: Headers) -> Any:
    return headers.copy() if hasattr(headers, "copy") else dict(headers)


def _get(headers: Headers, name: str) -> str | None:
    wanted = name.lower()
    return next((v for k, v in headers.items() if k.lower() == wanted), None)


def _set(headers: Any, name: str, value: str) -> None:
    """Replace ``name`` (any case) by one line; an ``HTTPHeaderDict`` ignores case itself."""
    if type(headers) is dict:
        for existing in [k for k in headers if k.lower() == name.lower()]:
            del headers[existing]
    headers[name] = value
