"""Where the last close stands against the plan, and what happened since a date (events).

The status and the events read the same per-bar predicates (`_Predicates`), so "in the buy
zone" means the same thing in both. Everything is vectorised; Python objects are built only
for the bars that produce an event.
"""

from __future__ import annotations

import datetime as dt
import math
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import partial

import numpy as np
import pandas as pd

from kcdesk.model import fmt
from kcdesk.model.indicators import (
    AVG_VOLUME_BARS,
    SMA_LONG,
    SMA_SHORT,
    WINDOW_52W,
    avg_volume,
    breakout_crossings,
    breakout_level,
    sma,
    up_to,
)
from kcdesk.model.plan import Level, Plan

NO_LEVELS = "No levels in the plan yet"
# Status flag kinds, in the order a summary lists them.
BELOW_STOP = "below_stop"
IN_ZONE = "in_zone"
BETWEEN_ZONES = "between_zones"
BELOW_ZONES = "below_zones"
ABOVE_BREAKOUT = "above_breakout"
AT_TARGET = "at_target"
PAST_TARGET = "past_target"

# Event kinds.
ENTERED_ZONE = "entered_zone"
LEFT_ZONE = "left_zone"
CLOSED_BELOW_STOP = "closed_below_stop"
BREAKOUT_CONFIRMED = "breakout_confirmed"
CROSSED_ABOVE_SMA50 = "crossed_above_sma50"
CROSSED_BELOW_SMA50 = "crossed_below_sma50"
CROSSED_ABOVE_SMA200 = "crossed_above_sma200"
CROSSED_BELOW_SMA200 = "crossed_below_sma200"
NEW_52W_HIGH = "new_52w_high"
NEW_52W_LOW = "new_52w_low"
TARGET_REACHED = "target_reached"
GOLDEN_CROSS = "golden_cross"  # the 50-day average crossing above the 200-day
DEATH_CROSS = "death_cross"  # ... and below it
# Bars an event after a date depends on: two years back covers the 200-day average and the
# 52-week window; scanning all of a long series costs tens of ms.
EVENT_HISTORY = dt.timedelta(days=2 * 365)
EVENT_KINDS = (
    ENTERED_ZONE, LEFT_ZONE, CLOSED_BELOW_STOP, BREAKOUT_CONFIRMED, CROSSED_ABOVE_SMA50,
    CROSSED_BELOW_SMA50, CROSSED_ABOVE_SMA200, CROSSED_BELOW_SMA200, GOLDEN_CROSS, DEATH_CROSS,
    NEW_52W_HIGH, NEW_52W_LOW, TARGET_REACHED,
)


@dataclass(frozen=True)
class LevelDistance:
    """How far the close is from one plan level, in percent of the close.

    `pct` is the move to the nearest edge (positive: the level is above the close; 0 inside a
    band); `position` is where the close is: "below" the level, "inside" it, or "above" it.
    An open-ended level ("$25+") counts as a line at its low, as the chart draws it.
    """

    key: str
    kind: str
    label: str
    low: float
    high: float | None
    pct: float
    pct_low: float
    pct_high: float | None
    position: str


@dataclass(frozen=True)
class StatusFlag:
    """One true statement about the close: kind (BELOW_STOP, IN_ZONE…), plan level key, text."""

    kind: str
    key: str
    text: str


@dataclass(frozen=True)
class PlanStatus:
    """Where the close of `date` stands against the plan."""

    date: dt.date
    close: float
    flags: tuple[StatusFlag, ...]
    distances: tuple[LevelDistance, ...]
    breakout_confirmed_on: dt.date | None  # the current run's crossing, if made on a volume surge

    @property
    def summary(self) -> str:
        if not self.distances:  # a distance per level: none means a plan with no levels
            return NO_LEVELS
        return "; ".join(f.text for f in self.flags)

    def has(self, kind: str, key: str | None = None) -> bool:
        return any(f.kind == kind and (key is None or f.key == key) for f in self.flags)


