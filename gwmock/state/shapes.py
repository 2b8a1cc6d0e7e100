"""The records a snapshot may hold: each collection kind's members, checked by ``gw.restore()``.

Why: handlers and the data plane read stored records as gwmock wrote them. A restored record
``{}``, a resource without ``path``, a stage without ``deploymentId``, an ``id`` that is not its
key or a ``createdDate`` that is a string made later calls answer 500 ``InternalFailure``
("gwmock internal error in apigateway.GetResources: KeyError('id')"), made boto3 itself raise
while parsing an answer (a date that is not a number), or raised inside the data plane. So every
record of a collection gwmock knows is checked before anything is loaded, and a snapshot with one
bad record is refused whole (``SnapshotError``, a ``ValueError``: the server answers 400), naming
the collection, the record's key and the member; the state is left as it was.

The table is data: ``KINDS`` has one entry per collection kind (the record's key below its
account and region, the struct its records have, the members its key is made of: joined by
``+``, as a private domain name's ``NAME+ID``), ``STRUCTS`` one entry per struct. Evidence:

* members and their JSON types are those of botocore's output shapes (``apigateway``'s
  ``RestApi``, ``apigatewayv2``'s ``Api`` as ``v2.Api``, ...; a test compares the table with the
  model): records are shaped like them, and a snapshot of an account holding every kind of
  record, created through boto3, restores unchanged (the round-trip test). Members gwmock keeps
  that the models lack: a REST deployment's ``_snapshot`` (what its stages serve), a
  documentation version's ``parts``, a base path mapping's ``apiMappingId`` (v2's id of the same
  mapping), a REST endpoint page's ``Overrides``, an imported model's ``_order``, a stage's
  ``_endpointDisabled``; and records no shape describes (the ``_`` structs);
* required members (``!``) are those gwmock's handlers or the data plane index without a
  default, found by a sweep made while writing this table: each member of such a snapshot in
  turn dropped, given another type or null (2,703 cases), then every List/Get operation, the
  writes that read the records and the deployed stages called; each required member's absence
  made a call answer 500 or raise. The identifiers that name a record are required too. The
  fuzz test (tests/core/test_restore_shapes.py) keeps drawing such cases;
* the same sweep with ``""`` and ``"}x"`` in every string found the strings gwmock reads as more
  than text: a model's schema (parsed by GetModel and GetModelTemplate), a status code (``int()``
  on the data plane; the models' ``[1-5]\\d\\d``), a documentation location's type (a lookup;
  the model's enum), a root resource's path (PutRestApi finds the root by ``/``) and an access
  association's ARN (DeleteDomainName takes the record's key from it).

Spec grammar: ``str``, ``bool``, ``int`` (a whole number), ``num`` (a finite number), ``date``
(seconds from 1970 to the end of 9999: what gwmock writes and botocore can parse), ``status``,
``schema`` (the JSON text of an object, read within gwmock's document bounds), ``(A|B)`` (one of
these strings), ``obj`` (any object), a struct's name, ``[T]`` (a list of T), ``{T}`` (an object
of T); ``?`` after a type allows null, ``!`` at the end makes a struct's member required.
``TOGETHER``, ``WITHOUT`` and ``KEY_AFTER`` hold the few rules between members.

Unknown members of a known struct, records of unknown collections (kinds gwmock may add, moto's)
and records of a known collection under a key no kind names stay as they are: gwmock never reads
them. Values inside ``obj`` members are not walked.

Cost: each record is walked once, member by member and only as deep as its struct goes, so the
check is linear in the snapshot's size; a short schema text is parsed once however many models
repeat it. The large account of ``benchmarks/_scale.py`` (10,000 REST APIs of 20 resources
each) takes 0.25 s more to restore (0.3 s -> 0.6 s); with a MOCK method, its integration and
their responses in every resource, 0.95 s more (on a machine where a Python call costs 90 ns).

Guesses: a date before 1970 is refused (gwmock never writes one); ``int`` members refuse ``5.0``
(handlers count and format with them); a model's schema is not checked as a JSON Schema (gwmock's
OpenAPI import stores schemas Draft 4 would refuse), so ``{"properties": 5}`` still fails
GetModelTemplate.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable
from typing import Any

from gwmock.errors import SnapshotError

# --- the table -------------------------------------------------------------------------------------------

# Record key below (account, region) -> (struct, the members that make the key: joined by "+").
KINDS: dict[str, tuple[str, tuple[str, ...]]] = {
    "account/settings": ("Account", ()),
    "restapis/*": ("RestApi", ("id",)),
    "restapis/*/defaultmodels": ("_DefaultModels", ()),
    "restapis/*/resources/*": ("Resource", ("id",)),
    "restapis/*/deployments/*": ("Deployment", ("id",)),
    "restapis/*/stages/*": ("Stage", ("stageName",)),
    "restapis/*/authorizers/*": ("Authorizer", ("id",)),
    "restapis/*/models/*": ("Model", ("name",)),
    "restapis/*/requestvalidators/*": ("RequestValidator", ("id",)),
    "restapis/*/gatewayresponses/*": ("GatewayResponse", ("responseType",)),
    "restapis/*/documentationparts/*": ("DocumentationPart", ("id",)),
    "restapis/*/documentationversions/*": ("DocumentationVersion", ("version",)),
    "apikeys/*": ("ApiKey", ("id",)),
    "usageplans/*": ("UsagePlan", ("id",)),
    "usageplans/*/keys/*": ("UsagePlanKey", ("id",)),
    "usage/*/*": ("_Usage", ()),
    # a private domain name's key is NAME+ID (gwmock/domains.py)
    "domainnames/*": ("DomainName", ("domainName", "domainNameId")),
    "domainnames/*/basepathmappings/*": ("BasePathMapping", ("basePath",)),
    "domainnameaccessassociations/*": ("DomainNameAccessAssociation", ()),
    "clientcertificates/*": ("ClientCertificate", ("clientCertificateId",)),
    "vpclinks/*": ("VpcLink", ("id",)),
    "cloudformation_stacks/*": ("_Stack", ("StackName",)),
    "v2/apis/*": ("v2.Api", ("ApiId",)),
    "v2/apis/*/routes/*": ("v2.Route", ("RouteId",)),
    "v2/apis/*/routes/*/routeresponses/*": ("v2.RouteResponse", ("RouteResponseId",)),
    "v2/apis/*/integrations/*": ("v2.Integration", ("IntegrationId",)),
    "v2/apis/*/integrations/*/integrationresponses/*": ("v2.IntegrationResponse", ("IntegrationResponseId",)),
    "v2/apis/*/stages/*": ("v2.Stage", ("StageName",)),
    "v2/apis/*/deployments/*": ("v2.Deployment", ("DeploymentId",)),
    "v2/apis/*/deployments/*/snapshot": ("v2._Deployed", ()),
    "v2/apis/*/authorizers/*": ("v2.Authorizer", ("AuthorizerId",)),
    "v2/apis/*/models/*": ("v2.Model", ("ModelId",)),
    "v2/vpclinks/*": ("v2.VpcLink", ("VpcLinkId",)),
    "v2/domainnames/*/routingrules/*": ("v2.RoutingRule", ("RoutingRuleId",)),
    "v2/portals/*": ("v2.Portal", ("PortalId",)),
    "v2/portalproducts/*": ("v2.PortalProduct", ("PortalProductId",)),
    "v2/portalproducts/*/sharingpolicy": ("v2.SharingPolicy", ()),
    "v2/portalproducts/*/productpages/*": ("v2.ProductPage", ("ProductPageId",)),
    "v2/portalproducts/*/productrestendpointpages/*": ("v2.ProductRestEndpointPage", ("ProductRestEndpointPageId",)),
}

STRUCTS: dict[str, dict[str, str]] = {
    # --- apigateway (REST APIs) ---
    "Account": {"cloudwatchRoleArn": "str", "throttleSettings": "ThrottleSettings", "features": "[str]",
                "apiKeyVersion": "str"},
    "ThrottleSettings": {"burstLimit": "int", "rateLimit": "num"},
    "RestApi": {"id": "str!", "name": "str!", "description": "str", "createdDate": "date", "version": "str",
                "warnings": "[str]", "binaryMediaTypes": "[str]", "minimumCompressionSize": "int",
                "apiKeySource": "str", "endpointConfiguration": "EndpointConfiguration!", "policy": "str",
                "tags": "{str}", "disableExecuteApiEndpoint": "bool", "rootResourceId": "str",
                "securityPolicy": "str", "endpointAccessMode": "str", "apiStatus": "str", "apiStatusMessage": "str"},
    "EndpointConfiguration": {"types": "[str]!", "ipAddressType": "str!", "vpcEndpointIds": "[str]"},
    "Resource": {"id": "str!", "parentId": "str", "pathPart": "str", "path": "str!", "resourceMethods": "{Method}"},
    "Method": {"httpMethod": "str!", "authorizationType": "str!", "authorizerId": "str", "apiKeyRequired": "bool",
               "requestValidatorId": "str", "operationName": "str", "requestParameters": "{bool}",
               "requestModels": "{str}", "methodResponses": "{MethodResponse}", "methodIntegration": "Integration",
               "authorizationScopes": "[str]"},
    "MethodResponse": {"statusCode": "status!", "responseParameters": "{bool}", "responseModels": "{str}"},
    "Integration": {"type": "str!", "httpMethod": "str", "uri": "str", "connectionType": "str",
                    "connectionId": "str", "credentials": "str", "requestParameters": "{str}",
                    "requestTemplates": "{str}", "passthroughBehavior": "str", "contentHandling": "str",
                    "timeoutInMillis": "int", "cacheNamespace": "str", "cacheKeyParameters": "[str]",
                    "integrationResponses": "{IntegrationResponse}", "tlsConfig": "TlsConfig",
                    "responseTransferMode": "str", "integrationTarget": "str"},
    "IntegrationResponse": {"statusCode": "status!", "selectionPattern": "str", "responseParameters": "{str}",
                            "responseTemplates": "{str}", "contentHandling": "str"},
    "TlsConfig": {"insecureSkipVerification": "bool"},
    "Deployment": {"id": "str!", "description": "str", "createdDate": "date", "_snapshot": "_Deployed"},
    "Stage": {"deploymentId": "str!", "clientCertificateId": "str", "stageName": "str!", "description": "str",
              "cacheClusterEnabled": "bool!", "cacheClusterSize": "str", "cacheClusterStatus": "str",
              "methodSettings": "{MethodSetting}!", "variables": "{str}", "documentationVersion": "str",
              "accessLogSettings": "AccessLogSettings", "canarySettings": "CanarySettings", "tracingEnabled": "bool",
              "webAclArn": "str", "tags": "{str}", "createdDate": "date", "lastUpdatedDate": "date",
              "_endpointDisabled": "bool"},
    "MethodSetting": {"metricsEnabled": "bool", "loggingLevel": "str", "dataTraceEnabled": "bool",
                      "throttlingBurstLimit": "int", "throttlingRateLimit": "num", "cachingEnabled": "bool",
                      "cacheTtlInSeconds": "int", "cacheDataEncrypted": "bool",
                      "requireAuthorizationForCacheControl": "bool", "unauthorizedCacheControlHeaderStrategy": "str"},
    "AccessLogSettings": {"format": "str", "destinationArn": "str"},
    "CanarySettings": {"percentTraffic": "num", "deploymentId": "str!", "stageVariableOverrides": "{str}",
                       "useStageCache": "bool"},
    "Authorizer": {"id": "str!", "name": "str!", "type": "str!", "providerARNs": "[str]", "authType": "str",
                   "authorizerUri": "str", "authorizerCredentials": "str", "identitySource": "str",
                   "identityValidationExpression": "str", "authorizerResultTtlInSeconds": "int"},
    "Model": {"id": "str", "name": "str!", "description": "str", "schema": "schema", "contentType": "str",
              "_order": "int"},
    "RequestValidator": {"id": "str!", "name": "str", "validateRequestBody": "bool",
                         "validateRequestParameters": "bool"},
    "GatewayResponse": {"responseType": "str!", "statusCode": "status", "responseParameters": "{str}",
                        "responseTemplates": "{str}", "defaultResponse": "bool"},
    "DocumentationPart": {"id": "str!", "location": "DocumentationPartLocation!", "properties": "str"},
    "DocumentationPartLocation": {"type": "(API|AUTHORIZER|MODEL|RESOURCE|METHOD|PATH_PARAMETER|QUERY_PARAMETER|"
                                          "REQUEST_HEADER|REQUEST_BODY|RESPONSE|RESPONSE_HEADER|RESPONSE_BODY)!",
                                  "path": "str", "method": "str", "statusCode": "str", "name": "str"},
    "DocumentationVersion": {"version": "str!", "createdDate": "date!", "description": "str",
                             "parts": "[DocumentationPart]"},
    "ApiKey": {"id": "str!", "value": "str!", "name": "str", "customerId": "str", "description": "str",
               "enabled": "bool", "createdDate": "date", "lastUpdatedDate": "date", "stageKeys": "[str]",
               "tags": "{str}"},
    "UsagePlan": {"id": "str!", "name": "str", "description": "str", "apiStages": "[ApiStage]!",
                  "throttle": "ThrottleSettings", "quota": "QuotaSettings", "productCode": "str", "tags": "{str}"},
    "ApiStage": {"apiId": "str!", "stage": "str!", "throttle": "{ThrottleSettings}"},
    "QuotaSettings": {"limit": "int!", "offset": "int", "period": "str!"},
    "UsagePlanKey": {"id": "str!", "type": "str", "value": "str", "name": "str"},
    "DomainName": {"domainName": "str!", "domainNameId": "str", "domainNameArn": "str!", "certificateName": "str",
                   "certificateArn": "str", "certificateUploadDate": "date", "regionalDomainName": "str",
                   "regionalHostedZoneId": "str", "regionalCertificateName": "str",
                   "regionalCertificateArn": "str", "distributionDomainName": "str",
                   "distributionHostedZoneId": "str", "endpointConfiguration": "DomainEndpointConfiguration!",
                   "domainNameStatus": "str", "domainNameStatusMessage": "str", "securityPolicy": "str",
                   "endpointAccessMode": "str", "tags": "{str}", "mutualTlsAuthentication": "MutualTlsAuthentication",
                   "ownershipVerificationCertificateArn": "str", "managementPolicy": "str", "policy": "str",
                   "routingMode": "str"},
    "DomainEndpointConfiguration": {"types": "[str]!", "ipAddressType": "str", "vpcEndpointIds": "[str]"},
    "MutualTlsAuthentication": {"truststoreUri": "str", "truststoreVersion": "str", "truststoreWarnings": "[str]"},
    "BasePathMapping": {"basePath": "str!", "restApiId": "str", "stage": "str", "apiMappingId": "str"},
    "DomainNameAccessAssociation": {"domainNameAccessAssociationArn": "str!", "domainNameArn": "str!",
                                    "accessAssociationSourceType": "str", "accessAssociationSource": "str",
                                    "tags": "{str}"},
    "ClientCertificate": {"clientCertificateId": "str!", "description": "str", "pemEncodedCertificate": "str",
                          "createdDate": "date", "expirationDate": "date", "tags": "{str}"},
    "VpcLink": {"id": "str!", "name": "str", "description": "str", "targetArns": "[str]", "status": "str",
                "statusMessage": "str", "tags": "{str}"},
    # --- apigatewayv2 (HTTP and WebSocket APIs; portals) ---
    "v2.Api": {"ApiEndpoint": "str", "ApiGatewayManaged": "bool", "ApiId": "str!", "ApiKeySelectionExpression": "str",
               "CorsConfiguration": "v2.Cors", "CreatedDate": "date", "Description": "str",
               "DisableSchemaValidation": "bool", "DisableExecuteApiEndpoint": "bool", "ImportInfo": "[str]",
               "IpAddressType": "str", "Name": "str!", "ProtocolType": "str!", "RouteSelectionExpression": "str",
               "Tags": "{str}", "Version": "str", "Warnings": "[str]"},
    "v2.Cors": {"AllowCredentials": "bool", "AllowHeaders": "[str]", "AllowMethods": "[str]",
                "AllowOrigins": "[str]", "ExposeHeaders": "[str]", "MaxAge": "int"},
    "v2.Route": {"ApiGatewayManaged": "bool", "ApiKeyRequired": "bool", "AuthorizationScopes": "[str]",
                 "AuthorizationType": "str!", "AuthorizerId": "str", "ModelSelectionExpression": "str",
                 "OperationName": "str", "RequestModels": "{str}", "RequestParameters": "{v2.ParameterConstraints}",
                 "RouteId": "str!", "RouteKey": "str!", "RouteResponseSelectionExpression": "str", "Target": "str"},
    "v2.ParameterConstraints": {"Required": "bool"},
    "v2.RouteResponse": {"ModelSelectionExpression": "str", "ResponseModels": "{str}",
                         "ResponseParameters": "{v2.ParameterConstraints}", "RouteResponseId": "str!",
                         "RouteResponseKey": "str!"},
    "v2.Integration": {"ApiGatewayManaged": "bool", "ConnectionId": "str", "ConnectionType": "str",
                       "ContentHandlingStrategy": "str", "CredentialsArn": "str", "Description": "str",
                       "IntegrationId": "str!", "IntegrationMethod": "str",
                       "IntegrationResponseSelectionExpression": "str", "IntegrationSubtype": "str",
                       "IntegrationType": "str!", "IntegrationUri": "str", "PassthroughBehavior": "str",
                       "PayloadFormatVersion": "str", "RequestParameters": "{str}", "RequestTemplates": "{str}",
                       "ResponseParameters": "{{str}}", "TemplateSelectionExpression": "str",
                       "TimeoutInMillis": "int", "TlsConfig": "v2.TlsConfig"},
    "v2.TlsConfig": {"ServerNameToVerify": "str"},
    "v2.IntegrationResponse": {"ContentHandlingStrategy": "str", "IntegrationResponseId": "str!",
                               "IntegrationResponseKey": "str!", "ResponseParameters": "{str}",
                               "ResponseTemplates": "{str}", "TemplateSelectionExpression": "str"},
    "v2.Stage": {"AccessLogSettings": "v2.AccessLogSettings", "ApiGatewayManaged": "bool", "AutoDeploy": "bool",
                 "ClientCertificateId": "str", "CreatedDate": "date", "DefaultRouteSettings": "v2.RouteSettings",
                 "DeploymentId": "str", "Description": "str", "LastDeploymentStatusMessage": "str",
                 "LastUpdatedDate": "date", "RouteSettings": "{v2.RouteSettings}", "StageName": "str!",
                 "StageVariables": "{str}", "Tags": "{str}"},
    "v2.AccessLogSettings": {"DestinationArn": "str", "Format": "str"},
    "v2.RouteSettings": {"DataTraceEnabled": "bool", "DetailedMetricsEnabled": "bool", "LoggingLevel": "str",
                         "ThrottlingBurstLimit": "int", "ThrottlingRateLimit": "num"},
    "v2.Deployment": {"AutoDeployed": "bool", "CreatedDate": "date", "DeploymentId": "str!",
                      "DeploymentStatus": "str", "DeploymentStatusMessage": "str", "Description": "str"},
    "v2.Authorizer": {"AuthorizerCredentialsArn": "str", "AuthorizerId": "str!",
                      "AuthorizerPayloadFormatVersion": "str", "AuthorizerResultTtlInSeconds": "int",
                      "AuthorizerType": "str!", "AuthorizerUri": "str", "EnableSimpleResponses": "bool",
                      "IdentitySource": "[str]", "IdentityValidationExpression": "str",
                      "JwtConfiguration": "v2.JWTConfiguration", "Name": "str!"},
    "v2.JWTConfiguration": {"Audience": "[str]", "Issuer": "str"},
    "v2.Model": {"ContentType": "str", "Description": "str", "ModelId": "str!", "Name": "str!", "Schema": "schema!"},
    "v2.VpcLink": {"CreatedDate": "date", "Name": "str", "SecurityGroupIds": "[str]", "SubnetIds": "[str]",
                   "Tags": "{str}", "VpcLinkId": "str!", "VpcLinkStatus": "str", "VpcLinkStatusMessage": "str",
                   "VpcLinkVersion": "str"},
    "v2.RoutingRule": {"Actions": "[v2.RoutingRuleAction]", "Conditions": "[v2.RoutingRuleCondition]",
                       "Priority": "int!", "RoutingRuleArn": "str", "RoutingRuleId": "str!"},
    "v2.RoutingRuleAction": {"InvokeApi": "v2.RoutingRuleActionInvokeApi"},
    "v2.RoutingRuleActionInvokeApi": {"ApiId": "str", "Stage": "str", "StripBasePath": "bool"},
    "v2.RoutingRuleCondition": {"MatchBasePaths": "v2.RoutingRuleMatchBasePaths",
                                "MatchHeaders": "v2.RoutingRuleMatchHeaders"},
    "v2.RoutingRuleMatchBasePaths": {"AnyOf": "[str]"},
    "v2.RoutingRuleMatchHeaders": {"AnyOf": "[v2.RoutingRuleMatchHeaderValue]"},
    "v2.RoutingRuleMatchHeaderValue": {"Header": "str", "ValueGlob": "str"},
    "v2.Portal": {"Authorization": "v2.Authorization", "EndpointConfiguration": "v2.EndpointConfigurationResponse",
                  "IncludedPortalProductArns": "[str]", "LastModified": "date", "LastPublished": "date",
                  "LastPublishedDescription": "str", "PortalArn": "str", "PortalContent": "v2.PortalContent",
                  "PortalId": "str!", "Preview": "v2.Preview", "PublishStatus": "str", "RumAppMonitorName": "str",
                  "StatusException": "v2.StatusException", "Tags": "{str}"},
    "v2.Authorization": {"CognitoConfig": "v2.CognitoConfig", "None": "obj"},
    "v2.CognitoConfig": {"AppClientId": "str", "UserPoolArn": "str", "UserPoolDomain": "str"},
    "v2.EndpointConfigurationResponse": {"CertificateArn": "str", "DomainName": "str",
                                         "PortalDefaultDomainName": "str", "PortalDomainHostedZoneId": "str"},
    "v2.PortalContent": {"Description": "str", "DisplayName": "str", "Theme": "v2.PortalTheme"},
    "v2.PortalTheme": {"CustomColors": "v2.CustomColors", "LogoLastUploaded": "date"},
    "v2.CustomColors": {"AccentColor": "str", "BackgroundColor": "str", "ErrorValidationColor": "str",
                        "HeaderColor": "str", "NavigationColor": "str", "TextColor": "str"},
    "v2.Preview": {"PreviewStatus": "str", "PreviewUrl": "str", "StatusException": "v2.StatusException"},
    "v2.StatusException": {"Exception": "str", "Message": "str"},
    "v2.PortalProduct": {"Description": "str", "DisplayName": "str", "DisplayOrder": "v2.DisplayOrder!",
                         "LastModified": "date", "PortalProductArn": "str!", "PortalProductId": "str!",
                         "Tags": "{str}"},
    "v2.DisplayOrder": {"Contents": "[v2.Section]", "OverviewPageArn": "str", "ProductPageArns": "[str]"},
    "v2.Section": {"ProductRestEndpointPageArns": "[str]!", "SectionName": "str"},
    "v2.SharingPolicy": {"PolicyDocument": "str", "PortalProductId": "str"},
    "v2.ProductPage": {"DisplayContent": "v2.DisplayContent!", "LastModified": "date!", "ProductPageArn": "str!",
                       "ProductPageId": "str!"},
    "v2.DisplayContent": {"Body": "str", "Title": "str!"},
    "v2.ProductRestEndpointPage": {"DisplayContent": "v2.EndpointDisplayContentResponse!", "LastModified": "date",
                                   "ProductRestEndpointPageArn": "str", "ProductRestEndpointPageId": "str!",
                                   "RawDisplayContent": "str", "RestEndpointIdentifier": "v2.RestEndpointIdentifier!",
                                   "Status": "str", "StatusException": "v2.StatusException", "TryItState": "str",
                                   "Overrides": "obj"},
    "v2.EndpointDisplayContentResponse": {"Body": "str", "Endpoint": "str", "OperationName": "str"},
    "v2.RestEndpointIdentifier": {"IdentifierParts": "v2.IdentifierParts!"},
    "v2.IdentifierParts": {"Method": "str!", "Path": "str!", "RestApiId": "str!", "Stage": "str!"},
    # --- records the models have no shape for (gwmock's own) ---
    # what a REST deployment's stages serve (apigateway/deployments.py)
    "_Deployed": {"api": "_DeployedApi", "resources": "{Resource}", "authorizers": "{Authorizer}",
                  "requestvalidators": "{RequestValidator}", "models": "{Model}",
                  "gatewayresponses": "{GatewayResponse}"},
    "_DeployedApi": {"binaryMediaTypes": "[str]", "apiKeySource": "str", "policy": "str",
                     "minimumCompressionSize": "int", "disableExecuteApiEndpoint": "bool"},
    # what an HTTP or WebSocket deployment's stages serve (apigatewayv2/deployments.py)
    "v2._Deployed": {"routes": "[v2.Route]", "integrations": "{v2.Integration}", "authorizers": "{v2.Authorizer}",
                     "CorsConfiguration": "v2.Cors?", "DisableExecuteApiEndpoint": "bool",
                     "integrationresponses": "{[v2.IntegrationResponse]}", "routeresponses": "{[v2.RouteResponse]}"},
    "_DefaultModels": {"created": "bool"},  # the marker of an API's Empty and Error models (apigateway/models.py)
    "_Usage": {"used": "{int}", "adjust": "{int}"},  # calls counted per day, per quota period (runtime/usage.py)
    "_Stack": {"StackName": "str!", "StackId": "str", "Outputs": "obj", "Exports": "obj!", "Imports": "[str]!"},
}

# struct -> member -> the members a record holding it must hold too
TOGETHER: dict[str, dict[str, tuple[str, ...]]] = {
    "Resource": {"parentId": ("pathPart",)},  # every resource but the root (apigateway/resources.py)
}
# struct -> member -> (another member, its value) when a record lacks the first
WITHOUT: dict[str, dict[str, tuple[str, str]]] = {
    "Resource": {"parentId": ("path", "/")},  # the root: PutRestApi finds it by path
}
# kind -> (member, the text its key follows): a key made from a member rather than equal to one
KEY_AFTER: dict[str, tuple[str, str]] = {
    "domainnameaccessassociations/*": ("domainNameAccessAssociationArn", ":/domainnameaccessassociations/"),
}

LAST_DATE = 253402300799  # 9999-12-31T23:59:59Z: the last moment botocore's timestamp parser answers


# --- the check -------------------------------------------------------------------------------------------


def check_records(collections: Iterable[Any]) -> None:
    """Raise ``SnapshotError`` at the first record of a known kind that lacks a required member, has
    a member of the wrong JSON type, or whose identifier is not its key. ``collections`` is a
    snapshot's, already checked for its layout (``base.check_snapshot``)."""
    root = _compiled()
    for i, (ckey, items) in enumerate(collections):
        node = _node_of(root, ckey)
        if node is not None and (node.each is not None or node.named):
            _check_collection(i, ckey, items, node)


