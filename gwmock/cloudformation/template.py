"""Loading a template (a path to JSON or YAML, or a dict) and binding its parameters.

YAML may use CloudFormation's short-form tags (``!Ref``, ``!Sub``, ``!GetAtt``, ...):
each becomes the long form (``{"Fn::Sub": ...}``). Parsing goes through
``gwmock.documents.parse_document``: safe (no Python objects), bounded in size,
depth and expanded YAML aliases; a template is data.

Parameters follow CloudFormation: a value given by the caller, else ``Default``;
``AllowedValues``, ``AllowedPattern``, ``MinLength``/``MaxLength``,
``MinValue``/``MaxValue`` are checked; ``Number`` must parse; ``CommaDelimitedList``
and ``List<...>`` types become lists. ``AWS::SSM::Parameter::Value<...>`` cannot be
looked up here: it needs a value or a default (taken as the value; a guess).

A template reads files only inside its own folder tree (``local_path``): a SAM ``CodeUri`` or
``DefinitionUri``, a CDK ``aws:asset:path`` or gwmock's ``gwmock:code-path`` that is absolute,
climbs out with ``..`` or goes through a symbolic link to somewhere outside is refused with a
``TemplateError`` naming it, before anything is read. A ``dict`` template's tree is the current
directory. Inline ``ZipFile``/``InlineCode`` code is the test author's own Python and runs as such.

``check_sections`` refuses, before anything is made, a top-level key CloudFormation does not know, in
its words ("Template format error: Invalid template property or properties [x-defaults]"), an
``Outputs``, ``Conditions`` or ``Mappings`` section that is not an object, and ``Fn::ForEach``
(the ``AWS::LanguageExtensions`` loop gwmock does not expand), naming where it stands.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml

from gwmock.cloudformation.errors import TemplateError
from gwmock.documents import DocumentError, parse_document

MAX_TEMPLATE_BYTES = 5 * 1024 * 1024  # CloudFormation's own limit for S3 templates is 1 MB

_SHORT = {
    "Ref": "Ref", "Condition": "Condition",
    **{name: f"Fn::{name}" for name in (
        "Sub", "GetAtt", "Join", "Select", "Split", "If", "Equals", "And", "Or", "Not", "FindInMap",
        "Base64", "GetAZs", "ImportValue", "Cidr", "Transform", "Length", "ToJsonString")},
}


def _short_form(name: str) -> Callable[[Any, Any], dict[str, Any]]:
    def construct(loader: Any, node: Any) -> dict[str, Any]:
        value: Any
        if isinstance(node, yaml.ScalarNode):
            value = loader.construct_scalar(node)
            if name == "Fn::GetAtt":
                value = str(value).split(".", 1)
        elif isinstance(node, yaml.SequenceNode):
            value = loader.construct_sequence(node, deep=True)
        else:
            value = loader.construct_mapping(node, deep=True)
        return {name: value}

    return construct


_TAGS = {f"!{short}": _short_form(long) for short, long in _SHORT.items()}


def parse(text: str, source: str = "template") -> dict[str, Any]:
    """A JSON or YAML document (CloudFormation's short-form tags allowed) as a dict, within limits."""
    try:
        document = parse_document(text, yaml_tags=_TAGS, max_bytes=MAX_TEMPLATE_BYTES)
    except DocumentError as error:
        raise TemplateError(f"{source} is not a valid template document: {error}") from None
    if not isinstance(document, dict):
        raise TemplateError(f"{source} is not a JSON or YAML object")
    return document


def load(template: Any) -> tuple[dict[str, Any], Path]:
    """The template as a dict and the folder its relative paths start from."""
    if isinstance(template, dict):
        return template, Path.cwd()
    if isinstance(template, (str, Path)):
        path = Path(template)
        try:
            size = path.stat().st_size
            if size > MAX_TEMPLATE_BYTES:
                raise TemplateError(f"{path} is larger than {MAX_TEMPLATE_BYTES} bytes")
            text = path.read_text(encoding="utf-8")
        except OSError as error:
            raise TemplateError(f"cannot read template {path}: {error.strerror or error}") from None
        return parse(text, str(path)), path.resolve().parent
    raise TemplateError(f"a template is a path or a dict, not {type(template).__name__}")


def local_path(base_dir: Path, value: str, what: str) -> Path:
    """``value`` (relative to the template's folder) resolved, symbolic links included; refused outside the tree."""
    root = base_dir.resolve()
    path = (root / value).resolve()
    if not path.is_relative_to(root):
        raise TemplateError(f"{what} {value!r} is outside the template's folder {root}: a template loads code and "
                            "documents only from its own folder tree")
    return path


def bind_parameters(template: dict[str, Any], given: dict[str, Any] | None) -> dict[str, Any]:
    """Parameter values by name, checked against their declarations."""
    declared = template.get("Parameters") or {}
    if not isinstance(declared, dict):
        raise TemplateError("Parameters must be an object")
    given = dict(given or {})
    unknown = sorted(set(given) - set(declared))
    if unknown:
        raise TemplateError(f"Parameters: {unknown} do not exist in the template")
    values: dict[str, Any] = {}
    for name, spec in declared.items():
        spec = spec if isinstance(spec, dict) else {}
        kind = str(spec.get("Type", "String"))
        if name in given:
            raw = given[name]
        elif "Default" in spec:
            raw = spec["Default"]
        else:
            raise TemplateError(f"Parameters: [{name}] must have values")
        values[name] = _check_parameter(name, kind, raw, spec)
    return values


def _bound(name: str, spec: dict[str, Any], key: str, kind: type[int] | type[float]) -> Any:
    """A declared MinLength/MaxLength/MinValue/MaxValue as a number, or a TemplateError naming it."""
    value = spec[key]
    try:
        if isinstance(value, bool):
            raise ValueError(value)
        return kind(value)
    except (TypeError, ValueError, OverflowError):
        raise TemplateError(f"Template format error: Parameter '{name}' {key} must be a number, got "
                            f"{str(value)[:100]!r}") from None


def _pattern_matches(name: str, pattern: str, text: str) -> bool:
    """``AllowedPattern`` (Java regex, as CloudFormation's) with the VTL engine's time-limited matcher."""
    from gwmock.runtime.vtl.limits import TemplateError as RegexError  # noqa: PLC0415
    from gwmock.runtime.vtl.methods import matches  # noqa: PLC0415

    try:
        return matches(text, pattern)
    except RegexError as error:
        raise TemplateError(f"Parameter '{name}' AllowedPattern cannot be used: {error}") from None


def _check_parameter(name: str, kind: str, raw: Any, spec: dict[str, Any]) -> Any:
    is_list = kind == "CommaDelimitedList" or kind.startswith("List<")
    allowed = spec.get("AllowedValues")
    if allowed is not None and not isinstance(allowed, list):
        raise TemplateError(f"Template format error: Parameter '{name}' AllowedValues must be a list")
    if isinstance(raw, list):
        items = [str(v) for v in raw]
        text = ",".join(items)
    else:
        text = "" if raw is None else (str(raw).lower() if isinstance(raw, bool) else str(raw))
        items = [v.strip() for v in text.split(",")] if is_list else [text]
    for item in items:
        if allowed is not None and item not in [str(a) for a in allowed]:
            raise TemplateError(f"Parameter '{name}' must be one of AllowedValues", prop=None)
        if kind == "Number" or kind == "List<Number>":
            try:
                number = float(item)
            except ValueError:
                raise TemplateError(f"Parameter '{name}' must be a number") from None
            if "MinValue" in spec and number < _bound(name, spec, "MinValue", float):
                raise TemplateError(f"Parameter '{name}' must be a number not less than {spec['MinValue']}")
            if "MaxValue" in spec and number > _bound(name, spec, "MaxValue", float):
                raise TemplateError(f"Parameter '{name}' must be a number not greater than {spec['MaxValue']}")
    if not is_list:
        pattern = spec.get("AllowedPattern")
        if pattern is not None and not _pattern_matches(name, str(pattern), text):
            raise TemplateError(f"Parameter '{name}' must match pattern {pattern}")
        if "MinLength" in spec and len(text) < _bound(name, spec, "MinLength", int):
            raise TemplateError(f"Parameter '{name}' must contain at least {spec['MinLength']} characters")
        if "MaxLength" in spec and len(text) > _bound(name, spec, "MaxLength", int):
            raise TemplateError(f"Parameter '{name}' must contain at most {spec['MaxLength']} characters")
    return items if is_list else text


_SECTIONS = {"AWSTemplateFormatVersion", "Description", "Metadata", "Parameters", "Rules", "Mappings", "Conditions",
             "Transform", "Resources", "Outputs", "Hooks"}


def _known_sections(document: dict[str, Any]) -> None:
    """A top-level key CloudFormation does not know (a YAML anchors holder such as ``x-defaults``, ``Globals``
    without the SAM transform, a lower-case ``outputs``) is refused as CloudFormation refuses it."""
    unknown = [str(key) for key in document if key not in _SECTIONS]
    if unknown:
        raise TemplateError(f"Template format error: Invalid template property or properties [{', '.join(unknown)}]")


def _no_for_each(document: dict[str, Any]) -> None:
    """``Fn::ForEach`` (the ``AWS::LanguageExtensions`` loop) is refused where it stands, not misread as a
    resource or output without a ``Type`` or ``Value``."""
    for section in ("Resources", "Outputs", "Conditions"):
        for key in document.get(section) or {}:
            if isinstance(key, str) and key.startswith("Fn::ForEach::"):
                raise TemplateError("Fn::ForEach (AWS::LanguageExtensions) is not supported by gwmock: write the "
                                    "resources it would make out in full", logical_id=key, prop=section)


def _objects(document: dict[str, Any]) -> None:
    """A section that holds members by name is an object (Guess: CloudFormation's wording for
    ``Outputs: [...]`` is not on record; this is the one gwmock gives ``Parameters``)."""
    for section in ("Outputs", "Conditions", "Mappings"):
        value = document.get(section)
        if value not in (None, [], "") and not isinstance(value, dict):
            raise TemplateError(f"Template format error: {section} must be an object", prop=section)


def check_sections(document: dict[str, Any]) -> None:
    """The template's top level, as CloudFormation checks it before anything is made."""
    _known_sections(document)
    _objects(document)
    _no_for_each(document)
