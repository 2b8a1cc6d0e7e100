"""CloudFormation templates under attack through their assets: nested stacks that nest themselves (directly,
through a cycle, or very deeply), asset manifests that are links to ``/dev/zero`` or out of the tree,
``BodyS3Location``/``TemplateURL`` assets named by ``..``, absolute, ``file://`` and Windows-style paths,
layers whose ``python`` folder links out. Each is a TemplateError naming the resource, in bounded time,
and nothing outside the template's folder tree is read."""

from __future__ import annotations

import json
import os
import sys
import threading
import time

import pytest

from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.stack import MAX_NESTING


def _deploy_failing(gw, path, limit=5.0):
    started = time.perf_counter()
    with pytest.raises(TemplateError) as failed:
        gw.deploy_template(path)
    assert time.perf_counter() - started < limit
    return failed.value


def _nest(name):
    return {"Type": "AWS::CloudFormation::Stack",
            "Metadata": {"aws:asset:path": name, "aws:asset:property": "TemplateURL"},
            "Properties": {"TemplateURL": f"https://s3.us-east-1.amazonaws.com/bucket/{name}"}}


def _write(path, document):
    path.write_text(json.dumps(document))
    return path


def test_a_stack_that_nests_itself_is_refused_not_a_recursion_error(gwmock, tmp_path):
    path = _write(tmp_path / "self.template.json", {"Resources": {"Me": _nest("self.template.json")}})
    error = _deploy_failing(gwmock, path)
    assert "nests itself" in str(error) and error.logical_id == "Me"