def _node_of(root: _Node, ckey: Any) -> _Node | None:
    """The pattern node of a collection's key (below its account and region), if a kind has one."""
    if len(ckey) < 3:
        return None
    node = root
    for part in ckey[2:]:
        found = node.children.get(part) or node.wild
        if found is None:
            return None
        node = found
    return node


Problem = tuple[str, str]  # (the member's path: ".name", "[0]", "[key]" steps; what is wrong with it)
Inner = Callable[[Any], "Problem | None"]
Member = tuple[tuple[type, ...], "Inner | None"]  # the value's possible types; what checks inside it


class _Struct:
    """A compiled struct: what its records must hold and what type each known member has (most
    members have one type and nothing inside: one look-up and one ``is`` each, as a large
    snapshot walks millions)."""

    __slots__ = ("deep", "name", "plain", "required", "rules", "together", "without")

    def __init__(self, name: str) -> None:
        self.name = name
        self.required: tuple[str, ...] = ()
        self.plain: dict[str, type] = {}  # members of one type with nothing inside to check
        self.deep: dict[str, Member] = {}  # the others: their types and inner check
        self.together: tuple[tuple[str, tuple[str, ...]], ...] = ()
        self.without: tuple[tuple[str, tuple[str, str]], ...] = ()
        self.rules = False  # whether ``together`` or ``without`` holds anything

    def problem(self, record: dict[str, Any]) -> Problem | None:
        """The first member of ``record`` that is missing or not of its type, if any."""
        for name in self.required:
            if name not in record:
                return "." + name, "is missing"
        plain, deep = self.plain.get, self.deep.get
        for name, value in record.items():
            expected = plain(name)
            if expected is not None:
                if type(value) is not expected:
                    return "." + name, f"must be {_describe((expected,))}, not {_json_type(value)}"
                continue
            member = deep(name)
            if member is None:  # a member gwmock does not know: kept as it is
                continue
            if type(value) not in member[0]:
                return "." + name, f"must be {_describe(member[0])}, not {_json_type(value)}"
            inner = member[1]
            if inner is not None:
                found = inner(value)
                if found is not None:
                    return "." + name + found[0], found[1]
        return self._rules(record) if self.rules else None

    def _rules(self, record: dict[str, Any]) -> Problem | None:
        for name, needed in self.together:
            if name in record:
                for other in needed:
                    if other not in record:
                        return "." + other, f"is missing (a record with {name!r} has one)"
        for name, (other, value) in self.without:
            if name not in record and record.get(other) != value:
                return "." + other, f"must be {value!r} in a record without {name!r}"
        return None


