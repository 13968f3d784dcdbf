"""The shipped KC desk on the shipped sample prices, for the report's tests."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, replace
from pathlib import Path

import pytest

from kcdesk.cli.plan_commands import desk_for
from kcdesk.data.paths import app_paths
from kcdesk.data.prices.service import load_prices
from kcdesk.model.desk.desk import Desk
from kcdesk.model.desk.standing import Standing, standing_of
from kcdesk.model.prices import PriceSeries
from kcdesk.model.research import Research
from kcdesk.model.valuation.inputs import default_inputs, set_input
from kcdesk.model.valuation.owned import owned_entries

MADE_AT = dt.datetime(2025, 12, 1, 9, 30)


@dataclass(frozen=True)
class Shipped:
    """A desk, its research and prices, and their standing."""

    desk: Desk
    research: Research | None
    prices: PriceSeries

    @property
    def standing(self) -> Standing:
        return standing_of(self.desk, self.research, self.prices.frame)


@pytest.fixture
def shipped(data_dir: Path) -> Shipped:
    """KC as a fresh profile opens it: the report's plan on the shipped sample prices."""
    paths = app_paths(data_dir)
    desk, research = desk_for(paths, "KC")
    return Shipped(desk, research, load_prices(paths, "KC"))


def with_valuation_inputs(s: Shipped) -> Shipped:
    """The shipped desk with the two inputs the report lacks typed in: 264M ADRs, $200M cash."""
    inputs = set_input(set_input(default_inputs(s.research), "adrs_m", 264), "net_debt_musd", -200)
    return replace(s, desk=replace(s.desk, valuation=owned_entries(inputs)))
