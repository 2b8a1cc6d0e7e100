"""Pagination, written once for both services.

v1 (``position``/``limit``): limit defaults to 25 and may not exceed 500; the
answer is ``{"items": [...], "position": token}``. v2 (``NextToken``/
``MaxResults``): MaxResults is a string on the wire; without it every item is
returned; the answer is ``{"Items": [...], "NextToken": token}``. Tokens are
opaque cursors into the store's insertion order, so a page costs its own size
whatever the collection holds, and pages stay stable while items are added.
"""

from __future__ import annotations

import base64
import binascii
import operator
import re
import sys
from collections.abc import Callable, Iterable, Iterator
from itertools import islice
from typing import Any

from gwmock.context import Context, Params
from gwmock.errors import BadRequest, ValidationError
from gwmock.state.base import Key, Record

_RECORD = operator.itemgetter(1)  # a row (cursor, record) -> the record

Filter = Callable[[Record], bool]
View = Callable[[Record], Record]


Cursor = int | str  # the store's insertion cursor, or a handler's own sort key


_URLSAFE = bytes.maketrans(b"+/", b"-_")


def encode_token(cursor: Cursor) -> str:
    text = f"gw:s:{cursor}" if isinstance(cursor, str) else f"gw:{cursor}"
    # base64.urlsafe_b64encode without its two Python-level calls (a token per page)
    return binascii.b2a_base64(text.encode(), newline=False).translate(_URLSAFE).decode().rstrip("=")


def decode_token(token: str, error: Callable[[], Exception]) -> Cursor:
    try:
        text = base64.urlsafe_b64decode(token + "=" * (-len(token) % 4)).decode()
        if text.startswith("gw:s:"):
            return text[5:]
        digits = text[3:].removeprefix("-")  # a handler's own key may be negative (newest first)
        if not text.startswith("gw:") or not (digits.isascii() and digits.isdigit()):
            raise ValueError(token)  # a cursor gwmock never issued: "+1", " 1", "1_0", other digits
        return int(text[3:])
    except (ValueError, UnicodeDecodeError, binascii.Error):
        raise error() from None


def _take(rows: Iterable[tuple[Cursor, Record]], limit: int | None, keep: Filter | None, view: View | None,
          ) -> tuple[list[Record], Cursor | None]:
    if keep is None:
        # Unfiltered (most listings): the page and the one row that tells whether more
        # follow are taken in C, then viewed.
        taken = list(rows if limit is None else islice(rows, limit + 1))
        more: Cursor | None = None
        if limit is not None and len(taken) > limit:
            more = taken[limit - 1][0] if limit else None
            del taken[limit:]
        return [view(record) for _, record in taken] if view else [record for _, record in taken], more
    items: list[Record] = []
    last: Cursor | None = None
    it: Iterator[tuple[Cursor, Record]] = iter(rows)
    for cursor, record in it:
        if keep is not None and not keep(record):
            continue
        if limit is not None and len(items) == limit:
            return items, last  # there is at least one more item
        items.append(view(record) if view else record)
        last = cursor
    return items, None


Seek = Callable[[str | None, int | None], Iterable[tuple[str, Record]]]  # (after, at most n rows)


def _page(ctx: Context, collection: Key, rows: Iterable[tuple[Cursor, Record]] | None, after: Cursor | None,
          limit: int | None, keep: Filter | None, view: View | None,
          seek: Seek | None = None, invalid: Callable[[], Exception] = lambda: BadRequest("Invalid pagination token"),
          ) -> tuple[list[Record], Cursor | None]:
    """One page after cursor ``after``: from the store, from ``rows`` a handler computed,
    or from ``seek(after, n)``, the first ``n`` rows after a sort key (an index: the page costs
    its size; ``n`` is None for every row, or when ``keep`` filters them).

    ``rows`` must come in ascending cursor order; a handler that sorts by its own key
    passes that key (unique, e.g. a resource's path) as the cursor, so pages stay put
    when items are added or deleted between them."""
    if seek is not None:
        if after is not None and not isinstance(after, str):
            return [], None  # a token of another listing: nothing sorts after it
        if keep is not None or limit is None:
            return _take(seek(after, None), limit, keep, view)
        page: list[tuple[str, Record]] = seek(after, limit + 1)  # type: ignore[assignment]  # a list: the page, one row more
        more = None
        if len(page) > limit:
            more = page[limit - 1][0] if limit else None
            page = page[:limit]
        records = list(map(_RECORD, page))  # in C
        return (list(map(view, records)) if view else records), more
    if rows is None:
        if after is not None and not isinstance(after, int):  # a sorted listing's token: the service's words
            raise invalid()
        return _take(ctx.store.scan(collection, after), limit, keep, view)
    if after is not None:
        bound = after
        rows = ((c, r) for c, r in rows if type(c) is type(bound) and c > bound)  # type: ignore[operator]
    return _take(rows, limit, keep, view)


_INTEGER = re.compile(r"[+-]?[0-9]{1,4000}")


def _invalid_position() -> Exception:
    return BadRequest("Invalid position parameter")


def _invalid_next_token() -> Exception:
    return BadRequest("Invalid NextToken")


def page_v1(ctx: Context, collection: Key, params: Params, keep: Filter | None = None,
            view: View | None = None, rows: Iterable[tuple[Cursor, Record]] | None = None,
            seek: Seek | None = None) -> dict[str, Any]:
    limit = params.get("limit")
    if limit is None:
        limit = 25
    elif limit > 500:
        raise ValidationError(f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy "
                              "constraint: Member must have value less than or equal to 500")
    elif limit < 1:
        raise ValidationError(f"1 validation error detected: Value '{limit}' at 'limit' failed to satisfy "
                              "constraint: Member must have value greater than or equal to 1")
    token = params.get("position")
    after = decode_token(token, _invalid_position) if token else None
    items, last = _page(ctx, collection, rows, after, limit, keep, view, seek, _invalid_position)
    out: dict[str, Any] = {"items": items}
    if last is not None:
        out["position"] = encode_token(last)
    return out


def page_v2(ctx: Context, collection: Key, params: Params, keep: Filter | None = None,
            view: View | None = None, rows: Iterable[tuple[Cursor, Record]] | None = None,
            seek: Seek | None = None) -> dict[str, Any]:
    limit = None
    if params.get("MaxResults") not in (None, ""):
        text = str(params["MaxResults"])
        if _INTEGER.fullmatch(text) is None:  # digits only, as Java reads a number (guess): no "1_0", no padding
            raise BadRequest(f"Invalid MaxResults: {params['MaxResults']}")
        limit = int(text)
        if limit < 1:
            raise BadRequest("MaxResults must be greater than or equal to 1")
        limit = min(limit, sys.maxsize - 1)  # more than any store holds; islice takes no larger stop
    token = params.get("NextToken")
    after = decode_token(token, _invalid_next_token) if token else None
    items, last = _page(ctx, collection, rows, after, limit, keep, view, seek, _invalid_next_token)
    out: dict[str, Any] = {"Items": items}
    if last is not None:
        out["NextToken"] = encode_token(last)
    return out
