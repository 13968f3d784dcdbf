"""Catalyst checklists and the user's risk ratings: edits as new values, history kept, JSON."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path

import pytest

from kcdesk.data.document_json import document_from_json
from kcdesk.model.checklists import (
    Checklist,
    ChecklistItem,
    Checklists,
    RiskMatrix,
    checklists_from_json,
    checklists_of,
    checklists_to_json,
    report_checklists,
)
from kcdesk.model.metric_log import report_log
from kcdesk.model.research import Research
from kcdesk.model.triggers import NEWS_ITEMS, evaluate, report_rules
from kcdesk.model.values import PlanError

SHIPPED = Path(__file__).resolve().parents[2] / "data" / "kc_plan.json"
D1, D2, D3 = date(2025, 11, 20), date(2026, 1, 10), date(2026, 3, 5)


@pytest.fixture(scope="module")
def research() -> Research:
    found = document_from_json(json.loads(SHIPPED.read_text(encoding="utf-8"))).research
    assert found is not None
    return found


def mine(key: str = "mine") -> ChecklistItem:
    return ChecklistItem(key, "Xiaomi raises its stake", "positive")


def test_the_report_gives_four_positive_four_negative_and_the_news_items(
    research: Research,
) -> None:
    checklist = report_checklists(research).checklist
    assert [i.key for i in checklist.group("positive")] == [
        "ai_beats", "margin_improvement", "strategic_partnerships", "easing_tensions",
    ]  # fmt: skip
    assert [i.key for i in checklist.group("negative")] == [
        "export_restrictions", "price_wars", "further_issuance", "security_incidents",
    ]  # fmt: skip
    assert tuple(i.key for i in checklist.group("news")) == NEWS_ITEMS
    assert checklist.item("ai_beats").section == "Positive Catalysts"
    assert {i.status for i in checklist.items} == {"watching"}
    assert checklist.item("heavier_dilution").section.startswith("11C.")


def test_a_status_change_is_kept_in_the_history_with_its_date_and_note() -> None:
    before = Checklist((mine(),))
    after = before.set_status("mine", "happened", D2, "announced in January")
    later = after.set_status("mine", "no_longer_relevant", D3)
    item = later.item("mine")
    assert (item.status, item.changed_on) == ("no_longer_relevant", D3)
    assert [(c.on, c.status, c.note) for c in item.history] == [
        (D2, "happened", "announced in January"),
        (D3, "no_longer_relevant", ""),
    ]
    assert before.item("mine").status == "watching" and before.item("mine").changed_on is None
    # As it stood: watching before D2, happened from D2, no longer relevant from D3.
    assert [item.status_on(d) for d in (D1, D2, date(2026, 2, 1), D3, None)] == [
        "watching", "happened", "happened", "no_longer_relevant", "no_longer_relevant",
    ]  # fmt: skip
    assert later.status_on("mine", D2) == "happened" and later.status_on("other", None) is None


def test_the_same_status_twice_and_a_change_dated_before_the_last_are_refused() -> None:
    ticked = Checklist((mine(),)).set_status("mine", "happened", D2)
    with pytest.raises(PlanError, match="already"):
        ticked.set_status("mine", "happened", D3)
    with pytest.raises(PlanError, match="back in time"):
        ticked.set_status("mine", "watching", D1)


def test_add_edit_move_reorder_remove_return_new_checklists() -> None:
    one = Checklist().add(mine("a")).add(mine("b")).add(mine("c"))
    assert [i.key for i in one.move("c", 0).items] == ["c", "a", "b"]
    assert [i.key for i in one.move("a", 99).items] == ["b", "c", "a"]
    assert [i.key for i in one.reorder(("b", "a", "c")).items] == ["b", "a", "c"]
    edited = one.set_status("b", "happened", D1).edit("b", text="Xiaomi doubles", note="per 6-K")
    b = edited.item("b")
    assert (b.text, b.note, b.status) == ("Xiaomi doubles", "per 6-K", "happened")
    assert [i.key for i in one.remove("b").items] == ["a", "c"]
    assert len(one.items) == 3  # the original is untouched
    with pytest.raises(PlanError, match="every item"):
        one.reorder(("a", "b"))
    with pytest.raises(PlanError, match="unique"):
        one.add(mine("a"))
    with pytest.raises(PlanError, match="non-empty"):
        one.edit("a", text=" ")


def test_the_users_risk_rating_sits_beside_the_reports_with_its_history(research: Research) -> None:
    risks = RiskMatrix().set("competitive", "Medium", "price war cooled", D1)
    risks = risks.set("competitive", "High", "", D3).set("macro_fx", None, "no view yet", D2)
    current = risks.current("competitive")
    assert current is not None and (current.rating, current.on) == ("High", D3)
    assert [c.rating for c in risks.changes("competitive")] == ["Medium", "High"]
    assert risks.current("esg_reputational") is None
    report = {r.key: r.rating for r in research.risks}
    assert report["competitive"] == "High"  # the report's rating is untouched beside the user's
    with pytest.raises(PlanError, match="expected one of"):
        risks.set("competitive", "Severe", "", D3)


def test_json_round_trip_through_text_and_a_bad_document_is_refused(research: Research) -> None:
    state = report_checklists(research)
    state = Checklists(
        state.checklist.set_status("price_wars", "happened", D2, "Alibaba cut prices").add(mine()),
        RiskMatrix().set("competitive", "Medium–High", "note", D1),
    )
    text = json.dumps(checklists_to_json(state))
    assert checklists_from_json(json.loads(text)) == state
    with pytest.raises(PlanError, match="missing"):
        checklists_from_json({"items": []})
    doc = checklists_to_json(state)
    doc["items"][0]["history"] = [{"on": "yesterday", "status": "happened", "note": ""}]
    with pytest.raises(PlanError, match="YYYY-MM-DD"):
        checklists_from_json(doc)


def test_ticking_a_news_item_is_what_the_trim_rule_reads(research: Research) -> None:
    checklist = report_checklists(research).checklist
    log = report_log(research, logged_on=D1)
    trim = next(r for r in report_rules() if r.key == "trim")
    # EV/Revenue 3.5x is not above 5x, and nothing is ticked: every clause is not met.
    (before,) = evaluate([trim], log, ev_revenue=3.5, checklist=checklist)
    ticked = checklist.set_status("heavier_dilution", "happened", D2, "new convertible")
    (after,) = evaluate([trim], log, ev_revenue=3.5, checklist=ticked)
    assert (before.state, after.state) == ("not met", "met")


def test_shift_moves_an_item_among_its_own_group_only() -> None:
    neg = ChecklistItem("n1", "Export curbs", "negative")
    one = Checklist((mine("a"), neg, mine("b"), mine("c")))
    # Order a, n1, b, c; the positives are a, b, c. b up one passes a (n1 is not its group):
    # b lands where a was, at 0 -> b, a, n1, c.
    assert [i.key for i in one.shift("b", -1).items] == ["b", "a", "n1", "c"]
    # a down one swaps with b, the next positive, which sat at 2 -> n1, b, a, c.
    assert [i.key for i in one.shift("a", 1).items] == ["n1", "b", "a", "c"]
    # c is the last positive: down again leaves the list as it was; a up from first, too.
    assert one.shift("c", 1) == one and one.shift("a", -1) == one
    assert [i.key for i in one.shift("n1", 1).items] == ["a", "n1", "b", "c"]  # alone in group


def test_new_keys_are_unused_and_news_items_cannot_be_removed(research: Research) -> None:
    checklist = report_checklists(research).checklist
    assert checklist.new_key() == "user_1"
    added = checklist.add(ChecklistItem("user_1", "Xiaomi raises its stake", "positive"))
    assert added.new_key() == "user_2"
    assert added.remove("user_1") == checklist
    with pytest.raises(PlanError, match="trigger rules read"):
        checklist.remove("heavier_dilution")


def test_untouched_checklists_are_the_reports_and_a_ticker_without_research_has_news_only(
    research: Research,
) -> None:
    assert checklists_of(None, research) == report_checklists(research)
    stored = Checklists(Checklist((mine(),)))
    assert checklists_of(stored, research) is stored
    bare = checklists_of(None, None).checklist
    assert tuple(i.key for i in bare.items) == NEWS_ITEMS
    assert {i.section for i in bare.items} == {"user"}
