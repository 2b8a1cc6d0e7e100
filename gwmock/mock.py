"""The mock's lifecycle: configuration, start/stop, and its four forms.

``mock_apigateway(...)`` holds options; ``start()`` (or ``with``) returns a
``GatewayMock`` handle with the verbs. Every form (decorator on a function, a
coroutine or a class, context manager, pytest fixture) goes through
``start()``/``stop()``. Active mocks form a process-wide stack (not one per thread
or asyncio task): the innermost answers; a nested mock shares the outer one's state
unless given its own. A decorated class's subclasses are decorated too.

Environment while a mock is active: when no credentials are configured (no
``AWS_ACCESS_KEY_ID`` and no ``AWS_PROFILE``), fake ones are set so clients can
be created and a default profile's credentials are never resolved; when no region
is configured (environment, or the profile's region in the AWS config file),
``us-east-1`` is set; ``region=`` (when given) is ``AWS_DEFAULT_REGION`` for clients
created inside the mock, winning over the user's environment. Everything is
restored at ``stop()``, in any order of stops (``_hand_over``). Whatever the
credentials, requests for the two services are never signed with a secret key
(see ``gwmock.intercept.signing``).
"""

from __future__ import annotations

import copy
import functools
import inspect
import json
import os
import threading
import unittest
from collections.abc import Callable
from pathlib import Path
from typing import Any, TypeVar, overload

from gwmock import intercept
from gwmock.dispatch import DEFAULT_ACCOUNT
from gwmock.errors import GwmockError, SnapshotError
from gwmock.history import DEFAULT_HISTORY, History, check_limit
from gwmock.records import Call, CallList, Request
from gwmock.state import Backend, MemoryBackend, backend_from_url

T = TypeVar("T")

DEFAULT_REGION = "us-east-1"

_stack: list[GatewayMock] = []
_stack_lock = threading.RLock()
_saved_env: dict[str, str | None] = {}  # what the first start() replaced (fake credentials)

_FAKE_ENV = {"AWS_ACCESS_KEY_ID": "testing", "AWS_SECRET_ACCESS_KEY": "testing", "AWS_SESSION_TOKEN": "testing"}


# What a test registers on the handle beside the state (``add_lambda``, ``allow_http_backend``,
# ``add_jwks``, ``route_vpc_link``, ``add_truststore``): carried from ``setUpClass`` into each test, and
# rewound with the state between hypothesis examples.
REGISTRIES = ("lambdas", "http_backends", "jwks", "vpc_links", "truststores")


def _innermost() -> GatewayMock | None:
    return _stack[-1] if _stack else None


def _text_names(headers: dict[Any, Any]) -> dict[str, Any]:
    """Header names as HTTP clients pass them (text): bytes are read as Latin-1, as on the wire."""
    named: dict[str, Any] = {}
    for name, value in headers.items():
        if isinstance(name, bytes):
            name = name.decode("latin-1")
        elif not isinstance(name, str):
            raise GwmockError(f"invoke's header names are text, not {type(name).__name__}: {name!r}")
        named[name] = value
    return named


