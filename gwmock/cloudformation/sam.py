"""AWS SAM (``Transform: AWS::Serverless-2016-10-31``) through AWS's own translator.

``aws-sam-translator`` (the optional extra ``gwmock[sam]``, imported only when a
template needs it) turns ``AWS::Serverless::*`` into plain CloudFormation, which is
then deployed like any template: ``Api``, ``HttpApi``, ``Function`` with ``Api``
and ``HttpApi`` events, ``Globals``, the implicit ``ServerlessRestApi`` (stages
``Prod`` and ``Stage``) and ``ServerlessHttpApi`` (``$default``), ``Auth``,
``DefinitionBody``.

The translator wants code in S3, as ``sam deploy`` uploads it. A local ``CodeUri``
(a folder relative to the template, as before ``sam build``) is swapped for a
placeholder S3 location before translation and written back afterwards as the
function's ``Metadata`` ``gwmock:code-path``, where ``lambdas.py`` loads the
handler from; a local ``LayerVersion`` ``ContentUri`` likewise, for the functions naming
the layer. A local ``DefinitionUri`` is read into ``DefinitionBody``. An ``Application`` with a
local ``Location`` becomes a nested stack deployed with this one (``stack.py``); one from the
Serverless Application Repository (``Location: {ApplicationId: ...}``) is refused before the
translator would fetch it over the network. Managed
policy names resolve to ``arn:{partition}:iam::aws:policy/{name}`` without asking
IAM, so no network is needed.
"""

from __future__ import annotations

import copy
import functools
from pathlib import Path
from typing import Any

from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.lambdas import CODE_PATH_KEY
from gwmock.cloudformation.template import load, local_path

_PLACEHOLDER_BUCKET = "gwmock-local-code"


class _AnyManagedPolicy(dict[str, str]):
    """Every AWS managed policy name has its well-known ARN."""

    def __contains__(self, name: object) -> bool:
        return isinstance(name, str)

    def __missing__(self, name: str) -> str:
        return f"arn:aws:iam::aws:policy/{name}"

    def get(self, name: str, default: Any = None) -> Any:  # every name is known
        return self[name]


@functools.cache
def _session(region: str) -> Any:
    import boto3  # noqa: PLC0415

    return boto3.session.Session(region_name=region)


def translate(document: dict[str, Any], parameters: dict[str, Any], base_dir: Path, region: str,
              account: str) -> dict[str, Any]:
    """The plain CloudFormation a SAM template stands for."""
    try:
        from samtranslator.model.exceptions import InvalidDocumentException  # noqa: PLC0415
        from samtranslator.parser.parser import Parser  # noqa: PLC0415
        from samtranslator.translator.translator import Translator  # noqa: PLC0415
        from samtranslator.utils.py27hash_fix import (  # noqa: PLC0415
            to_py27_compatible_template,
            undo_mark_unicode_str_in_template,
        )
    except ImportError:
        raise TemplateError("AWS SAM templates need aws-sam-translator: pip install 'gwmock[sam]'") from None
    _no_repository_apps(document)
    document = copy.deepcopy(document)
    folders = _local_code(document, base_dir)
    values = {**parameters, "AWS::AccountId": account}
    # what samtranslator's own transform() does, with a session in the stack's region (no boto3 lookup)
    translator = Translator(None, Parser(), boto_session=_session(region))
    try:
        # this validates too: Resources that are not objects fail here, as the translator's own errors
        to_py27_compatible_template(document, values)
        translated: dict[str, Any] = translator.translate(
            document, parameter_values=values, get_managed_policy_map=_AnyManagedPolicy)
    except InvalidDocumentException as error:
        # CloudFormation's wording: "Transform AWS::Serverless-2016-10-31 failed with: Invalid Serverless
        # Application Specification document. Number of errors found: 1. Resource with id [X] is invalid. ..."
        # (aws-samples/aws-cognito-apigw-angular-auth#4)
        causes = " ".join(str(c.message) for c in getattr(error, "causes", []))
        raise TemplateError(f"Transform AWS::Serverless-2016-10-31 failed with: {error.message} {causes}".rstrip()) \
            from None
    except Exception as error:
        # the translator's own bugs on odd input (a StopIteration for RequestParameters: [{}]) are what
        # CloudFormation reports as "Internal transform failure" (aws/serverless-application-model#10)
        raise TemplateError(f"Transform AWS::Serverless-2016-10-31 failed with: Internal transform failure "
                            f"({type(error).__name__}: {str(error)[:200]})") from error
    finally:
        translator.metrics.publish()  # to its offline (dummy) publisher; unpublished metrics log a warning
    translated = undo_mark_unicode_str_in_template(translated)
    for resource in (translated.get("Resources") or {}).values():
        # the placeholder's key names the SAM resource (a layer's logical id gains a hash when translated)
        code = _obj(_obj(_obj(resource).get("Properties")).get("Code" if _obj(resource).get("Type") ==
                                                                  "AWS::Lambda::Function" else "Content"))
        folder = folders.get(str(code.get("S3Key"))) if code.get("S3Bucket") == _PLACEHOLDER_BUCKET else None
        if folder is not None:
            resource.setdefault("Metadata", {})[CODE_PATH_KEY] = str(folder)
    return translated


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _is_local(uri: Any) -> bool:
    return isinstance(uri, str) and not uri.startswith("s3://")


