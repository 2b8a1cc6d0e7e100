"""JSONPath as ``$input.path``/``$input.json`` read it: API Gateway documents JSONPath
(goessner.net/articles/JsonPath) and runs Jayway JsonPath, whose rules this follows.

Syntax: ``$``; ``.name`` and ``['name']`` (``"name"``, ``\\'`` escapes); ``.*`` and ``[*]``;
``[index]`` with negative indexes from the end; unions ``[0,2]`` and ``['a','b']``; slices
``[from:to]``, ``[from:]``, ``[:to]`` (no step); recursive descent ``..`` before a name, ``*`` or a
bracket; filters ``[?(<expression>)]``. A path not starting with ``$`` is read after ``$.``.

Filters are parsed here, never evaluated as code: ``@`` (the item) and ``$`` (the document)
followed by names and single indexes; string (quoted either way), number, ``true``, ``false`` and
``null`` literals; ``==``, ``!=``, ``<``, ``<=``, ``>``, ``>=``; ``&&``, ``||``, ``!`` and
parentheses; a path alone tests that it exists (a ``null`` value exists). Anything else (``=~``,
``in``, functions such as ``length()``) is an invalid path, as before.

Results (Jayway): a definite path (names, single indexes, a union of names as its last step, which
gives a map of the names found) is one value, or null when it finds nothing; any other path gives a
list, possibly empty, except that a name missing on the definite part of it is null
(``$.missing[*]``, Jayway's PathNotFoundException). Slices follow Jayway's ArraySliceToken:
``[from:]`` and ``[:to]`` count a negative bound from the end, ``[from:to]`` takes indexes
``from..to-1``, each read as an index (so ``[-2:-1]`` is the element before last and ``[1:-1]``
nothing). Recursive descent visits a value before its members (document order). A filter keeps
the elements of an array, or a map itself, for which it holds; after ``..`` it is tried on each
map, and on each array's elements when it holds for the array itself (Jayway's scan predicates).
Comparisons: numbers with numbers, strings with strings (``<`` and the others), a number and a
string equal when the string reads as that number (guess, from Jayway's number/string nodes), a
missing member equal to nothing and unequal to everything.

Bounds: every value a step produces, every node a descent walks and every filter test is a step of
the running render (``limits``); a path that can give overlapping or repeated values (descent,
unions) is also refused when the JSON text of its result would exceed the output bound, before that
text is made. Filter nesting is limited to ``limits.Limits.nesting``. The parse is linear and
cached per path.
"""

from __future__ import annotations

import functools
import re
from dataclasses import dataclass
from typing import Any

from gwmock.runtime.vtl.limits import DEFAULT, Budget, TemplateError, current

__all__ = ["json_path"]

_MAX_INT = 2**31 - 1  # Java's int: Jayway reads indexes with Integer.parseInt
_MISSING = object()  # a filter operand that found nothing (Jayway's UNDEFINED)
_CACHED_PATH = 1024  # parsed paths up to this length are kept


def json_path(document: Any, path: str) -> Any:
    """The value (or, for an indefinite path, the list of values) at ``path`` in ``document``;
    ``None`` when a definite path finds nothing. ``ValueError`` for a path that does not parse,
    ``TemplateError`` when a bound is exceeded."""
    path = path.strip()
    if path == "$":
        return document
    if not path.startswith("$"):
        path = "$." + path
    compiled = _compiled(path) if len(path) <= _CACHED_PATH else _compile(path)
    keys = compiled.keys
    if keys is not None:  # names and single indexes only: a walk of at most len(path) lookups
        return _walk(document, keys)
    return compiled.read(document, current() or Budget(DEFAULT))


def _walk(value: Any, keys: tuple[str | int, ...], missing: Any = None) -> Any:
    """The value at ``keys`` (names and indexes, negative ones from the end), else ``missing``."""
    for key in keys:
        if isinstance(key, str):
            if not isinstance(value, dict) or key not in value:
                return missing
            value = value[key]
        else:
            if not isinstance(value, list):
                return missing
            at = key + len(value) if key < 0 else key
            if not 0 <= at < len(value):
                return missing
            value = value[at]
    return value


