"""Templates that cannot be deployed: one clear error naming the logical id, the property and the
reason, and nothing left behind (the stack is rolled back)."""

from __future__ import annotations

import pytest

from gwmock.cloudformation import TemplateError


def api(**more):
    return {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": "first"}}, **more}


def resource(**props):
    return {"Type": "AWS::ApiGateway::Resource", "Properties": {
        "RestApiId": {"Ref": "Api"}, "ParentId": {"Fn::GetAtt": ["Api", "RootResourceId"]}, "PathPart": "p", **props}}


def failing(gwmock, resources, **kwargs):
    """Deploy, expect a TemplateError, and check that state and Lambda registrations did not change."""
    before, lambdas = gwmock.snapshot(), dict(gwmock.lambdas)
    with pytest.raises(TemplateError) as caught:
        gwmock.deploy_template({"Resources": resources, **kwargs})
    assert gwmock.snapshot() == before
    assert gwmock.lambdas == lambdas
    return caught.value


def test_unknown_ref(gwmock):
    error = failing(gwmock, api(Res=resource(RestApiId={"Ref": "Nope"})))

    assert (error.logical_id, error.prop) == ("Res", "Properties")
    assert str(error) == ("Res.Properties: Template format error: Unresolved resource dependencies [Nope] in the "
                          "Resources block of the template")


def test_missing_required_property(gwmock):
    bad = resource()
    del bad["Properties"]["PathPart"]

    error = failing(gwmock, api(Res=bad))

    assert str(error) == "Res.PathPart: Properties validation failed: #: required key [PathPart] not found"


def test_unknown_api_gateway_type(gwmock):
    error = failing(gwmock, api(X={"Type": "AWS::ApiGateway::Nope", "Properties": {}}))

    assert str(error) == "Template format error: Unrecognized resource types: [AWS::ApiGateway::Nope]"


def test_property_of_the_wrong_type(gwmock):
    error = failing(gwmock, api(Res=resource(PathPart=["p"])))

    assert str(error) == ("Res.PathPart: Properties validation failed: #/PathPart: expected type: String, "
                          "found: JSONArray")


def test_extraneous_and_nested_properties(gwmock):
    error = failing(gwmock, api(Res=resource(Colour="red")))
    assert str(error) == "Res.Colour: Properties validation failed: #: extraneous key [Colour] is not permitted"

    plan = {"Type": "AWS::ApiGateway::UsagePlan", "Properties": {"Throttle": {"RateLimit": "fast"}}}
    error = failing(gwmock, api(Plan=plan))
    assert str(error) == "Plan.Throttle/RateLimit: #/Throttle/RateLimit: expected type: Number, found: String"


def test_cycle(gwmock):
    a = resource(ParentId={"Ref": "B"})
    b = resource(ParentId={"Ref": "A"}, PathPart="q")

    error = failing(gwmock, api(A=a, B=b))

    assert str(error) == "Circular dependency between resources: [A, B]"


def test_depends_on_an_unknown_resource(gwmock):
    error = failing(gwmock, api(Res={**resource(), "DependsOn": ["Ghost"]}))

    assert str(error) == ("Res.DependsOn: Template format error: Unresolved resource dependencies [Ghost] in the "
                          "Resources block of the template")


def test_aws_error_during_creation_carries_aws_message_and_rolls_back(gwmock):
    deployment = {"Type": "AWS::ApiGateway::Deployment", "Properties": {"RestApiId": {"Ref": "Api"}}}

    error = failing(gwmock, api(Res=resource(), Dep={**deployment, "DependsOn": "Res"}))

    assert error.logical_id == "Dep"
    assert (error.aws_code, error.aws_message) == ("BadRequestException", "The REST API doesn't contain any methods")
    assert str(error) == ('Dep: Resource handler returned message: "The REST API doesn\'t contain any methods" '
                          "(Service: ApiGateway, Status Code: 400, Error Code: BadRequestException)")


def test_aws_validation_error_of_an_http_api(gwmock):
    route = {"Type": "AWS::ApiGatewayV2::Route", "Properties": {"ApiId": {"Ref": "Http"}, "RouteKey": "BAD KEY"}}
    http = {"Type": "AWS::ApiGatewayV2::Api", "Properties": {"Name": "h", "ProtocolType": "HTTP"}}

    error = failing(gwmock, {"Http": http, "Route": route})

    assert error.logical_id == "Route" and error.aws_code == "BadRequestException"
    assert "Service: ApiGatewayV2, Status Code: 400" in str(error)


def test_python_handler_that_cannot_be_imported(gwmock):
    function = {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "index.handler", "Role": "arn:aws:iam::123456789012:role/r",
        "Code": {"ZipFile": "import not_a_module_anywhere\n"}}}

    error = failing(gwmock, api(Fn=function))

    assert (error.logical_id, error.prop) == ("Fn", "Code.ZipFile")
    assert "cannot import handler module index: ModuleNotFoundError: No module named 'not_a_module_anywhere'" in \
        str(error)


