"""Loads the shipped plan document of a ticker and lays the user's stored plan over it."""

from __future__ import annotations

import json
from collections.abc import Collection
from pathlib import Path
from typing import Any, Protocol

from kcdesk.data.document_json import document_from_json
from kcdesk.data.paths import shipped_data_dir
from kcdesk.data.plan_json import plan_from_json
from kcdesk.data.store.records import DamagedPartError, StoreError
from kcdesk.model.desk.desk import Desk, Part
from kcdesk.model.document import SCHEMA_VERSION, PlanDocument
from kcdesk.model.research import Research
from kcdesk.model.tickers import normalize_ticker
from kcdesk.model.values import PlanError

# Tickers with a plan document shipped in data/, and its file name there.
SHIPPED_FILES = {"KC": "kc_plan.json"}
USER_PLAN_SOURCE = "Your own plan (no research shipped for this ticker)"


class DocumentError(Exception):
    """A plan document could not be found or read; the message says which and why."""


class DamagedDeskError(DocumentError):
    """One stored part of the desk no longer reads; the way out is a backup, or starting that
    part afresh with the damaged rows kept aside (`Store.set_aside_part`)."""

    def __init__(self, ticker: str, part: Part, reason: str) -> None:
        self.ticker, self.part, self.reason = ticker, part, reason
        name = part.value.replace("_", " ")
        super().__init__(f"your stored {name} for {ticker} cannot be read: {reason}")


class PlanSource(Protocol):
    """What loading needs of the user store: the stored plan JSON of a ticker, if any."""

    def get_plan(self, ticker: str) -> dict[str, Any] | None: ...


class DeskSource(PlanSource, Protocol):
    """What loading a desk needs of the user store: its stored parts too."""

    def read_parts(self, ticker: str, *, skip: Collection[Part] = ()) -> dict[Part, Any]: ...


def plan_doc_path_for(ticker: str) -> Path:
    """The shipped document file of `ticker`; DocumentError if none is shipped."""
    name = SHIPPED_FILES.get(normalize_ticker(ticker))
    if name is None:
        shipped = ", ".join(sorted(SHIPPED_FILES))
        raise DocumentError(f"no shipped plan for ticker {ticker!r} (shipped: {shipped})")
    return shipped_data_dir() / name


def has_shipped_document(ticker: str) -> bool:
    """Whether KC Desk ships a plan document for `ticker`."""
    return normalize_ticker(ticker) in SHIPPED_FILES


def read_json(path: Path) -> Any:
    """The JSON in the file at `path`; DocumentError names the file and the problem."""
    try:
        text = path.read_text(encoding="utf-8")
    except OSError as exc:
        raise DocumentError(f"cannot read plan document {path}: {exc.strerror or exc}") from None
    except UnicodeDecodeError as exc:
        raise DocumentError(f"{path}: not UTF-8 text ({exc.reason})") from None
    try:
        raw = json.loads(text)
    except json.JSONDecodeError as exc:
        raise DocumentError(
            f"{path}: not valid JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}"
        ) from None
    return raw


def read_document(path: Path) -> PlanDocument:
    """Read and validate a plan document file; DocumentError names the file and the problem."""
    raw = read_json(path)
    try:
        return document_from_json(raw)
    except PlanError as exc:
        raise DocumentError(f"{path}: {exc}") from None


def load_shipped_document(ticker: str) -> PlanDocument:
    """The shipped document of `ticker`; DocumentError if none is shipped or it is unreadable."""
    return read_document(plan_doc_path_for(ticker))


def effective_document(
    shipped: PlanDocument | None, user_plan_json: dict[str, Any] | None
) -> PlanDocument:
    """The document to show: the user's stored plan, when present, over the shipped one.

    Research always comes from the shipped document: the user edits the plan, not the report.
    """
    if user_plan_json is None:
        if shipped is None:
            raise DocumentError("no plan: nothing shipped for this ticker and none stored")
        return shipped
    try:
        plan = plan_from_json(user_plan_json)
    except PlanError as exc:
        ticker = shipped.ticker if shipped is not None else str(user_plan_json.get("ticker"))
        raise DamagedDeskError(ticker, Part.PLAN, str(exc)) from None
    if shipped is None:
        return PlanDocument(SCHEMA_VERSION, plan.ticker, USER_PLAN_SOURCE, plan, None)
    if plan.ticker != shipped.ticker:
        raise DocumentError(
            f"your stored plan is for {plan.ticker}, not {shipped.ticker}: refusing to mix them"
        )
    return shipped.with_plan(plan)


def load_effective_document(store: PlanSource | None, ticker: str) -> PlanDocument:
    """Shipped document (if any) with the plan stored in `store` (if any) laid over it."""
    shipped = load_shipped_document(ticker) if has_shipped_document(ticker) else None
    key = normalize_ticker(ticker)
    try:
        user_plan = store.get_plan(key) if store is not None else None
    except DamagedPartError as exc:
        raise DamagedDeskError(key, Part(exc.part), exc.reason) from None
    if shipped is None and user_plan is None:
        shipped_list = ", ".join(sorted(SHIPPED_FILES))
        raise DocumentError(
            f"no plan for ticker {ticker!r}: none is shipped (shipped: {shipped_list}) "
            "and none is stored in your profile"
        )
    return effective_document(shipped, user_plan)


def load_desk(store: DeskSource | None, ticker: str) -> tuple[Desk, Research | None]:
    """The ticker's desk (the effective plan and every stored part) and its shipped research.

    DocumentError when the ticker has no plan, or a stored part no longer reads.
    """
    document = load_effective_document(store, ticker)
    stored: dict[Part, Any] = {}
    if store is not None:
        try:
            # the effective document already holds the plan: read it once, not twice
            stored = store.read_parts(document.ticker, skip={Part.PLAN})
        except DamagedPartError as exc:
            raise DamagedDeskError(document.ticker, Part(exc.part), exc.reason) from None
        except StoreError as exc:
            raise DocumentError(str(exc)) from None
    try:
        desk = Desk(document.plan).with_parts(stored)
    except PlanError as exc:
        raise DocumentError(
            f"your stored desk for {document.ticker} cannot be read: {exc}"
        ) from None
    return desk, document.research
