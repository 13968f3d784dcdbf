"""The user's own valuation inputs (typed, or accepted from Yahoo) as a desk part, and back.

The desk keeps only what the user owns: `(name, entry)` pairs in input order. The inputs the
DCF takes are the report's defaults with those entries in place (`effective_inputs`).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, cast, get_args

from kcdesk.model import fmt
from kcdesk.model.research import Research
from kcdesk.model.valuation.inputs import (
    SCALAR_FIELDS,
    SCENARIO_FIELDS,
    ScenarioKey,
    Sourced,
    SourcedRange,
    ValuationInputs,
    default_inputs,
    entry_to_json,
    input_names,
    input_of,
)
from kcdesk.model.values import PlanError, RangeValue

Entry = Sourced | SourcedRange
Entries = tuple[tuple[str, Entry], ...]
OWNED_SOURCES = ("user", "yahoo")


def check_name(name: object) -> str:
    """`name` if it names an input ("adrs_m", "bear.wacc_pct"); PlanError otherwise."""
    if isinstance(name, str):
        if name in SCALAR_FIELDS:
            return name
        key, _, field = name.partition(".")
        if key in get_args(ScenarioKey) and field in SCENARIO_FIELDS:
            return name
    raise PlanError("valuation", name, "no such valuation input")


def check_entries(entries: object) -> Entries:
    """The entries if each is (input name, the right kind of entry) and names are unique."""
    if not isinstance(entries, tuple):
        raise PlanError("valuation", type(entries).__name__, "must be a tuple of entries")
    seen: set[str] = set()
    for item in entries:
        if not isinstance(item, tuple) or len(item) != 2:
            raise PlanError("valuation", item, "an entry is (name, value)")
        name, entry = check_name(item[0]), item[1]
        kind = Sourced if name in SCALAR_FIELDS else SourcedRange
        if not isinstance(entry, kind) or entry.source not in OWNED_SOURCES:
            raise PlanError(name, entry, f"must be the user's {kind.__name__}")
        if name in seen:
            raise PlanError("valuation", name, "one entry per input")
        seen.add(name)
    return entries


def effective_inputs(research: Research | None, entries: Entries) -> ValuationInputs:
    """The report's defaults with the user's entries in place, validated once as a whole.

    All at once, not one by one: a new g and the WACC raised to allow it are valid together
    even where the g alone would not be against the report's WACC.
    """
    inputs = default_inputs(research)
    scalars: dict[str, Any] = {}
    rows: dict[str, dict[str, Any]] = {}
    for name, entry in entries:
        if name in SCALAR_FIELDS:
            scalars[name] = entry
        else:
            key, _, field = name.partition(".")
            rows.setdefault(key, {})[field] = entry
    have = {s.key for s in inputs.scenarios}
    for key in rows:
        if key not in have:
            raise PlanError(f"{key}.scenario", key, "the report has no such scenario to change")
    scenarios = tuple(replace(s, **rows.get(s.key, {})) for s in inputs.scenarios)
    return replace(inputs, scenarios=scenarios, **scalars)


def owned_entries(inputs: ValuationInputs) -> Entries:
    """What of `inputs` the user owns (typed or accepted), in input order."""
    out = []
    for name in input_names(inputs):
        entry = input_of(inputs, name)
        if entry is not None and entry.source in OWNED_SOURCES:
            out.append((name, entry))
    return tuple(out)


def entries_to_json(entries: Entries) -> dict[str, Any]:
    """Name -> {value | low, high, approx}, source, as_of (a Yahoo figure's fetch date)."""
    return {name: entry_to_json(entry) for name, entry in entries}


def entries_from_json(doc: Any) -> Entries:
    """The stored entries back; PlanError (or KeyError/TypeError) names a bad one."""
    if not isinstance(doc, dict):
        raise PlanError("valuation", doc, "expected an object")
    out: list[tuple[str, Entry]] = []
    for name, d in doc.items():
        check_name(name)
        as_of = None if d.get("as_of") is None else date.fromisoformat(d["as_of"])
        source = d.get("source", "user")
        if "value" in d:
            out.append((name, Sourced(d["value"], source, as_of)))
        else:
            value = RangeValue(d["low"], d["high"], "pct", bool(d.get("approx", False)),
                               field=name)
            out.append((name, SourcedRange(value, source, as_of)))
    return check_entries(tuple(out))


def entry_text(entry: Entry | None) -> str:
    """How an entry reads in a cell: "12–13%", "~18%", "250" (empty when not given)."""
    if entry is None:
        return ""
    if isinstance(entry, Sourced):
        return fmt.number(entry.value)
    return fmt.range_value(cast(RangeValue, entry.value))