def test_handler_naming_a_missing_function(gwmock):
    function = {"Type": "AWS::Lambda::Function", "Properties": {
        "Runtime": "python3.12", "Handler": "index.nope", "Role": "r", "Code": {"ZipFile": "x = 1\n"}}}

    error = failing(gwmock, api(Fn=function))

    assert str(error) == "Fn.Handler: Handler 'index.nope' names no function: module index has no nope"


def test_missing_parameter_and_condition(gwmock):
    error = failing(gwmock, api(), Parameters={"P": {"Type": "String"}})
    assert str(error) == "Parameters: [P] must have values"

    error = failing(gwmock, api(Res={**resource(), "Condition": "Nope"}))
    assert str(error) == "Res.Condition: Template error: unresolved condition dependency Nope"


def test_not_a_template(gwmock, tmp_path):
    (tmp_path / "t.yaml").write_text("Resources: [unclosed\n")

    with pytest.raises(TemplateError, match="is not a valid template document"):
        gwmock.deploy_template(tmp_path / "t.yaml")
    with pytest.raises(TemplateError, match="At least one Resources member must be defined"):
        gwmock.deploy_template({"Resources": {}})
    with pytest.raises(TemplateError, match="cannot read template"):
        gwmock.deploy_template(tmp_path / "missing.yaml")


def test_yaml_alias_bomb_is_refused(gwmock, tmp_path):
    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [*a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}, *a{i - 1}]"
              for i in range(1, 12)]
    (tmp_path / "bomb.yaml").write_text("\n".join(lines) + "\nResources: {}\n")

    with pytest.raises(TemplateError, match="not a valid template document"):
        gwmock.deploy_template(tmp_path / "bomb.yaml")


def test_failed_replacement_keeps_the_old_stack(gwmock, apigateway):
    stack = gwmock.deploy_template({"Resources": api()}, name="s")
    before = gwmock.snapshot()

    with pytest.raises(TemplateError):
        gwmock.deploy_template({"Resources": api(Res=resource(RestApiId={"Ref": "Nope"}))}, name="s")

    assert gwmock.snapshot() == before
    assert [a["id"] for a in apigateway.get_rest_apis()["items"]] == [stack.resources["Api"]]
    stack.delete()
    assert apigateway.get_rest_apis()["items"] == []


def test_replacing_a_stack(gwmock, apigateway):
    old = gwmock.deploy_template({"Resources": api()}, name="s")
    new = gwmock.deploy_template({"Resources": {"Api": {"Type": "AWS::ApiGateway::RestApi",
                                                        "Properties": {"Name": "second"}}}}, name="s")

    assert [a["name"] for a in apigateway.get_rest_apis()["items"]] == ["second"]
    old.delete()  # already replaced: nothing to do
    assert [a["id"] for a in apigateway.get_rest_apis()["items"]] == [new.resources["Api"]]


def test_unknown_function_and_transform(gwmock):
    error = failing(gwmock, {"Api": {"Type": "AWS::ApiGateway::RestApi", "Properties": {"Name": {"Fn::Nope": 1}}}})
    assert str(error) == "Api.Properties: Template format error: Unrecognized function Fn::Nope"

    error = failing(gwmock, api(), Transform="AWS::Include")
    assert str(error) == ("Transform AWS::Include is not supported by gwmock "
                          "(only AWS::Serverless-2016-10-31, AWS::LanguageExtensions)")
