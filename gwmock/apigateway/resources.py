"""CreateResource, GetResource, GetResources, UpdateResource, DeleteResource.

A Resource record holds its whole method tree under ``resourceMethods`` (see
``lookups.py``); these handlers keep ``path`` of every descendant in step.

Quirks:
* siblings share no ``pathPart`` (ConflictException "Another resource with the same
  parent already has this name: x"), at most one of them is a variable part, and a
  greedy part (``{proxy+}``) takes no children - test_create_proxy_resource(_validation),
  test_update_resource_behaviour;
* UpdateResource accepts ``replace`` on ``/parentId`` and ``/pathPart`` only, refuses
  cycles ("Resources cannot be cyclical.") and any change of the root resource
  - test_update_resource_behaviour, test_update_resource_on_root; it also refuses to
  make a resource with children greedy, with CreateResource's greedy-parent wording (a guess);
* DeleteResource deletes the whole subtree (202) - test_delete_resource; the subtree walk visits
  each resource once, so a cycle of parents in a restored snapshot ends it rather than looping
  (UpdateResource then answers "Resources cannot be cyclical." for a move or rename inside the
  cycle) - tests/adversarial/test_resource_attacks.py;
* GetResources lists methods as empty objects (``{"GET": {}}``) unless
  ``embed=methods``; resources without methods carry no ``resourceMethods`` -
  test_import_swagger_api (import snapshot), test_resource_lifecycle.
* An unknown API answers "Invalid Resource identifier specified" on the resource
  operations, as PutMethod does (test_put_method_validation); GetResources answers
  the API's own 404 (guess).

A path part may hold ``:`` (``myResource:foo``, for AIP-136 custom methods; a getmoto/moto issue
asks for it "like the real API gateway" does); the refusal names the colon
("Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces
at the beginning and the end...", as third-party linters quote AWS).

Guesses: GetResources is ordered by path (AWS's order is arbitrary; recordings
sort by path); GetResource/UpdateResource show methods like GetResources; the end
of the path-part message (older AWS answers, quoted by moto, end "... and an optional plus
sign before the closing brace.") and "Cannot delete root resource"; child resource ids are
6 characters as in AWS's examples.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterable
from itertools import repeat

from gwmock.apigateway.lookups import resource_or_404, rest_api_or_404
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, Conflict, NotFound
from gwmock.ids import new_id
from gwmock.paging import page_v1
from gwmock.patch import Patch, apply_patch, rule
from gwmock.state.base import Record

_PATH_PART = re.compile(r"[A-Za-z0-9._:-]+|\{[A-Za-z0-9._-]+\+?\}")
_BAD_PATH_PART = ("Resource's path part only allow a-zA-Z0-9._-: or a valid greedy path variable and curly braces "
                  "at the beginning and the end and an optional plus sign before the closing brace.")


def create_resource(ctx: Context, params: Params) -> Result:
    # The checks written out (the path part's, then the greedy parent's, then the one sibling
    # that can clash, ``_candidate_siblings``): every CreateResource makes them.
    api_id = params["restApiId"]
    store = ctx.store
    parent = store.get(("restapis", api_id, "resources", params["parentId"]))
    if parent is None:
        raise NotFound("Invalid Resource identifier specified")
    part = params["pathPart"]
    if not _PATH_PART.fullmatch(part or ""):
        raise BadRequest(_BAD_PATH_PART)
    parent_path = parent["path"]
    path = f"/{part}" if parent_path == "/" else f"{parent_path}/{part}"
    if not store.indexed:
        _check_placement(_resources(ctx, api_id), parent, part, moving=None)
    else:
        if parent.get("pathPart", "").endswith("+}"):
            _check_placement((), parent, part, moving=None)  # raises the greedy parent's error
        variable = part.startswith("{")
        start = ("/{" if parent_path == "/" else f"{parent_path}/{{") if variable else path
        first = store.first(("restapis", api_id, "resources"), "path", start)
        if first is not None and (first[0].startswith(start) if variable else first[0] == path):
            _check_placement((first[1],), parent, part, moving=None)
    resource = {"id": new_id(6), "parentId": parent["id"], "pathPart": part, "path": path}
    store.put(("restapis", api_id, "resources", resource["id"]), resource)
    return resource


def get_resource(ctx: Context, params: Params) -> Result:
    resource = resource_or_404(ctx, params["restApiId"], params["resourceId"])
    return _view(resource, _embeds_methods(params))


def get_resources(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    embed = _embeds_methods(params)
    collection = ("restapis", api["id"], "resources")
    # The path is unique within an API: as the cursor it keeps pages stable under change,
    # and the store's path index serves a page without sorting the whole API.
    page = page_v1(ctx, (), params, view=_embedded_view if embed else None,
                   seek=lambda after, n: ctx.store.ordered_page(collection, "path", after, False, n))
    if not embed:
        page["items"] = _listing_views(page["items"])
    return page


def update_resource(ctx: Context, params: Params) -> Result:
    api_id = params["restApiId"]
    resource = resource_or_404(ctx, api_id, params["resourceId"])
    updated = apply_patch(resource, params.get("patchOperations"), _RULES)
    if updated == resource:
        return _view(resource, False)
    resources = _resources(ctx, api_id)
    by_id = {r["id"]: r for r in resources}
    parent = by_id.get(updated["parentId"])
    if parent is None:
        raise NotFound("Invalid Resource identifier specified")
    if parent["id"] == resource["id"] or parent["id"] in _descendants(resources, resource["id"]):
        raise BadRequest("Resources cannot be cyclical.")
    _check_path_part(updated["pathPart"])
    _check_placement(resources, parent, updated["pathPart"], moving=resource)
    if updated["pathPart"].endswith("+}") and any(r.get("parentId") == resource["id"] for r in resources):
        raise BadRequest(f"Cannot create a child of a resource with a greedy path variable: {updated['pathPart']}")
    updated["path"] = _join(parent["path"], updated["pathPart"])
    by_id[resource["id"]] = updated
    ctx.store.put(("restapis", api_id, "resources", resource["id"]), updated)
    for child_id in _descendants(resources, resource["id"]):  # parents come before their children
        child = by_id[child_id]
        moved = {**child, "path": _join(by_id[child["parentId"]]["path"], child["pathPart"])}
        by_id[child_id] = moved
        ctx.store.put(("restapis", api_id, "resources", child_id), moved)
    return _view(updated, False)


def delete_resource(ctx: Context, params: Params) -> Result:
    api_id = params["restApiId"]
    resource = resource_or_404(ctx, api_id, params["resourceId"])
    if "parentId" not in resource:
        raise BadRequest("Cannot delete root resource")
    for resource_id in [resource["id"], *_descendants(_resources(ctx, api_id), resource["id"])]:
        ctx.store.delete(("restapis", api_id, "resources", resource_id))
    return {}


# --- helpers --------------------------------------------------------------------------


def _resources(ctx: Context, api_id: str) -> list[Record]:
    return ctx.store.values(("restapis", api_id, "resources"))


def _candidate_siblings(ctx: Context, api_id: str, parent: Record, part: str) -> list[Record]:
    """The only sibling that can clash with a new child ``part`` of ``parent``, found with one
    seek in the store's path index (O(log n), not a scan of the API): for a plain part, the
    one at the same path; for a variable part, the parent's (single) variable child, which
    sorts first among the paths under ``<parent path>/{``, before its own descendants, and
    which is also the one at the same path if there is one."""
    if not ctx.store.indexed:
        return _resources(ctx, api_id)  # one scan, rather than a sort of the whole API
    path = _join(parent["path"], part)
    variable = is_variable(part)
    start = _join(parent["path"], "{") if variable else path
    first = ctx.store.first(("restapis", api_id, "resources"), "path", start)
    if first is None:
        return []
    value, found = first
    clash = value.startswith(start) if variable else value == path
    return [found] if clash else []


def _join(parent_path: str, part: str) -> str:
    return f"/{part}" if parent_path == "/" else f"{parent_path}/{part}"


def _embeds_methods(params: Params) -> bool:
    return any("methods" in str(item).split(",") for item in params.get("embed") or ())


def _view(resource: Record, embed: bool) -> Record:
    methods = resource.get("resourceMethods")
    if methods is None:
        if "resourceMethods" not in resource:
            return resource  # the stored record is its own view (records are never changed in place)
    elif embed and methods:
        return resource
    elif not embed and methods:
        return _listed(resource, methods)
    out = resource.copy()
    del out["resourceMethods"]  # re-added last, where views have always had it
    if methods:
        out["resourceMethods"] = methods
    return out


# Listing views of resources with methods (``{"GET": {}}``), by the stored record's identity:
# a stored record is never changed in place, so its view never changes either, and a page of
# GetResources costs a lookup per item. Each entry holds its record, so an id is never reused
# while cached; the memo is emptied when full, so it only ever holds the recently listed.
_LISTED: dict[int, tuple[Record, Record]] = {}
_LISTED_MAX = 4096


def _listing_view(resource: Record) -> Record:
    """GetResources' item without ``embed`` (``_view``'s answer, with the common cases first): a
    resource without methods is its own view, one with methods is looked up in the memo."""
    methods = resource.get("resourceMethods")
    if methods:
        return _listed(resource, methods)
    return resource if methods is None and "resourceMethods" not in resource else _view(resource, False)


def _listing_views(resources: list[Record]) -> list[Record]:
    """``_listing_view`` of each resource of a page, its common cases in this one frame: a
    resource without methods is its own view, one with methods is found in the memo."""
    if not any(map(operator.contains, resources, repeat("resourceMethods"))):
        return resources  # the page of an API's bare resources: their own views
    last = _LAST_VIEWS[0]
    if len(resources) == len(last[0]) and all(map(operator.is_, resources, last[0])):
        return list(last[1])  # the same page as the last time (a listing read again): compared in C
    out = []
    for resource in resources:
        methods = resource.get("resourceMethods")
        if methods:
            entry = _LISTED.get(id(resource))
            out.append(entry[1] if entry is not None and entry[0] is resource else _listed(resource, methods))
        elif methods is None and "resourceMethods" not in resource:
            out.append(resource)
        else:
            out.append(_view(resource, False))
    _LAST_VIEWS[0] = (tuple(resources), tuple(out))
    return out


# The resources of the last page listed (held) and their views.
_LAST_VIEWS: list[tuple[tuple[Record, ...], tuple[Record, ...]]] = [((), ())]


def _embedded_view(resource: Record) -> Record:
    """GetResources' item with ``embed=methods``."""
    return _view(resource, True)