# --- the parsed form ---------------------------------------------------------------------------

@dataclass(frozen=True)
class _Operand:
    root: str  # "@", "$" or "" (a literal)
    steps: tuple[str | int, ...] = ()  # names and indexes after the root
    value: Any = None  # the literal


@dataclass(frozen=True)
class _Test:
    left: _Operand
    op: str | None = None  # None: ``left`` exists
    right: _Operand | None = None


@dataclass(frozen=True)
class _Logic:
    op: str  # "&&", "||", "!"
    terms: tuple[_Expr, ...]


_Expr = _Test | _Logic


@dataclass(frozen=True)
class _Step:
    kind: str  # "names", "indexes", "slice", "wild", "filter"
    names: tuple[str, ...] = ()
    indexes: tuple[int, ...] = ()
    start: int | None = None
    stop: int | None = None
    test: _Expr | None = None
    scan: bool = False  # after ``..``

    @property
    def definite(self) -> bool:
        return not self.scan and (self.kind == "names" and len(self.names) == 1
                                  or self.kind == "indexes" and len(self.indexes) == 1)


@dataclass(frozen=True)
class _Path:
    text: str
    steps: tuple[_Step, ...]

    @functools.cached_property
    def definite(self) -> bool:
        last = len(self.steps) - 1  # a last union of names is merged into one map: definite
        return all(step.definite or (k == last and step.kind == "names" and not step.scan)
                   for k, step in enumerate(self.steps))

    @functools.cached_property
    def keys(self) -> tuple[str | int, ...] | None:
        """The names and indexes of a path made of single names and indexes only, else None."""
        if all(step.definite for step in self.steps):
            return tuple(step.names[0] if step.kind == "names" else step.indexes[0] for step in self.steps)
        return None

    @functools.cached_property
    def overlapping(self) -> bool:
        """Whether results may share or repeat values (their JSON could outgrow the document)."""
        return any(step.scan or len(step.names) > 1 or len(step.indexes) > 1 for step in self.steps)

    def read(self, document: Any, budget: Budget) -> Any:
        values = [document]
        definite_so_far = True
        last = len(self.steps) - 1
        for k, step in enumerate(self.steps):
            out: list[Any] = []
            for value in values:
                if step.scan:
                    _scan(step, value, document, out, budget, k == last)
                else:
                    _apply(step, value, document, out, budget, k == last)
            if definite_so_far and not out and step.kind == "names" and len(step.names) == 1:
                return None  # a missing member on the definite part of the path
            definite_so_far = definite_so_far and step.definite
            values = out
        if self.definite:
            return values[0] if values else None
        if self.overlapping:
            _check_size(values, budget)
        return values


# --- reading -----------------------------------------------------------------------------------

def _apply(step: _Step, value: Any, document: Any, out: list[Any], budget: Budget, leaf: bool) -> None:
    kind = step.kind
    if kind == "names":
        if not isinstance(value, dict):
            return
        if len(step.names) > 1 and leaf:  # Jayway merges a last union of names into one map
            budget.step()
            out.append({name: value[name] for name in step.names if name in value})
            return
        for name in step.names:
            if name in value:
                budget.step()
                out.append(value[name])
    elif kind == "wild":
        members = value.values() if isinstance(value, dict) else value if isinstance(value, list) else ()
        budget.step(len(members))
        out.extend(members)
    elif not isinstance(value, list):
        if kind == "filter" and isinstance(value, dict) and _holds(step.test, value, document, budget):
            out.append(value)
    elif kind == "indexes":
        size = len(value)
        for index in step.indexes:
            budget.step()
            at = index + size if index < 0 else index
            if 0 <= at < size:
                out.append(value[at])
    elif kind == "slice":
        size = len(value)
        for index in _slice(step, size):
            budget.step()
            at = index + size if index < 0 else index  # Jayway's handleArrayIndex
            if 0 <= at < size:
                out.append(value[at])
    else:  # filter over an array's elements
        out.extend(item for item in value if _holds(step.test, item, document, budget))


