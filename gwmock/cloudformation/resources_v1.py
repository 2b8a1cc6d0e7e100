"""``AWS::ApiGateway::*``: each type as the boto3 operations that create and delete it.

``Ref`` and ``Fn::GetAtt`` answer what the CloudFormation resource reference
documents (``RestApi``: the id, ``RootResourceId``; ``Stage``: the stage name;
``Model``: the name; ``DocumentationVersion``: the version; ``DomainName``: the
name, ``DistributionDomainName``, ``RegionalDomainName``, ...).

* ``RestApi`` with ``Body``/``BodyS3Location`` is created, then its definition is
  put (``Mode``, default ``overwrite``; ``FailOnWarnings``, ``Parameters``) and a given
  ``Name``/``Description``/``Policy``/``ApiKeySourceType``/``MinimumCompressionSize`` win over the
  document's; without ``Name`` the document's title names it. ``BinaryMediaTypes`` join the document's (recording
  test_cfn_deploy_apigateway_from_s3_swagger shows both lists), ``~1`` in them unescaped to ``/``
  (``image~1png``, as SAM and the reference write it); a ``swagger: 2.0`` or
  ``openapi: 3.0`` a YAML template wrote unquoted (a number) is deployed as that version
  (test_cfn_apigateway_swagger_import, a SAM ``DefinitionBody``). ``BodyS3Location`` is the
  CDK's local asset when the cloud assembly beside the template holds it
  (``ApiDefinition.fromAsset``: ``assets.py``), else it is read through boto3's S3 client
  when moto's ``mock_aws`` is active (moto's bucket), and refused otherwise, so that a test
  never reaches the real S3.
* CloudFormation's own tags (``aws:cloudformation:logical-id``, ``-stack-id``, ``-stack-name``)
  join the template's on the ``RestApi``, ``Stage`` and ``UsagePlan`` (recorded: rest-api,
  get-stage, usage-plan of LocalStack's AWS-validated snapshots, see
  tests/cloudformation/test_recorded_cfn.py) and, a guess, on the other taggable types:
  ``ApiKey``, ``ClientCertificate``, ``DomainName``, ``VpcLink``. A stage a ``Deployment``
  makes carries none (a guess).
* ``Method`` puts the method, its ``Integration`` with ``IntegrationResponses``, and
  its ``MethodResponses``; ``AuthorizationType`` defaults to ``NONE``.
* ``Stage`` without ``StageName`` (the schema requires only ``RestApiId``; the recording
  test_update_usage_plan deploys one) is named as CloudFormation names resources,
  ``{stack}-{logical id}-{13 random characters}`` (a guess: the recording hides the name).
* ``Deployment`` with ``StageName`` creates that stage with ``StageDescription``:
  ``MethodSettings`` and the top-level caching, logging, metrics and throttling
  settings become the stage's ``*/*`` settings, ``AccessLogSetting``,
  ``ClientCertificateId``, ``DocumentationVersion`` and ``Tags`` are applied after it; a key the
  reference does not list is refused as the schema refuses it (``#/StageDescription: extraneous key``).
* ``ApiKey`` is disabled unless ``Enabled`` says otherwise (the documented default).

``UsagePlanKey`` answers ``Ref`` and ``Id`` with ``{keyId}:{usagePlanId}`` (the reference's Return values).
An attribute the type's schema does not list fails the stack with CloudFormation's "Requested attribute X
does not exist in schema for T"; one it lists that the resource has no value for (an edge domain's
``RegionalDomainName``) with "Attribute 'X' does not exist" (``stack.py``).

Guesses: ``Method`` answers ``Ref`` with ``{restApiId}-{resourceId}-{httpMethod}``;
``BasePathMapping`` with ``domain/basePath``;
``GatewayResponse`` and ``Account`` with a generated id; a ``Model`` without
``ContentType`` is ``application/json``.
"""

from __future__ import annotations

import json
from typing import Any

