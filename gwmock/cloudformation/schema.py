"""The properties CloudFormation documents for each API Gateway resource type.

Facts from the AWS CloudFormation resource reference (resource provider schemas):
per type, the required properties, each writable property with its JSON type
(``s`` string, ``i`` integer, ``n`` number, ``b`` boolean, ``a`` array, ``o``
object; ``so`` string or object), and the attributes ``Fn::GetAtt`` answers.
"""

from __future__ import annotations

# type: (required, {property: kind}, attributes)
TYPES: dict[str, tuple[tuple[str, ...], dict[str, str], tuple[str, ...]]] = {
    "AWS::ApiGateway::Account": (
        (),
        {"CloudWatchRoleArn": "s"},
        ("Id",),
    ),
    "AWS::ApiGateway::ApiKey": (
        (),
        {
            "CustomerId": "s",
            "Description": "s",
            "Enabled": "b",
            "GenerateDistinctId": "b",
            "Name": "s",
            "StageKeys": "a",
            "Tags": "a",
            "Value": "s",
        },
        ("APIKeyId",),
    ),
    "AWS::ApiGateway::Authorizer": (
        ("RestApiId", "Type", "Name"),
        {
            "AuthType": "s",
            "AuthorizerCredentials": "s",
            "AuthorizerResultTtlInSeconds": "i",
            "AuthorizerUri": "s",
            "IdentitySource": "s",
            "IdentityValidationExpression": "s",
            "Name": "s",
            "ProviderARNs": "a",
            "RestApiId": "s",
            "Type": "s",
        },
        ("AuthorizerId",),
    ),
    "AWS::ApiGateway::BasePathMapping": (
        ("DomainName",),
        {"BasePath": "s", "DomainName": "s", "RestApiId": "s", "Stage": "s"},
        (),
    ),
    "AWS::ApiGateway::BasePathMappingV2": (
        ("DomainNameArn", "RestApiId"),
        {"BasePath": "s", "DomainNameArn": "s", "RestApiId": "s", "Stage": "s"},
        ("BasePathMappingArn",),
    ),
    "AWS::ApiGateway::ClientCertificate": (
        (),
        {"Description": "s", "Tags": "a"},
        ("ClientCertificateId",),
    ),
    "AWS::ApiGateway::Deployment": (
        ("RestApiId",),
        {
            "DeploymentCanarySettings": "o",
            "Description": "s",
            "RestApiId": "s",
            "StageDescription": "o",
            "StageName": "s",
        },
        ("DeploymentId",),
    ),
    "AWS::ApiGateway::DocumentationPart": (
        ("Location", "Properties", "RestApiId"),
        {"Location": "o", "Properties": "s", "RestApiId": "s"},
        ("DocumentationPartId",),
    ),
    "AWS::ApiGateway::DocumentationVersion": (
        ("DocumentationVersion", "RestApiId"),
        {"Description": "s", "DocumentationVersion": "s", "RestApiId": "s"},
        (),
    ),
    "AWS::ApiGateway::DomainName": (
        (),
        {
            "CertificateArn": "s",
            "DomainName": "s",
            "EndpointAccessMode": "s",
            "EndpointConfiguration": "o",
            "MutualTlsAuthentication": "o",
            "OwnershipVerificationCertificateArn": "s",
            "RegionalCertificateArn": "s",
            "RoutingMode": "s",
            "SecurityPolicy": "s",
            "Tags": "a",
        },
        (
            "DomainNameArn",
            "RegionalHostedZoneId",
            "DistributionDomainName",
            "RegionalDomainName",
            "DistributionHostedZoneId",
        ),
    ),
    "AWS::ApiGateway::DomainNameAccessAssociation": (
        ("DomainNameArn", "AccessAssociationSource", "AccessAssociationSourceType"),
        {"AccessAssociationSource": "s", "AccessAssociationSourceType": "s", "DomainNameArn": "s", "Tags": "a"},
        ("DomainNameAccessAssociationArn",),
    ),
    "AWS::ApiGateway::DomainNameV2": (
        (),
        {
            "CertificateArn": "s",
            "DomainName": "s",
            "EndpointAccessMode": "s",
            "EndpointConfiguration": "o",
            "Policy": "so",
            "RoutingMode": "s",
            "SecurityPolicy": "s",
            "Tags": "a",
        },
        ("DomainNameId", "DomainNameArn"),
    ),
    "AWS::ApiGateway::GatewayResponse": (
        ("ResponseType", "RestApiId"),
        {"ResponseParameters": "o", "ResponseTemplates": "o", "ResponseType": "s", "RestApiId": "s", "StatusCode": "s"},
        ("Id",),
    ),
    "AWS::ApiGateway::Method": (
        ("RestApiId", "ResourceId", "HttpMethod"),
        {
            "ApiKeyRequired": "b",
            "AuthorizationScopes": "a",
            "AuthorizationType": "s",
            "AuthorizerId": "s",
            "HttpMethod": "s",
            "Integration": "o",
            "MethodResponses": "a",
            "OperationName": "s",
            "RequestModels": "o",
            "RequestParameters": "o",
            "RequestValidatorId": "s",
            "ResourceId": "s",
            "RestApiId": "s",
        },
        (),
    ),
    "AWS::ApiGateway::Model": (
        ("RestApiId",),
        {"ContentType": "s", "Description": "s", "Name": "s", "RestApiId": "s", "Schema": "so"},
        (),
    ),
    "AWS::ApiGateway::RequestValidator": (
        ("RestApiId",),
        {"Name": "s", "RestApiId": "s", "ValidateRequestBody": "b", "ValidateRequestParameters": "b"},
        ("RequestValidatorId",),
    ),
    "AWS::ApiGateway::Resource": (
        ("ParentId", "PathPart", "RestApiId"),
        {"ParentId": "s", "PathPart": "s", "RestApiId": "s"},
        ("ResourceId",),
    ),
    "AWS::ApiGateway::RestApi": (
        (),
        {
            "ApiKeySourceType": "s",
            "BinaryMediaTypes": "a",
            "Body": "so",
            "BodyS3Location": "o",
            "CloneFrom": "s",
            "Description": "s",
            "DisableExecuteApiEndpoint": "b",
            "EndpointAccessMode": "s",
            "EndpointConfiguration": "o",
            "FailOnWarnings": "b",
            "MinimumCompressionSize": "i",
            "Mode": "s",
            "Name": "s",
            "Parameters": "so",
            "Policy": "so",
            "SecurityPolicy": "s",
            "Tags": "a",
        },
        ("RestApiId", "RootResourceId"),
    ),
    "AWS::ApiGateway::Stage": (
        ("RestApiId",),
        {
            "AccessLogSetting": "o",
            "CacheClusterEnabled": "b",
            "CacheClusterSize": "s",
            "CanarySetting": "o",
            "ClientCertificateId": "s",
            "DeploymentId": "s",
            "Description": "s",
            "DocumentationVersion": "s",
            "MethodSettings": "a",
            "RestApiId": "s",
            "StageName": "s",
            "Tags": "a",
            "TracingEnabled": "b",
            "Variables": "o",
        },
        (),
    ),
    "AWS::ApiGateway::UsagePlan": (
        (),
        {"ApiStages": "a", "Description": "s", "Quota": "o", "Tags": "a", "Throttle": "o", "UsagePlanName": "s"},
        ("Id",),
    ),
    "AWS::ApiGateway::UsagePlanKey": (
        ("KeyType", "UsagePlanId", "KeyId"),
        {"KeyId": "s", "KeyType": "s", "UsagePlanId": "s"},
        ("Id",),
    ),
    "AWS::ApiGateway::VpcLink": (
        ("Name", "TargetArns"),
        {"Description": "s", "Name": "s", "Tags": "a", "TargetArns": "a"},
        ("VpcLinkId",),
    ),
    "AWS::ApiGatewayV2::Api": (
        (),
        {
            "ApiKeySelectionExpression": "s",
            "BasePath": "s",
            "Body": "so",
            "BodyS3Location": "o",
            "CorsConfiguration": "o",
            "CredentialsArn": "s",
            "Description": "s",
            "DisableExecuteApiEndpoint": "b",
            "DisableSchemaValidation": "b",
            "FailOnWarnings": "b",
            "IpAddressType": "s",
            "Name": "s",
            "ProtocolType": "s",
            "RouteKey": "s",
            "RouteSelectionExpression": "s",
            "Tags": "o",
            "Target": "s",
            "Version": "s",
        },
        ("ApiId", "ApiEndpoint", "ExecuteApiArn"),
    ),
    "AWS::ApiGatewayV2::ApiGatewayManagedOverrides": (
        ("ApiId",),
        {"ApiId": "s", "Integration": "o", "Route": "o", "Stage": "o"},
        ("Id",),
    ),
    "AWS::ApiGatewayV2::ApiMapping": (
        ("DomainName", "Stage", "ApiId"),
        {"ApiId": "s", "ApiMappingKey": "s", "DomainName": "s", "Stage": "s"},
        ("ApiMappingId",),
    ),
    "AWS::ApiGatewayV2::Authorizer": (
        ("AuthorizerType", "ApiId", "Name"),
        {
            "ApiId": "s",
            "AuthorizerCredentialsArn": "s",
            "AuthorizerPayloadFormatVersion": "s",
            "AuthorizerResultTtlInSeconds": "i",
            "AuthorizerType": "s",
            "AuthorizerUri": "s",
            "EnableSimpleResponses": "b",
            "IdentitySource": "a",
            "IdentityValidationExpression": "s",
            "JwtConfiguration": "o",
            "Name": "s",
        },
        ("AuthorizerId",),
    ),
    "AWS::ApiGatewayV2::Deployment": (
        ("ApiId",),
        {"ApiId": "s", "Description": "s", "StageName": "s"},
        ("DeploymentId",),
    ),
    "AWS::ApiGatewayV2::DomainName": (
        ("DomainName",),
        {
            "DomainName": "s",
            "DomainNameConfigurations": "a",
            "MutualTlsAuthentication": "o",
            "RoutingMode": "s",
            "Tags": "o",
        },
        ("RegionalDomainName", "RegionalHostedZoneId", "DomainNameArn"),
    ),
    "AWS::ApiGatewayV2::Integration": (
        ("ApiId", "IntegrationType"),
        {
            "ApiId": "s",
            "ConnectionId": "s",
            "ConnectionType": "s",
            "ContentHandlingStrategy": "s",
            "CredentialsArn": "s",
            "Description": "s",
            "IntegrationMethod": "s",
            "IntegrationSubtype": "s",
            "IntegrationType": "s",
            "IntegrationUri": "s",
            "PassthroughBehavior": "s",
            "PayloadFormatVersion": "s",
            "RequestParameters": "o",
            "RequestTemplates": "o",
            "ResponseParameters": "o",
            "TemplateSelectionExpression": "s",
            "TimeoutInMillis": "i",
            "TlsConfig": "o",
        },
        ("IntegrationId",),
    ),
    "AWS::ApiGatewayV2::IntegrationResponse": (
        ("ApiId", "IntegrationId", "IntegrationResponseKey"),
        {
            "ApiId": "s",
            "ContentHandlingStrategy": "s",
            "IntegrationId": "s",
            "IntegrationResponseKey": "s",
            "ResponseParameters": "so",
            "ResponseTemplates": "so",
            "TemplateSelectionExpression": "s",
        },
        ("IntegrationResponseId",),
    ),
    "AWS::ApiGatewayV2::Model": (
        ("ApiId", "Schema", "Name"),
        {"ApiId": "s", "ContentType": "s", "Description": "s", "Name": "s", "Schema": "so"},
        ("ModelId",),
    ),
    "AWS::ApiGatewayV2::Route": (
        ("RouteKey", "ApiId"),
        {
            "ApiId": "s",
            "ApiKeyRequired": "b",
            "AuthorizationScopes": "a",
            "AuthorizationType": "s",
            "AuthorizerId": "s",
            "ModelSelectionExpression": "s",
            "OperationName": "s",
            "RequestModels": "so",
            "RequestParameters": "o",
            "RouteKey": "s",
            "RouteResponseSelectionExpression": "s",
            "Target": "s",
        },
        ("RouteId",),
    ),
    "AWS::ApiGatewayV2::RouteResponse": (
        ("RouteResponseKey", "RouteId", "ApiId"),
        {
            "ApiId": "s",
            "ModelSelectionExpression": "s",
            "ResponseModels": "so",
            "ResponseParameters": "o",
            "RouteId": "s",
            "RouteResponseKey": "s",
        },
        ("RouteResponseId",),
    ),
    "AWS::ApiGatewayV2::RoutingRule": (
        ("DomainNameArn", "Priority", "Conditions", "Actions"),
        {"Actions": "a", "Conditions": "a", "DomainNameArn": "s", "Priority": "i"},
        ("RoutingRuleArn", "RoutingRuleId"),
    ),
    "AWS::ApiGatewayV2::Stage": (
        ("StageName", "ApiId"),
        {
            "AccessLogSettings": "o",
            "ApiId": "s",
            "AutoDeploy": "b",
            "ClientCertificateId": "s",
            "DefaultRouteSettings": "o",
            "DeploymentId": "s",
            "Description": "s",
            "RouteSettings": "so",
            "StageName": "s",
            "StageVariables": "so",
            "Tags": "o",
        },
        ("Id",),
    ),
    "AWS::ApiGatewayV2::VpcLink": (
        ("SubnetIds", "Name"),
        {"Name": "s", "SecurityGroupIds": "a", "SubnetIds": "a", "Tags": "o"},
        ("VpcLinkId",),
    ),
}