class _Kind:
    __slots__ = ("after", "ids", "key", "label", "struct")

    def __init__(self, label: str, struct: _Struct, ids: tuple[str, ...], after: tuple[str, str] | None) -> None:
        self.label = label
        self.struct = struct
        self.ids = ids
        self.key = ids[0] if len(ids) == 1 else None  # the member equal to the key, most kinds' one rule
        self.after = after


class _Node:
    """One level of the key patterns: literal parts, or any part (``*``); the kinds of its records."""

    __slots__ = ("children", "each", "named", "wild")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.wild: _Node | None = None
        self.each: _Kind | None = None  # the kind of every record of this collection
        self.named: dict[str, _Kind] = {}  # the kinds of records under fixed keys ("settings")


def _check_collection(i: int, ckey: Any, items: list[Any], node: _Node) -> None:
    each, named = node.each, node.named
    for rid, record in items:
        kind = each if each is not None else named.get(rid)
        if kind is None:
            continue
        found = kind.struct.problem(record)
        if found is None:
            if kind.key is not None:
                if record[kind.key] != rid:  # required and a string: checked above
                    found = _wrong_key(kind.ids, rid, record)
            elif kind.ids:
                found = _wrong_key(kind.ids, rid, record)
            elif kind.after is not None:
                found = _key_not_after(kind.after, rid, record)
        if found is not None:
            where = "/".join(_short(part) for part in ckey)  # a known kind's key has at most 9 parts
            raise SnapshotError(f"snapshot collections[{i}] ({where}) record {_short(rid)!r} "
                                f"({kind.label}): member {_short(found[0][1:])!r} {found[1]}")