from gwmock.cloudformation import assets, external
from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.resources import Builder, BuildFn, Created, found_type
from gwmock.cloudformation.template import MAX_TEMPLATE_BYTES, parse
from gwmock.domains import domain_key

V1 = "apigateway"


def _rest_api(b: Builder, props: dict[str, Any]) -> Created:
    body = props.get("Body")
    if body is None and props.get("BodyS3Location") is not None:
        body = _s3_body(b, props["BodyS3Location"])
    params = b.members(V1, "CreateRestApi", props, skip=(
        "Body", "BodyS3Location", "FailOnWarnings", "Mode", "Parameters"), rename={"ApiKeySourceType": "apiKeySource"})
    if isinstance(params.get("binaryMediaTypes"), list):
        params["binaryMediaTypes"] = _unescaped_media_types(params["binaryMediaTypes"])
    if body is None:
        if "name" not in params:
            raise b.error("Properties validation failed: #: required key [Name] not found", "Name")
        api = b.call(V1, "CreateRestApi", params)
    else:
        text = body if isinstance(body, str) else json.dumps(body)
        api = _import(b, params, text, props)
    b.tag_with_stack(("restapis", api["id"]))
    undo = [(V1, "DeleteRestApi", {"restApiId": api["id"]})]
    return Created(api["id"], {"RestApiId": api["id"], "RootResourceId": api["rootResourceId"]}, undo)


def _unescaped_media_types(types: list[Any]) -> list[Any]:
    """CloudFormation's ``BinaryMediaTypes`` are patch-path segments: ``image~1png`` is ``image/png`` (the
    RestApi reference: "Slashes must be escaped with ~1"; SAM passes its ``~1`` form through, see
    https://github.com/aws/serverless-application-model/pull/1043); an unescaped ``image/png`` (the CDK's)
    stays as it is. Duplicates after unescaping are kept once."""
    out: list[Any] = []
    for item in types:
        value = item.replace("~1", "/").replace("~0", "~") if isinstance(item, str) else item
        if value not in out:
            out.append(value)
    return out


def _import(b: Builder, params: dict[str, Any], text: str, props: dict[str, Any]) -> dict[str, Any]:
    parameters = props.get("Parameters")
    extra = {"parameters": {str(k): str(v) for k, v in parameters.items()}} if isinstance(parameters, dict) else {}
    fail = props.get("FailOnWarnings")
    fail_on_warnings = fail if isinstance(fail, bool) else str(fail).lower() == "true"
    if "name" not in params:
        # the document's title names the API; CloudFormation's other properties still apply
        api = b.call(V1, "ImportRestApi", {"body": text.encode(), "failOnWarnings": fail_on_warnings, **extra})
        b.call(V1, "DeleteRestApi", {"restApiId": api["id"]})
        params = {**params, "name": api["name"]}
    api = b.call(V1, "CreateRestApi", params)
    put = b.call(V1, "PutRestApi", {"restApiId": api["id"], "body": text.encode(),
                                     "mode": props.get("Mode", "overwrite"), "failOnWarnings": fail_on_warnings,
                                     **extra})
    # the template's own properties win over the document's: AWS's RestApi resource provider replaces these
    # five after the import (https://github.com/aws-cloudformation/aws-cloudformation-resource-providers-apigateway,
    # RestApi UpdateHandler.getAttributesToReplace); PutRestApi's overwrite had reset them
    patch = [{"op": "replace", "path": f"/{k}", "value": str(params[k])}
             for k in ("name", "description", "policy", "apiKeySource", "minimumCompressionSize") if k in params]
    # BinaryMediaTypes join the document's (recording test_cfn_deploy_apigateway_from_s3_swagger: both lists)
    imported = put.get("binaryMediaTypes") or []
    patch += [{"op": "add", "path": "/binaryMediaTypes/" + t.replace("~", "~0").replace("/", "~1")}
              for t in params.get("binaryMediaTypes") or [] if t not in imported]
    return b.call(V1, "UpdateRestApi", {"restApiId": api["id"], "patchOperations": patch})


