"""GetSdkTypes, GetSdkType, GetSdk."""

import io
import json
import re
import zipfile

import pytest
from helpers import assert_error, error_of

TYPES = ["android", "java", "javascript", "objectivec", "swift", "ruby"]


def _deployed(client, stage="dev"):
    api = client.create_rest_api(name="pets")
    api_id, root = api["id"], api["rootResourceId"]
    pets = client.create_resource(restApiId=api_id, parentId=root, pathPart="pets")["id"]
    client.put_method(restApiId=api_id, resourceId=pets, httpMethod="GET", authorizationType="NONE")
    client.put_integration(restApiId=api_id, resourceId=pets, httpMethod="GET", type="MOCK")
    client.create_deployment(restApiId=api_id, stageName=stage)
    return api_id


def test_get_sdk_types(apigateway):
    items = apigateway.get_sdk_types()["items"]
    assert [t["id"] for t in items] == TYPES
    by_id = {t["id"]: t for t in items}
    assert by_id["javascript"]["configurationProperties"] == []
    assert [p["name"] for p in by_id["swift"]["configurationProperties"]] == ["classPrefix"]
    android = {p["name"] for p in by_id["android"]["configurationProperties"] if p["required"]}
    assert android == {"groupId", "invokerPackage", "artifactId", "artifactVersion"}


def test_get_sdk_types_pages(apigateway):
    page = apigateway.get_sdk_types(limit=4)
    rest = apigateway.get_sdk_types(limit=4, position=page["position"])
    assert [t["id"] for t in page["items"] + rest["items"]] == TYPES
    assert "position" not in rest


def test_get_sdk_type(apigateway):
    java = apigateway.get_sdk_type(id="java")
    assert (java["id"], java["friendlyName"]) == ("java", "Java")
    required = [p["name"] for p in java["configurationProperties"] if p["required"]]
    assert required == ["service.name", "java.package-name"]
    assert_error(error_of(apigateway.get_sdk_type, id="cobol"), "NotFoundException",
                 "Invalid SDK type specified: cobol", 404)


def test_get_sdk_returns_a_zip(apigateway):
    api_id = _deployed(apigateway)
    resp = apigateway.get_sdk(restApiId=api_id, stageName="dev", sdkType="javascript")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert resp["contentType"] == "application/octet-stream"
    disposition = resp["contentDisposition"]
    assert re.fullmatch(r'attachment; filename="javascript_\d{4}-\d\d-\d\d_\d\d-\d\dZ\.zip"', disposition)
    archive = zipfile.ZipFile(io.BytesIO(resp["body"].read()))
    names = archive.namelist()
    assert f"{api_id}-dev-javascript/apigClient.js" in names
    described = json.loads(archive.read(f"{api_id}-dev-javascript/sdk.json"))
    assert described["invokeUrl"] == f"https://{api_id}.execute-api.us-east-1.amazonaws.com/dev"
    assert described["operations"] == [{"path": "/pets", "method": "GET"}]


@pytest.mark.parametrize(("sdk_type", "parameters"), [
    ("android", {"groupId": "g", "invokerPackage": "p", "artifactId": "a", "artifactVersion": "1"}),
    ("java", {"serviceName": "S", "javaPackageName": "com.example"}),
    ("java", {"service.name": "S", "java.package-name": "com.example"}),
    ("swift", {"classPrefix": "P"}),
    ("ruby", {"service.name": "S"}),
])
def test_get_sdk_with_parameters(apigateway, sdk_type, parameters):
    api_id = _deployed(apigateway)
    resp = apigateway.get_sdk(restApiId=api_id, stageName="dev", sdkType=sdk_type, parameters=parameters)
    assert zipfile.is_zipfile(io.BytesIO(resp["body"].read()))


def test_get_sdk_missing_parameters(apigateway):
    api_id = _deployed(apigateway)
    resp = error_of(apigateway.get_sdk, restApiId=api_id, stageName="dev", sdkType="objectivec")
    assert_error(resp, "BadRequestException",
                 "Missing required parameter(s) for objectivec SDK: classPrefix", 400)


def test_get_sdk_lookups(apigateway):
    api_id = _deployed(apigateway)
    assert_error(error_of(apigateway.get_sdk, restApiId="nope", stageName="dev", sdkType="javascript"),
                 "NotFoundException", status=404)
    assert_error(error_of(apigateway.get_sdk, restApiId=api_id, stageName="prod", sdkType="javascript"),
                 "NotFoundException", "Invalid stage identifier specified", 404)
    assert_error(error_of(apigateway.get_sdk, restApiId=api_id, stageName="dev", sdkType="cobol"),
                 "NotFoundException", "Invalid SDK type specified: cobol", 404)


def test_get_sdk_of_an_api_whose_name_holds_a_lone_surrogate(apigateway):
    # any client can send "\ud800" in JSON; the archive must still be written (as U+FFFD)
    api_id = _deployed(apigateway)
    apigateway.update_rest_api(restApiId=api_id, patchOperations=[
        {"op": "replace", "path": "/name", "value": "pets\ud800"}])
    resp = apigateway.get_sdk(restApiId=api_id, stageName="dev", sdkType="javascript")
    assert resp["ResponseMetadata"]["HTTPStatusCode"] == 200
    assert zipfile.ZipFile(io.BytesIO(resp["body"].read())).testzip() is None