def _wrong_key(ids: tuple[str, ...], rid: str, record: dict[str, Any]) -> Problem | None:
    if len(ids) == 1:
        value = record[ids[0]]
    else:
        value = "+".join(record[m] for m in ids if m in record)
    if value == rid:
        return None
    return "." + ids[0], f"is {_short(value)!r}, not the record's key {_short(rid)!r}"


def _key_not_after(after: tuple[str, str], rid: str, record: dict[str, Any]) -> Problem | None:
    member, marker = after
    value = record.get(member)
    if isinstance(value, str) and value.partition(marker)[2] == rid:
        return None
    return "." + member, f"must end in {(marker + rid)!r}, the record's key after {marker!r}"


# --- compiling the table ---------------------------------------------------------------------------------


_ROOT: _Node | None = None


def _compiled() -> _Node:
    """The key patterns as a tree of compiled kinds, made on the first restore."""
    global _ROOT
    if _ROOT is None:
        structs = {name: _Struct(name) for name in STRUCTS}
        for name, struct in structs.items():
            _fill(struct, STRUCTS[name], structs)
        root = _Node()
        for pattern, (struct_name, ids) in KINDS.items():
            kind = _Kind(_label(struct_name), structs[struct_name], ids, KEY_AFTER.get(pattern))
            _add(root, pattern.split("/"), kind)
        _ROOT = root
    return _ROOT


