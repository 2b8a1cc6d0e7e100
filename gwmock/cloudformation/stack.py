"""Deploying a template as one stack: order, create, roll back, outputs, delete.

``deploy_template`` loads the template (a resource type CloudFormation would not know, an ``AWS::``
type outside its service namespaces included, fails with "Unrecognized resource types" before anything
is made), inserts its ``AWS::Include`` snippets (``include.py``;
SAM then goes through ``sam.py``), binds its parameters, evaluates its conditions, orders the
resources by ``DependsOn`` and the references between them, in ``Properties`` and in ``Metadata``
(a conditional ``Ref`` in ``Metadata`` is how templates wait for a resource that may not exist;
a cycle is refused with CloudFormation's "Circular dependency between resources"), replaces the
dynamic references of each resource's properties (``dynamic_refs.py``), then creates them one by
one inside one unit of work on the backend: if any step fails, everything the stack made is undone, the
Lambda functions it registered are forgotten, and the one ``TemplateError``
names the logical id, the property and the reason. Deploying again under the same
name replaces the stack in the same unit of work (a failed replacement leaves the
old stack as it was, as CloudFormation's update rollback does).

Exports are visible to ``Fn::ImportValue`` of stacks deployed later on the same
backend, account and region; an export name is unique there, and a stack whose
export another stack imports cannot be deleted ("Export X cannot be deleted as it
is in use by Y").

``Fn::GetAtt`` of an API Gateway type answers only the attributes its CloudFormation schema lists
(``schema.TYPES``): another name fails with "Requested attribute X does not exist in schema for T", a
listed one the resource has no value for with "Attribute 'X' does not exist" (CloudFormation's words for
registry types).

Outputs are strings, as ``describe-stacks`` shows them (numbers and booleans
written as text).

An ``AWS::CloudFormation::Stack`` whose template is local (a CDK ``NestedStack``'s
``*.nested.template.json`` in the cloud assembly; a ``TemplateURL`` that is a path beside the template,
as ``aws cloudformation package`` takes it, which is what a SAM ``Application`` with a local
``Location`` becomes) is deployed as part of its parent: its
``Parameters`` bound, its resources made in the same unit of work and undone with the parent,
``Fn::GetAtt Nested.Outputs.X`` its outputs, ``Ref`` its stack ARN (named
``{parent}-{logical id}-{random}``, as CloudFormation names nested stacks). A template that nests
itself, directly or through others, is refused (CloudFormation would create stacks until its quotas
stop it), and so is nesting deeper than ``MAX_NESTING`` levels: a TemplateError naming the
resource, never Python's RecursionError.

``DeletionPolicy: Retain`` (and ``RetainExceptOnCreate``) keeps a resource when the
stack is deleted (the CDK writes it on ``AWS::ApiGateway::Account``, and on deployments
with ``retainDeployments``); a rollback and a replacement still remove it, since
gwmock replaces a stack by making it again rather than updating it in place.

Resources are made one at a time, in ``order.py``'s order (it also says why a usage plan waits for
a stage it names by its literal name).

Guesses: a stack deployed without a name is named after
the template file (or ``stack``); ``AWS::StackId`` carries a random UUID.
"""

from __future__ import annotations

import functools
import json
import re
import uuid
import weakref
from collections.abc import Callable
from pathlib import Path
from typing import Any

from gwmock.cloudformation import assets, dynamic_refs, include, lambdas, others, resources_v1, resources_v2
from gwmock.cloudformation.dynamic_refs import References
from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.intrinsics import NO_VALUE, MissingAttribute, Scope
from gwmock.cloudformation.order import creation_order
from gwmock.cloudformation.resources import Builder, BuildFn, Created, check_schema, undo_calls
from gwmock.cloudformation.sam import translate
from gwmock.cloudformation.schema import AWS_SERVICES, TYPES
from gwmock.cloudformation.template import MAX_TEMPLATE_BYTES, bind_parameters, check_sections, load, local_path
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.ids import random_string
from gwmock.state.base import Backend

_BUILDERS: dict[str, BuildFn] = {**resources_v1.BUILDERS, **resources_v2.BUILDERS,
                                 "AWS::Lambda::Function": lambdas.function,
                                 "AWS::Lambda::LayerVersion": lambdas.layer_version}