def _no_repository_apps(document: dict[str, Any]) -> None:
    """An ``AWS::Serverless::Application`` from the Serverless Application Repository is refused before
    translation: the translator would fetch its template from the repository's API, over the network."""
    for logical_id, resource in _obj(document.get("Resources")).items():
        location = _obj(_obj(resource).get("Properties")).get("Location")
        if _obj(resource).get("Type") == "AWS::Serverless::Application" and isinstance(location, dict):
            raise TemplateError("gwmock does not fetch applications from the Serverless Application Repository "
                                "(it never reaches the network): save the application's template beside yours and "
                                "give its path as Location", logical_id=logical_id, prop="Location")


def _local_code(document: dict[str, Any], base_dir: Path) -> dict[str, Path]:
    """Swap local ``CodeUri`` folders (and ``DefinitionUri`` files) for what the translator accepts."""
    globals_: dict[str, Any] = _obj(document.get("Globals"))
    global_function: dict[str, Any] = _obj(globals_.get("Function"))
    global_uri = global_function.get("CodeUri")
    if _is_local(global_uri):
        global_function["CodeUri"] = f"s3://{_PLACEHOLDER_BUCKET}/globals"
    folders: dict[str, Path] = {}
    for logical_id, resource in _obj(document.get("Resources")).items():
        if not isinstance(resource, dict):
            continue
        props = resource.get("Properties")
        if not isinstance(props, dict):
            continue
        kind = resource.get("Type")
        if kind == "AWS::Serverless::Function" and "InlineCode" not in props and "ImageUri" not in props:
            uri = props.get("CodeUri", global_uri)
            if _is_local(uri):
                folders[logical_id] = local_path(base_dir, str(uri), f"{logical_id} CodeUri")
                props["CodeUri"] = f"s3://{_PLACEHOLDER_BUCKET}/{logical_id}"
        elif kind == "AWS::Serverless::LayerVersion" and _is_local(props.get("ContentUri")):
            folders[logical_id] = local_path(base_dir, str(props["ContentUri"]), f"{logical_id} ContentUri")
            props["ContentUri"] = f"s3://{_PLACEHOLDER_BUCKET}/{logical_id}"
        elif kind in ("AWS::Serverless::Api", "AWS::Serverless::HttpApi") and _is_local(props.get("DefinitionUri")):
            path = local_path(base_dir, str(props.pop("DefinitionUri")), f"{logical_id} DefinitionUri")
            props["DefinitionBody"] = load(path)[0]
    return folders
