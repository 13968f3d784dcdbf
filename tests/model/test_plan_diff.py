"""A diff of two plan versions names each changed level and rule, from what to what."""

from __future__ import annotations

from dataclasses import replace

from kcdesk.model.plan import Plan
from kcdesk.model.plan_diff import diff_plans
from kcdesk.model.values import RangeValue


def test_the_same_plan_has_no_changes(plan: Plan) -> None:
    assert diff_plans(plan, plan) == []


def test_moved_levels_read_from_what_to_what(plan: Plan) -> None:
    new = plan.edit_level("zone.accumulate", 10.5, 12).edit_level("target.24m", 18, 25)
    changes = diff_plans(plan, new)
    assert [(c.key, c.kind, c.old, c.new) for c in changes] == [
        ("zones.accumulate.price", "changed", "~$10–12", "~$10.5–12"),
        ("price_targets.24m.price", "changed", "$18–23", "$18–25"),
    ]
    assert changes[0].text == "Buy zone (accumulate) price: ~$10–12 → ~$10.5–12"


def test_changed_rules_are_listed(plan: Plan) -> None:
    new = replace(
        plan,
        stop_rule=replace(plan.stop_rule, pct_below_entry=RangeValue(12, 20, "pct")),
        breakout=replace(plan.breakout, volume_surge_pct=50),
        sizing=replace(plan.sizing, allocation_pct=RangeValue(1, 2, "pct")),
    )
    assert [c.text for c in diff_plans(plan, new)] == [
        "Breakout volume above its average: >40% → >50%",
        "Stop rule below entry: 10–20% → 12–20%",
        "Sizing allocation cap: 1–3% → 1–2%",
    ]


def test_added_and_removed_items_say_so(plan: Plan) -> None:
    # drop the first technical note, drop the long-term target, add a note
    new = replace(
        plan,
        technical_notes=(*plan.technical_notes[1:], "Base forming near $13"),
        price_targets=plan.price_targets[:2],
    )
    changes = diff_plans(plan, new)
    added = [c.text for c in changes if c.kind == "added"]
    removed = [c.key for c in changes if c.kind == "removed"]
    assert added == ["Technical note: added “Base forming near $13”"]
    assert "technical_notes.52-week range $6.17 – $22.26" in removed
    assert "price_targets.long_term.price" in removed
    # removals come after everything else
    assert [c.kind for c in changes][-len(removed) :] == ["removed"] * len(removed)
