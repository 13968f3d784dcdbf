"""Peer-implied values per ADR and analyst upsides against hand calculations."""

from __future__ import annotations

import pytest

from kcdesk.model.research import Research
from kcdesk.model.valuation.inputs import MissingInputsError, ValuationInputs, default_inputs
from kcdesk.model.valuation.peer_implied import analyst_upsides, peer_implied
from kcdesk.model.values import PlanError

SNAPSHOT = "Competitive Landscape — Comparative Snapshot (TTM 2025)"
MULTIPLES = "9A. Relative Valuation — Key Multiples"


def test_each_differing_statement_of_a_peer_multiple_is_its_own_range(
    research: Research, kc_inputs: ValuationInputs
) -> None:
    # KC revenue 1250, net debt 100, 250 M ADRs: value = (1250 × multiple − 100) / 250.
    #   GDS ~7–8x   (Executive Summary): (8750 − 100) / 250 = 34.6 … (10000 − 100) / 250 = 39.6
    #   GDS ~7.3–7.7x (Snapshot):        (9125 − 100) / 250 = 36.1 … (9625 − 100) / 250 = 38.1
    #   GDS ~7–7.7x (Key Multiples):     34.6 … 38.1
    #   VNET ~4.3x, stated alike in two sections: (5375 − 100) / 250 = 21.1
    got = [(p.peer, p.text, p.sections, p.low, p.high) for p in peer_implied(research, kc_inputs)]
    assert got == [
        ("GDS", "~7–8x", ("Executive Summary",), pytest.approx(34.6), pytest.approx(39.6)),
        ("GDS", "~7.3–7.7x", (SNAPSHOT,), pytest.approx(36.1), pytest.approx(38.1)),
        ("GDS", "~7–7.7x", (MULTIPLES,), pytest.approx(34.6), pytest.approx(38.1)),
        ("VNET", "~4.3x", (SNAPSHOT, MULTIPLES), pytest.approx(21.1), pytest.approx(21.1)),
    ]


def test_peer_implied_needs_the_users_figures(research: Research) -> None:
    with pytest.raises(MissingInputsError):
        peer_implied(research, default_inputs(research))


def test_analyst_upsides_are_recomputed_beside_the_stated_ones(research: Research) -> None:
    # Close $12.50:
    #   ValueInvesting.io $18.1 → 18.1 / 12.5 − 1 = 44.8 %   (report: ~45 %)
    #   MarketBeat $17.3 → 38.4 %; range $10.6–24 → −15.2 % … +92 %   (report: ~39 %)
    #   Zacks range $4.9–20.4 → −60.8 % … +63.2 %   (report: ~25 %, no average given)
    vi, mb, zacks = analyst_upsides(research, 12.5)
    assert (vi.source, vi.average_upside_pct, vi.range_upside_pct) == (
        "ValueInvesting.io", pytest.approx(44.8), None
    )
    assert vi.stated_upside is not None and vi.stated_upside.low == 45
    assert vi.stated_upside_text == "~45%"
    assert mb.average_upside_pct == pytest.approx(38.4)
    assert mb.range_upside_pct == (pytest.approx(-15.2), pytest.approx(92.0))
    assert (zacks.average, zacks.average_upside_pct) == (None, None)
    assert zacks.range_upside_pct == (pytest.approx(-60.8), pytest.approx(63.2))
    assert zacks.stated_upside_text == "~25%"


def test_analyst_upsides_need_a_price(research: Research) -> None:
    with pytest.raises(PlanError):
        analyst_upsides(research, -1.0)