@dataclass(frozen=True)
class PriceEvent:
    """Something that happened on a bar: a zone entered, a stop broken, a crossing…"""

    date: dt.date
    kind: str
    text: str
    key: str = ""  # the plan level it concerns, "" for indicator events


def _band_of(level: Level) -> str:
    return fmt.range_value_of_prices(level.low, level.high)


def _top(level: Level) -> float:
    return level.high if level.high is not None else level.low


class _Predicates:
    """The per-bar truths of a plan on a close series (vectorised boolean Series)."""

    def __init__(self, plan: Plan, close: pd.Series) -> None:
        self.plan = plan
        self.close = close
        levels = plan.levels()
        self.zones = [lv for lv in levels if lv.kind == "zone"]
        self.stops = [lv for lv in levels if lv.kind == "stop"]
        self.targets = [lv for lv in levels if lv.kind == "target"]
        # a plan without a breakout level (a new plan) is never above it
        self.breakout_band = next((lv for lv in levels if lv.kind == "breakout"), None)
        self.breakout = math.inf if plan.breakout is None else breakout_level(plan.breakout)

    def in_zone(self, zone: Level) -> pd.Series:
        return (self.close >= zone.low) & (self.close <= _top(zone))

    def below_stop(self, stop: Level) -> pd.Series:
        # Below the top of the stop band: the tightest stop the plan allows has been hit.
        return self.close < _top(stop)

    def above_breakout(self) -> pd.Series:
        return self.close > self.breakout

    def reached(self, target: Level) -> pd.Series:
        return self.close >= target.low

    def past(self, target: Level) -> pd.Series:
        if target.high is None:  # "$25+": reaching it is all there is
            return pd.Series(False, index=self.close.index)
        return self.close > target.high


def _turned_on(s: pd.Series) -> pd.Series:
    """True where `s` became True on this bar (never on the first bar: nothing to compare)."""
    return s & ~s.shift(1, fill_value=True)


def _crossings(a: pd.Series, b: pd.Series) -> tuple[pd.Series, pd.Series]:
    """Where `a` crossed above / below `b` (NaN where `b` is not defined yet).

    A crossing is a bar strictly on one side after a bar on the other: a tie keeps the side `a`
    came from, so a flat stretch where a close meets its average is not "crossed below". Until
    `a` has first left `b` a tie is no side, so leaving it is a crossing either way.
    """
    side = pd.Series(np.sign((a - b).to_numpy()), index=a.index)
    kept = side.replace(0.0, np.nan).ffill().where(lambda k: k.notna() | side.isna(), 0.0)
    before = kept.shift(1)  # NaN on the first bar and where `b` was not defined
    return (side > 0) & (before <= 0), (side < 0) & (before >= 0)


def _breakout_confirmations(frame: pd.DataFrame, plan: Plan) -> pd.Series:
    """The closes that cross above the breakout level on the plan's volume surge."""
    if plan.breakout is None:
        return pd.Series(False, index=frame.index)
    return breakout_crossings(frame, breakout_level(plan.breakout), plan.breakout.volume_surge_pct)


def _distance(level: Level, close: float) -> LevelDistance:
    def pct(x: float) -> float:
        return (x - close) / close * 100.0

    top = _top(level)
    if close < level.low:
        position, nearest = "below", pct(level.low)
    elif close > top:
        position, nearest = "above", pct(top)
    else:
        position, nearest = "inside", 0.0
    return LevelDistance(
        key=level.key,
        kind=level.kind,
        label=level.label,
        low=level.low,
        high=level.high,
        pct=nearest,
        pct_low=pct(level.low),
        pct_high=None if level.high is None else pct(level.high),
        position=position,
    )