def _slice(step: _Step, size: int) -> range:
    """The indexes Jayway's ArraySliceToken reads, each then read as an index."""
    start, stop = step.start, step.stop
    if size == 0:
        return range(0)
    if stop is None:  # [from:]: a negative start counts from the end
        assert start is not None
        return range(max(0, start + size if start < 0 else start), size)
    if start is None:  # [:to]: a negative end counts from the end
        return range(0, min(size, stop + size if stop < 0 else stop))
    # [from:to]: the bounds as written (indexes below -size can read nothing: skipped)
    return range(max(start, -size), min(size, stop))


def _scan(step: _Step, value: Any, document: Any, out: list[Any], budget: Budget, leaf: bool) -> None:
    """``..``: ``step`` tried on ``value`` and on everything under it, each before its members."""
    stack = [value]
    while stack:
        node = stack.pop()
        budget.step()
        if isinstance(node, dict):
            members = list(node.values())
            if step.kind == "filter":
                if _holds(step.test, node, document, budget):
                    out.append(node)
            elif step.kind != "names" or any(name in node for name in step.names):
                _apply(step, node, document, out, budget, leaf)
        elif isinstance(node, list):
            members = node
            if step.kind != "names" and (step.kind != "filter" or _holds(step.test, node, document, budget)):
                _apply(step, node, document, out, budget, leaf)
        else:
            continue
        stack.extend(reversed(members))


def _check_size(values: list[Any], budget: Budget) -> None:
    """Refuse a result whose compact JSON text would exceed the output bound, from a lower bound of
    its length worked out once per distinct value (each node walked is a step)."""
    limit = budget.limits.output
    known: dict[int, int] = {}
    total = 2 + max(len(values) - 1, 0)
    for value in values:
        total += _size(value, known, budget)
        if total > limit:
            raise TemplateError(f"string longer than {limit} characters")


def _size(value: Any, known: dict[int, int], budget: Budget) -> int:
    """At least the length of ``json.dumps(value, separators=(",", ":"))``."""
    if isinstance(value, str):
        return len(value) + 2
    if not isinstance(value, (dict, list)):
        return 1
    if id(value) in known:  # the same value again: its text again, no walk
        return known[id(value)]
    stack: list[tuple[Any, bool]] = [(value, False)]
    while stack:
        node, done = stack.pop()
        if id(node) in known:
            continue
        members = list(node.values()) if isinstance(node, dict) else node
        if not done:
            budget.step(len(members) + 1)
            stack.append((node, True))
            stack.extend((m, False) for m in members if isinstance(m, (dict, list)) and id(m) not in known)
            continue
        size = 2 + max(len(members) - 1, 0)
        if isinstance(node, dict):
            size += sum(len(key) + 3 for key in node)
        for member in members:
            size += known[id(member)] if isinstance(member, (dict, list)) else (
                len(member) + 2 if isinstance(member, str) else 1)
        known[id(node)] = size
    return known[id(value)]


def _holds(test: _Expr | None, item: Any, document: Any, budget: Budget) -> bool:
    """Whether a filter holds for ``item`` (its nesting is bounded when parsed)."""
    budget.step()
    if isinstance(test, _Logic):
        if test.op == "!":
            return not _holds(test.terms[0], item, document, budget)
        if test.op == "&&":
            return all(_holds(term, item, document, budget) for term in test.terms)
        return any(_holds(term, item, document, budget) for term in test.terms)
    assert test is not None
    left = _operand(test.left, item, document)
    if test.op is None:
        return left is not _MISSING
    assert test.right is not None
    right = _operand(test.right, item, document)
    if test.op == "==":
        return _equal(left, right)
    if test.op == "!=":
        return not _equal(left, right)
    if _number(left) and _number(right) or isinstance(left, str) and isinstance(right, str):
        if test.op == "<":
            return bool(left < right)
        if test.op == "<=":
            return bool(left <= right)
        if test.op == ">":
            return bool(left > right)
        return bool(left >= right)
    return False