class GatewayMock:
    """The handle of a started mock: its state and what it answered."""

    def __init__(self, backend: Backend, account: str | None, region: str | None,
                 raise_lambda_errors: bool = False, history: int | None = DEFAULT_HISTORY) -> None:
        self.backend = backend
        self.account = account  # None: derived from each request's access key
        self.region = region or DEFAULT_REGION  # for requests that carry no region
        self.raise_lambda_errors = raise_lambda_errors  # re-raise a Lambda's exception instead of a 502
        # the most recent ``history`` calls and data-plane requests (``gwmock.history``)
        self.calls: list[Call] = CallList(history)
        self.requests: list[Request] = History(history)  # filled by gwmock.runtime
        self.lambdas: dict[str, Callable[..., Any]] = {}
        self.jwks: dict[str, Any] = {}  # issuer (no trailing slash) -> its RSA keys, a tuple per kid (``add_jwks``)
        self.http_backends: set[str] = set()  # hosts HTTP integrations may call besides loopback
        self.vpc_links: dict[str, str] = {}  # private integrations' targets -> stand-in base URLs (route_vpc_link)
        # mutual TLS truststores given as data: (URI, version or None for any) -> PEM bytes (add_truststore)
        self.truststores: dict[tuple[str, str | None], bytes] = {}
        self._saved_env: dict[str, str | None] = {}  # what this handle's start() changed
        self._owns_backend = False  # closed at stop() when no other active mock uses it

    def allow_http_backend(self, *hosts: str) -> None:
        """Let HTTP and HTTP_PROXY integrations call ``hosts`` (``"api.example.com"``,
        ``"*.example.com"``, or ``"*"`` for any). Without it they reach only the mock itself and
        loopback addresses: an integration URI is data, and data never reaches the network on
        its own (``gwmock.runtime.backends``)."""
        for host in hosts:
            if not isinstance(host, str) or not host.strip():
                raise GwmockError(f"allow_http_backend takes host names, not {host!r}")
            self.http_backends.add(host.strip().lower().rstrip("."))

    def route_vpc_link(self, target: str, url: str) -> None:
        """Send private integrations (``VPC_LINK``) that reach ``target`` to the test's own server at
        ``url`` (``"http://127.0.0.1:8080"``: scheme, host and port; the integration gives path and
        query). ``target`` is a VPC link id (v1 or v2), a listener or Cloud Map service ARN (an HTTP
        API's ``IntegrationUri``, a REST ``integrationTarget``) or the host name in a REST
        integration's ``uri``; the most specific one an integration names wins (its URI's, then its
        VPC link's). ``url`` is checked when a request is made, as any backend is: loopback, the mock
        itself, or hosts allowed with ``allow_http_backend`` (``gwmock.runtime.backends``)."""
        from gwmock.runtime import backends  # noqa: PLC0415 - the data plane loads on first use

        key, base = backends.checked_route(target, url)
        self.vpc_links[key] = base

    def add_lambda(self, name_or_arn: str, handler: Callable[..., Any] | str) -> None:
        """Serve a Lambda integration or authorizer with ``handler(event, context) -> result``.

        Integration URIs and authorizer URIs name functions by ARN; a handler added
        under a bare function name answers for that function in any account and region.

        ``handler`` may be the URL of a server speaking Lambda's Invoke API instead: a function of
        any runtime run by the Runtime Interface Emulator (``"http://127.0.0.1:9000"``), by ``sam local
        start-lambda`` (its full ``.../functions/<Name>/invocations`` URL) or by a server of your own
        (``gwmock.runtime.remote_functions``). Its host must be a loopback address or one allowed with
        ``allow_http_backend``; a URL gwmock cannot call is a ``GwmockError`` now.
        """
        if isinstance(handler, str):
            from gwmock.runtime.remote_functions import RemoteFunction  # noqa: PLC0415 - loaded for URLs only

            handler = RemoteFunction(handler)
        self.lambdas[name_or_arn] = handler

    def add_jwks(self, issuer: str, jwks: dict[str, Any] | str | bytes) -> None:
        """Check the signatures of ``issuer``'s tokens against this JSON Web Key Set (``{"keys":
        [...]}``, one key, or its JSON text), as API Gateway checks them against the issuer's published
        keys: HTTP API JWT authorizers whose ``Issuer`` it is, REST Cognito authorizers for the pool
        whose ``iss`` it is. Without a set, an issuer's tokens are decoded but their signatures go
        unchecked (moto's Cognito pools excepted: moto's keys are known). See ``gwmock.runtime.jwks``."""
        from gwmock.runtime import jwks as key_sets  # noqa: PLC0415 - cryptography loads on first use

        if not isinstance(issuer, str) or not issuer.strip():
            raise GwmockError(f"add_jwks takes the issuer's URL, not {issuer!r}")
        self.jwks[issuer.strip().rstrip("/")] = key_sets.parse(jwks)

    def add_truststore(self, truststore_uri: str, pem: str | bytes, *, version: str | None = None) -> None:
        """Trust the CA certificates of ``pem`` (a PEM bundle) for the custom domains whose mutual TLS
        names ``truststore_uri`` (``"s3://bucket/key"``), at ``version`` only when given. Checked before
        moto's S3, which gwmock reads only while moto's ``mock_aws`` is active. See ``gwmock.runtime.mtls``."""
        from gwmock.runtime import mtls  # noqa: PLC0415 - cryptography loads on first use

        if not isinstance(truststore_uri, str) or not truststore_uri.strip():
            raise GwmockError(f"add_truststore takes the truststore's URI (s3://bucket/key), not {truststore_uri!r}")
        if not isinstance(pem, (str, bytes)):
            raise GwmockError(f"add_truststore takes a PEM bundle (text or bytes), not {type(pem).__name__}")
        if version is not None and not isinstance(version, str):
            raise GwmockError(f"add_truststore's version is the S3 object's version id (text), not {version!r}")
        data = pem.encode("utf-8", "replace") if isinstance(pem, str) else bytes(pem)
        mtls.parse_truststore(data)  # refused now (TruststoreError) rather than on a request
        self.truststores[(truststore_uri.strip(), version)] = data

    def invoke(self, method: str, url: str, headers: dict[str, str] | None = None,
               body: bytes | str | None = None, *, client_cert: str | bytes | None = None) -> Any:
        """Call a deployed API (``https://{api}.execute-api.{region}.amazonaws.com/{stage}/...``)
        without an HTTP client; returns a ``gwmock.runtime.Response``. ``client_cert``: the PEM of the
        certificate the client presents, which a custom domain with mutual TLS checks."""
        from gwmock import runtime  # noqa: PLC0415 - the data plane loads on first use

        if client_cert is not None and not isinstance(client_cert, (str, bytes)):
            raise GwmockError(f"invoke's client_cert is a PEM certificate (text or bytes), not "
                              f"{type(client_cert).__name__}")
        if headers and not all(type(name) is str for name in headers):
            headers = _text_names(headers)
        if client_cert is None:
            return runtime.call(self, method, url, headers, body)
        return runtime.call(self, method, url, headers, body, client_cert=client_cert)

    def websocket(self, url: str, headers: dict[str, str] | None = None) -> Any:
        """Connect to a deployed WebSocket API (``wss://{api}.execute-api.{region}.amazonaws.com/{stage}``):
        runs ``$connect`` and returns a connection with ``send()``, ``received`` and ``close()``."""
        from gwmock.runtime.websocket.connections import connect  # noqa: PLC0415

        return connect(self, url, headers)

    def deploy_template(self, template: Any, parameters: dict[str, str] | None = None,
                        name: str | None = None) -> Any:
        """Deploy a CloudFormation, SAM or CDK-synthesised template (a path or a dict) into this mock;
        returns a ``Stack`` with ``outputs``, ``resources``, ``exports`` and ``delete()``."""
        from gwmock.cloudformation import deploy_template  # noqa: PLC0415 - loaded on first use

        return deploy_template(self, template, parameters=parameters, name=name)

    def reset(self) -> None:
        """Forget every resource of every account and region, and the recorded calls and requests."""
        self.backend.clear()
        self.calls.clear()
        self.requests.clear()
        from gwmock import runtime  # noqa: PLC0415

        runtime.forget(self.backend, self)

    def snapshot(self) -> dict[str, Any]:
        """The whole fake cloud as a JSON-compatible document."""
        return self.backend.dump()

    def restore(self, document: dict[str, Any] | str | Path) -> None:
        """Replace the state with a ``snapshot()`` document, or a JSON file holding one."""
        if not isinstance(document, (dict, str, Path)):
            raise SnapshotError(f"a snapshot is a dict or the path of a JSON file, not {type(document).__name__}")
        loaded = document if isinstance(document, dict) else json.loads(Path(document).read_text())
        self.backend.load(loaded)
        from gwmock import runtime  # noqa: PLC0415

        runtime.forget(self.backend, self)  # caches (throttling buckets, authorizer answers) of the old state

    def save(self, path: str | Path) -> None:
        Path(path).write_text(json.dumps(self.snapshot()))