def _s3_body(b: Builder, location: dict[str, Any]) -> str:
    """The document at ``BodyS3Location``: the CDK's local asset (``ApiDefinition.fromAsset``) when the
    cloud assembly holds it, else from moto's S3 only: a test never reaches the real S3."""
    asset = assets.local_file(b, _key(location), "BodyS3Location")
    if asset is not None:
        if asset.stat().st_size > MAX_TEMPLATE_BYTES:
            raise b.error(f"the API definition {asset} is larger than {MAX_TEMPLATE_BYTES} bytes", "BodyS3Location")
        return json.dumps(parse(asset.read_text(encoding="utf-8"), str(asset)))  # JSON or YAML, as S3 holds it

    def fail(reason: str) -> TemplateError:
        return b.error(f"cannot read the API definition: {reason}", "BodyS3Location")

    return external.s3_text(b.region, location.get("Bucket"), location.get("Key"), location.get("Version"), fail)


def _key(location: Any) -> Any:
    return location.get("Key") if isinstance(location, dict) else None


def _resource(b: Builder, props: dict[str, Any]) -> Created:
    made = b.call(V1, "CreateResource", b.members(V1, "CreateResource", props))
    api_id = props["RestApiId"]
    return Created(made["id"], {"ResourceId": made["id"]},
                   [(V1, "DeleteResource", {"restApiId": api_id, "resourceId": made["id"]})])


def _method(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "PutMethod", props, skip=("Integration", "MethodResponses"))
    params.setdefault("authorizationType", "NONE")
    params["httpMethod"] = params["httpMethod"].upper()
    where = {k: params[k] for k in ("restApiId", "resourceId", "httpMethod")}
    b.call(V1, "PutMethod", params)
    for response in props.get("MethodResponses") or []:
        b.call(V1, "PutMethodResponse", {**where, **b.members(V1, "PutMethodResponse", _dict(b, response,
                                                                                              "MethodResponses"))})
    integration = props.get("Integration")
    if integration is not None:
        integration = _dict(b, integration, "Integration")
        rename = {"IntegrationHttpMethod": "integrationHttpMethod", "Type": "type"}
        put = b.members(V1, "PutIntegration", integration, skip=("IntegrationResponses",), rename=rename)
        b.call(V1, "PutIntegration", {**where, **put})
        for response in _list(b, integration.get("IntegrationResponses"), "Integration/IntegrationResponses"):
            b.call(V1, "PutIntegrationResponse", {**where, **b.members(
                V1, "PutIntegrationResponse", _dict(b, response, "Integration.IntegrationResponses"))})
    ref = f"{where['restApiId']}-{where['resourceId']}-{where['httpMethod']}"
    return Created(ref, {}, [(V1, "DeleteMethod", where)])


def _dict(b: Builder, value: Any, prop: str) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise b.error(f"Properties validation failed: #/{prop}: expected type: JSONObject", prop)
    return value


def _list(b: Builder, value: Any, prop: str) -> list[Any]:
    """A nested list property (absent: empty); anything else fails as CloudFormation's schema check does."""
    if value is None:
        return []
    if not isinstance(value, list):
        raise b.error(f"Properties validation failed: #/{prop}: expected type: JSONArray, found: "
                      f"{found_type(value)}", prop.split("/")[0])
    return value


_STAGE_SETTINGS = {  # StageDescription / MethodSetting member -> the stage's method-setting patch path
    "CachingEnabled": "caching/enabled", "CacheTtlInSeconds": "caching/ttlInSeconds",
    "CacheDataEncrypted": "caching/dataEncrypted", "DataTraceEnabled": "logging/dataTrace",
    "LoggingLevel": "logging/loglevel", "MetricsEnabled": "metrics/enabled",
    "ThrottlingBurstLimit": "throttling/burstLimit", "ThrottlingRateLimit": "throttling/rateLimit",
}


