"""Fill from Yahoo Finance against fake sources: proposals, conversions, refusals, accepting."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from pathlib import Path
from typing import Any

import pytest

from kcdesk.data.yahoo_info import (
    YahooInfoError,
    YahooInfoSource,
    accept,
    fill_from_yahoo,
)
from kcdesk.model.valuation.inputs import ValuationInputs, set_input

DAY = date(2025, 11, 28)
# Round numbers shaped like KC's: 4,200 M ordinary shares, 15 per ADR = 280 M ADRs at $12.
KC_INFO: dict[str, object] = {
    "sharesOutstanding": 4_200_000_000, "marketCap": 3_360_000_000, "currentPrice": 12.0,
    "totalDebt": 6_900_000_000, "totalCash": 4_060_000_000, "financialCurrency": "CNY",
}


class FakeInfo:
    """An InfoSource that answers a fixed dict and records the tickers asked for."""

    def __init__(self, info: Mapping[str, object]) -> None:
        self.answer = info
        self.asked: list[str] = []

    def info(self, ticker: str) -> Mapping[str, object]:
        self.asked.append(ticker)
        return self.answer


def _inputs(**given: float) -> ValuationInputs:
    inputs = ValuationInputs()
    for name, value in given.items():
        inputs = set_input(inputs, name, value)
    return inputs


def test_ordinary_shares_and_rmb_amounts_are_converted_with_the_users_inputs() -> None:
    # market cap / price = 3,360 M / 12 = 280 M ADRs; 4,200 M shares / 280 M = 15 = per ADR:
    #   ADRs = 4,200 / 15 = 280 M.  Net debt (6,900 − 4,060) M RMB / 7.1 = 400 M USD.
    source = FakeInfo(KC_INFO)
    got = fill_from_yahoo("KC", _inputs(shares_per_adr=15, rmb_per_usd=7.1), source, DAY)
    assert source.asked == ["KC"]
    assert got.fetched_on == DAY
    values = {p.name: p.value for p in got.proposals}
    assert values == {"adrs_m": pytest.approx(280.0), "net_debt_musd": pytest.approx(400.0)}
    assert got.notes == ()
    assert [(f.key, f.value, f.currency) for f in got.facts] == [
        ("sharesOutstanding", 4.2e9, ""), ("totalDebt", 6.9e9, "rmb"), ("totalCash", 4.06e9, "rmb")
    ]
    notes = {p.name: p.note for p in got.proposals}
    assert "RMB 6.90B" in notes["net_debt_musd"] and "7.1 RMB per USD" in notes["net_debt_musd"]


def test_a_count_of_adrs_is_taken_as_is_and_usd_needs_no_rate() -> None:
    # 280 M shares = market cap / price: Yahoo counts ADRs.  Net debt (500 − 200) M USD = 300.
    info = dict(KC_INFO, sharesOutstanding=280_000_000, totalDebt=500_000_000,
                totalCash=200_000_000, financialCurrency="USD")
    got = fill_from_yahoo("KC", ValuationInputs(), FakeInfo(info), DAY)
    assert {p.name: p.value for p in got.proposals} == {
        "adrs_m": pytest.approx(280.0), "net_debt_musd": pytest.approx(300.0)
    }


def test_without_the_conversion_inputs_nothing_is_guessed() -> None:
    got = fill_from_yahoo("KC", ValuationInputs(), FakeInfo(KC_INFO), DAY)
    assert got.proposals == ()
    assert any("give the ordinary shares per ADR first" in n for n in got.notes)
    assert any("give the RMB per USD rate first" in n for n in got.notes)


def test_a_count_matching_neither_reading_is_not_proposed() -> None:
    # 4,200 M / 280 M = 15 per ADR, but the user says 10.
    got = fill_from_yahoo("KC", _inputs(shares_per_adr=10, rmb_per_usd=7.1), FakeInfo(KC_INFO),
                          DAY)
    assert [p.name for p in got.proposals] == ["net_debt_musd"]
    assert "match neither" in got.notes[0]


def test_missing_or_junk_facts_are_named_not_proposed() -> None:
    info = {"sharesOutstanding": float("nan"), "totalDebt": "n/a", "financialCurrency": "CNY"}
    got = fill_from_yahoo("KC", _inputs(shares_per_adr=15, rmb_per_usd=7.1), FakeInfo(info), DAY)
    assert got.proposals == () and got.facts == ()
    assert got.notes == ("Yahoo gave no shares outstanding",
                         "Yahoo gave no total debt and total cash")


def test_accepting_marks_the_inputs_as_yahoos_with_the_date_and_declining_changes_nothing(
) -> None:
    inputs = _inputs(shares_per_adr=15, rmb_per_usd=7.1)
    got = fill_from_yahoo("KC", inputs, FakeInfo(KC_INFO), DAY)
    taken = accept(inputs, got, ["adrs_m"])
    assert taken.adrs_m is not None
    assert (taken.adrs_m.value, taken.adrs_m.source, taken.adrs_m.as_of) == (
        pytest.approx(280.0), "yahoo", DAY
    )
    assert taken.net_debt_musd is None  # not taken
    assert accept(inputs, got, []) == inputs  # declined: the same inputs
    assert accept(inputs, got).net_debt_musd is not None


class FakeYf:
    """Stands in for the yfinance module: a Ticker whose .info answers or raises."""

    def __init__(self, info: Any = None, raises: Exception | None = None) -> None:
        self._info, self.raises = info, raises
        self.cache_dirs: list[str] = []
        self.tickers: list[str] = []

    def set_tz_cache_location(self, path: str) -> None:
        self.cache_dirs.append(path)

    def Ticker(self, ticker: str) -> Any:
        self.tickers.append(ticker)
        fake = self

        class _T:
            @property
            def info(self) -> Any:
                if fake.raises is not None:
                    raise fake.raises
                return fake._info

        return _T()


def test_the_yahoo_source_reads_ticker_info_with_caches_redirected(tmp_path: Path) -> None:
    yf = FakeYf(KC_INFO)
    source = YahooInfoSource(tmp_path / "yf", yf=yf)
    assert source.info("KC") == KC_INFO
    assert yf.tickers == ["KC"]
    assert yf.cache_dirs == [str(tmp_path / "yf")]


def test_offline_and_empty_answers_raise_a_plain_error(tmp_path: Path) -> None:
    offline = YahooInfoSource(tmp_path, yf=FakeYf(raises=ConnectionError("Failed to resolve host")))
    with pytest.raises(YahooInfoError) as err:
        offline.info("KC")
    assert err.value.kind == "network" and "KC" in err.value.plain
    with pytest.raises(YahooInfoError) as err:
        YahooInfoSource(tmp_path, yf=FakeYf({})).info("KC")
    assert err.value.kind == "empty"
