"""OpenAPI documents as data: read (JSON or YAML), check, resolve ``$ref``, write.

``load`` accepts what ImportRestApi and PutRestApi accept: an OpenAPI 2.0
(``swagger: "2.0"``) or 3.0 (``openapi: 3.0.x``) document, JSON or YAML, UTF-8.
Anything else - unparsable text, a scalar or list, no version field, ``paths``
or ``info`` that are not objects - is AWS's ``BadRequestException`` "Invalid
OpenAPI input." (aws-recorded: test_import_api_bad_file, for both operations and
both formats). YAML's own types are flattened to JSON ones: integer keys such as
``200:`` become strings and dates stay the text written, so the rest of the package
only ever sees JSON values.

Documents are parsed by ``gwmock.documents`` within limits: at most 6 MB (AWS's
documented maximum for an imported definition file), nesting at most
``MAX_DEPTH`` deep and ``MAX_NODES`` values once YAML aliases are expanded. A
document beyond them (a billion-laughs alias bomb, ``[[[[...`` a million deep) is
the same "Invalid OpenAPI input." (guess: AWS's answer to such documents is not
recorded), in well under a second. apigatewayv2's ImportApi/ReimportApi answer the
same text (guess).

``resolve`` follows local JSON pointers only (RFC 6901 escapes, list indexes), at most 32 hops:
an ``http://``, ``file:`` or other file's ``$ref`` is never read. A document is 3.0 when its
``openapi`` names a 3.x version; a stray ``openapi`` beside ``swagger: "2.0"`` leaves it 2.0 (guess).

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
import re
from typing import Any

import yaml

from gwmock.documents import DocumentError, parse_document, parse_json
from gwmock.errors import BadRequest
from gwmock.openapi.values import obj, seq, text

INVALID = "Invalid OpenAPI input."
MAX_BYTES = 6 * 1024 * 1024
MAX_DEPTH = 104  # CreateModel's 100 levels, plus the 3 an export's definitions add around a schema
MAX_NODES = 1_000_000
_MAX_REF_DEPTH = 32
# A model's private record key: its place in the definition it was imported from. GetModels lists
# models by name, but an export lists them as the document did (aws-recorded: test_export_*_openapi
# [TEST_IMPORT_PETSTORE_SWAGGER] exports Pets, Empty, NewPetResponse, Pet, NewPet, PetType).
MODEL_ORDER = "_order"


def invalid() -> BadRequest:
    return BadRequest(INVALID)


def load(body: bytes | str | None) -> dict[str, Any]:
    """Parse and check a document; raise ``BadRequest(INVALID)`` for anything that is not one."""
    if not body or not (body.strip() if isinstance(body, (str, bytes)) else bytes(body).strip()):
        raise invalid()
    try:
        document = parse_document(bytes(body) if isinstance(body, bytearray) else body,
                                  max_depth=MAX_DEPTH, max_nodes=MAX_NODES, max_bytes=MAX_BYTES)
    except DocumentError:
        raise invalid() from None
    document = _plain(document)
    _check(document)
    return document  # type: ignore[no-any-return]


def is_v3(document: dict[str, Any]) -> bool:
    """An OpenAPI 3 document: its ``openapi`` names a 3.x version (a stray ``openapi`` key beside
    ``swagger: "2.0"`` leaves the document 2.0: guess, its definitions were lost otherwise)."""
    version = _as_text(document.get("openapi"))
    return isinstance(version, str) and version.startswith("3.")


def base_path(document: dict[str, Any]) -> str:
    """The document's own base path, ``""`` or ``"/a/b"``: 2.0's ``basePath``; in 3.0 the default
    of the first ``basePath`` server variable, whether its server's url names it or not ("If the
    API contains only one basePath variable, the Import API feature uses it as the base path, even
    if it's not referenced in the server.url"; "If the API contains multiple basePath variables,
    the Import API feature uses only the first one": api-gateway-import-api-basePath.html), else
    the path of ``servers[0].url`` with its variables' defaults. Reads raise ``Malformed``."""
    if is_v3(document):
        servers = [obj(server) for server in seq(document.get("servers"))]
        variables = [obj(server.get("variables")) for server in servers]
        named = [v["basePath"] for v in variables if v.get("basePath") is not None]
        if named:
            raw = text(obj(named[0]).get("default")) or ""
        elif servers:
            raw = _url_path(text(servers[0].get("url")) or "", variables[0])
        else:
            raw = ""
    else:
        raw = text(document.get("basePath")) or ""
    raw = raw.strip("/")
    return "/" + raw if raw else ""


def _url_path(url: str, variables: dict[str, Any]) -> str:
    for name, variable in variables.items():
        url = url.replace("{" + name + "}", text(obj(variable).get("default")) or "")
    if "://" in url:
        rest = url.split("://", 1)[1]
        url = rest[rest.find("/"):] if "/" in rest else ""
    return url.split("?", 1)[0].split("#", 1)[0]


