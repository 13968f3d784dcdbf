"""Status-bar label: where the prices came from and as of when; loud when they are sample data."""

from __future__ import annotations

from PySide6.QtWidgets import QLabel, QWidget

from kcdesk.model import fmt
from kcdesk.model.prices import PriceSeries
from kcdesk.ui import theme

SAMPLE_TEXT = "SAMPLE PRICES — NOT MARKET DATA"


def describe_prices(series: PriceSeries | None) -> str:
    """One line: source, fetch time and last bar (e.g. "KC prices: cache · as of …")."""
    if series is None or series.frame.empty:
        return "No prices — use Prices ▸ Refresh or File ▸ Import prices…"
    source = SAMPLE_TEXT if series.is_sample else series.source
    parts = [f"{series.ticker} prices: {source}"]
    if series.as_of is not None:
        parts.append(f"as of {series.as_of:%Y-%m-%d %H:%M} UTC")
    last = series.frame.index[-1]
    parts.append(
        f"last bar {last:%Y-%m-%d} close {fmt.price(float(series.frame['close'].iloc[-1]))}"
    )
    return " · ".join(parts)


class PriceStatusLabel(QLabel):
    """Permanent status-bar widget following the session's prices."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(describe_prices(None), parent)

    def on_prices_changed(self, series: PriceSeries) -> None:
        self.setText(describe_prices(series))
        theme.set_style(self, "color: $error; font-weight: bold;" if series.is_sample else "")
