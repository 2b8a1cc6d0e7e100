"""Red-team attacks on the mapping-template engine: memory, numbers, hostile values, wrong calls.

Each template is data a REST API owner (or, through ``gwmock serve``, any client) controls.
It must render, or fail with a :class:`TemplateError` (AWS's 500 "Internal server error"),
within a bound that is a count; the elapsed-time checks are only a safety net.
"""

from __future__ import annotations

import json
import time

import pytest
import requests
from helpers import deployed_mock_api

from gwmock.runtime.vtl import Limits, Scope, TemplateError, render

REGION = "us-east-1"
SAFETY_NET = 10.0


def _scope(body: str = '{"name": "pet"}') -> Scope:
    return Scope(body=body, params={"path": {"id": "7"}, "querystring": {}, "header": {"Accept": "*/*"}},
                 context={"requestId": "r-1", "identity": {"sourceIp": "1.2.3.4"}},
                 stage_variables={"env": "dev"},
                 overrides={"requestOverride": {"header": {}, "querystring": {}, "path": {}},
                            "responseOverride": {"status": "", "header": {}}})


def _run(template: str, limits: Limits | None = None) -> str | TemplateError:
    started = time.monotonic()
    try:
        out: str | TemplateError = render(template, _scope(), *(limits,) if limits else ())
    except TemplateError as error:
        out = error
    assert time.monotonic() - started < SAFETY_NET
    return out


def _doubling(method: str, start: str, rounds: int = 40) -> str:
    return f"#set($c={start})#foreach($i in [1..{rounds}])#set($x=$c.{method}($c))#end$c.size()"


# --- memory: a collection that doubles itself ---------------------------------------------
# Before the fix, 40 rounds of addAll asked for 2**40 list items: a MemoryError after
# seconds of swapping (or the OOM killer). Each item added is now a step.

@pytest.mark.parametrize("template", [
    _doubling("addAll", "[1]"),
    _doubling("addAll", "['aaaaaaaaaaaaaaaa']"),
    "#set($m={'a':[1]})#foreach($i in [1..40])#set($l=$m.get('a'))#set($x=$l.addAll($l))#end$m.a.size()",
    "#set($l=[1])#foreach($i in [1..40])#set($x=$l.addAll($l.subList(0, $l.size())))#end$l.size()",
], ids=["list", "list-of-strings", "list-in-map", "sublist-copy"])
def test_self_doubling_collections_hit_the_step_bound(template):
    out = _run(template)
    assert isinstance(out, TemplateError)
    assert str(out) == "template exceeded 1000000 evaluation steps"


def test_growth_is_charged_per_item_added():
    limits = Limits(steps=2_000)
    assert _run(_doubling("addAll", "[1]", rounds=8), limits) == "256"  # 255 items added: fits
    out = _run(_doubling("addAll", "[1]", rounds=12), limits)  # 4,095 items: does not
    assert isinstance(out, TemplateError) and "evaluation steps" in str(out)


def test_map_put_all_of_itself_is_bounded():
    template = ("#set($m={})#foreach($i in [1..3000])#set($x=$m.put(\"k$i\", $i))#end"
                "#foreach($j in [1..1000])#set($k=$m.keySet())#end$m.size()")
    out = _run(template)
    assert isinstance(out, TemplateError) and "evaluation steps" in str(out)  # 3,000,000 keys copied


def test_ordinary_collection_work_still_renders():
    template = ("#set($l=[])#foreach($i in [1..500])#set($x=$l.add($i))#end"
                "#set($m={})#set($x=$m.putAll({'a': 1, 'b': 2}))"
                "$l.size() $l.subList(0, 3) $m.keySet().size() $m")
    assert _run(template) == "500 [1, 2, 3] 2 {a=1, b=2}"


# --- numbers ----------------------------------------------------------------------------

def test_a_number_literal_of_thousands_of_digits_is_a_template_error():
    # Before: int() refused it with a bare ValueError (Python's 4,300-digit limit), a 500 with a traceback.
    out = _run("#set($a=" + "9" * 5000 + ")$a")
    assert isinstance(out, TemplateError)
    assert str(out) == "Invalid template at line 1, column 9: number literal longer than 400 digits"


def test_long_but_reasonable_number_literals_still_parse():
    assert _run("#set($a=" + "1" * 30 + ")$a") == "1" * 30


@pytest.mark.parametrize(("template", "expected"), [
    ("#set($a=1/0)[$a]", "[]"),                # division by zero is null (pinned guess)
    ("#set($a=1%0)[$a]", "[]"),
    ("#set($a=1.0/0)[$a]", "[]"),
    ("#set($a=-7/2)$a #set($b=-7%2)$b", "-3 -1"),  # Java truncation
    ("#set($I=0)$I.parseDouble('1e999999')", "Infinity"),
    ("#set($a=-0.0)$a", "-0.0"),
])
def test_arithmetic_edges_render_as_java_would(template, expected):
    assert _run(template) == expected


@pytest.mark.parametrize(("template", "message"), [
    ("#set($a=2)#foreach($i in [1..300])#set($a=$a*$a)#end$a", "integer overflow"),
    ("#set($I=0)$I.parseInt('" + "9" * 5000 + "')", "NumberFormatException"),
    ("#foreach($i in [1..99999999999999999999999])x#end", "longer than 100000"),
    ("#foreach($i in [-99999999999999999999999..1])x#end", "longer than 100000"),
    ("#set($l=[1])$l.get(99999999999999999999999999)", "out of bounds"),
    ("#set($s='abc')$s.substring(-1)", "begin -1, end 3, length 3"),
])
def test_numeric_abuse_is_a_template_error(template, message):
    out = _run(template)
    assert isinstance(out, TemplateError) and message in str(out)