def _operand(operand: _Operand, item: Any, document: Any) -> Any:
    if not operand.root:
        return operand.value
    return _walk(item if operand.root == "@" else document, operand.steps, _MISSING)


def _number(value: Any) -> bool:
    return isinstance(value, (int, float)) and not isinstance(value, bool)


def _equal(left: Any, right: Any) -> bool:
    if left is _MISSING or right is _MISSING:
        return left is right
    if _number(left) and _number(right):
        return bool(left == right)
    if _number(left) and isinstance(right, str) or isinstance(left, str) and _number(right):
        number, text = (left, right) if _number(left) else (right, left)
        try:
            return bool(float(text) == number) if _NUMBER_TEXT.fullmatch(text.strip()) else False
        except ValueError:
            return False
    if type(left) is not type(right) and not (isinstance(left, (dict, list)) and isinstance(right, (dict, list))):
        return False
    return bool(left == right)


# --- parsing -----------------------------------------------------------------------------------

_NUMBER_TEXT = re.compile(r"-?\d+(\.\d+)?([eE][+-]?\d+)?")
_NAME = re.compile(r"[^.\[\]]+")
_INT = re.compile(r"-?\d+")
_FILTER_NAME = re.compile(r"[A-Za-z0-9_$-]+")


@functools.lru_cache(maxsize=256)
def _compiled(path: str) -> _Path:
    return _compile(path)


def _compile(path: str) -> _Path:
    return _Path(path, tuple(_Parser(path).steps()))


