"""Velocity 1.7 template text -> a tree of small nodes (the language API Gateway runs).

What the parser accepts, and how it departs from other engines:

* identifiers may hold ``-`` and ``_`` (Velocity 1.7's grammar), so
  ``#set($context.requestOverride.header.X-Amz-Target = "...")`` names the header
  ``X-Amz-Target``; index notation ``$map[$key]`` works in references and ``#set`` targets;
* string literals keep backslashes as written (Velocity 1.7 does not unescape ``\\n`` or
  ``\\"``); a doubled quote stands for one; ``"..."`` is interpolated (references and
  directives), ``'...'`` is not;
* directives: ``#set #if #elseif #else #end #foreach #break #stop #macro #define
  #evaluate``, comments ``##`` and ``#* *#``, unparsed ``#[[ ]]#``, escapes ``\\$`` and ``\\#``.
  ``#parse`` and ``#include`` parse but fail when rendered: API Gateway has no other
  templates to load (guess: AWS's exact answer is not documented);
* a directive's own line ending is swallowed (``#set``, ``#if``, ``#end`` ... followed by a
  newline), as the recorded answers show for one-line templates.

Nesting (blocks, parentheses, strings) is bounded by ``Limits.nesting``; anything the parser
cannot read is a :class:`TemplateError`.
"""

from __future__ import annotations

import re
from typing import Any

from gwmock.runtime.vtl.limits import Limits, TemplateError
from gwmock.runtime.vtl.nodes import (
    CALL,
    INDEX,
    PROP,
    Binary,
    Break,
    Define,
    Evaluate,
    Foreach,
    If,
    Interpolated,
    ListLiteral,
    Literal,
    Load,
    Macro,
    MacroCall,
    MapLiteral,
    Output,
    Range,
    Ref,
    Set,
    Stop,
    Template,
    Text,
    Unary,
)

# -------------------------------------------------------------------------------------------

_SPECIAL = re.compile(r"[$#\\]")
_IDENT = re.compile(r"[A-Za-z_][A-Za-z0-9_-]*")
_DIRECTIVE = re.compile(r"#(?:\{([A-Za-z][A-Za-z0-9_]*)\}|([A-Za-z][A-Za-z0-9_]*))")
_LINE_END = re.compile(r"[ \t]*\r?\n")
_SPACE = re.compile(r"\s*")
_MAX_NUMBER_DIGITS = 400  # far beyond Java's long and double; int() refuses 4,300 digits
_NUMBER = re.compile(r"\d+(\.\d+)?(?![A-Za-z_])")
_WORD_OPS = {"or": "||", "and": "&&", "eq": "==", "ne": "!=", "lt": "<", "le": "<=", "gt": ">", "ge": ">="}
_LEVELS: list[tuple[str, ...]] = [("||",), ("&&",), ("==", "!="), ("<=", ">=", "<", ">"), ("+", "-"), ("*", "/", "%")]
_SYMBOL_OP = re.compile(r"\|\||&&|==|!=|<=|>=|<|>|\+|-|\*|/|%")
_WORD_OP = re.compile(r"(or|and|eq|ne|lt|le|gt|ge)(?![A-Za-z0-9_])")
_BLOCK_ENDS = ("end", "else", "elseif")
_IN = re.compile(r"in(?![A-Za-z0-9_])")
_NOT = re.compile(r"not(?![A-Za-z0-9_])")
_KEYWORD = re.compile(r"(true|false|null)(?![A-Za-z0-9_])")
_SEPARATORS = re.compile(r"[\s,]*")


def parse(source: str, limits: Limits) -> Template:
    """The tree of ``source`` (a :class:`TemplateError` when it is not a template)."""
    if len(source) > limits.template:
        raise TemplateError(f"template longer than {limits.template} characters")
    parser = _Parser(source, limits.nesting, {})
    body, ending = parser.block(())
    if ending is not None:
        raise parser.error(f"#{ending} without a matching directive")
    return Template(body, parser.macros)