def _stage_patch(b: Builder, settings: dict[str, Any], prop: str) -> list[dict[str, str]]:
    """Patch operations for a stage's method settings, access log settings and client certificate."""
    patch = []
    everywhere = {k: v for k, v in settings.items() if k in _STAGE_SETTINGS}
    method_settings = [_dict(b, m, f"{prop}.MethodSettings")
                       for m in _list(b, settings.get("MethodSettings"), f"{prop}/MethodSettings".lstrip("/"))]
    if everywhere:
        method_settings.insert(0, {"ResourcePath": "/*", "HttpMethod": "*", **everywhere})
    for setting in method_settings:
        path = str(setting.get("ResourcePath", "/*"))
        path = "*" if path == "/*" else _escaped_path(path)
        method = str(setting.get("HttpMethod", "*"))
        for key, value in setting.items():
            if key in ("ResourcePath", "HttpMethod"):
                continue
            if key not in _STAGE_SETTINGS:
                raise b.error(f"#/{prop}/MethodSettings: extraneous key [{key}] is not permitted", prop)
            text = str(value).lower() if isinstance(value, bool) else str(value)
            patch.append({"op": "replace", "path": f"/{path}/{method}/{_STAGE_SETTINGS[key]}", "value": text})
    access = settings.get("AccessLogSetting")
    if isinstance(access, dict):
        for key in ("DestinationArn", "Format"):
            if key in access:
                member = key[0].lower() + key[1:]
                patch.append({"op": "replace", "path": f"/accessLogSettings/{member}", "value": str(access[key])})
    for key, path in (("ClientCertificateId", "/clientCertificateId"),
                      ("DocumentationVersion", "/documentationVersion")):
        if settings.get(key):
            patch.append({"op": "replace", "path": path, "value": str(settings[key])})
    return patch


def _escaped_path(path: str) -> str:
    """A method setting's key: CloudFormation documents ``ResourcePath`` already encoded (``/~1items``, what
    the CDK writes); a plain ``/items/{id}`` is encoded here."""
    if path.startswith("/~1"):
        return path[1:]
    return path.replace("~", "~0").replace("/", "~1")


def _apply_stage_settings(b: Builder, api_id: str, stage: str, settings: dict[str, Any], prop: str) -> None:
    patch = _stage_patch(b, settings, prop)
    if patch:
        b.call(V1, "UpdateStage", {"restApiId": api_id, "stageName": stage, "patchOperations": patch})
    tags = settings.get("Tags")
    if tags:
        arn = f"arn:aws:apigateway:{b.region}::/restapis/{api_id}/stages/{stage}"
        b.call(V1, "TagResource", {"resourceArn": arn, "tags": b.members(V1, "TagResource", {"Tags": tags})["tags"]})


_DEPLOYMENT_STAGE_MEMBERS = {"CacheClusterEnabled": "cacheClusterEnabled", "CacheClusterSize": "cacheClusterSize",
                             "TracingEnabled": "tracingEnabled", "Variables": "variables"}
# StageDescription's properties (CloudFormation's Deployment reference); anything else is a typo to refuse
_STAGE_DESCRIPTION = {*_DEPLOYMENT_STAGE_MEMBERS, *_STAGE_SETTINGS, "AccessLogSetting", "CanarySetting",
                      "ClientCertificateId", "Description", "DocumentationVersion", "MethodSettings", "Tags"}


