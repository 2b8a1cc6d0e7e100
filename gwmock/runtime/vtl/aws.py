"""What API Gateway puts in a mapping template's scope: ``$input``, ``$util``, ``$context``,
``$stageVariables`` (AWS's "API Gateway mapping template and access logging variable reference").

* ``$input``: ``body``, ``json(path)``, ``path(path)``, ``params()`` and ``params(name)`` (path,
  then query string, then header, headers case-insensitively; "" when absent). An empty body
  reads as ``{}`` (aws-recorded: test_apigateway_sqs test_sqs_aws_integration, the message of
  the call without payload; test_apigateway_common test_input_body_formatting, empty-body).
  A path that finds nothing is null (prints nothing); ``json`` of it is "".
* ``$util``: ``escapeJavaScript`` (Commons Lang 2's rules: quotes, ``\\``, ``/``, control and
  non-ASCII characters as ``\\uXXXX``; guess from the documented quote and slash escaping),
  ``parseJson``, ``urlEncode`` (Java's ``URLEncoder``), ``urlDecode``, ``base64Encode``,
  ``base64Decode``.
* ``$context``: the request context as a map (``keySet()``, ``get(...)`` work), with the
  settable ``requestOverride``/``responseOverride`` maps the pipeline applies afterwards.
* ``$stageVariables``: a map; unknown names print nothing (aws-recorded: test_apigateway_canary
  test_invoking_canary_deployment).

JSONPath (``json_path``) is Jayway's, as API Gateway runs it: see ``jsonpath``.
"""

from __future__ import annotations

import base64
import binascii
import functools
import json
import re
import urllib.parse
from dataclasses import dataclass, field
from typing import Any

from gwmock.runtime.vtl import engine
from gwmock.runtime.vtl.jsonpath import json_path
from gwmock.runtime.vtl.limits import DEFAULT, Budget, Limits, TemplateError, activate, deactivate
from gwmock.runtime.vtl.nodes import Template
from gwmock.runtime.vtl.parser import parse
from gwmock.runtime.vtl.values import Builtin, java_values, plain, text

_CACHED_TEMPLATE = 64 * 1024  # parsed templates up to this size are kept for the next call


class Input(Builtin):
    """``$input``: the payload being mapped and the method request's parameters."""

    __slots__ = ("body", "_params", "_document")

    def __init__(self, body: str, params: dict[str, dict[str, str]]) -> None:
        self.body = body
        self._params = params
        self._document: Any = None

    def document(self) -> Any:
        """The body parsed once per render (its text when it is not JSON)."""
        if self._document is None:
            if not self.body.strip():
                self._document = {}
            else:
                try:
                    self._document = json.loads(self.body)
                except (ValueError, RecursionError):
                    self._document = self.body
        return self._document

    def json(self, path: Any = "$") -> str:
        value = _path(self.document(), path)
        return "" if value is None else json.dumps(value, separators=(",", ":"))

    def path(self, path: Any = "$") -> Any:
        value = _path(self.document(), path)
        return None if value is None else java_values(value)

    def params(self, *name: Any) -> Any:
        if not name:
            return {where: dict(self._params.get(where, {})) for where in ("path", "querystring", "header")}
        wanted = text(name[0])
        for where in ("path", "querystring"):
            values = self._params.get(where, {})
            if wanted in values:
                return values[wanted]
        lowered = wanted.lower()
        return next((v for k, v in self._params.get("header", {}).items() if k.lower() == lowered), "")

    METHODS = {"json": json, "path": path, "params": params}
    PROPERTIES = {"body": lambda self: self.body}


def _path(document: Any, path: Any) -> Any:
    try:
        return json_path(document, text(path))
    except ValueError as error:
        raise TemplateError(str(error)) from None


_JS_ESCAPES = {"\\": "\\\\", '"': '\\"', "'": "\\'", "/": "\\/", "\n": "\\n", "\r": "\\r", "\t": "\\t",
               "\b": "\\b", "\f": "\\f"}


_JS_TABLE = str.maketrans({**{chr(c): f"\\u{c:04X}" for c in range(32)}, **_JS_ESCAPES})
_NON_ASCII = re.compile("[^\x00-\x7f]")


def _escape_code(match: re.Match[str]) -> str:
    code = ord(match.group())
    if code > 0xFFFF:  # Java strings hold UTF-16: a pair of escaped surrogates
        code -= 0x10000
        return f"\\u{0xD800 + (code >> 10):04X}\\u{0xDC00 + (code & 0x3FF):04X}"
    return f"\\u{code:04X}"


def escape_javascript(value: Any) -> str:
    """Commons Lang 2's escapeJavaScript, in C-speed passes (a template may call it on a 10 MB body)."""
    escaped = text(value).translate(_JS_TABLE)
    return escaped if escaped.isascii() else _NON_ASCII.sub(_escape_code, escaped)


def _parse_json(value: Any) -> Any:
    try:
        return java_values(json.loads(text(value)))
    except (ValueError, RecursionError):
        raise TemplateError(f"parseJson: invalid JSON: {text(value)[:100]}") from None


def _base64_decode(value: Any) -> str:
    try:
        return base64.b64decode(text(value)).decode("utf-8", "replace")
    except (binascii.Error, ValueError):
        raise TemplateError("base64Decode: invalid base64") from None


class Util(Builtin):
    """``$util``."""

    __slots__ = ()
    METHODS = {
        "escapeJavaScript": lambda self, value: escape_javascript(value),
        "parseJson": lambda self, value: _parse_json(value),
        "urlEncode": lambda self, value: urllib.parse.quote_plus(text(value), safe="*").replace("~", "%7E"),
        "urlDecode": lambda self, value: urllib.parse.unquote_plus(text(value)),
        "base64Encode": lambda self, value: base64.b64encode(text(value).encode()).decode(),
        "base64Decode": lambda self, value: _base64_decode(value),
    }


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
        context = plain(self.context)
        for name, target in (self.overrides or {}).items():
            if not name.startswith("_"):
                context[name] = target
        return {
            "input": Input(self.body, self.params),
            "context": context,
            "stageVariables": plain(self.stage_variables),
            "util": Util(),
        }


@functools.lru_cache(maxsize=128)
def _parsed(template: str, limits: Limits) -> Template:
    return parse(template, limits)


def render(template: str, scope: Scope, limits: Limits = DEFAULT) -> str:
    """The text ``template`` renders to in ``scope`` (a :class:`TemplateError` when it fails or
    exceeds ``limits``)."""
    variables = scope.namespace()
    context = variables["context"]
    if scope.overrides is not None:  # variables a request template sets on $context reach the response's
        context.update(scope.overrides.get("_context") or {})
    budget = Budget(limits)
    token = activate(budget)
    try:
        tree = _parsed(template, limits) if len(template) <= _CACHED_TEMPLATE else parse(template, limits)
        renderer = engine.Renderer(variables, tree.macros, budget)
        out = renderer.render(tree)
    except RecursionError:
        raise TemplateError("template nested too deeply") from None
    finally:
        deactivate(token)
    if scope.overrides is not None:
        custom = scope.overrides.setdefault("_context", {})
        for key, value in context.items():
            if key not in scope.context and key not in scope.overrides:
                custom[key] = value
    return out
