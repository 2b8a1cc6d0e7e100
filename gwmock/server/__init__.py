"""Server mode: API Gateway's wire protocol over HTTP, for the AWS CLI, Terraform
and SDKs in other languages (``--endpoint-url http://127.0.0.1:4566``).

An ASGI app (``app.GatewayApp``) served by uvicorn (the ``server`` extra) around a
mock handle, so deployed Lambda functions (``handle.lambdas``), templates
(``handle.deploy_template``) and WebSocket connections live in the server process.
Both services share the control-plane host, as in AWS; v2 paths start with ``/v2/``.
The account comes from the access key and the region from the SigV4 credential scope,
exactly as in-process.

Deployed APIs are served in two forms: a request whose ``Host`` header is the API's
execute-api host (``curl -H "Host: abc123.execute-api.us-east-1.amazonaws.com"
http://127.0.0.1:4566/dev/pets``), or the path form LocalStack users know,
``/restapis/{api_id}/{stage}/_user_request_/{path}`` (the API is looked up in every
region of the handle's account). Custom domain names answer as ``Host`` too, and WebSocket
APIs at ``/_ws/{api}/{stage}`` (``websocket``). Request header names reach them in lower case.

Trust: the server binds 127.0.0.1 unless told otherwise. The control plane demands a
SigV4 ``Authorization`` header (``sigv4``; verified when credentials are configured),
refuses browser cross-site requests and foreign ``Host`` names (``guard``); deployed
APIs apply their own authorization and CORS, as on AWS. Every request is bounded in
size (10 MB) and time (``timeout``); response headers cannot carry CR/LF (``app``).
gwmock's own endpoints under ``/_gwmock/`` (reset, requests, calls, snapshot, restore, health) and
moto's ``/moto-api/reset`` stand in for the handle's methods (``admin``).

Python API::

    from gwmock.server import start
    server = start(port=0, timeout=0.5)       # RunningServer, uvicorn in a daemon thread
    boto3.client("apigateway", endpoint_url=server.url, ...)
    server.handle.add_lambda("fn", handler)   # Lambda integrations served by this process
    server.stop()
"""

from __future__ import annotations

import sys
from collections.abc import Iterable, Mapping
from typing import Any

from gwmock.errors import GwmockError
from gwmock.history import SERVER_HISTORY, check_limit
from gwmock.server.guard import host_name, is_loopback
from gwmock.server.options import ServerOptions, credentials_from_env, parse_credentials
from gwmock.server.running import MISSING_UVICORN, RunningServer

Server = RunningServer  # the name of earlier releases: ``with Server() as server:``


def start(handle: Any = None, host: str = "127.0.0.1", port: int = 0, *, state: str | None = None,
          **options: Any) -> RunningServer:
    """Serve ``handle`` (a started ``GatewayMock``; a fresh one if None) in a background thread.

    ``options`` are ``ServerOptions`` fields: ``timeout``, ``keep_alive``, ``max_body``,
    ``credentials`` ({key: secret}), ``allowed_hosts``, ``max_connections``, ``workers``.
    """
    return RunningServer(handle, host, port, state=state, options=ServerOptions.from_keywords(options)).start()


def _key_sets(files: Mapping[str, str]) -> dict[str, Any]:
    """``--jwks``: each issuer's key set read from its file and parsed before the mock starts."""
    from gwmock.runtime import jwks  # noqa: PLC0415

    out = {}
    for issuer, path in files.items():
        try:
            with open(path, "rb") as key_set:
                out[issuer.strip().rstrip("/")] = jwks.parse(key_set.read(1 << 20))  # a key set is a few KB
        except OSError as unreadable:
            raise ValueError(f"--jwks {issuer}: cannot read {path}: {unreadable.strerror}") from None
        except jwks.JwksError as unusable:
            raise ValueError(f"--jwks {issuer}: {unusable}") from None
    return out


def serve(host: str = "127.0.0.1", port: int = 4566, state: str | None = None, *,
          credentials: Iterable[str] = (), template: str | None = None,
          parameters: Mapping[str, str] | None = None, allowed_hosts: Iterable[str] = (),
          timeout: float | None = None, history: int | None = SERVER_HISTORY,
          http_backends: Iterable[str] = (), jwks: Mapping[str, str] | None = None,
          vpc_links: Mapping[str, str] | None = None, lambdas: Mapping[str, str] | None = None) -> int:
    """``gwmock serve``: run in the foreground until Ctrl-C; returns the exit status. The mock keeps
    the ``history`` most recent calls and requests (a server may run for days); HTTP integrations
    may call loopback addresses and ``http_backends`` only (``gwmock.runtime.backends``); ``jwks``
    maps an issuer to the file of its JSON Web Key Set (``GatewayMock.add_jwks``); ``vpc_links`` a
    private integration's target to the server standing in for it (``GatewayMock.route_vpc_link``);
    ``lambdas`` a function's name, ARN or logical id to the URL of a server speaking Lambda's Invoke API
    (``GatewayMock.add_lambda``), registered before ``template`` is deployed."""
    try:
        import uvicorn  # noqa: F401, PLC0415 - only to report a missing extra clearly
    except ImportError:
        print(MISSING_UVICORN, file=sys.stderr)
        return 2
    from gwmock.cloudformation import TemplateError  # noqa: PLC0415
    from gwmock.mock import mock_apigateway  # noqa: PLC0415

    try:
        key_sets = _key_sets(jwks or {})
        keys = {**credentials_from_env(), **parse_credentials(credentials)}
        values: dict[str, Any] = {"credentials": keys, "allowed_hosts": tuple(allowed_hosts)}
        if timeout is not None:
            values["timeout"] = timeout
        options = ServerOptions(**values)
        if not 0 <= port <= 65535:
            raise ValueError(f"--port must be from 0 to 65535, got {port}")
        mock = mock_apigateway(state=state, history=check_limit(history))
        handle = mock.start()
        handle.jwks.update(key_sets)
        try:
            handle.allow_http_backend(*http_backends)
            for target, url in (vpc_links or {}).items():
                handle.route_vpc_link(target, url)
            for name, url in (lambdas or {}).items():
                handle.add_lambda(name, url)
        except GwmockError:
            mock.stop()
            raise
    except (ValueError, GwmockError) as bad:  # StateUrlError is a ValueError
        print(f"gwmock serve: {bad}", file=sys.stderr)
        return 2
    try:
        if template:
            try:
                stack = handle.deploy_template(template, parameters=dict(parameters or {}))
            except TemplateError as failed:
                print(f"gwmock serve: cannot deploy {template}: {failed}", file=sys.stderr)
                return 1
            print(f"gwmock deployed {template}: outputs {getattr(stack, 'outputs', {})}")
        try:
            server = RunningServer(handle, host, port, options=options)
        except OSError as busy:
            print(f"gwmock serve: cannot listen on {host}:{port}: {busy.strerror or busy}", file=sys.stderr)
            return 1
        verified = f"signatures verified for {len(keys)} key(s)" if keys else "signatures not verified"
        if not keys and not is_loopback(host_name(host)):
            print(f"gwmock serve: warning: listening on {host} without --credentials: anyone who can reach this "
                  "port can create, read and delete APIs in any account", file=sys.stderr)
        print(f"gwmock serving API Gateway on {server.url} (state: {state or 'memory://'}, {verified}); "
              "Ctrl-C stops", flush=True)
        try:
            server.serve_forever()
        except KeyboardInterrupt:  # uvicorn re-raises the Ctrl-C it handled gracefully
            pass
    finally:
        mock.stop()
    return 0


__all__ = ["RunningServer", "Server", "ServerOptions", "serve", "start"]
