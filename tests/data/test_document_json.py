"""Plan documents: exact round trip, newer schema refused, bad research named by its place."""

from __future__ import annotations

import copy
import json
from pathlib import Path
from typing import Any

import pytest

from kcdesk.data.document_json import document_from_json, document_to_json
from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.document import SCHEMA_VERSION, PlanDocument
from kcdesk.model.values import PlanError

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "kc_plan.json"


@pytest.fixture
def raw() -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(SHIPPED.read_text(encoding="utf-8"))
    return doc


def _figure(raw: dict[str, Any], key: str) -> dict[str, Any]:
    found: dict[str, Any] = next(f for f in raw["research"]["figures"] if f["key"] == key)
    return found


def test_a_document_without_research_round_trips(raw: dict[str, Any]) -> None:
    del raw["research"]
    doc = document_from_json(raw)
    assert doc.research is None
    assert document_to_json(doc) == raw


def test_a_document_from_a_newer_kc_desk_is_refused(raw: dict[str, Any]) -> None:
    raw["schema_version"] = SCHEMA_VERSION + 1
    with pytest.raises(PlanError, match="newer KC Desk") as err:
        document_from_json(raw)
    assert err.value.field == "schema_version"


def test_a_document_of_another_kind_is_refused(raw: dict[str, Any]) -> None:
    raw["kind"] = "something-else"
    with pytest.raises(PlanError) as err:
        document_from_json(raw)
    assert err.value.field == "kind"


def test_ticker_must_match_the_plan(raw: dict[str, Any]) -> None:
    raw["ticker"] = "GDS"
    with pytest.raises(PlanError, match="plan inside is for KC"):
        document_from_json(raw)


def test_a_research_figure_with_low_above_high_is_refused(raw: dict[str, Any]) -> None:
    value = _figure(raw, "kc_pb")["statements"][1]["value"]
    value["low"], value["high"] = 3.9, 3.6
    with pytest.raises(PlanError) as err:
        document_from_json(raw)
    assert "kc_pb" in err.value.field
    assert "low is above the high" in str(err.value)


def test_a_negative_analyst_price_target_is_refused(raw: dict[str, Any]) -> None:
    value = _figure(raw, "marketbeat_average_pt")["statements"][0]["value"]
    value["low"] = value["high"] = -17.3
    with pytest.raises(PlanError, match="price must be above zero") as err:
        document_from_json(raw)
    assert "marketbeat_average_pt" in err.value.field


def test_a_margin_outside_a_sane_range_is_refused(raw: dict[str, Any]) -> None:
    value = _figure(raw, "bear_operating_margin")["statements"][0]["value"]
    value["high"] = 600
    with pytest.raises(PlanError) as err:
        document_from_json(raw)
    assert "bear" in err.value.field and "600" in str(err.value)


def test_a_wacc_outside_zero_to_fifty_percent_is_refused(raw: dict[str, Any]) -> None:
    value = _figure(raw, "base_wacc")["statements"][0]["value"]
    value["low"] = value["high"] = 110
    with pytest.raises(PlanError, match="wacc"):
        document_from_json(raw)


def test_a_reference_to_a_missing_figure_is_named(raw: dict[str, Any]) -> None:
    raw["research"]["triggers"][1]["figures"] = ["no_such_figure"]
    with pytest.raises(PlanError) as err:
        document_from_json(raw)
    assert err.value.field == "research.triggers[1].figures[0]"


def test_an_unknown_key_is_refused_rather_than_dropped(raw: dict[str, Any]) -> None:
    raw["research"]["risks"][0]["ratng"] = "Low"
    with pytest.raises(PlanError, match="unknown key") as err:
        document_from_json(raw)
    assert err.value.field == "research.risks[0].ratng"


def test_a_bad_risk_rating_and_trigger_kind_are_refused(raw: dict[str, Any]) -> None:
    bad_rating = copy.deepcopy(raw)
    bad_rating["research"]["risks"][0]["rating"] = "Severe"
    with pytest.raises(PlanError, match="rating"):
        document_from_json(bad_rating)
    raw["research"]["triggers"][0]["kind"] = "sell"
    with pytest.raises(PlanError, match="kind"):
        document_from_json(raw)


def test_scenarios_must_be_bear_base_bull(raw: dict[str, Any]) -> None:
    scenarios = raw["research"]["valuation"]["scenarios"]
    scenarios[0], scenarios[2] = scenarios[2], scenarios[0]
    with pytest.raises(PlanError, match="scenarios"):
        document_from_json(raw)


def test_a_table_cell_must_be_what_its_own_section_says(raw: dict[str, Any]) -> None:
    # The snapshot says ~7.3–7.7x for GDS; pointing its cell at other words is refused.
    row = raw["research"]["peers"]["snapshot"]["rows"][1]
    row["cells"][1]["text"] = "~7–8x"
    with pytest.raises(PlanError, match="comparative_snapshot"):
        document_from_json(raw)


def test_a_missing_section_is_refused(raw: dict[str, Any]) -> None:
    _figure(raw, "roe_ttm")["statements"][0]["section"] = ""
    with pytest.raises(PlanError, match="section"):
        document_from_json(raw)


def test_with_plan_keeps_the_research(raw: dict[str, Any]) -> None:
    doc = document_from_json(raw)
    edited = doc.plan.edit_level("zone.accumulate", 10.5, 12)
    new = doc.with_plan(edited)
    assert new.plan is edited and new.research is doc.research
    assert document_to_json(new)["research"] == raw["research"]


def test_a_document_is_refused_for_a_mismatched_plan(raw: dict[str, Any]) -> None:
    plan = plan_from_json(dict(raw["plan"], ticker="GDS"))
    with pytest.raises(PlanError):
        PlanDocument(SCHEMA_VERSION, "KC", "test", plan, None)
