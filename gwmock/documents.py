"""Bounded parsing of JSON and YAML documents sent by users (OpenAPI files, templates, bodies).

A document is data from outside: parsing it must end in bounded time and memory
whatever it holds. ``parse_document`` enforces three limits and raises
``DocumentError`` (with a short reason) on any violation or syntax error:

* ``max_bytes``: the size of the text;
* ``max_depth``: how deeply collections nest (the top-level object or list is 1);
* ``max_nodes``: how many values the document holds once YAML aliases are expanded,
  keys included (``{"a": [1]}`` holds 4: the object, the key, the list, the 1);
* ``max_alias_nodes``: how many of those values YAML aliases may add, all aliases
  together. Text of a given size holds a bounded number of values, so only aliases
  can make a small document expensive to walk: a six-level "billion laughs" is 200
  bytes that expand to half a million values.

JSON is tried first. ``json.loads`` guards its own recursion (a ``RecursionError``
a thousand levels down, raised at once, is a depth violation); below that, the
parsed value is measured iteratively when cheap counts over the text (brackets,
commas, colons) cannot rule a violation out, so ``[[[[...`` a million deep is
refused in milliseconds and ordinary documents pay a few ``str.count`` calls.
Text that is not JSON is read as YAML with a safe loader (libyaml's when
present): one pass over the parser's events (iterative) measures depth and the
*expanded* node count, so an alias bomb ("billion laughs") and recursive aliases
are refused before anything is built; only then is the document constructed.

YAML values are kept JSON-like, as a Java (Jackson/SnakeYAML) reader hands them to
AWS: timestamps stay the text written (``2010-09-09``), ``!!binary`` stays its text,
and mapping keys become strings (``200:`` -> ``"200"``, ``true:`` -> ``"true"``).
``yaml_tags`` adds constructors for application tags such as CloudFormation's
short forms (``!Ref``, ``!Sub``, ...): each is called as ``constructor(loader, node)``
for scalar, sequence and mapping nodes alike.
"""

from __future__ import annotations

import functools
import json
import re
import sys
from collections.abc import Callable, Hashable, Iterator
from typing import Any

import yaml

__all__ = ["DEFAULT_MAX_ALIAS_NODES", "DEFAULT_MAX_BYTES", "DEFAULT_MAX_DEPTH", "DEFAULT_MAX_NODES",
           "DocumentError", "measure", "parse_document", "parse_json"]

DEFAULT_MAX_BYTES = 16 * 1024 * 1024  # above API Gateway's 6 MB import and CloudFormation's 1 MB template limits
DEFAULT_MAX_DEPTH = 100
DEFAULT_MAX_NODES = 1_000_000
DEFAULT_MAX_ALIAS_NODES = 100_000

TagConstructor = Callable[[Any, Any], Any]

_SafeLoader: type[Any] = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DocumentError(ValueError):
    """A document that is not valid JSON/YAML or breaks one of the limits; ``str()`` says which."""


def parse_document(
    data: bytes | str,
    *,
    yaml_tags: dict[str, TagConstructor] | None = None,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_bytes: int = DEFAULT_MAX_BYTES,
    max_alias_nodes: int = DEFAULT_MAX_ALIAS_NODES,
) -> Any:
    """Parse JSON, else YAML, within the limits; raise ``DocumentError`` otherwise."""
    text = _text(data, max_bytes)
    if _looks_like_json(text):
        try:
            return _parse_json(text, max_depth, max_nodes)
        except _NotJson:
            pass
    else:
        try:
            return json.loads(text)  # a bare JSON scalar ("1", "true", '"x"'): one node
        except ValueError:
            pass
    return _parse_yaml(text, yaml_tags, max_depth, max_nodes, max_alias_nodes)


