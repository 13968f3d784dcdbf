"""The one quarter parser (many spellings -> canonical `2025Q3`) and quarter arithmetic."""

from __future__ import annotations

import re
from datetime import date

from kcdesk.model.values import PlanError

QUARTER_HINT = (
    "A quarter such as 2025Q3, Q3 2025, 3Q25, 2025-Q3, Q3/2025 or FY2025 Q3; "
    "two-digit years mean 20YY (1Q99 is 2099)."
)
FIRST_YEAR, LAST_YEAR = 1990, 2199  # outside this a four-digit year is a typo, not a quarter

_SEP = r"\s*[-/ ]?\s*"
# Each form yields the named groups `year` and `q`; the quarter digit is any digit so that
# "2025Q5" is refused as a quarter out of range rather than as unreadable.
_FORMS = (
    re.compile(rf"^(?:FY\s*)?(?P<year>\d{{4}}){_SEP}Q(?P<q>\d)$"),  # 2025Q3, 2025-Q3, FY2025 Q3
    re.compile(rf"^Q(?P<q>\d){_SEP}(?:FY\s*)?(?P<year>\d{{4}}|\d{{2}})$"),  # Q3 2025, Q3/2025
    re.compile(rf"^(?P<q>\d)Q{_SEP}(?:FY\s*)?(?P<year>\d{{4}}|\d{{2}})$"),  # 3Q25, 3Q2025
)
_CANONICAL = re.compile(r"^(\d{4})Q([1-4])$")


def parse_quarter(text: object, field: str = "quarter") -> str:
    """The canonical form (`2025Q3`) of a quarter written any of the accepted ways."""
    if not isinstance(text, str) or not text.strip():
        raise PlanError(field, text, f"a quarter is needed. {QUARTER_HINT}")
    cleaned = " ".join(text.strip().upper().split())
    for form in _FORMS:
        m = form.match(cleaned)
        if m is None:
            continue
        q = int(m["q"])
        if not 1 <= q <= 4:
            raise PlanError(field, text, "a year has quarters Q1 to Q4 only")
        digits = m["year"]
        year = 2000 + int(digits) if len(digits) == 2 else int(digits)
        if not FIRST_YEAR <= year <= LAST_YEAR:
            raise PlanError(field, text, f"the year must lie between {FIRST_YEAR} and {LAST_YEAR}")
        return f"{year}Q{q}"
    raise PlanError(field, text, f"not a quarter. {QUARTER_HINT}")


def check_quarter(field: str, quarter: object) -> str:
    """Return `quarter` if it is already canonical (`2025Q3`); values store only that form."""
    if not isinstance(quarter, str) or _CANONICAL.match(quarter) is None:
        raise PlanError(field, quarter, "expected a canonical quarter such as 2025Q3")
    return quarter


def quarter_index(quarter: str) -> int:
    """A running number of the quarter (consecutive quarters differ by one)."""
    m = _CANONICAL.match(quarter)
    if m is None:
        raise PlanError("quarter", quarter, "expected a canonical quarter such as 2025Q3")
    return int(m[1]) * 4 + int(m[2]) - 1


def quarter_at(index: int) -> str:
    """The quarter whose `quarter_index` is `index`."""
    year, q = divmod(index, 4)
    return f"{year}Q{q + 1}"


def shift_quarter(quarter: str, by: int) -> str:
    """The quarter `by` quarters later (earlier if negative)."""
    return quarter_at(quarter_index(quarter) + by)


def previous_quarter(quarter: str) -> str:
    """The quarter before: 2025Q1 -> 2024Q4."""
    return shift_quarter(quarter, -1)


def year_ago(quarter: str) -> str:
    """The same quarter a year earlier: 2025Q3 -> 2024Q3."""
    return shift_quarter(quarter, -4)


def quarters_between(first: str, last: str) -> tuple[str, ...]:
    """Every quarter from `first` to `last`, both included (empty if `last` is earlier)."""
    return tuple(quarter_at(i) for i in range(quarter_index(first), quarter_index(last) + 1))


def quarter_end(quarter: str) -> date:
    """The last day of the (calendar) quarter."""
    year, q = divmod(quarter_index(quarter), 4)
    return date(year, 3 * (q + 1), 31 if q in (0, 3) else 30)


def quarter_of(day: date) -> str:
    """The calendar quarter a date falls in."""
    return f"{day.year}Q{(day.month - 1) // 3 + 1}"
