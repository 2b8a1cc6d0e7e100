"""The tree a template parses into: statements render into the output, expressions
evaluate to a value (see ``parser`` for the language, ``engine`` for evaluation)."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

PROP, CALL, INDEX = 0, 1, 2  # reference steps: (PROP, name) (CALL, name, args) (INDEX, expr)


@dataclass(slots=True)
class Text:
    text: str


@dataclass(slots=True)
class Ref:
    name: str
    steps: list[tuple[Any, ...]]


@dataclass(slots=True)
class Output:
    ref: Ref


@dataclass(slots=True)
class Set:
    target: Ref
    value: Any


@dataclass(slots=True)
class If:
    branches: list[tuple[Any, list[Any]]]
    otherwise: list[Any]


@dataclass(slots=True)
class Foreach:
    var: str
    iterable: Any
    body: list[Any]


@dataclass(slots=True)
class MacroCall:
    name: str
    args: list[Any]
    source: str  # printed as is when no such macro exists


@dataclass(slots=True)
class Define:
    name: str
    body: list[Any]


@dataclass(slots=True)
class Evaluate:
    value: Any


@dataclass(slots=True)
class Load:
    """``#parse``/``#include``: there is nothing to load."""

    directive: str


@dataclass(slots=True)
class Break:
    pass


@dataclass(slots=True)
class Stop:
    pass


@dataclass(slots=True)
class Literal:
    value: Any


@dataclass(slots=True)
class Interpolated:
    body: list[Any]


@dataclass(slots=True)
class ListLiteral:
    items: list[Any]


@dataclass(slots=True)
class Range:
    start: Any
    end: Any


@dataclass(slots=True)
class MapLiteral:
    pairs: list[tuple[Any, Any]]


@dataclass(slots=True)
class Unary:
    op: str
    operand: Any


@dataclass(slots=True)
class Binary:
    op: str
    left: Any
    right: Any


@dataclass(slots=True)
class Macro:
    params: list[str]
    body: list[Any]


@dataclass(slots=True)
class Template:
    body: list[Any]
    macros: dict[str, Macro] = field(default_factory=dict)
