"""What a deployed API answered: the one value every pipeline returns."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any


@dataclass
class Response:
    """What a deployed API answered."""

    status: int
    headers: dict[str, str] = field(default_factory=dict)
    body: bytes = b""
    # Diagnostics for the test author, never sent on the wire: the execution log and the
    # exception of the integration or Lambda function that caused a 5xx.
    log: list[str] = field(default_factory=list, compare=False, repr=False)
    error: BaseException | None = field(default=None, compare=False, repr=False)

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")

    def json(self) -> Any:
        return json.loads(self.body)
