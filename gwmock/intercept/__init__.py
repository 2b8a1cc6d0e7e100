"""Every place gwmock hooks into other libraries, installed by the first mock started
and removed, exactly as found, by the last one stopped.

Patched attribute -> what it answers:

* ``botocore.endpoint.Endpoint._send_request``: control plane of botocore/boto3 clients
* ``aiobotocore.endpoint.AioEndpoint._send_request``: control plane of aiobotocore/aioboto3
* ``botocore.signers.RequestSigner.sign`` and aiobotocore's ``AioRequestSigner.sign``: no
  secret-key signing for the two services (``signing``)
* ``urllib3.connectionpool.HTTPConnectionPool.urlopen``: data plane for requests, urllib3, botocore
* ``httpx.HTTPTransport.handle_request``, ``httpx.AsyncHTTPTransport.handle_async_request``:
  data plane for httpx (and aiobotocore's httpx backend)
* ``aiohttp.ClientSession._request``: data plane for aiohttp (and aiobotocore)
* ``urllib.request.AbstractHTTPHandler.do_open``: data plane for urllib.request
* ``moto.core.custom_responses_mock.passthrough_url``: execute-api URLs pass moto's ``requests``
  interception to the data-plane hooks (``moto_hook``)
* ``socket.getaddrinfo``/``gethostbyname``/``gethostbyname_ex``/``create_connection``,
  ``socket.socket.connect``/``connect_ex``, ``http.client.HTTPConnection.set_tunnel``/``putrequest``:
  the last-resort guard (``guard``) for API Gateway host names only

The endpoint hooks run before botocore's ``before-send`` event (where moto answers),
so gwmock wins for its two services and leaves every other service untouched. The
data-plane hooks look at the *target* URL, before any proxy is chosen, so a proxy
never sees an execute-api request. A library imported while a mock is active is
patched as its import completes (a ``sys.meta_path`` finder, removed with the rest).
moto's pass-through list gets the execute-api URL pattern while a mock is active
(moto answers ``requests`` calls itself otherwise) and loses it at the last stop; the
``moto_hook`` covers a moto imported later or started with its own ``core`` settings.
``tests/hermetic/`` pins all of this.
"""

from __future__ import annotations

import importlib
import sys
import threading
from collections.abc import Callable
from typing import Any

SERVICES = frozenset({"apigateway", "apigatewayv2"})
EXECUTE_API_URL = r"https?://[a-z0-9-]+\.execute-api\.[a-z0-9-]+\.(?:vpce\.)?amazonaws\.com"  # VPC endpoints' names too

_lock = threading.RLock()
_active: Callable[[], Any] | None = None  # returns the innermost active mock, or None
_originals: dict[tuple[str, str, str], Any] = {}  # (module, owner, attribute) -> what was there
_original_urlopen: Callable[..., Any] | None = None  # urllib3's, kept here for tests that stub it
_moto_added = False
_hooks: dict[str, Any] = {}  # "module:function" -> the loaded hook

# (module, owner ("" for the module itself), attribute, "gwmock.intercept.<module>:<function>")
PATCHES: tuple[tuple[str, str, str, str], ...] = (
    ("botocore.endpoint", "Endpoint", "_send_request", "botocore_hook:send_request"),
    ("botocore.signers", "RequestSigner", "sign", "signing:sign"),
    ("aiobotocore.endpoint", "AioEndpoint", "_send_request", "aio_hook:send_request"),
    ("aiobotocore.signers", "AioRequestSigner", "sign", "signing:aio_sign"),
    ("urllib3.connectionpool", "HTTPConnectionPool", "urlopen", "urllib3_hook:urlopen"),
    ("httpx", "HTTPTransport", "handle_request", "httpx_hook:handle_request"),
    ("httpx", "AsyncHTTPTransport", "handle_async_request", "httpx_hook:handle_async_request"),
    ("aiohttp", "ClientSession", "_request", "aiohttp_hook:request"),
    ("urllib.request", "AbstractHTTPHandler", "do_open", "urllib_hook:do_open"),
    ("socket", "", "getaddrinfo", "guard:getaddrinfo"),
    ("socket", "", "gethostbyname", "guard:gethostbyname"),
    ("socket", "", "gethostbyname_ex", "guard:gethostbyname_ex"),
    ("socket", "", "gethostbyaddr", "guard:gethostbyaddr"),
    ("socket", "", "create_connection", "guard:create_connection"),
    ("socket", "socket", "connect", "guard:connect"),
    ("socket", "socket", "connect_ex", "guard:connect_ex"),
    ("socket", "socket", "sendto", "guard:sendto"),
    ("socket", "socket", "sendmsg", "guard:sendmsg"),
    ("http.client", "HTTPConnection", "set_tunnel", "guard:set_tunnel"),
    ("http.client", "HTTPConnection", "putrequest", "guard:putrequest"),
    ("moto.core.custom_responses_mock", "", "passthrough_url", "moto_hook:passthrough_url"),
)
# attributes a class inherits from a C base: set on the class, deleted again at uninstall
_INHERITED = frozenset({("socket", "socket", "connect"), ("socket", "socket", "connect_ex"),
                        ("socket", "socket", "sendto"), ("socket", "socket", "sendmsg")})