def _check(document: Any) -> None:
    if not isinstance(document, dict):
        raise invalid()
    # a version written as a YAML number (``swagger: 2.0`` unquoted) names the same version: AWS deploys
    # such a document (AWS-validated recording test_cfn_apigateway_swagger_import, a SAM DefinitionBody)
    if not (_as_text(document.get("swagger")) in ("2.0", "2") or is_v3(document)):
        raise invalid()
    if not isinstance(document.get("info", {}), dict) or not isinstance(document.get("paths", {}), dict):
        raise invalid()
    for item in (document.get("paths") or {}).values():
        if not isinstance(item, dict):
            raise invalid()


def _as_text(value: Any) -> Any:
    return str(value) if type(value) in (int, float) else value


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
    """Follow local ``$ref`` pointers (``#/definitions/X``, RFC 6901: ``~1`` is ``/``, ``~0`` is ``~``,
    a decimal part indexes a list); an unresolvable one, any other (``http://``, ``file:``, another
    file's) or a cycle gives ``None``: nothing outside the document is ever read."""
    for _ in range(_MAX_REF_DEPTH):
        if not (isinstance(node, dict) and isinstance(node.get("$ref"), str)):
            return node
        ref = node["$ref"]
        if not ref.startswith("#/"):
            return None
        node = document
        for part in ref[2:].split("/"):
            node = _step(node, part.replace("~1", "/").replace("~0", "~"))
            if node is _MISSING:
                return None
    return None


_MISSING = object()
_INDEX = re.compile(r"0|[1-9][0-9]{0,8}")


def _step(node: Any, part: str) -> Any:
    if isinstance(node, dict):
        return node.get(part, _MISSING)
    if isinstance(node, list) and _INDEX.fullmatch(part) and int(part) < len(node):
        return node[int(part)]
    return _MISSING


def stored_policy(text: str) -> str:
    """A resource policy as AWS stores and returns it."""
    try:
        policy = parse_json(text)
    except ValueError:  # DocumentError too: a policy nested past the limits is kept as given
        return text
    compact = json.dumps(policy, separators=(",", ":"), ensure_ascii=False)
    return json.dumps(compact, ensure_ascii=False)[1:-1].replace("/", "\\/")


def with_api_arns(stored: str, api_arn: str) -> str:
    """A stored policy whose ``execute-api:/...`` shorthand resources are written out against the
    API's ARN (``arn:aws:execute-api:{region}:{account}:{api}``), as AWS stores them: aws-recorded
    test_create_execute_api_vpc_endpoint sends ``"Resource": ["execute-api:/*"]`` and reads back
    ``"Resource": "arn:...:execute-api:<region>:<account>:<id>/*"`` (a list of one such entry
    becomes the string). Any other policy is kept as it is."""
    document = policy_document(stored)
    statements = document.get("Statement") if isinstance(document, dict) else None
    changed = False
    for statement in [statements] if isinstance(statements, dict) else statements or []:
        if not isinstance(statement, dict):
            continue
        for key in ("Resource", "NotResource"):
            value = statement.get(key)
            values = value if isinstance(value, list) else [value]
            if not any(isinstance(v, str) and v.startswith(_SHORTHAND) for v in values):
                continue
            expanded = [api_arn + v[len(_SHORTHAND) - 1:] if isinstance(v, str) and v.startswith(_SHORTHAND) else v
                        for v in values]
            statement[key] = expanded[0] if len(expanded) == 1 else expanded
            changed = True
    return stored_policy(json.dumps(document)) if changed else stored


_SHORTHAND = "execute-api:/"


def policy_document(stored: str) -> Any:
    """The JSON value of a stored policy (the text itself if it is not JSON)."""
    for candidate in (stored, f'"{stored}"'):
        try:
            value = parse_json(candidate)
        except ValueError:
            continue
        if isinstance(value, str):
            try:
                return parse_json(value)
            except ValueError:
                return value
        return value
    return stored


class _Dumper(yaml.SafeDumper):  # type: ignore[misc]
    """PyYAML's safe dumper, writing a string that holds U+0085 double-quoted (escaped): plain or
    single-quoted, a reader folds that line break into a space."""


class _CDumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """The same with libyaml's emitter (byte-identical output, several times faster on a large API)."""


def _string(dumper: Any, value: str) -> Any:
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style='"' if "\x85" in value else None)


_Dumper.add_representer(str, _string)
_CDumper.add_representer(str, _string)


def dump(document: dict[str, Any], as_yaml: bool) -> bytes:
    if as_yaml:
        try:
            text: str = yaml.dump(document, Dumper=_CDumper, sort_keys=False, allow_unicode=True)
        except UnicodeEncodeError:  # a lone surrogate, which libyaml cannot write: escaped by PyYAML's own
            text = yaml.dump(document, Dumper=_Dumper, sort_keys=False, allow_unicode=True)
        return text.encode()
    return json.dumps(document, indent=2).encode()
