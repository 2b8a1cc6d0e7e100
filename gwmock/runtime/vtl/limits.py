"""The bounds every render runs under, and the meter that enforces them.

Each bound is a count (steps, loop iterations, nesting depth, characters), so a template
fails the same way on any machine; the wall-clock budget is only a safety net behind them.
Exceeding one is a :class:`TemplateError`, which the pipeline answers as AWS answers a failed
transformation (500 "Internal server error").

AWS publishes no such numbers for VTL (guess): the output bound is the 10 MB payload quota,
the template bound the 300 KB mapping-template size, the nesting depth Velocity's default
``velocimacro.max.depth`` (20); the step and iteration counts are far above what a real
mapping template needs (a typical one takes a few hundred steps).
"""

from __future__ import annotations

from contextvars import ContextVar
from dataclasses import dataclass

from gwmock import clock


class TemplateError(Exception):
    """A template API Gateway could not evaluate (answered as a 500 by the pipeline)."""


@dataclass(frozen=True)
class Limits:
    """How much one render may do."""

    steps: int = 1_000_000  # statements, expression nodes, method calls, values walked
    iterations: int = 100_000  # #foreach iterations in all loops together (and range sizes)
    depth: int = 20  # macro calls, #evaluate and #define nested in each other
    output: int = 10 * 1024 * 1024  # characters of the output, and of any one string
    allocation: int = 64 * 1024 * 1024  # characters of all the strings a render builds
    template: int = 300 * 1024  # characters of the template itself
    nesting: int = 50  # blocks, parentheses and strings nested in the template's text
    seconds: float = 5.0  # safety net behind the counts (a loaded machine is slow, not wrong)


DEFAULT = Limits()


class Budget:
    """What is left of :class:`Limits` during one render."""

    __slots__ = ("limits", "steps", "iterations", "built", "depth", "check_at", "_deadline")

    def __init__(self, limits: Limits) -> None:
        self.limits = limits
        self.steps = 0
        self.iterations = 0
        self.built = 0
        self.depth = 0
        self.check_at = 4096  # the next count at which ``step`` checks the bounds (hot loops inline it)
        self._deadline = clock.monotonic() + limits.seconds

    def step(self, count: int = 1) -> None:
        self.steps += count
        if self.steps >= self.check_at:
            if self.steps > self.limits.steps:
                raise TemplateError(f"template exceeded {self.limits.steps} evaluation steps")
            self.check_at = self.steps + 4096
            if clock.monotonic() > self._deadline:
                raise TemplateError(f"template exceeded {self.limits.seconds} s")

    def iteration(self) -> None:
        self.iterations += 1
        if self.iterations > self.limits.iterations:
            raise TemplateError(f"template exceeded {self.limits.iterations} loop iterations")
        self.step()

    def string(self, value: str) -> str:
        """Charge a string the template built (it must fit the output bound)."""
        size = len(value)
        if size > self.limits.output:
            raise TemplateError(f"string longer than {self.limits.output} characters")
        self.built += size
        if self.built > self.limits.allocation:
            raise TemplateError(f"template built more than {self.limits.allocation} characters")
        return value


_CURRENT: ContextVar[Budget | None] = ContextVar("gwmock_vtl_budget", default=None)


def current() -> Budget | None:
    """The budget of the render running in this context (walks of values charge it)."""
    return _CURRENT.get()


def activate(budget: Budget) -> object:
    return _CURRENT.set(budget)


def deactivate(token: object) -> None:
    _CURRENT.reset(token)  # type: ignore[arg-type]
