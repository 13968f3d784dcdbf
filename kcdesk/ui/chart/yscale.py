"""Price <-> view y: identity, or log10 when the chart is on a log scale."""

from __future__ import annotations

import numpy as np

# Below this a log scale has nothing sensible to show; prices are > 0 by the model's rules.
_FLOOR = 1e-6


class YScale:
    """Maps prices to the view's y and back; every price item draws through one of these."""

    def __init__(self, log: bool = False) -> None:
        self.log = log

    def to_view(self, price: float) -> float:
        return float(np.log10(max(price, _FLOOR))) if self.log else float(price)

    def to_price(self, y: float) -> float:
        return float(10.0**y) if self.log else float(y)

    def array(self, prices: np.ndarray) -> np.ndarray:
        """Vectorised to_view; NaN stays NaN."""
        if not self.log:
            return prices
        with np.errstate(invalid="ignore", divide="ignore"):
            return np.log10(np.where(prices > 0, prices, np.nan))
