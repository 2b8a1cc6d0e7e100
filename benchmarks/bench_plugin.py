"""What the gwmock pytest plugin costs a suite that does not use it.

A temporary directory holds 3,000 trivial tests (``quick``: 1,000). The suite runs in a
subprocess with the plugin (``pytest11`` entry point) and with ``-p no:gwmock``; best of
5 (``quick``: 3) runs each, interleaved, measured in CPU time of the child process.
Start-up is a run with no tests selected. Target: the plugin within 5% of the plain run.
``gwmock_us`` is per test (microseconds).
"""

from __future__ import annotations

import resource
import subprocess
import sys
import tempfile
from pathlib import Path
from typing import Any

TARGET = 1.05


def _suite(root: Path, tests: int) -> None:
    per_file = 100
    for index in range(tests // per_file):
        body = "".join(f"def test_{n}():\n    assert {n} == {n}\n\n" for n in range(per_file))
        (root / f"test_trivial_{index:03}.py").write_text(body)
    (root / "pytest.ini").write_text("[pytest]\naddopts = -p no:cacheprovider -p no:randomly\n")


def _cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def _once(root: Path, extra: list[str]) -> float:
    """CPU seconds (user + system) of one pytest run: steadier than wall time on a busy machine."""
    start = _cpu()
    subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", *extra], cwd=root,
                   check=False, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return _cpu() - start


def _best_pair(root: Path, extra: list[str], runs: int) -> tuple[float, float]:
    """Best (without the plugin, with it), runs interleaved so machine load hits both alike."""
    off = on = float("inf")
    for _ in range(runs):
        off = min(off, _once(root, ["-p", "no:gwmock", *extra]))
        on = min(on, _once(root, extra))
    return off, on


def run(quick: bool) -> list[dict[str, Any]]:
    tests, runs = (1000, 3) if quick else (3000, 5)
    with tempfile.TemporaryDirectory(prefix="gwmock-bench-plugin-") as tmp:
        root = Path(tmp)
        _suite(root, tests)
        off, on = _best_pair(root, [], runs)
        start_off, start_on = _best_pair(root, ["-k", "nothing_matches"], runs)
    return [
        {"name": f"plugin: {tests} trivial tests", "gwmock_us": on / tests * 1e6, "floor_us": off / tests * 1e6,
         "ratio": on / off, "target": TARGET, "note": f"best of {runs}; floor = -p no:gwmock"},
        {"name": "plugin: pytest start-up", "gwmock_us": start_on * 1e6, "floor_us": start_off * 1e6,
         "ratio": start_on / start_off, "target": TARGET, "note": "collection only, nothing selected"},
    ]


if __name__ == "__main__":
    for row in run("--quick" in sys.argv):
        print(f"{row['name']:<36} {row['gwmock_us']:>12.1f} us  floor {row['floor_us']:>12.1f} us  "
              f"ratio {row['ratio']:.3f}  ({row['note']})")