class mock_apigateway:  # noqa: N801 - named like the decorator users know from moto
    """Fake Amazon API Gateway (``apigateway`` and ``apigatewayv2``) for boto3 clients.

    Use as ``@mock_apigateway``, ``@mock_apigateway(...)``, ``with mock_apigateway():``
    or ``start()``/``stop()``. Options are keyword-only:

    * ``state``: ``"memory://"`` (default) or ``"sqlite:///path.db"``; defaults to
      the ``GWMOCK_STATE`` environment variable.
    * ``backend``: a ``Backend`` instance to use instead.
    * ``load``: a snapshot (dict or JSON file path) to start from.
    * ``account``: force one account id (default: from each request's access key).
    * ``region``: the default region of clients created while the mock is active
      (it wins over ``AWS_DEFAULT_REGION``, restored at stop) and of requests that
      carry none; without it the environment's region is kept (``us-east-1`` if unset).
    * ``raise_lambda_errors``: re-raise a Lambda callable's exception in the test
      instead of answering 502 (``gw.requests`` keeps it either way).
    * ``history``: how many of the most recent calls and requests ``gw.calls`` and
      ``gw.requests`` keep (10,000 by default; ``None`` keeps all), so that a long run
      cannot grow the process without end.
    """

    @overload
    def __new__(cls, target: type[T], /) -> type[T]: ...  # type: ignore[misc]
    @overload
    def __new__(cls, target: Callable[..., Any], /) -> Any: ...
    @overload
    def __new__(cls, target: None = None, /, *, state: str | None = None, backend: Backend | None = None,
                load: dict[str, Any] | str | Path | None = None, account: str | None = None,
                region: str | None = None, raise_lambda_errors: bool = False,
                history: int | None = DEFAULT_HISTORY) -> mock_apigateway: ...

    def __new__(cls, target: Any = None, /, **options: Any) -> Any:
        self = super().__new__(cls)
        self.__init__(**options)  # type: ignore[misc]
        if target is not None:
            return self(target)
        return self

    def __init__(self, target: Any = None, /, *, state: str | None = None, backend: Backend | None = None,
                 load: dict[str, Any] | str | Path | None = None, account: str | None = None,
                 region: str | None = None, raise_lambda_errors: bool = False,
                 history: int | None = DEFAULT_HISTORY) -> None:
        if getattr(self, "_configured", False):
            return  # __new__ already configured this instance
        self._configured = True
        if backend is not None and not isinstance(backend, Backend):
            raise GwmockError(f"backend must be a Backend instance, not {type(backend).__name__}; "
                              "for a URL use state=...")
        self.state = state
        self.backend = backend
        self.load = load
        self.account = account
        self.region = region
        self.raise_lambda_errors = raise_lambda_errors
        try:
            self.history = check_limit(history)
        except ValueError as bad:
            raise GwmockError(str(bad)) from None
        self._handles: list[GatewayMock] = []

    # --- lifecycle ---------------------------------------------------------------

    def start(self) -> GatewayMock:
        with _stack_lock:
            outer = _innermost()
            backend = self.backend
            if backend is None:
                url = self.state or os.environ.get("GWMOCK_STATE")
                if url:
                    backend = backend_from_url(url)
                elif outer is not None and self.load is None:  # load=: a state of its own, never the outer's
                    backend = outer.backend
                else:
                    backend = MemoryBackend()
            handle = GatewayMock(backend, self.account, self.region, self.raise_lambda_errors, self.history)
            handle._owns_backend = self.backend is None and (outer is None or backend is not outer.backend)
            if self.load is not None:
                handle.restore(self.load)
            if not _stack:
                _set_fake_env()
                intercept.install(_innermost)
            else:
                intercept.refresh()  # a client library imported since the first start
            if self.region is not None:
                _set_env(handle._saved_env, "AWS_DEFAULT_REGION", self.region)
                if os.environ.get("AWS_REGION"):
                    _set_env(handle._saved_env, "AWS_REGION", self.region)
            _stack.append(handle)
            self._handles.append(handle)
            return handle

    def stop(self) -> None:
        with _stack_lock:
            if not self._handles:
                raise RuntimeError("mock_apigateway.stop() called without a matching start()")
            handle = self._handles.pop()
            index = next(i for i, other in enumerate(_stack) if other is handle)
            _restore(_hand_over(handle._saved_env, _stack[index + 1:]))
            del _stack[index]
            if not _stack:
                intercept.uninstall()
                _restore(_saved_env)
            if handle._owns_backend:
                heir = next((other for other in _stack if other.backend is handle.backend), None)
                if heir is None:
                    handle.backend.close()
                else:  # stopped out of order: a mock started later still uses this state
                    heir._owns_backend = True

    def __enter__(self) -> GatewayMock:
        return self.start()

    def __exit__(self, *exc: object) -> None:
        self.stop()

    async def __aenter__(self) -> GatewayMock:
        return self.start()

    async def __aexit__(self, *exc: object) -> None:
        self.stop()

    # --- decorator forms ------------------------------------------------------------

    def __call__(self, target: Any) -> Any:
        if isinstance(target, type):
            return self._decorate_class(target)
        if inspect.isasyncgenfunction(target):  # e.g. an async pytest fixture: the mock spans its life

            @functools.wraps(target)
            async def async_gen_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    async for item in target(*args, **kwargs):
                        yield item

            return async_gen_wrapper
        if inspect.isgeneratorfunction(target):  # e.g. a yield fixture: the mock spans its life

            @functools.wraps(target)
            def gen_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    return (yield from target(*args, **kwargs))

            return gen_wrapper
        if inspect.iscoroutinefunction(target):

            @functools.wraps(target)
            async def async_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    return await target(*args, **kwargs)

            return async_wrapper
        if getattr(target, "is_hypothesis_test", False):  # @given under the decorator

            @functools.wraps(target)
            def examples_wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._fresh() as handle:
                    undo = each_example_alike(target, handle)
                    try:
                        return target(*args, **kwargs)
                    finally:
                        undo()

            return examples_wrapper
        if callable(target):

            @functools.wraps(target)
            def wrapper(*args: Any, **kwargs: Any) -> Any:
                with self._fresh():
                    return target(*args, **kwargs)

            return wrapper
        raise TypeError(f"mock_apigateway cannot decorate {target!r}")

    def _fresh(self) -> mock_apigateway:
        """A copy of this configuration, so each decorated call has its own handle."""
        return mock_apigateway(state=self.state, backend=self.backend, load=self.load, account=self.account,
                               region=self.region, raise_lambda_errors=self.raise_lambda_errors,
                               history=self.history)

    # --- class decoration -------------------------------------------------------------
    # A decorated class and every subclass of it (pytest collects the test methods a subclass
    # adds): the class's own members and the members it inherits from undecorated bases are
    # wrapped when it is decorated, and a subclass's when it is created (``__init_subclass__``,
    # installed once per hierarchy, with the nearest decorated class's options). A member
    # already wrapped by class decoration is left alone for a subclass, and re-wrapped with the
    # new options when a subclass is decorated itself. Wrappers are re-entrant, so a subclass's
    # ``setup_method``/``setUp``/``setUpClass`` that calls ``super()`` still runs in one mock.

    def _decorate_class(self, cls: type[T]) -> type[T]:
        inherits_hook = any(_CONFIG in vars(base) for base in cls.__mro__[1:])
        type.__setattr__(cls, _CONFIG, self)
        self._wrap_members(cls, rewrap=True)
        if not inherits_hook:
            _install_subclass_hook(cls)
        return cls

    def _wrap_members(self, cls: type[Any], rewrap: bool) -> None:
        if issubclass(cls, unittest.TestCase):
            self._wrap_testcase(cls, rewrap)
            return
        for setup_name, teardown_name in (("setup_method", "teardown_method"), ("setup", "teardown")):
            if callable(getattr(cls, setup_name, None)):
                self._wrap_setup(cls, setup_name, teardown_name, rewrap)
                return
        # without a setup method, each ``test*`` method (pytest collects static and class ones too)
        # runs in its own fresh mock
        for name in dir(cls):
            if not name.startswith("test"):
                continue
            attr = _original(inspect.getattr_static(cls, name), rewrap)
            if attr is _SKIP:
                continue
            if inspect.isfunction(attr):
                setattr(cls, name, _mark(self(attr), attr))
            elif isinstance(attr, (staticmethod, classmethod)) and inspect.isfunction(attr.__func__):
                setattr(cls, name, type(attr)(_mark(self(attr.__func__), attr.__func__)))

    def _wrap_setup(self, cls: type[Any], setup_name: str, teardown_name: str, rewrap: bool) -> None:
        """A plain test class with a setup method: one fresh mock spans ``setup_method`` (or
        nose-style ``setup``), the test and ``teardown_method`` (``teardown``), as with moto."""
        config = self
        key = f"_gwmock_{setup_name}"
        original_setup = _original(inspect.getattr_static(cls, setup_name), rewrap)
        original_teardown = _original(inspect.getattr_static(cls, teardown_name, None), rewrap)

        def call(function: Any, test: Any, method: Any) -> None:
            # pytest passes ``method`` only to functions that take it; so do we
            code = getattr(function, "__code__", None)
            if code is None or code.co_argcount > 1 or code.co_flags & inspect.CO_VARARGS:
                function(test, method)
            else:
                function(test)

        def setup(test: Any, method: Any = None) -> None:
            if key in test.__dict__:  # a subclass's setup calling super(): its mock is already running
                call(original_setup, test, method)
                return
            started = config._fresh()
            handle = started.start()
            object.__setattr__(test, key, (started, each_example_alike(method, handle)))
            try:
                call(original_setup, test, method)
            except BaseException:
                test.__dict__.pop(key)[1]()
                started.stop()
                raise

        def teardown(test: Any, method: Any = None) -> None:
            running = test.__dict__.pop(key, None)  # the outermost teardown stops the mock, after its body
            try:
                if original_teardown is not None:
                    call(original_teardown, test, method)
            finally:
                if running is not None:
                    running[1]()
                    running[0].stop()

        for wrapper, name, original in ((setup, setup_name, original_setup),
                                        (teardown, teardown_name, original_teardown)):
            if original is _SKIP:
                continue
            wrapper.__name__ = name
            wrapper.__qualname__ = f"{cls.__qualname__}.{name}"
            setattr(cls, name, _mark(wrapper, original))

    def _wrap_testcase(self, cls: type[Any], rewrap: bool) -> None:
        """setUpClass runs in a class-wide mock; each test gets a fresh copy of what it built. Both
        mocks stop as the last cleanup of their scope (``addClassCleanup``, ``addCleanup``), so
        tearDownClass, tearDown and every cleanup the test registers still run inside them."""
        config = self
        original_setup_class = _original(inspect.getattr_static(cls, "setUpClass"), rewrap)
        original_setup = _original(inspect.getattr_static(cls, "setUp"), rewrap)

        def setUpClass(klass: Any) -> None:  # noqa: N802
            if _CLASS_MOCK in vars(klass):  # a subclass's setUpClass calling super()
                original_setup_class.__func__(klass)
                return
            started = config._fresh()
            started.start()
            type.__setattr__(klass, _CLASS_MOCK, started)

            def stop() -> None:
                if vars(klass).get(_CLASS_MOCK) is started:
                    type.__delattr__(klass, _CLASS_MOCK)
                    started.stop()

            # first registered, so the last class cleanup: unittest and pytest run class cleanups
            # after tearDownClass, and when setUpClass raises an Exception
            klass.addClassCleanup(stop)
            try:
                original_setup_class.__func__(klass)
            except BaseException as error:
                if not isinstance(error, Exception):  # KeyboardInterrupt: no runner cleans up after it
                    stop()
                raise

        def setUp(test: Any) -> None:  # noqa: N802
            if _TEST_MOCK in test.__dict__:  # a subclass's setUp calling super()
                original_setup(test)
                return
            class_mock = vars(type(test)).get(_CLASS_MOCK)
            built = class_mock._handles[-1] if class_mock is not None and class_mock._handles else None
            per_test = mock_apigateway(
                state=config.state, backend=config.backend or MemoryBackend(),
                load=built.snapshot() if built is not None else config.load, account=config.account,
                region=config.region, raise_lambda_errors=config.raise_lambda_errors, history=config.history,
            )
            handle = per_test.start()
            if built is not None:  # what setUpClass registered (add_lambda, deploy_template) serves each test
                for name in REGISTRIES:
                    getattr(handle, name).update(getattr(built, name))
            object.__setattr__(test, _TEST_MOCK, per_test)
            undo = each_example_alike(getattr(test, test._testMethodName, None), handle)

            def stop() -> None:
                undo()
                test.__dict__.pop(_TEST_MOCK, None)
                per_test.stop()

            test.addCleanup(stop)
            original_setup(test)

        if original_setup_class is not _SKIP:
            cls.setUpClass = classmethod(_mark(setUpClass, original_setup_class))
        if original_setup is not _SKIP:
            cls.setUp = _mark(setUp, original_setup)