def test_two_stacks_nesting_each_other_are_refused(gwmock, tmp_path, apigateway):
    _write(tmp_path / "a.json", {"Resources": {"B": _nest("b.json"), "Api": {
        "Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "made-then-undone"}}}})
    _write(tmp_path / "b.json", {"Resources": {"A": _nest("a.json")}})
    error = _deploy_failing(gwmock, tmp_path / "a.json")
    assert "nests itself" in str(error)
    assert apigateway.get_rest_apis()["items"] == []  # rolled back


def test_a_dict_template_nesting_a_file_that_nests_itself(gwmock, tmp_path, monkeypatch):
    _write(tmp_path / "loop.json", {"Resources": {"Again": _nest("loop.json")}})
    monkeypatch.chdir(tmp_path)
    error = _deploy_failing(gwmock, {"Resources": {"First": _nest("loop.json")}})
    assert "nests itself" in str(error)


def test_nesting_deeper_than_the_limit_is_refused(gwmock, tmp_path):
    depth = MAX_NESTING + 5
    for level in range(depth):
        _write(tmp_path / f"n{level}.json", {"Resources": {"Next": _nest(f"n{level + 1}.json")}})
    _write(tmp_path / f"n{depth}.json", {"Resources": {"Api": {
        "Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "leaf"}}}})
    error = _deploy_failing(gwmock, tmp_path / "n0.json")
    assert f"more than {MAX_NESTING} levels deep" in str(error)


def test_nesting_within_the_limit_deploys(gwmock, tmp_path, apigateway):
    for level in range(3):
        _write(tmp_path / f"n{level}.json", {"Resources": {"Next": _nest(f"n{level + 1}.json")}})
    _write(tmp_path / "n3.json", {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
                                                       "Properties": {"Name": "leaf"}}}})
    gwmock.deploy_template(tmp_path / "n0.json")
    assert [api["name"] for api in apigateway.get_rest_apis()["items"]] == ["leaf"]


BODY_S3 = {"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {
    "BodyS3Location": {"Bucket": "cdk-assets", "Key": "0123abcd.json"}}}}}


def _manifest(source):
    return {"version": "36.0.0", "files": {"0123abcd": {"source": {"path": source, "packaging": "file"},
                                                      "destinations": {"d": {"bucketName": "cdk-assets",
                                                                             "objectKey": "0123abcd.json"}}}}}


@pytest.mark.skipif(not os.path.exists("/dev/zero"), reason="needs /dev/zero")
def test_a_manifest_linked_to_an_endless_device_is_skipped_at_once(gwmock, tmp_path):
    """``*.assets.json`` was read whole, whatever it was: a link to /dev/zero never ended."""
    (tmp_path / "zero.assets.json").symlink_to("/dev/zero")
    os.mkfifo(tmp_path / "fifo.assets.json")
    path = _write(tmp_path / "t.json", BODY_S3)
    done: list[object] = []
    worker = threading.Thread(target=lambda: done.append(_try(gwmock, path)), daemon=True)
    worker.start()
    worker.join(5)
    assert done, "deploy_template still reading after 5 s"
    assert isinstance(done[0], TemplateError) and "BodyS3Location" in str(done[0])


def _try(gw, path):
    try:
        return gw.deploy_template(path)
    except TemplateError as error:
        return error


def test_a_manifest_linked_out_of_the_tree_is_not_read(gwmock, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "api.json").write_text(json.dumps({"openapi": "3.0.1", "info": {"title": "outside", "version": "1"},
                                                  "paths": {}}))
    (outside / "real.assets.json").write_text(json.dumps(_manifest(str(outside / "api.json"))))
    (outside / "rel.assets.json").write_text(json.dumps(_manifest("api.json")))
    stack = tmp_path / "stack"
    stack.mkdir()
    (stack / "a.assets.json").symlink_to(outside / "real.assets.json")
    (stack / "b.assets.json").symlink_to(outside / "rel.assets.json")
    error = _deploy_failing(gwmock, _write(stack / "t.json", BODY_S3))
    assert "outside" not in str(error).split("BodyS3Location")[0]
    assert "title" not in str(error)


@pytest.mark.parametrize("source", ["../outside/api.json", "/etc/hosts", "file:///etc/hosts",
                                    "..\\outside\\api.json", "C:\\Windows\\win.ini", "\\\\server\\share\\api.json",
                                    "sub/../../outside/api.json", "%2e%2e/outside/api.json"])
def test_asset_paths_in_a_manifest_stay_in_the_tree(gwmock, tmp_path, source):
    (tmp_path / "outside").mkdir()
    (tmp_path / "outside" / "api.json").write_text("{}")
    stack = tmp_path / "stack"
    stack.mkdir()
    (stack / "sub").mkdir()
    (stack / "App.assets.json").write_text(json.dumps(_manifest(source)))
    started = time.perf_counter()
    try:
        gwmock.deploy_template(_write(stack / "t.json", BODY_S3))
    except TemplateError as error:
        message = str(error)
        assert "outside the template's folder" in message or "BodyS3Location" in message
    assert time.perf_counter() - started < 3


@pytest.mark.parametrize("path", ["../outside/nested.json", "/etc/hosts", "file:///etc/hosts", "..\\outside"])
def test_nested_templates_stay_in_the_tree(gwmock, tmp_path, path):
    (tmp_path / "outside").mkdir()
    _write(tmp_path / "outside" / "nested.json", {"Resources": {"Api": {
        "Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "from-outside"}}}})
    stack = tmp_path / "stack"
    stack.mkdir()
    template = {"Resources": {"Nested": _nest(path)}}
    try:
        gwmock.deploy_template(_write(stack / "t.json", template))
    except TemplateError as error:
        assert "outside the template's folder" in str(error)
    assert "from-outside" not in json.dumps(gwmock.snapshot())


def test_a_layer_whose_python_folder_links_out_is_not_on_the_path(gwmock, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "layermod.py").write_text("import sys\nsys.LAYER_LOADED_FROM_OUTSIDE = True\nVALUE = 'outside'\n")
    stack = tmp_path / "stack"
    (stack / "layer").mkdir(parents=True)
    (stack / "layer" / "python").symlink_to(outside, target_is_directory=True)
    (stack / "code").mkdir()
    (stack / "code" / "app.py").write_text(
        "try:\n    import layermod\n    VALUE = layermod.VALUE\nexcept ImportError:\n    VALUE = 'no layer'\n"
        "def handler(e, c):\n    return VALUE\n")
    template = {"Resources": {
        "Layer": {"Type": "AWS::Lambda::LayerVersion", "Metadata": {"aws:asset:path": "layer"},
                  "Properties": {"LayerName": "l", "Content": {"S3Bucket": "b", "S3Key": "k"}}},
        "Fn": {"Type": "AWS::Lambda::Function", "Metadata": {"aws:asset:path": "code"}, "Properties": {
            "Runtime": "python3.12", "Handler": "app.handler", "Role": "arn:aws:iam::123456789012:role/r",
            "Code": {"S3Bucket": "b", "S3Key": "k"}, "FunctionName": "fn", "Layers": [{"Ref": "Layer"}]}}}}
    gwmock.deploy_template(_write(stack / "t.json", template))
    assert gwmock.lambdas["fn"]({}, None) == "no layer"
    assert not hasattr(sys, "LAYER_LOADED_FROM_OUTSIDE")


def test_a_huge_template_is_refused_before_it_is_read(gwmock, tmp_path):
    path = tmp_path / "huge.json"
    with path.open("wb") as file:
        file.truncate(60 * 1024 * 1024)  # sparse: 60 MB of nothing
    error = _deploy_failing(gwmock, path, limit=2.0)
    assert "larger than" in str(error)