class _Parser:
    def __init__(self, source: str, nesting: int, macros: dict[str, Macro], depth: int = 0) -> None:
        self.s = source
        self.n = len(source)
        self.pos = 0
        self.nesting = nesting
        self.depth = depth
        self.macros = macros

    # -- helpers ---------------------------------------------------------------------------

    def error(self, message: str) -> TemplateError:
        line = self.s.count("\n", 0, self.pos) + 1
        column = self.pos - (self.s.rfind("\n", 0, self.pos) + 1) + 1
        return TemplateError(f"Invalid template at line {line}, column {column}: {message}")

    def enter(self) -> None:
        self.depth += 1
        if self.depth > self.nesting:
            raise self.error(f"nested more than {self.nesting} levels deep")

    def space(self) -> None:
        self.pos = _SPACE.match(self.s, self.pos).end()  # type: ignore[union-attr]

    def expect(self, char: str) -> None:
        self.space()
        if not self.s.startswith(char, self.pos):
            found = self.s[self.pos:self.pos + 10] or "end of template"
            raise self.error(f"expected '{char}', found '{found}'")
        self.pos += len(char)

    def line_end(self) -> None:
        match = _LINE_END.match(self.s, self.pos)
        if match is not None:
            self.pos = match.end()

    # -- statements ------------------------------------------------------------------------

    def block(self, ends: tuple[str, ...]) -> tuple[list[Any], str | None]:
        """Statements up to one of the directives ``ends`` (returned, consumed) or the end."""
        self.enter()
        nodes: list[Any] = []
        pieces: list[str] = []

        def flush() -> None:
            if pieces:
                nodes.append(Text("".join(pieces)))
                pieces.clear()

        s, n = self.s, self.n
        while self.pos < n:
            match = _SPECIAL.search(s, self.pos)
            if match is None:
                pieces.append(s[self.pos:])
                self.pos = n
                break
            if match.start() > self.pos:
                pieces.append(s[self.pos:match.start()])
                self.pos = match.start()
            char = s[self.pos]
            if char == "\\":
                if self.pos + 1 < n and s[self.pos + 1] in "$#":
                    pieces.append(s[self.pos + 1])
                    self.pos += 2
                else:
                    pieces.append("\\")
                    self.pos += 1
            elif char == "$":
                ref = self.reference(in_text=True)
                if ref is None:
                    pieces.append("$")
                    self.pos += 1
                else:
                    flush()
                    nodes.append(Output(ref))
            else:
                ending = self.hash(nodes, pieces, flush, ends)
                if ending is not None:
                    flush()
                    self.depth -= 1
                    return nodes, ending
        flush()
        self.depth -= 1
        return nodes, None

    def hash(self, nodes: list[Any], pieces: list[str], flush: Any, ends: tuple[str, ...]) -> str | None:
        s = self.s
        if s.startswith("##", self.pos):
            newline = s.find("\n", self.pos)
            self.pos = self.n if newline < 0 else newline + 1
            return None
        if s.startswith("#*", self.pos):
            close = s.find("*#", self.pos + 2)
            if close < 0:
                raise self.error("unclosed comment")
            self.pos = close + 2
            return None
        if s.startswith("#[[", self.pos):
            close = s.find("]]#", self.pos + 3)
            if close < 0:
                raise self.error("unclosed #[[ block")
            pieces.append(s[self.pos + 3:close])
            self.pos = close + 3
            return None
        match = _DIRECTIVE.match(s, self.pos)
        if match is None:
            pieces.append("#")
            self.pos += 1
            return None
        name = match.group(1) or match.group(2)
        start = self.pos
        self.pos = match.end()
        if name in _BLOCK_ENDS:
            if name not in ends:
                raise self.error(f"#{name} without a matching directive")
            if name != "elseif":
                self.line_end()
            return name
        statement = self.directive(name, start)
        if statement is None:
            self.pos = start + 1
            pieces.append("#")
            return None
        flush()
        if not isinstance(statement, Text) or statement.text:
            nodes.append(statement)
        return None

    def directive(self, name: str, start: int) -> Any:
        if name == "set":
            self.expect("(")
            self.space()
            target = self.reference(in_text=False)
            if target is None or (target.steps and target.steps[-1][0] == CALL):
                raise self.error("#set needs a reference to assign to")
            self.expect("=")
            value = self.expression()
            self.expect(")")
            self.line_end()
            return Set(target, value)
        if name == "if":
            return self.conditional()
        if name == "foreach":
            self.expect("(")
            self.space()
            if not self.s.startswith("$", self.pos):
                raise self.error("#foreach needs a loop variable")
            self.pos += 1
            var = self.identifier()
            self.space()
            if not _IN.match(self.s, self.pos):
                raise self.error("expected 'in'")
            self.pos += 2
            iterable = self.expression()
            self.expect(")")
            self.line_end()
            body, _ = self.closed_block(("end",))
            return Foreach(var, iterable, body)
        if name == "macro":
            return self.macro()
        if name == "define":
            self.expect("(")
            self.space()
            if not self.s.startswith("$", self.pos):
                raise self.error("#define needs a reference")
            self.pos += 1
            var = self.identifier()
            self.expect(")")
            self.line_end()
            body, _ = self.closed_block(("end",))
            return Define(var, body)
        if name == "evaluate":
            self.expect("(")
            value = self.expression()
            self.expect(")")
            return Evaluate(value)
        if name in ("parse", "include"):
            self.expect("(")
            self.expression()
            self.expect(")")
            return Load(name)
        if name in ("break", "stop"):
            save = self.pos
            self.space()
            if self.s.startswith("(", self.pos):
                self.pos += 1
                self.space()
                if self.s.startswith(")", self.pos):
                    self.pos += 1
                else:
                    self.expression()
                    self.expect(")")
            else:
                self.pos = save
            self.line_end()
            return Break() if name == "break" else Stop()
        # a macro call ``#name(...)``; anything else is text
        save = self.pos
        self.space()
        if not self.s.startswith("(", self.pos) or "\n" in self.s[save:self.pos]:
            return None
        self.pos += 1
        args = self.macro_args()
        return MacroCall(name, args, self.s[start:self.pos])

    def closed_block(self, ends: tuple[str, ...]) -> tuple[list[Any], str]:
        body, ending = self.block(ends)
        if ending is None:
            raise self.error("missing #end")
        return body, ending

    def conditional(self) -> If:
        branches: list[tuple[Any, list[Any]]] = []
        while True:
            self.expect("(")
            condition = self.expression()
            self.expect(")")
            self.line_end()
            body, ending = self.closed_block(("end", "else", "elseif"))
            branches.append((condition, body))
            if ending == "elseif":
                continue
            if ending == "else":
                otherwise, _ = self.closed_block(("end",))
                return If(branches, otherwise)
            return If(branches, [])

    def macro(self) -> Text:
        self.expect("(")
        self.space()
        name = self.identifier()
        if name in ("if", "else", "elseif", "end", "set", "foreach", "macro", "define", "parse",
                    "include", "evaluate", "break", "stop"):
            raise self.error(f"#{name} cannot be a macro name")
        params: list[str] = []
        while True:
            self.pos = _SEPARATORS.match(self.s, self.pos).end()  # type: ignore[union-attr]
            if self.s.startswith(")", self.pos):
                self.pos += 1
                break
            if not self.s.startswith("$", self.pos):
                raise self.error("expected a macro parameter or ')'")
            self.pos += 1
            params.append(self.identifier())
        self.line_end()
        body, _ = self.closed_block(("end",))
        self.macros.setdefault(name, Macro(params, body))
        return Text("")

    def macro_args(self) -> list[Any]:
        args: list[Any] = []
        while True:
            self.pos = _SEPARATORS.match(self.s, self.pos).end()  # type: ignore[union-attr]
            if self.s.startswith(")", self.pos):
                self.pos += 1
                return args
            if self.pos >= self.n:
                raise self.error("expected ')'")
            args.append(self.primary())

    def identifier(self) -> str:
        match = _IDENT.match(self.s, self.pos)
        if match is None:
            raise self.error("expected a name")
        self.pos = match.end()
        return match.group()

    # -- references ------------------------------------------------------------------------

    def reference(self, in_text: bool) -> Ref | None:
        """``$name``, ``$!name``, ``${name}`` with ``.prop``, ``.call(...)`` and ``[index]``
        steps; None (position unchanged) when the ``$`` starts no reference."""
        s, start = self.s, self.pos
        position = start + 1
        if s.startswith("!", position):
            position += 1
        braced = s.startswith("{", position)
        if braced:
            position += 1
        match = _IDENT.match(s, position)
        if match is None:
            return None
        self.pos = match.end()
        ref = Ref(match.group(), [])
        while self.pos < self.n:
            char = s[self.pos]
            if char == ".":
                step = _IDENT.match(s, self.pos + 1)
                if step is None:
                    break
                self.pos = step.end()
                if s.startswith("(", self.pos):
                    self.pos += 1
                    ref.steps.append((CALL, step.group(), self.arguments()))
                else:
                    ref.steps.append((PROP, step.group()))
            elif char == "[":
                save = self.pos
                try:
                    self.pos += 1
                    index = self.expression()
                    self.expect("]")
                except TemplateError:
                    if not in_text:
                        raise
                    self.pos = save
                    break
                ref.steps.append((INDEX, index))
            else:
                break
        if braced:
            if not s.startswith("}", self.pos):
                self.pos = start
                return None
            self.pos += 1
        return ref

    def arguments(self) -> list[Any]:
        self.enter()
        args: list[Any] = []
        self.space()
        if self.s.startswith(")", self.pos):
            self.pos += 1
        else:
            while True:
                args.append(self.expression())
                self.space()
                if self.s.startswith(",", self.pos):
                    self.pos += 1
                    continue
                self.expect(")")
                break
        self.depth -= 1
        return args

    # -- expressions -----------------------------------------------------------------------

    def expression(self, level: int = 0) -> Any:
        if level == len(_LEVELS):
            return self.unary()
        self.enter()
        left = self.expression(level + 1)
        while True:
            self.space()
            op = self.operator(_LEVELS[level])
            if op is None:
                break
            right = self.expression(level + 1)
            left = Binary(op, left, right)
        self.depth -= 1
        return left

    def operator(self, allowed: tuple[str, ...]) -> str | None:
        match = _SYMBOL_OP.match(self.s, self.pos)
        op = None
        if match is not None:
            op = match.group()
        else:
            word = _WORD_OP.match(self.s, self.pos)
            if word is not None:
                op = _WORD_OPS[word.group(1)]
                match = word
        if op is None or op not in allowed or match is None:
            return None
        self.pos = match.end()
        return op

    def unary(self) -> Any:
        self.space()
        s = self.s
        if s.startswith("!", self.pos) and not s.startswith("!=", self.pos):
            self.pos += 1
            self.enter()
            node = Unary("!", self.unary())
            self.depth -= 1
            return node
        if _NOT.match(s, self.pos):
            self.pos += 3
            self.enter()
            node = Unary("!", self.unary())
            self.depth -= 1
            return node
        if s.startswith("-", self.pos):
            self.pos += 1
            self.enter()
            node = Unary("-", self.unary())
            self.depth -= 1
            return node
        return self.primary()

    def primary(self) -> Any:
        self.space()
        s, position = self.s, self.pos
        char = s[position] if position < self.n else ""
        if char == "$":
            ref = self.reference(in_text=False)
            if ref is None:
                raise self.error("expected a reference")
            return ref
        if char in "'\"":
            return self.string(char)
        if char == "(":
            self.pos += 1
            self.enter()
            node = self.expression()
            self.expect(")")
            self.depth -= 1
            return node
        if char == "[":
            return self.list_literal()
        if char == "{":
            return self.map_literal()
        number = _NUMBER.match(s, position)
        if number is not None:
            if number.end() - position > _MAX_NUMBER_DIGITS:  # int() of thousands of digits raises
                raise self.error(f"number literal longer than {_MAX_NUMBER_DIGITS} digits")
            self.pos = number.end()
            value = float(number.group()) if number.group(1) else int(number.group())
            return Literal(value)
        word = _KEYWORD.match(s, position)
        if word is not None:
            self.pos = word.end()
            return Literal({"true": True, "false": False, "null": None}[word.group(1)])
        raise self.error(f"expected a value, found '{s[position:position + 10] or 'end of template'}'")

    def string(self, quote: str) -> Any:
        s, position = self.s, self.pos + 1
        while True:
            if position >= self.n:
                raise self.error("unclosed string")
            char = s[position]
            if char == "\\" and quote == '"' and position + 1 < self.n:
                position += 2
            elif char == quote:
                if s.startswith(quote, position + 1):
                    position += 2
                else:
                    break
            else:
                position += 1
        raw = s[self.pos + 1:position].replace(quote * 2, quote)
        self.pos = position + 1
        if quote == "'" or ("$" not in raw and "#" not in raw):
            return Literal(raw)
        self.enter()
        inner = _Parser(raw, self.nesting, self.macros, self.depth)
        body, ending = inner.block(())
        if ending is not None:
            raise inner.error(f"#{ending} without a matching directive")
        self.depth -= 1
        if all(isinstance(node, Text) for node in body):
            return Literal("".join(node.text for node in body))
        return Interpolated(body)

    def list_literal(self) -> Any:
        self.pos += 1
        self.enter()
        self.space()
        items: list[Any] = []
        if self.s.startswith("]", self.pos):
            self.pos += 1
            self.depth -= 1
            return ListLiteral(items)
        first = self.expression()
        self.space()
        if self.s.startswith("..", self.pos):
            self.pos += 2
            end = self.expression()
            self.expect("]")
            self.depth -= 1
            return Range(first, end)
        items.append(first)
        while True:
            self.space()
            if self.s.startswith(",", self.pos):
                self.pos += 1
                items.append(self.expression())
                continue
            self.expect("]")
            break
        self.depth -= 1
        return ListLiteral(items)

    def map_literal(self) -> Any:
        self.pos += 1
        self.enter()
        pairs: list[tuple[Any, Any]] = []
        self.space()
        if self.s.startswith("}", self.pos):
            self.pos += 1
        else:
            while True:
                key = self.expression()
                self.expect(":")
                pairs.append((key, self.expression()))
                self.space()
                if self.s.startswith(",", self.pos):
                    self.pos += 1
                    continue
                self.expect("}")
                break
        self.depth -= 1
        return MapLiteral(pairs)