def parse_json(
    data: bytes | str,
    *,
    max_depth: int = DEFAULT_MAX_DEPTH,
    max_nodes: int = DEFAULT_MAX_NODES,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> Any:
    """Parse JSON only (request bodies), within the limits; raise ``DocumentError`` otherwise.

    A request body (UTF-8 bytes without a BOM, within the size limit) is decoded here, not by
    ``_text``: one frame less on every call with a body, the same text."""
    if type(data) is bytes and len(data) <= max_bytes and not data.startswith(b"\xef\xbb\xbf"):
        try:
            text = data.decode()
        except UnicodeDecodeError:
            text = _text(data, max_bytes)  # raises its DocumentError
    else:
        text = _text(data, max_bytes)
    return _parse_json(text, max_depth, max_nodes)


def _parse_json(text: str, max_depth: int, max_nodes: int) -> Any:
    """``json.loads(text, parse_constant=_no_constant)`` within the limits. The same value or
    error as ``json.loads``, with the decoder's own two Python layers (``decode``, ``raw_decode``)
    and their whitespace matches folded in here (a request body rarely has space around it)."""
    opens = text.count("[") + text.count("{")
    try:
        if text.startswith("\ufeff"):  # as json.loads refuses it
            raise json.JSONDecodeError("Unexpected UTF-8 BOM (decode using utf-8-sig)", text, 0)
        start = len(text) - len(text.lstrip(_SPACE)) if text[:1] in _SPACE else 0
        try:
            value, end = _SCAN(text, start)
        except StopIteration as err:
            raise json.JSONDecodeError("Expecting value", text, err.value) from None
        if end != len(text):
            extra = text[end:].lstrip(_SPACE)
            if extra:
                raise json.JSONDecodeError("Extra data", text, len(text) - len(extra))
    except RecursionError:  # the C scanner's own guard: deeper than any limit we allow
        raise DocumentError(f"document nests deeper than {max_depth} levels") from None
    except ValueError as exc:
        raise _NotJson(f"not valid JSON: {exc}") from None
    # Cheap upper bounds from the text first; walk the value only when they do not settle it.
    if opens > max_depth or opens + text.count(",") + text.count(":") + 1 > max_nodes:
        measure(value, max_depth=max_depth, max_nodes=max_nodes)
    return value


# --- JSON -----------------------------------------------------------------------


def measure(value: Any, *, max_depth: int, max_nodes: int) -> tuple[int, int]:
    """Depth and value count of a parsed document, without recursion; ``DocumentError`` past a limit.

    Counts as ``parse_document`` does: the top-level collection is depth 1, and keys are values.
    """
    deepest = nodes = 0
    stack: list[tuple[Any, int]] = [(value, 0)]
    while stack:
        node, depth = stack.pop()
        nodes += 1
        if isinstance(node, dict):
            depth += 1
            nodes += len(node)
            stack.extend((v, depth) for v in node.values())
        elif isinstance(node, list):
            depth += 1
            stack.extend((v, depth) for v in node)
        else:
            continue
        if depth > deepest:
            deepest = depth
            if depth > max_depth:
                raise DocumentError(f"document nests deeper than {max_depth} levels")
        if nodes > max_nodes:
            raise DocumentError(f"document holds more than {max_nodes} values")
    if nodes > max_nodes:
        raise DocumentError(f"document holds more than {max_nodes} values")
    return deepest, nodes


class _NotJson(DocumentError):
    pass


def _no_constant(name: str) -> Any:
    # NaN and Infinity are not JSON; Jackson, AWS's reader, refuses them by default.
    raise ValueError(f"{name} is not a JSON value")


# built once: json.loads with parse_constant builds a decoder and its C scanner per call
_DECODER = json.JSONDecoder(parse_constant=_no_constant)
_SCAN: Callable[[str, int], tuple[Any, int]] = vars(_DECODER)["scan_once"]  # what ``decode`` calls
_SPACE = " \t\n\r"  # json.decoder.WHITESPACE: the space JSON allows around a value



def _looks_like_json(text: str) -> bool:
    head = text.lstrip()[:1]
    return head in ("{", "[")


def _text(data: bytes | str, max_bytes: int) -> str:
    if not isinstance(data, (str, bytes, bytearray, memoryview)):
        raise DocumentError(f"document must be text or bytes, not {type(data).__name__}")
    if len(data) > max_bytes:
        raise DocumentError(f"document is larger than {max_bytes} bytes")
    if isinstance(data, (bytes, bytearray, memoryview)):
        raw = bytes(data)
        try:
            return raw[3:].decode() if raw.startswith(b"\xef\xbb\xbf") else raw.decode()
        except UnicodeDecodeError as exc:
            raise DocumentError(f"document is not UTF-8: {exc.reason} at byte {exc.start}") from None
    return data


# --- YAML -----------------------------------------------------------------------


def _parse_yaml(text: str, yaml_tags: dict[str, TagConstructor] | None, max_depth: int, max_nodes: int,
                max_alias_nodes: int) -> Any:
    base = _SafeLoader
    try:
        try:
            return _load_yaml(text, yaml_tags, max_depth, max_nodes, max_alias_nodes, base)
        except yaml.YAMLError:
            if base is yaml.SafeLoader or len(text) > _MAX_PURE_PYTHON or not _SURROGATE_ESCAPE.search(text):
                raise
        # libyaml refuses a lone surrogate's escape (``"\uD800"``), which PyYAML's own emitter writes
        # and reader takes: such a (small) document is read again by PyYAML's reader
        return _load_yaml(text, yaml_tags, max_depth, max_nodes, max_alias_nodes, yaml.SafeLoader)
    except yaml.YAMLError as exc:
        raise DocumentError(f"not valid JSON or YAML: {_one_line(exc)}") from None
    except UnicodeError:  # libyaml encodes the text: a lone surrogate cannot be read
        raise DocumentError("document holds a character that is not valid Unicode (a lone surrogate)") from None
    except (ValueError, OverflowError) as exc:  # an integer of more than 4,300 digits, say
        raise DocumentError(f"not valid JSON or YAML: {_value_error(exc)}") from None
    except RecursionError:  # unreachable below the depth limit; kept as a second fence
        raise DocumentError(f"document nests deeper than {max_depth} levels") from None


_SURROGATE_ESCAPE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
_MAX_PURE_PYTHON = 1024 * 1024  # PyYAML's reader is tens of times slower than libyaml: small texts only


def _load_yaml(text: str, yaml_tags: dict[str, TagConstructor] | None, max_depth: int, max_nodes: int,
               max_alias_nodes: int, base: type[Any]) -> Any:
    _measure_yaml(text, max_depth, max_nodes, max_alias_nodes, base)
    loader = _loader_class(tuple(sorted((yaml_tags or {}).items())), base is yaml.SafeLoader)(text)
    try:
        return loader.get_single_data()
    finally:
        loader.dispose()


def _events(text: str, base: type[Any]) -> Iterator[Any]:
    loader = base(text)
    try:
        while loader.check_event():
            yield loader.get_event()
    finally:
        loader.dispose()


def _measure_yaml(text: str, max_depth: int, max_nodes: int, max_alias_nodes: int, base: type[Any]) -> None:
    """One pass over parser events: depth and node count as if every alias were expanded."""
    sizes: dict[str, tuple[int, int]] = {}  # anchor -> (expanded nodes, collection levels inside)
    stack: list[list[Any]] = []  # open collections: [anchor, nodes before it, deepest level reached]
    total = aliased = 0
    for event in _events(text, base):
        level = len(stack)
        if isinstance(event, (yaml.ScalarEvent, yaml.AliasEvent)):
            if isinstance(event, yaml.ScalarEvent):
                size, height = 1, 0
                if event.anchor is not None:
                    sizes[event.anchor] = (1, 0)
            else:
                found = sizes.get(event.anchor)
                if found is None:
                    if any(frame[0] == event.anchor for frame in stack):
                        raise DocumentError(f"alias *{event.anchor} refers to itself")
                    raise DocumentError(f"alias *{event.anchor} has no anchor before it")
                size, height = found
                aliased += size
                if aliased > max_alias_nodes:
                    raise DocumentError(f"aliases expand to more than {max_alias_nodes} values")
            total += size
            if stack and level + height > stack[-1][2]:
                stack[-1][2] = level + height
            if level + height > max_depth:
                raise DocumentError(f"document nests deeper than {max_depth} levels")
        elif isinstance(event, yaml.CollectionStartEvent):
            total += 1
            if level + 1 > max_depth:
                raise DocumentError(f"document nests deeper than {max_depth} levels")
            stack.append([event.anchor, total, level + 1])
        elif isinstance(event, yaml.CollectionEndEvent):
            anchor, before, deepest = stack.pop()
            if anchor is not None:
                sizes[anchor] = (total - before + 1, deepest - level + 1)
            if stack and deepest > stack[-1][2]:
                stack[-1][2] = deepest
        if total > max_nodes:
            raise DocumentError(f"document holds more than {max_nodes} values once aliases are expanded")


def _one_line(exc: BaseException) -> str:
    return " ".join(str(exc).split())[:300]


def _value_error(exc: BaseException) -> str:
    """Python's refusal in gwmock's words: its own (which differs between versions and names
    ``sys.set_int_max_str_digits``) is no answer for a document's author."""
    if "integer string conversion" in str(exc):
        return f"an integer has more digits than {sys.get_int_max_str_digits() or 4300} (the limit)"
    return _one_line(exc)


def _json_key(key: Hashable) -> Hashable:
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return "null"
    if isinstance(key, (int, float)):
        return str(key)
    return key  # a tag constructor's own key type: the caller's business


@functools.lru_cache(maxsize=32)
def _loader_class(tags: tuple[tuple[str, TagConstructor], ...], pure: bool) -> type[Any]:
    """A safe loader with JSON-like values and the given application tags (one class per tag set);
    ``pure``: on PyYAML's own reader rather than libyaml's."""
    base: type[Any] = yaml.SafeLoader if pure else _SafeLoader

    class Loader(base):  # type: ignore[misc]
        def construct_mapping(self, node: Any, deep: bool = False) -> dict[Any, Any]:
            mapping = super().construct_mapping(node, deep=deep)
            if all(isinstance(k, str) for k in mapping):
                return mapping  # type: ignore[no-any-return]
            return {_json_key(k): v for k, v in mapping.items()}

    Loader.yaml_constructors = dict(base.yaml_constructors)
    Loader.add_constructor("tag:yaml.org,2002:timestamp", _scalar_text)
    Loader.add_constructor("tag:yaml.org,2002:binary", _scalar_text)
    # Python sets and tuples are not JSON-like: a set is the mapping it is written as
    # (keys to null), ordered maps and pairs the sequence of one-entry maps they are written as.
    Loader.add_constructor("tag:yaml.org,2002:int", _bounded_int)
    Loader.add_constructor("tag:yaml.org,2002:set", _as_mapping)
    Loader.add_constructor("tag:yaml.org,2002:omap", _as_sequence)
    Loader.add_constructor("tag:yaml.org,2002:pairs", _as_sequence)
    for tag, constructor in tags:
        Loader.add_constructor(tag, constructor)
    return Loader


def _scalar_text(loader: Any, node: Any) -> str:
    return loader.construct_scalar(node)  # type: ignore[no-any-return]


def _as_mapping(loader: Any, node: Any) -> Any:
    if not isinstance(node, yaml.MappingNode):
        raise yaml.constructor.ConstructorError(None, None, f"expected a mapping for {node.tag}", node.start_mark)
    return loader.construct_mapping(node, deep=True)


def _as_sequence(loader: Any, node: Any) -> Any:
    if not isinstance(node, yaml.SequenceNode):
        raise yaml.constructor.ConstructorError(None, None, f"expected a sequence for {node.tag}", node.start_mark)
    return loader.construct_sequence(node, deep=True)


_MAX_INT_BITS = 14_000  # about 4,200 decimal digits: what Python can print again (json.dumps)


def _bounded_int(loader: Any, node: Any) -> Any:
    # 0x, 0o and 0b integers escape Python's 4,300-digit limit on reading, not on printing.
    value = _SafeLoader.construct_yaml_int(loader, node)
    if value.bit_length() > _MAX_INT_BITS:
        raise yaml.constructor.ConstructorError(None, None, "integer too large", node.start_mark)
    return value
