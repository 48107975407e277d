"""``linter.report.indented.dumps`` writes what ``json.dumps(..., ensure_ascii=False,
indent=2)`` writes (the json and SARIF formats print through it), byte for byte."""

from __future__ import annotations

import json
from enum import IntEnum, StrEnum

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from linter.report.indented import dumps

SCALARS = (st.none() | st.booleans() | st.integers() | st.floats(allow_nan=True)
           | st.text())
KEYS = st.text() | st.integers() | st.floats() | st.booleans() | st.none()
VALUES = st.recursive(
    SCALARS,
    lambda inner: (st.lists(inner, max_size=4) | st.tuples(inner, inner)
                   | st.dictionaries(KEYS, inner, max_size=4)),
    max_leaves=30,
)


def expected(value: object) -> str:
    return json.dumps(value, ensure_ascii=False, indent=2)


@settings(max_examples=400, deadline=None)
@given(VALUES)
def test_it_writes_what_json_writes(value):
    assert dumps(value) == expected(value)


class Colour(StrEnum):
    RED = "red"


class Size(IntEnum):
    BIG = 3


@pytest.mark.parametrize("value", [
    [], {}, [[]], {"a": {}}, {"k": [1, 2.5, None, True]}, "\n\"\\\u2028\x00é",
    float("nan"), [float("inf"), -float("inf")], {1: "a", 2.5: "b", None: 0, False: 1},
    [Colour.RED, Size.BIG], {Colour.RED: Size.BIG},
])
def test_edge_values(value):
    assert dumps(value) == expected(value)


def test_what_json_refuses_it_refuses_alike():
    with pytest.raises(TypeError):
        dumps({"a": {1, 2}})
    with pytest.raises(TypeError):
        dumps({(1, 2): "tuple key"})
