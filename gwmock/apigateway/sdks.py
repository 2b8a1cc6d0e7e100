"""GetSdkTypes, GetSdkType, GetSdk.

The SDK types are AWS's six (``java``, ``javascript``, ``android``, ``objectivec``,
``swift``, ``ruby``) with the configuration properties its developer guide documents
for each; GetSdk's required ``parameters`` follow them (the API reference's older
``serviceName``/``javaPackageName`` spellings are accepted for Java).

GetSdk answers a real zip archive (``application/octet-stream``, ``attachment;
filename="<type>_<UTC yyyy-MM-dd_HH-mm>Z.zip"`` as the CLI reference's get-sdk examples show:
``android_2016-02-22_23-52Z.zip``) holding a README and one client source file
that lists the stage's invoke URL and the resources and methods its deployment froze
(an SDK is generated "for a stage", so it describes what the stage serves, as GetExport
does); it is a stand-in for AWS's generated code, good enough for tests that unpack it.
Every entry sits under one root directory named ``<api>-<stage>-<type>``.

Guesses (nothing recorded): friendly names and descriptions of the types, the 404
"Invalid SDK type specified: <id>" for an unknown type, the 400 "Missing required
parameter(s) for <type> SDK: <names>", and the archive's contents.
"""

from __future__ import annotations

import io
import json
import re
import time
import zipfile
from typing import Any

from gwmock.apigateway.lookups import rest_api_or_404, stage_or_404
from gwmock.arns import execute_api_host
from gwmock.context import Context, Params, Result
from gwmock.errors import BadRequest, NotFound
from gwmock.openapi.exporter import deployed
from gwmock.paging import page_v1
from gwmock.state.base import Record


def _prop(name: str, friendly: str, description: str, required: bool, default: str | None = None) -> Record:
    out: Record = {"name": name, "friendlyName": friendly, "description": description, "required": required}
    if default is not None:
        out["defaultValue"] = default
    return out


_CLASS_PREFIX = [_prop("classPrefix", "Prefix", "The prefix of the generated classes", True)]
SDK_TYPES: list[Record] = [
    {"id": "android", "friendlyName": "Android", "description": "Android SDK", "configurationProperties": [
        _prop("groupId", "Group ID", "Maven group ID of the generated artifact", True),
        _prop("invokerPackage", "Invoker package", "Java package of the generated classes", True),
        _prop("artifactId", "Artifact ID", "Maven artifact ID of the generated artifact", True),
        _prop("artifactVersion", "Artifact version", "Version of the generated artifact", True),
    ]},
    {"id": "java", "friendlyName": "Java", "description": "Java SDK", "configurationProperties": [
        _prop("service.name", "Service Name", "Name of the generated service client", True),
        _prop("java.package-name", "Java Package Name", "Java package of the generated classes", True),
        _prop("java.build-system", "Java Build System", "maven or gradle", False, "maven"),
        _prop("java.group-id", "Java Group Id", "Group id of the generated artifact", False),
        _prop("java.artifact-id", "Java Artifact Id", "Artifact id of the generated artifact", False),
        _prop("java.artifact-version", "Java Artifact Version", "Version of the generated artifact", False,
              "1.0-SNAPSHOT"),
        _prop("java.license-text", "Source Code License Text", "License text added to every file", False),
    ]},
    {"id": "javascript", "friendlyName": "JavaScript", "description": "JavaScript SDK",
     "configurationProperties": []},
    {"id": "objectivec", "friendlyName": "iOS (Objective-C)", "description": "iOS SDK for Objective-C",
     "configurationProperties": _CLASS_PREFIX},
    {"id": "swift", "friendlyName": "iOS (Swift)", "description": "iOS SDK for Swift",
     "configurationProperties": _CLASS_PREFIX},
    {"id": "ruby", "friendlyName": "Ruby", "description": "Ruby SDK", "configurationProperties": [
        _prop("service.name", "Service Name", "Name of the generated service client", True),
        _prop("ruby.gem-name", "Ruby Gem Name", "Name of the generated gem", False),
        _prop("ruby.gem-version", "Ruby Gem Version", "Version of the generated gem", False, "1.0.0"),
    ]},
]
_BY_ID = {t["id"]: t for t in SDK_TYPES}
_ALIASES = {"service.name": "serviceName", "java.package-name": "javaPackageName"}
# Entry names are built from the API id and the stage name only (never from the client's parameters), and
# kept to these characters whatever a record holds: no parent, absolute or drive-letter entry.
_ENTRY_UNSAFE = re.compile(r"[^A-Za-z0-9_-]")
_SOURCE = {"android": "ApiClient.java", "java": "ApiClient.java", "javascript": "apigClient.js",
           "objectivec": "APIClient.m", "swift": "APIClient.swift", "ruby": "api_client.rb"}


