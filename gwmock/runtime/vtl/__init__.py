"""Mapping templates: Velocity (VTL) as API Gateway runs it, sandboxed and bounded.

``render(template, scope)`` evaluates one request or response template. gwmock has its own
small Velocity engine rather than a general one (``parser`` reads the language into
``nodes``, ``engine`` evaluates them, ``values`` says what values are and how they print,
``methods`` which Java methods each type has, ``aws`` builds ``$input``/``$util``/``$context``/
``$stageVariables``, ``jsonpath`` reads JSONPath, ``limits`` holds the bounds):

* a template reaches only the names API Gateway documents and the Java methods listed per
  type in ``values``; a step through any other name (``__class__``, ``getClass``, ``format``,
  anything starting with ``_``) is null and prints nothing, as an undefined reference does.
  No Python attribute is ever looked up on behalf of a template;
* every render is bounded (steps, loop iterations, macro depth, output and string sizes, a
  wall-clock safety net); exceeding a bound is a :class:`TemplateError`, which the pipeline
  answers as AWS answers a failed transformation (500 "Internal server error").
"""

from gwmock.runtime.vtl.aws import Input, Scope, Util, render
from gwmock.runtime.vtl.jsonpath import json_path
from gwmock.runtime.vtl.limits import DEFAULT, Limits, TemplateError
from gwmock.runtime.vtl.values import ContextMap, OpaqueMap, java_values

__all__ = ["DEFAULT", "ContextMap", "Input", "Limits", "OpaqueMap", "Scope", "TemplateError", "Util", "java_values",
           "json_path", "render"]
