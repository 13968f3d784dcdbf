"""The sensitivity grid against hand-worked cells, its default axes, and its marks."""

from __future__ import annotations

import pytest

from kcdesk.model.valuation.inputs import ValuationInputs, set_input
from kcdesk.model.valuation.sensitivity import axis_around, sensitivity_grid
from tests.model.valuation._cases import one_year

# In these cases the value per ADR is FCF₁ / w = 100 × m × (1 + c) / w (see _cases.one_year).


def test_cells_are_the_hand_values_marked_against_the_close() -> None:
    # m = 10 %: (w 10 %, c 0 %) → 10 / 0.1 = 100; (10 %, 10 %) → 110;
    #           (w 20 %, c 0 %) → 10 / 0.2 = 50;  (20 %, 10 %) → 55.   Close 60.
    grid = sensitivity_grid(one_year("5", "15"), "bear", 60.0, (10.0, 20.0), (0.0, 10.0))
    assert grid.wacc_pcts == (10.0, 20.0) and grid.cagr_pcts == (0.0, 10.0)
    values = [[(c.low, c.high, c.mark) for c in row] for row in grid.cells]
    assert values == [
        [(pytest.approx(100.0), pytest.approx(100.0), "at_or_above"),
         (pytest.approx(110.0), pytest.approx(110.0), "at_or_above")],
        [(pytest.approx(50.0), pytest.approx(50.0), "below"),
         (pytest.approx(55.0), pytest.approx(55.0), "below")],
    ]


def test_a_fcf_margin_range_makes_each_cell_a_range() -> None:
    # m = 10–12 %, (w 20 %, c 10 %): 11 / 0.2 = 55 to 13.2 / 0.2 = 66; close 60 lies inside.
    grid = sensitivity_grid(one_year("5", "15", fcf_margin="10–12"), "bear", 60.0,
                            (20.0,), (10.0,))
    (cell,) = grid.cells[0]
    assert (cell.low, cell.high, cell.mark) == (pytest.approx(55.0), pytest.approx(66.0),
                                                "straddles")


def test_a_cell_equal_to_the_close_counts_as_at_or_above() -> None:
    # (w 20 %, c 0 %) → 50 exactly.
    grid = sensitivity_grid(one_year("5", "15"), "bear", 50.0, (20.0,), (0.0,))
    assert grid.cells[0][0].mark == "at_or_above"


def test_without_a_close_cells_are_unmarked() -> None:
    grid = sensitivity_grid(one_year("5", "15"), "bear", None, (20.0,), (0.0,))
    assert grid.cells[0][0].mark is None and grid.last_close is None


def test_default_axes_step_around_the_scenarios_own_ends() -> None:
    assert axis_around((18.0,)) == (15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0)
    assert axis_around((12.0, 13.0)) == (9.0, 10.0, 11.0, 12.0, 13.0, 14.0, 15.0, 16.0)
    assert axis_around((12.0, 12.5)) == (9.0, 10.0, 11.0, 12.0, 12.5, 13.5, 14.5, 15.5)
    assert axis_around((10.0,), step=0.5, each_side=1) == (9.5, 10.0, 10.5)


def test_the_default_wacc_axis_leaves_out_rates_at_or_below_g(kc_inputs: ValuationInputs) -> None:
    # g = 3 %, WACC 5 %: 2, 3, 4, 5, 6, 7, 8 less 2 and 3.
    inputs = set_input(kc_inputs, "base.wacc_pct", "5")
    grid = sensitivity_grid(inputs, "base", 12.0)
    assert grid.wacc_pcts == (4.0, 5.0, 6.0, 7.0, 8.0)
    assert grid.cagr_pcts == (15.0, 16.0, 17.0, 18.0, 19.0, 20.0, 21.0)
    assert len(grid.cells) == 5 and all(len(r) == 7 for r in grid.cells)


def test_the_grid_holds_the_scenarios_own_value_at_its_inputs(kc_inputs: ValuationInputs) -> None:
    # Base at 18 % and 11 % is $11.3547 per ADR (worked in test_dcf).
    grid = sensitivity_grid(kc_inputs, "base", 12.0)
    cell = grid.cells[grid.wacc_pcts.index(11.0)][grid.cagr_pcts.index(18.0)]
    assert cell.low == pytest.approx(11.3547, abs=2e-3) and cell.mark == "below"
