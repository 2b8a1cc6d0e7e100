"""Dynamic references: ``{{resolve:ssm:...}}``, ``{{resolve:ssm-secure:...}}``, ``{{resolve:secretsmanager:...}}``.

CloudFormation replaces each with the value it names when it creates the resource (an API key's
``Value`` from Secrets Manager, a JWT issuer from Parameter Store). gwmock does the same in the
properties of what it makes (API Gateway's resources, Lambda functions, nested stacks) and in outputs,
reading moto's parameters and secrets (``external.py``); without moto each reference is refused with a
``TemplateError`` naming the resource, the property and the reference, never deployed as the literal
text. Other services' resources get ids only (``others.py``): their properties, references included,
are not read (an RDS password from Secrets Manager deploys without moto).

Forms, as the CloudFormation user guide documents them:

* ``{{resolve:ssm:name}}``, ``{{resolve:ssm:name:version}}`` (GetParameter reads ``name:version``);
  ``ssm-secure`` likewise, decrypted;
* ``{{resolve:secretsmanager:secret-id:SecretString:json-key:version-stage:version-id}}``, every part
  after ``secret-id`` optional; ``secret-id`` is a name or a whole ARN (``arn:...:secret:name``);
  without ``json-key`` the whole ``SecretString``.

Any other service name is refused. At most 60 dynamic references per template (CloudFormation's
quota). Guesses: a value is substituted as text, several in one string included; a reference must be
written in the template (a parameter value holding one is taken as text).
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from typing import Any

from gwmock.cloudformation import external
from gwmock.cloudformation.errors import TemplateError

MAX_REFERENCES = 60
MARK = "{{resolve:"
_REFERENCE = re.compile(r"\{\{resolve:([A-Za-z0-9-]*):([^{}]*)\}\}")


class References:
    """The dynamic references of one stack: resolved in place, counted, each read once."""

    def __init__(self, region: str, enabled: bool) -> None:
        self.region = region
        self.seen: dict[str, str] = {}
        self.enabled = enabled  # False: the template holds no MARK (``stack._prepared``), nothing to look for

    def resolve(self, value: Any, logical_id: str | None, prop: str | None) -> Any:
        """``value`` with every dynamic reference in its strings replaced; ``value`` itself when there is none.

        One ``json.dumps`` (C speed) rules most values out before anything is walked; the references are
        counted against the quota before any is read."""
        if not self.enabled or MARK not in json.dumps(value, default=str):
            return value
        self._find(value, logical_id, prop, set())
        return self._walk(value, logical_id, prop)

    def _find(self, value: Any, logical_id: str | None, prop: str | None, found: set[str]) -> None:
        """The references in ``value``'s strings, into ``found``; one that is not well formed is refused."""
        if isinstance(value, dict):
            for k, v in value.items():
                self._find(v, logical_id, prop if prop is not None else str(k), found)
        elif isinstance(value, list):
            for v in value:
                self._find(v, logical_id, prop, found)
        elif isinstance(value, str) and MARK in value:
            rest = _REFERENCE.sub("", value)
            if MARK in rest:
                start = rest.index(MARK)
                raise TemplateError(f"{rest[start:start + 100]!r} is not a dynamic reference CloudFormation can "
                                    "read ({{resolve:service:reference}})", logical_id=logical_id, prop=prop)
            found.update(match[0] for match in _REFERENCE.finditer(value))
            if len(self.seen.keys() | found) > MAX_REFERENCES:
                raise TemplateError(f"a template may hold at most {MAX_REFERENCES} dynamic references",
                                    logical_id=logical_id, prop=prop)

    def _walk(self, value: Any, logical_id: str | None, prop: str | None) -> Any:
        if isinstance(value, dict):
            return {k: self._walk(v, logical_id, prop if prop is not None else str(k)) for k, v in value.items()}
        if isinstance(value, list):
            return [self._walk(v, logical_id, prop) for v in value]
        if isinstance(value, str) and MARK in value:
            return _REFERENCE.sub(lambda found: self._value(found[0], found[1], found[2], logical_id, prop), value)
        return value

    def _value(self, text: str, service: str, key: str, logical_id: str | None, prop: str | None) -> str:
        if text in self.seen:
            return self.seen[text]

        def fail(reason: str) -> TemplateError:
            return TemplateError(f"dynamic reference {text[:300]}: {reason}", logical_id=logical_id, prop=prop)

        if service in ("ssm", "ssm-secure"):
            value = external.ssm_parameter(self.region, key, service == "ssm-secure", fail)
        elif service == "secretsmanager":
            value = _secret(self.region, key, fail)
        else:
            raise fail(f"the service {service!r} is not one CloudFormation resolves (ssm, ssm-secure, secretsmanager)")
        self.seen[text] = value
        return value


def _secret(region: str, reference: str, fail: Callable[[str], TemplateError]) -> str:
    parts = reference.split(":")
    cut = 7 if reference.startswith("arn:") else 1  # arn:partition:secretsmanager:region:account:secret:name
    secret_id, rest = ":".join(parts[:cut]), parts[cut:]
    if not secret_id or len(rest) > 4:
        raise fail("expected secretsmanager:secret-id:SecretString:json-key:version-stage:version-id")
    kind, json_key, stage, version = (rest + ["", "", "", ""])[:4]
    if kind not in ("", "SecretString"):
        raise fail(f"the secret's part must be SecretString, not {kind!r}")
    text = external.secret_string(region, secret_id, stage or None, version or None, fail)
    if not json_key:
        return text
    try:
        found = json.loads(text)[json_key]
    except (ValueError, TypeError, KeyError):
        raise fail(f"the secret's SecretString is not a JSON object with the key {json_key!r}") from None
    return found if isinstance(found, str) else json.dumps(found)