def plan_status(frame: pd.DataFrame, plan: Plan, as_of: date | None = None) -> PlanStatus | None:
    """Where the last close on or before `as_of` stands; None when there is no bar."""
    bars = up_to(frame, as_of)
    if bars.empty:
        return None
    close = float(bars["close"].iloc[-1])
    p = _Predicates(plan, bars["close"].iloc[-1:])
    flags: list[StatusFlag] = []

    def add(kind: str, key: str, text: str) -> None:
        flags.append(StatusFlag(kind, key, text))

    for stop in p.stops:
        if p.below_stop(stop).iloc[0]:
            add(BELOW_STOP, stop.key, f"Below {stop.label} {_band_of(stop)}")
    in_any = False
    for zone in p.zones:
        if p.in_zone(zone).iloc[0]:
            in_any = True
            add(IN_ZONE, zone.key, f"In {zone.label} {_band_of(zone)}")
    confirmed_on: date | None = None
    above = bool(p.above_breakout().iloc[0])
    if above:
        run_above = bars["close"] > p.breakout
        # the current run above the level started after the last close at or below it
        below_idx = np.flatnonzero(~run_above.to_numpy())
        run_start = int(below_idx[-1]) + 1 if len(below_idx) else 0
        confirmations = _breakout_confirmations(bars, plan).iloc[run_start:]
        hits = confirmations.index[confirmations.to_numpy()]
        confirmed_on = hits[0].date() if len(hits) else None
        note = (
            f"confirmed on volume {confirmed_on:%Y-%m-%d}"
            if confirmed_on
            else "not confirmed on volume"
        )
        assert p.breakout_band is not None  # above a breakout level: the plan has one
        add(ABOVE_BREAKOUT, "breakout", f"Above breakout {_band_of(p.breakout_band)} ({note})")
    elif not in_any and p.zones:
        lowest = min(z.low for z in p.zones)
        if close < lowest:
            add(BELOW_ZONES, "", f"Below every zone (lowest {fmt.price(lowest)})")
        else:
            add(BETWEEN_ZONES, "", "Between zones")
    for target in p.targets:
        if p.past(target).iloc[0]:
            add(PAST_TARGET, target.key, f"Past {target.label} {_band_of(target)}")
        elif p.reached(target).iloc[0]:
            add(AT_TARGET, target.key, f"At {target.label} {_band_of(target)}")
    return PlanStatus(
        date=bars.index[-1].date(),
        close=close,
        flags=tuple(flags),
        distances=tuple(_distance(lv, close) for lv in plan.levels()),
        breakout_confirmed_on=confirmed_on,
    )


