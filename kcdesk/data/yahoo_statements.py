"""Fill from Yahoo Finance: quarterly statements turned into proposed metric-log rows.

Nothing is written: the rows are proposals, shown beside what is logged, that the user accepts
one by one (`accept_proposal`). The statements come from an object with yfinance's `Ticker`
methods (`StatementSource`), so tests inject a fake; the real one is made through the price
adapter's yfinance import. Blocking network calls: run off the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

import pandas as pd

from kcdesk.data.prices.yahoo import _import_yfinance, classify, redirect_caches
from kcdesk.model.desk.metrics import accept_row
from kcdesk.model.metric_log import Currency, MetricDef, MetricEntry, MetricLog, MetricUnit
from kcdesk.model.quarters import quarter_of, year_ago

SOURCE_NAME = "Yahoo Finance"
# Yahoo's GAAP operating income is not the report's non-GAAP margin: it gets its own metric.
OPERATING_MARGIN = MetricDef("operating_margin_pct", "Operating margin (GAAP)", "pct")
_CURRENCIES: dict[str, Currency] = {"CNY": "rmb", "RMB": "rmb", "USD": "usd", "HKD": "hkd"}
_MONEY_ITEMS = (  # (metric, statement, raw item, sign applied)
    ("revenue", "income", "TotalRevenue", 1.0),
    ("free_cash_flow", "cashflow", "FreeCashFlow", 1.0),
    ("capex", "cashflow", "CapitalExpenditure", -1.0),  # Yahoo writes spending as negative
    ("total_debt", "balance", "TotalDebt", 1.0),
    ("cash", "balance", "CashAndCashEquivalents", 1.0),
)
_MARGINS = (
    ("gross_margin_pct", "GrossProfit"),
    (OPERATING_MARGIN.key, "OperatingIncome"),
)


class StatementSource(Protocol):
    """What is read of a yfinance `Ticker`."""

    @property
    def info(self) -> Mapping[str, Any]: ...

    def get_income_stmt(self, *, freq: str) -> pd.DataFrame: ...

    def get_cashflow(self, *, freq: str) -> pd.DataFrame: ...

    def get_balance_sheet(self, *, freq: str) -> pd.DataFrame: ...


class StatementFetchError(Exception):
    """The statements could not be had; `kind` is the price adapter's word for why."""

    def __init__(self, symbol: str, kind: str, detail: str = "") -> None:
        self.kind = kind
        plain = {
            "network": f"Could not reach {SOURCE_NAME} — check the internet connection.",
            "rate_limit": f"{SOURCE_NAME} is limiting requests — wait a few minutes.",
            "cancelled": f"Fetching statements for {symbol} was cancelled.",
        }.get(kind, f"{SOURCE_NAME} has no quarterly statements for {symbol}.")
        super().__init__(f"{plain} ({detail})" if detail else plain)


@dataclass(frozen=True)
class ProposedRow:
    """A row Yahoo proposes and the row logged now for its quarter and metric (if any)."""

    entry: MetricEntry  # its id is provisional: accept_proposal gives it a free one
    logged: MetricEntry | None


@dataclass(frozen=True)
class YahooProposal:
    """The proposed rows, newest quarter first, and the metrics the log must learn to take them."""

    rows: tuple[ProposedRow, ...]
    new_metrics: tuple[MetricDef, ...]
    currency: Currency | None  # None: Yahoo's currency is not one the log keeps (money left out)


def _items(frame: pd.DataFrame) -> dict[tuple[str, str], float]:
    """(quarter, raw item) -> value for every finite cell of a statement frame."""
    out: dict[tuple[str, str], float] = {}
    if frame is None or frame.empty:
        return out
    for column in frame.columns:
        quarter = quarter_of(pd.Timestamp(column).date())
        for item, value in frame[column].items():
            try:
                x = float(value)
            except (TypeError, ValueError):
                continue
            if math.isfinite(x):
                out[(quarter, str(item))] = x
    return out


def propose(
    source: StatementSource, log: MetricLog, *, fetched_on: date, quarters: int = 4
) -> YahooProposal:
    """Proposed rows for the latest `quarters` quarters of the statements.

    Money is in millions rounded to thousands; margins and growth in percent to 2 decimals.
    """
    frames = {
        "income": _items(source.get_income_stmt(freq="quarterly")),
        "cashflow": _items(source.get_cashflow(freq="quarterly")),
        "balance": _items(source.get_balance_sheet(freq="quarterly")),
    }
    currency = _CURRENCIES.get(str(source.info.get("financialCurrency", "")).upper())
    found = sorted({q for items in frames.values() for q, _ in items}, reverse=True)[:quarters]
    income = frames["income"]
    values: list[tuple[str, str, float, MetricUnit]] = []
    for q in found:
        if currency is not None:
            for metric, frame, item, sign in _MONEY_ITEMS:
                if (x := frames[frame].get((q, item))) is not None:
                    values.append((q, metric, round(sign * x / 1e6, 3), "money"))
        revenue = income.get((q, "TotalRevenue"))
        if revenue:
            for metric, item in _MARGINS:
                if (x := income.get((q, item))) is not None:
                    values.append((q, metric, round(x / revenue * 100, 2), "pct"))
            before = income.get((year_ago(q), "TotalRevenue"))
            if before is not None and before > 0:
                values.append((q, "revenue_yoy_pct", round((revenue / before - 1) * 100, 2), "pct"))
    text = f"{SOURCE_NAME}, fetched {fetched_on.isoformat()}"
    current = log.current()
    rows = []
    for q, metric, x, unit in values:
        cur = currency if unit == "money" else None
        entry = MetricEntry("m0", q, metric, x, x, unit, cur, "reported", text, fetched_on)
        rows.append(ProposedRow(entry, current.value(q, metric)))
    known = {d.key for d in log.metrics}
    needed = () if OPERATING_MARGIN.key in known else (OPERATING_MARGIN,)
    uses = any(r.entry.metric == OPERATING_MARGIN.key for r in rows)
    return YahooProposal(tuple(rows), needed if uses else (), currency)


def accept_proposal(log: MetricLog, row: ProposedRow) -> MetricLog:
    """The log with one accepted row (a new row: a restatement if a value is logged)."""
    return accept_row(log, row.entry, (OPERATING_MARGIN,))


def fetch_proposal(
    symbol: str,
    log: MetricLog,
    *,
    cache_dir: Path,
    fetched_on: date,
    should_cancel: Callable[[], bool] = lambda: False,
) -> YahooProposal:
    """Fetch the statements of `symbol` from Yahoo and propose rows (blocking; off the GUI)."""
    yf = _import_yfinance()
    redirect_caches(yf, cache_dir)
    ticker = yf.Ticker(symbol)
    if should_cancel():
        raise StatementFetchError(symbol, "cancelled")
    try:
        proposal = propose(ticker, log, fetched_on=fetched_on)
    except Exception as exc:  # yfinance raises anything from KeyError to curl errors
        raise StatementFetchError(symbol, classify(symbol, [], exc).kind, str(exc)[:200]) from exc
    if should_cancel():
        raise StatementFetchError(symbol, "cancelled")
    if not proposal.rows:
        raise StatementFetchError(symbol, "empty")
    return proposal
