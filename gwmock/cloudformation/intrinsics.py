"""Intrinsic functions, conditions and pseudo parameters.

A ``Scope`` resolves a piece of a template once the things it refers to exist:
``Ref`` (parameters, pseudo parameters, resources), ``Fn::GetAtt``, ``Fn::Sub``
(string and ``[string, variables]`` forms, ``${!Literal}`` escapes), ``Fn::Join``,
``Fn::Select``, ``Fn::Split``, ``Fn::If``, ``Fn::FindInMap``, ``Fn::Base64``,
``Fn::GetAZs``, ``Fn::ImportValue``, ``Fn::Length`` and ``Fn::ToJsonString``;
``Conditions`` with ``Fn::Equals``/``And``/``Or``/``Not``/``Condition``.
``AWS::NoValue`` removes the property or list item it stands for.

``references`` lists the logical ids a value refers to (taking only the branch of
each ``Fn::If`` its condition picks), which orders the resources. Messages follow
CloudFormation's ("Template format error: Unresolved resource dependencies [X] in
the Resources block of the template", or "the Outputs block" for an output). Guess: ``Fn::GetAZs`` answers the region's
``a``, ``b`` and ``c`` zones. ``Fn::GetAtt`` with an empty resource or attribute name is refused with
CloudFormation's "every Fn::GetAtt object requires two non-empty parameters, the resource name and the
resource attribute"; an attribute lookup that raises ``MissingAttribute`` fails with its reason.

Bounds (a template is data): each value resolved costs one step of a 2,000,000-step budget, and
every string resolved (a literal, each ``Ref`` of a parameter, each YAML alias of a long
string) or built (``Fn::Join``/``Sub``/``Split``/``Base64``/``ToJsonString``, charged before it is
built) is charged to a budget of 64 M characters per stack, so a ``Fn::Join`` of many references
to a long parameter, a ``Fn::Sub`` repeating one, or an alias repeated through the properties
fails at once with a TemplateError instead of exhausting memory downstream.
"""

from __future__ import annotations

import base64
import json
import re
from collections.abc import Callable, Iterator
from typing import Any

from gwmock.cloudformation.errors import TemplateError

NO_VALUE = object()  # AWS::NoValue: drops the key or item that holds it
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")
_MAX_NODES = 2_000_000  # bounds the work a template (YAML aliases included) can ask for
_MAX_CHARS = 64 * 1024 * 1024  # characters of the strings resolved, referenced and built, all together

Attribute = Callable[[str, str], Any]  # (logical id, attribute name) -> value