def _listed(resource: Record, methods: Record) -> Record:
    entry = _LISTED.get(id(resource))
    if entry is not None and entry[0] is resource:
        return entry[1]
    out = resource.copy()
    del out["resourceMethods"]
    out["resourceMethods"] = {name: {} for name in methods}
    if len(_LISTED) >= _LISTED_MAX:
        _LISTED.clear()
    _LISTED[id(resource)] = (resource, out)
    return out


def _descendants(resources: Iterable[Record], root_id: str) -> list[str]:
    """Ids below ``root_id``, each after its parent, each once: a restored snapshot may hold a
    cycle of parents, which the walk must end on rather than follow for ever."""
    children: dict[str, list[str]] = {}
    for r in resources:
        if "parentId" in r:
            children.setdefault(r["parentId"], []).append(r["id"])
    seen = {root_id}
    out: list[str] = []
    current = root_id
    index = 0
    while True:  # breadth first, reading ``out`` as it grows (no pops from the front of a list)
        for child in children.get(current, ()):
            if child not in seen:
                seen.add(child)
                out.append(child)
        if index == len(out):
            return out
        current = out[index]
        index += 1


def is_variable(part: str) -> bool:
    """A path part that is a path parameter (``{id}``, ``{proxy+}``)."""
    return part.startswith("{")