_STACK_NAME = re.compile(r"^[A-Za-z][-A-Za-z0-9]{0,127}$")
_SUFFIX_ALPHABET = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789"

# backend -> (account, region, stack name) -> Stack
_stacks: weakref.WeakKeyDictionary[Backend, dict[tuple[str, str, str], Stack]] = weakref.WeakKeyDictionary()


MAX_NESTING = 20  # levels of nested stacks below a deployed template (guess: no CloudFormation quota names one)


class Stack:
    """A deployed template: ``outputs``, ``resources`` (logical id -> physical id), ``exports``."""

    def __init__(self, name: str, stack_id: str, handle: Any, account: str, region: str) -> None:
        self.name = name
        self.stack_id = stack_id
        self.outputs: dict[str, Any] = {}
        self.resources: dict[str, Any] = {}
        self.exports: dict[str, Any] = {}
        self.not_created: list[str] = []  # other services' resources: ids only
        self.imports: set[str] = set()
        self._handle = handle
        self._account = account
        self._region = region
        self._created: list[tuple[str, str, Created]] = []  # (logical id, type, what was made), in order
        self._retained: set[str] = set()  # DeletionPolicy Retain: kept by delete(), not by a rollback
        self._deleted = False
        self._templates: tuple[Path, ...] = ()  # the template files from the root to this stack

    def __repr__(self) -> str:
        return f"Stack({self.name!r}, resources={len(self.resources)}, outputs={sorted(self.outputs)})"

    def delete(self) -> None:
        """Delete what the stack made, newest first, as ``aws cloudformation delete-stack`` would."""
        if self._deleted:
            return
        backend = self._handle.backend
        if not _is_live(self):
            self._deleted = True
            return
        for other in _records(backend, self._account, self._region):
            used = sorted(set(self.exports) & set(other["Imports"])) if other["StackName"] != self.name else []
            if used:
                raise TemplateError(f"Export {used[0]} cannot be deleted as it is in use by {other['StackName']}")
        with backend.unit_of_work():
            self._undo(retain=True)
            backend.delete(_record_key(self._account, self._region, self.name))
        _registry(backend).pop((self._account, self._region, self.name), None)
        self._deleted = True

    def _undo(self, *, retain: bool = False) -> None:
        for logical_id, kind, created in reversed(self._created):
            if retain and logical_id in self._retained:
                continue
            builder = _builder(self, logical_id, kind, {}, Path.cwd())
            undo_calls(builder, created.undo)
            for key in created.lambdas:
                self._handle.lambdas.pop(key, None)


def _registry(backend: Backend) -> dict[tuple[str, str, str], Stack]:
    return _stacks.setdefault(backend, {})


# Each stack is also a record in the backend: snapshots, restore, reset and rollback include it,
# and exports stay importable after a restore.
_COLLECTION = "cloudformation_stacks"


def _record_key(account: str, region: str, name: str) -> tuple[str, ...]:
    return (account, region, _COLLECTION, name)


def _records(backend: Backend, account: str, region: str) -> list[dict[str, Any]]:
    return [record for _, record in backend.scan((account, region, _COLLECTION))]


def _is_live(stack: Stack) -> bool:
    """Still deployed: not deleted, replaced, reset away or restored over."""
    record = stack._handle.backend.get(_record_key(stack._account, stack._region, stack.name))
    return record is not None and record.get("StackId") == stack.stack_id


def _builder(stack: Stack, logical_id: str, kind: str, definition: dict[str, Any], base_dir: Path) -> Builder:
    return Builder(handle=stack._handle, backend=stack._handle.backend, account=stack._account,
                   region=stack._region, stack_name=stack.name, stack_id=stack.stack_id, base_dir=base_dir,
                   logical_id=logical_id, resource_type=kind, definition=definition,
                   suffix=random_string(_SUFFIX_ALPHABET, 13))


