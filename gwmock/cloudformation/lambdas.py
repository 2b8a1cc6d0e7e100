"""``AWS::Lambda::Function``: Python functions run in this process.

The function is registered with ``handle.add_lambda`` under its ARN and its name,
unless a callable is already registered under either (the test's own wins). A
callable registered under the function's logical id (useful when CDK or SAM
generate the name) is registered under its ARN and name instead of the code. Its
code comes from, in order: inline ``Code.ZipFile`` (module ``index``), the folder or
``.zip`` package a SAM ``CodeUri`` named (``sam.py`` notes it in ``Metadata``; a package is
read in place by ``zipimport``, nothing is extracted), or a CDK asset folder or prebuilt ``.zip``
(``Metadata`` ``aws:asset:path``, relative to the template; without it, the folder the
cloud assembly's ``*.assets.json`` manifest beside the template publishes as the
``Code.S3Key`` object: an app run as ``python app.py`` rather than through the ``cdk``
CLI writes no asset metadata). ``Handler``
``module.function`` is imported at deploy time, so a handler that cannot be
imported fails the stack with the reason.

``Layers`` work as Lambda extracts them into ``/opt``: each ``AWS::Lambda::LayerVersion`` the
template (or an earlier stack on the same mock) made from local content (a CDK asset folder or
``.zip``, a SAM ``ContentUri``) puts its ``python/lib/python3.X/site-packages`` and ``python``
folders on the path after the function's own code while the handler module is imported, a later
layer before an earlier one (Lambda's later layers overwrite earlier files). A layer ARN with no
local content (another account's layer, such as Powertools) adds nothing: the process's own
packages stand in for it.

Each handler module is loaded under a unique module name (two functions may both
have ``app.py``); while it is imported its folder is first on ``sys.path``, and
its own modules win over same-named ones the process has already imported (a test
suite's ``helpers.py``), and afterwards ``sys.path`` and ``sys.modules`` are restored:
the next function's ``utils.py`` is its own. An ``import`` that runs later, inside
the handler, sees the process's ``sys.path`` only.

While the function runs, its ``Environment.Variables`` (and ``AWS_REGION``,
``AWS_LAMBDA_FUNCTION_NAME``) are set in ``os.environ`` and restored afterwards,
and its ``Timeout`` (default 3 s) is enforced: past it the call raises
``Task timed out after N.00 seconds``, which the data plane answers as the
integration failure AWS gives. Other runtimes, images, and code only in S3 deploy;
calling them raises an error that names the runtime or the missing code.

``Fn::GetAtt`` answers ``Arn`` and ``SnapStartResponse`` (``.ApplyOn``, ``.OptimizationStatus``), the
attributes of the type's CloudFormation schema; another name fails with "Requested attribute X does not
exist in schema for AWS::Lambda::Function", as CloudFormation fails it
(https://github.com/dougmoscrop/serverless-plugin-log-subscription/issues/68).

Guesses: ``SnapStartResponse.OptimizationStatus`` is ``On`` when ``SnapStart.ApplyOn`` is set (not
``None``), else ``Off``; a fractional ``Timeout`` is honoured (CloudFormation wants whole
seconds); environment variables are process-wide, so two functions running at once
in threads see each other's.
"""

from __future__ import annotations

import importlib.abc
import importlib.util
import itertools
import os
import sys
import threading
import weakref
import zipfile
import zipimport
from collections.abc import Callable
from pathlib import Path
from types import ModuleType
from typing import Any

from gwmock.cloudformation import assets
from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.others import SchemaAttributes
from gwmock.cloudformation.resources import Builder, Created
from gwmock.cloudformation.template import local_path

CODE_PATH_KEY = "gwmock:code-path"  # Metadata that sam.py writes for a CodeUri folder
_unique = itertools.count(1)
_import_lock = threading.Lock()
# mock handle -> layer version ARN -> its local content (a folder or a .zip)
_layers: weakref.WeakKeyDictionary[Any, dict[str, Path]] = weakref.WeakKeyDictionary()


class LambdaTimeout(Exception):
    """The function ran past its ``Timeout``."""


class LambdaNotRunnable(Exception):
    """A function gwmock cannot run in-process (its runtime, an image, code only in S3)."""