def _deployment(b: Builder, props: dict[str, Any]) -> Created:
    api_id = props["RestApiId"]
    params = b.members(V1, "CreateDeployment", props, skip=("StageDescription", "DeploymentCanarySettings"))
    description = _dict(b, props.get("StageDescription") or {}, "StageDescription")
    for key in description:
        if key not in _STAGE_DESCRIPTION:
            raise b.error(f"Properties validation failed: #/StageDescription: extraneous key [{key}] is not "
                          "permitted", "StageDescription")
    stage = params.get("stageName")
    if description and stage:
        picked = {k: description[k] for k in _DEPLOYMENT_STAGE_MEMBERS if k in description}
        params.update(b.members(V1, "CreateDeployment", picked))
        if "Description" in description:
            params["stageDescription"] = str(description["Description"])
        if "CanarySetting" in description:
            canary = {"CanarySettings": description["CanarySetting"]}
            params["canarySettings"] = b.members(V1, "CreateDeployment", canary)["canarySettings"]
    if props.get("DeploymentCanarySettings") is not None:
        params["canarySettings"] = b.members(V1, "CreateDeployment", {
            "CanarySettings": props["DeploymentCanarySettings"]})["canarySettings"]
    made = b.call(V1, "CreateDeployment", params)
    undo = [(V1, "DeleteDeployment", {"restApiId": api_id, "deploymentId": made["id"]})]
    if stage:
        # the stage a deployment made goes with it (it is the deployment's, not a Stage resource)
        undo.append((V1, "DeleteStage", {"restApiId": api_id, "stageName": stage}))
        if description:
            _apply_stage_settings(b, api_id, stage, description, "StageDescription")
    return Created(made["id"], {"DeploymentId": made["id"]}, undo)


def _stage(b: Builder, props: dict[str, Any]) -> Created:
    later = ("MethodSettings", "AccessLogSetting", "ClientCertificateId")
    params = b.members(V1, "CreateStage", props, skip=(*later, "CanarySetting"))
    if props.get("CanarySetting") is not None:
        params["canarySettings"] = b.members(V1, "CreateStage", {"CanarySettings": props["CanarySetting"]})[
            "canarySettings"]
    # StageName is optional in CloudFormation's schema (only RestApiId is required): a stage without one
    # gets a generated name (LocalStack's recordings deploy such stages: test_update_usage_plan).
    params.setdefault("stageName", b.generated_name())
    made = b.call(V1, "CreateStage", params)
    api_id = params["restApiId"]
    _apply_stage_settings(b, api_id, made["stageName"], {k: props[k] for k in later if k in props}, "")
    b.tag_with_stack(("restapis", api_id, "stages", made["stageName"]))
    return Created(made["stageName"], {}, [(V1, "DeleteStage", {"restApiId": api_id, "stageName": made["stageName"]})])


def _api_key(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "CreateApiKey", props)
    params.setdefault("name", b.generated_name())
    params.setdefault("enabled", False)
    made = b.call(V1, "CreateApiKey", params)
    b.tag_with_stack(("apikeys", made["id"]))
    return Created(made["id"], {"APIKeyId": made["id"]}, [(V1, "DeleteApiKey", {"apiKey": made["id"]})])


def _usage_plan(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "CreateUsagePlan", props, rename={"UsagePlanName": "name"})
    params.setdefault("name", b.generated_name())
    made = b.call(V1, "CreateUsagePlan", params)
    b.tag_with_stack(("usageplans", made["id"]))
    undo = [(V1, "DeleteUsagePlan", {"usagePlanId": made["id"]})]
    # AWS refuses to delete a plan that still has stages: take them off first
    stages = [{"op": "remove", "path": "/apiStages", "value": f"{s['apiId']}:{s['stage']}"}
              for s in made.get("apiStages") or []]
    if stages:
        undo.append((V1, "UpdateUsagePlan", {"usagePlanId": made["id"], "patchOperations": stages}))
    return Created(made["id"], {"Id": made["id"]}, undo)


def _usage_plan_key(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "CreateUsagePlanKey", props)
    made = b.call(V1, "CreateUsagePlanKey", params)
    where = {"usagePlanId": params["usagePlanId"], "keyId": made["id"]}
    # the template reference: Ref is "the ID of the key and ID of the usage plan combined with a ':'", and
    # the schema's primary identifier (Id) is that same value
    ref = f"{made['id']}:{params['usagePlanId']}"
    return Created(ref, {"Id": ref}, [(V1, "DeleteUsagePlanKey", where)])