def get_sdk_types(ctx: Context, params: Params) -> Result:
    return page_v1(ctx, ("sdktypes",), params, rows=enumerate(SDK_TYPES, start=1))


def get_sdk_type(ctx: Context, params: Params) -> Result:
    return _sdk_type_or_404(params["id"])


def get_sdk(ctx: Context, params: Params) -> Result:
    api = rest_api_or_404(ctx, params["restApiId"])
    stage = stage_or_404(ctx, api["id"], params["stageName"])
    sdk_type = _sdk_type_or_404(params["sdkType"])
    options = params.get("parameters") or {}
    missing = [p["name"] for p in sdk_type["configurationProperties"]
               if p["required"] and not (options.get(p["name"]) or options.get(_ALIASES.get(p["name"], "")))]
    if missing:
        raise BadRequest(f"Missing required parameter(s) for {sdk_type['id']} SDK: {', '.join(missing)}")
    body = _archive(ctx, api, stage, sdk_type["id"], options)
    filename = f"{sdk_type['id']}_{time.strftime('%Y-%m-%d_%H-%M', time.gmtime(ctx.now()))}Z.zip"
    return {"contentType": "application/octet-stream",
            "contentDisposition": f'attachment; filename="{filename}"', "body": body}


def _sdk_type_or_404(type_id: str) -> Record:
    sdk_type = _BY_ID.get(type_id)
    if sdk_type is None:
        raise NotFound(f"Invalid SDK type specified: {type_id}")
    return sdk_type


def _archive(ctx: Context, api: Record, stage: Record, type_id: str, options: dict[str, Any]) -> bytes:
    stage_name = stage.get("stageName", "")
    url = f"https://{execute_api_host(api['id'], ctx.region)}/{stage_name}"
    _, records = deployed(ctx, api, stage)
    operations = sorted(
        (resource.get("path", ""), method)
        for resource in records["resources"]
        for method in resource.get("resourceMethods") or {}
    )
    description = {"api": api.get("name", api["id"]), "apiId": api["id"], "stage": stage_name,
                   "invokeUrl": url, "sdkType": type_id, "parameters": options,
                   "operations": [{"path": p, "method": m} for p, m in operations]}
    readme = (f"# {description['api']} - {type_id} SDK\n\nGenerated by gwmock for stage `{stage_name}` "
              f"of API `{api['id']}`.\n\nInvoke URL: {url}\n")
    lines = [f"{m} {p}" for p, m in operations]
    source = f"// {type_id} client for {url}\n// Operations:\n" + "".join(f"//   {line}\n" for line in lines)
    root = _ENTRY_UNSAFE.sub("_", f"{api['id']}-{stage_name}-{type_id}")
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        # names are any text a client sent, lone surrogates included: never fail to encode them
        archive.writestr(f"{root}/README.md", readme.encode("utf-8", "replace"))
        archive.writestr(f"{root}/{_SOURCE[type_id]}", source.encode("utf-8", "replace"))
        archive.writestr(f"{root}/sdk.json", json.dumps(description, indent=2))
    return buffer.getvalue()
