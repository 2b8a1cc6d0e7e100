"""CreateApiKey, GetApiKey, GetApiKeys, UpdateApiKey, DeleteApiKey, ImportApiKeys.

Quirks (aws-recorded, test_apigateway_extended / test_apigateway_common):
* a key is created disabled unless ``enabled`` says otherwise, with ``stageKeys: []``
  and a 40-character mixed-case value when none (or an empty one) is given; an empty
  name is dropped - test_get_api_keys, test_create_api_key_with_invalid_name,
  test_create_api_key_with_invalid_value;
* ``value`` is returned by CreateApiKey only, and by Get* with includeValue(s); ``tags``
  on create only when set, always on Get/Update - test_api_key_required_for_methods;
* names over 1024 characters, values outside 20..128 characters and descriptions over
  125000 characters are refused with AWS's wording - test_create_api_key_with_invalid_*,
  test_update_api_key_invalid_description_length;
* ``/enabled`` takes any string, anything but "true" meaning false -
  test_update_api_key_invalid_enabled_type; the patch error lists
  ``[/description, /enabled, /name, /customerId]`` - test_update_api_key_immutable_field;
  ``/labels`` takes add and remove (seed 003's patch table) and is answered by no member;
* GetApiKeys lists the newest key first, ``nameQuery`` is a case-sensitive prefix, and
  a limit below 1 is ignored - test_get_api_keys, test_negative_get_usage_plan_api_keys
  (the order is what AWS answered twice; "newest first" is our reading of it);
* a duplicate value is a 409 "API Key already exists" (AWS's wording as reported by
  users, not recorded).

Deleting a key also removes it from every usage plan (recorded: test_get_usage_plan_api_keys
shows the plan keys gone). ImportApiKeys follows the developer guide's "API Gateway API key
file format": ``Name`` and ``Key`` columns required, case-insensitive headers in any order,
unknown columns ignored, ``Enabled`` defaulting to true, ``UsagePlanIds`` comma-separated in
double or single quotes, a re-imported value overwriting its key (a value met twice in one file:
the later row wins); a header without ``Key`` (checked first) or ``Name`` is "Missing required
column 'Key'" (AWS's answer quoted in boto/boto3#1280). The file is read as CSV (RFC 4180): a
double-quoted field may hold commas and line breaks, and only CR/LF end a record; line numbers are
the physical line a record starts on, blank lines counted. A key is found by its value through the store's index
(``lookups.api_key_by_value``), so a file of 100,000 rows costs linear time, not a scan per row.

Guesses: stageKeys must name an existing API and stage (404s of lookups.py); rows ImportApiKeys
cannot take become warnings ("Invalid API Key on line N: ..."), and with failOnWarnings the
import fails as a whole with the warnings as message (in line order); the wording of an empty
file, of one that is not UTF-8 and of one with a field past the CSV reader's size; a row's
description is held to CreateApiKey's 125,000 characters, and a row that would put its key in two
usage plans sharing an API stage is refused with CreateUsagePlanKey's 409 wording, as a warning.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from typing import Any

from gwmock.apigateway.lookups import api_key_by_value, rest_api_or_404, stage_or_404
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict, NotFound
from gwmock.ids import api_key_value, new_id
from gwmock.paging import page_v1
from gwmock.patch import Patch, apply_patch, list_item, rule, set_field
from gwmock.state.base import Record
from gwmock.tags import check_tags

MAX_NAME = 1024
MAX_DESCRIPTION = 125000
MIN_VALUE, MAX_VALUE = 20, 128


def create_api_key(ctx: Context, params: Params) -> Result:
    _check_name(params.get("name"))
    _check_description(params.get("description"))
    value = params.get("value") or api_key_value()
    _check_value(value)
    _check_unique_value(ctx, value)
    stage_keys = [_stage_key(ctx, sk.get("restApiId"), sk.get("stageName"))
                  for sk in params.get("stageKeys") or []]
    tags = check_tags(params.get("tags"))
    now = ctx.now()
    key: Record = {
        "id": new_id(),
        "value": value,
        "enabled": bool(params.get("enabled", False)),
        "createdDate": now,
        "lastUpdatedDate": now,
        "stageKeys": stage_keys,
    }
    for name in ("name", "description", "customerId"):
        if params.get(name):
            key[name] = params[name]
    if tags:
        key["tags"] = tags
    ctx.store.put(("apikeys", key["id"]), key)
    return key


def get_api_key(ctx: Context, params: Params) -> Result:
    key = api_key_or_404(ctx, params["apiKey"])
    return _view(key, bool(params.get("includeValue")), with_tags=True)


def get_api_keys(ctx: Context, params: Params) -> Result:
    params = dict(params)
    if params.get("limit") is not None and params["limit"] < 1:
        params.pop("limit")  # AWS answers as if no limit was given (recorded)
    name_query, customer_id = params.get("nameQuery"), params.get("customerId")
    include = bool(params.get("includeValues"))

    def keep(key: Record) -> bool:
        if name_query and not key.get("name", "").startswith(name_query):
            return False
        return not customer_id or key.get("customerId") == customer_id

    return page_v1(ctx, ("apikeys",), params, keep=keep, view=lambda k: _view(k, include),
                   rows=newest_first(ctx.store.scan(("apikeys",))))


def update_api_key(ctx: Context, params: Params) -> Result:
    key = api_key_or_404(ctx, params["apiKey"])
    updated = apply_patch(key, params.get("patchOperations"), _rules(ctx))
    updated["lastUpdatedDate"] = ctx.now()
    ctx.store.put(("apikeys", key["id"]), updated)
    return _view(updated, False, with_tags=True)


def delete_api_key(ctx: Context, params: Params) -> Result:
    key = api_key_or_404(ctx, params["apiKey"])
    for plan in ctx.store.values(("usageplans",)):
        ctx.store.delete(("usageplans", plan["id"], "keys", key["id"]))
    ctx.store.delete(("apikeys", key["id"]))
    return {}


def import_api_keys(ctx: Context, params: Params) -> Result:
    if params.get("format") != "csv":
        raise BadRequest("Invalid format specified. Only csv is supported.")
    ids, warnings = [], []
    for line, row in _parse_csv(params["body"]):
        try:
            if isinstance(row, str):
                raise BadRequest(row)
            ids.append(_store_imported(ctx, _import_entry(ctx, row)))
        except BadRequest as error:
            warnings.append(f"Invalid API Key on line {line}: {error.message}")
    if warnings and params.get("failOnWarnings"):
        raise BadRequest("; ".join(warnings))  # the unit of work takes back the rows already stored
    out: Result = {"ids": ids}
    if warnings:
        out["warnings"] = warnings
    return out


# --- shared with usage_plans ------------------------------------------------------------


def api_key_or_404(ctx: Context, key_id: str) -> Record:
    key = ctx.store.get(("apikeys", key_id))
    if key is None:
        raise NotFound("Invalid API Key identifier specified")
    return key


def newest_first(rows: Iterable[tuple[int, Record]]) -> Iterator[tuple[int, Record]]:
    """Rows in reverse insertion order, with cursors that still grow along the page order."""
    return ((-cursor, record) for cursor, record in reversed(list(rows)))


# --- helpers --------------------------------------------------------------------------


def _view(key: Record, include_value: bool, with_tags: bool = False) -> Record:
    out = {k: v for k, v in key.items() if (k != "value" or include_value) and k != "labels"}
    if with_tags:
        out["tags"] = key.get("tags", {})
    elif not out.get("tags"):
        out.pop("tags", None)
    return out


def _check_name(name: str | None) -> None:
    if name is not None and len(name) > MAX_NAME:
        raise BadRequest(f"Invalid API Key name, can be at most {MAX_NAME} characters.")


def _check_description(description: str | None) -> None:
    if description is not None and len(description) > MAX_DESCRIPTION:
        raise BadRequest("Invalid API Key description specified.")


def _check_value(value: str) -> None:
    if len(value) < MIN_VALUE:
        raise BadRequest(f"API Key value should be at least {MIN_VALUE} characters")
    if len(value) > MAX_VALUE:
        raise BadRequest(f"API Key value exceeds maximum size of {MAX_VALUE} characters")


def _check_unique_value(ctx: Context, value: str, except_id: str | None = None) -> None:
    existing = api_key_by_value(ctx.store, value)
    if existing is not None and existing["id"] != except_id:
        raise Conflict("API Key already exists")


def _stage_key(ctx: Context, api_id: str | None, stage_name: str | None) -> str:
    if not api_id or not stage_name:
        raise BadRequest("Invalid stage key specified")
    rest_api_or_404(ctx, api_id)
    stage_or_404(ctx, api_id, stage_name)
    return f"{api_id}/{stage_name}"


def _rules(ctx: Context) -> list[Any]:
    def name(record: Record, patch: Patch) -> None:
        _check_name(patch.value)
        set_field("name")(record, patch)
        if not record.get("name"):
            record.pop("name", None)

    def description(record: Record, patch: Patch) -> None:
        _check_description(patch.value)
        set_field("description")(record, patch)

    def enabled(record: Record, patch: Patch) -> None:
        # AWS parses the value like Java's Boolean.parseBoolean (recorded).
        record["enabled"] = str(patch.value).lower() == "true"

    def stages(record: Record, patch: Patch) -> None:
        value = patch.value or ""
        api_id, _, stage_name = value.partition("/")
        stage_keys = [s for s in record.get("stageKeys", []) if s != value]
        if patch.op == "add":
            stage_keys.append(_stage_key(ctx, api_id, stage_name))
        record["stageKeys"] = stage_keys

    return [
        rule("/description", "replace", description),
        rule("/enabled", "replace", enabled),
        rule("/name", "replace", name),
        rule("/customerId", "replace", set_field("customerId")),
        rule("/stages", "add remove", stages),
        # the patch table's /labels (add, remove): no ApiKey member answers labels, so they are
        # kept but never shown (guess: AWS documents the path and nothing else about it)
        rule("/labels", "add remove", list_item("labels")),
    ]


Row = dict[str, str]


def _parse_csv(body: bytes | str) -> list[tuple[int, Row | str]]:
    """The file's records after its header: ``(line, cells by lower-case column)``, or ``(line,
    why it cannot be read)`` for a record with the wrong number of fields."""
    try:
        return _read_csv(body)
    except UnicodeDecodeError:  # the caller's error, told in our words, never Python's (guess)
        raise BadRequest("Invalid API Key file: the file is not UTF-8 text") from None
    except csv.Error:  # past the reader's field size (no known column can be that long)
        raise BadRequest("Invalid API Key file: a field is too long") from None


def _read_csv(body: bytes | str) -> list[tuple[int, Row | str]]:
    text = body.decode("utf-8-sig") if isinstance(body, bytes) else body.removeprefix("\ufeff")
    reader = csv.reader(io.StringIO(text, newline=""))  # records end at CR/LF only, never in quotes
    header: list[str] | None = None
    rows: list[tuple[int, Row | str]] = []
    start = 1
    for cells in reader:
        line, start = start, reader.line_num + 1
        if not any(cell.strip() for cell in cells):
            continue  # a blank line
        if header is None:
            header = _header(cells)
            continue
        if len(cells) != len(header):
            cells = _single_quoted(cells)  # UsagePlanIds may be single-quoted
        if len(cells) != len(header):
            rows.append((line, f"expected {len(header)} columns"))
            continue
        rows.append((line, dict(zip(header, (c.strip() for c in cells), strict=True))))
    if header is None:
        raise BadRequest("Invalid API Key file: the file is empty")
    return rows


def _header(cells: list[str]) -> list[str]:
    header = [h.strip().lower() for h in cells]
    # AWS's wording, Key checked first (boto/boto3#1280 quotes it for a header naming neither column)
    for column in ("Key", "Name"):
        if column.lower() not in header:
            raise BadRequest(f"Missing required column '{column}'")
    return header


def _single_quoted(cells: list[str]) -> list[str]:
    """``cells`` with each run from a cell opening a single quote to the cell closing it joined
    back with commas (``'p1`` ``p2'`` -> ``'p1,p2'``); an unclosed run stays as it was."""
    out: list[str] = []
    run: list[str] | None = None
    for cell in cells:
        if run is not None:
            run.append(cell)
            if cell.rstrip().endswith("'"):
                out.append(",".join(run))
                run = None
        elif cell.lstrip().startswith("'") and not (len(cell.strip()) > 1 and cell.rstrip().endswith("'")):
            run = [cell]
        else:
            out.append(cell)
    return out + (run or [])


def _import_entry(ctx: Context, row: Row) -> dict[str, Any]:
    value = row.get("key", "")
    _check_value(value)
    _check_name(row.get("name"))
    _check_description(row.get("description"))
    names = row.get("usageplanids", "").strip().strip("'\"").split(",")
    plan_ids = list(dict.fromkeys(p.strip() for p in names if p.strip()))  # each plan once
    plans = []
    for plan_id in plan_ids:
        plan = ctx.store.get(("usageplans", plan_id))
        if plan is None:
            raise BadRequest(f"Invalid Usage Plan ID specified: {plan_id}")
        plans.append(plan)
    existing = api_key_by_value(ctx.store, value)
    key_id = existing["id"] if existing is not None else new_id()
    if plans:
        _check_plan_stages(ctx, key_id, plans, known=existing is not None)
    return {"id": key_id, "existing": existing, "value": value, "name": row.get("name", ""),
            "description": row.get("description", ""),
            "enabled": row.get("enabled", "true").lower() != "false", "plans": plan_ids}


def _check_plan_stages(ctx: Context, key_id: str, plans: list[Record], known: bool) -> None:
    """CreateUsagePlanKey's rule for an imported key: no API stage through two of its plans."""
    joining = {plan["id"] for plan in plans}
    taken: dict[tuple[str, str], str] = {}
    if known:
        for other in ctx.store.values(("usageplans",)):
            if other["id"] not in joining and ctx.store.get(("usageplans", other["id"], "keys", key_id)):
                taken.update({(s["apiId"], s["stage"]): other["id"] for s in other["apiStages"]})
    for plan in plans:
        for stage in plan["apiStages"]:
            where = (stage["apiId"], stage["stage"])
            if taken.setdefault(where, plan["id"]) != plan["id"]:
                raise BadRequest(f"Usage Plan {plan['id']} cannot be added because API Key {key_id} cannot "
                                 f"reference multiple Usage Plans with the same API Stage: {where[0]}:{where[1]}")


def _store_imported(ctx: Context, entry: dict[str, Any]) -> str:
    existing, now = entry["existing"], ctx.now()
    key: Record = dict(existing) if existing else {
        "id": entry["id"], "value": entry["value"], "createdDate": now, "stageKeys": []}
    key.update(enabled=entry["enabled"], lastUpdatedDate=now)
    for name in ("name", "description"):
        key.pop(name, None)
        if entry[name]:
            key[name] = entry[name]
    ctx.store.put(("apikeys", key["id"]), key)
    for plan_id in entry["plans"]:
        ctx.store.put(("usageplans", plan_id, "keys", key["id"]), {"id": key["id"], "type": "API_KEY"})
    return key["id"]  # type: ignore[no-any-return]