def _authorizer(b: Builder, props: dict[str, Any]) -> Created:
    made = b.call(V1, "CreateAuthorizer", b.members(V1, "CreateAuthorizer", props))
    where = {"restApiId": props["RestApiId"], "authorizerId": made["id"]}
    return Created(made["id"], {"AuthorizerId": made["id"]}, [(V1, "DeleteAuthorizer", where)])


def _model(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "CreateModel", props)
    params.setdefault("name", b.generated_name(60).replace("-", ""))
    params.setdefault("contentType", "application/json")
    made = b.call(V1, "CreateModel", params)
    where = {"restApiId": params["restApiId"], "modelName": made["name"]}
    return Created(made["name"], {}, [(V1, "DeleteModel", where)])


def _request_validator(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "CreateRequestValidator", props)
    made = b.call(V1, "CreateRequestValidator", params)
    where = {"restApiId": params["restApiId"], "requestValidatorId": made["id"]}
    return Created(made["id"], {"RequestValidatorId": made["id"]}, [(V1, "DeleteRequestValidator", where)])


def _gateway_response(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "PutGatewayResponse", props)
    b.call(V1, "PutGatewayResponse", params)
    where = {"restApiId": params["restApiId"], "responseType": params["responseType"]}
    return Created(b.suffix.lower(), {"Id": b.suffix.lower()}, [(V1, "DeleteGatewayResponse", where)])


def _domain_name(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "CreateDomainName", props)
    if "domainName" not in params:
        raise b.error("Properties validation failed: #: required key [DomainName] not found", "DomainName")
    made = b.call(V1, "CreateDomainName", params)
    attributes = {"DistributionDomainName": made.get("distributionDomainName"),
                  "DistributionHostedZoneId": made.get("distributionHostedZoneId"),
                  "RegionalDomainName": made.get("regionalDomainName"),
                  "RegionalHostedZoneId": made.get("regionalHostedZoneId"),
                  "DomainNameArn": made.get("domainNameArn")}
    where = {"domainName": made["domainName"]}
    if made.get("domainNameId"):
        where["domainNameId"] = made["domainNameId"]
        attributes["DomainNameId"] = made["domainNameId"]
    b.tag_with_stack(domain_key(made["domainName"], made.get("domainNameId")))
    ref = made.get("domainNameArn") if b.type.endswith("V2") else made["domainName"]
    return Created(ref, {k: v for k, v in attributes.items() if v is not None}, [(V1, "DeleteDomainName", where)])


def _split_domain_arn(b: Builder, arn: str, prop: str) -> dict[str, str]:
    """``arn:aws:apigateway:{region}:{account}:/domainnames/{name}+{id}`` -> its name and id."""
    tail = arn.rsplit("/domainnames/", 1)[-1] if "/domainnames/" in arn else ""
    if not tail:
        raise b.error(f"Invalid domain name ARN {arn}", prop)
    name, _, domain_id = tail.partition("+")
    return {"domainName": name, **({"domainNameId": domain_id} if domain_id else {})}


def _base_path_mapping(b: Builder, props: dict[str, Any]) -> Created:
    v2 = b.type.endswith("V2")
    params = b.members(V1, "CreateBasePathMapping", props, skip=("DomainNameArn",))
    if v2:
        params.update(_split_domain_arn(b, str(props["DomainNameArn"]), "DomainNameArn"))
    made = b.call(V1, "CreateBasePathMapping", params)
    where: dict[str, Any] = {k: params[k] for k in ("domainName", "domainNameId") if k in params}
    where["basePath"] = made.get("basePath", "(none)")
    arn = (f"{props['DomainNameArn']}/basepathmappings/{where['basePath']}" if v2 else None)
    ref = arn or f"{params['domainName']}/{where['basePath']}"
    return Created(ref, {"BasePathMappingArn": arn} if arn else {}, [(V1, "DeleteBasePathMapping", where)])


