"""The plan document: schema version, ticker, source, the plan and (shipped tickers) research."""

from __future__ import annotations

from dataclasses import dataclass, replace

from kcdesk.model.plan import Plan
from kcdesk.model.research import Research
from kcdesk.model.tickers import normalize_ticker
from kcdesk.model.values import PlanError

SCHEMA_VERSION = 1
DOCUMENT_KIND = "kcdesk-plan"


@dataclass(frozen=True)
class PlanDocument:
    """A whole plan document: the trading plan and, for shipped tickers, the research."""

    schema_version: int
    ticker: str
    source: str
    plan: Plan
    research: Research | None

    def __post_init__(self) -> None:
        if normalize_ticker(self.ticker) != self.plan.ticker:
            raise PlanError("ticker", self.ticker, f"the plan inside is for {self.plan.ticker}")
        object.__setattr__(self, "ticker", self.plan.ticker)

    def with_plan(self, plan: Plan) -> PlanDocument:
        """The same document carrying another plan for the same ticker."""
        return replace(self, plan=plan)