# --- hostile values and structures ----------------------------------------------------------

@pytest.mark.parametrize("template", [
    "#set($l=[1])#set($x=$l.add($l))$l",
    "#set($m={})#set($x=$m.put('a',$m))$m",
    "#set($l=[1])#set($x=$l.add($l))$l.toString()",
])
def test_self_referencing_values_fail_instead_of_recursing_forever(template):
    out = _run(template)
    assert isinstance(out, TemplateError) and str(out) == "template nested too deeply"


def test_shared_substructure_printed_exponentially_hits_the_step_bound():
    template = "#set($a=[1])" + "#set($a=[$a,$a])" * 60 + "$a"  # 2**60 leaves when printed
    out = _run(template, Limits(steps=100_000))
    assert isinstance(out, TemplateError) and "evaluation steps" in str(out)


@pytest.mark.parametrize(("template", "expected"), [
    ("#set($util=1)$util", "1"),                                  # a template variable, nothing more
    ("#set($context.requestId='evil')$context.requestId", "evil"),  # this render's copy only
    ("#set($input.body='evil')$input.body", '{"name": "pet"}'),    # builtins are not settable
    ("#set($s='a\x00b')$util.urlEncode($s)", "a%00b"),
    ("$util.base64Decode('@@@')", ""),
    ("$util.urlDecode('%zz%')", "%zz%"),
    ("$input.path(1)$input.params([])$input.params('a','b')", ""),
    ("#set($s='abc')$s.substring()$s.indexOf()$s.split()", ""),  # no Java overload: null
    ("#set($l=[1])$l.get()$l.add()$l.add(1,2,3)$l.set(1)$l.remove()", ""),
    ("#set($m={})$m.get()$m.put()$m.putAll(1)", ""),
    ("#set($m={})#set($x=$m.put([1],1))$m", "{}"),               # a list is no map key
])
def test_hostile_calls_and_assignments_stay_data(template, expected):
    assert _run(template) == expected


@pytest.mark.parametrize(("template", "message"), [
    ("$input.path('$[?(@.a =~ /x/)]')", "Invalid JSONPath: $[?(@.a =~ /x/)]"),  # regular expressions: never run
    ("$input.path('$.a[1:2:3]')", "Invalid JSONPath: $.a[1:2:3]"),
    ("#set($s='aaa')$s.replaceAll('(a)','$9')", "No group in replacement"),
    ("#set($s='abc')$s.matches('[')", "invalid regular expression"),
    ("#include('/etc/passwd')", "#include is not supported"),
    ("#macro(a)#b()#end#macro(b)#a()#end#a()", "nested more than 20 deep"),
    ("#set($t='#evaluate($t)')#evaluate($t)", "nested more than 20 deep"),
    ("#if(true)" * 2000 + "x" + "#end" * 2000, "nested more than 50 levels deep"),
])
def test_hostile_templates_fail_as_template_errors(template, message):
    out = _run(template)
    assert isinstance(out, TemplateError) and message in str(out)


def test_a_lone_surrogate_reaching_url_encode_is_a_template_error():
    out = _run("#set($s='\ud800')$util.urlEncode($s)")
    assert isinstance(out, TemplateError) and "urlEncode" in str(out)


# --- whole-text builtins over a large body ---------------------------------------------------
# Before: no step was charged inside $util/$input calls, so 200 parseJson calls over a 1 MB
# body ran for about two minutes (the 5 s wall-clock net is only checked between steps).

_BIG_BODY = '{"a": [' + ",".join(['{"b": "xxxxxxxxxx"}'] * 5000) + "]}"


@pytest.mark.parametrize("call", [
    "$util.parseJson($input.body)", "$input.path('$')", "$input.json('$')", "$util.escapeJavaScript($input.body)",
    "$util.base64Encode($input.body)",
], ids=["parseJson", "path", "json", "escapeJavaScript", "base64Encode"])
def test_repeated_whole_body_calls_are_charged(call):
    template = f"#foreach($i in [1..1000])#set($d={call})#end ok"
    started = time.monotonic()
    with pytest.raises(TemplateError, match="evaluation steps"):
        render(template, _scope(_BIG_BODY), Limits(steps=200_000))
    assert time.monotonic() - started < SAFETY_NET


def test_one_whole_body_call_still_fits_the_default_budget():
    template = "#set($d=$util.parseJson($input.body))$d.a.size() $input.path('$.a').size()"
    assert render(template, _scope(_BIG_BODY)) == "5000 5000"


@pytest.mark.parametrize(("text", "expected"), [
    ("a\"b'c/d\\e", "a\\\"b\\'c\\/d\\\\e"),
    ("\n\r\t\b\f\x01\x7f", "\\n\\r\\t\\b\\f\\u0001\x7f"),
    ("\u00e9\U0001F600", "\\u00E9\\uD83D\\uDE00"),
])
def test_escape_javascript_keeps_commons_lang_rules(text, expected):
    assert render("$util.escapeJavaScript($input.body)", _scope(text)) == expected


# --- through a deployed API -------------------------------------------------------------------


@pytest.mark.parametrize("template", [_doubling("addAll", "[1]"), "#set($a=" + "9" * 5000 + ")$a"],
                         ids=["memory", "huge-literal"])
def test_deployed_attack_is_internal_server_error(apigateway, template):
    url = deployed_mock_api(apigateway, template)
    started = time.monotonic()
    response = requests.post(url, json={}, timeout=5)
    assert time.monotonic() - started < SAFETY_NET
    assert (response.status_code, response.json()) == (500, {"message": "Internal server error"})
    assert response.headers["x-amzn-ErrorType"] == "InternalServerErrorException"
    assert json.dumps(response.json()).find("Traceback") == -1
