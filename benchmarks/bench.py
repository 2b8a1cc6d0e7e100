"""gwmock's own share of a call: against botocore's (or requests') floor, against moto, at scale.

    python benchmarks/bench.py               # full run (a few minutes)
    python benchmarks/bench.py --quick       # CI: fewer samples, well under a minute
    python benchmarks/bench.py --write-docs  # also regenerate docs/performance.md

One table of medians: gwmock's time, the floor's (what botocore or requests costs anyway
for the same call and the same wire bytes), their ratio against the goal, and moto's time
where moto can do the call. See ``_control.py`` (control plane), ``_data.py`` (data plane)
and ``_scale.py`` (memory, snapshot/restore, lifecycle, import). Every other
``benchmarks/bench_*.py`` module is imported and its ``run(quick) -> rows`` included.

Numbers never fail the run; a benchmark that raises does (exit status 1), after the
table is printed.
"""

from __future__ import annotations

import argparse
import datetime
import importlib
import platform
import statistics
import sys
import time
import traceback
from collections.abc import Callable
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import botocore  # noqa: E402

from benchmarks import _control, _data, _scale  # noqa: E402

Row = dict[str, Any]


def control_plane(quick: bool, repeat: int) -> list[Row]:
    from gwmock.state.sqlite import SqliteBackend

    measured = _control.run_gwmock(_control.CASES, repeat)
    moto_us, moto_version = _control.run_moto(_control.CASES, max(repeat // 2, 20))
    rows = []
    for case in _control.CASES:
        gw_us, floor_us = measured[case.name]
        rows.append({"name": case.name, "gwmock_us": gw_us, "floor_us": floor_us, "ratio": gw_us / floor_us,
                     "target": case.target, "moto_us": moto_us.get(case.name), "note": case.note})
    sqlite_cases = [case for case in _control.CASES if case.sqlite]
    path = Path("/tmp") / f"gwmock-bench-{datetime.datetime.now().timestamp():.0f}.db"
    backend = SqliteBackend(str(path))
    try:
        on_sqlite = _control.run_on_backends(sqlite_cases, repeat, backend)
    finally:
        backend.close()
        for suffix in ("", "-wal", "-shm"):
            Path(f"{path}{suffix}").unlink(missing_ok=True)
    for case in sqlite_cases:
        memory_us, sqlite_us = on_sqlite[case.name]
        rows.append({"name": f"SQLite {case.name}", "gwmock_us": sqlite_us, "floor_us": memory_us,
                     "ratio": sqlite_us / memory_us, "target": 2.0, "note": "floor = the memory backend"})
    if moto_version:
        rows.append({"name": "", "note": f"moto {moto_version}"})
    return rows


def sections(quick: bool, repeat: int) -> list[tuple[str, Callable[[], list[Row]]]]:
    return [
        ("Control plane (boto3 call; floor = botocore answered with the same bytes)",
         lambda: control_plane(quick, repeat)),
        ("Data plane (floor = the HTTP client answered with the same bytes, plus the handler called directly)",
         lambda: _data.run(quick, repeat)),
        ("Scale and lifecycle",
         lambda: [*_scale.large_account(10_000), _scale.lifecycle(repeat), _scale.import_cost(3 if quick else 7)]),
    ]


def external() -> list[tuple[str, Callable[[], list[Row]]]]:
    """Every ``benchmarks/bench_*.py`` other engineers add, as a section of its own."""
    out = []
    for path in sorted((ROOT / "benchmarks").glob("bench_*.py")):
        name = path.stem

        def load(name: str = name) -> Callable[[bool], list[Row]]:
            return importlib.import_module(f"benchmarks.{name}").run  # type: ignore[no-any-return]

        out.append((name, lambda load=load: load()(QUICK)))  # type: ignore[misc]
    return out


QUICK = False


def _cell(value: Any, fmt: str) -> str:
    return "-" if value is None or value == "" else format(value, fmt)


def _target(row: Row) -> str:
    target = row.get("target")
    if target is None:
        return "-"
    return f"{target:.2f}x" if isinstance(target, float) else str(target)


def _met(row: Row) -> str:
    target, ratio = row.get("target"), row.get("ratio")
    if isinstance(target, float) and ratio is not None:
        return "yes" if ratio <= target else "NO"
    value = row.get("gwmock_us")
    if isinstance(target, str) and target.startswith("< ") and value is not None:
        amount, unit = target[2:].split()
        limit = float(amount) * {"us": 1, "ms": 1e3, "s": 1e6}.get(unit, 0)
        if unit in ("us", "ms", "s"):
            return "yes" if value < limit else "NO"
    if isinstance(target, str) and target.endswith("MiB") and row.get("value"):
        return "yes" if float(row["value"].split()[0]) < float(target[2:].split()[0]) else "NO"
    return ""


def table(titled: list[tuple[str, list[Row]]]) -> str:
    head = (f"| {'measurement':42} | {'gwmock us':>10} | {'floor us':>9} | {'own us':>7} | {'ratio':>6} | {'goal':>9} "
            f"| {'met':>3} | {'moto us':>8} | note")
    lines = []
    for title, rows in titled:
        lines += ["", f"**{title}**", "", head, "|" + "|".join(["---"] * 9) + "|"]
        for row in rows:
            if not row.get("name"):
                continue
            value = row.get("value") or _cell(row.get("gwmock_us"), ".0f")
            own = row["gwmock_us"] - row["floor_us"] if row.get("gwmock_us") and row.get("floor_us") else None
            lines.append(f"| {row['name']:42} | {value:>10} | {_cell(row.get('floor_us'), '.0f'):>9} "
                         f"| {_cell(own, '.0f'):>7} | {_cell(row.get('ratio'), '.2f'):>6} | {_target(row):>9} "
                         f"| {_met(row):>3} "
                         f"| {_cell(row.get('moto_us'), '.0f'):>8} | {row.get('note') or ''}")
        for row in rows:
            if not row.get("name") and row.get("note"):
                lines.append(f"\n({row['note']})")
    return "\n".join(lines)


def docs(text: str, command: str) -> str:
    when = datetime.datetime.now(datetime.timezone.utc).strftime("%Y-%m-%d %H:%M UTC")
    return f"""# Performance

Generated by `{command}` on {when} (Python {platform.python_version()},
botocore {botocore.__version__}, {platform.machine()}, {_cores()} cores). Do not edit by hand: run the command again.

What is measured, and against what:

* **Control plane**: the median wall time of one boto3 call answered by gwmock, and the
  **floor**: the same client answered at the same hook (`Endpoint._send_request`) with
  the exact status, headers and body gwmock sent for that call, so that only botocore's
  own work remains (serialize, sign, parse). Samples of the two alternate in the same
  process state. **own** = gwmock - floor, gwmock's own share in microseconds (steadier
  than the ratio when the machine is busy); **ratio** = gwmock / floor; the goal is 1.10x (1.30x for deploying a
  50-resource API). "1,000 siblings", "1,000 routes", "10,000 stored" show that gwmock's
  share does not grow with the account. `SQLite ...` rows compare the SQLite backend with
  the memory backend, samples of the two interleaved (goal: within 2x). moto's time is for the
  same call inside `mock_aws`.
* **Data plane**: a `requests` call to a deployed API, against the same `requests` call
  answered at urllib3 (gwmock's hook) with the same bytes, plus the user's Lambda handler
  called directly with the event gwmock built (goal: 1.15x). `gw.invoke` has no client
  around it, so its whole time is gwmock's (goal for a MOCK integration: under 60 us).
  Each Lambda row includes a hand-off to a worker thread (its own row): the handler runs
  there so that the caller is answered 504 at the integration timeout even if it never returns.
  "mean of 20,000" is the one mean: what the requests kept on `gw.requests` cost in garbage
  collections (timed by `gc.callbacks`), which medians never show. "caches cold" times
  `gw.invoke` right after other work has filled the CPU caches, as inside a `requests` call:
  gwmock's code and records are then fetched again, which is why a `requests` row's own
  share is about twice what `gw.invoke` costs in a tight loop.
* **Scale**: 10,000 REST APIs with 20 resources each, written straight to the memory
  backend in gwmock's record shapes: memory (tracemalloc), `gw.snapshot()` and
  `gw.restore()` of that account.

Figures are medians in microseconds on a shared machine; ratios are steadier than the
absolute times. `python benchmarks/bench.py --quick` prints the same table with fewer
samples (CI runs it; it fails only when a benchmark breaks, never on a number).
{text}
"""


def _cores() -> int:
    import os

    return os.cpu_count() or 1


def main() -> int:
    global QUICK
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--quick", action="store_true", help="fewer samples, for CI")
    parser.add_argument("--repeat", type=int, default=None, help="samples per measurement")
    parser.add_argument("--write-docs", action="store_true", help="regenerate docs/performance.md")
    args = parser.parse_args()
    QUICK = args.quick
    repeat = args.repeat or (40 if args.quick else 300)
    titled: list[tuple[str, list[Row]]] = []
    broken = []
    for title, measure in [*sections(args.quick, repeat), *external()]:
        started = time.perf_counter()
        try:
            rows = measure()
        except Exception:  # noqa: BLE001 - a broken benchmark is reported, and fails the run at the end
            traceback.print_exc()
            broken.append(title)
            continue
        titled.append((title, rows))
        print(table([(title, rows)]), flush=True)
        print(f"({time.perf_counter() - started:.0f} s)", file=sys.stderr, flush=True)
    ratios = [row["ratio"] for _, rows in titled for row in rows
              if row.get("ratio") is not None and not row["name"].startswith(("SQLite", "gw.invoke API"))
              and row["name"] != ""]
    if ratios:
        print(f"\nmedian ratio to the floor: {statistics.median(ratios):.2f}x; worst {max(ratios):.2f}x")
    if args.write_docs and not broken:
        command = "python benchmarks/bench.py --write-docs" + (" --quick" if args.quick else "") + (
            f" --repeat {args.repeat}" if args.repeat else "")
        (ROOT / "docs" / "performance.md").write_text(docs(table(titled), command))
        print("wrote docs/performance.md")
    if broken:
        print(f"broken benchmarks: {', '.join(broken)}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
