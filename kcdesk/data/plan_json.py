"""Plan <-> JSON-ready dicts: the `plan` part of a plan document and of a stored plan row."""

from __future__ import annotations

from typing import Any

from kcdesk.model.plan import Breakout, EntryStop, Plan, Sizing, StopRule, Target, Zone
from kcdesk.model.values import PlanError, RangeValue


def _rv(doc: dict[str, Any], key: str, where: str) -> RangeValue:
    if key not in doc:
        raise PlanError(f"{where}.{key}", None, "missing")
    return RangeValue.from_json(doc[key], f"{where}.{key}")


def _str(doc: dict[str, Any], key: str, where: str, default: str | None = None) -> str:
    v = doc.get(key, default)
    if not isinstance(v, str):
        raise PlanError(f"{where}.{key}", v, "must be text")
    return v


def _target(d: dict[str, Any], where: str) -> Target:
    return Target(
        key=_str(d, "key", where),
        label=_str(d, "label", where),
        price=_rv(d, "price", where),
        section=_str(d, "section", where),
        horizon=_str(d, "horizon", where, ""),
        from_entry=_rv(d, "from_entry", where) if d.get("from_entry") else None,
        note=_str(d, "note", where, ""),
    )


def _target_json(t: Target) -> dict[str, Any]:
    out: dict[str, Any] = {"key": t.key, "label": t.label, "price": t.price.to_json()}
    if t.horizon:
        out["horizon"] = t.horizon
    if t.from_entry is not None:
        out["from_entry"] = t.from_entry.to_json()
    if t.note:
        out["note"] = t.note
    out["section"] = t.section
    return out


def _breakout_json(b: Breakout) -> dict[str, Any]:
    return {
        "level": b.level.to_json(),
        "volume_surge_pct": b.volume_surge_pct,
        **({"note": b.note} if b.note else {}),
        "section": b.section,
    }


def plan_from_json(doc: dict[str, Any]) -> Plan:
    """Build and validate a Plan; raises PlanError naming the first bad field."""
    if not isinstance(doc, dict):
        raise PlanError("plan", doc, "expected an object")
    try:
        zones = tuple(
            Zone(
                key=_str(z, "key", f"zones[{i}]"),
                label=_str(z, "label", f"zones[{i}]"),
                price=_rv(z, "price", f"zones[{i}]"),
                section=_str(z, "section", f"zones[{i}]"),
                note=_str(z, "note", f"zones[{i}]", ""),
            )
            for i, z in enumerate(doc["zones"])
        )
        b = doc["breakout"]
        breakout = None if b is None else Breakout(
            level=_rv(b, "level", "breakout"),
            volume_surge_pct=b["volume_surge_pct"],
            section=_str(b, "section", "breakout"),
            note=_str(b, "note", "breakout", ""),
        )
        sr = doc["stop_rule"]
        stop_rule = StopRule(
            _rv(sr, "pct_below_entry", "stop_rule"), _str(sr, "section", "stop_rule")
        )
        stops = tuple(
            EntryStop(
                key=_str(s, "key", f"stops[{i}]"),
                label=_str(s, "label", f"stops[{i}]"),
                entry=s["entry"],
                stop=_rv(s, "stop", f"stops[{i}]"),
                section=_str(s, "section", f"stops[{i}]"),
            )
            for i, s in enumerate(doc["stops"])
        )
        profit = tuple(
            _target(t, f"profit_targets[{i}]") for i, t in enumerate(doc["profit_targets"])
        )
        price = tuple(_target(t, f"price_targets[{i}]") for i, t in enumerate(doc["price_targets"]))
        sz = doc["sizing"]
        sizing = Sizing(
            allocation_pct=_rv(sz, "allocation_pct", "sizing"),
            risk_per_trade_pct=_rv(sz, "risk_per_trade_pct", "sizing"),
            beta=_rv(sz, "beta", "sizing"),
            section=_str(sz, "section", "sizing"),
            note=_str(sz, "note", "sizing", ""),
        )
        hz = doc["horizon"]
        return Plan(
            ticker=_str(doc, "ticker", "plan"),
            name=_str(doc, "name", "plan"),
            zones=zones,
            breakout=breakout,
            stop_rule=stop_rule,
            stops=stops,
            profit_targets=profit,
            price_targets=price,
            sizing=sizing,
            horizon_years=_rv(hz, "years", "horizon"),
            horizon_section=_str(hz, "section", "horizon"),
            technical_notes=tuple(doc.get("technical_notes", ())),
        )
    except KeyError as exc:
        raise PlanError("plan", exc.args[0], "a required key is missing") from None
    except (TypeError, AttributeError) as exc:
        raise PlanError("plan", str(exc), "malformed plan document") from None


def plan_to_json(plan: Plan) -> dict[str, Any]:
    """The inverse of plan_from_json."""
    return {
        "ticker": plan.ticker,
        "name": plan.name,
        "zones": [
            {
                "key": z.key,
                "label": z.label,
                "price": z.price.to_json(),
                **({"note": z.note} if z.note else {}),
                "section": z.section,
            }
            for z in plan.zones
        ],
        "breakout": None if plan.breakout is None else _breakout_json(plan.breakout),
        "stop_rule": {
            "pct_below_entry": plan.stop_rule.pct_below_entry.to_json(),
            "section": plan.stop_rule.section,
        },
        "stops": [
            {
                "key": s.key,
                "label": s.label,
                "entry": s.entry,
                "stop": s.stop.to_json(),
                "section": s.section,
            }
            for s in plan.stops
        ],
        "profit_targets": [_target_json(t) for t in plan.profit_targets],
        "price_targets": [_target_json(t) for t in plan.price_targets],
        "sizing": {
            "allocation_pct": plan.sizing.allocation_pct.to_json(),
            "risk_per_trade_pct": plan.sizing.risk_per_trade_pct.to_json(),
            "beta": plan.sizing.beta.to_json(),
            **({"note": plan.sizing.note} if plan.sizing.note else {}),
            "section": plan.sizing.section,
        },
        "horizon": {"years": plan.horizon_years.to_json(), "section": plan.horizon_section},
        "technical_notes": list(plan.technical_notes),
    }
