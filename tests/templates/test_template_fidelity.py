"""Mapping templates answer as AWS's: recorded answers where AWS was recorded, Velocity 1.7 and
Java semantics where the template language decides (the expected values say which)."""

from __future__ import annotations

import json

import pytest
import requests
from helpers import recorded

from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.runtime.vtl import Scope, TemplateError, render

REGION = "us-east-1"
FN = f"arn:aws:lambda:{REGION}:{DEFAULT_ACCOUNT}:function:"
URI = "arn:aws:apigateway:us-east-1:lambda:path/2015-03-31/functions/{}/invocations"


def _mock_api(client, request_template='{"statusCode": 200}', response_template=None, path_part="x",
              stage_variables=None):
    api = client.create_rest_api(name="fidelity")
    resource = client.create_resource(restApiId=api["id"], parentId=api["rootResourceId"], pathPart=path_part)["id"]
    client.put_method(restApiId=api["id"], resourceId=resource, httpMethod="POST", authorizationType="NONE")
    client.put_integration(restApiId=api["id"], resourceId=resource, httpMethod="POST", type="MOCK",
                           requestTemplates={"application/json": request_template})
    client.put_method_response(restApiId=api["id"], resourceId=resource, httpMethod="POST", statusCode="200")
    client.put_integration_response(restApiId=api["id"], resourceId=resource, httpMethod="POST", statusCode="200",
                                    **({"responseTemplates": {"application/json": response_template}}
                                       if response_template is not None else {}))
    client.create_deployment(restApiId=api["id"], stageName="dev", variables=stage_variables or {})
    return f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/{path_part}"


def _scope(body="{}", **params):
    return Scope(body=body, params={"path": {}, "querystring": params, "header": {}},
                 context={"requestId": "r-1", "stage": "dev"}, stage_variables={"env": "dev"},
                 overrides={"requestOverride": {"header": {}, "querystring": {}, "path": {}},
                            "responseOverride": {"status": "", "header": {}}})


# --- #set targets ------------------------------------------------------------------------------


def test_hyphenated_override_header_names(apigateway, gwmock):
    # Velocity 1.7 identifiers hold '-': the header is "X-Amz-Target", as AWS's docs' example sets it
    request_template = ('#set($context.requestOverride.header.X-Amz-Target = "DynamoDB_20120810.Query")'
                        '#set($context.responseOverride.header.X-Custom-Reply = "yes")'
                        '{"statusCode": 200}')
    response_template = "target=$context.requestOverride.header.X-Amz-Target"
    url = _mock_api(apigateway, request_template, response_template)
    response = requests.post(url, json={}, timeout=5)
    assert (response.status_code, response.text) == (200, "target=DynamoDB_20120810.Query")
    assert response.headers["X-Custom-Reply"] == "yes"


def test_hyphenated_override_reaches_an_aws_integration(apigateway, gwmock):
    seen = {}

    def handler(event, context):
        seen.update(event)
        return {"ok": True}

    gwmock.add_lambda(FN + "target", handler)
    api = apigateway.create_rest_api(name="hyphen")
    root = api["rootResourceId"]
    apigateway.put_method(restApiId=api["id"], resourceId=root, httpMethod="POST", authorizationType="NONE")
    apigateway.put_integration(
        restApiId=api["id"], resourceId=root, httpMethod="POST", type="AWS", integrationHttpMethod="POST",
        uri=URI.format(FN + "target"),
        requestTemplates={"application/json": '#set($key = "X-Trace")#set($ids = {})#set($ids[$key] = "t-1")'
                                              '{"trace": "$ids.get(\'X-Trace\')", "name": $input.json(\'$.name\')}'})
    apigateway.put_method_response(restApiId=api["id"], resourceId=root, httpMethod="POST", statusCode="200")
    apigateway.put_integration_response(restApiId=api["id"], resourceId=root, httpMethod="POST", statusCode="200")
    apigateway.create_deployment(restApiId=api["id"], stageName="dev")
    response = requests.post(f"https://{api['id']}.execute-api.{REGION}.amazonaws.com/dev/", json={"name": "n"},
                             timeout=5)
    assert (response.status_code, response.json()) == (200, {"ok": True})
    assert seen == {"trace": "t-1", "name": "n"}


def test_map_index_assignment(apigateway):
    # the recorded map-assignment answer, with the keys set through ``$map[$key]``
    template = ('#set($map = $util.parseJson(\'{"nested": {"foo": "nestedFoo"}}\'))'
                '#set($key = "value")#set($map[$key] = "bar")'
                '#set($map["value2"] = "putBar")'
                '{"value": "$map.value", "value2": "$map[\'value2\']", "value3": "$map.nested.foo"}')
    url = _mock_api(apigateway, response_template=template)
    response = requests.post(url, json={}, timeout=5)
    expected = recorded("integrations", "test_integration_mock_with_vtl_map_assignation", "response")
    assert (response.status_code, response.json()) == (expected["status_code"], expected["body"])


