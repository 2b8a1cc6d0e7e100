"""Links in the docs work where they are read: README.md on a package index page (absolute
URLs only), docs/ as a MkDocs site (relative links stay inside docs/ and name a page that
exists; anything outside docs/ is an absolute repository URL), and the strict site build passes.
"""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
DOCS = ROOT / "docs"
REPOSITORY = "https://github.com/gwmock/gwmock/blob/main/"
_LINK = re.compile(r"(?<!!)\[[^\]]*\]\(([^)\s]+)\)")
_FENCED = re.compile(r"^(`{3,}).*?^\1\s*$", re.M | re.S)


def _links(path: Path) -> list[str]:
    text = _FENCED.sub("", path.read_text(encoding="utf-8"))
    return _LINK.findall(text)


def test_readme_links_are_absolute() -> None:
    links = _links(ROOT / "README.md")
    assert links
    relative = [link for link in links if not link.startswith(("https://", "http://", "#"))]
    assert relative == [], "README.md is shown on the package index: use absolute URLs"
    for link in links:
        if link.startswith("https://github.com/gwmock/gwmock/blob/main/"):
            assert (ROOT / link.removeprefix(REPOSITORY).split("#")[0]).exists(), link


@pytest.mark.parametrize("page", sorted(DOCS.glob("*.md")), ids=lambda page: page.name)
def test_docs_links_resolve(page: Path) -> None:
    for link in _links(page):
        if link.startswith(("https://", "http://", "mailto:", "#")):
            if link.startswith(REPOSITORY):
                assert (ROOT / link.removeprefix(REPOSITORY).split("#")[0]).exists(), f"{page.name}: {link}"
            continue
        target = (page.parent / link.split("#")[0]).resolve()
        assert DOCS.resolve() in target.parents, f"{page.name}: {link} leaves docs/: use {REPOSITORY}..."
        assert target.exists(), f"{page.name}: {link} names no page"


def test_mkdocs_strict_build(tmp_path: Path) -> None:
    pytest.importorskip("mkdocs")
    result = subprocess.run([sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path)],
                            cwd=ROOT, capture_output=True, text=True, timeout=120, check=False)
    assert result.returncode == 0, result.stderr[-3000:]
