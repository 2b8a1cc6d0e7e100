"""The data plane: calling a REST API method (private; not part of gwmock's API).

* ``gwmock.runtime.invoke``: ``invoke(Call) -> Answer`` runs one method request
  through API Gateway's pipeline (request mapping, integration, integration-response
  selection, response mapping) and writes AWS's execution log;
* ``gwmock.runtime.stage``: ``call_stage(ctx, api, stage, verb, path, ...)`` serves a
  deployed stage (routing, canary split, stage variables) through ``invoke``; the
  entry point for an execute-api HTTP interception;
* ``gwmock.runtime.vtl``: mapping templates (VTL on ``airspeed``) with ``$input``,
  ``$context``, ``$util`` and ``$stageVariables``.

TestInvokeMethod (``gwmock/apigateway/test_invoke.py``) feeds ``invoke`` the live
API; a stage is served from its deployment's snapshot (``_snapshot`` in the
deployment record, see ``gwmock/apigateway/deployments.py``).
"""