def test_list_index_assignment_and_read():
    assert render('#set($l = ["a", "b"])#set($l[1] = "z")$l[0]$l[1]|$l', _scope()) == "az|[a, z]"


# --- $context and $stageVariables are maps -----------------------------------------------------


def test_context_key_set_and_get(apigateway):
    template = ('#foreach($key in ["requestId", "stage", "httpMethod"])'
                '#if($context.keySet().contains($key))$key=$context.get($key);#end#end'
                '|$context.containsKey("resourcePath")|$context.get("missing")|')
    url = _mock_api(apigateway, response_template=template, stage_variables={"env": "dev"})
    response = requests.post(url, json={}, timeout=5)
    stage_part, method_part, rest = response.text.split(";", 2)[1], response.text.split(";")[2], response.text
    assert response.text.startswith("requestId=")
    assert stage_part == "stage=dev"
    assert method_part == "httpMethod=POST"
    assert rest.endswith(";|true||")


def test_stage_variables_key_set(apigateway):
    template = '#foreach($k in $stageVariables.keySet())$k=$stageVariables.get($k)#if($foreach.hasNext),#end#end'
    url = _mock_api(apigateway, response_template=template, stage_variables={"env": "dev", "table": "pets"})
    assert requests.post(url, json={}, timeout=5).text == "env=dev,table=pets"


# --- undefined references print nothing ----------------------------------------------------------


def test_undefined_references_print_nothing(apigateway):
    # AWS prints "" for a reference to nothing, whether quiet or not (recorded: test_apigateway_common
    # test_input_body_formatting response-url-encode, "EncodedBodyAccess=" for $input.path('$').body)
    template = ("[$undefined|$!quiet|${braced}|$!{quietBraced}|$result.nested|$input.path('$').missing"
                "|$input.path('$.a.b.c')|$context.nope.deeper|$stageVariables.nope|$util.nope('x')]")
    url = _mock_api(apigateway, response_template=template)
    assert requests.post(url, json={"a": 1}, timeout=5).text == "[|||||||||]"


def test_url_encode_of_a_missing_member_is_empty():
    template = "EncodedBody=$util.urlEncode($input.body)&EncodedBodyAccess=$util.urlEncode($input.path('$').body)"
    recorded_answers = recorded("common", "test_input_body_formatting", "response-url-encode")
    for key, body in (("empty-body", "{}"), ("json-body", '{"some": "value"}'), ("str-body", "some raw data")):
        assert repr(render(template, _scope(body)).encode()) == recorded_answers[key]


# --- the empty body -------------------------------------------------------------------------------


def test_empty_request_body_is_an_empty_object(apigateway):
    request_template = ('#set($context.echoPath = $input.path(\'$\'))#set($context.echoJson = $input.json(\'$\'))'
                        '#set($context.echoBody = $input.body){"statusCode": 200}')
    url = _mock_api(apigateway, request_template,
                    "path=$context.echoPath json=$context.echoJson body=$context.echoBody")
    response = requests.post(url, timeout=5)
    # aws-recorded: test_apigateway_common test_input_body_formatting response-raw-body, empty-body: b'{}'
    assert recorded("common", "test_input_body_formatting", "response-raw-body")["empty-body"] == "b'{}'"
    assert response.text == "path={} json={} body={}"


def test_empty_response_body_is_an_empty_object():
    assert render("$input.path('$')|$input.json('$')|$input.path('$').size()", _scope("")) == "{}|{}|0"


# --- recorded formatting of $input.path values ----------------------------------------------------


@pytest.mark.parametrize(("step", "data", "expression"), [
    ("dict-response", {"foo": "bar"}, "$input.path('$.data')"),
    ("json-list", [{"foo": "bar"}], "$input.path('$.data')"),
    ("dict-with-nested-list", {"foo": [{"nested": "bar"}]}, "$input.path('$.data')"),
    ("bigger-dict", {"bigger": "dict", "to": "test", "with": "separators"}, "$input.path('$.data')"),
    ("list-to-string", {"list": [{"foo": "bar"}]}, "$input.path('$.data').toString()"),
])
def test_input_path_formatting(step, data, expression):
    expected = recorded("common", "test_input_path_template_formatting", step)
    assert render(expression, _scope(json.dumps({"data": data}))) == expected


