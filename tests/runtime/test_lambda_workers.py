"""The worker threads that run timed Lambda calls: kept on the caller's CPU, never required to be."""

from __future__ import annotations

import os
import sys
import threading

import pytest

from gwmock.runtime import lambdas
from gwmock.runtime.lambdas import LambdaContext

ARN = "arn:aws:lambda:eu-west-1:123456789012:function:f"


def _call(fn):
    return lambdas.call(fn, LambdaContext(ARN, "f"), {"n": 1}, timeout=5.0)


def test_a_timed_call_runs_on_a_worker_thread_and_returns_its_answer():
    seen = {}

    def handler(event, context):
        seen["thread"] = threading.current_thread().name
        return {"n": event["n"] + 1}

    result = _call(handler)

    assert (result.payload, result.error, seen["thread"]) == ({"n": 2}, False, "gwmock-lambda")


@pytest.mark.skipif(sys.platform != "linux" or lambdas._getcpu is None, reason="Linux with sched_getcpu only")
@pytest.mark.parametrize("cpu_index", [0, -1])
def test_the_worker_runs_on_the_cpu_its_caller_is_on(cpu_index):
    cpu = sorted(os.sched_getaffinity(0))[cpu_index]
    seen = {}

    def caller():  # a thread of its own, pinned, so the test process's threads stay as they were
        os.sched_setaffinity(0, {cpu})
        seen["worker"] = _call(lambda event, context: sorted(os.sched_getaffinity(0))).payload

    thread = threading.Thread(target=caller)
    thread.start()
    thread.join()

    assert seen["worker"] == [cpu]


@pytest.mark.skipif(sys.platform != "linux" or lambdas._getcpu is None or len(os.sched_getaffinity(0)) < 2,
                    reason="Linux with sched_getcpu and two CPUs only")
def test_the_caller_is_held_on_its_cpu_while_it_waits_and_given_its_own_cpus_back():
    own = sorted(os.sched_getaffinity(0))[:2]
    seen = {}

    def caller():  # a thread of its own, so the test process's threads stay as they were
        os.sched_setaffinity(0, own)
        tid = threading.get_native_id()
        seen["while"] = _call(lambda event, context: sorted(os.sched_getaffinity(tid))).payload
        seen["after"] = sorted(os.sched_getaffinity(0))

    thread = threading.Thread(target=caller)
    thread.start()
    thread.join()

    assert len(seen["while"]) == 1 and seen["while"][0] in own  # woken where the worker ran
    assert seen["after"] == own


@pytest.mark.skipif(sys.platform != "linux" or lambdas._getcpu is None or len(os.sched_getaffinity(0)) < 2,
                    reason="Linux with sched_getcpu and two CPUs only")
def test_a_caller_is_given_its_own_cpus_back_when_the_function_overruns():
    own = sorted(os.sched_getaffinity(0))[:2]
    release = threading.Event()
    seen = {}

    def caller():
        os.sched_setaffinity(0, own)
        seen["result"] = lambdas.call(lambda event, context: release.wait(5), LambdaContext(ARN, "f"), {},
                                      timeout=0.05)
        seen["after"] = sorted(os.sched_getaffinity(0))

    thread = threading.Thread(target=caller)
    thread.start()
    thread.join()
    release.set()

    assert seen["result"].timed_out and seen["after"] == own


def test_a_process_that_may_not_move_threads_still_gets_answers(monkeypatch):
    def refuse(pid, cpus):
        raise PermissionError("not allowed in this sandbox")

    monkeypatch.setattr(os, "sched_setaffinity", refuse, raising=False)
    monkeypatch.setattr(lambdas, "_getcpu", lambda: 10_000)

    result = _call(lambda event, context: "ok")

    assert (result.payload, result.error) == ("ok", False)
    assert lambdas._getcpu is None  # stopped trying after the first refusal


def _on_new_worker(fn):
    """``fn``'s result when called on a worker made for this call (its thread set up anew)."""
    pool = lambdas._Workers()
    return pool.run(lambda: lambdas._run(fn, LambdaContext(ARN, "f"), {}), 5.0)


@pytest.mark.skipif(not hasattr(os, "SCHED_BATCH"), reason="a platform with Linux's scheduling policies")
def test_the_worker_runs_under_the_batch_policy_and_its_caller_keeps_its_own():
    before = os.sched_getscheduler(0)

    result = _on_new_worker(lambda event, context: os.sched_getscheduler(0))

    assert result.payload == os.SCHED_BATCH  # woken, it waits for its caller to let go of the CPU
    assert os.sched_getscheduler(0) == before == os.SCHED_OTHER


def test_a_process_that_may_not_change_policies_still_gets_answers(monkeypatch):
    def refuse(pid, policy, param):
        raise PermissionError("not allowed in this sandbox")

    monkeypatch.setattr(os, "sched_setscheduler", refuse, raising=False)

    result = _on_new_worker(lambda event, context: "ok")

    assert (result.payload, result.error) == ("ok", False)
