"""The one rule for ticker symbols: normalised (trimmed, upper case) and checked everywhere.

The command line, the store, the price cache, the plan and the window all call
`normalize_ticker`, so `kc ` and `KC` are one ticker and `../x`, `KC;rm` or an empty ticker
are refused with the same message before they can reach a file name or a row.
"""

from __future__ import annotations

import re

from kcdesk.model.values import PlanError

# Letters and digits, with the few marks exchanges use: BRK.B, 0700.HK, ^GSPC, EURUSD=X, BF-B.
# No slash, no leading dot, no spaces or shell characters.
_TICKER = re.compile(r"^[A-Z0-9^][A-Z0-9.=^-]{0,19}$")
TICKER_HINT = "1–20 letters or digits, with . - = ^ allowed after the first (e.g. KC, 0700.HK)"


def normalize_ticker(value: object, field: str = "ticker") -> str:
    """`value` trimmed and upper-cased; PlanError naming `field` when it is not a ticker."""
    if not isinstance(value, str):
        raise PlanError(field, value, f"a ticker is text: {TICKER_HINT}")
    ticker = value.strip().upper()
    if not ticker:
        raise PlanError(field, value, f"a ticker is needed: {TICKER_HINT}")
    if not _TICKER.match(ticker):
        raise PlanError(field, value, f"not a ticker symbol: {TICKER_HINT}")
    return ticker