def function(b: Builder, props: dict[str, Any]) -> Created:
    name = str(props.get("FunctionName") or b.generated_name(64))
    arn = f"arn:aws:lambda:{b.region}:{b.account}:function:{name}"
    snap = props.get("SnapStart")
    apply_on = str(snap.get("ApplyOn") or "None") if isinstance(snap, dict) else "None"
    snap_start = {"ApplyOn": apply_on, "OptimizationStatus": "Off" if apply_on == "None" else "On"}
    # a name Lambda's schema does not list fails in CloudFormation's words (``others.SchemaAttributes``)
    attributes = SchemaAttributes(b.type, {"Arn": arn, "SnapStartResponse": snap_start,
                                           **{f"SnapStartResponse.{k}": v for k, v in snap_start.items()}})
    lambdas: dict[str, Any] = b.handle.lambdas
    registered: list[str] = []
    if arn not in lambdas and name not in lambdas:
        own = lambdas.get(b.logical_id)
        fn = own if own is not None else _callable(b, props, name)
        for key in (arn, name):
            b.handle.add_lambda(key, fn)
            registered.append(key)
    return Created(name, attributes, [], lambdas=registered)


def layer_version(b: Builder, props: dict[str, Any]) -> Created:
    """``AWS::Lambda::LayerVersion``: its ARN (``Ref``, ``LayerVersionArn``), and its local content for
    the functions that name it in ``Layers``. Lambda's, not API Gateway's: listed as not created."""
    name = str(props.get("LayerName") or b.generated_name(64))
    arn = name if name.startswith("arn:") else f"arn:aws:lambda:{b.region}:{b.account}:layer:{name}"
    arn = f"{arn}:1"
    content = _folder(b, "Content")
    if content is None:
        content = _asset_folder(b, _obj(props.get("Content")), "Content")
    if content is not None:
        _layers.setdefault(b.handle, {})[arn] = content
    return Created(arn, {"LayerVersionArn": arn}, [], created=False)


def _callable(b: Builder, props: dict[str, Any], name: str) -> Callable[..., Any]:
    runtime = str(props.get("Runtime") or "")
    code = _obj(props.get("Code"))
    if props.get("PackageType") == "Image" or code.get("ImageUri"):
        return _not_runnable(f"gwmock cannot run Lambda function {name}: it is a container image; "
                             "register a callable, or a Lambda Invoke URL such as http://127.0.0.1:9000, "
                             "with gw.add_lambda")
    if not runtime.startswith("python"):
        return _not_runnable(f"gwmock runs only Python Lambda functions in-process: {name} has runtime "
                             f"{runtime or '(none)'}; register a callable, or a Lambda Invoke URL such as "
                             "http://127.0.0.1:9000, with gw.add_lambda")
    handler = str(props.get("Handler") or "")
    module_name, _, attribute = handler.rpartition(".")
    if not module_name or not attribute:
        raise b.error(f"Handler '{handler}' is not module.function", "Handler")
    module_name = module_name.replace("/", ".")
    if code.get("ZipFile") is not None:
        module = _from_source(b, str(code["ZipFile"]), module_name, _layer_paths(b, props, runtime))
    else:
        folder = _folder(b, "Code")
        if folder is None:
            folder = _asset_folder(b, code, "Code")
        if folder is None:
            where = f"s3://{code.get('S3Bucket')}/{code.get('S3Key')}" if code.get("S3Bucket") else "nowhere local"
            return _not_runnable(f"gwmock cannot run Lambda function {name}: its code is {where}; deploy the "
                                 "template from its folder (cdk.out, SAM CodeUri) or register a callable with "
                                 "gw.add_lambda")
        module = _from_folder(b, folder, module_name, _layer_paths(b, props, runtime))
    fn = getattr(module, attribute, None)
    if not callable(fn):
        raise b.error(f"Handler '{handler}' names no function: module {module_name} has no {attribute}", "Handler")
    variables = _obj(_obj(props.get("Environment")).get("Variables"))
    env = {str(k): str(v).lower() if isinstance(v, bool) else str(v) for k, v in variables.items()}
    env.update({"AWS_REGION": b.region, "AWS_LAMBDA_FUNCTION_NAME": name})
    try:
        timeout = float(props.get("Timeout", 3))
    except (TypeError, ValueError):
        raise b.error("Properties validation failed: #/Timeout: expected type: Integer", "Timeout") from None
    try:
        memory = int(props.get("MemorySize", 128))
    except (TypeError, ValueError):
        raise b.error("Properties validation failed: #/MemorySize: expected type: Integer", "MemorySize") from None
    return InProcessFunction(fn, env, timeout, memory)


def _obj(value: Any) -> dict[str, Any]:
    return value if isinstance(value, dict) else {}


def _not_runnable(message: str) -> Callable[..., Any]:
    def fail(event: Any, context: Any) -> Any:
        raise LambdaNotRunnable(message)

    return fail


def _folder(b: Builder, prop: str) -> Path | None:
    metadata = _obj(b.definition.get("Metadata"))
    for key in (CODE_PATH_KEY, "aws:asset:path"):
        value = metadata.get(key)
        if isinstance(value, str) and value:
            try:
                folder = local_path(b.base_dir, value, f"code folder ({key})")
            except TemplateError as outside:
                raise b.error(str(outside), prop) from None
            if folder.is_file() and zipfile.is_zipfile(folder):
                return folder  # a .zip package (``chalice package``'s deployment.zip): imported from in place
            if not folder.is_dir():
                what = "is neither a folder nor a .zip file" if folder.exists() else "does not exist"
                raise b.error(f"the code folder {folder} ({key}) {what}", prop)
            return folder
    return None


