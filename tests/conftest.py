import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
# Every memory backend of the suite checks that handlers never change stored records in place.
os.environ.setdefault("GWMOCK_STRICT", "1")

# freezegun's start() reads every attribute of every loaded module. Powertools' parser loads its pydantic
# models lazily on such a read, and pydantic 2.14 cannot build a model while ``datetime`` is freezegun's
# FakeDatetime: the freeze then fails half-started and stays on for the rest of the worker (later tests
# hang in asyncio.sleep). Seen on a fresh install with pydantic 2.14.4; 2.13 builds the model.
try:
    import freezegun
except ImportError:  # pragma: no cover - a test extra
    pass
else:
    freezegun.configure(extend_ignore_list=["aws_lambda_powertools"])


# --- the oldest supported botocore ---------------------------------------------------------------
# gwmock serves the operations and members of the installed botocore model (docs: "operations an
# older model lacks are simply absent"). A test of a feature that model lacks cannot run there: it is
# reported as skipped, naming what is missing, instead of failing. With the newest botocore nothing
# is missing and this hook changes nothing.

import pytest  # noqa: E402
from helpers import MISSING_FROM_MODEL, missing_model_name  # noqa: E402


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):  # type: ignore[no-untyped-def]
    outcome = yield
    if not MISSING_FROM_MODEL or call.excinfo is None:
        return
    report = outcome.get_result()
    if not report.failed:
        return
    name = missing_model_name(call.excinfo.value)
    if name is not None:
        import botocore

        report.outcome = "skipped"
        report.longrepr = (str(item.path), item.location[1] or 0,
                           f"Skipped: botocore {botocore.__version__}'s model has no {name}")