# --- the language: Velocity 1.7 semantics ---------------------------------------------------------


@pytest.mark.parametrize(("template", "expected"), [
    ('#set($s = "  Hello, World  ")$s.trim()|$s.trim().length()|$s.toUpperCase().trim()',
     "Hello, World|12|HELLO, WORLD"),
    ('#set($s = "Hello")$s.substring(1, 3)|$s.substring(2)|$s.charAt(0)|$s.indexOf("l")|$s.lastIndexOf("l")',
     "el|llo|H|2|3"),
    ('#set($s = "Hello")$s.indexOf("z")|$s.contains("ell")|$s.startsWith("He")|$s.endsWith("lo")|$s.isEmpty()',
     "-1|true|true|true|false"),
    ('#set($s = "a,b,,")$s.split(",")|$s.split(",").size()|$s.split(",", -1).size()', "[a, b]|2|4"),
    ('#set($s = "a1b22")$s.replaceAll("[0-9]+", "#")|$s.replaceFirst("[0-9]", "")|$s.replace("b", "B")',
     "a#b#|ab22|a1B22"),
    ('#set($s = "abc")$s.replaceAll("(\\w)", "$1$1")|$s.matches("[a-c]+")|$s.matches("b")', "aabbcc|true|false"),
    ('#set($s = "Abc")$s.equals("Abc")|$s.equalsIgnoreCase("aBC")|$s.concat("d")|$s.toLowerCase()',
     "true|true|Abcd|abc"),
    ('#set($Integer = 0)#set($n = $Integer.parseInt("41") + 1)$n|#set($d = $Integer.parseDouble("1.5"))$d',
     "42|1.5"),
    ("#set($n = 7)$n / 2|#set($q = $n / 2)$q|#set($r = -7 % 3)$r|#set($f = 1.5 * 2)$f", "7 / 2|3|-1|3.0"),
    ('#set($m = {"a": 1, "b": "two"})$m|$m.size()|$m.keySet()|$m.values()|$m.containsKey("a")',
     "{a=1, b=two}|2|[a, b]|[1, two]|true"),
    ('#set($m = {"a": 1})#set($old = $m.put("a", 2))$old,$m.a|$m.remove("a")|$m.isEmpty()', "1,2|2|true"),
    ('#set($m = {"a": 1, "b": 2})#foreach($e in $m.entrySet())$e.key=$e.value;#end', "a=1;b=2;"),
    ('#set($m = {"a": 1, "b": 2})#foreach($v in $m)$v#end', "12"),
    ('#set($l = [1, 2, 3])#foreach($i in $l)$velocityCount:$foreach.index:$i#if($foreach.hasNext),#end#end',
     "1:0:1,2:1:2,3:2:3"),
    ('#set($l = [])$l.add("x")|$l.size()|$l.get(0)|$l.contains("x")|$l.isEmpty()', "true|1|x|true|false"),
    ("#foreach($i in [3..1])$i#end|#foreach($i in [1..5])#if($i == 3)#break#end$i#end", "321|12"),
    ('#if("1" == 1)same#end|#if($missing == $null)null#end|#if(!$missing)empty#end', "same|null|empty"),
    ('#set($a = "x")#set($b = "${a}y")$b|#set($c = \'$a\')$c', "xy|$a"),
    ('#macro(greet $name)Hello $name!#end#greet("you")|#greet($input.path(\'$.n\'))', "Hello you!|Hello 5!"),
    ("## a comment\n#* a block\ncomment *#\\$notAReference|#[[#if($x)raw#end]]#", "$notAReference|#if($x)raw#end"),
    ("#set($x = 1)\n#if($x == 1)\none\n#else\nother\n#end\nend", "one\nend"),
    ('#set($s = "a\\"b")$s|#set($t = "say ""hi""")$t', 'a\\"b|say "hi"'),
    ('$util.escapeJavaScript("it\'s \\"q\\" / é\n")', "it\\'s \\\\\\\"q\\\\\\\" \\/ \\u00E9\\n"),
    ("$util.base64Encode('hé')|$util.base64Decode('aMOp')|$util.urlDecode('a+b%21')", "aMOp|hé|a b!"),
    ("#set($obj = $util.parseJson('{\"a\": [1, true, null]}'))$obj|$obj.a|$obj.a.size()",
     "{a=[1,true,null]}|[1,true,null]|3"),
])
def test_velocity_semantics(template, expected):
    assert render(template, _scope('{"n": 5}')) == expected


def test_set_of_null_leaves_the_variable_undefined():
    assert render("#set($x = 'a')#set($x = $input.path('$.missing'))[$x]", _scope()) == "[]"


