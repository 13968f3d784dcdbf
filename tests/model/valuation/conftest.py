"""Shared fixtures for the valuation model tests: the shipped research and complete inputs."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kcdesk.data.document_json import document_from_json
from kcdesk.model.research import Research
from kcdesk.model.valuation.inputs import ValuationInputs, default_inputs, set_input

SHIPPED = Path(__file__).resolve().parents[3] / "data" / "kc_plan.json"


@pytest.fixture(scope="session")
def research() -> Research:
    doc = document_from_json(json.loads(SHIPPED.read_text(encoding="utf-8")))
    assert doc.research is not None
    return doc.research


@pytest.fixture
def kc_inputs(research: Research) -> ValuationInputs:
    """The report's table with the user's figures filled in (round numbers, not KC's)."""
    inputs = set_input(default_inputs(research), "adrs_m", "250")
    return set_input(inputs, "net_debt_musd", "100")
