"""Hostile CloudFormation/SAM templates: size bombs, recursion, hostile parameter declarations and
files outside the template's folder. Each one fails fast with a TemplateError naming the problem,
and leaves the mock's state and Lambda registrations as they were."""

from __future__ import annotations

import time

import pytest

from gwmock.cloudformation import TemplateError

LONG = "x" * 1_000_000


def failing(gwmock, template, limit=10.0, **kwargs):
    """Deploy, expect a TemplateError within ``limit`` seconds, state and registrations unchanged."""
    before, lambdas = gwmock.snapshot(), dict(gwmock.lambdas)
    started = time.perf_counter()
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template(template, **kwargs)
    assert time.perf_counter() - started < limit
    assert gwmock.snapshot() == before
    assert gwmock.lambdas == lambdas
    return caught.value


def rest_api(name):
    return {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": name}}


def with_parameter(name_value, spec=None):
    return {"Parameters": {"P": {"Type": "String", "Default": LONG, **(spec or {})}},
            "Resources": {"Api": rest_api(name_value)}}


# --- size bombs --------------------------------------------------------------------------------

def test_join_of_many_references_to_a_long_parameter(gwmock):
    error = failing(gwmock, with_parameter({"Fn::Join": ["", [{"Ref": "P"}] * 200]}))
    assert "builds more text than gwmock allows for one stack" in str(error)
    assert error.logical_id == "Api"


def test_sub_repeating_a_long_parameter(gwmock):
    error = failing(gwmock, with_parameter({"Fn::Sub": "${P}" * 200}))
    assert "Fn::Sub builds more text than gwmock allows" in str(error) or "Ref builds more" in str(error)


def test_join_with_a_long_delimiter(gwmock):
    error = failing(gwmock, with_parameter({"Fn::Join": [{"Ref": "P"}, ["a"] * 100]}))
    assert "builds more text than gwmock allows" in str(error)


def test_split_select_of_a_long_parameter_is_fine_within_the_budget(gwmock):
    template = {"Parameters": {"P": {"Type": "String", "Default": ",".join(["v"] * 10_000)}},
                "Resources": {"Api": rest_api({"Fn::Select": [9999, {"Fn::Split": [",", {"Ref": "P"}]}]})}}
    stack = gwmock.deploy_template(template)
    assert gwmock.backend.get(("123456789012", "us-east-1", "restapis", stack.resources["Api"]))["name"] == "v"


def test_yaml_alias_of_a_long_string_repeated_through_properties(gwmock, tmp_path):
    aliases = ", ".join(["*big"] * 100)
    (tmp_path / "t.yaml").write_text(
        f"Mappings: {{M: {{K: {{V: &big '{'y' * 1_000_000}'}}}}}}\n"
        "Resources:\n  Api:\n    Type: AWS::ApiGateway::RestApi\n"
        f"    Properties: {{Name: n, Tags: [{{Key: k, Value: !Join ['', [{aliases}]]}}]}}\n")
    error = failing(gwmock, tmp_path / "t.yaml")
    assert "builds more text than gwmock allows" in str(error)


# --- recursion and self-reference ------------------------------------------------------------

def test_condition_referring_to_itself(gwmock):
    template = {"Conditions": {"C": {"Fn::Not": [{"Condition": "C"}]}},
                "Resources": {"Api": {**rest_api("n"), "Condition": "C"}}}
    error = failing(gwmock, template)
    assert "circular condition dependency C -> C" in str(error)


def test_resource_referring_to_itself(gwmock):
    error = failing(gwmock, {"Resources": {"Api": rest_api({"Fn::GetAtt": ["Api", "RootResourceId"]})}})
    assert "Api" in str(error)


def test_depends_on_cycle_of_three(gwmock):
    resources = {name: {**rest_api(name), "DependsOn": after} for name, after in (("A", "B"), ("B", "C"), ("C", "A"))}
    error = failing(gwmock, {"Resources": resources})
    assert "Circular dependency" in str(error) or "circular" in str(error).lower()


def test_deeply_nested_functions_in_a_file_are_refused_by_the_document_limits(gwmock, tmp_path):
    value = "n"
    for _ in range(150):
        value = {"Fn::Join": ["", [value]]}
    error = failing(gwmock, _write(tmp_path, {"Resources": {"Api": rest_api(value)}}))
    assert "is not a valid template document" in str(error)


def test_nested_functions_within_the_limits_resolve(gwmock):
    value = "n"
    for _ in range(30):
        value = {"Fn::Join": ["", [value]]}
    stack = gwmock.deploy_template({"Resources": {"Api": rest_api(value)}})
    assert stack.resources["Api"]


# --- parameters of hostile shapes ------------------------------------------------------------

def test_catastrophic_allowed_pattern_is_cut_short(gwmock):
    spec = {"Default": "a" * 40 + "!", "AllowedPattern": "(a+)+$"}
    error = failing(gwmock, {"Parameters": {"P": {"Type": "String", **spec}}, "Resources": {"Api": rest_api("n")}})
    # answered within the deadline (failing() checks it): refused as a mismatch, or cut short by the time limit
    assert str(error) in ("Parameter 'P' must match pattern (a+)+$",
                          "Parameter 'P' AllowedPattern cannot be used: regular expression took too long")


def test_invalid_allowed_pattern(gwmock):
    spec = {"Default": "a", "AllowedPattern": "(unclosed"}
    error = failing(gwmock, {"Parameters": {"P": {"Type": "String", **spec}}, "Resources": {"Api": rest_api("n")}})
    assert "Parameter 'P' AllowedPattern cannot be used: invalid regular expression" in str(error)


@pytest.mark.parametrize(("key", "kind"), [("MinLength", "String"), ("MaxLength", "String"),
                                            ("MinValue", "Number"), ("MaxValue", "Number")])
def test_non_numeric_bounds(gwmock, key, kind):
    spec = {"Type": kind, "Default": "5", key: "abc"}
    error = failing(gwmock, {"Parameters": {"P": spec}, "Resources": {"Api": rest_api("n")}})
    assert str(error) == f"Template format error: Parameter 'P' {key} must be a number, got 'abc'"


def test_allowed_values_that_is_not_a_list(gwmock):
    spec = {"Type": "String", "Default": "a", "AllowedValues": "abc"}
    error = failing(gwmock, {"Parameters": {"P": spec}, "Resources": {"Api": rest_api("n")}})
    assert str(error) == "Template format error: Parameter 'P' AllowedValues must be a list"


# --- files outside the template's folder -----------------------------------------------------

def lambda_from(folder_key, folder, handler="app.handler"):
    return {"Type": "AWS::Lambda::Function", "Metadata": {folder_key: folder}, "Properties": {
        "Runtime": "python3.12", "Handler": handler, "Role": "arn:aws:iam::123456789012:role/r",
        "Code": {"S3Bucket": "b", "S3Key": "k"}}}


@pytest.fixture
def outside(tmp_path):
    """tmp/outside/app.py (code the template must not load) and tmp/stack/ (the template's folder)."""
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "app.py").write_text("import sys\nsys.LOADED_FROM_OUTSIDE = True\n"
                                                 "def handler(e, c):\n    return 1\n")
    (tmp_path / "stack").mkdir()
    return tmp_path


