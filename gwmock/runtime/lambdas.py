"""Lambda functions as Python callables: finding them and calling them (every pipeline).

Functions are registered with ``gw.add_lambda(name_or_arn, fn)`` and called as
``fn(event, context)``. An integration or authorizer URI
(``arn:aws:apigateway:{region}:lambda:path/2015-03-31/functions/{functionArn}/invocations``)
names the function by ARN, possibly with ``${stageVariables.x}`` and a qualifier; it is
found under the full ARN, then ``name:qualifier``, then the bare name.

* The context object has ``function_name``, ``function_version``, ``aws_request_id``,
  ``invoked_function_arn``, ``memory_limit_in_mb``, ``log_group_name``,
  ``log_stream_name`` and ``get_remaining_time_in_millis()`` (read from ``time.time()``, which
  freezegun and time-machine move: a frozen clock leaves the whole timeout, a clock moved back no
  more than it).
* An exception raised by the handler is a Lambda function error, answered as the
  Python runtime writes it: ``{"errorMessage", "errorType", "requestId", "stackTrace"}``
  (aws-recorded: test_apigateway_lambda test_lambda_selection_patterns). The exception
  is kept in ``LambdaResult.exception`` for the pipeline's log; the test sees the answer.
* A function running elsewhere (``gw.add_lambda(name, url)``: ``remote_functions``) answers what
  Lambda's Invoke returned: its payload with the text as sent (``Answered``: ``$input.body`` shows
  the runtime's own JSON), Lambda's error document as is (``FunctionError``), or the invocation's
  own failure (``InvocationError``), which ``call`` raises in the caller's thread: no function ran,
  so there is no answer to give (each pipeline answers it as AWS answers a failed invocation).
  ``call`` tells the context how long the caller waits (``caller_timeout``), which bounds the request.
Guesses: the function's memory is 128 MB and its time limit 3 s; request/auth payloads
that are not JSON reach the function as strings.
"""

from __future__ import annotations

import _thread
import asyncio
import functools
import json
import math
import os
import re
import sys
import threading
import time
import traceback
from collections.abc import Callable
from typing import Any

from gwmock.runtime.randomness import random_hex, uuid4
from gwmock.threads import batch_policy

_URI = re.compile(r"^arn:[a-z-]+:apigateway:[a-z0-9-]+:lambda:path/+[0-9-]+/functions/(?P<arn>.+)/invocations$")
_FUNCTION_ARN = re.compile(r"^arn:(?P<partition>[a-z-]+):lambda:(?P<region>[a-z0-9-]+):(?P<account>\d{12}):"
                           r"function:(?P<name>[^:]+)(?::(?P<qualifier>[^:]+))?$")
_STAGE_VARIABLE = re.compile(r"\$\{stageVariables\.([A-Za-z0-9_]+)\}")


class LambdaContext:
    """The ``context`` argument a Python Lambda handler receives (the fields tests use).

    ``request_id`` is the ``aws_request_id`` (a fresh UUID when not given). The log stream's
    name is made on first read: few handlers read it, and its random part and date would cost
    a fifth of a Lambda call's own time; the date is the one of the context's creation.
    """

    def __init__(self, arn: str, name: str, version: str = "$LATEST", memory: int = 128,
                 timeout_ms: int = 3000, request_id: str | None = None) -> None:
        self.function_name = name
        self.function_version = version
        self.invoked_function_arn = arn
        self.memory_limit_in_mb = memory
        self.aws_request_id = uuid4() if request_id is None else request_id
        self.log_group_name = f"/aws/lambda/{name}"
        self.identity = None
        self.client_context = None
        self._created = time.time()
        self._log_stream_name: str | None = None
        self._timeout_ms = timeout_ms
        # seconds the caller waits for the answer (``call`` sets it); set here so that every context
        # keeps the one key layout Python shares between instances
        self.caller_timeout: float | None = None

    @property
    def log_stream_name(self) -> str:
        """``2026/12/05/[$LATEST]`` and 32 random hex digits, the same on every read."""
        if self._log_stream_name is None:
            day = time.strftime("%Y/%m/%d", time.localtime(self._created))
            self._log_stream_name = day + "/[$LATEST]" + random_hex(16)
        return self._log_stream_name

    @log_stream_name.setter
    def log_stream_name(self, value: str) -> None:
        self._log_stream_name = value

    def get_remaining_time_in_millis(self) -> int:
        """Read from ``time.time()``, which freezegun and time-machine move (time-machine leaves
        ``monotonic`` alone): a test moving the clock moves the deadline closer; a clock moved
        back gives no more than the function's timeout, a clock moved past it 0."""
        # elapsed ms to the microsecond: epoch seconds as floats differ by float noise (1 ms after a
        # frozen 1 ms timeout read 0.99999 ms, so 0 left instead of 1)
        elapsed = round((time.time() - self._created) * 1000, 3)
        return min(max(math.floor(self._timeout_ms - elapsed), 0), self._timeout_ms)


