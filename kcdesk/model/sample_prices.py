"""Deterministic sample OHLCV for KC that looks plausible on the chart — NOT market data.

A seeded random walk in log price, pinned to a few anchor prices (a Brownian bridge between
them) so the series spends time in and around the plan's zones, breakout and targets. The
shipped `data/sample_KC.csv` is `sample_csv_text()`; regenerate it with
`python -c "from kcdesk.data.prices.service import write_sample_csv; write_sample_csv()"`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

SAMPLE_SOURCE = "sample prices — not market data"
SAMPLE_SEED = 20251126
SAMPLE_TICKER = "KC"

# (date, close) the walk passes through: a fall from the high teens to the $3–4s, a long base,
# a run above the breakout area and a pull-back into the buy zone. Invented, not KC's history.
_ANCHORS = (
    ("2021-01-04", 18.0),
    ("2021-08-16", 12.5),
    ("2022-05-02", 4.6),
    ("2022-11-01", 3.8),
    ("2023-06-15", 6.2),
    ("2024-02-20", 4.1),
    ("2024-10-07", 7.5),
    ("2025-03-10", 17.5),
    ("2025-06-16", 11.8),
    ("2025-09-22", 16.4),
    ("2025-11-28", 12.6),
)
_DAILY_VOL = 0.035  # log-return standard deviation of the walk
_BASE_VOLUME = 2_500_000.0


def _bridge(rng: np.random.Generator, dates: pd.DatetimeIndex) -> np.ndarray:
    """Log closes: a straight line between anchors plus a Brownian bridge on each segment."""
    anchor_idx = dates.get_indexer(pd.DatetimeIndex([d for d, _ in _ANCHORS]))
    assert (anchor_idx >= 0).all(), "anchors must be business days"
    log_close = np.empty(len(dates))
    for (i0, p0), (i1, p1) in zip(
        zip(anchor_idx[:-1], (p for _, p in _ANCHORS[:-1]), strict=True),
        zip(anchor_idx[1:], (p for _, p in _ANCHORS[1:]), strict=True),
        strict=True,
    ):
        n = i1 - i0
        walk = np.concatenate(([0.0], np.cumsum(rng.standard_normal(n) * _DAILY_VOL)))
        frac = np.arange(n + 1) / n
        line = np.log(p0) + frac * (np.log(p1) - np.log(p0))
        log_close[i0 : i1 + 1] = line + walk - frac * walk[-1]
    return log_close


def sample_frame(seed: int = SAMPLE_SEED) -> pd.DataFrame:
    """Business-day bars from the first to the last anchor, in the price-frame convention."""
    rng = np.random.default_rng(seed)
    dates = pd.bdate_range(_ANCHORS[0][0], _ANCHORS[-1][0], name="date")
    close = np.exp(_bridge(rng, dates))
    n = len(close)
    prev = np.concatenate(([close[0]], close[:-1]))
    open_ = prev * np.exp(rng.standard_normal(n) * 0.012)
    high = np.maximum(open_, close) * np.exp(np.abs(rng.standard_normal(n)) * 0.015)
    low = np.minimum(open_, close) * np.exp(-np.abs(rng.standard_normal(n)) * 0.015)
    open_, high, low, close = (np.round(a, 2) for a in (open_, high, low, close))
    # rounding can push open/close past the extremes; the frame must stay OHLC-consistent
    high = np.maximum.reduce([high, open_, close])
    low = np.minimum.reduce([low, open_, close])
    move = np.abs(np.log(close / prev))
    volume = _BASE_VOLUME * np.exp(rng.standard_normal(n) * 0.35) * (1.0 + 12.0 * move)
    volume = np.round(volume, -2)
    return pd.DataFrame(
        {"open": open_, "high": high, "low": low, "close": close, "volume": volume},
        index=dates,
    )


def sample_csv_text(seed: int = SAMPLE_SEED) -> str:
    """The shipped sample file: a comment saying it is not market data, then Yahoo-style CSV."""
    frame = sample_frame(seed)
    lines = [
        f"# SAMPLE PRICES — NOT MARKET DATA. Generated for {SAMPLE_TICKER} by "
        f"kcdesk.model.sample_prices (seed {seed}) so KC Desk runs offline on first start.",
        "# Replace them with real prices: refresh from Yahoo Finance, or import a CSV file.",
        "Date,Open,High,Low,Close,Volume",
    ]
    lines += [
        f"{d:%Y-%m-%d},{o:.2f},{h:.2f},{lo:.2f},{c:.2f},{v:.0f}"
        for d, o, h, lo, c, v in zip(
            frame.index,
            frame["open"],
            frame["high"],
            frame["low"],
            frame["close"],
            frame["volume"],
            strict=True,
        )
    ]
    return "\n".join(lines) + "\n"
