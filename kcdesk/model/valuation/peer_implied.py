"""KC priced at its peers' EV/Revenue, and the analysts' targets against the last close."""

from __future__ import annotations

from dataclasses import dataclass

from kcdesk.model.research import Research
from kcdesk.model.valuation.inputs import ValuationInputs, require
from kcdesk.model.values import RangeValue, check_price

EV_REVENUE_ROW = "ev_revenue"


@dataclass(frozen=True)
class PeerImplied:
    """KC's value per ADR at one statement of a peer's EV/Revenue, with every section stating it.

    `low`/`high` are the value at the multiple's low and high end (None for an open end).
    """

    peer: str
    figure_key: str
    multiple: RangeValue
    text: str
    sections: tuple[str, ...]
    low: float | None
    high: float | None


def _per_adr(multiple: float | None, revenue: float, net_debt: float, adrs: float
             ) -> float | None:
    return None if multiple is None else (revenue * multiple - net_debt) / adrs


def peer_implied(research: Research, inputs: ValuationInputs) -> tuple[PeerImplied, ...]:
    """(base revenue × peer EV/Revenue − net debt) / ADRs, one range per distinct statement.

    The snapshot's first column is the company itself; the others are its peers. A statement
    repeated in several sections is one range listing them all; a peer whose cell has no
    figure ("N/M") has none.
    """
    require(inputs)
    revenue, debt, adrs = inputs.base_revenue_musd, inputs.net_debt_musd, inputs.adrs_m
    assert revenue is not None and debt is not None and adrs is not None  # require() saw to it
    table = research.peers.snapshot
    out = []
    for peer in table.columns[1:]:
        figure = table.cell(EV_REVENUE_ROW, peer).figure
        if figure is None:
            continue
        groups: dict[tuple[float | None, float | None], list[int]] = {}
        for i, st in enumerate(figure.statements):
            groups.setdefault((st.value.low, st.value.high), []).append(i)
        for (low, high), where in groups.items():
            first = figure.statements[where[0]]
            out.append(PeerImplied(
                peer,
                figure.key,
                first.value,
                first.text,
                tuple(figure.statements[i].section for i in where),
                _per_adr(low, revenue.value, debt.value, adrs.value),
                _per_adr(high, revenue.value, debt.value, adrs.value),
            ))
    return tuple(out)


@dataclass(frozen=True)
class AnalystUpside:
    """One source's targets, the upside the report states, and the upside from the last close."""

    key: str
    source: str
    section: str
    average: float | None
    range_low: float | None
    range_high: float | None
    stated_upside: RangeValue | None
    stated_upside_text: str
    average_upside_pct: float | None  # recomputed: average / close − 1
    range_upside_pct: tuple[float, float] | None  # recomputed for each end of the range


def _upside(target: float | None, close: float) -> float | None:
    return None if target is None else 100 * (target / close - 1)


def analyst_upsides(research: Research, last_close: float) -> tuple[AnalystUpside, ...]:
    """The report's analyst targets with their implied upside recomputed from `last_close`."""
    close = check_price("last_close", last_close)
    out = []
    for t in research.valuation.analyst_targets:
        average = None if t.average is None else t.average.value.low
        rng = None if t.price_range is None else t.price_range.value
        low, high = (None, None) if rng is None else (rng.low, rng.high)
        up_low, up_high = _upside(low, close), _upside(high, close)
        stated = t.implied_upside
        out.append(AnalystUpside(
            t.key,
            t.source,
            t.section,
            average,
            low,
            high,
            None if stated is None else stated.value,
            "" if stated is None else stated.statements[0].text,
            _upside(average, close),
            None if up_low is None or up_high is None else (up_low, up_high),
        ))
    return tuple(out)
