"""Rendering a parsed template: statements into text, expressions into values, under a budget.

Names resolve in one variable table (API Gateway's ``input``, ``util``, ``context``,
``stageVariables`` plus what ``#set`` adds); ``#foreach`` and macro parameters restore what they
shadow when they end. A step on a value goes through :mod:`gwmock.runtime.vtl.values`'
tables only. Undefined references, null steps and names starting with ``_`` print nothing, as
AWS prints ``$input.path('$').missing`` (toqoz/api-gateway-mapping-template#5, and the
recorded test_apigateway_common test_input_body_formatting, response-url-encode).

Velocity choices pinned here (guesses where AWS documents nothing): ``#set`` of null makes
the variable undefined; ``+`` joins text when either side is a string; integer ``/`` and ``%``
truncate as Java's do and a division by zero is null; ``#foreach`` over a map walks its values.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

from gwmock.runtime.vtl import nodes as ast
from gwmock.runtime.vtl.limits import Budget, TemplateError
from gwmock.runtime.vtl.methods import methods_of, property_of
from gwmock.runtime.vtl.parser import parse
from gwmock.runtime.vtl.values import Builtin, NoMethod, equals, is_number, iterate, text, truthy

_MISSING = object()
_MAX_INT_BITS = 256  # integer arithmetic beyond this is a template error (Java would overflow)
_SCALAR_KEYS = (str, int, float, bool, type(None))
_TEXT_PER_STEP = 16


class _Break(Exception):
    pass


class _Stop(Exception):
    pass


class Defined:
    """A ``#define``d block: renders when referenced."""

    __slots__ = ("body",)

    def __init__(self, body: list[Any]) -> None:
        self.body = body