_CONFIG = "_gwmock_config"  # on a decorated class: its mock_apigateway, for subclasses
_CLASS_MOCK = "_gwmock_class_mock"  # on a TestCase class while its setUpClass mock runs
_TEST_MOCK = "_gwmock_test_mock"  # on a TestCase instance while its per-test mock runs
_SKIP: Any = object()


def _mark(wrapper: Any, original: Any) -> Any:
    """Mark ``wrapper`` as class decoration's wrapper of ``original``. The mark points at the
    wrapper itself, so a user's ``functools.wraps`` decorator around it (which copies
    ``__dict__``) does not pass for one."""
    wrapper.__wrapped__ = original
    wrapper._gwmock_wrapper = wrapper
    return wrapper


def _original(attr: Any, rewrap: bool) -> Any:
    """The member to wrap: ``attr``, or what an inherited class-decoration wrapper wraps when the
    class is decorated itself (``rewrap``); ``_SKIP`` when ``attr`` is such a wrapper otherwise."""
    function: Any = attr.__func__ if isinstance(attr, (staticmethod, classmethod)) else attr
    if getattr(function, "_gwmock_wrapper", _SKIP) is not function:
        return attr
    if not rewrap:
        return _SKIP
    inner = function.__wrapped__  # a function, a descriptor (setUpClass's), or None (no teardown)
    if isinstance(attr, (staticmethod, classmethod)) and inspect.isfunction(inner):
        return type(attr)(inner)
    return inner