def _fill(struct: _Struct, spec: dict[str, str], structs: dict[str, _Struct]) -> None:
    required: list[str] = []
    plain: dict[str, type] = {}
    deep: dict[str, Member] = {}
    for member, text in spec.items():
        if text.endswith("!"):
            required.append(member)
            text = text[:-1]
        types, inner = _member(text, structs)
        if len(types) == 1 and inner is None:
            plain[member] = types[0]
        else:
            deep[member] = (types, inner)
    struct.required = tuple(required)
    struct.plain, struct.deep = plain, deep
    struct.together = tuple(TOGETHER.get(struct.name, {}).items())
    struct.without = tuple(WITHOUT.get(struct.name, {}).items())
    struct.rules = bool(struct.together or struct.without)


def _member(text: str, structs: dict[str, _Struct]) -> Member:
    if text.endswith("?"):
        types, inner = _member(text[:-1], structs)
        return types + (type(None),), (None if inner is None else _or_null(inner))
    if text.startswith("["):
        return (list,), _list_of(_member(text[1:-1], structs))
    if text.startswith("{"):
        return (dict,), _map_of(_member(text[1:-1], structs))
    if text.startswith("("):
        return (str,), _one_of(tuple(text[1:-1].split("|")))
    if text in _SCALARS:
        return _SCALARS[text]
    return (dict,), structs[text].problem


