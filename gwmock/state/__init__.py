"""State backends: where the records of a fake AWS account live.

Records are JSON-compatible dicts shaped like the API's output structures. A
record's key is a tuple of strings; the key minus its last element names the
*collection* it belongs to, and collections list in insertion order. Handlers see
a backend only through ``Context.store``, scoped to one account and region.
"""

from gwmock.errors import StateUrlError
from gwmock.state.base import Backend, Key, Record
from gwmock.state.memory import MemoryBackend

__all__ = ["Backend", "Key", "MemoryBackend", "Record", "backend_from_url", "sqlite_path"]


def backend_from_url(url: str | None) -> Backend:
    """A backend for a state URL; a URL gwmock cannot use raises ``StateUrlError`` naming it.

    * ``None``, ``memory://``: the in-process memory backend;
    * ``sqlite:///relative/path.db``: a SQLite file relative to the working directory;
    * ``sqlite:////absolute/path.db``: a SQLite file at an absolute path (four slashes);
    * ``sqlite://`` or ``sqlite:///:memory:``: a SQLite database in memory.

    The SQLite forms follow SQLAlchemy's URLs, so a URL means the same file in both.
    """
    if url is not None and not isinstance(url, str):
        raise StateUrlError(f"a state URL is a string such as 'sqlite:///state.db', not {type(url).__name__}")
    if not url or url in ("memory://", "memory:"):
        return MemoryBackend()
    if url.startswith("sqlite:"):
        from gwmock.state.sqlite import SqliteBackend  # noqa: PLC0415 - optional, loaded on demand

        return SqliteBackend(sqlite_path(url))
    raise StateUrlError(f"unknown state URL {url!r}: use memory://, sqlite:///relative.db or sqlite:////abs/path.db")


def sqlite_path(url: str) -> str:
    """The file path a ``sqlite:`` URL names (``""`` for an in-memory database)."""
    if not url.startswith("sqlite://"):
        raise StateUrlError(f"state URL {url!r} is not of the form sqlite:///relative.db or sqlite:////abs/path.db")
    rest = url.removeprefix("sqlite://")
    if rest in ("", "/:memory:"):
        return ""
    if rest.startswith(("?", "/:memory:?", "#")):
        raise StateUrlError(f"state URL {url!r}: query parameters are not supported")
    if not rest.startswith("/"):
        raise StateUrlError(f"state URL {url!r} names a host ({rest.split('/', 1)[0]!r}); SQLite URLs have none: "
                            "use sqlite:///relative.db or sqlite:////abs/path.db")
    path = rest[1:]
    if "?" in path or "#" in path:
        raise StateUrlError(f"state URL {url!r}: query parameters are not supported")
    if not path:
        raise StateUrlError(f"state URL {url!r} names no file: use sqlite:///relative.db or sqlite:////abs/path.db")
    return path
