"""Resources of other services: plausible ids and ARNs, nothing created.

A template that ships an API also holds IAM roles, Lambda permissions, log
groups, tables, queues... gwmock fakes API Gateway only, so these get the
physical id ``Ref`` would give (a name, an ARN or a URL, as the resource reference
documents for the type) and ARNs for ``Fn::GetAtt``, so that references resolve;
the stack lists them under ``not_created``. moto is not asked to create them
(moto has no CloudFormation hook that gwmock could call cleanly in-process).

``Fn::GetAtt`` of a name the type's CloudFormation schema does not list (``SCHEMA_ATTRIBUTES``: the
types gwmock gives ids to by name, and the Lambda functions and layers it deploys) fails as
CloudFormation fails it: "Requested attribute X does not exist in schema for T", case-sensitive
(``Arn``, not ``arn``: https://github.com/dougmoscrop/serverless-plugin-log-subscription/issues/68).
The lists are the attributes of CloudFormation's resource provider schemas (as cfn-lint ships them).

Guesses: generated names are ``{stack}-{logical id}-{13 random characters}``; an
attribute the schema lists that the table below gives no value answers ``{physical id}`` for a
name-like attribute and an ARN for one ending in ``Arn``; a type outside ``SCHEMA_ATTRIBUTES`` answers
any attribute so (gwmock does not know its schema).
"""

from __future__ import annotations

from typing import Any

from gwmock.cloudformation.intrinsics import MissingAttribute
from gwmock.cloudformation.resources import Builder, Created
from gwmock.ids import random_string

# Fn::GetAtt names of each type's CloudFormation resource provider schema (cfn-lint 1.51's copy)
SCHEMA_ATTRIBUTES: dict[str, frozenset[str]] = {kind: frozenset(names) for kind, names in {
    "AWS::Lambda::Function": ("Arn", "SnapStartResponse", "SnapStartResponse.ApplyOn",
                              "SnapStartResponse.OptimizationStatus"),
    "AWS::Lambda::LayerVersion": ("LayerVersionArn",),
    "AWS::Lambda::Version": ("FunctionArn", "Version"),
    "AWS::Lambda::Alias": ("AliasArn",),
    "AWS::IAM::Role": ("Arn", "RoleId"),
    "AWS::IAM::ManagedPolicy": ("AttachmentCount", "CreateDate", "DefaultVersionId", "IsAttachable",
                                "PermissionsBoundaryUsageCount", "PolicyArn", "PolicyId", "UpdateDate"),
    "AWS::Logs::LogGroup": ("Arn",),
    "AWS::DynamoDB::Table": ("Arn", "StreamArn"),
    "AWS::SQS::Queue": ("Arn", "ContentBasedDeduplication", "DeduplicationScope", "DelaySeconds", "FifoQueue",
                        "FifoThroughputLimit", "KmsDataKeyReusePeriodSeconds", "KmsMasterKeyId",
                        "MaximumMessageSize", "MessageRetentionPeriod", "QueueName", "QueueUrl",
                        "ReceiveMessageWaitTimeSeconds", "RedrivePolicy.deadLetterTargetArn",
                        "RedrivePolicy.maxReceiveCount", "SqsManagedSseEnabled", "Tags", "VisibilityTimeout"),
    "AWS::SNS::Topic": ("ContentBasedDeduplication", "DeliveryStatusLogging", "DisplayName", "FifoThroughputScope",
                        "FifoTopic", "KmsMasterKeyId", "SignatureVersion", "Subscription", "Tags", "TopicArn",
                        "TopicName", "TracingConfig"),
    "AWS::S3::Bucket": ("Arn", "DomainName", "DualStackDomainName", "MetadataConfiguration.Destination",
                        "MetadataConfiguration.InventoryTableConfiguration.TableArn",
                        "MetadataConfiguration.InventoryTableConfiguration.TableName",
                        "MetadataConfiguration.JournalTableConfiguration.TableArn",
                        "MetadataConfiguration.JournalTableConfiguration.TableName",
                        "MetadataTableConfiguration.S3TablesDestination.TableArn",
                        "MetadataTableConfiguration.S3TablesDestination.TableNamespace", "RegionalDomainName",
                        "WebsiteURL"),
    "AWS::StepFunctions::StateMachine": ("Arn", "Name", "StateMachineRevisionId"),
    "AWS::Cognito::UserPool": ("Arn", "ProviderName", "ProviderURL", "UserPoolId"),
    "AWS::Cognito::UserPoolClient": ("ClientId", "ClientSecret", "Name"),
}.items()}


def check_listed(kind: str, name: str) -> None:
    """Refuse ``Fn::GetAtt`` of ``name`` when ``kind``'s schema (known to gwmock) does not list it."""
    listed = SCHEMA_ATTRIBUTES.get(kind)
    if listed is not None and name not in listed:
        raise MissingAttribute(f"Requested attribute {name} does not exist in schema for {kind}")


