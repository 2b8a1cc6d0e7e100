"""Mapping templates: Velocity (VTL) as API Gateway runs it, on the ``airspeed`` engine.

``render(template, scope)`` evaluates one request or response template. The names
a template sees are API Gateway's:

* ``$input``: ``body``, ``json(path)``, ``path(path)``, ``params()`` and
  ``params(name)`` (path, then query string, then header; "" when absent);
* ``$context``: the request context (a dict; unknown keys render empty);
* ``$stageVariables``: the stage variables (unknown names render empty, as the
  recorded canary scenario shows: test_apigateway_canary test_invoking_canary_deployment);
* ``$context.requestOverride`` / ``$context.responseOverride``: settable maps
  (``header``, ``querystring``, ``path``, ``status``) the pipeline applies after rendering;
* ``$util``: ``escapeJavaScript``, ``parseJson``, ``urlEncode``, ``urlDecode``,
  ``base64Encode``, ``base64Decode``.

JSONPath is the subset templates use: ``$``, ``.name``, ``['name']``, ``[index]``
and ``[*]``.
"""

from __future__ import annotations

import base64
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

import airspeed

_TOKEN = re.compile(r"\.([^.\[\]]+)|\[\s*'([^']*)'\s*\]|\[\s*\"([^\"]*)\"\s*\]|\[\s*(\d+|\*)\s*\]")


class JavaBool:
    """A boolean that renders as Java's (``true``/``false``) yet tests as Python's."""

    __slots__ = ("value",)

    def __init__(self, value: bool) -> None:
        self.value = value

    def __bool__(self) -> bool:
        return self.value

    def __eq__(self, other: object) -> bool:
        return self.value == (other.value if isinstance(other, JavaBool) else other)

    def __hash__(self) -> int:
        return hash(self.value)

    def __str__(self) -> str:
        return "true" if self.value else "false"

    __repr__ = __str__


class JavaMap(dict):  # type: ignore[type-arg]
    """A JSON object as templates see it: prints as Java's map (``{a=1, b=x}``)."""

    def __str__(self) -> str:
        return "{" + ", ".join(f"{k}={_java_text(v)}" for k, v in self.items()) + "}"

    def toString(self) -> str:  # noqa: N802 - the name templates use
        return str(self)

    def containsKey(self, key: Any) -> bool:  # noqa: N802
        return key in self

    def keySet(self) -> list[Any]:  # noqa: N802
        return list(self.keys())

    def put(self, key: Any, value: Any) -> Any:
        previous = self.get(key)
        self[key] = value
        return previous

    def size(self) -> int:
        return len(self)

    def isEmpty(self) -> bool:  # noqa: N802
        return not self


class JavaList(list):  # type: ignore[type-arg]
    """A JSON array as templates see it: prints as JSON (aws-recorded: test_apigateway_common
    test_input_path_template_formatting)."""

    def __str__(self) -> str:
        return json.dumps(_plain(self), separators=(",", ":"))

    def toString(self) -> str:  # noqa: N802
        return str(self)

    def size(self) -> int:
        return len(self)

    def isEmpty(self) -> bool:  # noqa: N802
        return not self


def _java_text(value: Any) -> str:
    if value is None:
        return "null"
    return str(value)


