"""Extract the v1 patch-operation tables of the API reference into ``patch_tables.json``.

    python tests/data/patch_tables/extract.py

Reads ``../shared/seeds/003_*.txt`` (beside the checkout, as ``tests/data/aws_recorded/refresh.py``
finds ``../shared``) from the line "This section lists information about the supported patch
operations to update resources." to its end, and writes ``patch_tables.json`` next to this script:
``{"UpdateX": [{"path", "add", "replace", "remove", "copy", "caveats"}, ...], ...}`` in the
reference's order. Each op is ``true`` when its cell starts with "Supported" and ``false`` for
"Not supported"; a cell that says more than "Supported" (a condition, "except for MOCK
integrations", ...) keeps its text in ``caveats[op]``, and a footnote (``*``) of a path in
``caveats["note"]``. The JSON is checked in: CI has no ``../shared``; rerun this script when the
seed changes and review the diff.

The text was copied from HTML tables, page by page, so rows can be broken:

* a row whose path cell is empty continues the cells of the row above (UpdateDomainName's long
  caveats run on after a repeated header row);
* a row with a path and no op cell continues the path above, the overlap of the two pieces
  written once (UpdateUsagePlan's ``/apiStages/{apidId:stageName}`` + ``e}/throttle`` is the
  reference's ``/apiStages/{apidId:stageName}/throttle``, as boto3 #2629 shows AWS listing it);
* ``<code>`` tags and backticks are dropped; a trailing `` *`` marks a footnote.
"""

from __future__ import annotations

import json
import re
import sys
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SEEDS = ROOT.parent / "shared" / "seeds"
OUTPUT = HERE / "patch_tables.json"
START = "This section lists information about the supported patch operations to update resources."
OPS = ("add", "replace", "remove", "copy")
_ACTION = re.compile(r"^Update[A-Za-z]+$")
_HEADER = re.compile(r"^Path\top:add\top:replace\top:remove\top:copy\s*$")


def _clean(cell: str) -> str:
    return re.sub(r"</?code>|`", "", cell).strip()


def _merge_path(head: str, tail: str) -> str:
    """``head`` continued by ``tail``, their longest overlap written once."""
    for size in range(min(len(head), len(tail)), 0, -1):
        if head.endswith(tail[:size]):
            return head + tail[size:]
    return head + tail


def parse(text: str) -> dict[str, list[dict[str, Any]]]:
    lines = text.splitlines()
    start = next(i for i, line in enumerate(lines) if line.strip() == START)
    tables: dict[str, list[list[str]]] = {}
    notes: dict[str, dict[str, str]] = {}
    action: str | None = None
    for line in lines[start + 1:]:
        if _ACTION.match(line.strip()):
            action = line.strip()
            tables[action] = []
            continue
        if action is None or _HEADER.match(line):
            continue
        if line.startswith("* ") and tables[action]:
            notes.setdefault(action, {})["*"] = line[2:].strip()
            continue
        if "\t" not in line:
            continue  # prose ("The following table shows ...")
        cells = [_clean(c) for c in line.split("\t")]
        cells += [""] * (5 - len(cells))
        rows = tables[action]
        if not cells[0] and rows:  # the cells of the row above, continued
            rows[-1] = [f"{old} {new}".strip() if new else old for old, new in zip(rows[-1], cells, strict=False)]
        elif cells[0] and not any(cells[1:]) and rows:  # the path of the row above, continued
            rows[-1][0] = _merge_path(rows[-1][0], cells[0])
        else:
            rows.append(cells[:5])
    out: dict[str, list[dict[str, Any]]] = {}
    for name, rows in tables.items():
        out[name] = []
        for path, *texts in rows:
            footnote = path.endswith(" *")  # "/minimumCompressionSize *"; "/variables/*" is a path
            entry: dict[str, Any] = {"path": path.removesuffix(" *")}
            caveats: dict[str, str] = {}
            for op, cell in zip(OPS, texts, strict=True):
                if cell.startswith("Not supported"):
                    entry[op] = False
                elif cell.startswith("Supported"):
                    entry[op] = True
                else:
                    raise ValueError(f"{name} {path} {op}: unreadable cell {cell!r}")
                if cell not in ("Supported", "Not supported"):
                    caveats[op] = cell
            if footnote and "*" in notes.get(name, {}):
                caveats["note"] = notes[name]["*"]
            entry["caveats"] = caveats
            out[name].append(entry)
    return out


def main() -> int:
    """Write the JSON; with ``--check``, only say whether the checked-in JSON is the seed's (exit 1 if not)."""
    seeds = sorted(SEEDS.glob("003_*.txt"))
    if not seeds:
        print(f"no seed 003_*.txt in {SEEDS}", file=sys.stderr)
        return 1
    tables = parse(seeds[0].read_text())
    if "--check" in sys.argv[1:]:
        same = json.loads(OUTPUT.read_text()) == tables
        print(f"{OUTPUT.name} {'matches' if same else 'differs from'} {seeds[0].name}")
        return 0 if same else 1
    OUTPUT.write_text(json.dumps(tables, indent=1) + "\n")
    print(f"{OUTPUT.name}: {len(tables)} actions, {sum(len(v) for v in tables.values())} paths")
    return 0


if __name__ == "__main__":
    sys.exit(main())