def _asset_folder(b: Builder, code: dict[str, Any], prop: str) -> Path | None:
    """The CDK asset whose destination object is ``Code.S3Key`` (``Content.S3Key`` of a layer), per the
    ``*.assets.json`` manifests."""
    found = assets.manifest_source(b, code.get("S3Key"), prop)
    if found is None:
        return None
    folder, packaging = found
    if packaging != "zip":  # a prebuilt .zip (``Code.from_asset("x.zip")``)
        return folder if folder.is_file() and zipfile.is_zipfile(folder) else None
    return folder if folder.is_dir() else None


def _from_source(b: Builder, source: str, module_name: str, layers: list[_PathEntry]) -> ModuleType:
    unique = f"gwmock_lambda_{next(_unique)}_{module_name.replace('.', '_')}"
    module = ModuleType(unique)
    module.__file__ = f"<{b.logical_id} Code.ZipFile>"

    def run() -> None:
        exec(compile(source, str(module.__file__), "exec"), module.__dict__)  # noqa: S102 - the template's own

    _import(b, module_name, unique, module, run, layers, "Code.ZipFile")
    return module


def _from_folder(b: Builder, folder: Path, module_name: str, layers: list[_PathEntry]) -> ModuleType:
    parts = module_name.split(".")
    unique = f"gwmock_lambda_{next(_unique)}_{'_'.join(parts)}"
    if folder.is_file():  # a .zip package: zipimport reads it in place (nothing is extracted)
        spec, local = _zip_spec(b, folder, parts, unique)
    else:
        file = folder.joinpath(*parts).with_suffix(".py")
        if not file.is_file():
            file = folder.joinpath(*parts, "__init__.py")
        if not file.resolve().is_relative_to(folder) or not file.is_file():
            raise b.error(f"cannot import handler module {module_name}: no {'/'.join(parts)}.py in {folder}",
                          "Handler")
        spec = importlib.util.spec_from_file_location(unique, file)
        local = _top_level_modules(folder)
    if spec is None or spec.loader is None:
        raise b.error(f"cannot import handler module {module_name} from {folder}", "Handler")
    loader = spec.loader
    module = importlib.util.module_from_spec(spec)
    _import(b, module_name, unique, module, lambda: loader.exec_module(module),
            [(str(folder), folder, local), *layers], "Handler")
    return module


_PathEntry = tuple[str, Path, set[str]]  # (sys.path entry, the folder or .zip it is in, the names it holds)


def _import(b: Builder, module_name: str, unique: str, module: ModuleType, run: Callable[[], None],
            entries: list[_PathEntry], prop: str) -> None:
    """Run the handler module's code with ``entries`` first on ``sys.path``, then put ``sys.path`` and
    ``sys.modules`` back as they were."""
    local = set().union(*(names for _, _, names in entries)) if entries else set()
    roots = [root for _, root, _ in entries]
    with _import_lock:
        # the code's own modules win over same-named ones the process has imported (tests/helpers.py)
        hidden = {name: sys.modules.pop(name) for name in list(sys.modules) if name.split(".")[0] in local}
        before = set(sys.modules)
        paths = [entry for entry, _, _ in entries]
        sys.path[0:0] = paths
        sys.modules[unique] = module
        try:
            run()
        except Exception as error:
            raise b.error(f"cannot import handler module {module_name}: {type(error).__name__}: {error}",
                          prop) from error
        finally:
            for entry in paths:
                if entry in sys.path:
                    sys.path.remove(entry)
            for added in set(sys.modules) - before:
                origin = getattr(sys.modules[added], "__file__", None)
                if added == unique or added.split(".")[0] in local or (
                        origin and any(_inside(origin, root) for root in roots)):
                    del sys.modules[added]
            sys.modules.update(hidden)