def _plain(value: Any) -> Any:
    if isinstance(value, JavaBool):
        return value.value
    if isinstance(value, dict):
        return {k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def java_values(value: Any) -> Any:
    """``value`` with booleans, objects and arrays made to print Java's way."""
    if isinstance(value, bool):
        return JavaBool(value)
    if isinstance(value, dict):
        return JavaMap({k: java_values(v) for k, v in value.items()})
    if isinstance(value, list):
        return JavaList(java_values(v) for v in value)
    return value


class Lenient(dict):  # type: ignore[type-arg]
    """A dict whose missing keys read as "" (API Gateway renders unknown variables empty)."""

    def __missing__(self, key: str) -> str:
        return ""

    def __contains__(self, key: object) -> bool:
        return True


def json_path(document: Any, path: str) -> Any:
    """The value at ``path`` in ``document``; ``None`` when there is none."""
    path = path.strip()
    if not path.startswith("$"):
        path = "$." + path
    values = [document]
    position = 1
    while position < len(path):
        match = _TOKEN.match(path, position)
        if match is None:
            raise ValueError(f"Invalid JSONPath: {path}")
        position = match.end()
        name = match.group(1) or match.group(2) or match.group(3)
        index = match.group(4)
        step: list[Any] = []
        for value in values:
            if name is not None and isinstance(value, dict) and name in value:
                step.append(value[name])
            elif name == "*" or index == "*":
                step.extend(value.values() if isinstance(value, dict) else value if isinstance(value, list) else [])
            elif index is not None and isinstance(value, list) and int(index) < len(value):
                step.append(value[int(index)])
        values = step
        if not values:
            return None
    wildcard = "*" in path
    return values if wildcard else values[0]


class Input:
    """``$input``: the payload being mapped and the method request's parameters."""

    def __init__(self, body: str, params: dict[str, dict[str, str]]) -> None:
        self.body = body
        self._params = params

    def _document(self) -> Any:
        if not self.body:
            return {}
        try:
            return json.loads(self.body)
        except ValueError:
            return self.body

    def json(self, path: str = "$") -> str:
        value = json_path(self._document(), path)
        return "" if value is None else json.dumps(value, separators=(",", ":"))

    def path(self, path: str = "$") -> Any:
        value = json_path(self._document(), path)
        return "" if value is None else java_values(value)

    def params(self, name: str | None = None) -> Any:
        if name is None:
            return {"path": dict(self._params.get("path", {})),
                    "querystring": dict(self._params.get("querystring", {})),
                    "header": dict(self._params.get("header", {}))}
        for where in ("path", "querystring", "header"):
            values = self._params.get(where, {})
            if where == "header":
                values = {k.lower(): v for k, v in values.items()}
                name_in = name.lower()
            else:
                name_in = name
            if name_in in values:
                return values[name_in]
        return ""


def _arg(value: Any) -> str:
    """A template value as the text a ``$util`` function works on (null is empty)."""
    return "" if value is None else str(value)


class Util:
    """``$util``."""

    @staticmethod
    def escapeJavaScript(value: Any) -> str:  # noqa: N802 - the name templates use
        text = _arg(value)
        for char, escaped in (("\\", "\\\\"), ('"', '\\"'), ("'", "\\'"), ("\n", "\\n"), ("\r", "\\r"),
                              ("\t", "\\t"), ("\b", "\\b"), ("\f", "\\f"), ("/", "\\/")):
            text = text.replace(char, escaped)
        return text

    @staticmethod
    def parseJson(value: str) -> Any:  # noqa: N802
        return java_values(json.loads(value))

    @staticmethod
    def urlEncode(value: str) -> str:  # noqa: N802
        return urllib.parse.quote_plus(_arg(value))

    @staticmethod
    def urlDecode(value: str) -> str:  # noqa: N802
        return urllib.parse.unquote_plus(_arg(value))

    @staticmethod
    def base64Encode(value: str) -> str:  # noqa: N802
        return base64.b64encode(_arg(value).encode()).decode()

    @staticmethod
    def base64Decode(value: str) -> str:  # noqa: N802
        return base64.b64decode(_arg(value)).decode()


@dataclass
class Scope:
    """Everything a template can name."""

    body: str
    params: dict[str, dict[str, str]]
    context: dict[str, Any] = field(default_factory=dict)
    stage_variables: dict[str, str] = field(default_factory=dict)
    # ``{"requestOverride": {...}, "responseOverride": {...}}``: dicts the template may set
    # (``#set($context.responseOverride.status = 400)``), read back by the pipeline
    overrides: dict[str, dict[str, Any]] | None = None

    def namespace(self) -> dict[str, Any]:
        context = _lenient(self.context)
        for name, target in (self.overrides or {}).items():
            if not name.startswith("_"):
                context[name] = target
        return {
            "input": Input(self.body, self.params),
            "context": context,
            "stageVariables": Lenient(self.stage_variables),
            "util": Util(),
        }


def _lenient(value: Any) -> Any:
    if isinstance(value, dict):
        return Lenient({k: _lenient(v) for k, v in value.items()})
    return java_values(value)


class TemplateError(Exception):
    """A template API Gateway could not evaluate (answered as a 500 by the pipeline)."""


def render(template: str, scope: Scope) -> str:
    namespace = scope.namespace()
    context = namespace["context"]
    if scope.overrides is not None:  # variables a request template sets on $context reach the response's
        context.update(scope.overrides.get("_context") or {})
    try:
        out = str(airspeed.Template(template).merge(namespace))
    except Exception as error:  # airspeed raises its own and Python errors alike
        raise TemplateError(str(error)) from error
    if scope.overrides is not None:
        custom = scope.overrides.setdefault("_context", {})
        for key, value in dict.items(context):
            if key not in scope.context and key not in scope.overrides:
                custom[key] = value
    return out
