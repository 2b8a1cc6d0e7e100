"""The CDK's local assets: what a synthesized template names in S3 is in the cloud assembly beside it.

``cdk synth`` writes each asset into ``cdk.out`` and the template points at its future S3 object
(``Code.S3Key``, ``Content.S3Key``, ``BodyS3Location.Key``, a nested stack's ``TemplateURL``). The
resource's ``Metadata`` ``aws:asset:path`` names the local copy when the ``cdk`` CLI ran the app
(``aws:cdk:enable-asset-metadata``); otherwise the ``*.assets.json`` manifest beside the template maps
each destination ``objectKey`` to its ``source.path``. Every path stays inside the template's folder
tree (``template.local_path``).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.resources import Builder
from gwmock.cloudformation.template import MAX_TEMPLATE_BYTES, local_path


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def metadata_path(b: Builder, prop: str) -> Path | None:
    """The local copy ``aws:asset:path`` names for ``prop`` (``aws:asset:property``), if any."""
    metadata = _obj(b.definition.get("Metadata"))
    value = metadata.get("aws:asset:path")
    if not isinstance(value, str) or not value or metadata.get("aws:asset:property", prop) != prop:
        return None
    try:
        return local_path(b.base_dir, value, f"asset ({prop})")
    except TemplateError as outside:
        raise b.error(str(outside), prop) from None


def manifest_source(b: Builder, key: Any, prop: str) -> tuple[Path, str] | None:
    """The local path and packaging (``file`` or ``zip``) of the asset published as object ``key``."""
    if not isinstance(key, str) or not b.base_dir.is_dir():
        return None
    for manifest in sorted(b.base_dir.glob("*.assets.json")):
        text = _manifest_text(b, manifest)
        try:
            files = _obj(_obj(json.loads(text)).get("files")) if text is not None else {}
        except (ValueError, RecursionError):
            continue
        for asset in files.values():
            destinations = _obj(_obj(asset).get("destinations")).values()
            if not any(_obj(d).get("objectKey") == key for d in destinations):
                continue
            source = _obj(_obj(asset).get("source"))
            path = source.get("path")
            if not isinstance(path, str):
                return None  # a command's output: nothing local
            try:
                found = local_path(b.base_dir, path, f"asset ({manifest.name})")
            except TemplateError as outside:
                raise b.error(str(outside), prop) from None
            return found, str(source.get("packaging", "file"))
    return None


def _manifest_text(b: Builder, manifest: Path) -> str | None:
    """A manifest's text; None (skipped) for one that is a link out of the tree, not a regular file (a
    link to ``/dev/zero`` or a FIFO would never end) or larger than a template may be."""
    try:
        path = local_path(b.base_dir, manifest.name, "asset manifest")
        if not path.is_file() or path.stat().st_size > MAX_TEMPLATE_BYTES:
            return None
        with path.open("rb") as file:
            return file.read(MAX_TEMPLATE_BYTES + 1).decode("utf-8")
    except (TemplateError, OSError, UnicodeDecodeError):
        return None


def local_file(b: Builder, key: Any, prop: str) -> Path | None:
    """A single-file asset (an OpenAPI document, a nested stack's template) for ``prop``, if local."""
    path = metadata_path(b, prop)
    if path is None:
        found = manifest_source(b, key, prop)
        path = found[0] if found is not None and found[1] == "file" else None
    return path if path is not None and path.is_file() else None