def _domain_name_access_association(b: Builder, props: dict[str, Any]) -> Created:
    made = b.call(V1, "CreateDomainNameAccessAssociation", b.members(V1, "CreateDomainNameAccessAssociation", props))
    arn = made["domainNameAccessAssociationArn"]
    return Created(arn, {"DomainNameAccessAssociationArn": arn},
                   [(V1, "DeleteDomainNameAccessAssociation", {"domainNameAccessAssociationArn": arn})])


def _client_certificate(b: Builder, props: dict[str, Any]) -> Created:
    made = b.call(V1, "GenerateClientCertificate", b.members(V1, "GenerateClientCertificate", props))
    cert = made["clientCertificateId"]
    b.tag_with_stack(("clientcertificates", cert))
    return Created(cert, {"ClientCertificateId": cert},
                   [(V1, "DeleteClientCertificate", {"clientCertificateId": cert})])


def _documentation_part(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "CreateDocumentationPart", props)
    made = b.call(V1, "CreateDocumentationPart", params)
    where = {"restApiId": params["restApiId"], "documentationPartId": made["id"]}
    return Created(made["id"], {"DocumentationPartId": made["id"]}, [(V1, "DeleteDocumentationPart", where)])


def _documentation_version(b: Builder, props: dict[str, Any]) -> Created:
    params = b.members(V1, "CreateDocumentationVersion", props)
    made = b.call(V1, "CreateDocumentationVersion", params)
    where = {"restApiId": params["restApiId"], "documentationVersion": made["version"]}
    return Created(made["version"], {}, [(V1, "DeleteDocumentationVersion", where)])


def _vpc_link(b: Builder, props: dict[str, Any]) -> Created:
    made = b.call(V1, "CreateVpcLink", b.members(V1, "CreateVpcLink", props))
    b.tag_with_stack(("vpclinks", made["id"]))
    return Created(made["id"], {"VpcLinkId": made["id"]}, [(V1, "DeleteVpcLink", {"vpcLinkId": made["id"]})])


def _account(b: Builder, props: dict[str, Any]) -> Created:
    if props.get("CloudWatchRoleArn") is not None:
        patch = [{"op": "replace", "path": "/cloudwatchRoleArn", "value": str(props["CloudWatchRoleArn"])}]
        b.call(V1, "UpdateAccount", {"patchOperations": patch})
    return Created(b.suffix.lower(), {"Id": b.suffix.lower()}, [])


BUILDERS: dict[str, BuildFn] = {
    "AWS::ApiGateway::Account": _account,
    "AWS::ApiGateway::ApiKey": _api_key,
    "AWS::ApiGateway::Authorizer": _authorizer,
    "AWS::ApiGateway::BasePathMapping": _base_path_mapping,
    "AWS::ApiGateway::BasePathMappingV2": _base_path_mapping,
    "AWS::ApiGateway::ClientCertificate": _client_certificate,
    "AWS::ApiGateway::Deployment": _deployment,
    "AWS::ApiGateway::DocumentationPart": _documentation_part,
    "AWS::ApiGateway::DocumentationVersion": _documentation_version,
    "AWS::ApiGateway::DomainName": _domain_name,
    "AWS::ApiGateway::DomainNameAccessAssociation": _domain_name_access_association,
    "AWS::ApiGateway::DomainNameV2": _domain_name,
    "AWS::ApiGateway::GatewayResponse": _gateway_response,
    "AWS::ApiGateway::Method": _method,
    "AWS::ApiGateway::Model": _model,
    "AWS::ApiGateway::RequestValidator": _request_validator,
    "AWS::ApiGateway::Resource": _resource,
    "AWS::ApiGateway::RestApi": _rest_api,
    "AWS::ApiGateway::Stage": _stage,
    "AWS::ApiGateway::UsagePlan": _usage_plan,
    "AWS::ApiGateway::UsagePlanKey": _usage_plan_key,
    "AWS::ApiGateway::VpcLink": _vpc_link,
}
