"""The formatters the valuation added: large amounts with their scale, plain numbers."""

from __future__ import annotations

from kcdesk.model import fmt


def test_large_amounts_read_with_currency_and_scale() -> None:
    assert fmt.money_short(6.9e9, "rmb") == "RMB 6.90B"
    assert fmt.money_short(465e6) == "$465.00M"
    assert fmt.money_short(-120.5e6) == "-$120.50M"
    assert fmt.money_short(None) == "—"


def test_plain_numbers_drop_trailing_zeros() -> None:
    assert [fmt.number(x) for x in (1250.0, 7.1, 15.0, 7.125)] == ["1,250", "7.1", "15", "7.12"]
