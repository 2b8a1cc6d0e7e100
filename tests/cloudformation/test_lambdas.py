"""Lambda functions of a template run in-process: code folders, environment, timeout, overrides."""

from __future__ import annotations

import os

import requests


def proxy_api(function_logical_id: str) -> dict:
    """A REST API whose GET / is a Lambda proxy to the template's function."""
    uri = {"Fn::Sub": "arn:aws:apigateway:${AWS::Region}:lambda:path/2015-03-31/functions/"
                      "${" + function_logical_id + ".Arn}/invocations"}
    return {
        "Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "fn-api"}},
        "Get": {"Type": "AWS::ApiGateway::Method", "Properties": {
            "RestApiId": {"Ref": "Api"}, "ResourceId": {"Fn::GetAtt": ["Api", "RootResourceId"]},
            "HttpMethod": "GET", "Integration": {"Type": "AWS_PROXY", "IntegrationHttpMethod": "POST", "Uri": uri}}},
        "Deployment": {"Type": "AWS::ApiGateway::Deployment", "DependsOn": "Get",
                       "Properties": {"RestApiId": {"Ref": "Api"}, "StageName": "t"}},
    }


URL = {"Fn::Sub": "https://${Api}.execute-api.${AWS::Region}.amazonaws.com/t/"}


def inline(source: str, **props) -> dict:
    return {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "index.handler", "Role": "arn:aws:iam::123456789012:role/r",
        "Code": {"ZipFile": source}, **props}}


def deploy(gwmock, function: dict) -> str:
    template = {"Resources": {"Fn": function, **proxy_api("Fn")}, "Outputs": {"Url": {"Value": URL}}}
    stack = gwmock.deploy_template(template)
    return stack.outputs["Url"]


ENV_HANDLER = """
import json, os
def handler(event, context):
    return {"statusCode": 200, "body": json.dumps({k: os.environ.get(k) for k in ("MODE", "AWS_LAMBDA_FUNCTION_NAME")})}
"""


def test_environment_variables_are_set_while_the_function_runs(gwmock):
    url = deploy(gwmock, inline(ENV_HANDLER, FunctionName="envy", Environment={"Variables": {"MODE": "fast"}}))
    assert "MODE" not in os.environ

    assert requests.get(url).json() == {"MODE": "fast", "AWS_LAMBDA_FUNCTION_NAME": "envy"}
    assert "MODE" not in os.environ


def test_timeout_is_enforced(gwmock):
    source = "import time\ndef handler(event, context):\n    time.sleep(2)\n    return {'statusCode': 200}\n"
    url = deploy(gwmock, inline(source, Timeout=0.2))

    response = requests.get(url)

    assert response.status_code == 502
    assert response.json() == {"message": "Internal server error"}


def test_a_callable_registered_under_the_function_name_overrides_the_code(gwmock):
    gwmock.add_lambda("named", lambda event, context: {"statusCode": 200, "body": "mine"})

    url = deploy(gwmock, inline("raise SystemExit('never imported')\n", FunctionName="named"))

    assert requests.get(url).text == "mine"


def test_other_runtimes_deploy_and_answer_as_a_failing_integration(gwmock, caplog):
    node = {"Type": "AWS::Lambda::Function", "Properties": {
        "FunctionName": "nodey", "Runtime": "nodejs20.x", "Handler": "index.handler", "Role": "r",
        "Code": {"ZipFile": "exports.handler = async () => ({statusCode: 200})"}}}
    url = deploy(gwmock, node)

    response = requests.get(url)

    assert (response.status_code, response.json()) == (502, {"message": "Internal server error"})
    assert any("nodey has runtime nodejs20.x" in record.getMessage() for record in caplog.records)


def test_two_functions_with_the_same_module_name(gwmock, tmp_path):
    for folder, word in (("one", "first"), ("two", "second")):
        (tmp_path / folder).mkdir()
        (tmp_path / folder / "app.py").write_text("from words import WORD\ndef handler(e, c):\n    return WORD\n")
        (tmp_path / folder / "words.py").write_text(f"WORD = {word!r}\n")
    functions = {name: {"Type": "AWS::Lambda::Function", "Metadata": {"aws:asset:path": folder},
                        "Properties": {"FunctionName": name, "Runtime": "python3.11", "Handler": "app.handler",
                                       "Role": "r", "Code": {"S3Bucket": "b", "S3Key": f"{folder}.zip"}}}
                 for name, folder in (("One", "one"), ("Two", "two"))}
    template = tmp_path / "t.json"
    import json

    template.write_text(json.dumps({"Resources": functions}))

    gwmock.deploy_template(template)

    assert gwmock.lambdas["One"]({}, None) == "first"
    assert gwmock.lambdas["Two"]({}, None) == "second"


