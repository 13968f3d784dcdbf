"""Fill from Yahoo: a fake Ticker's quarterly statements become proposed rows (no network)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest

import kcdesk.data.yahoo_statements as ys
from kcdesk.data.yahoo_statements import (
    OPERATING_MARGIN,
    StatementFetchError,
    accept_proposal,
    fetch_proposal,
    propose,
)
from kcdesk.model.metric_log import MetricEntry, MetricLog

FETCHED = date(2026, 1, 10)
Q3_25, Q2_25, Q3_24 = (
    pd.Timestamp("2025-09-30"),
    pd.Timestamp("2025-06-30"),
    pd.Timestamp("2024-09-30"),
)


def frame(rows: dict[str, list[float]], columns: list[pd.Timestamp]) -> pd.DataFrame:
    return pd.DataFrame(rows, index=columns).T


class FakeTicker:
    """Statements shaped as yfinance returns them: items down, period ends across."""

    def __init__(self, currency: str = "CNY") -> None:
        self.info: Mapping[str, Any] = {"financialCurrency": currency}
        self.calls: list[tuple[str, str]] = []

    def get_income_stmt(self, *, freq: str) -> pd.DataFrame:
        self.calls.append(("income", freq))
        return frame(
            {"TotalRevenue": [2_480_000_000.0, 2_350_000_000.0, 1_887_000_000.0],
             "GrossProfit": [372_000_000.0, np.nan, 280_000_000.0],
             "OperatingIncome": [-24_800_000.0, -47_000_000.0, -150_000_000.0]},
            [Q3_25, Q2_25, Q3_24],
        )  # fmt: skip

    def get_cashflow(self, *, freq: str) -> pd.DataFrame:
        self.calls.append(("cashflow", freq))
        return frame({"FreeCashFlow": [-310_500_000.0], "CapitalExpenditure": [-1_200_000_000.0]},
                     [Q3_25])  # fmt: skip

    def get_balance_sheet(self, *, freq: str) -> pd.DataFrame:
        self.calls.append(("balance", freq))
        return frame({"TotalDebt": [9_876_543_210.0], "CashAndCashEquivalents": [np.nan]}, [Q3_25])


def by_key(
    log: MetricLog, fake: FakeTicker, quarters: int = 4
) -> dict[tuple[str, str], MetricEntry]:
    proposal = propose(fake, log, fetched_on=FETCHED, quarters=quarters)
    return {(r.entry.quarter, r.entry.metric): r.entry for r in proposal.rows}


def test_statements_become_rows_in_millions_and_percent() -> None:
    fake = FakeTicker()
    rows = by_key(MetricLog(), fake)
    assert fake.calls == [
        ("income", "quarterly"),
        ("cashflow", "quarterly"),
        ("balance", "quarterly"),
    ]
    expected = {
        ("2025Q3", "revenue"): 2480.0,  # 2,480,000,000 / 1e6
        ("2025Q3", "gross_margin_pct"): 15.0,  # 372 / 2480 = 0.15
        ("2025Q3", "operating_margin_pct"): -1.0,  # -24.8 / 2480
        ("2025Q3", "revenue_yoy_pct"): 31.43,  # 2480 / 1887 - 1 = 0.314255… -> 31.43
        ("2025Q3", "free_cash_flow"): -310.5,
        ("2025Q3", "capex"): 1200.0,  # spent: Yahoo's -1.2B read as 1,200 spent
        ("2025Q3", "total_debt"): 9876.543,  # 9,876,543,210 / 1e6 to thousands
        ("2025Q2", "revenue"): 2350.0,
        ("2025Q2", "operating_margin_pct"): -2.0,  # -47 / 2350
        ("2024Q3", "revenue"): 1887.0,
        ("2024Q3", "gross_margin_pct"): 14.84,  # 280 / 1887 = 0.148383… -> 14.84
        ("2024Q3", "operating_margin_pct"): -7.95,  # -150 / 1887 = -0.079491… -> -7.95
    }
    assert {k: (e.low, e.high) for k, e in rows.items()} == {k: (v, v) for k, v in expected.items()}
    entry = rows[("2025Q3", "revenue")]
    assert (entry.currency, entry.kind, entry.logged_on) == ("rmb", "reported", FETCHED)
    assert entry.source == "Yahoo Finance, fetched 2026-01-10"
    assert rows[("2025Q3", "gross_margin_pct")].currency is None


def test_only_the_latest_quarters_are_proposed() -> None:
    assert {q for q, _ in by_key(MetricLog(), FakeTicker(), quarters=1)} == {"2025Q3"}


def test_an_unknown_currency_leaves_money_out_but_keeps_ratios() -> None:
    proposal = propose(FakeTicker("EUR"), MetricLog(), fetched_on=FETCHED)
    assert proposal.currency is None
    assert {r.entry.unit for r in proposal.rows} == {"pct"}


def test_rows_sit_beside_the_logged_value_and_accepting_one_adds_a_row() -> None:
    logged = MetricEntry("m1", "2025Q3", "revenue", 2480.0, 2480.0, "money", "rmb", "reported",
                         "research report", date(2025, 11, 20))  # fmt: skip
    log = MetricLog((logged,))
    proposal = propose(FakeTicker(), log, fetched_on=FETCHED)
    assert proposal.new_metrics == (OPERATING_MARGIN,)
    revenue = next(
        r for r in proposal.rows if r.entry.metric == "revenue" and r.entry.quarter == "2025Q3"
    )
    assert revenue.logged == logged
    after = accept_proposal(log, revenue)
    assert [e.id for e in after.entries] == ["m1", "m2"] and log.entries == (logged,)
    margin = next(r for r in proposal.rows if r.entry.metric == "operating_margin_pct")
    with_margin = accept_proposal(after, margin)
    assert with_margin.metric("operating_margin_pct") == OPERATING_MARGIN


class FakeYf:
    def __init__(self, ticker: object) -> None:
        self.ticker = ticker
        self.cache: str | None = None

    def set_tz_cache_location(self, path: str) -> None:
        self.cache = path

    def Ticker(self, symbol: str) -> object:  # yfinance spells it so
        return self.ticker


class Broken(FakeTicker):
    def get_income_stmt(self, *, freq: str) -> pd.DataFrame:
        raise ConnectionError("Failed to perform, curl: (6) Could not resolve host")


@pytest.mark.parametrize(
    ("ticker", "cancel", "kind"),
    [(Broken(), False, "network"), (FakeTicker(), True, "cancelled")],
)
def test_fetch_failures_and_cancel_are_errors_that_say_why(
    ticker: FakeTicker, cancel: bool, kind: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(ys, "_import_yfinance", lambda: FakeYf(ticker))
    with pytest.raises(StatementFetchError) as info:
        fetch_proposal("KC", MetricLog(), cache_dir=tmp_path / "yf", fetched_on=FETCHED,
                       should_cancel=lambda: cancel)  # fmt: skip
    assert info.value.kind == kind


def test_fetch_through_the_price_adapters_yfinance(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    fake = FakeYf(FakeTicker())
    monkeypatch.setattr(ys, "_import_yfinance", lambda: fake)
    proposal = fetch_proposal("KC", MetricLog(), cache_dir=tmp_path / "yf", fetched_on=FETCHED)
    assert len(proposal.rows) == 12
    assert fake.cache == str(tmp_path / "yf")
