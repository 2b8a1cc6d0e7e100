"""Every fenced ``python`` block of README.md and docs/*.md runs, so the docs cannot drift from the code.

Each block runs in a fresh namespace inside its own temporary directory, with the network
closed (only loopback addresses may be connected to) and no moto mock active. A block that
defines tests (top-level ``def test_*``, ``async def test_*`` or ``class Test*``) is written
to a test file of its own folder, and all such files are run by one child pytest, so
fixtures, markers and pytest-asyncio behave as they do for the reader (the working
directory is then the run's root, not the block's folder); any other block is executed.

Conventions, as HTML comments on the lines just before a block's opening fence (invisible
on the rendered page):

* ``<!-- not-run: reason -->``: the block is deliberately partial; it is only compiled, so it
  must still be valid Python. Use sparingly.
* ``<!-- continues -->``: the block runs after the previous ``python`` block of the same
  file, in the same namespace (a walkthrough split by prose).
* ``<!-- file: relative/path -->``: the block (any language) is not run but written to
  that path in the temporary directory before each ``python`` block of the same file
  runs, e.g. the ``template.yaml`` an example deploys.
* ``<!-- as: relative/test_path.py -->``: a block that defines tests is written to that
  path (instead of ``test_doc_example.py``), for examples that find files relative to
  their own ``__file__`` (``tests/test_api.py`` beside ``template.yaml``).

``KNOWN_BROKEN`` lists blocks of docs this test's owner does not own that fail today (keyed by
file and first line of code, so edits above them do not unhook them); each is a strict xfail,
so the test fails once the block is fixed, and the entry must go.
"""

from __future__ import annotations

import ast
import re
import socket
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]
_FENCE = re.compile(r"^(`{3,})\s*([\w+-]*)\s*$")
_DIRECTIVE = re.compile(r"^<!--\s*(not-run|continues|file|as)\s*(?::\s*(.*?))?\s*-->$")
_LOOPBACK = {"127.0.0.1", "::1", "localhost"}

# The same guard as ``no_network`` for the pytest child process that runs a block's tests.
_NO_NETWORK_CONFTEST = f"""
import socket

_real_getaddrinfo = socket.getaddrinfo


def _getaddrinfo(host, *args, **kwargs):
    name = host.decode() if isinstance(host, bytes) else host
    if name is not None and str(name) not in {sorted(_LOOPBACK)!r}:
        raise OSError(f"a docs example tried to reach the network: {{name!r}}")
    return _real_getaddrinfo(host, *args, **kwargs)


socket.getaddrinfo = _getaddrinfo

_RESULTS = []


def pytest_collectreport(report):
    if report.failed:
        _RESULTS.append((report.nodeid, "collect", "failed", report.longreprtext))


def pytest_runtest_logreport(report):
    if report.when == "call" or report.outcome != "passed":
        _RESULTS.append((report.nodeid, report.when, report.outcome, report.longreprtext))


def pytest_sessionfinish(session):
    import json, pathlib
    pathlib.Path(session.config.rootpath, "results.json").write_text(json.dumps(_RESULTS))
"""

# (file relative to the root, first line of the block) -> why it fails today.
KNOWN_BROKEN: dict[tuple[str, str], str] = {}


@dataclass
class Block:
    path: str  # relative to the repository root
    line: int  # 1-based line of the opening fence
    language: str
    code: str
    directives: dict[str, str] = field(default_factory=dict)

    @property
    def id(self) -> str:
        return f"{self.path}:{self.line}"


def _blocks(doc: Path) -> list[Block]:
    """The fenced blocks of ``doc`` with the directives written just above each."""
    lines = doc.read_text(encoding="utf-8").splitlines()
    blocks: list[Block] = []
    index = 0
    while index < len(lines):
        opening = _FENCE.match(lines[index])
        if not opening:
            index += 1
            continue
        fence, language, start = opening.group(1), opening.group(2), index
        end = start + 1
        while end < len(lines) and lines[end].strip() != fence:
            end += 1
        directives: dict[str, str] = {}
        above = start - 1
        while above >= 0 and (not lines[above].strip() or _DIRECTIVE.match(lines[above].strip())):
            found = _DIRECTIVE.match(lines[above].strip())
            if found:
                directives.setdefault(found.group(1), found.group(2) or "")
            above -= 1
        blocks.append(Block(str(doc.relative_to(ROOT)), start + 1, language, "\n".join(lines[start + 1:end]) + "\n",
                            directives))
        index = end + 1
    return blocks


ALL_BLOCKS = {doc: _blocks(doc) for doc in DOCS}
PYTHON_BLOCKS = [block for blocks in ALL_BLOCKS.values() for block in blocks
                 if block.language == "python" and "file" not in block.directives]


def _chain(block: Block) -> list[Block]:
    """The block and, for ``continues``, the python blocks of its file it continues, oldest first."""
    python = [b for b in ALL_BLOCKS[ROOT / block.path] if b.language == "python" and "file" not in b.directives]
    position = python.index(block)
    chain = [block]
    while "continues" in chain[0].directives and position > 0:
        position -= 1
        chain.insert(0, python[position])
    return chain


def _defines_tests(source: str) -> bool:
    for node in ast.parse(source).body:
        if isinstance(node, (ast.FunctionDef, ast.AsyncFunctionDef)) and node.name.startswith("test"):
            return True
        if isinstance(node, ast.ClassDef) and node.name.startswith("Test"):
            return True
    return False