# The service namespaces of CloudFormation's ``AWS::`` resource types (every region's resource provider
# schemas, as cfn-lint 1.51 and 1.58 ship them). A type in another ``AWS::`` namespace (``AWS::Lamda::Function``) is
# refused with "Unrecognized resource types", as CloudFormation refuses it; a namespace AWS adds later
# belongs here (tests/cloudformation/test_sam_attacks.py compares this with the installed cfn-lint).
AWS_SERVICES: frozenset[str] = frozenset("""
ACMPCA AIOps APS ARCRegionSwitch ARCZonalShift AWSExternalAnthropic AccessAnalyzer AccountAccess AgentRegistry
AmazonMQ Amplify AmplifyUIBuilder ApiGateway ApiGatewayV2 AppConfig AppFabric AppFlow AppIntegrations AppMesh
AppRunner AppStream AppSync AppTest ApplicationAutoScaling ApplicationInsights ApplicationSignals Athena
AuditManager AutoScaling AutoScalingPlans B2BI BCM BCMDataExports Backup BackupGateway Batch
BcmPricingCalculator Bedrock BedrockAgentCore BedrockMantle Billing BillingConductor Braket Budgets CDK CE CUR
Cases Cassandra CertificateManager Chatbot Chime CleanRooms CleanRoomsML Cloud9 CloudFormation CloudFront
CloudHSM CloudTrail CloudWatch CodeArtifact CodeBuild CodeCommit CodeConnections CodeDeploy CodeGuruProfiler
CodeGuruReviewer CodePipeline CodeStar CodeStarConnections CodeStarNotifications Cognito Comprehend
ComputeOptimizer Config Connect ConnectCampaigns ConnectCampaignsV2 ControlTower CustomerProfiles DAX DLM DMS
DRS DSQL DataBrew DataExchange DataPipeline DataSync DataZone Deadline Detective DevOpsAgent DevOpsGuru
DeviceFarm DirectConnect DirectoryService DocDB DocDBElastic DynamoDB EC2 ECR ECS EFS EKS EMR EMRContainers
EMRServerless EVS ElastiCache ElasticBeanstalk ElasticLoadBalancing ElasticLoadBalancingV2 Elasticsearch
ElementalInference EntityResolution EventSchemas Events EventsV2 Evidently FIS FMS FSx FinSpace Forecast
FraudDetector GameLift GameLiftStreams GammaDilithium GlobalAccelerator Glue Grafana Greengrass GreengrassV2
GroundStation GuardDuty HealthAgent HealthImaging HealthLake IAM IVS IVSChat IdentityStore ImageBuilder
Inspector InspectorV2 Interconnect InternetMonitor Invoicing IoT IoTAnalytics IoTCoreDeviceAdvisor IoTEvents
IoTFleetWise IoTManagedIntegrations IoTSecureTunneling IoTSiteWise IoTThingsGraph IoTTwinMaker IoTWireless KMS
KafkaConnect Kendra KendraRanking Kinesis KinesisAnalytics KinesisAnalyticsV2 KinesisFirehose KinesisVideo
LakeFormation Lambda LaunchWizard Lex LicenseManager LicenseManagerLinuxSubscriptions
LicenseManagerUserSubscriptions Lightsail Location Logs LookoutEquipment LookoutVision M2 MGN MPA MSK MWAA
MWAAServerless Macie ManagedBlockchain MediaConnect MediaConvert MediaLive MediaPackage MediaPackageV2
MediaStore MediaTailor MemoryDB Neptune NeptuneGraph NetworkFirewall NetworkFlowMonitor NetworkManager
NetworkMonitor NetworkSecurityManager NimbleStudio Notifications NotificationsContacts NovaAct ODB OSIS Oam
ObservabilityAdmin Omics OpenSearch OpenSearchServerless OpenSearchService OpsWorks Organizations Outposts
PCAConnectorAD PCAConnectorSCEP PCS PI Panorama PaymentCryptography Personalize Pinpoint PinpointEmail Pipes
Polly PricingPlanManager Proton QBusiness QLDB QuickSight RAM RDS RTBFabric RUM Rbin Redshift
RedshiftServerless RefactorSpaces Rekognition ResilienceHub ResilienceHubV2 ResourceExplorer2 ResourceGroups
RoboMaker RolesAnywhere Route53 Route53GlobalResolver Route53Profiles Route53RecoveryControl
Route53RecoveryReadiness Route53Resolver S3 S3Express S3Files S3ObjectLambda S3Outposts S3Tables S3Vectors SCN
SDB SES SMSVOICE SNS SQS SSM SSMContacts SSMGuiConnect SSMIncidents SSMQuickSetup SSO SageMaker Scheduler
SecretsManager SecurityAgent SecurityHub SecurityLake Serverless ServerlessRepo ServiceCatalog
ServiceCatalogAppRegistry ServiceDiscovery Shield Signer SimSpaceWeaver StepFunctions StorageGateway
SupportApp SupportAuthZ Synthetics SystemsManagerSAP Textract Timestream Transcribe Transfer Translate UXC
VerifiedPermissions VoiceID VpcLattice WAF WAFRegional WAFv2 WellArchitected Wickr Wisdom WorkSpaces
WorkSpacesThinClient WorkSpacesWeb WorkspacesInstances XRay
""".split())