def _layer_paths(b: Builder, props: dict[str, Any], runtime: str) -> list[_PathEntry]:
    """The ``sys.path`` entries of the function's layers with local content: per layer
    ``python/lib/pythonX.Y/site-packages`` then ``python``, the last layer first."""
    layers = props.get("Layers") or []
    if not isinstance(layers, list):
        raise b.error("Properties validation failed: #/Layers: expected type: JSONArray", "Layers")
    known = _layers.get(b.handle, {})
    version = runtime.removeprefix("python")
    entries: list[_PathEntry] = []
    for arn in reversed(layers):
        content = known.get(str(arn))
        if content is None:
            continue  # another account's layer: the process's own packages stand in for it
        for sub in (f"python/lib/python{version}/site-packages", "python"):
            if content.is_file():  # a .zip layer: zipimport reads the folder inside it
                try:
                    with zipfile.ZipFile(content) as archive:
                        names = [n[len(sub) + 1:] for n in archive.namelist() if n.startswith(sub + "/")]
                except (OSError, zipfile.BadZipFile) as error:
                    raise b.error(f"cannot read the layer package {content}: {error}", "Layers") from None
                if names:
                    top = {n[:-3] for n in names if n.endswith(".py") and "/" not in n}
                    top |= {n.split("/")[0] for n in names if n.endswith("/__init__.py") and n.count("/") == 1}
                    entries.append((f"{content}/{sub}", content, top))
            elif (content / sub).is_dir() and (content / sub).resolve().is_relative_to(content.resolve()):
                # a "python" folder that links out of the layer's content is not the template's: not on sys.path
                entries.append((str(content / sub), content, _top_level_modules(content / sub)))
    return entries


def _zip_spec(b: Builder, package: Path, parts: list[str], unique: str) -> tuple[Any, set[str]]:
    """The handler module's spec inside a .zip package, and the names ``import`` finds at its top."""
    try:
        with zipfile.ZipFile(package) as archive:
            names = set(archive.namelist())
        importer = zipimport.zipimporter(str(package))
    except (OSError, zipfile.BadZipFile, zipimport.ZipImportError) as error:
        raise b.error(f"cannot read the code package {package}: {error}", "Code") from None
    wanted = "/".join(parts)
    is_package = f"{wanted}/__init__.py" in names
    if f"{wanted}.py" not in names and not is_package:
        raise b.error(f"cannot import handler module {'.'.join(parts)}: no {wanted}.py in {package}", "Handler")
    origin = f"{package}/{wanted}/__init__.py" if is_package else f"{package}/{wanted}.py"
    spec = importlib.util.spec_from_loader(unique, _ZipLoader(importer, ".".join(parts)), origin=origin,
                                           is_package=is_package)
    if spec is not None and is_package:
        spec.submodule_search_locations = [f"{package}/{wanted}"]
    if spec is not None:
        spec.has_location = True  # __file__ names the file inside the package
    local = {n[:-3] for n in names if n.endswith(".py") and "/" not in n}
    local |= {n.split("/")[0] for n in names if n.endswith("/__init__.py") and n.count("/") == 1}
    return spec, local


class _ZipLoader(importlib.abc.Loader):
    """Runs one module of a .zip package under gwmock's unique module name (zipimport would look
    the code up by that name)."""

    def __init__(self, importer: zipimport.zipimporter, name: str) -> None:
        self.importer, self.name = importer, name

    def exec_module(self, module: ModuleType) -> None:
        code = self.importer.get_code(self.name)
        exec(code, module.__dict__)  # noqa: S102 - the template's own code


def _top_level_modules(folder: Path) -> set[str]:
    """Names ``import`` finds in ``folder``: ``x.py`` files and ``x/`` packages."""
    names = set()
    for entry in os.scandir(folder):
        if entry.name.endswith(".py"):
            names.add(entry.name[:-3])
        elif entry.is_dir() and os.path.exists(os.path.join(entry.path, "__init__.py")):
            names.add(entry.name)
    return names


def _inside(path: str, folder: Path) -> bool:
    try:
        return Path(path).resolve().is_relative_to(folder)
    except (OSError, ValueError):
        return False


class InProcessFunction:
    """A handler with its function's environment variables, timeout and memory; ``context_settings``
    is what its Lambda context reports (``memory_limit_in_mb``, the milliseconds it counts down from:
    AWS's Python context object reads the function's configuration)."""

    def __init__(self, fn: Callable[..., Any], env: dict[str, str], timeout: float, memory: int = 128) -> None:
        self.fn = fn
        self.env = env
        self.timeout = timeout
        self.memory = memory
        self.context_settings = (memory, int(timeout * 1000))

    def __call__(self, event: Any, context: Any) -> Any:
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["value"] = self.fn(event, context)
            except BaseException as error:  # handed to the caller's thread below
                outcome["error"] = error

        saved = {k: os.environ.get(k) for k in self.env}
        os.environ.update(self.env)
        worker = threading.Thread(target=run, name="gwmock-lambda", daemon=True)
        try:
            worker.start()
            worker.join(self.timeout)
        finally:
            for k, v in saved.items():
                if v is None:
                    os.environ.pop(k, None)
                else:
                    os.environ[k] = v
        if worker.is_alive():
            raise LambdaTimeout(f"Task timed out after {self.timeout:.2f} seconds")
        if "error" in outcome:
            raise outcome["error"]
        return outcome.get("value")
