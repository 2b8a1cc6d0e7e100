"""UpdateStage's patch operations (the table at the end of the API reference's UpdateStage):
one rule per path, each checking its value as CreateStage checks it, and the promotion of a canary
by ``copy``. ``stages.update_stage`` applies them to a working copy of the stage."""

from __future__ import annotations

import copy
from collections.abc import Sequence
from typing import Any

from gwmock.apigateway.logging_settings import (
    LOGGING_LEVELS,
    check_access_log_destination,
    check_access_log_format,
)
from gwmock.errors import BadRequest
from gwmock.patch import Patch, Rule, as_bool, as_float, as_int, escape, rule, set_field, split_path
from gwmock.state.base import Record

METHOD_SETTING_DEFAULTS: dict[str, Any] = {
    "metricsEnabled": False,
    "dataTraceEnabled": False,
    "throttlingBurstLimit": 5000,
    "throttlingRateLimit": 10000.0,
    "cachingEnabled": False,
    "cacheTtlInSeconds": 300,
    "cacheDataEncrypted": False,
    "requireAuthorizationForCacheControl": True,
    "unauthorizedCacheControlHeaderStrategy": "SUCCEED_WITH_RESPONSE_HEADER",
}

_CACHE_SIZES = ("0.5", "1.6", "6.1", "13.5", "28.4", "58.2", "118", "237")
_VALID_PATHS = (
    "/deploymentId, /description, /cacheClusterEnabled, /cacheClusterSize, /clientCertificateId, "
    "/accessLogSettings, /accessLogSettings/destinationArn, /accessLogSettings/format, "
    "/{resourcePath}/{httpMethod}/metrics/enabled, /{resourcePath}/{httpMethod}/logging/dataTrace, "
    "/{resourcePath}/{httpMethod}/logging/loglevel, /{resourcePath}/{httpMethod}/throttling/burstLimit"
    "/{resourcePath}/{httpMethod}/throttling/rateLimit/{resourcePath}/{httpMethod}/caching/ttlInSeconds, "
    "/{resourcePath}/{httpMethod}/caching/enabled, /{resourcePath}/{httpMethod}/caching/dataEncrypted, "
    "/{resourcePath}/{httpMethod}/caching/requireAuthorizationForCacheControl, "
    "/{resourcePath}/{httpMethod}/caching/unauthorizedCacheControlHeaderStrategy, "
    "/*/*/metrics/enabled, /*/*/logging/dataTrace, /*/*/logging/loglevel, "
    "/*/*/throttling/burstLimit /*/*/throttling/rateLimit /*/*/caching/ttlInSeconds, "
    "/*/*/caching/enabled, /*/*/caching/dataEncrypted, /*/*/caching/requireAuthorizationForCacheControl, "
    "/*/*/caching/unauthorizedCacheControlHeaderStrategy, /variables/{variable_name}, /tracingEnabled"
)
_ACCESS_LOG_PATHS = (
    "Invalid accessLogSettings path. Must be one of : "
    "[/accessLogSettings/destinationArn, /accessLogSettings/format]"
)
NO_DEPLOYMENT = "Deployment id does not exist"
LOGGING = "_logging"  # what a request turns on: "level" (execution logging), "access" (to a log group)


def check_percent(value: float) -> float:
    if not 0.0 <= value <= 100.0:
        raise BadRequest("Canary traffic percentage must be between 0.0 and 100.0")
    return float(value) + 0.0  # -0.0 is 0.0


# --- patch rules -----------------------------------------------------------------------


_COPIES = {
    ("/deploymentId", "/canarySettings/deploymentId"),
    ("/variables", "/canarySettings/stageVariableOverrides"),
}
KNOWN = "_knownDeployment"  # during UpdateStage: whether a deployment id names one of the API's deployments
WAITING = "_waitingCopies"  # during UpdateStage: copies met before the request made the canary


def check_copy(operation: dict[str, Any]) -> None:
    path, source = operation.get("path"), operation.get("from")
    if (path, source) not in _COPIES:
        path, source = ("null" if v is None else v for v in (path, source))  # Java's word for a missing member
        raise BadRequest(
            f"Invalid copy operation with path: {path} and from {source}. Valid copy:path are "
            "[/deploymentId, /variables] and valid copy:from are "
            "[/canarySettings/deploymentId, /canarySettings/stageVariableOverrides]"
        )


