"""TagResource, UntagResource, GetTags on every taggable v2 ARN.

Taggable: APIs (``/apis/<id>``), stages (``/apis/<id>/stages/<name>``), domain
names (``/domainnames/<name>``) and VPC links (``/vpclinks/<id>``); each record keeps
its tags in ``Tags``, which its Get* returns. An ARN naming nothing answers 404
"Unable to find resource <arn>" (gwmock/tags.py; wording a guess).
"""

from __future__ import annotations

from gwmock import tags
from gwmock.context import Context, Params, Result


def tag_resource(ctx: Context, params: Params) -> Result:
    tags.add_tags(ctx, params["ResourceArn"], params.get("Tags") or {}, "Tags")
    return {}


def untag_resource(ctx: Context, params: Params) -> Result:
    tags.remove_tags(ctx, params["ResourceArn"], params.get("TagKeys") or [], "Tags")
    return {}


def get_tags(ctx: Context, params: Params) -> Result:
    return {"Tags": tags.get_tags(ctx, params["ResourceArn"], "Tags")}