def test_stop_ends_the_output():
    assert render("before#stop after", _scope()) == "before"


@pytest.mark.parametrize("template", [
    "#if($a", "#foreach($i in [1..2])", "#set($a = )", "#end", "#else", '#set($s = "unclosed)', "#* open",
    "$util.parseJson('not json')", "$input.path('$[bad')",
    "#set($Integer = 0)$Integer.parseInt('4 2')",
    "#set($s = 'abc')$s.substring(2, 1)", "#set($l = [])$l.get(3)",
])
def test_invalid_templates_are_errors(template):
    with pytest.raises(TemplateError):
        render(template, _scope())


def test_invalid_template_answers_500_with_the_log_line(apigateway, gwmock):
    url = _mock_api(apigateway, response_template="#if($a")
    answer = gwmock.invoke("POST", url, {"Content-Type": "application/json"}, "{}")
    assert (answer.status, json.loads(answer.body)) == (500, {"message": "Internal server error"})
    assert any("Execution failed due to configuration error: Unable to transform response" in line
               for line in answer.log)


# --- examples from AWS's "mapping template and access logging variable reference" ---------------


def test_reference_parse_json_example():
    body = json.dumps({"errorMessage": json.dumps({"key1": "var1", "key2": {"arr": [1, 2, 3]}})})
    template = ("#set ($errorMessageObj = $util.parseJson($input.path('$.errorMessage')))\n"
                '{\n   "errorMessageObjKey2ArrVal" : $errorMessageObj.key2.arr[0]\n}\n')
    assert json.loads(render(template, _scope(body))) == {"errorMessageObjKey2ArrVal": 1}


def test_reference_escape_javascript_single_quote_example():
    # the documented way to undo the escaped single quote: "\\'" stays two backslashes and a
    # quote in a Velocity 1.7 string literal, which Java's regex reads as "\'"
    template = "$util.escapeJavaScript($input.path('$.data')).replaceAll(\"\\\\'\",\"'\")"
    assert render(template, _scope(json.dumps({"data": "it's \"x\""}))) == "it's \\\"x\\\""


def test_reference_stage_variable_syntaxes():
    assert render("$stageVariables.env|$stageVariables['env']|${stageVariables['env']}", _scope()) == "dev|dev|dev"


def test_reference_request_and_response_example():
    template = ('{\n    "id" : "$input.params(\'id\')",\n    "count" : "$input.path(\'$.things\').size()",\n'
                '    "things" : $input.json(\'$.things\')\n}')
    scope = Scope(body=json.dumps({"things": {"1": {}, "2": {}, "3": {}}}), params={"path": {"id": "abc"}})
    assert json.loads(render(template, scope)) == {"id": "abc", "count": "3", "things": {"1": {}, "2": {}, "3": {}}}


def test_params_print_as_java_maps():
    # as AWS prints them (yyolk/api-gateway-payload-parse's README shows AWS's output)
    scope = Scope(body="{}", params={"path": {"path": "users"}, "querystring": {"fields": "id"}, "header": {}})
    template = ('$input.params()|$input.params().path|$input.params().header|$input.params().header.keySet()'
                "|$input.params().header.get('Content-Type')|")
    assert render(template, scope) == "{path={path=users}, querystring={fields=id}, header={}}|{path=users}|{}|[]||"


# --- JSON arrays print as compact JSON, whatever a template put in them ----------------------------


@pytest.mark.parametrize(("template", "printed"), [
    ("$input.path('$.a')", '[1,2.5,"\\u00e9",true,null,{"k":[3]}]'),  # json.dumps' own spelling
    ("#set($l = $input.path('$.a'))#set($ignored = $l.add({1: 2}))$l",
     '[1,2.5,"\\u00e9",true,null,{"k":[3]},{"1":2}]'),  # a map literal's number key prints as text
    # what JSON cannot print takes the slow walk: an iterator (no JSON value) prints as null
    ("#set($l = $input.path('$.a'))#set($m = {'x': 1})#set($ignored = $l.add($m.entrySet().iterator()))$l",
     '[1,2.5,"\\u00e9",true,null,{"k":[3]},null]'),
    ("#set($l = $input.path('$.a'))#set($ignored = $l.add($l))$l", TemplateError),  # a list holding itself
])
def test_json_arrays_print_as_compact_json(template, printed):
    body = json.dumps({"a": [1, 2.5, "\u00e9", True, None, {"k": [3]}]})
    if printed is TemplateError:
        with pytest.raises(TemplateError, match="nested too deeply"):
            render(template, _scope(body))
    else:
        assert render(template, _scope(body)) == printed