def deploy_template(handle: Any, template: Any, *, parameters: dict[str, Any] | None = None,
                    name: str | None = None) -> Stack:
    """Deploy a CloudFormation, SAM or CDK-synthesised template into the mock ``handle``."""
    document, base_dir = load(template)
    if name is None:
        stem = Path(template).name.split(".")[0] if isinstance(template, (str, Path)) else ""
        stem = re.sub(r"[^-A-Za-z0-9]", "-", stem)
        name = stem if _STACK_NAME.match(stem) else "stack"
    if not _STACK_NAME.match(name):
        raise TemplateError(f"Stack name '{name}' must match [a-zA-Z][-a-zA-Z0-9]* and be at most 128 characters")
    account = handle.account or DEFAULT_ACCOUNT
    region = handle.region
    document, dynamic = _prepared(document, base_dir, region)
    if _is_sam(document):
        document = translate(document, parameters or {}, base_dir, region, account)
    stack = Stack(name, f"arn:{_partition(region)}:cloudformation:{region}:{account}:stack/{name}/{uuid.uuid4()}",
                  handle, account, region)
    if isinstance(template, (str, Path)):
        stack._templates = (Path(template).resolve(),)
    registry = _registry(handle.backend)
    old = registry.get((account, region, name))
    if old is not None and not _is_live(old):
        old = None
    saved_lambdas = dict(handle.lambdas)
    try:
        with handle.backend.unit_of_work():
            if old is not None:
                old._undo()
            _create(stack, document, parameters, base_dir, dynamic)
            handle.backend.put(_record_key(account, region, name), {
                "StackName": name, "StackId": stack.stack_id, "Outputs": dict(stack.outputs),
                "Exports": dict(stack.exports), "Imports": sorted(stack.imports)})
    except BaseException:
        handle.lambdas.clear()
        handle.lambdas.update(saved_lambdas)
        raise
    if old is not None:
        old._deleted = True
    registry[(account, region, name)] = stack
    return stack


def _prepared(document: dict[str, Any], base_dir: Path, region: str) -> tuple[dict[str, Any], bool]:
    """The template with its ``AWS::Include`` snippets in, and whether it may hold dynamic references. One
    ``json.dumps`` (C speed) answers both for the templates that need neither, nearly all of them."""
    text = json.dumps(document, default=str)
    if include.may_include(text, document):
        return include.expand(document, base_dir, region), True  # a snippet may hold references
    return document, dynamic_refs.MARK in text


_TRANSFORMS = ("AWS::Serverless-2016-10-31", "AWS::LanguageExtensions")  # the latter: the functions gwmock has


def _is_sam(document: dict[str, Any]) -> bool:
    transform = document.get("Transform")
    names = transform if isinstance(transform, list) else [] if transform is None else [transform]
    unknown = [t for t in names if t not in _TRANSFORMS]
    if unknown:
        raise TemplateError(f"Transform {unknown[0]} is not supported by gwmock (only {', '.join(_TRANSFORMS)})")
    return "AWS::Serverless-2016-10-31" in names


def _unrecognized(kind: str) -> bool:
    """A type CloudFormation would not know: an API Gateway (or untransformed SAM) type gwmock has no builder
    for, or an ``AWS::`` type that is not ``AWS::{service}::{resource}`` of a known service namespace. Other
    organisations' types (``Custom::X``, ``Alexa::ASK::Skill``, registry types) are the account's own: kept."""
    if kind.startswith(("AWS::ApiGateway", "AWS::Serverless::")):
        return kind not in _BUILDERS
    if not kind.startswith("AWS::"):
        return False
    parts = kind.split("::")
    return len(parts) != 3 or parts[1] not in AWS_SERVICES or not parts[2].isalnum()


def _partition(region: str) -> str:
    return "aws-cn" if region.startswith("cn-") else "aws-us-gov" if region.startswith("us-gov-") else "aws"