class Renderer:
    """One render: the variables, the macros and the budget."""

    def __init__(self, variables: dict[str, Any], macros: dict[str, ast.Macro], budget: Budget) -> None:
        self.vars = variables
        self.macros = dict(macros)
        self.budget = budget
        self.output = 0
        self._statements: dict[type, Callable[[Any, list[str]], None]] = {
            ast.Text: self._text, ast.Output: self._output, ast.Set: self._set, ast.If: self._if,
            ast.Foreach: self._foreach, ast.MacroCall: self._macro_call, ast.Define: self._define,
            ast.Evaluate: self._evaluate, ast.Load: self._load, ast.Break: self._break, ast.Stop: self._stop,
        }
        self._expressions: dict[type, Callable[[Any], Any]] = {
            ast.Literal: lambda node: node.value, ast.Ref: self.reference, ast.Interpolated: self._interpolated,
            ast.ListLiteral: self._list, ast.Range: self._range, ast.MapLiteral: self._map,
            ast.Unary: self._unary, ast.Binary: self._binary,
        }

    def render(self, template: ast.Template) -> str:
        out: list[str] = []
        try:
            self.block(template.body, out)
        except (_Stop, _Break):
            pass
        return "".join(out)

    # -- statements ------------------------------------------------------------------------

    def block(self, nodes: list[Any], out: list[str]) -> None:
        # a step a statement, charged for the whole block at once (a failed render keeps no output,
        # so failing before the block rather than within it changes nothing but the time)
        self.budget.step(len(nodes))
        statements = self._statements
        for node in nodes:
            statements[type(node)](node, out)

    def emit(self, out: list[str], piece: str) -> None:
        self.output += len(piece)
        if self.output > self.budget.limits.output:
            raise TemplateError(f"output longer than {self.budget.limits.output} characters")
        out.append(piece)

    def _text(self, node: ast.Text, out: list[str]) -> None:
        self.output += len(node.text)  # ``emit``, inlined: the most frequent statement
        if self.output > self.budget.limits.output:
            raise TemplateError(f"output longer than {self.budget.limits.output} characters")
        out.append(node.text)

    def _output(self, node: ast.Output, out: list[str]) -> None:
        value = self.reference(node.ref)
        if value is not None:
            self.emit(out, value if type(value) is str else self.budget.string(text(value)))

    def _set(self, node: ast.Set, out: list[str]) -> None:
        value = self.expression(node.value)
        target = node.target
        if not target.steps:
            if not target.name.startswith("_"):
                self.vars[target.name] = value
            return
        holder = self.reference(ast.Ref(target.name, target.steps[:-1]))
        step = target.steps[-1]
        if step[0] == ast.PROP:
            key: Any = step[1]
            if key.startswith("_"):
                return
        else:
            key = self.expression(step[1])
        if isinstance(holder, dict) and isinstance(key, _SCALAR_KEYS):
            holder[key] = value
        elif isinstance(holder, list) and is_number(key) and 0 <= int(key) < len(holder):
            holder[int(key)] = value
        # anything else has no setter: Velocity logs it and goes on

    def _if(self, node: ast.If, out: list[str]) -> None:
        for condition, body in node.branches:
            if truthy(self.expression(condition)):
                self.block(body, out)
                return
        self.block(node.otherwise, out)

    def _foreach(self, node: ast.Foreach, out: list[str]) -> None:
        items = list(iterate(self.expression(node.iterable)))
        names = (node.var, "foreach", "velocityCount", "velocityHasNext")
        saved = [self.vars.get(name, _MISSING) for name in names]
        count = len(items)
        try:
            for index, item in enumerate(items):
                self.budget.iteration()
                has_next = index + 1 < count
                self.vars[node.var] = item
                self.vars["foreach"] = {"count": index + 1, "index": index, "hasNext": has_next,
                                        "first": index == 0, "last": not has_next}
                self.vars["velocityCount"] = index + 1
                self.vars["velocityHasNext"] = has_next
                try:
                    self.block(node.body, out)
                except _Break:
                    break
        finally:
            for name, value in zip(names, saved):
                if value is _MISSING:
                    self.vars.pop(name, None)
                else:
                    self.vars[name] = value

    def _nest(self) -> None:
        self.budget.depth += 1
        if self.budget.depth > self.budget.limits.depth:
            raise TemplateError(f"macros, #evaluate and #define nested more than {self.budget.limits.depth} deep")

    def _macro_call(self, node: ast.MacroCall, out: list[str]) -> None:
        macro = self.macros.get(node.name)
        if macro is None:
            self.emit(out, node.source)
            return
        if len(node.args) != len(macro.params):
            raise TemplateError(f"#{node.name} takes {len(macro.params)} arguments, got {len(node.args)}")
        values = [self.expression(arg) for arg in node.args]
        saved = [self.vars.get(name, _MISSING) for name in macro.params]
        self._nest()
        try:
            self.vars.update(zip(macro.params, values))
            self.block(macro.body, out)
        finally:
            self.budget.depth -= 1
            for name, value in zip(macro.params, saved):
                if value is _MISSING:
                    self.vars.pop(name, None)
                else:
                    self.vars[name] = value

    def _define(self, node: ast.Define, out: list[str]) -> None:
        self.vars[node.name] = Defined(node.body)

    def _evaluate(self, node: ast.Evaluate, out: list[str]) -> None:
        source = text(self.expression(node.value))
        self._nest()
        try:
            template = parse(source, self.budget.limits)
            for name, macro in template.macros.items():
                self.macros.setdefault(name, macro)
            self.block(template.body, out)
        finally:
            self.budget.depth -= 1

    def _load(self, node: ast.Load, out: list[str]) -> None:
        raise TemplateError(f"#{node.directive} is not supported: there are no other templates to load")

    def _break(self, node: ast.Break, out: list[str]) -> None:
        raise _Break

    def _stop(self, node: ast.Stop, out: list[str]) -> None:
        raise _Stop

    # -- expressions -----------------------------------------------------------------------

    def expression(self, node: Any) -> Any:
        budget = self.budget  # ``Budget.step``, inlined: an expression is the most frequent step
        budget.steps += 1
        if budget.steps >= budget.check_at:
            budget.step(0)
        return self._expressions[type(node)](node)

    def reference(self, ref: ast.Ref) -> Any:
        name = ref.name
        value = None if name[:1] == "_" else self.vars.get(name)
        if type(value) is Defined:
            value = self._render_defined(value)
        steps = ref.steps
        if not steps:
            return value
        budget = self.budget
        for step in steps:
            if value is None:
                return None
            budget.steps += 1  # ``Budget.step``, inlined
            if budget.steps >= budget.check_at:
                budget.step(0)
            kind = step[0]
            if kind == ast.PROP:
                value = None if step[1].startswith("_") else property_of(value, step[1])
            elif kind == ast.CALL:
                value = self.call(value, step[1], [self.expression(arg) for arg in step[2]])
            else:
                value = self._index(value, self.expression(step[1]))
        return value

    def _render_defined(self, defined: Defined) -> str:
        out: list[str] = []
        self._nest()
        try:
            self.block(defined.body, out)
        finally:
            self.budget.depth -= 1
        return self.budget.string("".join(out))

    def call(self, value: Any, name: str, args: list[Any]) -> Any:
        if name.startswith("_"):
            return None
        method = methods_of(value).get(name)
        if method is None:
            return None
        before = len(value) if isinstance(value, (list, dict)) else 0
        if isinstance(value, Builtin):
            # $util and $input work over whole texts (escapeJavaScript, parseJson, json): a step per
            # _TEXT_PER_STEP characters in and out, so repeating them over a large body is bounded too.
            self.budget.step(sum(len(a) for a in args if isinstance(a, str)) // _TEXT_PER_STEP + 1)
        try:
            result = method(value, *args)
        except (NoMethod, TypeError):  # no overload takes these arguments: null, as Velocity
            return None
        except TemplateError:
            raise
        except (ValueError, IndexError, KeyError, ZeroDivisionError, OverflowError, UnicodeError) as error:
            raise TemplateError(f"{name}: {type(error).__name__}: {error}") from None
        if isinstance(result, str):
            self.budget.string(result)
            if isinstance(value, Builtin):
                self.budget.step(len(result) // _TEXT_PER_STEP)
        elif isinstance(result, (list, dict)) and result is not value:
            self.budget.step(len(result))  # a copy (keySet, subList, split): one step per item
        if isinstance(value, (list, dict)) and len(value) > before:
            # addAll/putAll of a collection to itself doubles it: each item added is a step,
            # so a render holds at most ``steps`` items whatever it does (memory stays bounded).
            self.budget.step(len(value) - before)
        return result

    def _index(self, value: Any, key: Any) -> Any:
        if isinstance(value, dict):
            return value.get(key) if isinstance(key, _SCALAR_KEYS) else None
        if isinstance(value, list) and is_number(key) and 0 <= int(key) < len(value):
            return value[int(key)]
        return None

    def _interpolated(self, node: ast.Interpolated) -> str:
        out: list[str] = []
        saved = self.output
        self.output = 0
        try:
            self.block(node.body, out)
        finally:
            self.output = saved
        return self.budget.string("".join(out))

    def _list(self, node: ast.ListLiteral) -> list[Any]:
        return [self.expression(item) for item in node.items]

    def _range(self, node: ast.Range) -> list[Any]:
        start, end = self.expression(node.start), self.expression(node.end)
        start, end = _integer(start), _integer(end)
        if start is None or end is None:
            return []
        size = abs(end - start) + 1
        if size > self.budget.limits.iterations:
            raise TemplateError(f"range [{start}..{end}] longer than {self.budget.limits.iterations}")
        self.budget.step(size)
        return list(range(start, end + 1)) if start <= end else list(range(start, end - 1, -1))

    def _map(self, node: ast.MapLiteral) -> dict[Any, Any]:
        out: dict[Any, Any] = {}
        for key_node, value_node in node.pairs:
            key = self.expression(key_node)
            if not isinstance(key, _SCALAR_KEYS):
                key = self.budget.string(text(key))
            out[key] = self.expression(value_node)
        return out

    def _unary(self, node: ast.Unary) -> Any:
        value = self.expression(node.operand)
        if node.op == "!":
            return not truthy(value)
        return -value if is_number(value) else None

    def _binary(self, node: ast.Binary) -> Any:
        op = node.op
        if op == "&&":
            return truthy(self.expression(node.left)) and truthy(self.expression(node.right))
        if op == "||":
            return truthy(self.expression(node.left)) or truthy(self.expression(node.right))
        left, right = self.expression(node.left), self.expression(node.right)
        if op == "==":
            return equals(left, right)
        if op == "!=":
            return not equals(left, right)
        if op in ("<", "<=", ">", ">="):
            return _compare(op, left, right)
        if op == "+" and (isinstance(left, str) or isinstance(right, str)) and left is not None and right is not None:
            return self.budget.string(text(left) + text(right))
        if not (is_number(left) and is_number(right)):
            return None
        return _arithmetic(op, left, right)


def _integer(value: Any) -> int | None:
    if is_number(value):
        return int(value)
    if isinstance(value, str):
        try:
            return int(value.strip())
        except ValueError:
            return None
    return None


def _compare(op: str, left: Any, right: Any) -> bool:
    if not ((is_number(left) and is_number(right)) or (isinstance(left, str) and isinstance(right, str))):
        return False
    if op == "<":
        return bool(left < right)
    if op == "<=":
        return bool(left <= right)
    if op == ">":
        return bool(left > right)
    return bool(left >= right)


def _arithmetic(op: str, left: Any, right: Any) -> Any:
    both_int = isinstance(left, int) and isinstance(right, int)
    if op == "+":
        result = left + right
    elif op == "-":
        result = left - right
    elif op == "*":
        result = left * right
    elif right == 0:
        return None  # Velocity logs the division by zero and yields null
    elif both_int:
        quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)
        result = quotient if op == "/" else left - right * quotient
    else:
        result = left / right if op == "/" else math.fmod(left, right)
    if isinstance(result, int) and result.bit_length() > _MAX_INT_BITS:
        raise TemplateError("integer overflow")
    return result

