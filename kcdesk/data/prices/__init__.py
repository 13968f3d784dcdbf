"""Prices: the PriceSource interface, yfinance, CSV import, the cache, and the service over them."""
