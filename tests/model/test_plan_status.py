"""Plan status and events: fixed cases on the shipped KC plan, and a slow reference (hypothesis)."""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date, timedelta
from functools import partial

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from kcdesk.data.paths import shipped_data_dir
from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.plan import Plan
from kcdesk.model.plan_status import (
    ABOVE_BREAKOUT,
    AT_TARGET,
    BELOW_STOP,
    BELOW_ZONES,
    BETWEEN_ZONES,
    BREAKOUT_CONFIRMED,
    CLOSED_BELOW_STOP,
    CROSSED_ABOVE_SMA50,
    CROSSED_BELOW_SMA50,
    DEATH_CROSS,
    ENTERED_ZONE,
    GOLDEN_CROSS,
    IN_ZONE,
    LEFT_ZONE,
    NEW_52W_HIGH,
    NEW_52W_LOW,
    PAST_TARGET,
    TARGET_REACHED,
    events_since,
    plan_status,
)

PLAN: Plan = plan_from_json(
    json.loads((shipped_data_dir() / "kc_plan.json").read_text(encoding="utf-8"))["plan"]
)
START = date(2020, 1, 1)


def frame_of(closes: list[float], volumes: list[float] | None = None,
             highs: list[float] | None = None, lows: list[float] | None = None) -> pd.DataFrame:
    """Daily bars (every calendar day) with the given closes; open = close."""
    n = len(closes)
    return pd.DataFrame(
        {"open": closes, "high": highs or closes, "low": lows or closes, "close": closes,
         "volume": volumes or [1000.0] * n},
        index=pd.DatetimeIndex([START + timedelta(days=i) for i in range(n)], name="date"),
    ).astype("float64")


def status_of(close: float):  # type: ignore[no-untyped-def]
    st_ = plan_status(frame_of([close]), PLAN)
    assert st_ is not None
    return st_


# --- status of the last close ---------------------------------------------------------------
@pytest.mark.parametrize(
    ("close", "expected"),
    [
        (11.0, {(IN_ZONE, "zone.accumulate"), (IN_ZONE, "zone.swing_entry")}),
        (12.0, {(IN_ZONE, "zone.accumulate")}),
        (8.5, {(BELOW_STOP, "stop.example"), (IN_ZONE, "zone.add_on_dip")}),
        (9.4, {(BELOW_STOP, "stop.example"), (BETWEEN_ZONES, "")}),
        (13.0, {(BETWEEN_ZONES, "")}),
        (5.0, {(BELOW_STOP, "stop.example"), (BELOW_ZONES, "")}),
        (14.5, {(BETWEEN_ZONES, ""), (AT_TARGET, "target.short_term")}),
        (16.0, {(BETWEEN_ZONES, ""), (PAST_TARGET, "target.short_term"),
                (AT_TARGET, "target.12m")}),  # at the breakout top is not above it
        (16.5, {(ABOVE_BREAKOUT, "breakout"), (PAST_TARGET, "target.short_term"),
                (AT_TARGET, "target.12m")}),
        (30.0, {(ABOVE_BREAKOUT, "breakout"), (PAST_TARGET, "target.short_term"),
                (PAST_TARGET, "target.medium_term"), (PAST_TARGET, "target.12m"),
                (PAST_TARGET, "target.24m"), (AT_TARGET, "target.long_term")}),
    ],
)
def test_status_flags(close: float, expected: set[tuple[str, str]]) -> None:
    assert {(f.kind, f.key) for f in status_of(close).flags} == expected


def test_status_texts_and_distances() -> None:
    st_ = status_of(12.45)
    assert st_.summary == "Between zones"
    by_key = {d.key: d for d in st_.distances}
    assert [d.key for d in st_.distances] == [lv.key for lv in PLAN.levels()]
    assert by_key["zone.accumulate"].position == "above"
    assert by_key["zone.accumulate"].pct == pytest.approx((12 - 12.45) / 12.45 * 100)
    assert by_key["breakout"].pct == pytest.approx((15 - 12.45) / 12.45 * 100)
    assert by_key["breakout"].pct_high == pytest.approx((16 - 12.45) / 12.45 * 100)
    assert by_key["target.long_term"].pct_high is None
    assert status_of(11).distances[0].pct == 0 and status_of(11).distances[0].position == "inside"
    assert "In Buy zone (accumulate) $10–12" in status_of(11).summary


def test_status_as_of_judges_the_last_bar_on_or_before_it() -> None:
    frame = frame_of([11.0, 13.0, 20.0])
    st_ = plan_status(frame, PLAN, START + timedelta(days=1))
    assert st_ is not None and st_.close == 13.0 and st_.date == START + timedelta(days=1)
    assert plan_status(frame, PLAN, START - timedelta(days=1)) is None


