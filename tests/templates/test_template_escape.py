"""Mapping templates cannot leave the sandbox: no Python object, file, import or unbounded work.

Each template below is data an API owner (or, through ``gwmock serve``, anyone who can reach
the port) controls. It must render nothing dangerous and end within a bound that is a count
(steps, iterations, depth, characters); the elapsed-time assertions are only a safety net.
"""

from __future__ import annotations

import json
import os
import re
import time

import pytest
import requests
from helpers import deployed_mock_api
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from gwmock.runtime.vtl import Limits, Scope, TemplateError, render

REGION = "us-east-1"
SAFETY_NET = 10.0  # seconds, for loaded CI machines; the bounds themselves are counts


def _scope(body: str = '{"name": "pet"}') -> Scope:
    return Scope(body=body, params={"path": {"id": "7"}, "querystring": {}, "header": {"Accept": "*/*"}},
                 context={"requestId": "r-1", "identity": {"sourceIp": "1.2.3.4"}},
                 stage_variables={"env": "dev"},
                 overrides={"requestOverride": {"header": {}, "querystring": {}, "path": {}},
                            "responseOverride": {"status": "", "header": {}}})


def _timed(template: str, limits: Limits | None = None) -> tuple[str | TemplateError, float]:
    started = time.monotonic()
    try:
        out: str | TemplateError = render(template, _scope(), *(limits,) if limits else ())
    except TemplateError as error:
        out = error
    return out, time.monotonic() - started


# Each renders as an undefined reference would: nothing.
ATTRIBUTE_WALKS = [
    "$util.escapeJavaScript.__globals__['__builtins__']['__import__'].__call__('os').getpid()",
    "$util.escapeJavaScript.__globals__.get('__builtins__').get('open').__call__('/etc/hostname').read()",
    "$input.__class__",
    "$input.__class__.__mro__",
    "$input.__class__.mro()",
    "$input.__dict__",
    "$input.__init__.__globals__",
    "$util.__class__.__subclasses__()",
    "$util.__class__.__base__.__subclasses__()",
    "$input.body.__class__",
    "$input.body.__class__.__mro__[1].__subclasses__()",
    "$input.json.__globals__",
    "$input.json.func_globals",
    "$input.path.gi_frame",
    "$input.path('$').__class__",
    "$input.params().__class__",
    "$input.params().items()",
    "$context.__class__",
    "$context.__init__",
    "$context.items()",
    "$context.pop('requestId')",
    "$context.setdefault('x', 1)",
    "$stageVariables.__len__()",
    "$stageVariables.copy()",
    "$input._params",
    "$input._document",
    "$input.document()",
    "$input.getClass()",
    "$input.getClass().forName('java.lang.Runtime')",
    "$input.class",
    "$util.getClass()",
    "$context.getClass()",
    "$context.class",
    "$input.body.getClass()",
    "$input.body.format($input)",
    "$input.body.format_map($context)",
    "$input.body.join($context)",
    "$input.body.encode()",
    "$input.body.bytes",
    "${input.__class__}",
    "$!{input.__class__}",
    "$!input.__class__",
    "$__builtins__",
    "$__import__.__call__('os')",
    "$globals",
    "$self",
    "$input.params('id').__class__",
    "$input.path('$.name').__len__()",
    "$util.parseJson('{}').__class__",
    "$util.parseJson('[]').__class__",
    "$util.parseJson('[1]').__getitem__(0)",
    "$util.parseJson('{\"a\": 1}').items()",
]


@pytest.mark.parametrize("template", ATTRIBUTE_WALKS)
def test_python_attributes_never_resolve(template):
    out, elapsed = _timed(template)
    assert out == ""
    assert elapsed < SAFETY_NET


def test_format_string_tricks_are_plain_text():
    template = ('#set($s = "{0.__class__}")$s.format($input)|$util.escapeJavaScript("{0.__class__.__mro__}")'
                '|$util.urlEncode("{0.__globals__}")|$s.replace("{0", "x")')
    assert render(template, _scope()) == "|{0.__class__.__mro__}|%7B0.__globals__%7D|x.__class__}"


def test_dunder_keys_of_a_map_are_data_not_attributes():
    # a key is data; a leading underscore never resolves as a property, as every name
    template = ('#set($m = {"__class__": "k", "_private": "p"})$m.__class__|$m._private|'
                '$m.get("__class__")|$m.keySet()')
    assert render(template, _scope()) == '||k|[__class__, _private]'


