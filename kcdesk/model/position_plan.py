"""The desk's position plan: the sizer's inputs (stored or the report's), its result, the ladder.

One value computed in the standing from the desk (POSITION, LADDER, PLAN) and read by the Plan
tab, the chart's position box and `kcdesk size`. Nothing here depends on the prices: the entry
is a price or zone the user (or the report) chose, never the last close, so a refresh does not
move the plan.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from kcdesk.model.desk.desk import Desk
from kcdesk.model.ladder import Ladder, LadderTotals, ladder_from_plan, ladder_totals
from kcdesk.model.sizing import (
    PositionInputs,
    SizingResult,
    defaults_from_plan,
    size_position,
    targets_from_plan,
)
from kcdesk.model.values import RangeValue

# The report gives limits in percent but no account: the sizer shows them on this example
# account until the user types theirs (and says so beside the field).
EXAMPLE_ACCOUNT = Decimal(100_000)


@dataclass(frozen=True)
class PositionPlan:
    """What the sizer and the ladder show for a desk."""

    inputs: PositionInputs
    stored: bool  # False: the report's limits on EXAMPLE_ACCOUNT (nothing typed yet)
    sizing: SizingResult
    ladder: Ladder
    ladder_stored: bool  # False: the plan's entries sized from the inputs (nothing edited)
    totals: LadderTotals
    beta: RangeValue
    beta_note: str  # the report's advice for a high-beta stock
    reasons: tuple[str, ...]  # why each default is the cautious end


def report_inputs(desk: Desk) -> PositionInputs:
    """The report's inputs (cautious end of each range) on the example account."""
    return defaults_from_plan(desk.plan).inputs(EXAMPLE_ACCOUNT)


def position_plan(desk: Desk) -> PositionPlan | None:
    """Size the desk's position and its ladder from what is stored, else from the report.

    None while the plan has no zone (a new plan): there is no entry to size yet.
    """
    if not desk.plan.zones:
        return None
    defaults = defaults_from_plan(desk.plan)
    inputs = desk.position if desk.position is not None else report_inputs(desk)
    ladder = desk.ladder if desk.ladder is not None else ladder_from_plan(desk.plan, inputs)
    return PositionPlan(
        inputs=inputs,
        stored=desk.position is not None,
        sizing=size_position(inputs, targets_from_plan(desk.plan)),
        ladder=ladder,
        ladder_stored=desk.ladder is not None,
        totals=ladder_totals(ladder, inputs),
        beta=defaults.beta,
        beta_note=desk.plan.sizing.note,
        reasons=defaults.reasons,
    )