def _check_path_part(part: str) -> None:
    if not _PATH_PART.fullmatch(part or ""):
        raise BadRequest(_BAD_PATH_PART)


def _check_placement(resources: Iterable[Record], parent: Record, part: str, moving: Record | None) -> None:
    if parent.get("pathPart", "").endswith("+}"):
        raise BadRequest("Cannot create a child of a resource with a greedy path variable: "
                         f"{parent['pathPart']}")
    for sibling in resources:
        if sibling.get("parentId") != parent["id"] or (moving is not None and sibling["id"] == moving["id"]):
            continue
        if sibling["pathPart"] == part:
            raise Conflict(f"Another resource with the same parent already has this name: {part}")
        if is_variable(part) and is_variable(sibling["pathPart"]):
            raise BadRequest(f"A sibling ({sibling['pathPart']}) of this resource already has a variable "
                             "path part -- only one is allowed")


def _root_guard(field: str) -> Callable[[Record, Patch], None]:
    def apply(record: Record, patch: Patch) -> None:
        if "parentId" not in record:
            raise BadRequest(f"Root resource cannot update its {field}.")
        record[field] = patch.value if patch.value is not None else ""

    return apply


_RULES = [
    rule("/parentId", "replace", _root_guard("parentId")),
    rule("/pathPart", "replace", _root_guard("pathPart")),
]