class LambdaResult:
    """What a call gave: the payload (what the function returned, through JSON, or Lambda's error
    document), whether it is an error, the user code's exception, whether the caller's timeout
    passed first (the function may still be running) and ``text``: the payload as JSON text when
    the function answered, else None. A plain answer (``_plain``) is copied rather than sent
    through JSON, and its text is made on first read."""

    __slots__ = ("_text", "error", "exception", "payload", "timed_out")

    def __init__(self, payload: Any, error: bool, exception: BaseException | None = None,
                 timed_out: bool = False, text: str | None = None) -> None:
        self.payload = payload
        self.error = error
        self.exception = exception
        self.timed_out = timed_out
        self._text = text

    @property
    def text(self) -> str | None:
        if self._text is None and not self.error:
            self._text = json.dumps(self.payload)
        return self._text

    @property
    def known_text(self) -> str | None:
        """``text`` if it was made already (None otherwise, and for an error)."""
        return self._text

    def __repr__(self) -> str:
        return (f"LambdaResult(payload={self.payload!r}, error={self.error!r}, exception={self.exception!r}, "
                f"timed_out={self.timed_out!r})")


class NotJsonResult(LambdaResult):
    """An answer whose text is no JSON at all (a function running elsewhere may send any text, and
    Lambda passes it on): the payload is that text, ``text`` the JSON string of it, so every caller
    reads it as a function that returned a string. The type tells a pipeline that needs JSON."""

    __slots__ = ()


MAX_RESPONSE = 6_291_556  # bytes: Lambda's limit for a synchronous answer, as its error message gives it
MAX_REQUEST = 6_291_456  # bytes: Lambda's limit for a synchronous invocation's payload ("6 MB", its quotas)
_TOO_LARGE = {"errorMessage": f"Response payload size exceeded maximum allowed payload size ({MAX_RESPONSE} bytes).",
              "errorType": "Function.ResponseSizeTooLarge"}


