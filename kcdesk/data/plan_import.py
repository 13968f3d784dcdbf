"""New plans and imported plan files put in the user store, each checked like a typed edit.

A file to import is an exported plan document (`kcdesk export-plan`) or a bare plan object. It
is refused, naming the field, for anything a typed edit refuses (a stop above its entry, a low
above its high) and for any field KC Desk does not know. Only the plan is imported: research
always comes from the shipped report.
"""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from typing import Any, Protocol

from kcdesk.data.document_json import document_from_json
from kcdesk.data.documents import (
    DocumentError,
    has_shipped_document,
    load_effective_document,
    read_json,
)
from kcdesk.data.plan_json import plan_from_json
from kcdesk.model.desk.desk import Part
from kcdesk.model.plan import Plan
from kcdesk.model.plan_template import blank_plan, cleared_plan
from kcdesk.model.tickers import normalize_ticker
from kcdesk.model.values import PlanError

_RANGE = ("low", "high", "unit", "approx", "scale")
_TARGET = ("key", "label", "price", "horizon", "from_entry", "note", "section")
# Every field of a stored plan, and the fields of each of its objects (None: not an object).
_FIELDS: dict[str, tuple[str, ...]] = {
    "plan": ("ticker", "name", "zones", "breakout", "stop_rule", "stops", "profit_targets",
             "price_targets", "sizing", "horizon", "technical_notes"),
    "zones": ("key", "label", "price", "note", "section"),
    "breakout": ("level", "volume_surge_pct", "note", "section"),
    "stop_rule": ("pct_below_entry", "section"),
    "stops": ("key", "label", "entry", "stop", "section"),
    "profit_targets": _TARGET,
    "price_targets": _TARGET,
    "sizing": ("allocation_pct", "risk_per_trade_pct", "beta", "note", "section"),
    "horizon": ("years", "section"),
}
_RANGES = {"price", "level", "pct_below_entry", "stop", "from_entry", "allocation_pct",
           "risk_per_trade_pct", "beta", "years"}


class PlanStore(Protocol):
    """What creating and importing need of the user store."""

    def get_plan(self, ticker: str) -> dict[str, Any] | None: ...

    def commit(self, ticker: str, changes: Any, action: str) -> None: ...


class PlanExistsError(DocumentError):
    """The ticker has a plan already: replacing it must be asked for."""

    def __init__(self, ticker: str) -> None:
        self.ticker = ticker
        super().__init__(f"{ticker} has a plan already")


def _check_object(doc: Any, kind: str, where: str) -> None:
    if not isinstance(doc, dict):
        return  # plan_from_json names a malformed object
    for key, value in doc.items():
        here = f"{where}.{key}"
        if key not in _FIELDS[kind]:
            raise PlanError(here, value, "unknown field")
        if key in _RANGES and isinstance(value, dict):
            for k, v in value.items():
                if k not in _RANGE:
                    raise PlanError(f"{here}.{k}", v, "unknown field")
        elif key in _FIELDS and isinstance(value, list):
            for i, item in enumerate(value):
                _check_object(item, key, f"{key}[{i}]")
        elif key in _FIELDS and value is not None:
            _check_object(value, key, key)


def plan_of_json(raw: Any) -> Plan:
    """The plan of an exported document or of a bare plan; PlanError naming the field."""
    if isinstance(raw, dict) and "kind" in raw:  # a whole document: check all of it
        document_from_json(raw)
        raw = raw["plan"]
    _check_object(raw, "plan", "plan")
    return plan_from_json(raw)


def read_plan_file(path: Path) -> Plan:
    """The plan in the file at `path`; DocumentError naming the file and the refused field."""
    raw = read_json(path)
    try:
        return plan_of_json(raw)
    except PlanError as exc:
        raise DocumentError(f"{path}: {exc}") from None


def has_plan(store: PlanStore | None, ticker: str) -> bool:
    """Whether `ticker` has a plan: shipped, or stored by the user."""
    key = normalize_ticker(ticker)
    return has_shipped_document(key) or (store is not None and store.get_plan(key) is not None)


def new_plan(store: PlanStore, ticker: str, name: str = "", from_ticker: str | None = None) -> Plan:
    """Create a plan for a ticker that has none: blank, or `from_ticker`'s structure cleared.

    PlanError for a bad ticker or name; PlanExistsError when the ticker has a plan already.
    """
    key = normalize_ticker(ticker)
    if has_plan(store, key):
        raise PlanExistsError(key)
    if from_ticker is None:
        plan = blank_plan(key, name)
    else:
        source = load_effective_document(store, normalize_ticker(from_ticker, "from")).plan
        plan = cleared_plan(source, key, name)
    store.commit(key, {Part.PLAN: plan}, f"create the plan for {key}")
    return plan


def import_plan(
    store: PlanStore, plan: Plan, *, replace_existing: bool = False, as_ticker: str | None = None
) -> tuple[Plan, bool]:
    """Store `plan` (under `as_ticker` if given): (the plan stored, whether one was replaced).

    PlanExistsError when the ticker has a plan and `replace_existing` is False.
    """
    if as_ticker is not None:
        plan = replace(plan, ticker=normalize_ticker(as_ticker, "as"))
    existed = has_plan(store, plan.ticker)
    if existed and not replace_existing:
        raise PlanExistsError(plan.ticker)
    store.commit(plan.ticker, {Part.PLAN: plan}, f"import the plan for {plan.ticker}")
    return plan, existed
