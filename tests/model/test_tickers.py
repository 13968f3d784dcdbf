"""The one ticker rule: trimmed, upper-cased, and hostile or empty symbols refused by name."""

from __future__ import annotations

import pytest

from kcdesk.model.tickers import normalize_ticker
from kcdesk.model.values import PlanError


@pytest.mark.parametrize(
    ("given", "want"),
    [("KC", "KC"), (" kc ", "KC"), ("brk.b", "BRK.B"), ("0700.HK", "0700.HK"),
     ("^GSPC", "^GSPC"), ("EURUSD=X", "EURUSD=X"), ("BF-B", "BF-B")],
)
def test_symbols_exchanges_use_are_kept_upper_case(given: str, want: str) -> None:
    assert normalize_ticker(given) == want


@pytest.mark.parametrize(
    "bad", ["", "   ", "../x", "..", "a/b", "KC;rm", "KC rm", "$(id)", ".KC", "-KC", "K" * 21,
            None, 7],
)
def test_hostile_or_empty_tickers_are_refused_naming_the_field(bad: object) -> None:
    with pytest.raises(PlanError) as exc:
        normalize_ticker(bad, "--ticker")
    assert str(exc.value).startswith("--ticker: ")
    assert "letters or digits" in str(exc.value)