def _create(stack: Stack, document: dict[str, Any], parameters: dict[str, Any] | None, base_dir: Path,
            dynamic: bool) -> None:
    resources = document.get("Resources")
    if not isinstance(resources, dict) or not resources:
        raise TemplateError("Template format error: At least one Resources member must be defined.")
    check_sections(document)
    for logical_id, definition in resources.items():
        if not isinstance(definition, dict) or not isinstance(definition.get("Type"), str):
            raise TemplateError("Template format error: every resource needs a Type", logical_id=logical_id)
        if not re.fullmatch(r"[A-Za-z0-9]+", logical_id):
            raise TemplateError("Template format error: Resource name is non alphanumeric.", logical_id=logical_id)
    unknown = sorted({d["Type"] for d in resources.values() if _unrecognized(d["Type"])})
    if unknown:
        raise TemplateError(f"Template format error: Unrecognized resource types: [{', '.join(unknown)}]")

    values = bind_parameters(document, parameters)
    partition = _partition(stack._region)
    pseudo: dict[str, Any] = {
        "AWS::Region": stack._region, "AWS::AccountId": stack._account, "AWS::Partition": partition,
        "AWS::URLSuffix": "amazonaws.com.cn" if partition == "aws-cn" else "amazonaws.com",
        "AWS::StackName": stack.name, "AWS::StackId": stack.stack_id, "AWS::NotificationARNs": []}
    exports = {k: v for record in _records(stack._handle.backend, stack._account, stack._region)
               if record["StackName"] != stack.name for k, v in record["Exports"].items()}

    def imports(export: str) -> Any:
        if export in exports:
            stack.imports.add(export)
        return exports.get(export)

    scope = Scope(document, values, pseudo, imports)
    references = References(stack._region, dynamic)
    active = [lid for lid, d in resources.items() if "Condition" not in d
              or scope.at(lid, "Condition").condition(str(d["Condition"]))]
    created: dict[str, tuple[Builder, Created]] = {}
    scope.attribute = _attribute_lookup(created)
    for logical_id in creation_order(scope, resources, active):
        definition = resources[logical_id]
        kind = definition["Type"]
        props = scope.at(logical_id, "Properties").resolve(definition.get("Properties") or {})
        if not isinstance(props, dict):
            raise TemplateError("Properties must be an object", logical_id=logical_id, prop="Properties")
        if kind in _BUILDERS or kind == "AWS::CloudFormation::Stack":  # others' are never read: ids only
            props = references.resolve(props, logical_id, None)
        builder = _builder(stack, logical_id, kind, definition, base_dir)
        build = _BUILDERS.get(kind, others.other)
        if kind == "AWS::CloudFormation::Stack":
            build = functools.partial(_nested, stack)
        check_schema(builder, props)
        made = build(builder, props)
        created[logical_id] = (builder, made)
        scope.refs[logical_id] = made.ref
        stack._created.append((logical_id, kind, made))
        if definition.get("DeletionPolicy") in ("Retain", "RetainExceptOnCreate"):
            stack._retained.add(logical_id)
        stack.resources[logical_id] = made.ref
        if not made.created:
            stack.not_created.append(logical_id)
    _outputs(stack, scope, document, exports, references)


def _nested(parent: Stack, b: Builder, props: dict[str, Any]) -> Created:
    """``AWS::CloudFormation::Stack`` whose template is local (a CDK ``NestedStack``: the cloud assembly's
    ``*.nested.template.json``, by ``aws:asset:path`` or the assets manifest): deployed as a part of the
    parent, undone with it. ``Ref`` is its stack ARN, ``Outputs.Name`` its outputs. A template only in S3
    (``TemplateURL`` elsewhere) leaves the resource as another service's: ids only."""
    url = props.get("TemplateURL")
    path = _packaged_template(b, url)
    if path is None:
        key = url.rsplit("/", 1)[-1] if isinstance(url, str) else None
        path = assets.local_file(b, key, "TemplateURL")
    if path is None:
        return others.other(b, props)
    if path.stat().st_size > MAX_TEMPLATE_BYTES:
        raise b.error(f"the nested template {path} is larger than {MAX_TEMPLATE_BYTES} bytes", "TemplateURL")
    resolved = path.resolve()
    if resolved in parent._templates:
        chain = " -> ".join(p.name for p in parent._templates)
        raise b.error(f"the nested template {path} nests itself (through {chain})", "TemplateURL")
    if len(parent._templates) > MAX_NESTING:
        raise b.error(f"nested stacks are more than {MAX_NESTING} levels deep", "TemplateURL")
    given = props.get("Parameters") or {}
    if not isinstance(given, dict):
        raise b.error("Properties validation failed: #/Parameters: expected type: JSONObject", "Parameters")
    document, base_dir = load(path)
    document, dynamic = _prepared(document, base_dir, parent._region)
    if _is_sam(document):
        document = translate(document, {str(k): v for k, v in given.items()}, base_dir, parent._region,
                             parent._account)
    name = b.generated_name()
    child = Stack(name, f"arn:{_partition(parent._region)}:cloudformation:{parent._region}:{parent._account}:"
                        f"stack/{name}/{uuid.uuid4()}", parent._handle, parent._account, parent._region)
    child._templates = (*parent._templates, resolved)
    try:  # a failure rolls back with the parent's unit of work, as CloudFormation rolls back both
        _create(child, document, {str(k): v for k, v in given.items()}, base_dir, dynamic)
    except TemplateError as error:
        raise b.error(f"Embedded stack {child.stack_id} was not successfully created: {error}") from error
    parent.imports |= child.imports
    for export, value in child.exports.items():
        if export in parent.exports:
            raise b.error(f"Export with name {export} is already exported by another stack")
        parent.exports[export] = value
    undo = [call for _, _, made in child._created for call in made.undo]
    registered = [key for _, _, made in child._created for key in made.lambdas]
    attributes = {f"Outputs.{k}": v for k, v in child.outputs.items()}
    return Created(child.stack_id, attributes, undo, lambdas=registered)


