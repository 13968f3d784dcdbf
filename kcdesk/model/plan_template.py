"""New plans for any ticker: a blank plan, another plan's structure with its levels cleared,
and the levels the user then adds one at a time.

A plan with no levels is an ordinary Plan with no zones, stops or targets and no breakout
(`breakout=None`); its rules (stop rule, sizing, horizon) always exist, because the sizer and the
stop bands need them. A blank plan starts from the general starting rules below, marked as such
in their notes; a plan "from KC" keeps KC's rules, notes and report sections.
"""

from __future__ import annotations

import re
from dataclasses import replace
from typing import Literal

from kcdesk.model.plan import Breakout, EntryStop, Plan, Sizing, StopRule, Target, Zone
from kcdesk.model.tickers import normalize_ticker
from kcdesk.model.values import PlanError, RangeValue

LevelKind = Literal["zone", "stop", "target", "breakout"]
LEVEL_KINDS: tuple[LevelKind, ...] = ("zone", "stop", "target", "breakout")
STARTING_NOTE = "Starting value of a new plan: set it for this stock."
# A breakout counts on volume this much above its average unless the user says otherwise
# (the figure the KC report uses; a common rule of thumb).
BREAKOUT_VOLUME_SURGE_PCT = 40.0


def _check_name(name: str) -> str:
    if not isinstance(name, str) or not name.strip():
        raise PlanError("name", name, "a plan needs a name")
    return name.strip()


def blank_plan(ticker: str, name: str = "") -> Plan:
    """A plan for `ticker` with no levels and the starting rules (named `ticker` by default)."""
    key = normalize_ticker(ticker)
    return Plan(
        ticker=key,
        name=_check_name(name or key),
        zones=(),
        breakout=None,
        stop_rule=StopRule(RangeValue(10, 20, "pct", field="stop_rule.pct_below_entry"), ""),
        stops=(),
        profit_targets=(),
        price_targets=(),
        sizing=Sizing(
            allocation_pct=RangeValue(1, 3, "pct", field="sizing.allocation_pct"),
            risk_per_trade_pct=RangeValue(0.5, 1, "pct", field="sizing.risk_per_trade_pct"),
            beta=RangeValue.point(1.0, "ratio", approx=True, field="sizing.beta"),
            section="",
            note=STARTING_NOTE,
        ),
        horizon_years=RangeValue(1, 3, "years", field="horizon.years"),
        horizon_section="",
    )


def cleared_plan(source: Plan, ticker: str, name: str = "") -> Plan:
    """`source`'s structure (rules, notes, sections) for `ticker`, with every level cleared."""
    key = normalize_ticker(ticker)
    return replace(
        source,
        ticker=key,
        name=_check_name(name or key),
        zones=(),
        breakout=None,
        stops=(),
        profit_targets=(),
        price_targets=(),
        technical_notes=(),  # facts about the source's chart, not this stock's
    )


def level_key(plan: Plan, label: str) -> str:
    """A key for a new level named `label`: its words in lower case, unique in the plan."""
    base = re.sub(r"[^a-z0-9]+", "_", label.lower()).strip("_") or "level"
    taken = {lv.key.partition(".")[2] for lv in plan.levels()}
    key, n = base, 2
    while key in taken:
        key, n = f"{base}_{n}", n + 1
    return key


def add_level(
    plan: Plan,
    kind: LevelKind,
    label: str,
    low: float,
    high: float | None,
    entry: float | None = None,
) -> Plan:
    """`plan` with one new level; PlanError naming the field when it is refused.

    A zone is low..high; a stop is the band low..high below `entry`; a target is low..high
    ("$25+" when high is None) among the price targets; the breakout is low..high, one per plan.
    """
    if not isinstance(label, str) or not label.strip():
        raise PlanError("label", label, "a level needs a name")
    label = label.strip()
    key = level_key(plan, label)
    if kind == "zone":
        zone = Zone(key, label, RangeValue(low, high, "usd", field=f"zones.{key}.price"), "")
        return replace(plan, zones=(*plan.zones, zone))
    if kind == "stop":
        if entry is None:
            raise PlanError(f"stops.{key}.entry", entry, "a stop needs the entry it protects")
        stop = EntryStop(
            key, label, entry, RangeValue(low, high, "usd", field=f"stops.{key}.stop"), ""
        )
        return replace(plan, stops=(*plan.stops, stop))
    if kind == "target":
        target = Target(key, label, RangeValue(low, high, "usd", field=f"targets.{key}.price"), "")
        return replace(plan, price_targets=(*plan.price_targets, target))
    if kind == "breakout":
        if plan.breakout is not None:
            raise PlanError("breakout", label, "the plan has a breakout level already")
        level = RangeValue(low, high, "usd", field="breakout.level")
        breakout = Breakout(level, BREAKOUT_VOLUME_SURGE_PCT, "")
        return replace(plan, breakout=breakout)
    raise PlanError("kind", kind, f"a level is one of {', '.join(LEVEL_KINDS)}")


def remove_level(plan: Plan, key: str) -> Plan:
    """`plan` without the level `key` ("zone.x", "stop.x" or "entry.x" — a stop and its entry
    go together —, "target.x", "breakout"); PlanError for a key the plan has not."""
    plan.level(key)  # refuses an unknown key, naming it
    kind, _, name = key.partition(".")
    if kind == "zone":
        return replace(plan, zones=tuple(z for z in plan.zones if z.key != name))
    if kind in ("stop", "entry"):
        return replace(plan, stops=tuple(s for s in plan.stops if s.key != name))
    if kind == "target":
        return replace(
            plan,
            profit_targets=tuple(t for t in plan.profit_targets if t.key != name),
            price_targets=tuple(t for t in plan.price_targets if t.key != name),
        )
    return replace(plan, breakout=None)