class SchemaAttributes(dict[str, Any]):
    """The ``Fn::GetAtt`` values of a resource gwmock creates that is not API Gateway's (a Lambda
    function): the stack reads them with ``get``, which refuses a name the type's schema does not list
    in CloudFormation's words rather than answering None."""

    __slots__ = ("kind",)

    def __init__(self, kind: str, values: dict[str, Any]) -> None:
        super().__init__(values)
        self.kind = kind

    def get(self, name: str, default: Any = None) -> Any:
        check_listed(self.kind, name)
        return super().get(name, default)


def _name(b: Builder, props: dict[str, Any], key: str | None, limit: int = 64, lower: bool = False) -> str:
    value = props.get(key) if key else None
    name = str(value) if value else b.generated_name(limit)
    return name.lower() if lower else name


def other(b: Builder, props: dict[str, Any]) -> Created:
    """Ids and attributes for any resource that is not API Gateway's."""
    r, a, t = b.region, b.account, b.type
    if t == "AWS::IAM::Role":
        name = _name(b, props, "RoleName")
        path = str(props.get("Path") or "/")
        return _made(name, {"Arn": f"arn:aws:iam::{a}:role{path}{name}", "RoleId": "AROA" + b.suffix})
    if t == "AWS::IAM::ManagedPolicy":
        name = _name(b, props, "ManagedPolicyName")
        arn = f"arn:aws:iam::{a}:policy/{name}"
        return _made(arn, {"PolicyArn": arn})
    if t == "AWS::Logs::LogGroup":
        name = _name(b, props, "LogGroupName", 512)
        return _made(name, {"Arn": f"arn:aws:logs:{r}:{a}:log-group:{name}:*"})
    if t == "AWS::DynamoDB::Table":
        name = _name(b, props, "TableName", 255)
        arn = f"arn:aws:dynamodb:{r}:{a}:table/{name}"
        return _made(name, {"Arn": arn, "StreamArn": f"{arn}/stream/1970-01-01T00:00:00.000"})
    if t == "AWS::SQS::Queue":
        name = _name(b, props, "QueueName", 80)
        url = f"https://sqs.{r}.amazonaws.com/{a}/{name}"
        return _made(url, {"Arn": f"arn:aws:sqs:{r}:{a}:{name}", "QueueName": name, "QueueUrl": url})
    if t == "AWS::SNS::Topic":
        name = _name(b, props, "TopicName", 256)
        arn = f"arn:aws:sns:{r}:{a}:{name}"
        return _made(arn, {"TopicArn": arn, "TopicName": name})
    if t == "AWS::S3::Bucket":
        name = _name(b, props, "BucketName", 63, lower=True)
        return _made(name, {"Arn": f"arn:aws:s3:::{name}", "DomainName": f"{name}.s3.amazonaws.com",
                            "RegionalDomainName": f"{name}.s3.{r}.amazonaws.com",
                            "WebsiteURL": f"http://{name}.s3-website-{r}.amazonaws.com"})
    if t == "AWS::StepFunctions::StateMachine":
        name = _name(b, props, "StateMachineName", 80)
        arn = f"arn:aws:states:{r}:{a}:stateMachine:{name}"
        return _made(arn, {"Arn": arn, "Name": name})
    if t in ("AWS::Lambda::Version", "AWS::Lambda::Alias"):
        function = str(props.get("FunctionName") or "")
        base = function if function.startswith("arn:") else f"arn:aws:lambda:{r}:{a}:function:{function}"
        qualifier = "1" if t.endswith("Version") else str(props.get("Name") or "live")
        if t.endswith("Version"):
            return _made(f"{base}:{qualifier}", {"Version": qualifier, "FunctionArn": base})
        return _made(f"{base}:{qualifier}", {"AliasArn": f"{base}:{qualifier}"})
    if t == "AWS::Cognito::UserPool":
        pool = f"{r}_{b.suffix[:9]}"
        return _made(pool, {"Arn": f"arn:aws:cognito-idp:{r}:{a}:userpool/{pool}",
                            "ProviderName": f"cognito-idp.{r}.amazonaws.com/{pool}",
                            "ProviderURL": f"https://cognito-idp.{r}.amazonaws.com/{pool}", "UserPoolId": pool})
    if t == "AWS::Cognito::UserPoolClient":
        client = random_string("abcdefghijklmnopqrstuvwxyz0123456789", 26)  # as Cognito's client ids
        return _made(client, {"ClientId": client, "Name": str(props.get("ClientName") or client)})
    service = t.split("::")[1].lower() if t.count("::") >= 2 else "custom"
    kind = t.rsplit("::", 1)[-1].lower()
    name = b.generated_name()
    return _made(name, {"Arn": f"arn:aws:{service}:{r}:{a}:{kind}/{name}"})


def _made(ref: str, attributes: dict[str, Any]) -> Created:
    return Created(ref, attributes, [], created=False)


def attribute(created: Created, name: str, b: Builder) -> Any:
    """An attribute of another service's resource: the table's value, else one made up (see the module's
    guesses); a name the type's schema does not list is refused (``check_listed``)."""
    check_listed(b.type, name)
    if name in created.attributes:
        return created.attributes[name]
    if name.endswith("Arn"):
        return created.attributes.get("Arn") or f"arn:aws:{b.type.split('::')[1].lower()}:{b.region}:{b.account}:" \
                                                 f"{created.ref}"
    return str(created.ref)