def _add(root: _Node, parts: list[str], kind: _Kind) -> None:
    node = root
    for part in parts[:-1]:
        if part == "*":
            node.wild = node.wild or _Node()
            node = node.wild
        else:
            node = node.children.setdefault(part, _Node())
    if parts[-1] == "*":
        node.each = kind
    else:
        node.named[parts[-1]] = kind


def _label(struct_name: str) -> str:
    """``v2.Api`` -> ``apigatewayv2 Api``, ``_Usage`` -> ``Usage`` (gwmock's own record)."""
    if struct_name.startswith("v2."):
        return "apigatewayv2 " + struct_name[3:].lstrip("_")
    return struct_name.lstrip("_")


# --- member checks ---------------------------------------------------------------------------------------


def _finite(value: Any) -> Problem | None:
    if type(value) is float and not math.isfinite(value):
        return "", "must be a finite number"
    return None


def _date(value: Any) -> Problem | None:
    if not 0 <= value <= LAST_DATE:  # NaN compares false, so it is refused too
        return "", f"must be a date: seconds from 1970 to the end of 9999 (at most {LAST_DATE}), not {value!r}"
    return None


_STATUS_CODES = frozenset(str(code) for code in range(100, 600))  # the models' StatusCode: [1-5]\d\d


def _status(value: str) -> Problem | None:
    if value not in _STATUS_CODES:
        return "", f"must be an HTTP status code ([1-5]\\d\\d), not {_short(value)!r}"
    return None