def _install_subclass_hook(cls: type[Any]) -> None:
    """Wrap the members of each subclass of ``cls`` as it is created."""
    original = vars(cls).get("__init_subclass__")

    def __init_subclass__(sub: type[Any], /, **kwargs: Any) -> None:  # noqa: N807
        if original is not None:
            original.__func__(sub, **kwargs)
        else:
            super(cls, sub).__init_subclass__(**kwargs)
        getattr(sub, _CONFIG)._wrap_members(sub, rewrap=False)

    type.__setattr__(cls, "__init_subclass__", classmethod(__init_subclass__))


def _nothing() -> None:
    pass


def each_example_alike(test: Any, handle: GatewayMock) -> Callable[[], None]:
    """When ``test`` is a hypothesis ``@given`` test running in ``handle``'s mock, start each of its
    examples from what the mock held when the first one began (state, recorded calls and requests,
    ``REGISTRIES``), through hypothesis's ``inner_test`` hook: examples are meant to be
    independent, and shrinking replays them. Returns what undoes the wrapping; a no-op otherwise."""
    hooks: Any = getattr(test, "hypothesis", None)
    inner = getattr(hooks, "inner_test", None)
    if not getattr(test, "is_hypothesis_test", False) or inner is None:
        return _nothing
    start: list[Any] = []

    def rewind() -> None:
        if not start:
            start.extend((handle.snapshot(), list(handle.calls), list(handle.requests),
                          [copy.copy(getattr(handle, name)) for name in REGISTRIES]))
            return
        state, calls, requests, registered = start
        handle.restore(state)
        for kept, now in ((calls, handle.calls), (requests, handle.requests)):
            now.clear()
            now.extend(kept)
        for name, held in zip(REGISTRIES, registered):
            registry = getattr(handle, name)
            registry.clear()
            registry.update(held)

    if inspect.iscoroutinefunction(inner):

        @functools.wraps(inner)
        async def async_example(*args: Any, **kwargs: Any) -> Any:
            rewind()
            return await inner(*args, **kwargs)

        hooks.inner_test = async_example
    else:

        @functools.wraps(inner)
        def example(*args: Any, **kwargs: Any) -> Any:
            rewind()
            return inner(*args, **kwargs)

        hooks.inner_test = example

    def undo() -> None:
        hooks.inner_test = inner

    return undo


