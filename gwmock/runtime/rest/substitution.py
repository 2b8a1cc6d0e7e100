"""Gateway-response body templates: simple variable substitution, not VTL.

AWS: a GatewayResponse mapping template "isn't processed by the Velocity Template Language (VTL)
engine", it supports "only simple variable substitution"
(https://docs.aws.amazon.com/apigateway/latest/developerguide/api-gateway-swagger-extensions-gateway-responses.responseTemplates.html),
and it "can access $context variable values and $stageVariables property values, as well as method
request parameters, in the form of method.request.param-position.param-name"
(https://docs.aws.amazon.com/apigateway/latest/developerguide/customize-gateway-responses.html).

Substituted, as ``$name`` or ``${name}``: ``$context.<path>`` (``error.message``, ``error.messageString``,
``error.responseType``, ``error.validationErrorString``, ``authorizer.<key>``, ``identity.<key>``, ...),
``$stageVariables.<name>``, ``$method.request.{path|querystring|header}.<name>`` and
``$input.params('<name>')``. Everything else is text and is sent as written.

Guesses:
* ``$input.params('name')`` is substituted (path, then query string, then header, as in mapping
  templates): a Stack Overflow answer shows it answering a header's value in a gateway response
  (https://stackoverflow.com/questions/47563444).
* ``$method.request.<where>.<name>`` is the template form of the documented
  ``method.request.param-position.param-name``.
* A known variable with no value (``$context.authorizer.x`` when no authorizer ran, an absent header)
  is substituted by empty text, as the mapping templates' references are.
* Directives (``#if``, ``#set``, ``#foreach``), ``$util.*(...)``, ``$input.json(...)``, other roots
  (``$foo``), a bare root (``$context``), a quiet reference (``$!context.x``) and a method call
  (``$context.get('x')``) are not variables: left as written. A backslash is text, not an escape (no
  VTL parser runs), so ``\\$context.requestId`` gives a backslash then the request id.
* A rendering longer than ``MAX_OUTPUT`` characters is refused (``TooLarge``; the caller answers AWS's
  default body): AWS bounds a response's size, gwmock bounds its memory.
"""

from __future__ import annotations

import functools
import re
from typing import Any

from gwmock.runtime.vtl.values import text

MAX_OUTPUT = 1_048_576  # characters a rendered body may have
_CACHED_TEMPLATE = 65_536  # templates up to this size are compiled once and kept

# ``$input.params('x')`` | ``$a.b.c`` (a segment followed by ``(`` is a method call, not a member; each
# name is taken whole by a look-ahead: Python 3.10 has no possessive quantifiers),
# each optionally inside ``${...}``
_REFERENCE = re.compile(
    r"""\$(\{)?(?:input\.params\(\s*(['"])([^'"]*)\2\s*\)
               |([A-Za-z][A-Za-z0-9_-]*(?![A-Za-z0-9_-])(?:\.[A-Za-z][A-Za-z0-9_-]*(?![A-Za-z0-9_(-]))*))(?(1)\})""",
    re.VERBOSE,
)
_WHERE = frozenset({"path", "querystring", "header"})

Variable = tuple[str, tuple[str, ...]]  # (family, path)
Part = str | Variable


class TooLarge(Exception):
    """The rendering would pass ``MAX_OUTPUT`` characters."""


def render(template: str, context: dict[str, Any], params: dict[str, dict[str, str]],
           stage_variables: dict[str, str]) -> str:
    """``template`` with its variables substituted (``TooLarge`` past ``MAX_OUTPUT``)."""
    parts = _compiled(template) if len(template) <= _CACHED_TEMPLATE else _compile(template)
    out: list[str] = []
    size = 0
    for part in parts:
        piece = part if isinstance(part, str) else _value(part, context, params, stage_variables)
        size += len(piece)
        if size > MAX_OUTPUT:
            raise TooLarge
        out.append(piece)
    return "".join(out)


@functools.lru_cache(maxsize=256)
def _compiled(template: str) -> tuple[Part, ...]:
    return _compile(template)


def _compile(template: str) -> tuple[Part, ...]:
    """Literal text and variables, adjacent literals merged."""
    parts: list[Part] = []
    start = 0
    for found in _REFERENCE.finditer(template):
        variable = _variable(found)
        if variable is None:
            continue
        _literal(parts, template[start:found.start()])
        parts.append(variable)
        start = found.end()
    _literal(parts, template[start:])
    return tuple(parts)


def _literal(parts: list[Part], chunk: str) -> None:
    if not chunk:
        return
    if parts and isinstance(parts[-1], str):
        parts[-1] += chunk
    else:
        parts.append(chunk)


def _variable(found: re.Match[str]) -> Variable | None:
    """The variable a reference names, or None when it names none (left as text)."""
    if found.group(2) is not None:
        return ("params", (found.group(3),))
    root, *path = found.group(4).split(".")
    if root == "context" and path:
        return ("context", tuple(path))
    if root == "stageVariables" and path:
        return ("stage", (".".join(path),))
    if root == "method" and len(path) >= 3 and path[0] == "request" and path[1] in _WHERE:
        return ("method", (path[1], ".".join(path[2:])))
    return None


def _value(variable: Variable, context: dict[str, Any], params: dict[str, dict[str, str]],
           stage_variables: dict[str, str]) -> str:
    family, path = variable
    if family == "context":
        return _context(context, path)
    if family == "stage":
        return stage_variables.get(path[0]) or ""
    if family == "method":
        return _param(params.get(path[0]) or {}, path[1], path[0] == "header")
    name = path[0]
    for where in ("path", "querystring"):
        values = params.get(where) or {}
        if name in values:
            return values[name]
    return _param(params.get("header") or {}, name, True)


def _param(values: dict[str, str], name: str, header: bool) -> str:
    if not header:
        return values.get(name) or ""
    lowered = name.lower()
    return next((v for k, v in values.items() if k.lower() == lowered), "")


def _context(context: dict[str, Any], path: tuple[str, ...]) -> str:
    value: Any = context
    for name in path:
        value = value.get(name) if isinstance(value, dict) else None
    try:
        return text(value)
    except ValueError:  # an integer too long for str(): nothing a response can carry
        return ""