def test_pid_and_files_never_reach_the_output():
    template = "\n".join(ATTRIBUTE_WALKS + [
        "#set($os = $util.escapeJavaScript.__globals__)$os",
        "#evaluate('$input.__class__')",
        "#evaluate(\"$util.__class__.__subclasses__()\")",
    ])
    out = render(template, _scope())
    assert str(os.getpid()) not in out
    assert "class" not in out and "module" not in out and "function" not in out
    assert out.strip() == ""


@pytest.mark.parametrize("template", [
    '#set($input.body = "overwritten")$input.body',
    '#set($input.__class__ = "x")$input.body',
    '#set($util.escapeJavaScript = "x")$input.body',
    '#set($input.__dict__.body = "x")$input.body',
    '#set($input._params = "x")$input.body',
    '#set($__builtins__ = "x")$input.body',
    '#set($context.__class__ = "x")$input.body',
])
def test_set_never_reaches_python_attributes(template):
    assert render(template, _scope()) == '{"name": "pet"}'


def test_context_keys_set_by_a_template_stay_data():
    scope = _scope()
    assert render('#set($context.__class__ = "x")#set($context._hidden = "y")$context.keySet()', scope) \
        == "[requestId, identity, requestOverride, responseOverride]"
    assert "__class__" not in scope.overrides.get("_context", {})


@pytest.mark.parametrize("template", [
    '#include("/etc/passwd")',
    '#parse("/etc/passwd")',
    '#include($input.body)',
    '#parse("gwmock/runtime/vtl/__init__.py")',
])
def test_files_are_never_loaded(template):
    out, elapsed = _timed(template)
    assert isinstance(out, TemplateError)
    assert "not supported" in str(out)
    assert elapsed < SAFETY_NET


@pytest.mark.parametrize(("template", "message"), [
    ("#macro(loop $n)#loop($n)#end#loop(1)", "nested more than 20"),
    ("#macro(a)#b()#end#macro(b)#a()#end#a()", "nested more than 20"),
    ("#define($d)$d#end$d", "nested more than 20"),
    ("#set($t = '#evaluate($t)')#evaluate($t)", "nested more than 20"),
    ("#foreach($i in [1..100000000])x#end", "longer than 5000"),
    ("#foreach($i in [-100000000..100000000])#end", "longer than 5000"),
    ("#set($r = [1..100000000])$r.size()", "longer than 5000"),
    ("#foreach($i in [1..1000])#foreach($j in [1..1000])#end#end", "loop iterations"),
    ("#set($l = [1])#foreach($i in [1..4000])#set($x = $l.add(1))#foreach($j in $l)#end#end", "loop iterations"),
    ('#set($s = "ab")#foreach($i in [1..64])#set($s = "$s$s")#end$s.length()', "longer than 1048576"),
    ('#set($s = "ab")#foreach($i in [1..64])#set($s = $s.concat($s))#end', "string longer than"),
    ('#set($s = "ab")#foreach($i in [1..64])#set($s = $s + $s)#end', "string longer than"),
    ('#set($s = "ab")#foreach($i in [1..64])#set($s = $s.replace("a", $s))#end', "longer than|built more"),
    ('#set($s = "' + "x" * 1000 + '")#foreach($i in [1..4000])$s#end', "output longer than"),
    ("#set($a = [1])#foreach($i in [1..60])#set($a = [$a, $a])#end$a", "evaluation steps"),
    ("#set($a = [1])#foreach($i in [1..60])#set($a = [$a, $a])#end#set($b = [1])"
     "#foreach($i in [1..60])#set($b = [$b, $b])#end#if($a == $b)same#end", "evaluation steps"),
    ("#set($m = {})#set($x = $m.put('self', $m))$m", "nested too deeply"),
    ("#set($x = 2)#foreach($i in [1..20])#set($x = $x * $x)#end", "integer overflow"),
    ("#set($x = " + "(" * 200 + "1" + ")" * 200 + ")", "nested more than 50"),
    ("#if(true)" * 200 + "#end" * 200, "nested more than 50"),
    ("#set($x = " + "!" * 500 + "true)", "nested more than 50"),
    ('#set($x = "' + '$!{x}"' * 0 + '#if(true)' * 60 + '")', "nested more than 50"),
    ("#set($s = 'x')#foreach($i in [1..5000])#set($s = \"$s$i\")#end", "built more than"),
])
def test_unbounded_work_is_a_template_error(template, message):
    # counts smaller than the defaults keep the suite fast (the defaults are the same bounds,
    # only larger); the wall clock is pushed away so that the count is what fails the render
    limits = Limits(steps=20_000, iterations=5_000, output=1024 * 1024, allocation=4 * 1024 * 1024, seconds=60)
    out, elapsed = _timed(template, limits)
    assert isinstance(out, TemplateError), out[:200] if isinstance(out, str) else out
    assert re.search(message, str(out)), str(out)
    assert elapsed < SAFETY_NET


