"""The prebuilt JSON encoders write exactly what ``json.dumps`` writes."""

from __future__ import annotations

import json
import math

import pytest
from hypothesis import given
from hypothesis import strategies as st

from gwmock.jsontext import compact, spaced

_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True) | st.text(),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=5), inner, max_size=4),
    max_leaves=20,
)


@given(_values)
def test_same_text_as_json_dumps(value: object) -> None:
    assert compact(value) == json.dumps(value, separators=(",", ":"))
    assert spaced(value) == json.dumps(value)


def test_non_ascii_and_special_floats_as_json_dumps() -> None:
    value = {"name": "pâtisserie ☕", "n": math.inf, "m": -math.inf, "x": math.nan, "e": 1e-7}
    assert compact(value) == '{"name":"p\\u00e2tisserie \\u2615","n":Infinity,"m":-Infinity,"x":NaN,"e":1e-07}'


def test_what_json_cannot_hold_is_a_type_error() -> None:
    with pytest.raises(TypeError, match="not JSON serializable"):
        compact({"when": object()})
