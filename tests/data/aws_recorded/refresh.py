"""Make the project's copy of the recorded AWS answers the tests compare with.

    python tests/data/aws_recorded/refresh.py

Runs the suite once with ``GWMOCK_RECORDED_USAGE`` set, so ``tests/helpers.py`` reads the full
recordings from ``../shared/aws-recorded`` (beside the checkout) and logs every step a test
reads; then writes, per recording file, only the scenarios and steps used, in recorded order,
with their provenance. The copy is what a fresh clone's tests read.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
from collections import defaultdict
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parents[2]
SOURCE = ROOT.parent / "shared" / "aws-recorded"


def main() -> int:
    with tempfile.TemporaryDirectory() as tmp:
        usage = Path(tmp) / "usage.tsv"
        usage.touch()
        env = {**os.environ, "GWMOCK_RECORDED_USAGE": str(usage)}
        run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-n", "auto", "-p", "no:randomly"],
                             cwd=ROOT, env=env)
        if run.returncode not in (0, 1):
            print("the suite did not run: the copy was not refreshed", file=sys.stderr)
            return run.returncode
        if run.returncode == 1:  # failing tests still read their steps; say so and go on
            print("some tests failed; the steps they read are kept all the same", file=sys.stderr)
        used: dict[str, dict[str, set[str]]] = defaultdict(lambda: defaultdict(set))
        for line in usage.read_text().splitlines():
            file, scenario, step = line.split("\t")
            used[file][scenario].add(step)
    for old in HERE.glob("*.json"):  # the copies this script made (other files here keep their own sources)
        if (SOURCE / f"test_apigateway_{old.stem}.snapshot.json").exists():
            old.unlink()
    for file, scenarios in sorted(used.items()):
        source = SOURCE / f"test_apigateway_{file}.snapshot.json"
        recorded = json.loads(source.read_text())
        kept = {}
        for scenario in recorded:
            if scenario in scenarios:
                content = recorded[scenario]["recorded-content"]
                kept[scenario] = {"recorded-content": {k: v for k, v in content.items() if k in scenarios[scenario]}}
        document = {
            "provenance": (f"Responses recorded from real Amazon API Gateway (shared/aws-recorded/{source.name}); "
                           "ids, names and dates replaced by placeholders such as <id:1> and \"datetime\", the "
                           "recording account is 111111111111. Only the scenarios and steps the tests read are "
                           "kept, unchanged and in recorded order; made by tests/data/aws_recorded/refresh.py."),
            "scenarios": kept,
        }
        (HERE / f"{file}.json").write_text(json.dumps(document, indent=1, sort_keys=False) + "\n")
        print(f"{file}: {len(kept)} scenarios, {sum(len(v) for v in scenarios.values())} steps")
    return 0


if __name__ == "__main__":
    sys.exit(main())
