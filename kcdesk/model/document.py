"""The plan document (schema version, ticker, source, plan, research) <-> JSON-ready dicts.

Pure: no file I/O. `document_to_json(document_from_json(d)) == d` for every valid document
this module writes, so a shipped or exported file survives a load and save unchanged.
"""

from __future__ import annotations

import types
from dataclasses import MISSING, dataclass, fields, is_dataclass, replace
from functools import cache
from typing import Any, Union, get_args, get_origin, get_type_hints

from kcdesk.model.plan import Plan
from kcdesk.model.plan_json import plan_from_json, plan_to_json
from kcdesk.model.research import Research
from kcdesk.model.values import Figure, PlanError, RangeValue, Statement

SCHEMA_VERSION = 1
DOCUMENT_KIND = "kcdesk-plan"
_TOP_KEYS = ("schema_version", "kind", "ticker", "source", "plan", "research")


@dataclass(frozen=True)
class PlanDocument:
    """A whole plan document: the trading plan and, for shipped tickers, the research."""

    schema_version: int
    ticker: str
    source: str
    plan: Plan
    research: Research | None

    def __post_init__(self) -> None:
        if self.ticker.strip().upper() != self.plan.ticker:
            raise PlanError("ticker", self.ticker, f"the plan inside is for {self.plan.ticker}")
        object.__setattr__(self, "ticker", self.plan.ticker)

    def with_plan(self, plan: Plan) -> PlanDocument:
        """The same document carrying another plan for the same ticker."""
        return replace(self, plan=plan)


# --- figures -------------------------------------------------------------------------------


def _number_json(x: float | None) -> float | int | None:
    # Whole numbers are written as 10, not 10.0, so the file reads as the report does.
    if x is not None and x.is_integer():
        return int(x)
    return x


def range_to_json(rv: RangeValue) -> dict[str, Any]:
    """A range with all five keys, so a reader of the file never has to know the defaults."""
    return {
        "low": _number_json(rv.low),
        "high": _number_json(rv.high),
        "unit": rv.unit,
        "approx": rv.approx,
        "scale": rv.scale,
    }


def figure_to_json(fig: Figure) -> dict[str, Any]:
    """A figure with every statement of it, each with its section and words."""
    out: dict[str, Any] = {
        "key": fig.key,
        "label": fig.label,
        "statements": [
            {"value": range_to_json(st.value), "section": st.section, "text": st.text}
            for st in fig.statements
        ],
    }
    if fig.note:
        out["note"] = fig.note
    return out


def _require_keys(
    doc: Any, where: str, required: tuple[str, ...], allowed: tuple[str, ...]
) -> None:
    if not isinstance(doc, dict):
        raise PlanError(where, doc, "expected an object")
    for key in required:
        if key not in doc:
            raise PlanError(f"{where}.{key}", None, "missing")
    for key in doc:
        if key not in allowed:
            raise PlanError(f"{where}.{key}", doc[key], "unknown key")


def _text(doc: dict[str, Any], key: str, where: str) -> str:
    v = doc.get(key, "")
    if not isinstance(v, str):
        raise PlanError(f"{where}.{key}", v, "must be text")
    return v


def figure_from_json(doc: Any, where: str) -> Figure:
    """Build and validate a Figure; PlanError names the first bad field."""
    required = ("key", "label", "statements")
    _require_keys(doc, where, required, (*required, "note"))
    key = _text(doc, "key", where)
    here = f"{where}({key})"
    raw = doc["statements"]
    if not isinstance(raw, list):
        raise PlanError(f"{here}.statements", raw, "expected a list")
    statements = []
    for i, st in enumerate(raw):
        at = f"{here}.statements[{i}]"
        _require_keys(st, at, ("value", "section"), ("value", "section", "text"))
        value = RangeValue.from_json(st["value"], f"{at}.value")
        statements.append(Statement(value, _text(st, "section", at), _text(st, "text", at)))
    return Figure(key, _text(doc, "label", here), tuple(statements), _text(doc, "note", here))


# --- research: a generic walk over the dataclasses of kcdesk.model.research ----------------
# Figures inside the sections are written as their key and resolved against `figures` on
# reading, so each figure is stored once however many tables show it.


def _default_of(f: Any) -> Any:
    if f.default is not MISSING:
        return f.default
    if f.default_factory is not MISSING:
        return f.default_factory()
    return MISSING