def within_limit(result: LambdaResult) -> LambdaResult:
    """``result``, or Lambda's function error when its JSON passes 6,291,556 bytes: Lambda refuses to
    return a larger synchronous answer (its quotas page: 6 MB for a response; the error document as
    ``remote_functions`` gives it for functions served elsewhere). The JSON is measured only when it
    is known already, or when the answer (or its ``body``) is text that could pass the limit (12
    bytes at most per character, escaped), so the usual answer costs a ``len``. Guess: an answer
    made large by other members alone (thousands of headers) is not measured."""
    if result.error:
        return result
    text = result.known_text
    if text is None:
        payload = result.payload
        big = payload.get("body") if type(payload) is dict else payload
        if not (type(big) is str and len(big) > MAX_RESPONSE // 12):
            return result
        text = str(payload) if type(result) is NotJsonResult else result.text
        assert text is not None  # not an error
    if len(text) <= MAX_RESPONSE // 4 or len(text.encode()) <= MAX_RESPONSE:
        return result
    return LambdaResult(dict(_TOO_LARGE), True)


class Answered:
    """What a function running elsewhere answered, as Lambda's Invoke returned it (``remote_functions``):
    ``payload`` (the parsed JSON, or the text itself when ``is_json`` is False) and ``text`` as sent."""

    __slots__ = ("is_json", "payload", "text")

    def __init__(self, payload: Any, text: str, is_json: bool = True) -> None:
        self.payload = payload
        self.text = text
        self.is_json = is_json

    def result(self) -> LambdaResult:
        if self.is_json:
            return LambdaResult(self.payload, False, text=self.text)
        return NotJsonResult(self.payload, False, text=json.dumps(self.payload))

    def __repr__(self) -> str:
        return f"Answered(payload={self.payload!r}, is_json={self.is_json!r})"


class FunctionError(Exception):
    """A function running elsewhere failed and Lambda's Invoke said so (``X-Amz-Function-Error``):
    ``document`` is what it answered (Lambda's error document, parsed when it is JSON), reaching the
    pipeline as is, and ``text`` its JSON text."""

    def __init__(self, message: str, document: Any, text: str) -> None:
        super().__init__(message)
        self.document = document
        self.text = text


class InvocationError(Exception):
    """Lambda's Invoke itself failed (the server standing in for it refused, broke or could not be
    reached): ``call`` raises it in the caller's thread. ``remote_functions.InvocationFailed`` is
    also each pipeline's own failure, so each answers it as AWS answers a failed invocation."""


def function_arn(uri: str, stage_variables: dict[str, str]) -> str | None:
    """The function ARN an integration/authorizer URI names (stage variables substituted)."""
    uri = uri or ""
    if "${" in uri:
        uri = _STAGE_VARIABLE.sub(lambda m: stage_variables.get(m.group(1), ""), uri)
    return _arn_of(uri)


@functools.lru_cache(maxsize=512)
def _arn_of(uri: str) -> str | None:
    """Parsed once per URI text (the same few URIs come with every request)."""
    found = _URI.match(uri)
    if found is not None:
        return found["arn"]
    return uri if _FUNCTION_ARN.match(uri) else None


@functools.lru_cache(maxsize=512)
def _parts(arn: str) -> tuple[str, ...] | None:
    """The keys ``arn`` may be registered under, most specific first, and the name and version
    its context gets; None for text that is not a function ARN."""
    parsed = _FUNCTION_ARN.match(arn)
    if parsed is None:
        return None
    name, qualifier = parsed["name"], parsed["qualifier"]
    unqualified = arn.rsplit(":", 1)[0] if qualifier else arn
    keys = (arn, unqualified, f"{name}:{qualifier}", name) if qualifier else (arn, unqualified, name)
    return (name, qualifier or "$LATEST", *keys)


def find(handle: Any, arn: str) -> tuple[Any, LambdaContext] | None:
    """The registered callable for ``arn`` and the context to call it with."""
    lambdas: dict[str, Any] = getattr(handle, "lambdas", None) or {}
    parts = _parts(arn)
    if parts is None:
        fn = lambdas.get(arn)
        return None if fn is None else (fn, LambdaContext(arn, arn))
    name, version = parts[0], parts[1]
    for key in parts[2:]:
        if key in lambdas:
            fn = lambdas[key]
            # a function deployed from a template reports its own memory and timeout
            settings = getattr(fn, "context_settings", None)
            return fn, (LambdaContext(arn, name, version) if settings is None
                        else LambdaContext(arn, name, version, *settings))
    return None


def call(fn: Any, context: LambdaContext, event: Any, *, timeout: float | None = None) -> LambdaResult:
    """Call a handler as Lambda would, and never raise: whatever user code does becomes an answer.

    An exception (``SystemExit`` included) is a function error; a result that is not JSON, or too
    deep to be, is ``Runtime.MarshalError``. With ``timeout`` (seconds) the function runs on a worker
    thread and the caller stops waiting when it passes (``timed_out``); the function is left to
    finish on its daemon thread, as nothing can stop Python code from outside. The one exception
    raised is ``InvocationError``: a function running elsewhere could not be invoked at all.
    """
    if timeout is None:
        result = _run(fn, context, event)
    else:
        context.caller_timeout = timeout
        result = _workers.run(lambda: _run(fn, context, event), timeout)
    if result.error and isinstance(result.exception, InvocationError):
        raise result.exception
    return result


def _run(fn: Any, context: LambdaContext, event: Any) -> LambdaResult:
    try:
        result = fn(event, context)
    except BaseException as error:  # noqa: BLE001 - user code: every failure is a Lambda function error
        if isinstance(error, (FunctionError, InvocationError)):
            return _failed_elsewhere(error)
        frames = traceback.format_list(traceback.extract_tb(error.__traceback__)[1:])
        document = {"errorMessage": str(error), "errorType": type(error).__name__,
                    "requestId": context.aws_request_id, "stackTrace": frames}
        return LambdaResult(document, True, error)
    # what Lambda hands back is JSON: a plain answer is copied as the round trip would leave it,
    # anything else round-trips as the service would
    try:
        return LambdaResult(_plain(result, 0), False)
    except _NotPlain:
        pass
    if type(result) is Answered:
        return result.result()
    try:
        text = json.dumps(result)
        return LambdaResult(json.loads(text), False, text=text)
    except (TypeError, ValueError, RecursionError) as error:
        document = {"errorMessage": f"Unable to marshal response: {_short(error)}",
                    "errorType": "Runtime.MarshalError", "requestId": context.aws_request_id, "stackTrace": []}
        return LambdaResult(document, True, error)


def _failed_elsewhere(error: FunctionError | InvocationError) -> LambdaResult:
    """The result of a function running elsewhere that failed: its own document as is, or (an
    invocation that failed) nothing but the error for ``call`` to raise. The traceback is gwmock's
    own, not the function's: dropped, so the log shows the error's words only."""
    error.__traceback__ = None
    if isinstance(error, FunctionError):
        return LambdaResult(error.document, True, error, text=error.text)
    return LambdaResult(None, True, error)


class _NotPlain(Exception):
    """The value needs the JSON round trip to know what it becomes (or whether it can)."""


_PLAIN_DEPTH = 32  # deeper nesting (or a cycle) takes the JSON round trip, which decides its fate
_PLAIN_INT = 1 << 63  # larger ints too: their text may exceed the int-to-str digit limit


_SCALARS = frozenset({str, bool, float, type(None)})  # exact types the round trip gives back as they are


def _plain(value: Any, depth: int) -> Any:
    """``json.loads(json.dumps(value))`` for a value of exact JSON types only (dicts with ``str``
    keys, lists, ``str``, ``int``, ``float``, ``bool``, ``None``): what the round trip gives, a copy
    with the same key order, at a fifth of its cost. Anything else (tuples, subclasses, other keys,
    deep nesting) raises ``_NotPlain``: the round trip converts it or refuses it. Scalar members
    are taken in place, without a call each."""
    kind = type(value)
    if kind in _SCALARS:
        return value
    if kind is int:
        if -_PLAIN_INT < value < _PLAIN_INT:
            return value
        raise _NotPlain
    if depth < _PLAIN_DEPTH:
        if kind is dict:
            out = {}
            for key, item in value.items():
                if type(key) is not str:
                    raise _NotPlain
                out[key] = item if type(item) in _SCALARS else _plain(item, depth + 1)
            return out
        if kind is list:
            return [item if type(item) in _SCALARS else _plain(item, depth + 1) for item in value]
    raise _NotPlain


def _short(error: BaseException) -> str:
    return "maximum nesting depth exceeded" if isinstance(error, RecursionError) else str(error)


class _Workers:
    """Idle daemon threads reused across calls, so a timed call costs a hand-off (two thread
    switches), not a thread start. Each calling thread keeps a worker in a thread-local slot (no
    lock on the way); when that thread ends, its worker goes back to a shared idle list for the
    next new thread (list ``append``/``pop`` are atomic). A worker whose function overran its
    caller's timeout is set aside (it is still busy); the next call takes another, and a worker set
    aside is taken again once its function has returned, so timed-out calls leave behind only the
    threads whose functions still run.
    """

    def __init__(self) -> None:
        self._local = threading.local()
        self._idle: list[_Worker] = []
        self._overran: list[_Worker] = []  # running a function past its caller's timeout
        self._overran_lock = threading.Lock()

    def run(self, job: Callable[[], LambdaResult], timeout: float) -> LambdaResult:
        slot: _Slot | None = getattr(self._local, "slot", None)
        if slot is None:
            slot = self._local.slot = _Slot(self._idle)
        worker = slot.worker
        if worker is None:
            worker = slot.worker = self._take()
        if not worker.run(job, timeout):
            slot.worker = None  # still running the function: not handed another job until it returns
            with self._overran_lock:
                self._overran.append(worker)
            return LambdaResult(None, True, None, timed_out=True)
        result = worker.result
        worker.result = None
        assert result is not None
        return result

    def _take(self) -> _Worker:
        try:
            return self._idle.pop()
        except IndexError:
            pass
        if self._overran:
            with self._overran_lock:
                for worker in self._overran:
                    if worker.returned():
                        self._overran.remove(worker)
                        return worker
        return _Worker()


class _Slot:
    """A calling thread's worker; handed back to the idle list when the thread (and its slot) ends."""

    __slots__ = ("idle", "worker")

    def __init__(self, idle: list[_Worker]) -> None:
        self.idle = idle
        self.worker: _Worker | None = None

    def __del__(self) -> None:
        if self.worker is not None:
            self.idle.append(self.worker)


class _Worker:
    """One daemon thread; two locks used as signals hand a job over and its result back.

    The worker is kept on the CPU its caller last ran on: the caller only waits while the
    function runs, and waking a thread on another CPU costs far more than the switch itself
    (on a 2-core VM a hand-off took 57 us across CPUs, 14 us on one). The caller is held on that
    CPU while it waits, and given back its own CPUs after: woken by a worker still on the CPU,
    the kernel would otherwise wake it on an idle one, and the next call would move the worker
    after it (on a 2-core VM, with a handler and a caller doing real work, 75-90 us a hand-off
    against 14 us held). It runs under Linux's batch policy (``gwmock.threads``): handing it a
    job does not switch to it before its caller waits.
    """

    def __init__(self) -> None:
        self._go = _thread.allocate_lock()
        self._go.acquire()
        self._done = _thread.allocate_lock()
        self._done.acquire()
        self._job: Callable[[], LambdaResult] | None = None
        self.result: LambdaResult | None = None
        self._cpu = -1
        thread = threading.Thread(target=self._loop, name="gwmock-lambda", daemon=True)
        thread.start()
        self._tid = thread.native_id

    def run(self, job: Callable[[], LambdaResult], timeout: float) -> bool:
        own = None
        if _getcpu is not None:
            cpu = _getcpu()
            if cpu != self._cpu:
                self._cpu = cpu
                _follow(self._tid, cpu)
            own = _hold(cpu)
        self._job = job
        self._go.release()
        try:
            return self._done.acquire(True, max(timeout, 0))
        finally:
            if own is not None:
                _give_back(own)

    def returned(self) -> bool:
        """Whether the job its caller stopped waiting for has returned (its result is dropped): the
        worker is then idle again."""
        if not self._done.acquire(False):
            return False
        self.result = None
        return True

    def _loop(self) -> None:
        batch_policy()
        # Lambda runs handlers on a main thread with an event loop; libraries such as Mangum
        # call asyncio.get_event_loop(), which a bare worker thread would refuse.
        asyncio.set_event_loop(asyncio.new_event_loop())
        go, done = self._go, self._done
        while True:
            go.acquire()
            job, self._job = self._job, None
            assert job is not None
            self.result = job()
            done.release()


def _cpu_reader() -> Callable[[], int] | None:
    """glibc's ``sched_getcpu`` (a vDSO read, no system call), where the platform has it."""
    if sys.platform != "linux" or not hasattr(os, "sched_setaffinity"):
        return None
    try:
        import ctypes

        reader = ctypes.CDLL(None, use_errno=True).sched_getcpu
        reader.restype, reader.argtypes = ctypes.c_int, []
        return reader if reader() >= 0 else None
    except (OSError, AttributeError):
        return None


def _follow(tid: int | None, cpu: int) -> None:
    """Move worker ``tid`` to ``cpu``; where the process may not (a cpuset, a sandbox), stop trying."""
    global _getcpu
    if tid is None or cpu < 0:
        return
    try:
        os.sched_setaffinity(tid, {cpu})
    except OSError:
        _getcpu = None


def _hold(cpu: int) -> set[int] | None:
    """Keep the calling thread on ``cpu``; its own CPUs to give back, or None when it is already held
    to one (or the process may not move threads, and stops trying)."""
    global _getcpu
    try:
        own = os.sched_getaffinity(0)
        if len(own) < 2 or cpu not in own:
            return None
        os.sched_setaffinity(0, (cpu,))
    except OSError:
        _getcpu = None
        return None
    return own


def _give_back(own: set[int]) -> None:
    try:
        os.sched_setaffinity(0, own)
    except OSError:  # pragma: no cover - a sandbox that allowed the first move
        pass


_getcpu = _cpu_reader()
_workers = _Workers()
