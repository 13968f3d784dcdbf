"""The one quarter parser: every accepted spelling, the refusals, and quarter arithmetic."""

from __future__ import annotations

from datetime import date

import pytest

from kcdesk.model.quarters import (
    QUARTER_HINT,
    check_quarter,
    parse_quarter,
    previous_quarter,
    quarter_end,
    quarter_of,
    quarters_between,
    shift_quarter,
    year_ago,
)
from kcdesk.model.values import PlanError


@pytest.mark.parametrize(
    "text",
    [
        "2025Q3",
        "2025q3",
        "2025 Q3",
        " 2025Q3 ",
        "Q3 2025",
        "q3 2025",
        "Q3  2025",
        "3Q25",
        "3q25",
        "3Q2025",
        "2025-Q3",
        "2025 - q3",
        "Q3/2025",
        "Q3-2025",
        "FY2025 Q3",
        "fy2025q3",
        "FY 2025 Q3",
        "Q3 FY2025",
        "Q3 25",
    ],
)
def test_every_accepted_spelling_becomes_2025q3(text: str) -> None:
    assert parse_quarter(text) == "2025Q3"


def test_two_digit_years_mean_20yy_and_the_hint_says_so() -> None:
    assert parse_quarter("1Q99") == "2099Q1"
    assert parse_quarter("4Q00") == "2000Q4"
    assert "20YY" in QUARTER_HINT and "1Q99 is 2099" in QUARTER_HINT


@pytest.mark.parametrize(
    ("text", "problem"),
    [
        ("2025Q5", "Q1 to Q4"),
        ("2025Q0", "Q1 to Q4"),
        ("5Q25", "Q1 to Q4"),
        ("2025-07", "not a quarter"),
        ("Q3", "not a quarter"),
        ("2025", "not a quarter"),
        ("", "is needed"),
        ("   ", "is needed"),
        ("soon", "not a quarter"),
        ("Q3 20255", "not a quarter"),
        ("2025Q3x", "not a quarter"),
        ("0999Q1", "between 1990 and 2199"),
    ],
)
def test_refusals_name_the_field_and_say_why(text: str, problem: str) -> None:
    with pytest.raises(PlanError, match=problem) as info:
        parse_quarter(text)
    assert info.value.field == "quarter"
    assert info.value.value == text


def test_a_non_string_is_refused() -> None:
    with pytest.raises(PlanError, match="is needed"):
        parse_quarter(None)


def test_check_quarter_accepts_only_the_canonical_form() -> None:
    assert check_quarter("q", "2025Q3") == "2025Q3"
    with pytest.raises(PlanError):
        check_quarter("q", "Q3 2025")


def test_quarter_arithmetic_crosses_year_ends() -> None:
    assert previous_quarter("2025Q1") == "2024Q4"
    assert previous_quarter("2025Q3") == "2025Q2"
    assert year_ago("2025Q3") == "2024Q3"
    assert shift_quarter("2024Q4", 1) == "2025Q1"
    assert shift_quarter("2024Q4", 5) == "2026Q1"  # 4 quarters to 2025Q4, one more to 2026Q1
    assert quarters_between("2024Q4", "2025Q2") == ("2024Q4", "2025Q1", "2025Q2")
    assert quarters_between("2025Q2", "2025Q1") == ()


def test_quarter_ends_and_the_quarter_of_a_date() -> None:
    assert quarter_end("2025Q1") == date(2025, 3, 31)
    assert quarter_end("2025Q2") == date(2025, 6, 30)
    assert quarter_end("2025Q3") == date(2025, 9, 30)
    assert quarter_end("2025Q4") == date(2025, 12, 31)
    assert quarter_of(date(2025, 7, 1)) == "2025Q3"
    assert quarter_of(date(2025, 12, 31)) == "2025Q4"


def test_canonical_quarters_sort_in_time_order_as_text() -> None:
    # Four-digit year then quarter digit: text order is time order, so sorted() is enough.
    assert sorted(["2025Q1", "2024Q4", "2024Q2"]) == ["2024Q2", "2024Q4", "2025Q1"]


def test_arithmetic_on_a_non_canonical_quarter_says_what_it_expected() -> None:
    with pytest.raises(PlanError) as err:
        previous_quarter("Q3 2025")
    assert (err.value.field, err.value.value) == ("quarter", "Q3 2025")
    assert "expected a canonical quarter such as 2025Q3" in str(err.value)
