"""Edits of the user's valuation inputs: a typed cell, accepted Yahoo figures, a reset."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.research import Research
from kcdesk.model.valuation.inputs import Source, reset_input, set_input
from kcdesk.model.valuation.owned import effective_inputs, owned_entries


@dataclass(frozen=True)
class InputValue:
    """One input set: typed text ("10–12%", "250") or a number, and where it came from."""

    name: str
    value: object
    source: Source = "user"
    as_of: date | None = None


@dataclass(frozen=True)
class SetValuationInputs:
    """Set inputs (validated against the whole table: WACC above g, margins within 100 %)."""

    research: Research | None = field(compare=False, repr=False)
    values: tuple[InputValue, ...]

    def apply(self, desk: Desk) -> Desk:
        inputs = effective_inputs(self.research, desk.valuation)
        for v in self.values:
            inputs = set_input(inputs, v.name, v.value, v.source, v.as_of)
        return desk.with_parts({Part.VALUATION: owned_entries(inputs)})


@dataclass(frozen=True)
class ResetValuationInput:
    """Put one input back to the report's value or the default (the user's own: not given)."""

    research: Research | None = field(compare=False, repr=False)
    name: str

    def apply(self, desk: Desk) -> Desk:
        inputs = reset_input(effective_inputs(self.research, desk.valuation), self.name,
                             self.research)
        return desk.with_parts({Part.VALUATION: owned_entries(inputs)})
