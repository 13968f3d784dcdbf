"""Numbers read the way the report writes them: "~$10–12", "$25+", "~3.2–3.9x", ">30%"."""

from __future__ import annotations

import math

import pytest

from kcdesk.model import fmt
from kcdesk.model.values import PlanError, RangeValue


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (RangeValue(10, 12, "usd", approx=True), "~$10–12"),
        (RangeValue(10, 12, "usd"), "$10–12"),
        (RangeValue(25, None, "usd"), "$25+"),
        (RangeValue(3.2, 3.9, "x", approx=True), "~3.2–3.9x"),
        (RangeValue(30, None, "pct"), ">30%"),
        (RangeValue(10, 20, "pct"), "10–20%"),
        (RangeValue(3, 5, "years"), "3–5 years"),
        (RangeValue.point(1.42, "usd", scale="B"), "$1.42B"),
        (RangeValue.point(18.2, "pct"), "18.2%"),
        (RangeValue.point(1.78, "x"), "1.78x"),
        (RangeValue.point(-17, "pct"), "-17%"),
        (RangeValue.point(17.6, "rmb", approx=True, scale="B"), "~RMB 17.6B"),
        (RangeValue.point(2.8, "hkd", scale="B"), "HK$2.8B"),
        (RangeValue.point(-15.5, "pct", approx=True), "~-15.5%"),
        (RangeValue(None, 1.0, "ratio"), "<1"),
        (RangeValue.point(0.94, "ratio"), "0.94"),
    ],
)
def test_range_value_reads_like_the_report(value: RangeValue, text: str) -> None:
    assert fmt.range_value(value) == text


def test_a_scaled_range_writes_its_scale_once() -> None:
    assert fmt.range_value(RangeValue(2.35, 2.65, "rmb", scale="B")) == "RMB 2.35–2.65B"


def test_a_signed_per_share_range_reads_from_low_to_high() -> None:
    assert fmt.range_value(RangeValue(-0.14, 0.06, "usd_ps", approx=True)) == "~-$0.14 to $0.06"


def test_a_negative_price_is_still_refused() -> None:
    with pytest.raises(PlanError, match="above zero"):
        RangeValue(-0.14, 0.06, "usd")


def test_an_approximate_open_percent_keeps_its_tilde() -> None:
    assert fmt.range_value(RangeValue(3, None, "pct", approx=True)) == "~3%+"


def test_price_percent_multiple_and_volume() -> None:
    assert fmt.price(11) == "$11.00"
    assert fmt.price(0) == "$0.00"
    assert fmt.price_change(0.2) == "+$0.20"
    assert fmt.price_change(-0.34) == "-$0.34"
    assert fmt.price_change(0.004) == "+$0.0040"
    assert fmt.price(0.5) == "$0.5000"
    assert fmt.price(-9.5) == "-$9.50"
    assert fmt.price(9.5, "hkd") == "HK$9.50"
    assert fmt.pct(31.4) == "31.4%"
    assert fmt.pct(1.1, signed=True) == "+1.1%"
    assert fmt.multiple(8.7) == "8.7x"
    assert fmt.volume(1_234_567) == "1.23M"
    assert fmt.volume(999) == "999"


@pytest.mark.parametrize("func", [fmt.price, fmt.pct, fmt.multiple, fmt.volume])
def test_missing_numbers_show_a_dash(func: object) -> None:
    assert func(None) == "—"  # type: ignore[operator]
    assert func(math.nan) == "—"  # type: ignore[operator]


def test_as_stated_keeps_the_reports_words_and_formats_where_there_are_none() -> None:
    ttm = RangeValue(1.25, 1.25, "usd", approx=True, scale="B")
    # a RangeValue alone cannot tell "≈" from "~"; the report's words can
    assert fmt.as_stated(ttm, "≈$1.25B") == "≈$1.25B"
    assert fmt.as_stated(ttm) == "~$1.25B"
    assert fmt.as_stated(ttm, "  ") == "~$1.25B"
