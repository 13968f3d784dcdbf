"""Loading the shipped document, and the user's stored plan laid over it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest

from kcdesk.data import documents
from kcdesk.data.documents import (
    DocumentError,
    effective_document,
    load_effective_document,
    load_shipped_document,
    plan_doc_path_for,
    read_document,
)
from kcdesk.data.plan_json import plan_to_json


class FakeStore:
    """A store holding stored plans by ticker."""

    def __init__(self, plans: dict[str, dict[str, Any]] | None = None) -> None:
        self.plans = plans or {}

    def get_plan(self, ticker: str) -> dict[str, Any] | None:
        return self.plans.get(ticker)


def test_the_kc_document_is_shipped_with_research() -> None:
    doc = load_shipped_document("kc")
    assert plan_doc_path_for("KC").name == "kc_plan.json"
    assert doc.ticker == "KC" and doc.research is not None


def test_a_ticker_without_a_shipped_document_is_a_clear_error() -> None:
    with pytest.raises(DocumentError, match=r"no shipped plan for ticker 'GDS' \(shipped: KC\)"):
        plan_doc_path_for("GDS")
    with pytest.raises(DocumentError, match="'GDS'"):
        load_effective_document(FakeStore(), "GDS")


def test_the_stored_plan_replaces_the_shipped_plan_and_research_stays() -> None:
    shipped = load_shipped_document("KC")
    edited = shipped.plan.edit_level("stop.example", 9.2, 9.6)
    doc = load_effective_document(FakeStore({"KC": plan_to_json(edited)}), "KC")
    assert doc.plan == edited
    assert doc.research == shipped.research
    assert doc.source == shipped.source


def test_without_a_stored_plan_the_shipped_document_is_used() -> None:
    shipped = load_shipped_document("KC")
    assert load_effective_document(FakeStore(), "KC") == shipped
    assert load_effective_document(None, "KC") == shipped


def test_a_ticker_with_only_a_stored_plan_has_no_research() -> None:
    plan_json = dict(plan_to_json(load_shipped_document("KC").plan), ticker="ABC")
    doc = load_effective_document(FakeStore({"ABC": plan_json}), "abc")
    assert doc.ticker == "ABC" and doc.research is None


def test_a_stored_plan_for_another_ticker_is_not_mixed_in() -> None:
    shipped = load_shipped_document("KC")
    other = dict(plan_to_json(shipped.plan), ticker="GDS")
    with pytest.raises(DocumentError, match="is for GDS"):
        effective_document(shipped, other)


def test_an_unreadable_stored_plan_is_a_clear_error() -> None:
    shipped = load_shipped_document("KC")
    broken = plan_to_json(shipped.plan)
    broken["zones"][0]["price"]["low"] = 13  # above its high of 12
    expected = r"stored plan for KC cannot be read: zones\[0\]\.price: the low is above"
    with pytest.raises(DocumentError, match=expected):
        effective_document(shipped, broken)


def test_a_malformed_file_names_the_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{\n  "schema_version": 1,\n  oops\n}', encoding="utf-8")
    with pytest.raises(DocumentError, match=r"plan\.json: not valid JSON at line 3"):
        read_document(path)


def test_an_invalid_document_names_the_file_and_field(tmp_path: Path) -> None:
    raw = json.loads(plan_doc_path_for("KC").read_text(encoding="utf-8"))
    raw["schema_version"] = 99
    path = tmp_path / "newer.json"
    path.write_text(json.dumps(raw), encoding="utf-8")
    with pytest.raises(DocumentError, match=r"newer\.json: schema_version: .*newer KC Desk"):
        read_document(path)


def test_a_missing_file_is_a_clear_error(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setattr(documents, "shipped_data_dir", lambda: tmp_path)
    with pytest.raises(DocumentError, match="cannot read plan document"):
        load_shipped_document("KC")