def test_status_says_whether_the_breakout_was_confirmed_on_volume() -> None:
    closes = [12.0] * 60 + [16.5, 17.0]
    quiet = frame_of(closes)
    st_ = plan_status(quiet, PLAN)
    assert st_ is not None and st_.breakout_confirmed_on is None
    assert "not confirmed on volume" in st_.summary
    late = frame_of(closes, volumes=[1000.0] * 61 + [2000.0])  # the surge comes after crossing
    st_ = plan_status(late, PLAN)
    assert st_ is not None and st_.breakout_confirmed_on is None
    loud = frame_of(closes, volumes=[1000.0] * 60 + [2000.0, 1000.0])  # the crossing surges
    st_ = plan_status(loud, PLAN)
    assert st_ is not None and st_.breakout_confirmed_on == START + timedelta(days=60)


# --- events ---------------------------------------------------------------------------------
def kinds(frame: pd.DataFrame, since: date = START) -> list[tuple[int, str, str]]:
    return [((e.date - START).days, e.kind, e.key) for e in events_since(frame, PLAN, since)]


def test_zone_stop_and_target_events() -> None:
    closes = [13.0, 11.5, 11.5, 9.2, 13.0, 14.2]
    got = kinds(frame_of(closes))
    assert (1, ENTERED_ZONE, "zone.accumulate") in got
    assert (3, LEFT_ZONE, "zone.accumulate") in got
    assert (3, CLOSED_BELOW_STOP, "stop.example") in got
    assert (5, TARGET_REACHED, "target.short_term") in got
    assert all(day >= 1 for day, _, _ in got)  # nothing on the first bar: nothing to compare
    texts = [e.text for e in events_since(frame_of(closes), PLAN, START)]
    assert "Left Buy zone (accumulate) $10–12 downward at $9.20" in texts


def test_breakout_is_the_crossing_bar_on_a_surge_only() -> None:
    # day 60 crosses $16 on plain volume: no breakout, and the surges of days 61-62 above the
    # level are not crossings; day 64 crosses again on 3x volume: the one breakout.
    closes = [12.0] * 60 + [16.5, 17.0, 17.5, 15.0, 16.5]
    volumes = [1000.0] * 60 + [1000.0, 3000.0, 3000.0, 1000.0, 3000.0]
    got = [k for k in kinds(frame_of(closes, volumes)) if k[1] == BREAKOUT_CONFIRMED]
    assert got == [(64, BREAKOUT_CONFIRMED, "breakout")]


def test_sma_crossings_and_52_week_extremes() -> None:
    closes = [10.0] * 400 + [12.0, 9.0]
    got = kinds(frame_of(closes), since=START + timedelta(days=399))
    assert (400, CROSSED_ABOVE_SMA50, "") in got and (401, CROSSED_BELOW_SMA50, "") in got
    assert (400, NEW_52W_HIGH, "") in got and (401, NEW_52W_LOW, "") in got


def test_golden_and_death_cross_once_each() -> None:
    # 250 days at $10, 100 at $12, then $8. Day 250 (the first $12): 50-day (49×10+12)/50 =
    # 10.04 > 200-day (199×10+12)/200 = 10.01, a golden cross. On day 350+k (k eights):
    # 50-day (8(k+1) + 12(49−k))/50 = (596−4k)/50, 200-day (10(99−k) + 1200 + 8(k+1))/200 =
    # (2198−2k)/200; k=13: 10.88 > 10.86, k=14: 10.80 ≤ 10.85, so the death cross is day 364.
    closes = [10.0] * 250 + [12.0] * 100 + [8.0] * 100
    got = [k for k in kinds(frame_of(closes)) if k[1] in (GOLDEN_CROSS, DEATH_CROSS)]
    assert got == [(250, GOLDEN_CROSS, ""), (364, DEATH_CROSS, "")]
    texts = {e.kind: e.text for e in events_since(frame_of(closes), PLAN, START)}
    assert texts[DEATH_CROSS] == (
        "Death cross: the 50-day average ($10.80) crossed below the 200-day ($10.85)")


def test_no_cross_before_the_200_day_average_exists() -> None:
    # the 50-day rises above a 200-day that is not there yet: no golden cross on day 199
    closes = [10.0] * 150 + [12.0] * 50
    assert not [k for k in kinds(frame_of(closes)) if k[1] in (GOLDEN_CROSS, DEATH_CROSS)]


def test_no_52_week_extremes_before_a_full_year_of_data() -> None:
    got = kinds(frame_of([10.0, 12.0, 9.0]))
    assert not any(kind in (NEW_52W_HIGH, NEW_52W_LOW) for _, kind, _ in got)


