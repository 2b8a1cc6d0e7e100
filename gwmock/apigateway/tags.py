"""TagResource, UntagResource, GetTags on every taggable v1 ARN."""

from __future__ import annotations

from gwmock import tags
from gwmock.context import Context, Params, Result


def tag_resource(ctx: Context, params: Params) -> Result:
    tags.add_tags(ctx, params["resourceArn"], params.get("tags") or {}, "tags")
    return {}


def untag_resource(ctx: Context, params: Params) -> Result:
    tags.remove_tags(ctx, params["resourceArn"], params.get("tagKeys") or [], "tags")
    return {}


def get_tags(ctx: Context, params: Params) -> Result:
    return {"tags": tags.get_tags(ctx, params["resourceArn"], "tags")}