_ALWAYS_IMPORT = frozenset({"botocore.endpoint", "botocore.signers", "urllib3.connectionpool", "socket",
                            "http.client", "urllib.request"})


def active_mock() -> Any:
    """The innermost active mock's handle, or None."""
    return _active() if _active is not None else None


def original(module: str, owner: str, attribute: str) -> Any:
    """What a patch replaced (the real function while the patch is installed)."""
    return _originals[(module, owner, attribute)]


def _target(module: Any, owner: str) -> Any:
    return getattr(module, owner, None) if owner else module  # None while a module is half imported


def _apply(only: str | None = None) -> None:
    global _original_urlopen
    for module_name, owner, attribute, replacement in PATCHES:
        key = (module_name, owner, attribute)
        if key in _originals or (only is not None and module_name != only):
            continue
        module = sys.modules.get(module_name)
        if module is None and module_name in _ALWAYS_IMPORT:
            module = importlib.import_module(module_name)
        if module is None:
            continue  # not imported yet: the next start() patches it
        target = _target(module, owner)
        inherited = key in _INHERITED
        if target is None or (owner and not inherited and attribute not in vars(target)) \
                or not hasattr(target, attribute):
            continue  # an older or newer release without this attribute: its guard still holds
        hook = _hooks.get(replacement)
        if hook is None:
            hook_module, hook_name = replacement.split(":")
            hook = _hooks[replacement] = getattr(importlib.import_module(f"gwmock.intercept.{hook_module}"), hook_name)
        _originals[key] = getattr(target, attribute) if inherited else vars(target)[attribute]
        setattr(target, attribute, hook)
        if attribute == "urlopen":
            _original_urlopen = _originals[key]


class _PatchOnImport:
    """Applies the patches for a watched module right after it is imported while a mock is active."""

    watched = frozenset(module for module, *_ in PATCHES)

    def find_spec(self, name: str, path: Any, target: Any = None) -> Any:
        if name not in self.watched:
            return None
        for finder in sys.meta_path:
            if finder is self or not hasattr(finder, "find_spec"):
                continue
            spec = finder.find_spec(name, path, target)
            if spec is not None:
                break
        else:
            return None
        loader = spec.loader
        exec_module = getattr(loader, "exec_module", None)
        if exec_module is None:
            return spec

        def exec_then_patch(module: Any) -> None:
            exec_module(module)
            with _lock:
                if _active is not None and _originals:
                    _apply(name)

        loader.exec_module = exec_then_patch  # type: ignore[union-attr,method-assign]  # its own loader
        return spec


_finder = _PatchOnImport()


def install(active: Callable[[], Any]) -> None:
    """Patch every library in ``PATCHES`` that is loaded (idempotent); ``active`` tells
    which mock answers now."""
    global _active
    with _lock:
        _active = active
        _apply()
        let_moto_pass_execute_api()
        if _finder not in sys.meta_path:
            sys.meta_path.insert(0, _finder)


def refresh() -> None:
    """Patch libraries imported since ``install`` (called by every nested ``start()``)."""
    with _lock:
        if _originals:
            _apply()
            let_moto_pass_execute_api()


def uninstall() -> None:
    """Put back everything ``install`` changed, in reverse order."""
    global _original_urlopen
    with _lock:
        if _finder in sys.meta_path:
            sys.meta_path.remove(_finder)
        for key in reversed(list(_originals)):
            module_name, owner, attribute = key
            value = _originals.pop(key)
            if key in _INHERITED:
                delattr(_target(sys.modules[module_name], owner), attribute)  # inherited again
            else:
                setattr(_target(sys.modules[module_name], owner), attribute, value)
        _original_urlopen = None
        _forget_moto_pass_through()


def installed() -> bool:
    from botocore.endpoint import Endpoint  # noqa: PLC0415

    return getattr(Endpoint._send_request, "__module__", "").startswith("gwmock")


def let_moto_pass_execute_api() -> None:
    """moto's ``mock_aws`` answers every ``requests`` call itself (through ``responses``),
    execute-api URLs included, before they reach urllib3; when moto is loaded, add those
    URLs to its pass-through list so that gwmock's data plane answers them."""
    global _moto_added
    config = sys.modules.get("moto.core.config")
    if config is None or _moto_added:
        return
    core = config.default_user_config.setdefault("core", {})
    urls = core.setdefault("passthrough", {}).setdefault("urls", [])
    if EXECUTE_API_URL not in urls:
        urls.append(EXECUTE_API_URL)
        _moto_added = True


def _forget_moto_pass_through() -> None:
    global _moto_added
    if not _moto_added:
        return
    _moto_added = False
    config = sys.modules.get("moto.core.config")
    if config is None:
        return
    urls = config.default_user_config.get("core", {}).get("passthrough", {}).get("urls", [])
    if EXECUTE_API_URL in urls:
        urls.remove(EXECUTE_API_URL)


__all__ = ["EXECUTE_API_URL", "SERVICES", "active_mock", "install", "installed", "original", "refresh",
           "uninstall"]