_SCHEMAS: dict[str, bool] = {}  # short schema texts already read (a snapshot repeats the default models')


def _schema(value: str) -> Problem | None:
    """A model's schema: JSON text of an object, within the bounds gwmock reads documents in."""
    known = _SCHEMAS.get(value)
    if known is None:
        from gwmock.documents import parse_json  # noqa: PLC0415 - YAML support loads with it

        try:
            known = isinstance(parse_json(value), dict)
        except ValueError:  # DocumentError: not JSON, too deep or too large
            known = False
        if len(value) <= 4096:
            if len(_SCHEMAS) >= 1024:
                _SCHEMAS.clear()
            _SCHEMAS[value] = known
    return None if known else ("", "must be the JSON text of an object (a JSON schema)")


def _one_of(choices: tuple[str, ...]) -> Inner:
    allowed = frozenset(choices)

    def check(value: str) -> Problem | None:
        if value in allowed:
            return None
        return "", f"must be one of {', '.join(choices)}; not {_short(value)!r}"
    return check


_SCALARS: dict[str, Member] = {
    "str": ((str,), None),
    "status": ((str,), _status),
    "schema": ((str,), _schema),
    "bool": ((bool,), None),
    "int": ((int,), None),
    "num": ((int, float), _finite),
    "date": ((int, float), _date),
    "obj": ((dict,), None),
}