def _write(folder, template):
    import json

    (folder / "t.json").write_text(json.dumps(template))
    return folder / "t.json"


@pytest.mark.parametrize("key", ["aws:asset:path", "gwmock:code-path"])
@pytest.mark.parametrize("form", ["relative", "absolute"])
def test_code_folder_outside_the_template_tree(gwmock, outside, key, form):
    import sys

    folder = "../outside" if form == "relative" else str(outside / "outside")
    path = _write(outside / "stack", {"Resources": {"Fn": lambda_from(key, folder)}})
    error = failing(gwmock, path)
    assert error.logical_id == "Fn" and error.prop == "Code"
    assert f"code folder ({key}) {folder!r} is outside the template's folder" in str(error)
    assert not hasattr(sys, "LOADED_FROM_OUTSIDE")


def test_code_folder_through_a_symlink_out_of_the_tree(gwmock, outside):
    import sys

    (outside / "stack" / "link").symlink_to(outside / "outside", target_is_directory=True)
    path = _write(outside / "stack", {"Resources": {"Fn": lambda_from("aws:asset:path", "link")}})
    error = failing(gwmock, path)
    assert "'link' is outside the template's folder" in str(error)
    assert not hasattr(sys, "LOADED_FROM_OUTSIDE")


def test_handler_file_symlinked_out_of_the_code_folder(gwmock, outside):
    import sys

    (outside / "stack" / "code").mkdir()
    (outside / "stack" / "code" / "app.py").symlink_to(outside / "outside" / "app.py")
    path = _write(outside / "stack", {"Resources": {"Fn": lambda_from("aws:asset:path", "code")}})
    error = failing(gwmock, path)
    assert "cannot import handler module app: no app.py in" in str(error)
    assert not hasattr(sys, "LOADED_FROM_OUTSIDE")


