"""Usage plans on the data plane: the plan through which an API key reaches a stage, the plan's
throttling and quota, and the usage GetUsage reports.

One mechanism for every API kind that checks API keys: REST methods
(``runtime.rest.authorizers``) and WebSocket ``$connect`` (``runtime.websocket.api_keys``), so a
key's calls to a REST stage and its connections to a WebSocket stage of one plan draw on one
throttle bucket and one quota.

* The plan is the first (oldest) usage plan listing the stage that holds the key
  (``apigateway.lookups.usage_plans_of_stage``: indexed, never a scan).
* Throttling: the plan's ``apiStages[].throttle[method]`` for this stage, else the plan's
  ``throttle``; a token bucket per plan and key (``runtime.buckets``) of ``burstLimit`` tokens
  refilled at ``rateLimit`` a second ("A throttling limit is a request rate limit that is applied to
  each API key that you add to the usage plan"). A method's throttle missing one of the two limits
  (a ``rateLimit`` patched in alone) takes the plan's for it, in a bucket of the method's own; an
  empty one is none (guesses, as HTTP API route settings take the stage default's): neither lifts
  the plan's limits.
* Quota: at most ``quota.limit`` counted calls per ``DAY``/``WEEK``/``MONTH``, UTC, plus what
  UpdateUsage's ``/remaining`` moved (``adjust``). ``offset`` is the day a period starts: "with a
  time period of WEEK, an offset of 0 starts on Sunday, and an offset of 1 starts on Monday" (the
  SDKs' QuotaSettings documentation, e.g. https://docs.rs/aws-sdk-apigateway/0.4.0/aws_sdk_apigateway/model/struct.QuotaSettings.html);
  a MONTH period starts on its (offset+1)-th day, at most the 28th (guess, by analogy); WEEK takes the
  offset modulo 7.
* A call that passes both is counted (atomically: ``Store.exclusive``, the backend's lock or unit of work) under
  ``("usage", planId, keyId)`` as ``{"used": {"YYYY-MM-DD": n}, "adjust": {"<period start>": n}}``,
  the record ``apigateway.usage_plans`` reads for GetUsage; a throttled or over-quota call is not counted.
"""

from __future__ import annotations

import datetime
import time
from typing import Any

from gwmock.apigateway.lookups import usage_plans_of_stage
from gwmock.runtime.buckets import take
from gwmock.state.base import Record
from gwmock.state.store import Store

THROTTLED = "THROTTLED"  # the gateway response types a refusal is answered with (429 both)
QUOTA_EXCEEDED = "QUOTA_EXCEEDED"


def plan_of_key(store: Store, api_id: str, stage: str, key_id: str) -> Record | None:
    """The usage plan through which API key ``key_id`` reaches ``api_id``'s ``stage``, else None."""
    return next((plan for plan in usage_plans_of_stage(store, api_id, stage)
                 if store.get(("usageplans", plan["id"], "keys", key_id)) is not None), None)


def charge(handle: Any, store: Store, plan: Record, key_id: str, api_id: str, stage: str, method: str) -> str | None:
    """Throttle, then quota, then count one call of ``key_id`` through ``plan``: None when it goes on,
    else ``THROTTLED`` or ``QUOTA_EXCEEDED`` (AWS's order: a throttled call never reaches the quota)."""
    if not throttle_allows(handle, plan, key_id, api_id, stage, method):
        return THROTTLED
    return None if count(store, plan, key_id) else QUOTA_EXCEEDED


def throttle_allows(handle: Any, plan: Record, key_id: str, api_id: str, stage: str, method: str) -> bool:
    """Take a token from the key's bucket for ``method`` (REST: ``/pets/GET``); True when one was left."""
    own = None
    for api_stage in plan.get("apiStages") or []:
        if api_stage.get("apiId") == api_id and api_stage.get("stage") == stage:
            own = (api_stage.get("throttle") or {}).get(method)
    throttle = plan.get("throttle")
    scope = "*"
    if own:  # the method's limits, each one it lacks the plan's (guess)
        throttle, scope = {**(throttle or {}), **own}, method
    if not throttle or throttle.get("burstLimit") is None:
        return True
    return take(handle, ("plan", plan["id"], key_id, scope), float(throttle.get("rateLimit", 0.0)),
                int(throttle["burstLimit"]))


def count(store: Store, plan: Record, key_id: str) -> bool:
    """Count one call of ``key_id`` today; False, counting nothing, when the plan's quota is spent.
    The read, the quota check and the write are one unit of work: calls of one key on many threads
    (server mode's workers) neither lose counts nor pass the quota together."""
    with store.exclusive():
        return _count(store, plan, key_id)


def _count(store: Store, plan: Record, key_id: str) -> bool:
    key = ("usage", plan["id"], key_id)
    usage = store.get(key) or {}
    used = dict(usage.get("used") or {})
    day = utc_day()
    quota = plan.get("quota")
    if quota and quota.get("limit") is not None:
        first = period_start(datetime.date.fromisoformat(day), str(quota.get("period", "DAY")),
                             int(quota.get("offset") or 0)).isoformat()
        so_far = sum(int(n) for other, n in used.items() if first <= other <= day)
        if so_far >= int(quota["limit"]) + int((usage.get("adjust") or {}).get(first, 0)):
            return False
    used[day] = int(used.get(day, 0)) + 1
    store.put(key, {**usage, "used": used})
    return True


_last_day: tuple[int, str] = (-1, "")


def utc_day() -> str:
    """The UTC date a call counts on (``2026-12-06``), formatted once per second; read from
    ``time.time()``, which time-freezing libraries (freezegun, time-machine) move too. ISO's four
    year digits always: glibc's ``%Y`` writes year 1 as ``1``, which ``date.fromisoformat`` refuses."""
    global _last_day  # noqa: PLW0603 - a one-entry cache; a race only formats twice
    now = int(time.time())
    if _last_day[0] != now:
        _last_day = (now, datetime.date(*time.gmtime(now)[:3]).isoformat())
    return _last_day[1]


def period_start(day: datetime.date, period: str, offset: int = 0) -> datetime.date:
    """The first day of the quota period holding ``day``: WEEK periods start on Sunday + ``offset``
    days, MONTH periods on day ``offset + 1``; never before ``date.min`` (a frozen clock may sit there)."""
    if period == "WEEK":
        back = (day.isoweekday() - offset) % 7  # isoweekday: Sunday is 7, so 0 with offset 0
        return day - datetime.timedelta(days=min(back, (day - datetime.date.min).days))
    if period == "MONTH":
        start = min(offset, 27) + 1  # every month has the 28th
        if day.day >= start:
            return day.replace(day=start)
        if day.month > 1:
            return day.replace(month=day.month - 1, day=start)
        return day.replace(year=day.year - 1, month=12, day=start) if day.year > 1 else datetime.date.min
    return day