def _or_null(inner: Inner) -> Inner:
    def check(value: Any) -> Problem | None:
        return None if value is None else inner(value)
    return check


def _list_of(element: Member) -> Inner:
    types, inner = element

    def check(value: list[Any]) -> Problem | None:
        for i, item in enumerate(value):
            if type(item) not in types:
                return f"[{i}]", f"must be {_describe(types)}, not {_json_type(item)}"
            if inner is not None:
                found = inner(item)
                if found is not None:
                    return f"[{i}]{found[0]}", found[1]
        return None
    return check


def _map_of(element: Member) -> Inner:
    types, inner = element

    def check(value: dict[Any, Any]) -> Problem | None:
        for key, item in value.items():
            if type(key) is not str:
                return f"[{_short(repr(key))}]", "must have a string as its key"
            if type(item) not in types:
                return f"[{_short(key)}]", f"must be {_describe(types)}, not {_json_type(item)}"
            if inner is not None:
                found = inner(item)
                if found is not None:
                    return f"[{_short(key)}]{found[0]}", found[1]
        return None
    return check


_JSON_NAMES = {str: "a string", bool: "a boolean", int: "a whole number", float: "a number", dict: "an object",
               list: "a list", type(None): "null"}


def _describe(types: tuple[type, ...]) -> str:
    if float in types:
        types = tuple(t for t in types if t is not int)
    return " or ".join(_JSON_NAMES[t] for t in types)


def _json_type(value: Any) -> str:
    return _JSON_NAMES.get(type(value)) or type(value).__name__


def _short(text: str) -> str:
    return text if len(text) <= 80 else text[:77] + "..."