@pytest.mark.parametrize("handler", ["../../etc/passwd.x", "/etc/passwd.x", "..\\..\\etc\\passwd.x",
                                     "....etc.passwd.x"])
def test_handler_paths_stay_inside_the_code_folder(gwmock, outside, handler):
    (outside / "stack" / "code").mkdir()
    path = _write(outside / "stack", {"Resources": {"Fn": lambda_from("aws:asset:path", "code", handler)}})
    error = failing(gwmock, path)
    assert error.prop == "Handler" and "cannot import handler module" in str(error)


def test_sam_code_uri_and_definition_uri_outside_the_tree(gwmock, outside):
    pytest.importorskip("samtranslator")
    import sys

    (outside / "api.yaml").write_text("openapi: 3.0.1\ninfo: {title: t, version: '1'}\npaths: {}\n")
    function = {"Type": "AWS::Serverless::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "app.handler", "CodeUri": str(outside / "outside")}}
    sam = {"Transform": "AWS::Serverless-2016-10-31"}
    error = failing(gwmock, _write(outside / "stack", {**sam, "Resources": {"Fn": function}}), limit=15)
    assert f"Fn CodeUri {str(outside / 'outside')!r} is outside the template's folder" in str(error)
    api = {"Type": "AWS::Serverless::Api", "Properties": {"StageName": "v1", "DefinitionUri": "../api.yaml"}}
    error = failing(gwmock, _write(outside / "stack", {**sam, "Resources": {"Api": api}}), limit=15)
    assert "Api DefinitionUri '../api.yaml' is outside the template's folder" in str(error)
    assert not hasattr(sys, "LOADED_FROM_OUTSIDE")


def test_code_inside_the_tree_still_loads(gwmock, outside):
    (outside / "stack" / "code").mkdir()
    (outside / "stack" / "code" / "app.py").write_text("def handler(e, c):\n    return 'inside'\n")
    path = _write(outside / "stack", {"Resources": {"Fn": lambda_from("aws:asset:path", "code")}})
    stack = gwmock.deploy_template(path)
    name = stack.resources["Fn"]
    assert gwmock.lambdas[name]({}, None) == "inside"


def test_inline_zipfile_code_is_the_authors_and_runs(gwmock):
    """Inline code is the test author's own Python (trusted as such): it runs, with its module name."""
    function = {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "index.handler", "Role": "r", "FunctionName": "inline",
        "Code": {"ZipFile": "def handler(e, c):\n    return __name__.startswith('gwmock_lambda_')\n"}}}
    gwmock.deploy_template({"Resources": {"Fn": function}})
    assert gwmock.lambdas["inline"]({}, None) is True


def test_sam_transform_failure_is_a_template_error(gwmock):
    pytest.importorskip("samtranslator")
    bad = {"Transform": "AWS::Serverless-2016-10-31",
           "Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {"Events": "not a map"}}}}
    error = failing(gwmock, bad, limit=15)  # the first SAM template imports the translator
    assert str(error).startswith("Transform AWS::Serverless-2016-10-31 failed")
