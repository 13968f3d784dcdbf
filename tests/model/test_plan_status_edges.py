"""Plan status and events at their edges, and the exact texts the user reads."""

from __future__ import annotations

from datetime import date, timedelta

import pandas as pd

from kcdesk.model.indicators import technicals
from kcdesk.model.plan_status import (
    AT_TARGET,
    BETWEEN_ZONES,
    IN_ZONE,
    NEW_52W_HIGH,
    NEW_52W_LOW,
    events_since,
    plan_status,
)
from tests.model.test_boundaries import PLAN, START, flags_at, frame_of


def status(closes: list[float], volumes: list[float] | None = None):  # type: ignore[no-untyped-def]
    st_ = plan_status(frame_of(closes, volumes), PLAN)
    assert st_ is not None
    return st_


def texts(frame: pd.DataFrame, since: date = START) -> list[tuple[int, str]]:
    return [((e.date - START).days, e.text) for e in events_since(frame, PLAN, since)]


def test_a_close_at_a_zones_low_is_inside_it_and_measured_as_inside() -> None:
    # $10.00 is the low of both $10–12 and $10–11
    assert flags_at(10.0) == {(IN_ZONE, "zone.accumulate"), (IN_ZONE, "zone.swing_entry")}
    by_key = {d.key: d for d in status([10.0]).distances}
    assert (by_key["zone.accumulate"].position, by_key["zone.accumulate"].pct) == ("inside", 0.0)
    assert by_key["zone.swing_entry"].position == "inside"
    # ... and at a band's top too: $9.50 is the top of the stop band $9–9.5
    assert {d.key: d.position for d in status([9.5]).distances}["stop.example"] == "inside"


def test_a_distance_carries_the_level_it_measures() -> None:
    d = {d.key: d for d in status([12.5]).distances}["target.short_term"]
    # $14–15 from $12.50: low +12 %, high +20 %, nearest edge the low
    assert (d.kind, d.label, d.low, d.high) == ("target", "Short-term target", 14.0, 15.0)
    assert (round(d.pct, 6), round(d.pct_low, 6), round(d.pct_high or 0, 6)) == (12.0, 12.0, 20.0)
    assert d.position == "below"


def test_a_close_at_a_targets_top_is_at_it_not_past_it() -> None:
    # $15 is the top of the short-term target $14–15 (and the breakout's low: not above $16)
    assert flags_at(15.0) == {(BETWEEN_ZONES, ""), (AT_TARGET, "target.short_term")}


def test_the_status_judges_the_last_close_and_says_it_in_words() -> None:
    st_ = status([11.0, 5.0])  # the close before (in two zones) does not count
    assert st_.summary == "Below Example ($11) stop $9–9.5; Below every zone (lowest $8.00)"
    assert status([11.0]).breakout_confirmed_on is None


def test_a_breakout_confirmed_in_an_earlier_run_does_not_confirm_this_one() -> None:
    # day 60 crosses $16 on 3x volume (confirmed); day 61 falls back to $15; day 62 crosses again
    # on plain volume: the current run above $16 started on day 62 and is not confirmed.
    closes = [12.0] * 60 + [16.5, 15.0, 16.5]
    st_ = status(closes, [1000.0] * 60 + [3000.0, 1000.0, 1000.0])
    assert st_.breakout_confirmed_on is None
    assert st_.summary.startswith("Above breakout $15–16 (not confirmed on volume)")
    # the same walk with the surge on day 62: confirmed on that day, 2020-01-01 + 62 = 03-03
    st_ = status(closes, [1000.0] * 60 + [3000.0, 1000.0, 3000.0])
    assert st_.breakout_confirmed_on == START + timedelta(days=62)
    assert st_.summary.startswith("Above breakout $15–16 (confirmed on volume 2020-03-03)")


def test_the_zone_and_stop_event_texts_in_order() -> None:
    # $13 (between zones), $11.50 into $10–12, $12.50 out of it upward, $9.20 through the stop
    # (not into $8–9: 9.20 is above it)
    assert texts(frame_of([13.0, 11.5, 12.5, 9.2])) == [
        (1, "Entered Buy zone (accumulate) $10–12 at $11.50"),
        (2, "Left Buy zone (accumulate) $10–12 upward at $12.50"),
        (3, "Closed below Example ($11) stop $9–9.5 at $9.20"),
    ]


def test_the_average_and_52_week_event_texts_in_order() -> None:
    # 400 days at $10 (in $10–12 and $10–11), then $12, then $8.
    # Day 400: 50-day (49 × 10 + 12)/50 = 10.04, 200-day (199 × 10 + 12)/200 = 10.01; the close
    #   and the 50-day leave averages they had only met: crossings, and a golden cross.
    # Day 401: 50-day (48 × 10 + 12 + 8)/50 = 10.00, 200-day (198 × 10 + 20)/200 = 10.00: the
    #   close is below both; the 50-day ties the 200-day, which is no death cross.
    # Same-day order: stop, zones (in plan order), averages, crosses, 52-week, targets.
    assert texts(frame_of([10.0] * 400 + [12.0, 8.0]), since=START + timedelta(days=399)) == [
        (400, "Left Swing entry (pullback) $10–11 upward at $12.00"),
        (400, "Crossed above the 50-day average ($10.04) at $12.00"),
        (400, "Crossed above the 200-day average ($10.01) at $12.00"),
        (400, "Golden cross: the 50-day average ($10.04) crossed above the 200-day ($10.01)"),
        (400, "New 52-week high $12.00"),
        (401, "Closed below Example ($11) stop $9–9.5 at $8.00"),
        (401, "Left Buy zone (accumulate) $10–12 downward at $8.00"),
        (401, "Entered Add on dips $8–9 at $8.00"),
        (401, "Crossed below the 50-day average ($10.00) at $8.00"),
        (401, "Crossed below the 200-day average ($10.00) at $8.00"),
        (401, "New 52-week low $8.00"),
    ]


def test_the_breakout_event_text() -> None:
    # 3000 on day 60 against the prior 50 days (10–59: 49 × 1000 + 2000)/50 = 1020: +194.1 %
    frame = frame_of([12.0] * 60 + [16.5], [1000.0] * 59 + [2000.0, 3000.0])
    (got,) = [t for t in texts(frame) if t[1].startswith("Breakout")]
    assert got == (60, "Breakout confirmed: close $16.50 above $16.00 on volume 3.00K, +194.1% "
                       "vs the prior 50-day average")  # fmt: skip


def kinds_52w(closes: list[float]) -> list[tuple[int, str]]:
    found = events_since(frame_of(closes), PLAN, START)
    return [((e.date - START).days, e.kind) for e in found if e.kind in (NEW_52W_HIGH, NEW_52W_LOW)]


def test_52_week_extremes_start_exactly_a_year_in_and_a_tie_is_not_new() -> None:
    # day 365 is 365 days after day 0: a full year of data; its window is days 1–364
    assert kinds_52w([10.0] * 365 + [11.0]) == [(365, NEW_52W_HIGH)]
    assert kinds_52w([10.0] * 365 + [9.0]) == [(365, NEW_52W_LOW)]
    assert kinds_52w([10.0] * 367) == []  # equal to the year's high and low: neither is new


def test_the_52_week_high_of_technicals_reaches_past_the_last_200_bars() -> None:
    # 300 daily bars: the $50 of day 10 is 289 days before the last bar, inside its year
    tech = technicals(frame_of([10.0] * 10 + [50.0] + [10.0] * 289))
    assert tech is not None and (tech.high_52w, tech.low_52w) == (50.0, 10.0)