def _set_env(saved: dict[str, str | None], key: str, value: str) -> None:
    """Set ``key``, remembering its first value in ``saved`` for ``_restore``."""
    saved.setdefault(key, os.environ.get(key))
    os.environ[key] = value


def _set_fake_env() -> None:
    """Give clients credentials and a region when none are configured; never touch real ones."""
    _saved_env.clear()
    environ = os.environ
    profile = environ.get("AWS_PROFILE")
    if not (profile or environ.get("AWS_ACCESS_KEY_ID")):
        for key, value in _FAKE_ENV.items():
            _set_env(_saved_env, key, value)
    if environ.get("AWS_DEFAULT_REGION"):  # botocore reads this one (AWS_REGION only in newer releases)
        return
    region = environ.get("AWS_REGION")
    if region:
        _set_env(_saved_env, "AWS_DEFAULT_REGION", region)
    elif _profile_region(environ.get("AWS_DEFAULT_PROFILE") or profile or "default") is None:
        _set_env(_saved_env, "AWS_DEFAULT_REGION", DEFAULT_REGION)


_profile_regions: dict[tuple[Any, ...], str | None] = {}  # (profile, file, its stat) -> region
_expanded: dict[tuple[str, str], str] = {}  # (AWS_CONFIG_FILE or its default, HOME) -> the path opened