def _copy(record: Record, patch: Patch) -> None:
    """A copy promotes the canary as the operations before it left it (JSON Patch's order: "promote,
    then remove /canarySettings" works in one request); one met before any canary exists waits for
    the end of the request, when an operation after it may have made one (aws-recorded
    test_update_stage_with_copy_ops, as gwmock's test orders it; a guess)."""
    if record.get("canarySettings"):
        promote(record, patch.path)
    else:
        record.setdefault(WAITING, []).append(patch.path)


def promote(stage: Record, path: str) -> None:
    canary = stage.get("canarySettings")
    if not canary:
        raise BadRequest("Promotion not available. Canary does not exist.")
    if path == "/deploymentId":
        stage["deploymentId"] = canary["deploymentId"]
    else:
        stage["variables"] = {**stage.get("variables", {}), **canary.get("stageVariableOverrides", {})}


def _ensure_canary(stage: Record) -> Record:
    if "canarySettings" not in stage:
        stage["canarySettings"] = {
            "deploymentId": stage["deploymentId"],
            "percentTraffic": 0.0,
            "useStageCache": False,
        }
    return stage["canarySettings"]  # type: ignore[no-any-return]


def _set_deployment(record: Record, patch: Patch) -> None:
    if not isinstance(patch.value, str) or not record[KNOWN](patch.value):
        raise BadRequest(NO_DEPLOYMENT)
    record["deploymentId"] = patch.value


def _set_canary_deployment(record: Record, patch: Patch) -> None:
    if not isinstance(patch.value, str) or not record[KNOWN](patch.value):
        raise BadRequest(NO_DEPLOYMENT)
    _ensure_canary(record)["deploymentId"] = patch.value


def _set_canary_percent(record: Record, patch: Patch) -> None:
    _ensure_canary(record)["percentTraffic"] = check_percent(as_float(patch.value, patch))


def _set_canary_cache(record: Record, patch: Patch) -> None:
    _ensure_canary(record)["useStageCache"] = as_bool(patch.value, patch)


def _canary_override(record: Record, patch: Patch) -> None:
    name = patch.captures["name"]
    if patch.op == "remove" or patch.value is None:
        overrides = record.get("canarySettings", {}).get("stageVariableOverrides", {})
        overrides.pop(name, None)
        if not overrides:
            record.get("canarySettings", {}).pop("stageVariableOverrides", None)
        return
    _ensure_canary(record).setdefault("stageVariableOverrides", {})[name] = patch.value


def _set_cache_size(record: Record, patch: Patch) -> None:
    if patch.value not in _CACHE_SIZES:
        raise BadRequest(
            f"Invalid cache cluster size specified: {patch.value}. "
            f"Must be one of: [{', '.join(_CACHE_SIZES)}]"
        )
    record["cacheClusterSize"] = patch.value


def _set_variable(record: Record, patch: Patch) -> None:
    variables = record.setdefault("variables", {})
    if patch.op == "remove" or patch.value is None:
        variables.pop(patch.captures["name"], None)
    else:
        variables[patch.captures["name"]] = patch.value


def _access_log_root(record: Record, patch: Patch) -> None:
    if patch.op != "remove":
        raise BadRequest(_ACCESS_LOG_PATHS)
    record.pop("accessLogSettings", None)


def _access_log_field(record: Record, patch: Patch) -> None:
    field = patch.captures["field"]
    if field not in ("destinationArn", "format"):
        raise BadRequest(_ACCESS_LOG_PATHS)
    if not patch.value:
        raise BadRequest("Access Log value must not be empty")
    value = str(patch.value)
    if field == "format":
        check_access_log_format(value)
    else:
        check_access_log_destination(value)
    record.setdefault(LOGGING, "access")
    record.setdefault("accessLogSettings", {})[field] = value


def _method_key(patch: Patch) -> str:
    return f"{escape(patch.captures['resource'])}/{patch.captures['method']}"


def _remove_method_setting(record: Record, patch: Patch) -> None:
    key = _method_key(patch)
    if key not in record["methodSettings"]:
        raise BadRequest(
            f"Cannot remove method setting {key} because there is no method setting for this method "
        )
    del record["methodSettings"][key]


def _as_log_level(value: Any, patch: Patch) -> str:
    if value not in ("OFF", "ERROR", "INFO"):
        raise BadRequest(f"Invalid logging level: {value}. Must be one of: [OFF, ERROR, INFO]")
    return value  # type: ignore[no-any-return]


