"""OpenAPI documents as data: read (JSON or YAML), check, resolve ``$ref``, write.

``load`` accepts what ImportRestApi and PutRestApi accept: an OpenAPI 2.0
(``swagger: "2.0"``) or 3.0 (``openapi: 3.0.x``) document, JSON or YAML, UTF-8.
Anything else - unparsable text, a scalar or list, no version field, ``paths``
or ``info`` that are not objects - is AWS's ``BadRequestException`` "Invalid
OpenAPI input." (aws-recorded: test_import_api_bad_file, for both operations and
both formats). YAML's own types are flattened to JSON ones: integer keys such as
``200:`` become strings and dates become ISO strings, so the rest of the package
only ever sees JSON values.

``stored_policy``/``policy_document`` convert a REST API's resource policy between
the JSON a caller sends and the form AWS stores and answers: minified, with ``"``
and ``/`` backslash-escaped (``{\\"Version\\":...}``), which is why
terraform-provider-aws unquotes a read policy (hashicorp/terraform-provider-aws
#4397 and #4606, localstack/localstack #3325; no aws-recorded scenario). Text that
is not JSON is kept as given (a guess).
"""

from __future__ import annotations

import datetime
import json
from typing import Any

import yaml

from gwmock.errors import BadRequest

INVALID = "Invalid OpenAPI input."
_MAX_REF_DEPTH = 32


def invalid() -> BadRequest:
    return BadRequest(INVALID)


def load(body: bytes | str | None) -> dict[str, Any]:
    """Parse and check a document; raise ``BadRequest(INVALID)`` for anything that is not one."""
    if isinstance(body, (bytes, bytearray)):
        try:
            text = bytes(body).decode("utf-8-sig")
        except UnicodeDecodeError:
            raise invalid() from None
    else:
        text = body or ""
    if not text.strip():
        raise invalid()
    try:
        document = json.loads(text)
    except ValueError:
        try:
            document = yaml.safe_load(text)
        except yaml.YAMLError:
            raise invalid() from None
    document = _plain(document)
    _check(document)
    return document  # type: ignore[no-any-return]


def is_v3(document: dict[str, Any]) -> bool:
    return "openapi" in document


def _check(document: Any) -> None:
    if not isinstance(document, dict):
        raise invalid()
    swagger, openapi = document.get("swagger"), document.get("openapi")
    if not (swagger in ("2.0", "2") or (isinstance(openapi, str) and openapi.startswith("3."))):
        raise invalid()
    if not isinstance(document.get("info", {}), dict) or not isinstance(document.get("paths", {}), dict):
        raise invalid()
    for item in (document.get("paths") or {}).values():
        if not isinstance(item, dict):
            raise invalid()


def _plain(value: Any) -> Any:
    if isinstance(value, dict):
        return {_key(k): _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    if isinstance(value, datetime.datetime):
        return value.isoformat().replace("+00:00", "Z")
    if isinstance(value, datetime.date):
        return value.isoformat()
    return value


def _key(key: Any) -> str:
    if isinstance(key, bool):
        return str(key).lower()
    if isinstance(key, (datetime.date, datetime.datetime)):
        return key.isoformat()
    return str(key)


def resolve(document: dict[str, Any], node: Any) -> Any:
    """Follow local ``$ref`` pointers (``#/definitions/X``); an unresolvable one gives ``None``."""
    for _ in range(_MAX_REF_DEPTH):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return None
        node = document
        for part in ref[2:].split("/"):
            part = part.replace("~1", "/").replace("~0", "~")
            if not isinstance(node, dict) or part not in node:
                return None
            node = node[part]
    return None


def stored_policy(text: str) -> str:
    """A resource policy as AWS stores and returns it."""
    try:
        policy = json.loads(text)
    except ValueError:
        return text
    compact = json.dumps(policy, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(compact, ensure_ascii=False)[1:-1].replace("/", "\\/")


def policy_document(stored: str) -> Any:
    """The JSON value of a stored policy (the text itself if it is not JSON)."""
    for candidate in (stored, f'"{stored}"'):
        try:
            value = json.loads(candidate)
        except ValueError:
            continue
        if isinstance(value, str):
            try:
                return json.loads(value)
            except ValueError:
                return value
        return value
    return stored


def dump(document: dict[str, Any], as_yaml: bool) -> bytes:
    if as_yaml:
        text: str = yaml.safe_dump(document, sort_keys=False, allow_unicode=True)
        return text.encode()
    return json.dumps(document, indent=2).encode()
