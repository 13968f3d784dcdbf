"""What changed between two plan versions: each level and rule, from what to what, in words.

Both plans are flattened into facets (one readable value per level or rule, keyed by where it
lives) and the facets compared; the report sections a figure cites are provenance, not plan, and
are left out.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from kcdesk.model import fmt
from kcdesk.model.plan import Plan, Target
from kcdesk.model.values import RangeValue

ChangeKind = Literal["changed", "added", "removed"]
ARROW = "→"


@dataclass(frozen=True)
class PlanChange:
    """One level or rule that differs: `old` is None when added, `new` None when removed."""

    key: str  # where it lives: "zones.accumulate.price", "stop_rule.pct_below_entry"
    label: str  # how the user knows it: "Buy zone (accumulate) price"
    kind: ChangeKind
    old: str | None
    new: str | None

    @property
    def text(self) -> str:
        """One line for the diff list: "Buy zone (accumulate) price: ~$10–12 → ~$10.5–12"."""
        if self.kind == "added":
            return f"{self.label}: added {self.new}"
        if self.kind == "removed":
            return f"{self.label}: removed (was {self.old})"
        return f"{self.label}: {self.old} {ARROW} {self.new}"


_Facets = dict[str, tuple[str, str]]  # key -> (label, readable value)


def _rv(rv: RangeValue | None) -> str:
    return "none" if rv is None else fmt.range_value(rv)


def _text(value: str) -> str:
    return f"“{value}”" if value else "none"


def _target_facets(out: _Facets, where: str, t: Target) -> None:
    out[f"{where}.{t.key}.label"] = (f"{t.label} name", _text(t.label))
    out[f"{where}.{t.key}.price"] = (f"{t.label} price", _rv(t.price))
    out[f"{where}.{t.key}.from_entry"] = (f"{t.label} from entries", _rv(t.from_entry))
    out[f"{where}.{t.key}.horizon"] = (f"{t.label} horizon", _text(t.horizon))
    out[f"{where}.{t.key}.note"] = (f"{t.label} note", _text(t.note))


def _facets(plan: Plan) -> _Facets:
    out: _Facets = {"name": ("Company name", _text(plan.name))}
    for z in plan.zones:
        out[f"zones.{z.key}.label"] = (f"{z.label} name", _text(z.label))
        out[f"zones.{z.key}.price"] = (f"{z.label} price", _rv(z.price))
        out[f"zones.{z.key}.note"] = (f"{z.label} note", _text(z.note))
    b = plan.breakout
    out["breakout.level"] = ("Breakout level", _rv(b.level if b else None))
    out["breakout.volume_surge_pct"] = (
        "Breakout volume above its average",
        f">{fmt.pct(b.volume_surge_pct, 0)}" if b else _text(""),
    )
    out["breakout.note"] = ("Breakout note", _text(b.note if b else ""))
    out["stop_rule.pct_below_entry"] = (
        "Stop rule below entry",
        _rv(plan.stop_rule.pct_below_entry),
    )
    for s in plan.stops:
        out[f"stops.{s.key}.label"] = (f"{s.label} name", _text(s.label))
        out[f"stops.{s.key}.entry"] = (f"{s.label} entry", fmt.price(s.entry))
        out[f"stops.{s.key}.stop"] = (f"{s.label} stop", _rv(s.stop))
    for t in plan.profit_targets:
        _target_facets(out, "profit_targets", t)
    for t in plan.price_targets:
        _target_facets(out, "price_targets", t)
    sz = plan.sizing
    out["sizing.allocation_pct"] = ("Sizing allocation cap", _rv(sz.allocation_pct))
    out["sizing.risk_per_trade_pct"] = ("Sizing risk per trade", _rv(sz.risk_per_trade_pct))
    out["sizing.beta"] = ("Sizing beta", _rv(sz.beta))
    out["sizing.note"] = ("Sizing note", _text(sz.note))
    out["horizon"] = ("Time horizon", _rv(plan.horizon_years))
    # notes are matched by their words, so a note inserted in the middle moves nothing
    for note in plan.technical_notes:
        out[f"technical_notes.{note}"] = ("Technical note", _text(note))
    return out


def diff_plans(old: Plan, new: Plan) -> list[PlanChange]:
    """The changes from `old` to `new`, in the new plan's order, removals last."""
    before, after = _facets(old), _facets(new)
    changes: list[PlanChange] = []
    for key, (label, value) in after.items():
        if key not in before:
            changes.append(PlanChange(key, label, "added", None, value))
        elif before[key][1] != value:
            changes.append(PlanChange(key, label, "changed", before[key][1], value))
    for key, (label, value) in before.items():
        if key not in after:
            changes.append(PlanChange(key, label, "removed", value, None))
    return changes