def _profile_region(profile: str) -> str | None:
    """The region the AWS config file gives ``profile``, read as botocore reads it when the
    environment names none. Only the file is parsed (again when it changes): nothing a profile
    configures (``credential_process``, SSO, a role) is ever run or resolved."""
    given = (os.environ.get("AWS_CONFIG_FILE") or "~/.aws/config", os.environ.get("HOME") or "")
    path = _expanded.get(given)
    if path is None:
        path = _expanded[given] = os.path.expanduser(os.path.expandvars(given[0]))
    try:
        found = os.stat(path)
    except OSError:
        return None
    key = (profile, path, found.st_mtime_ns, found.st_size)
    if key not in _profile_regions:
        _profile_regions.clear()
        region = None
        try:
            from botocore import configloader  # noqa: PLC0415 - only when the environment names no region

            region = configloader.load_config(path)["profiles"].get(profile, {}).get("region")
        except Exception:  # noqa: BLE001, S110 - unreadable: botocore reports it to the client
            pass
        _profile_regions[key] = region if isinstance(region, str) and region else None
    return _profile_regions[key]


def _hand_over(saved: dict[str, str | None], later: list[GatewayMock]) -> dict[str, str | None]:
    """What a stopping mock must restore now. A mock stopped out of order (a mock started after it
    is still active) hands each saved value to the next later mock that changed the same variable,
    so that one restores what was there before both; the other variables are restored now."""
    now: dict[str, str | None] = {}
    for key, value in saved.items():
        heir = next((other for other in later if key in other._saved_env), None)
        if heir is None:
            now[key] = value
        else:
            heir._saved_env[key] = value
    saved.clear()
    return now


def _restore(saved: dict[str, str | None]) -> None:
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
    saved.clear()


def active() -> GatewayMock | None:
    """The innermost active mock's handle, if any."""
    return _innermost()


__all__ = ["DEFAULT_ACCOUNT", "DEFAULT_REGION", "GatewayMock", "active", "mock_apigateway"]
