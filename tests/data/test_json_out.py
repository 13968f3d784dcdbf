"""The CLI's JSON writer: strict JSON that any parser reads, with missing numbers as null."""

from __future__ import annotations

import json
import math

import numpy as np
import pytest

from kcdesk.data.json_out import dumps


def _strict(text: str) -> object:
    """Parse as a strict parser would: NaN/Infinity tokens are an error."""

    def refuse(token: str) -> object:
        raise ValueError(f"not JSON: {token}")

    return json.loads(text, parse_constant=refuse)


def test_nan_and_infinities_anywhere_become_null() -> None:
    report = {"close": math.nan, "levels": [1.5, math.inf, (-math.inf, 2.0)],
              "nested": {"sma200": np.float64("nan")}}
    assert _strict(dumps(report)) == {
        "close": None, "levels": [1.5, None, [None, 2.0]], "nested": {"sma200": None}}


def test_finite_values_and_text_are_kept_as_written() -> None:
    text = dumps({"ticker": "KC", "note": "zone — buy", "price": 10.25, "rows": 3, "ok": True})
    assert "zone — buy" in text  # not \\u2014: the CLI prints UTF-8
    assert _strict(text) == {"ticker": "KC", "note": "zone — buy", "price": 10.25, "rows": 3,
                             "ok": True}
    assert dumps([1], indent=None) == "[1]"


def test_a_non_finite_float_the_walk_does_not_reach_is_refused_not_printed() -> None:
    # the walk rewrites values, not keys; json would write this key as "NaN" text without
    # allow_nan=False
    with pytest.raises(ValueError):
        dumps({math.nan: 1}, indent=None)