def test_step_bound_is_a_count():
    template = "#foreach($i in [1..1000])$i,#end"
    assert render(template, _scope()).count(",") == 1000
    with pytest.raises(TemplateError, match="evaluation steps"):
        render(template, _scope(), Limits(steps=500))


def test_catastrophic_regular_expressions_end():
    template = '#set($s = "' + "a" * 40 + '!")$s.matches("(a+)+$")|$s.replaceAll("(a|aa)+$", "x")'
    out, elapsed = _timed(template)
    assert elapsed < SAFETY_NET
    assert isinstance(out, TemplateError) or out in ("false|" + "a" * 40 + "!",)


def test_string_repetition_is_not_arithmetic():
    out, elapsed = _timed('#set($s = "abc" * 100000000)$s|#set($t = 100000000 * "abc")$t')
    assert out == "|"
    assert elapsed < SAFETY_NET


def test_a_template_too_long_is_refused():
    with pytest.raises(TemplateError, match="template longer than"):
        render("x" * (300 * 1024 + 1), _scope())


def test_deeply_nested_json_body_is_bounded():
    body = "[" * 100000 + "]" * 100000
    out = render("$input.path('$').size()|$input.json('$.a')", _scope(body))
    assert out in ("|", "0|", "1|")


# ---------------------------------------------------------------------------------------------
# Through a deployed API: a failed or bounded template is AWS's failed transformation



def test_deployed_template_cannot_read_the_process(apigateway):
    template = "pid=" + ATTRIBUTE_WALKS[0] + ";cls=$input.__class__;file=" + ATTRIBUTE_WALKS[1]
    url = deployed_mock_api(apigateway, template)
    response = requests.post(url, json={"a": 1}, timeout=5)
    assert (response.status_code, response.text) == (200, "pid=;cls=;file=")


@pytest.mark.parametrize("where", ["request", "response"])
def test_deployed_unbounded_template_is_internal_server_error(apigateway, gwmock, where):
    runaway = "#foreach($i in [1..100000000])x#end"
    url = deployed_mock_api(apigateway, runaway) if where == "response" else \
        deployed_mock_api(apigateway, "ok", runaway)
    started = time.monotonic()
    answer = gwmock.invoke("POST", url, {"Content-Type": "application/json"}, "{}")
    assert time.monotonic() - started < SAFETY_NET
    assert answer.status == 500
    assert json.loads(answer.body) == {"message": "Internal server error"}
    assert answer.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    line = next(line for line in answer.log if "configuration error" in line)
    assert f"Unable to transform {where}" in line


def test_deployed_include_is_internal_server_error(apigateway):
    url = deployed_mock_api(apigateway, '#include("/etc/passwd")')
    response = requests.post(url, json={}, timeout=5)
    assert (response.status_code, response.json()) == (500, {"message": "Internal server error"})
    assert "root:" not in response.text


# ---------------------------------------------------------------------------------------------
# Any text at all: a rendering or a TemplateError, never another exception, never a hang

_PIECES = ["$", "#", "(", ")", "[", "]", "{", "}", "!", ".", ",", "'", '"', "\\", " ", "\n", "a", "-", "_", "=",
           "set", "if", "else", "end", "foreach", "in", "macro", "define", "evaluate", "parse", "break", "stop",
           "$x", "$input", "$util", "$context", ".path('$')", ".size()", "==", "&&", "+", "*", "/", "%", "..", "1",
           "2.5", "true", "null", "#set($x = ", "#if(", "#foreach($i in ", "#end", "##", "#*", "*#", "#[[", "]]#",
           ":", "not", "$!", "${", "<", "-1", "$foreach.hasNext", "$x.add($x)", "[1..3]", "{'a':1}", "__class__"]


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(st.sampled_from(_PIECES), max_size=40).map("".join) | st.text(max_size=200))
def test_any_text_renders_or_is_a_template_error(template):
    out, elapsed = _timed(template, Limits(steps=20_000, iterations=2_000, seconds=60))
    assert isinstance(out, (str, TemplateError))
    assert elapsed < SAFETY_NET
