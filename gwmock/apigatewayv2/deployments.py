"""v2 deployments (placeholder until the stages/deployments family lands)."""

from __future__ import annotations

from gwmock.context import Context


def auto_deploy(ctx: Context, api_id: str) -> None:
    """Called after any change to an API's routes, integrations or authorizers: a
    stage with ``AutoDeploy`` gets a new deployment. Implemented by the stages family."""