@pytest.fixture
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse to resolve any name but loopback ones: every connection by host name (requests,
    urllib3, http.client, botocore) resolves first. ``socket.socket.connect`` is left to
    gwmock's own guard, which wraps and restores it around each mock."""
    real_getaddrinfo = socket.getaddrinfo

    def getaddrinfo(host: Any, *args: Any, **kwargs: Any) -> Any:
        name = host.decode() if isinstance(host, bytes) else host
        if name is not None and str(name) not in _LOOPBACK:
            raise OSError(f"a docs example tried to reach the network: {name!r}")
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket, "getaddrinfo", getaddrinfo)


def _params() -> list[Any]:
    params = []
    for block in PYTHON_BLOCKS:
        marks = []
        reason = KNOWN_BROKEN.get((block.path, block.code.lstrip().splitlines()[0] if block.code.strip() else ""))
        if reason is not None:
            marks.append(pytest.mark.xfail(reason=reason, strict=True))
        params.append(pytest.param(block, id=block.id, marks=marks))
    return params


def test_every_doc_has_been_read() -> None:
    assert (ROOT / "README.md") in ALL_BLOCKS and len(DOCS) > 5
    assert any(block.path == "README.md" for block in PYTHON_BLOCKS)


def test_directives_are_spelled_right() -> None:
    """A misspelt directive would silently run (or not skip) a block: refuse unknown ones."""
    for doc in DOCS:
        for number, line in enumerate(doc.read_text(encoding="utf-8").splitlines(), 1):
            text = line.strip()
            if text.startswith("<!--") and re.match(r"<!--\s*(not.?run|continue|file|as\b)", text, re.I):
                assert _DIRECTIVE.match(text), f"{doc.name}:{number}: malformed directive {text!r}"
                if text.startswith("<!-- not-run"):
                    assert _DIRECTIVE.match(text).group(2), f"{doc.name}:{number}: not-run needs a reason"  # type: ignore[union-attr]


@pytest.fixture(scope="module")
def pytest_blocks(tmp_path_factory: pytest.TempPathFactory) -> dict[str, list[tuple[str, str, str]]]:
    """Run every block that defines tests in one child pytest (one start-up for all of them),
    each block in a folder of its own; returns each block's (when, outcome, text) reports."""
    import json  # noqa: PLC0415
    import subprocess  # noqa: PLC0415
    import sys  # noqa: PLC0415

    root = tmp_path_factory.mktemp("doc_tests")
    (root / "conftest.py").write_text(_NO_NETWORK_CONFTEST, encoding="utf-8")
    folders: dict[str, str] = {}
    for number, block in enumerate(PYTHON_BLOCKS):
        source = "".join(b.code for b in _chain(block))
        if "not-run" in block.directives or not _defines_tests(source):
            continue
        folder = root / f"block{number}"
        _write_files(block, folder)
        target = folder / block.directives.get("as", "test_doc_example.py")
        assert folder.resolve() in target.resolve().parents, f"{block.id}: as: must stay inside the temp dir"
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(source, encoding="utf-8")
        folders[block.id] = f"block{number}/"
    reports: dict[str, list[tuple[str, str, str]]] = {block_id: [] for block_id in folders}
    if folders:
        subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "-p", "no:randomly",
                        "--import-mode=importlib", "-W", "error::pytest.PytestUnknownMarkWarning",
                        "--rootdir", str(root), str(root)], cwd=root, capture_output=True, timeout=300, check=False)
        results = json.loads((root / "results.json").read_text()) if (root / "results.json").exists() else []
        for nodeid, when, outcome, text in results:
            for block_id, prefix in folders.items():
                if nodeid.startswith(prefix):
                    reports[block_id].append((when, outcome, text))
    return reports


@pytest.mark.usefixtures("no_network")
@pytest.mark.parametrize("block", _params())
def test_example_runs(block: Block, request: pytest.FixtureRequest, tmp_path: Path,
                      monkeypatch: pytest.MonkeyPatch) -> None:
    source = "".join(b.code for b in _chain(block))
    if "not-run" in block.directives:  # a deliberate fragment: it must still be valid Python
        compile(source, block.id, "exec")
        return
    if _defines_tests(source):
        # run by pytest in a child process (the pytest_blocks fixture): fixtures, markers and
        # pytest-asyncio behave as for the reader, and gwmock's patches stay in that process
        reports = request.getfixturevalue("pytest_blocks")[block.id]
        failures = [text for when, outcome, text in reports if outcome == "failed"]
        assert not failures, "\n".join(failures)
        assert any(when == "call" and outcome == "passed" for when, outcome, _ in reports), reports or "no test ran"
    else:
        _write_files(block, tmp_path)
        monkeypatch.chdir(tmp_path)
        exec(compile(source, block.id, "exec"), {"__name__": "__doc_example__"})  # noqa: S102 - our own docs


def _write_files(block: Block, directory: Path) -> None:
    """Write the ``file:`` blocks of ``block``'s document into ``directory``."""
    for other in ALL_BLOCKS[ROOT / block.path]:
        if "file" in other.directives:
            target = directory / other.directives["file"]
            assert directory.resolve() in target.resolve().parents, f"{other.id}: file: must stay inside the temp dir"
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(other.code, encoding="utf-8")