def test_code_only_in_s3_deploys_and_says_why_it_cannot_run(gwmock):
    s3 = {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "app.handler", "Role": "r", "FunctionName": "remote",
        "Code": {"S3Bucket": "bucket", "S3Key": "code.zip"}}}
    gwmock.deploy_template({"Resources": {"Fn": s3}})

    try:
        gwmock.lambdas["remote"]({}, None)
    except Exception as error:
        assert "its code is s3://bucket/code.zip" in str(error)
    else:
        raise AssertionError("expected an error")


def _zip(path, files: dict[str, str]) -> None:
    import zipfile

    with zipfile.ZipFile(path, "w") as archive:
        for name, text in files.items():
            archive.writestr(name, text)


def _sam_zip_template(tmp_path, code_uri: str, handler: str = "app.handler"):
    import json

    template = tmp_path / "template.json"
    template.write_text(json.dumps({
        "Transform": "AWS::Serverless-2016-10-31",
        "Resources": {"Fn": {"Type": "AWS::Serverless::Function", "Properties": {
            "FunctionName": "zipped", "Runtime": "python3.12", "Handler": handler, "CodeUri": code_uri,
            "Events": {"Get": {"Type": "Api", "Properties": {"Path": "/", "Method": "get"}}}}}},
        "Outputs": {"Url": {"Value": {
            "Fn::Sub": "https://${ServerlessRestApi}.execute-api.${AWS::Region}.amazonaws.com/Prod/"}}}}))
    return template


def test_a_sam_code_uri_zip_package_is_imported_in_place(gwmock, tmp_path):
    # what ``chalice package`` writes: CodeUri ./deployment.zip holding the app and its vendored modules
    _zip(tmp_path / "deployment.zip", {
        "app.py": "import json\nfrom words import WORD\nfrom lib.more import MORE\n"
                  "def handler(e, c):\n    return {'statusCode': 200, 'body': json.dumps([WORD, MORE, __file__])}\n",
        "words.py": "WORD = 'zipped'\n", "lib/__init__.py": "", "lib/more.py": "MORE = 'nested'\n"})
    stack = gwmock.deploy_template(_sam_zip_template(tmp_path, "./deployment.zip"))

    word, more, file = requests.get(stack.outputs["Url"]).json()

    assert (word, more) == ("zipped", "nested")
    assert file == f"{tmp_path / 'deployment.zip'}/app.py"
    assert not (tmp_path / "app.py").exists()  # nothing extracted
    assert "words" not in __import__("sys").modules  # the package's own modules are forgotten after import


def test_a_package_handler_in_a_zip(gwmock, tmp_path):
    _zip(tmp_path / "code.zip", {"svc/__init__.py": "def handler(e, c):\n    return {'statusCode': 204}\n"})
    stack = gwmock.deploy_template(_sam_zip_template(tmp_path, "code.zip", handler="svc.handler"))

    assert requests.get(stack.outputs["Url"]).status_code == 204


def test_a_zip_without_the_handler_module_fails_the_stack_and_names_it(gwmock, tmp_path):
    import pytest

    from gwmock.cloudformation import TemplateError

    _zip(tmp_path / "code.zip", {"other.py": "x = 1\n"})
    with pytest.raises(TemplateError, match=r"cannot import handler module app: no app\.py in .*code\.zip"):
        gwmock.deploy_template(_sam_zip_template(tmp_path, "code.zip"))


def test_a_code_uri_that_is_a_plain_file_says_so(gwmock, tmp_path):
    import pytest

    from gwmock.cloudformation import TemplateError

    (tmp_path / "app.py").write_text("def handler(e, c):\n    return {}\n")
    with pytest.raises(TemplateError, match="is neither a folder nor a .zip file"):
        gwmock.deploy_template(_sam_zip_template(tmp_path, "app.py"))


def test_a_cdk_prebuilt_zip_asset_is_imported(gwmock, tmp_path):
    # Code.from_asset("handler.zip"): the assets manifest publishes the file as is (packaging "file")
    import json

    _zip(tmp_path / "asset.abc.zip", {"index.py": "def handler(e, c):\n    return 'from the zip asset'\n"})
    (tmp_path / "S.assets.json").write_text(json.dumps({"version": "36.0.0", "files": {"abc": {
        "source": {"path": "asset.abc.zip", "packaging": "file"},
        "destinations": {"d": {"bucketName": "b", "objectKey": "abc.zip"}}}}}))
    (tmp_path / "S.template.json").write_text(json.dumps({"Resources": {"Fn": {
        "Type": "AWS::Lambda::Function", "Properties": {
            "FunctionName": "prebuilt", "Runtime": "python3.12", "Handler": "index.handler", "Role": "r",
            "Code": {"S3Bucket": "b", "S3Key": "abc.zip"}}}}}))

    gwmock.deploy_template(tmp_path / "S.template.json")

    assert gwmock.lambdas["prebuilt"]({}, None) == "from the zip asset"
