"""Fixtures shared by the model tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.plan import Plan

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "kc_plan.json"


@pytest.fixture
def plan() -> Plan:
    """The shipped KC plan, as written in data/kc_plan.json."""
    return plan_from_json(json.loads(SHIPPED.read_text(encoding="utf-8"))["plan"])