def _as_cache_strategy(value: Any, patch: Patch) -> str:
    allowed = ("FAIL_WITH_403", "SUCCEED_WITH_RESPONSE_HEADER", "SUCCEED_WITHOUT_RESPONSE_HEADER")
    if value not in allowed:
        raise BadRequest(
            f"Invalid unauthorized cache control header strategy: {value}. "
            f"Must be one of: [{', '.join(allowed)}]"
        )
    return value  # type: ignore[no-any-return]


_METHOD_SETTINGS = {
    ("metrics", "enabled"): ("metricsEnabled", as_bool),
    ("logging", "dataTrace"): ("dataTraceEnabled", as_bool),
    ("logging", "loglevel"): ("loggingLevel", _as_log_level),
    ("throttling", "burstLimit"): ("throttlingBurstLimit", as_int),
    ("throttling", "rateLimit"): ("throttlingRateLimit", as_float),
    ("caching", "enabled"): ("cachingEnabled", as_bool),
    ("caching", "dataEncrypted"): ("cacheDataEncrypted", as_bool),
    ("caching", "ttlInSeconds"): ("cacheTtlInSeconds", as_int),
    ("caching", "requireAuthorizationForCacheControl"): ("requireAuthorizationForCacheControl", as_bool),
    ("caching", "unauthorizedCacheControlHeaderStrategy"): (
        "unauthorizedCacheControlHeaderStrategy",
        _as_cache_strategy,
    ),
}


def _set_method_setting(record: Record, patch: Patch) -> None:
    setting = _METHOD_SETTINGS.get((patch.captures["group"], patch.captures["name"]))
    if setting is None:
        raise _invalid_path(patch.path)
    field, convert = setting
    settings = record["methodSettings"]
    key = _method_key(patch)
    if key not in settings:
        settings[key] = copy.deepcopy(settings.get("*/*", METHOD_SETTING_DEFAULTS))
    settings[key][field] = convert(patch.value, patch)
    if field == "loggingLevel" and settings[key][field] in LOGGING_LEVELS:
        record[LOGGING] = "level"


def _invalid_path(path: str | None) -> BadRequest:
    return BadRequest(f"Invalid method setting path: {path}. Must be one of: [{_VALID_PATHS}]")


def unsupported(op: str, path: str | None, rules: Sequence[Rule]) -> Exception:
    if path is not None and op == "add":
        segments = split_path(path)
        known = [
            r
            for r in rules
            if not r.path.startswith("/{")
            and "replace" in r.ops
            and len(r.pattern) == len(segments)
            and all(p.startswith("{") or p == s for p, s in zip(r.pattern, segments, strict=True))
        ]
        if known:
            return BadRequest(f"Invalid {op} operation with path: {path}")
    return _invalid_path(path)


RULES = [
    rule("/accessLogSettings", "add replace remove", _access_log_root),
    rule("/accessLogSettings/{field}", "add replace", _access_log_field),
    rule("/cacheClusterEnabled", "replace", set_field("cacheClusterEnabled", as_bool)),
    rule("/cacheClusterSize", "replace", _set_cache_size),
    rule("/canarySettings", "remove", set_field("canarySettings")),
    rule("/canarySettings/deploymentId", "replace", _set_canary_deployment),
    rule("/canarySettings/percentTraffic", "replace", _set_canary_percent),
    rule("/canarySettings/useStageCache", "replace", _set_canary_cache),
    rule("/canarySettings/stageVariableOverrides/{name}", "replace remove", _canary_override),
    rule("/clientCertificateId", "replace", set_field("clientCertificateId")),
    rule("/deploymentId", "replace", _set_deployment),
    rule("/deploymentId", "copy", _copy),
    rule("/description", "replace", set_field("description")),
    rule("/documentationVersion", "replace", set_field("documentationVersion")),
    rule("/variables", "remove", set_field("variables")),
    rule("/variables", "copy", _copy),
    rule("/variables/{name}", "replace remove", _set_variable),
    rule("/tracingEnabled", "replace", set_field("tracingEnabled", as_bool)),
    rule("/{resource}/{method}", "remove", _remove_method_setting),
    rule("/{resource}/{method}/{group}/{name}", "replace", _set_method_setting),
]
