"""The tabs beside the chart: Plan, Fundamentals, Peers, Valuation, Catalysts, Metrics, Journal."""