def test_events_are_strictly_after_since_and_up_to_as_of() -> None:
    frame = frame_of([13.0, 11.0, 13.0, 11.0])
    since = START + timedelta(days=1)
    got = events_since(frame, PLAN, since, as_of=START + timedelta(days=2))
    assert [(e.date, e.kind) for e in got if e.key == "zone.accumulate"] == [
        (START + timedelta(days=2), LEFT_ZONE)
    ]
    assert events_since(frame, PLAN, START + timedelta(days=10)) == ()


# --- slow reference -------------------------------------------------------------------------
def ref_crossed(i: int, a: Callable[[int], float], b: Callable[[int], float], first: int) -> int:
    """+1 / -1 when a is strictly above / below b on bar i and its last strict side before
    (ties skipped; 0 when only ties since bar `first`, where b is first defined) was not that."""
    def side(j: int) -> int:
        return (a(j) > b(j)) - (a(j) < b(j))

    before = next((side(j) for j in range(i - 1, first - 1, -1) if side(j)), 0)
    return side(i) if i > first and side(i) != before else 0


def ref_events(frame: pd.DataFrame, plan: Plan, since: date) -> set[tuple[date, str, str]]:
    """Events computed bar by bar from their definitions."""
    closes, highs, lows = list(frame["close"]), list(frame["high"]), list(frame["low"])
    vols, dates = list(frame["volume"]), [d.date() for d in frame.index]
    levels = plan.levels()
    out: set[tuple[date, str, str]] = set()
    top = {lv.key: lv.high if lv.high is not None else lv.low for lv in levels}
    level = top["breakout"]
    for i in range(1, len(closes)):
        c, p = closes[i], closes[i - 1]
        events: list[tuple[str, str]] = []
        for lv in levels:
            if lv.kind == "zone":
                now, before = lv.low <= c <= top[lv.key], lv.low <= p <= top[lv.key]
                if now and not before:
                    events.append((ENTERED_ZONE, lv.key))
                if before and not now:
                    events.append((LEFT_ZONE, lv.key))
            if lv.kind == "stop" and c < top[lv.key] <= p:
                events.append((CLOSED_BELOW_STOP, lv.key))
            if lv.kind == "target" and c >= lv.low > p:
                events.append((TARGET_REACHED, lv.key))
        if c > level >= p and i >= 50 and (
            vols[i] > sum(vols[i - 50 : i]) / 50 * (1 + plan.breakout.volume_surge_pct / 100)
        ):
            events.append((BREAKOUT_CONFIRMED, "breakout"))
        def avg(n: int, end: int) -> float:
            return sum(closes[end + 1 - n : end + 1]) / n

        for n, up, down in ((50, CROSSED_ABOVE_SMA50, CROSSED_BELOW_SMA50),
                            (200, "crossed_above_sma200", "crossed_below_sma200")):
            way = ref_crossed(i, closes.__getitem__, partial(avg, n), n - 1)
            if way:
                events.append((up if way > 0 else down, ""))
        way = ref_crossed(i, partial(avg, 50), partial(avg, 200), 199)
        if way:
            events.append((GOLDEN_CROSS if way > 0 else DEATH_CROSS, ""))
        if dates[i] - dates[0] >= timedelta(days=365):
            prior = [j for j in range(i) if dates[j] > dates[i] - timedelta(days=365)]
            if prior and highs[i] > max(highs[j] for j in prior):
                events.append((NEW_52W_HIGH, ""))
            if prior and lows[i] < min(lows[j] for j in prior):
                events.append((NEW_52W_LOW, ""))
        if dates[i] > since:
            out |= {(dates[i], kind, key) for kind, key in events}
    return out


walks = st.lists(
    st.tuples(st.integers(1, 4), st.floats(-0.25, 0.25), st.floats(0, 0.05),
              st.sampled_from([1000.0, 1000.0, 1000.0, 2500.0])),
    min_size=2,
    max_size=320,
)


@settings(max_examples=40, deadline=None)
@given(walks, st.floats(6.0, 20.0), st.integers(0, 900))
def test_events_match_slow_reference(
    steps: list[tuple[int, float, float, float]], first: float, since_offset: int
) -> None:
    day, price = START, first
    rows = []
    for gap, ret, wick, vol in steps:
        day += timedelta(days=gap)
        price = min(40.0, max(2.0, price * (1 + ret)))
        rows.append((day, price, price * (1 + wick), price * (1 - wick), vol))
    frame = pd.DataFrame(
        [(c, h, lo, c, v) for _, c, h, lo, v in rows],
        columns=["open", "high", "low", "close", "volume"],
        index=pd.DatetimeIndex([d for d, *_ in rows], name="date"),
    )
    since = START + timedelta(days=since_offset)
    got = {(e.date, e.kind, e.key) for e in events_since(frame, PLAN, since)}
    assert got == ref_events(frame, PLAN, since)