def _to_json(value: Any) -> Any:
    if isinstance(value, Figure):
        return value.key
    if isinstance(value, tuple):
        return [_to_json(v) for v in value]
    if is_dataclass(value) and not isinstance(value, type):
        out: dict[str, Any] = {}
        for f in fields(value):
            v = getattr(value, f.name)
            default = _default_of(f)
            if default is not MISSING and v == default:
                continue  # defaults are left out to keep the file short; reading restores them
            out[f.name] = _to_json(v)
        return out
    return value


@cache
def _hints(cls: type) -> dict[str, Any]:
    """The resolved field types of a dataclass (resolving them is slow; classes never change)."""
    return get_type_hints(cls)


def _from_json(data: Any, hint: Any, where: str, figures: dict[str, Figure]) -> Any:
    origin = get_origin(hint)
    if hint is Figure:
        if not isinstance(data, str) or data not in figures:
            raise PlanError(where, data, "not the key of a figure in research.figures")
        return figures[data]
    if origin in (Union, types.UnionType):
        if data is None:
            return None
        (inner,) = [a for a in get_args(hint) if a is not type(None)]
        return _from_json(data, inner, where, figures)
    if origin is tuple:
        if not isinstance(data, list):
            raise PlanError(where, data, "expected a list")
        item_hint = get_args(hint)[0]
        return tuple(
            _from_json(item, item_hint, f"{where}[{i}]", figures) for i, item in enumerate(data)
        )
    if isinstance(hint, type) and is_dataclass(hint):
        hints = _hints(hint)
        names = tuple(f.name for f in fields(hint))
        required = tuple(f.name for f in fields(hint) if _default_of(f) is MISSING)
        _require_keys(data, where, required, names)
        kwargs = {
            name: _from_json(v, hints[name], f"{where}.{name}", figures) for name, v in data.items()
        }
        return hint(**kwargs)
    if hint in (str, int, float) and isinstance(data, hint) and not isinstance(data, bool):
        return data
    raise PlanError(where, data, f"expected {getattr(hint, '__name__', hint)}")


def research_to_json(research: Research) -> dict[str, Any]:
    """The `research` part of a plan document."""
    out: dict[str, Any] = _to_json(research)
    out["figures"] = [figure_to_json(f) for f in research.figures]
    return out


def research_from_json(doc: Any) -> Research:
    """Build and validate Research; PlanError names the first bad field."""
    if not isinstance(doc, dict):
        raise PlanError("research", doc, "expected an object")
    raw = doc.get("figures")
    if not isinstance(raw, list):
        raise PlanError("research.figures", raw, "expected a list")
    figures: dict[str, Figure] = {}
    for i, item in enumerate(raw):
        fig = figure_from_json(item, f"research.figures[{i}]")
        if fig.key in figures:
            raise PlanError(f"research.figures[{i}].key", fig.key, "figure keys must be unique")
        figures[fig.key] = fig
    # The sections refer to figures by key; the list itself is resolved the same way.
    keyed = dict(doc, figures=list(figures))
    try:
        research: Research = _from_json(keyed, Research, "research", figures)
    except TypeError as exc:  # a constructor refused its arguments: still name the place
        raise PlanError("research", str(exc), "malformed research part") from None
    return research


# --- the document ----------------------------------------------------------------------------


def document_from_json(doc: Any) -> PlanDocument:
    """Build and validate a plan document; PlanError names the first bad field."""
    _require_keys(doc, "document", ("schema_version", "kind", "ticker", "plan"), _TOP_KEYS)
    version = doc["schema_version"]
    if isinstance(version, bool) or not isinstance(version, int) or version < 1:
        raise PlanError("schema_version", version, "must be a whole number from 1")
    if version > SCHEMA_VERSION:
        raise PlanError(
            "schema_version",
            version,
            f"written by a newer KC Desk (this one reads up to {SCHEMA_VERSION}); update KC Desk",
        )
    if doc["kind"] != DOCUMENT_KIND:
        raise PlanError("kind", doc["kind"], f"not a KC Desk plan document ({DOCUMENT_KIND!r})")
    research = doc.get("research")
    return PlanDocument(
        schema_version=version,
        ticker=_text(doc, "ticker", "document"),
        source=_text(doc, "source", "document"),
        plan=plan_from_json(doc["plan"]),
        research=None if research is None else research_from_json(research),
    )


def document_to_json(document: PlanDocument) -> dict[str, Any]:
    """The inverse of document_from_json (research left out when there is none)."""
    out: dict[str, Any] = {
        "schema_version": document.schema_version,
        "kind": DOCUMENT_KIND,
        "ticker": document.ticker,
        "source": document.source,
        "plan": plan_to_json(document.plan),
    }
    if document.research is not None:
        out["research"] = research_to_json(document.research)
    return out
