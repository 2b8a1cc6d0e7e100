"""The order a stack's resources are made in: each after what it refers to or ``DependsOn``.

References count wherever CloudFormation reads them: ``Ref``, ``Fn::GetAtt`` and ``Fn::Sub`` variables
in ``Properties`` and in ``Metadata`` (only the branch of each ``Fn::If`` its condition picks: a
conditional ``Ref`` in ``Metadata`` is how templates wait for a resource that may not exist, since
``DependsOn`` cannot name one). A cycle is refused with CloudFormation's "Circular dependency between
resources"; a ``DependsOn`` that is not a name or a list of names with its "DependsOn must be a string or
list of strings." / "Every DependsOn value must be a string.".

A usage plan, API mapping or base path mapping that names a stage of the template by its literal name
(not a ``Ref``) also waits for that stage (``_stages_named``; a guess at what CloudFormation's parallel
creation gives).
"""

from __future__ import annotations

from typing import Any

from gwmock.cloudformation.errors import TemplateError
from gwmock.cloudformation.intrinsics import Scope


def creation_order(scope: Scope, resources: dict[str, Any], active: list[str]) -> list[str]:
    """Logical ids so that each comes after what it depends on; a cycle is CloudFormation's error."""
    needs: dict[str, list[str]] = {}
    active_set = set(active)
    stages = _stage_resources(resources, active)
    for logical_id in active:
        definition = resources[logical_id]
        depends = _depends_on(logical_id, definition.get("DependsOn"))
        for target in depends:
            if target not in resources:
                raise TemplateError(f"Template format error: Unresolved resource dependencies [{target}] in the "
                                    "Resources block of the template", logical_id=logical_id, prop="DependsOn")
        scope.at(logical_id, "Properties")
        refs = set(scope.references(definition.get("Properties") or {})) | set(depends)
        # a Ref in Metadata orders too (the usual way to wait for a resource that has a condition)
        refs |= set(scope.at(logical_id, "Metadata").references(definition.get("Metadata") or {}))
        refs |= _stages_named(definition, stages)
        needs[logical_id] = [r for r in refs if r in active_set and r != logical_id]
        if logical_id in refs:
            # CloudFormation's wording names the cycle only, a resource that needs itself as any other
            raise TemplateError(f"Circular dependency between resources: [{logical_id}]")
    order: list[str] = []
    state: dict[str, int] = {}  # 1: visiting, 2: done

    for start in active:
        if state.get(start) == 2:
            continue
        stack = [(start, iter(sorted(needs[start])))]
        state[start] = 1
        while stack:
            node, pending = stack[-1]
            child = next(pending, None)
            if child is None:
                stack.pop()
                state[node] = 2
                order.append(node)
            elif state.get(child) == 1:
                cycle = [n for n, _ in stack]
                cycle = cycle[cycle.index(child):]
                raise TemplateError(f"Circular dependency between resources: [{', '.join(sorted(cycle))}]")
            elif state.get(child) is None:
                state[child] = 1
                stack.append((child, iter(sorted(needs[child]))))
    return order


def _depends_on(logical_id: str, depends: Any) -> list[str]:
    """``DependsOn`` as a list of logical ids, refused in CloudFormation's words unless strings."""
    if depends is None:
        return []
    if isinstance(depends, str):
        return [depends]
    if not isinstance(depends, list):
        raise TemplateError("Template format error: DependsOn must be a string or list of strings.",
                            logical_id=logical_id, prop="DependsOn")
    if not all(isinstance(target, str) for target in depends):
        raise TemplateError("Template format error: Every DependsOn value must be a string.",
                            logical_id=logical_id, prop="DependsOn")
    return depends


_STAGE_TYPES = {"AWS::ApiGateway::Stage": "RestApiId", "AWS::ApiGatewayV2::Stage": "ApiId"}


def _stage_resources(resources: dict[str, Any], active: list[str]) -> dict[tuple[str, str], str]:
    """(API logical id, literal stage name) -> the logical id of the Stage resource making it."""
    found = {}
    for logical_id in active:
        definition = resources[logical_id]
        props = definition.get("Properties")
        api_prop = _STAGE_TYPES.get(definition["Type"])
        if api_prop and isinstance(props, dict) and isinstance(props.get("StageName"), str):
            api = _ref_target(props.get(api_prop))
            if api is not None:
                found[(api, props["StageName"])] = logical_id
    return found


def _stages_named(definition: dict[str, Any], stages: dict[tuple[str, str], str]) -> set[str]:
    """Stage resources a usage plan or mapping names by a literal stage name rather than a ``Ref``.

    CloudFormation creates resources in parallel, so such a stage (one ``Ref`` step from its API) exists
    by the time the plan, which waits for something else, is made: the CDK's WebSocket usage-plan
    snapshot (integ.usage-plan) puts stage ``dev2`` in a plan that ``DependsOn`` stage ``dev`` only.
    gwmock creates one resource at a time, so the plan waits for the stages it names (a guess at the
    order AWS's parallel creation gives)."""
    props = definition.get("Properties")
    if not stages or not isinstance(props, dict):
        return set()
    if definition["Type"] == "AWS::ApiGateway::UsagePlan":
        listed = props.get("ApiStages")  # not a list: the schema check refuses it when the plan is built
        pairs = [(s.get("ApiId"), s.get("Stage")) for s in listed if isinstance(s, dict)] if isinstance(
            listed, list) else []
    elif definition["Type"] in ("AWS::ApiGatewayV2::ApiMapping", "AWS::ApiGateway::BasePathMapping"):
        pairs = [(props.get("ApiId", props.get("RestApiId")), props.get("Stage"))]
    else:
        return set()
    named = {stages.get((_ref_target(api) or "", stage)) for api, stage in pairs if isinstance(stage, str)}
    return {n for n in named if n is not None}


def _ref_target(value: Any) -> str | None:
    ref = value.get("Ref") if isinstance(value, dict) and len(value) == 1 else None
    return ref if isinstance(ref, str) else None
