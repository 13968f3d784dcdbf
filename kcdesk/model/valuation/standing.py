"""The valuation as the desk's standing holds it: computed once per change, read by every view."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from kcdesk.model.research import Research
from kcdesk.model.valuation.dcf import ScenarioValue, value_scenarios
from kcdesk.model.valuation.inputs import ValuationInputs, missing
from kcdesk.model.valuation.owned import Entries, effective_inputs
from kcdesk.model.valuation.peer_implied import (
    AnalystUpside,
    PeerImplied,
    analyst_upsides,
    peer_implied,
)
from kcdesk.model.valuation.reverse import ReverseScenario, reverse_scenarios
from kcdesk.model.valuation.sensitivity import SensitivityGrid, sensitivity_grid
from kcdesk.model.values import PlanError


@dataclass(frozen=True)
class ValuationStanding:
    """The effective inputs, what is missing, and every result computed from them.

    `error` is set (and the inputs None) where the stored entries no longer validate against
    the report; results are empty until nothing is `missing`.
    """

    inputs: ValuationInputs | None
    missing: tuple[str, ...] = ()
    last_close: float | None = None
    scenarios: tuple[ScenarioValue, ...] = ()
    reverse: tuple[ReverseScenario, ...] = ()
    grids: tuple[SensitivityGrid, ...] = ()
    peers: tuple[PeerImplied, ...] = ()
    analysts: tuple[AnalystUpside, ...] = ()
    error: str = ""

    @property
    def ready(self) -> bool:
        """True where a value per ADR could be computed."""
        return self.inputs is not None and not self.missing and not self.error

    def grid(self, key: str) -> SensitivityGrid | None:
        return next((g for g in self.grids if g.key == key), None)


def last_close_of(frame: pd.DataFrame) -> float | None:
    """The last bar's close, or None without prices."""
    if frame.empty:
        return None
    close = float(frame["close"].iloc[-1])
    return close if close > 0 else None


def valuation_standing(
    research: Research | None, entries: Entries, last_close: float | None
) -> ValuationStanding:
    """Everything the Valuation tab, the chart bands and `kcdesk valuation` show."""
    analysts = () if research is None or last_close is None else analyst_upsides(
        research, last_close)
    try:
        inputs = effective_inputs(research, entries)
    except PlanError as exc:
        return ValuationStanding(None, last_close=last_close, analysts=analysts,
                                 error=f"your valuation inputs no longer fit the report: {exc}")
    lacking = missing(inputs)
    if lacking:
        return ValuationStanding(inputs, lacking, last_close, analysts=analysts)
    return ValuationStanding(
        inputs,
        (),
        last_close,
        value_scenarios(inputs),
        () if last_close is None else reverse_scenarios(inputs, last_close),
        tuple(sensitivity_grid(inputs, s.key, last_close) for s in inputs.scenarios),
        () if research is None else peer_implied(research, inputs),
        analysts,
    )
