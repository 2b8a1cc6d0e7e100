"""State backends: where the records of a fake AWS account live.

Records are JSON-compatible dicts shaped like the API's output structures. A
record's key is a tuple of strings; the key minus its last element names the
*collection* it belongs to, and collections list in insertion order. Handlers see
a backend only through ``Context.store``, scoped to one account and region.
"""

from gwmock.state.base import Backend, Key, Record
from gwmock.state.memory import MemoryBackend

__all__ = ["Backend", "Key", "MemoryBackend", "Record", "backend_from_url"]


def backend_from_url(url: str | None) -> Backend:
    """``None`` or ``memory://`` for memory; ``sqlite:///path`` for a SQLite file."""
    if not url or url.startswith("memory:"):
        return MemoryBackend()
    if url.startswith("sqlite:"):
        from gwmock.state.sqlite import SqliteBackend  # noqa: PLC0415 - optional, loaded on demand

        return SqliteBackend(url.removeprefix("sqlite://"))
    raise ValueError(f"unknown state URL {url!r}: use memory:// or sqlite:///path")
