"""Fill from Yahoo Finance: shares outstanding, total debt and total cash proposed as inputs.

Nothing here writes: `fill_from_yahoo` returns proposals with the fetch date, and `accept`
returns the inputs with the ones the user took, marked as Yahoo's. Like price fetches, the
fetch must run off the GUI thread.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any, Protocol

from kcdesk.data.prices.yahoo import _import_yfinance, classify, redirect_caches
from kcdesk.model import fmt
from kcdesk.model.valuation.inputs import ValuationInputs, set_input

SOURCE_NAME = "Yahoo Finance"
# Yahoo's currency codes for the report's currencies.
_CURRENCIES = {"USD": "usd", "CNY": "rmb", "RMB": "rmb", "HKD": "hkd"}
# How close market cap / price must come to a share count to say what the count counts.
_AGREE = 0.1


class InfoSource(Protocol):
    """Something that answers a ticker's company facts as yfinance's `Ticker.info` does."""

    def info(self, ticker: str) -> Mapping[str, object]: ...


class YahooInfoError(Exception):
    """The facts could not be had; `kind` is a price-fetch kind ("network", "rate_limit", …)."""

    def __init__(self, kind: str, ticker: str, detail: str = "") -> None:
        self.kind, self.ticker, self.detail = kind, ticker, detail
        self.plain = f"Could not get {ticker}'s figures from {SOURCE_NAME} ({kind})."
        super().__init__(f"{self.plain} {detail}".strip())


class YahooInfoSource:
    """InfoSource backed by `yfinance.Ticker(ticker).info`; `yf` replaces yfinance in tests."""

    name = SOURCE_NAME

    def __init__(self, cache_dir: Path, yf: Any = None) -> None:
        self.cache_dir = cache_dir
        self._yf = yf

    def info(self, ticker: str) -> Mapping[str, object]:
        if self._yf is None:
            try:
                self._yf = _import_yfinance()
            except ImportError as exc:
                raise YahooInfoError("failed", ticker, f"yfinance is not installed: {exc}") from exc
        redirect_caches(self._yf, self.cache_dir)
        try:
            raw = self._yf.Ticker(ticker).info
        except Exception as exc:
            raise YahooInfoError(classify(ticker, [], exc).kind, ticker, str(exc)[:200]) from exc
        if not isinstance(raw, Mapping) or not raw:
            raise YahooInfoError("empty", ticker, "no company facts returned")
        return raw


@dataclass(frozen=True)
class YahooFact:
    """A figure as Yahoo gives it (`key` is Yahoo's name), in its currency ("" for a count)."""

    key: str
    label: str
    value: float
    currency: str = ""


@dataclass(frozen=True)
class Proposal:
    """A value for one input (`name` as `set_input` takes it) and how it was derived."""

    name: str
    value: float
    note: str


@dataclass(frozen=True)
class YahooProposals:
    """What Yahoo said on `fetched_on`, what it proposes, and what it could not propose, why."""

    ticker: str
    fetched_on: date
    facts: tuple[YahooFact, ...]
    proposals: tuple[Proposal, ...]
    notes: tuple[str, ...]


def _number(info: Mapping[str, object], key: str) -> float | None:
    v = info.get(key)
    if isinstance(v, bool) or not isinstance(v, (int, float)) or not math.isfinite(v):
        return None
    return float(v)


def _adrs(info: Mapping[str, object], inputs: ValuationInputs
          ) -> tuple[Proposal | None, str]:
    """ADRs outstanding (millions) from Yahoo's count, if market cap / price says what it counts."""
    shares = _number(info, "sharesOutstanding")
    if shares is None or shares <= 0:
        return None, "Yahoo gave no shares outstanding"
    cap = _number(info, "marketCap")
    price = _number(info, "currentPrice") or _number(info, "regularMarketPrice")
    if cap is None or price is None or cap <= 0 or price <= 0:
        return None, (f"cannot tell whether Yahoo's {fmt.volume(shares)} shares are ADRs or "
                      "ordinary shares (no market cap and price to compare)")
    ratio = shares / (cap / price)  # 1 when Yahoo counts ADRs, shares-per-ADR when ordinary
    if abs(ratio - 1) < _AGREE:
        return Proposal("adrs_m", shares / 1e6,
                        f"{fmt.volume(shares)} shares outstanding, counted in ADRs "
                        "(market cap / price agrees)"), ""
    per_adr = inputs.shares_per_adr
    if per_adr is not None and abs(ratio / per_adr.value - 1) < _AGREE:
        each = fmt.number(per_adr.value)
        return Proposal("adrs_m", shares / per_adr.value / 1e6,
                        f"{fmt.volume(shares)} ordinary shares ÷ {each} per ADR"), ""
    if per_adr is None:
        return None, (f"Yahoo's {fmt.volume(shares)} shares look like ordinary shares "
                      f"(~{fmt.number(ratio)} per ADR): give the ordinary shares per ADR first")
    return None, (f"Yahoo's {fmt.volume(shares)} shares match neither ADRs nor "
                  f"{fmt.number(per_adr.value)} ordinary shares per ADR")


def _net_debt(info: Mapping[str, object], inputs: ValuationInputs
              ) -> tuple[Proposal | None, str]:
    """Net debt (USD millions) = total debt − total cash, converted from RMB where needed."""
    debt, cash = _number(info, "totalDebt"), _number(info, "totalCash")
    if debt is None or cash is None:
        return None, "Yahoo gave no total debt and total cash"
    code = str(info.get("financialCurrency") or "")
    currency = _CURRENCIES.get(code.upper())
    said = (f"total debt {fmt.money_short(debt, currency or 'usd')} − total cash "
            f"{fmt.money_short(cash, currency or 'usd')}")
    if currency == "usd":
        return Proposal("net_debt_musd", (debt - cash) / 1e6, said), ""
    if currency == "rmb":
        rate = inputs.rmb_per_usd
        if rate is None:
            return None, f"{said} is in RMB: give the RMB per USD rate first"
        return Proposal("net_debt_musd", (debt - cash) / rate.value / 1e6,
                        f"{said} at {fmt.number(rate.value)} RMB per USD"), ""
    return None, f"Yahoo reports the balance sheet in {code or 'an unnamed currency'}"


def proposals_from_info(ticker: str, info: Mapping[str, object], inputs: ValuationInputs,
                        fetched_on: date) -> YahooProposals:
    """Turn Yahoo's facts into proposals for the inputs, given the user's conversion inputs."""
    code = str(info.get("financialCurrency") or "")
    money = _CURRENCIES.get(code.upper(), "")
    facts = tuple(
        YahooFact(key, label, value, unit)
        for key, label, unit in (("sharesOutstanding", "Shares outstanding", ""),
                                 ("totalDebt", "Total debt", money),
                                 ("totalCash", "Total cash", money))
        if (value := _number(info, key)) is not None
    )
    proposals, notes = [], []
    for derive in (_adrs, _net_debt):
        proposal, note = derive(info, inputs)
        if proposal is not None:
            proposals.append(proposal)
        else:
            notes.append(note)
    return YahooProposals(ticker, fetched_on, facts, tuple(proposals), tuple(notes))


def fill_from_yahoo(ticker: str, inputs: ValuationInputs, source: InfoSource,
                    today: date | None = None) -> YahooProposals:
    """Fetch the ticker's facts and propose inputs from them; YahooInfoError when offline."""
    info = source.info(ticker)
    return proposals_from_info(ticker, info, inputs, today or date.today())


def accept(inputs: ValuationInputs, proposals: YahooProposals,
           names: Iterable[str] | None = None) -> ValuationInputs:
    """The inputs with the proposals the user took (all, or those `names`), marked as Yahoo's."""
    wanted = None if names is None else set(names)
    for p in proposals.proposals:
        if wanted is None or p.name in wanted:
            inputs = set_input(inputs, p.name, p.value, source="yahoo", as_of=proposals.fetched_on)
    return inputs