def _packaged_template(b: Builder, url: Any) -> Path | None:
    """A ``TemplateURL`` that is a path, as ``aws cloudformation package`` and ``sam deploy`` take it before they
    upload the file (a SAM ``AWS::Serverless::Application`` with a local ``Location`` becomes one): the file
    inside the template's folder tree. A URL (``https://``, ``s3://``) is not a path."""
    if not isinstance(url, str) or not url or "://" in url:
        return None
    try:
        path = local_path(b.base_dir, url, "TemplateURL")
    except TemplateError as outside:
        raise b.error(str(outside), "TemplateURL") from None
    if not path.is_file():
        raise b.error(f"the nested template {url!r} is not a file beside the template", "TemplateURL")
    return path


def _attribute_lookup(created: dict[str, tuple[Builder, Created]]) -> Callable[[str, str], Any]:
    def attribute(logical_id: str, name: str) -> Any:
        builder, made = created[logical_id]
        if not made.created:
            return others.attribute(made, name, builder)
        spec = TYPES.get(builder.type)
        if spec is None:
            return made.attributes.get(name)
        return _schema_attribute(builder.type, spec[2], made, name)

    return attribute


def _schema_attribute(kind: str, listed: tuple[str, ...], made: Created, name: str) -> Any:
    """An API Gateway type's attribute as CloudFormation answers it: one its schema does not list fails with
    "Requested attribute X does not exist in schema for T"; one it lists that the resource has no value for
    (a regional domain's ``DistributionDomainName``) with "Attribute 'X' does not exist"."""
    if name not in listed:
        raise MissingAttribute(f"Requested attribute {name} does not exist in schema for {kind}")
    value = made.attributes.get(name)
    if value is None:
        raise MissingAttribute(f"Attribute '{name}' does not exist")
    return value


def _outputs(stack: Stack, scope: Scope, document: dict[str, Any], exports: dict[str, Any],
             references: References) -> None:
    for key, spec in (document.get("Outputs") or {}).items():
        if not isinstance(spec, dict) or "Value" not in spec:
            raise TemplateError("Template format error: Every Outputs member must contain a Value object",
                                logical_id=key)
        if "Condition" in spec and not scope.at(key, "Condition", "Outputs").condition(str(spec["Condition"])):
            continue
        value = scope.at(key, "Value", "Outputs").resolve(spec["Value"])
        if value is NO_VALUE:
            continue
        value = references.resolve(_output_text(value), key, "Value")
        stack.outputs[key] = value
        export = spec.get("Export")
        if isinstance(export, dict) and "Name" in export:
            export_name = scope.at(key, "Export.Name", "Outputs").resolve(export["Name"])
            if export_name in exports or export_name in stack.exports:
                raise TemplateError(f"Export with name {export_name} is already exported by another stack",
                                    logical_id=key, prop="Export.Name")
            stack.exports[str(export_name)] = value


def _output_text(value: Any) -> str:
    """Outputs are strings in CloudFormation (a list is joined with commas: a guess)."""
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, list):
        return ",".join(_output_text(v) for v in value)
    if isinstance(value, dict):
        raise TemplateError("Template format error: Output values must be strings or lists of strings")
    return str(value)
