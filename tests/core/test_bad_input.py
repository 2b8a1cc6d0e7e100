"""Hostile input: documents and bodies are parsed within limits and answered as AWS does.

``gwmock.documents`` first (limits, YAML tags), then the wire layer (null items, deep
nesting) and the OpenAPI import operations, through real boto3 clients.
"""

from __future__ import annotations

import json
import time

import pytest
import yaml

from gwmock.documents import DocumentError, measure_json, parse_document, parse_json


def _billion_laughs(levels: int, fan: int = 9) -> str:
    text = 'a0: &a0 "lol"\n'
    for i in range(1, levels + 1):
        text += f"a{i}: &a{i} [" + ", ".join([f"*a{i - 1}"] * fan) + "]\n"
    return text


def _timed(fn, *args, **kwargs):
    start = time.perf_counter()
    try:
        return fn(*args, **kwargs), time.perf_counter() - start
    except DocumentError as exc:
        return exc, time.perf_counter() - start


# --- gwmock.documents -------------------------------------------------------------


def test_json_and_yaml_documents_parse_to_json_values():
    assert parse_document(b'{"a": [1, null, {"b": true}]}') == {"a": [1, None, {"b": True}]}
    assert parse_document("\ufeff[1]".encode()) == [1]
    assert parse_document("1") == 1
    assert parse_document("a:\n  - 1\n  - x\n") == {"a": [1, "x"]}
    assert parse_document("{a: 1}") == {"a": 1}  # YAML flow mapping, not JSON


def test_yaml_values_stay_as_a_java_reader_gives_them():
    doc = parse_document("200: ok\ntrue: t\n~: n\nday: 2010-09-09\nat: 2020-01-01T00:00:00Z\nbin: !!binary aGk=\n")
    assert doc == {"200": "ok", "true": "t", "null": "n", "day": "2010-09-09", "at": "2020-01-01T00:00:00Z",
                   "bin": "aGk="}


def test_yaml_merge_keys_and_plain_aliases_work():
    assert parse_document("b: &b {x: 1}\nd:\n  <<: *b\n  y: *b\n") == {"b": {"x": 1}, "d": {"x": 1, "y": {"x": 1}}}


def _ref(loader, node):
    if isinstance(node, yaml.ScalarNode):
        return {"Ref": loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {"Fn::List": loader.construct_sequence(node, deep=True)}
    return {"Fn::Map": loader.construct_mapping(node, deep=True)}


def test_application_tags_construct_scalar_sequence_and_mapping_nodes():
    text = "A: !Ref Foo\nB: !Ref [a, !Ref b]\nC: !Ref {k: !Ref v}\n"
    assert parse_document(text, yaml_tags={"!Ref": _ref}) == {
        "A": {"Ref": "Foo"}, "B": {"Fn::List": ["a", {"Ref": "b"}]}, "C": {"Fn::Map": {"k": {"Ref": "v"}}}}
    with pytest.raises(DocumentError, match="!Ref"):
        parse_document(text)  # tags are opt-in: a plain call refuses them
    assert parse_document("A: !Ref X", yaml_tags={"!Ref": _ref}) == {"A": {"Ref": "X"}}  # cached loader reused


def test_application_tags_still_obey_the_limits():
    with pytest.raises(DocumentError, match="values"):
        parse_document(_billion_laughs(7).replace('"lol"', "!Ref lol"), yaml_tags={"!Ref": _ref})


@pytest.mark.parametrize("text", [
    "[" * 100_000 + "]" * 100_000,
    "[" * 100_000,
    '{"a":' * 100_000 + "1" + "}" * 100_000,
    "- " * 100_000 + "x",
    "".join("  " * i + "k:\n" for i in range(1_000)),
    "{a: " * 50_000 + "1" + "}" * 50_000,
], ids=["json-list", "json-unclosed", "json-object", "yaml-block-list", "yaml-block-map", "yaml-flow"])
def test_any_nesting_depth_is_refused_quickly(text):
    error, seconds = _timed(parse_document, text)
    assert isinstance(error, DocumentError) and "deeper than 100" in str(error)
    assert seconds < 0.5


def test_depth_limit_is_exact():
    assert parse_document("[" * 100 + "]" * 100, max_depth=100)
    with pytest.raises(DocumentError, match="deeper than 100"):
        parse_document("[" * 101 + "]" * 101, max_depth=100)
    assert parse_document("a:\n b:\n  c: 1\n", max_depth=3) == {"a": {"b": {"c": 1}}}
    with pytest.raises(DocumentError, match="deeper than 2"):
        parse_document("a:\n b:\n  c: 1\n", max_depth=2)


def test_brackets_inside_json_strings_do_not_count():
    doc = json.dumps({"pattern": "[" * 500 + "{" * 500, "q": '\\"[[['})
    assert parse_document(doc)["pattern"].startswith("[[[")
    assert measure_json(doc)[0] == 1


@pytest.mark.parametrize("levels", [7, 9, 30])
def test_alias_bombs_are_refused_before_expansion(levels):
    error, seconds = _timed(parse_document, _billion_laughs(levels))
    assert isinstance(error, DocumentError) and "once aliases are expanded" in str(error)
    assert seconds < 0.2


def test_alias_depth_counts_as_expanded():
    # Each level nests the previous one: 150 levels of aliases make a document 150 deep.
    text = "a0: &a0 [1]\n" + "".join(f"a{i}: &a{i} [*a{i - 1}]\n" for i in range(1, 150))
    with pytest.raises(DocumentError, match="deeper than 100"):
        parse_document(text)


def test_small_alias_fanout_is_fine():
    assert len(parse_document(_billion_laughs(3))["a3"]) == 9


@pytest.mark.parametrize(("text", "reason"), [
    ("a: &a [*a]", "refers to itself"),
    ("a: &a {b: *a}", "refers to itself"),
    ("a: *nowhere", "no anchor"),
])
def test_bad_aliases(text, reason):
    with pytest.raises(DocumentError, match=reason):
        parse_document(text)


def test_node_and_size_limits():
    with pytest.raises(DocumentError, match="more than 3 values"):
        parse_document("[1, 2, 3]", max_nodes=3)
    assert parse_document("[1, 2, 3]", max_nodes=4) == [1, 2, 3]
    with pytest.raises(DocumentError, match="larger than 10 bytes"):
        parse_document(b"x" * 11, max_bytes=10)


@pytest.mark.parametrize("data", [b"\xff\xfe\x00", "a: [1\n", "a: b\n---\nc: d\n", "{",
                                  "a: !!python/object:os.system x"])
def test_syntax_errors_and_unsafe_tags_are_document_errors(data):
    with pytest.raises(DocumentError):
        parse_document(data)


def test_parse_json_refuses_yaml_and_deep_json():
    assert parse_json(b'{"a": 1}') == {"a": 1}
    with pytest.raises(DocumentError, match="not valid JSON"):
        parse_json("a: 1")
    with pytest.raises(DocumentError, match="deeper"):
        parse_json("[" * 10_000)