class _Parser:
    """A path read left to right, once; any surprise is ``ValueError("Invalid JSONPath: ...")``."""

    def __init__(self, text: str) -> None:
        self.text, self.i = text, 1  # after ``$``

    def fail(self) -> ValueError:
        return ValueError(f"Invalid JSONPath: {self.text}")

    def peek(self, offset: int = 0) -> str:
        at = self.i + offset
        return self.text[at] if at < len(self.text) else ""

    def spaces(self) -> None:
        while self.peek() == " ":
            self.i += 1

    def expect(self, literal: str) -> None:
        self.spaces()
        if not self.text.startswith(literal, self.i):
            raise self.fail()
        self.i += len(literal)

    def steps(self) -> list[_Step]:
        out: list[_Step] = []
        while self.i < len(self.text):
            scan = self.text.startswith("..", self.i)
            if scan:
                self.i += 2
                out.append(self.bracket(True) if self.peek() == "[" else self.member(True))
            elif self.peek() == ".":
                self.i += 1
                out.append(self.member(False))
            elif self.peek() == "[":
                out.append(self.bracket(False))
            else:
                raise self.fail()
        return out

    def member(self, scan: bool) -> _Step:
        if self.peek() == "*":
            self.i += 1
            return _Step("wild", scan=scan)
        found = _NAME.match(self.text, self.i)
        if found is None:
            raise self.fail()
        self.i = found.end()
        return _Step("names", names=(found.group(),), scan=scan)

    def bracket(self, scan: bool) -> _Step:
        self.i += 1  # [
        self.spaces()
        c = self.peek()
        if c == "*":
            self.i += 1
            step = _Step("wild", scan=scan)
        elif c in "'\"":
            names = [self.quoted()]
            while self.peek_after_spaces() == ",":
                self.expect(",")
                self.spaces()
                names.append(self.quoted())
            step = _Step("names", names=tuple(names), scan=scan)
        elif c == "?":
            self.i += 1
            self.expect("(")
            test = self.expression(0)
            self.expect(")")
            step = _Step("filter", test=test, scan=scan)
        else:
            step = self.numbers(scan)
        self.expect("]")
        return step

    def peek_after_spaces(self) -> str:
        self.spaces()
        return self.peek()

    def quoted(self) -> str:
        quote = self.peek()
        if quote not in "'\"":
            raise self.fail()
        self.i += 1
        out: list[str] = []
        while True:
            c = self.peek()
            if not c:
                raise self.fail()
            self.i += 1
            if c == quote:
                return "".join(out)
            if c == "\\":
                c = self.peek()
                if not c:
                    raise self.fail()
                self.i += 1
            out.append(c)

    def integer(self) -> int | None:
        self.spaces()
        found = _INT.match(self.text, self.i)
        if found is None:
            return None
        self.i = found.end()
        if len(found.group()) > 11 or not -_MAX_INT - 1 <= int(found.group()) <= _MAX_INT:
            raise self.fail()
        return int(found.group())

    def numbers(self, scan: bool) -> _Step:
        first = self.integer()
        if self.peek_after_spaces() == ":":
            self.i += 1
            second = self.integer()
            if first is None and second is None:
                raise self.fail()
            return _Step("slice", start=first, stop=second, scan=scan)
        if first is None:
            raise self.fail()
        indexes = [first]
        while self.peek_after_spaces() == ",":
            self.i += 1
            following = self.integer()
            if following is None:
                raise self.fail()
            indexes.append(following)
        return _Step("indexes", indexes=tuple(indexes), scan=scan)

    # filters: or := and ('||' and)*; and := unary ('&&' unary)*; unary := '!' unary | '(' or ')' | test

    def expression(self, depth: int) -> _Expr:
        if depth > DEFAULT.nesting:
            raise self.fail()
        terms = [self.conjunction(depth)]
        while self.peek_after_spaces() == "|":
            self.expect("||")
            terms.append(self.conjunction(depth))
        return terms[0] if len(terms) == 1 else _Logic("||", tuple(terms))

    def conjunction(self, depth: int) -> _Expr:
        terms = [self.unary(depth)]
        while self.peek_after_spaces() == "&":
            self.expect("&&")
            terms.append(self.unary(depth))
        return terms[0] if len(terms) == 1 else _Logic("&&", tuple(terms))

    def unary(self, depth: int) -> _Expr:
        if depth > DEFAULT.nesting:
            raise self.fail()
        c = self.peek_after_spaces()
        if c == "!" and self.peek(1) != "=":
            self.i += 1
            return _Logic("!", (self.unary(depth + 1),))
        if c == "(":
            self.i += 1
            inner = self.expression(depth + 1)
            self.expect(")")
            return inner
        left = self.operand()
        self.spaces()
        for op in ("==", "!=", "<=", ">=", "<", ">"):
            if self.text.startswith(op, self.i):
                self.i += len(op)
                return _Test(left, op, self.operand())
        if not left.root:  # a literal alone tests nothing
            raise self.fail()
        return _Test(left)

    def operand(self) -> _Operand:
        self.spaces()
        c = self.peek()
        if c in "@$":
            self.i += 1
            steps: list[str | int] = []
            while True:
                if self.peek() == "." and self.peek(1) != ".":
                    self.i += 1
                    found = _FILTER_NAME.match(self.text, self.i)
                    if found is None:
                        raise self.fail()
                    self.i = found.end()
                    steps.append(found.group())
                elif self.peek() == "[":
                    self.i += 1
                    self.spaces()
                    if self.peek() in "'\"":
                        steps.append(self.quoted())
                    else:
                        index = self.integer()
                        if index is None:
                            raise self.fail()
                        steps.append(index)
                    self.expect("]")
                else:
                    return _Operand(c, tuple(steps))
        if c in "'\"":
            return _Operand("", value=self.quoted())
        for word, value in (("true", True), ("false", False), ("null", None)):
            if self.text.startswith(word, self.i):
                self.i += len(word)
                return _Operand("", value=value)
        found = _NUMBER_TEXT.match(self.text, self.i)
        if found is None or len(found.group()) > 40:
            raise self.fail()
        self.i = found.end()
        text = found.group()
        return _Operand("", value=float(text) if any(ch in text for ch in ".eE") else int(text))
