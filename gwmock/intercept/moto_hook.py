"""moto's ``requests`` interception: ``moto.core.custom_responses_mock.passthrough_url``.

moto's ``mock_aws`` answers ``requests`` calls through ``responses`` before they reach urllib3
(gwmock's data-plane hook), execute-api URLs included ("Not yet implemented"). Adding the
execute-api pattern to moto's pass-through list covers a moto that is loaded when the mock
starts; this hook also covers a moto imported after it (a ``moto`` fixture that runs after
the ``gwmock`` one) and a ``mock_aws(config={"core": ...})`` whose own ``core`` settings
replace that list while moto is active.
"""

from __future__ import annotations

import re

from gwmock.intercept import EXECUTE_API_URL, active_mock, original

_EXECUTE_API = re.compile(EXECUTE_API_URL)


def passthrough_url(clean_url: str) -> bool:
    if active_mock() is not None and _EXECUTE_API.match(clean_url):
        return True
    return bool(original("moto.core.custom_responses_mock", "", "passthrough_url")(clean_url))