class MissingAttribute(Exception):
    """Raised by an ``Attribute`` lookup with CloudFormation's reason; ``get_att`` names the place."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


class Scope:
    """What names mean in one stack: parameters, pseudo parameters, mappings, resources."""

    def __init__(self, template: dict[str, Any], parameters: dict[str, Any], pseudo: dict[str, Any],
                 imports: Callable[[str], Any]) -> None:
        self.template = template
        self.parameters = parameters
        self.pseudo = pseudo
        self.imports = imports
        self.mappings: dict[str, Any] = template.get("Mappings") or {}
        self.condition_specs: dict[str, Any] = template.get("Conditions") or {}
        self.conditions: dict[str, bool] = {}
        self.refs: dict[str, Any] = {}  # logical id -> what Ref answers (resources, once created)
        self.attribute: Attribute = lambda logical_id, name: None
        self.resource_ids: set[str] = set((template.get("Resources") or {}).keys())
        self._budget = _MAX_NODES
        self._chars = _MAX_CHARS
        self._where: tuple[str | None, str | None] = (None, None)
        self._block = "Resources"  # the template section being resolved, as CloudFormation's messages name it

    # --- conditions -------------------------------------------------------------------

    def condition(self, name: str, _seen: tuple[str, ...] = ()) -> bool:
        if name in self.conditions:
            return self.conditions[name]
        if name not in self.condition_specs:
            raise self.error(f"Template error: unresolved condition dependency {name}")
        if name in _seen:
            raise self.error(f"Template error: circular condition dependency {' -> '.join((*_seen, name))}")
        value = self._truth(self.condition_specs[name], (*_seen, name))
        self.conditions[name] = value
        return value

    def _truth(self, spec: Any, seen: tuple[str, ...]) -> bool:
        if isinstance(spec, dict) and len(spec) == 1:
            (key, arg), = spec.items()
            if key == "Condition":
                return self.condition(str(arg), seen)
            if key == "Fn::Equals":
                a, b = self._args(key, arg, 2)
                return _text(self.resolve(a)) == _text(self.resolve(b))
            if key in ("Fn::And", "Fn::Or"):
                if not isinstance(arg, list) or not 2 <= len(arg) <= 10:
                    raise self.error(f"Template error: {key} takes between 2 and 10 conditions")
                values = [self._truth(item, seen) for item in arg]
                return all(values) if key == "Fn::And" else any(values)
            if key == "Fn::Not":
                (item,) = self._args(key, arg, 1)
                return not self._truth(item, seen)
        if isinstance(spec, bool):
            return spec
        raise self.error(f"Template error: {json.dumps(spec, default=str)[:200]} is not a condition")

    # --- resolution -----------------------------------------------------------------

    def at(self, logical_id: str | None, prop: str | None = None, block: str = "Resources") -> Scope:
        """Name the place being resolved (``block``: the template section), for error messages."""
        self._where = (logical_id, prop)
        self._block = block
        return self

    def error(self, reason: str) -> TemplateError:
        return TemplateError(reason, logical_id=self._where[0], prop=self._where[1])

    def resolve(self, value: Any) -> Any:
        self._budget -= 1
        if self._budget < 0:
            raise self.error("Template error: the template asks for too much work to resolve")
        if isinstance(value, dict):
            if len(value) == 1:
                (key, arg), = value.items()
                fn = _FUNCTIONS.get(key)
                if fn is not None:
                    return fn(self, arg)
                if key.startswith("Fn::"):
                    raise self.error(f"Template format error: Unrecognized function {key}")
            out = {}
            for k, v in value.items():
                r = self.resolve(v)
                if r is not NO_VALUE:
                    out[k] = r
            return out
        if isinstance(value, list):
            return [r for r in (self.resolve(v) for v in value) if r is not NO_VALUE]
        if isinstance(value, str):
            self.charge(len(value), "a string")
        return value

    def charge(self, size: int, fn: str) -> None:
        """Account for a string of ``size`` characters about to be built; refuse past the budget."""
        self._chars -= size
        if self._chars < 0:
            raise self.error(f"Template error: {fn} builds more text than gwmock allows for one stack "
                             f"({_MAX_CHARS} characters)")

    def ref(self, name: Any) -> Any:
        if not isinstance(name, str):
            raise self.error("Template error: Ref takes the name of a parameter or resource")
        if name in self.parameters:
            return self.parameters[name]
        if name in self.pseudo:
            return self.pseudo[name]
        if name == "AWS::NoValue":
            return NO_VALUE
        if name in self.refs:
            return self.refs[name]
        if name in self.resource_ids:
            raise self.error(f"Template error: resource {name} is not created (its condition is false)")
        raise self.error(f"Template format error: Unresolved resource dependencies [{name}] "
                         f"in the {self._block} block of the template")

    def get_att(self, arg: Any) -> Any:
        logical_id, name = self._get_att_args(arg)
        if logical_id not in self.refs:
            if logical_id in self.resource_ids:
                raise self.error(f"Template error: resource {logical_id} is not created (its condition is false)")
            raise self.error(f"Template error: instance of Fn::GetAtt references undefined resource {logical_id}")
        try:
            value = self.attribute(logical_id, name)
        except MissingAttribute as missing:
            raise self.error(missing.reason) from None
        if value is None:
            raise self.error(f"Template error: resource {logical_id} does not support attribute {name}")
        return value

    def _get_att_args(self, arg: Any) -> tuple[str, str]:
        if isinstance(arg, str):
            arg = arg.split(".", 1)
        if isinstance(arg, list) and len(arg) == 2:
            logical_id, name = arg[0], self.resolve(arg[1])
            if isinstance(logical_id, str) and isinstance(name, str) and logical_id and name:
                return logical_id, name
        raise self.error("Template error: every Fn::GetAtt object requires two non-empty parameters, "
                         "the resource name and the resource attribute")

    def _args(self, fn: str, arg: Any, count: int) -> list[Any]:
        if not isinstance(arg, list) or len(arg) != count:
            raise self.error(f"Template error: {fn} takes a list of {count} values")
        return arg

    # --- references (ordering) ---------------------------------------------------------

    def references(self, value: Any) -> Iterator[str]:
        """Logical ids of resources ``value`` refers to (through the branches conditions pick)."""
        self._budget -= 1
        if self._budget < 0:
            raise self.error("Template error: the template asks for too much work to resolve")
        if isinstance(value, dict):
            if len(value) == 1:
                (key, arg), = value.items()
                if key == "Ref":
                    if isinstance(arg, str) and arg in self.resource_ids:
                        yield arg
                    return
                if key == "Fn::GetAtt":
                    yield self._get_att_args(arg)[0]
                    return
                if key == "Fn::Sub":
                    yield from self._sub_references(arg)
                    return
                if key == "Fn::If" and isinstance(arg, list) and len(arg) == 3:
                    yield from self.references(arg[1] if self.condition(str(arg[0])) else arg[2])
                    return
            for v in value.values():
                yield from self.references(v)
        elif isinstance(value, list):
            for v in value:
                yield from self.references(v)

    def _sub_references(self, arg: Any) -> Iterator[str]:
        text, variables = (arg, {}) if isinstance(arg, str) else (arg[0], arg[1]) if (
            isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict)) else ("", {})
        yield from self.references(variables)
        for name in _SUB_VARIABLE.findall(text if isinstance(text, str) else ""):
            if name.startswith("!") or name in variables:
                continue
            base = name.split(".", 1)[0]
            if "." in name or base in self.resource_ids:
                if base in self.resource_ids:
                    yield base
                elif base not in self.parameters:
                    yield base  # unknown: reported when resolved


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    return value if isinstance(value, str) else json.dumps(value, sort_keys=True)


def _string(scope: Scope, value: Any, fn: str) -> str:
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, (str, int, float)):
        return str(value)
    raise scope.error(f"Template error: {fn} expects a string, got {json.dumps(value, default=str)[:100]}")


def _ref(scope: Scope, arg: Any) -> Any:
    value = scope.ref(arg)
    if isinstance(value, str):
        scope.charge(len(value), "Ref")
    elif isinstance(value, list):
        scope.charge(sum(len(str(v)) for v in value), "Ref")
    return value


def _get_att(scope: Scope, arg: Any) -> Any:
    return scope.get_att(arg)


def _sub(scope: Scope, arg: Any) -> str:
    if isinstance(arg, list) and len(arg) == 2 and isinstance(arg[1], dict):
        text, variables = scope.resolve(arg[0]), {k: scope.resolve(v) for k, v in arg[1].items()}
    elif isinstance(arg, str):
        text, variables = arg, {}
    else:
        raise scope.error("Template error: Fn::Sub takes a string or [string, {variables}]")
    if not isinstance(text, str):
        raise scope.error("Template error: Fn::Sub takes a string")

    def replace(found: re.Match[str]) -> str:
        out = lookup(found[1])
        scope.charge(len(out), "Fn::Sub")
        return out

    def lookup(name: str) -> str:
        if name.startswith("!"):
            return "${" + name[1:] + "}"
        if name in variables:
            return _string(scope, variables[name], "Fn::Sub")
        if name in scope.parameters or name in scope.pseudo or "." not in name:
            value = scope.ref(name)
            return ",".join(map(str, value)) if isinstance(value, list) else _string(scope, value, "Fn::Sub")
        return _string(scope, scope.get_att(name.split(".", 1)), "Fn::Sub")

    scope.charge(len(text), "Fn::Sub")
    return _SUB_VARIABLE.sub(replace, text)


def _join(scope: Scope, arg: Any) -> str:
    delimiter, items = scope._args("Fn::Join", arg, 2)
    delimiter, items = scope.resolve(delimiter), scope.resolve(items)
    if not isinstance(items, list):
        raise scope.error("Template error: Fn::Join takes a delimiter and a list")
    glue = _string(scope, delimiter, "Fn::Join")
    parts = [_string(scope, v, "Fn::Join") for v in items]
    scope.charge(sum(map(len, parts)) + len(glue) * max(len(parts) - 1, 0), "Fn::Join")
    return glue.join(parts)


def _select(scope: Scope, arg: Any) -> Any:
    index, items = (scope.resolve(v) for v in scope._args("Fn::Select", arg, 2))
    try:
        position = int(index)
    except (TypeError, ValueError):
        raise scope.error("Template error: Fn::Select index must be a number") from None
    if not isinstance(items, list) or not 0 <= position < len(items):
        raise scope.error("Template error: Fn::Select cannot select nonexistent value at index "
                          f"{position}")
    return items[position]


def _split(scope: Scope, arg: Any) -> list[str]:
    delimiter, text = (scope.resolve(v) for v in scope._args("Fn::Split", arg, 2))
    delimiter, text = _string(scope, delimiter, "Fn::Split"), _string(scope, text, "Fn::Split")
    if not delimiter:
        raise scope.error("Template error: Fn::Split delimiter must not be empty")
    scope.charge(len(text) + text.count(delimiter), "Fn::Split")
    return text.split(delimiter)


def _if(scope: Scope, arg: Any) -> Any:
    name, yes, no = scope._args("Fn::If", arg, 3)
    return scope.resolve(yes if scope.condition(str(name)) else no)


def _find_in_map(scope: Scope, arg: Any) -> Any:
    if not isinstance(arg, list) or len(arg) not in (3, 4):
        raise scope.error("Template error: Fn::FindInMap takes [map, top-level key, second-level key]")
    name, top, second = (_string(scope, scope.resolve(v), "Fn::FindInMap") for v in arg[:3])
    try:
        return scope.mappings[name][top][second]
    except (KeyError, TypeError):
        if len(arg) == 4 and isinstance(arg[3], dict) and "DefaultValue" in arg[3]:
            return scope.resolve(arg[3]["DefaultValue"])
        if name not in scope.mappings:
            raise scope.error(f"Template error: Mapping named '{name}' is not present in the 'Mappings' "
                              "section of template") from None
        raise scope.error(f"Template error: Unable to get mapping for {name}::{top}::{second}") from None


def _base64(scope: Scope, arg: Any) -> str:
    text = _string(scope, scope.resolve(arg), "Fn::Base64")
    scope.charge(len(text) * 2, "Fn::Base64")
    return base64.b64encode(text.encode()).decode()


def _get_azs(scope: Scope, arg: Any) -> list[str]:
    region = scope.resolve(arg) or scope.pseudo["AWS::Region"]
    return [f"{region}{zone}" for zone in "abc"]


def _import_value(scope: Scope, arg: Any) -> Any:
    name = _string(scope, scope.resolve(arg), "Fn::ImportValue")
    value = scope.imports(name)
    if value is None:
        raise scope.error(f"No export named {name} found")
    return value


def _length(scope: Scope, arg: Any) -> int:
    items = scope.resolve(arg)
    if not isinstance(items, list):
        raise scope.error("Template error: Fn::Length takes a list")
    return len(items)


def _to_json_string(scope: Scope, arg: Any) -> str:
    text = json.dumps(scope.resolve(arg), separators=(",", ":"))
    scope.charge(len(text), "Fn::ToJsonString")
    return text


def _condition_value(scope: Scope, arg: Any) -> bool:
    return scope.condition(str(arg))


def _unsupported(name: str) -> Callable[[Scope, Any], Any]:
    def fail(scope: Scope, arg: Any) -> Any:
        raise scope.error(f"Template error: {name} is not supported by gwmock")
    return fail


_FUNCTIONS: dict[str, Callable[[Scope, Any], Any]] = {
    "Ref": _ref, "Fn::GetAtt": _get_att, "Fn::Sub": _sub, "Fn::Join": _join, "Fn::Select": _select,
    "Fn::Split": _split, "Fn::If": _if, "Fn::FindInMap": _find_in_map, "Fn::Base64": _base64,
    "Fn::GetAZs": _get_azs, "Fn::ImportValue": _import_value, "Fn::Length": _length,
    "Fn::ToJsonString": _to_json_string, "Condition": _condition_value,
    "Fn::Cidr": _unsupported("Fn::Cidr"), "Fn::Transform": _unsupported("Fn::Transform"),
}
