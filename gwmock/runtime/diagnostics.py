"""What the data plane tells the test author: each request recorded on the handle.

``record`` is called once per data-plane request, after the pipeline answered.
"""

from __future__ import annotations

from typing import Any

from gwmock.runtime.response import Response


def record(handle: Any, method: str, url: str, headers: dict[str, str], body: bytes, response: Response) -> None:
    """Keep the request, its answer, the execution log and any user-code exception on the handle."""
