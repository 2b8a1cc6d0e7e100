"""``AWS::Include``: template snippets inserted where ``Fn::Transform`` (or the ``Transform`` section) names them.

CloudFormation runs macros from the most deeply nested outward, so an embedded ``Fn::Transform`` is
expanded before the template-level ``Transform`` (SAM); gwmock expands every ``AWS::Include`` right
after loading the template, before SAM's translator sees it (a SAM ``DefinitionBody`` pulled from an
OpenAPI file, the pattern AWS's samples show).

* ``{"Fn::Transform": {"Name": "AWS::Include", "Parameters": {"Location": ...}}}`` is replaced by the
  snippet; beside other keys, the snippet's keys join them (a key on both sides is refused: a guess).
  A list of such transforms is applied in order.
* ``Transform: {Name: AWS::Include, ...}`` (alone or in the ``Transform`` list) merges the snippet's
  sections into the template; the other names of the list stay for ``stack.py``.
* ``Location`` is an Amazon S3 URI, read from moto's S3 (``external.py``), or a path relative to the
  template inside its folder tree, as before ``sam deploy``/``aws cloudformation package`` upload it
  (gwmock treats it as it treats a SAM ``CodeUri``).

What the ``AWS::Include`` reference says, enforced: a snippet is JSON or YAML holding a key-value
object; YAML short forms (``!Sub``) are not supported in snippets; a snippet cannot itself use
``AWS::Include``; the transform is not allowed in ``Parameters``. A ``Fn::Transform`` naming any other
macro (macros are Lambda functions of the user's account) is refused, naming where it is.

Bounds (a template is data): at most ``MAX_INCLUDES`` snippets per template, all of them together at
most ``MAX_TEMPLATE_BYTES``; local files must be regular files inside the template's folder tree (a
link to ``/dev/zero`` or a FIFO is refused before it is read). Guess: CloudFormation documents no count.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from gwmock.cloudformation import external
from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.template import MAX_TEMPLATE_BYTES, local_path
from gwmock.documents import DocumentError, parse_document

INCLUDE = "AWS::Include"
TRANSFORM = "Fn::Transform"
MAX_INCLUDES = 100

Path_ = tuple[str, ...]  # where a value sits in the template: ("Resources", "Api", "Properties", "Body")


def may_include(text: str, document: dict[str, Any]) -> bool:
    """Whether the template (``text``: its JSON) may hold an ``AWS::Include``: most hold none, and skip the walk."""
    transform = document.get("Transform")
    return TRANSFORM in text or isinstance(transform, dict) or (
        isinstance(transform, list) and any(isinstance(item, dict) for item in transform))


def expand(document: dict[str, Any], base_dir: Path, region: str) -> dict[str, Any]:
    """The template with every ``AWS::Include`` replaced by its snippet (``document`` is not changed)."""
    expander = _Expander(base_dir, region)
    expanded = expander.walk(document, ())
    return expander.top_level(expanded)


class _Expander:
    def __init__(self, base_dir: Path, region: str) -> None:
        self.base_dir = base_dir
        self.region = region
        self.count = 0
        self.size = 0

    def walk(self, value: Any, path: Path_) -> Any:
        """``value`` with its ``Fn::Transform`` expanded; the same object when it holds none."""
        if isinstance(value, list):
            items = [self.walk(item, (*path, str(i))) for i, item in enumerate(value)]
            return items if any(a is not b for a, b in zip(items, value, strict=True)) else value
        if not isinstance(value, dict):
            return value
        out = {k: self.walk(v, (*path, str(k))) for k, v in value.items() if k != TRANSFORM}
        if TRANSFORM not in value:
            return out if any(out[k] is not value[k] for k in out) else value
        if path[:1] == ("Parameters",):
            raise _error(path, f"{INCLUDE} cannot be used in the Parameters section")
        specs = value[TRANSFORM] if isinstance(value[TRANSFORM], list) else [value[TRANSFORM]]
        for spec in specs:
            _merge(out, self.snippet(spec, path), path)
        return out

    def top_level(self, document: dict[str, Any]) -> dict[str, Any]:
        """Snippets named in the ``Transform`` section merged into the template; other names kept."""
        transform = document.get("Transform")
        items = transform if isinstance(transform, list) else [transform]
        if not any(isinstance(item, dict) for item in items):
            return document
        out = {k: v for k, v in document.items() if k != "Transform"}
        names = [item for item in items if not isinstance(item, dict)]
        for item in items:
            if isinstance(item, dict):
                _merge(out, self.snippet(item, ()), ())
        if names:
            out["Transform"] = names if isinstance(transform, list) else names[0]
        return out

    def snippet(self, spec: Any, path: Path_) -> dict[str, Any]:
        """The object one ``{Name: AWS::Include, Parameters: {Location}}`` stands for."""
        name = spec.get("Name") if isinstance(spec, dict) else spec
        if name != INCLUDE:
            raise _error(path, f"{TRANSFORM} {str(name)[:100]} is not supported by gwmock: it runs {INCLUDE} only "
                               "(other macros are Lambda functions in your account)")
        parameters = spec.get("Parameters")
        location = parameters.get("Location") if isinstance(parameters, dict) else None
        if not isinstance(location, str) or not location:
            raise _error(path, f"{INCLUDE} needs Parameters.Location: an Amazon S3 URI (s3://bucket/key) or a file "
                               "inside the template's folder")
        self.count += 1
        if self.count > MAX_INCLUDES:
            raise _error(path, f"a template may include at most {MAX_INCLUDES} snippets in gwmock")
        text = self._read(location, path)
        self.size += len(text)
        if self.size > MAX_TEMPLATE_BYTES:
            raise _error(path, f"the included snippets are larger than {MAX_TEMPLATE_BYTES} bytes together")
        return _parse(text, location, path)

    def _read(self, location: str, path: Path_) -> str:
        if location.startswith("s3://"):
            bucket, _, key = location[len("s3://"):].partition("/")
            return external.s3_text(self.region, bucket, key, None,
                                    lambda reason: _error(path, f"{INCLUDE} Location {location[:200]}: {reason}"))
        if "://" in location or location.startswith("arn:"):
            raise _error(path, f"{INCLUDE} Location {location[:200]!r} must be an Amazon S3 URI (s3://bucket/key)")
        try:
            file = local_path(self.base_dir, location, f"{INCLUDE} Location")
        except TemplateError as outside:
            raise _error(path, str(outside)) from None
        try:
            if not file.is_file():
                raise _error(path, f"{INCLUDE} Location {location!r} is not a file beside the template")
            with file.open("rb") as handle:
                data = handle.read(MAX_TEMPLATE_BYTES + 1)
        except OSError as error:
            raise _error(path, f"cannot read {INCLUDE} Location {location!r}: {error.strerror or error}") from None
        if len(data) > MAX_TEMPLATE_BYTES:
            raise _error(path, f"{INCLUDE} Location {location!r} is larger than {MAX_TEMPLATE_BYTES} bytes")
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            raise _error(path, f"{INCLUDE} Location {location!r} is not UTF-8 text") from None


def _parse(text: str, location: str, path: Path_) -> dict[str, Any]:
    try:
        snippet = parse_document(text, max_bytes=MAX_TEMPLATE_BYTES)
    except DocumentError as error:
        hint = (" (CloudFormation does not support YAML short forms such as !Sub in included snippets: write "
                "Fn::Sub)") if "could not determine a constructor for the tag '!" in str(error) else ""
        raise _error(path, f"{INCLUDE} snippet {location!r} is not valid JSON or YAML: {error}{hint}") from None
    if not isinstance(snippet, dict):
        raise _error(path, f"{INCLUDE} snippet {location!r} must hold a key-value object")
    if _uses_transform(snippet):
        raise _error(path, f"{INCLUDE} snippet {location!r} uses {TRANSFORM} itself, which CloudFormation "
                           "does not allow")
    return snippet


def _uses_transform(value: Any) -> bool:
    pending = [value]
    while pending:
        item = pending.pop()
        if isinstance(item, dict):
            if TRANSFORM in item:
                return True
            pending.extend(item.values())
        elif isinstance(item, list):
            pending.extend(item)
    return False


def _merge(out: dict[str, Any], snippet: dict[str, Any], path: Path_) -> None:
    for key, item in snippet.items():
        if key in out:
            raise _error(path, f"the {INCLUDE} snippet's key {str(key)[:100]} is already there")
        out[key] = item


def _error(path: Path_, reason: str) -> TemplateError:
    """A TemplateError placed as CloudFormation's events would: the resource (or output, mapping...) and
    its property."""
    if not path:
        return TemplateError(reason, prop="Transform")
    if path[0] == "Resources" and len(path) > 2:
        prop = path[3] if path[2] == "Properties" and len(path) > 3 else path[2]
        return TemplateError(reason, logical_id=path[1], prop=prop)
    if len(path) > 1:
        return TemplateError(reason, logical_id=path[1], prop=path[2] if len(path) > 2 else path[0])
    return TemplateError(reason, prop=path[0])