def events_since(
    frame: pd.DataFrame, plan: Plan, since: date, as_of: date | None = None
) -> tuple[PriceEvent, ...]:
    """Events on the bars dated after `since` up to `as_of` (inclusive), oldest first.

    Each event fires on the bar where its condition turns true (a zone entered, a stop
    closed below, a crossing), so a long stay in a zone is one event, not one per day.
    A crossing (the close over an average, the 50-day over the 200-day) takes a close strictly
    beyond the line; a bar exactly at it keeps the side it came from (see `_crossings`).
    Breakouts: the close that crosses above the level, on a volume surge. New 52-week
    highs/lows: the bar's intraday high/low beyond every other bar of its 365-day window, once
    the data reaches a full year back.
    """
    bars = up_to(frame, as_of)
    if bars.empty:
        return ()
    close, high, low = bars["close"], bars["high"], bars["low"]
    window = pd.Series(bars.index > pd.Timestamp(since), index=bars.index)
    if not window.any():
        return ()
    p = _Predicates(plan, close)
    found: list[tuple[pd.Series, str, str, Callable[[int], str]]] = []

    def on(mask: pd.Series, kind: str, key: str, text: Callable[[int], str]) -> None:
        found.append((mask, kind, key, text))

    def at(i: int) -> str:
        return fmt.price(float(close.iloc[i]))

    # partial(), not closures in the loops: each text keeps its own level
    def stop_text(stop: Level, i: int) -> str:
        return f"Closed below {stop.label} {_band_of(stop)} at {at(i)}"

    def entered_text(zone: Level, i: int) -> str:
        return f"Entered {zone.label} {_band_of(zone)} at {at(i)}"

    def left_text(zone: Level, i: int) -> str:
        way = "upward" if close.iloc[i] > _top(zone) else "downward"
        return f"Left {zone.label} {_band_of(zone)} {way} at {at(i)}"

    def target_text(target: Level, i: int) -> str:
        return f"Reached {target.label} {_band_of(target)} at {at(i)}"

    def cross_text(avg: pd.Series, word: str, n: int, i: int) -> str:
        return f"Crossed {word} the {n}-day average ({fmt.price(float(avg.iloc[i]))}) at {at(i)}"

    def averages_text(name: str, way: str, i: int) -> str:
        return (f"{name}: the {SMA_SHORT}-day average ({fmt.price(float(fast.iloc[i]))}) crossed "
                f"{way} the {SMA_LONG}-day ({fmt.price(float(slow.iloc[i]))})")

    def extreme_text(series: pd.Series, word: str, i: int) -> str:
        return f"New 52-week {word} {fmt.price(float(series.iloc[i]))}"

    surge_base = avg_volume(bars).shift(1)

    def breakout_text(i: int) -> str:
        vol, base = float(bars["volume"].iloc[i]), float(surge_base.iloc[i])
        return (
            f"Breakout confirmed: close {at(i)} above {fmt.price(p.breakout)} on volume "
            f"{fmt.volume(vol)}, {fmt.pct((vol / base - 1) * 100, signed=True)} vs the prior "
            f"{AVG_VOLUME_BARS}-day average"
        )

    for stop in p.stops:
        on(_turned_on(p.below_stop(stop)), CLOSED_BELOW_STOP, stop.key, partial(stop_text, stop))
    for zone in p.zones:
        inside = p.in_zone(zone)
        on(_turned_on(inside), ENTERED_ZONE, zone.key, partial(entered_text, zone))
        on(_turned_on(~inside), LEFT_ZONE, zone.key, partial(left_text, zone))
    on(_breakout_confirmations(bars, plan), BREAKOUT_CONFIRMED, "breakout", breakout_text)
    fast, slow = sma(close, SMA_SHORT), sma(close, SMA_LONG)
    for n, avg, up_kind, down_kind in (
        (SMA_SHORT, fast, CROSSED_ABOVE_SMA50, CROSSED_BELOW_SMA50),
        (SMA_LONG, slow, CROSSED_ABOVE_SMA200, CROSSED_BELOW_SMA200),
    ):
        up, down = _crossings(close, avg)
        on(up, up_kind, "", partial(cross_text, avg, "above", n))
        on(down, down_kind, "", partial(cross_text, avg, "below", n))
    golden, death = _crossings(fast, slow)  # NaN until the 200-day exists: no side, no cross
    on(golden, GOLDEN_CROSS, "", partial(averages_text, "Golden cross", "above"))
    on(death, DEATH_CROSS, "", partial(averages_text, "Death cross", "below"))
    full_year = pd.Series(bars.index - bars.index[0] >= WINDOW_52W, index=bars.index)
    prior_high = high.rolling(WINDOW_52W, closed="neither").max()
    prior_low = low.rolling(WINDOW_52W, closed="neither").min()
    on((high > prior_high) & full_year, NEW_52W_HIGH, "", partial(extreme_text, high, "high"))
    on((low < prior_low) & full_year, NEW_52W_LOW, "", partial(extreme_text, low, "low"))
    for target in p.targets:
        on(_turned_on(p.reached(target)), TARGET_REACHED, target.key, partial(target_text, target))

    events: list[tuple[int, int, PriceEvent]] = []
    dates = bars.index
    for order, (mask, kind, key, text) in enumerate(found):
        for i in map(int, np.flatnonzero((mask & window).to_numpy())):
            events.append((i, order, PriceEvent(dates[i].date(), kind, text(i), key)))
    events.sort(key=lambda e: (e[0], e[1]))
    return tuple(e for _, _, e in events)
