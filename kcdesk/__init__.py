"""KC Desk: an offline-first desk for planning a position in a stock."""

__version__ = "0.1.0"
