"""The quarterly metric log: metric definitions, logged rows, "as known on" views, JSON codecs.

A row is one value of one metric for one quarter as logged on one day. A restated value is a new
row, never an edit of the old one, so the log can be viewed as it was known on any past date.
Money is in millions of the stored currency.
"""

from __future__ import annotations

import dataclasses
import re
from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import Any, Literal, get_args

from kcdesk.model.quarters import check_quarter, parse_quarter
from kcdesk.model.research import Research, check_key, check_text
from kcdesk.model.values import Figure, PlanError, RangeValue, check_number

MetricUnit = Literal["money", "pct", "x", "count"]
MetricKind = Literal["reported", "guided", "restated"]
Currency = Literal["rmb", "usd", "hkd"]
METRIC_UNITS: tuple[MetricUnit, ...] = get_args(MetricUnit)
METRIC_KINDS: tuple[MetricKind, ...] = get_args(MetricKind)
CURRENCIES: tuple[Currency, ...] = get_args(Currency)
REPORT_SOURCE = "research report"
_ID = re.compile(r"^m(\d+)$")


@dataclass(frozen=True)
class MetricDef:
    """A metric that can be logged: its key (used everywhere, CSV included), label and unit."""

    key: str
    label: str
    unit: MetricUnit
    builtin: bool = False

    def __post_init__(self) -> None:
        check_key("metric.key", self.key)
        check_text(f"metric.{self.key}.label", self.label)
        if self.unit not in METRIC_UNITS:
            raise PlanError(f"metric.{self.key}.unit", self.unit, f"expected one of {METRIC_UNITS}")


def _builtin(key: str, label: str, unit: MetricUnit) -> MetricDef:
    return MetricDef(key, label, unit, builtin=True)


BUILTIN_METRICS: tuple[MetricDef, ...] = (
    _builtin("revenue", "Revenue", "money"),
    _builtin("revenue_yoy_pct", "Revenue growth (YoY)", "pct"),
    _builtin("public_cloud_revenue", "Public cloud revenue", "money"),
    _builtin("public_cloud_yoy_pct", "Public cloud growth (YoY)", "pct"),
    _builtin("enterprise_cloud_revenue", "Enterprise cloud revenue", "money"),
    _builtin("enterprise_cloud_yoy_pct", "Enterprise cloud growth (YoY)", "pct"),
    _builtin("ai_gross_billings", "AI gross billings", "money"),
    _builtin("ai_gross_billings_yoy_pct", "AI gross billings growth (YoY)", "pct"),
    _builtin("gross_margin_pct", "Gross margin", "pct"),
    _builtin("non_gaap_operating_margin_pct", "Non-GAAP operating margin", "pct"),
    _builtin("adjusted_net_profit", "Adjusted net profit", "money"),
    _builtin("free_cash_flow", "Free cash flow", "money"),
    _builtin("capex", "Capital expenditure (spent, positive)", "money"),
    _builtin("total_debt", "Total debt", "money"),
    _builtin("cash", "Cash and equivalents", "money"),
    _builtin("new_financing", "New financing raised", "money"),
)
_BUILTIN_BY_KEY = {d.key: d for d in BUILTIN_METRICS}


@dataclass(frozen=True)
class MetricEntry:
    """One logged value of one metric for one quarter: a point or a range, with its source."""

    id: str
    quarter: str
    metric: str
    low: float | None
    high: float | None
    unit: MetricUnit
    currency: Currency | None
    kind: MetricKind
    source: str
    logged_on: date

    def __post_init__(self) -> None:
        where = f"metric_log[{self.id}]"
        if not isinstance(self.id, str) or _ID.match(self.id) is None:
            raise PlanError(f"{where}.id", self.id, "an entry id is m followed by digits")
        check_quarter(f"{where}.quarter", self.quarter)
        check_key(f"{where}.metric", self.metric)
        if self.unit not in METRIC_UNITS:
            raise PlanError(f"{where}.unit", self.unit, f"expected one of {METRIC_UNITS}")
        if self.kind not in METRIC_KINDS:
            raise PlanError(f"{where}.kind", self.kind, f"expected one of {METRIC_KINDS}")
        if self.unit == "money" and self.currency not in CURRENCIES:
            raise PlanError(f"{where}.currency", self.currency, f"money needs one of {CURRENCIES}")
        if self.unit != "money" and self.currency is not None:
            raise PlanError(f"{where}.currency", self.currency, "only money has a currency")
        if not isinstance(self.source, str):
            raise PlanError(f"{where}.source", self.source, "must be text")
        if not isinstance(self.logged_on, date):
            raise PlanError(f"{where}.logged_on", self.logged_on, "must be a date")
        for name in ("low", "high"):
            bound = getattr(self, name)
            if bound is not None:
                object.__setattr__(self, name, check_number(f"{where}.{name}", bound))
        _ = self.value  # building it checks one end is given, low <= high and the unit's bounds

    @property
    def value(self) -> RangeValue:
        """The value as a RangeValue (money in millions: scale "M"), for formatting and checks."""
        if self.unit == "money":
            assert self.currency is not None
            return RangeValue(self.low, self.high, self.currency, scale="M", field=self.id)
        unit = "count" if self.unit == "count" else self.unit
        return RangeValue(self.low, self.high, unit, field=self.id)

    def same_value(self, other: MetricEntry) -> bool:
        """Whether two rows say the same thing (everything but the id)."""
        return dataclasses.replace(self, id=other.id) == other


@dataclass(frozen=True)
class MetricView:
    """The log seen at one moment: for each quarter and metric, the one row that then held."""

    rows: dict[tuple[str, str], MetricEntry]

    def value(self, quarter: str, metric: str) -> MetricEntry | None:
        """The row for `quarter` and `metric`, None if none is known."""
        return self.rows.get((quarter, metric))

    def quarters(self) -> tuple[str, ...]:
        """The quarters with at least one value, in time order (canonical text sorts so)."""
        return tuple(sorted({q for q, _ in self.rows}))

    def series(self, metric: str) -> tuple[MetricEntry, ...]:
        """The rows of one metric in quarter order."""
        return tuple(e for (_, m), e in sorted(self.rows.items()) if m == metric)


@dataclass(frozen=True)
class MetricLog:
    """All logged rows (restatements included) and the user's own metric definitions."""

    entries: tuple[MetricEntry, ...] = ()
    user_metrics: tuple[MetricDef, ...] = ()

    def __post_init__(self) -> None:
        defs = dict(_BUILTIN_BY_KEY)
        for d in self.user_metrics:
            if d.key in defs:
                raise PlanError("metric_log.user_metrics", d.key, "that metric key exists")
            if d.builtin:
                raise PlanError("metric_log.user_metrics", d.key, "a user metric is not builtin")
            defs[d.key] = d
        ids: set[str] = set()
        for e in self.entries:
            if e.id in ids:
                raise PlanError("metric_log.id", e.id, "entry ids must be unique")
            ids.add(e.id)
            known = defs.get(e.metric)
            if known is None:
                raise PlanError(f"metric_log[{e.id}].metric", e.metric, "no such metric")
            if known.unit != e.unit:
                raise PlanError(f"metric_log[{e.id}].unit", e.unit, f"{e.metric} is {known.unit}")

    @property
    def metrics(self) -> tuple[MetricDef, ...]:
        """Every metric that can be logged: the built-in ones, then the user's."""
        return BUILTIN_METRICS + self.user_metrics

    def metric(self, key: str) -> MetricDef:
        """The definition of `key`; PlanError if there is none."""
        for d in self.metrics:
            if d.key == key:
                return d
        raise PlanError("metric", key, "no such metric")

    def new_id(self) -> str:
        """An id no row has yet."""
        used = [int(m[1]) for e in self.entries if (m := _ID.match(e.id))]
        return f"m{max(used, default=0) + 1}"

    def entry(self, entry_id: str) -> MetricEntry:
        """The row with id `entry_id`; PlanError if there is none."""
        for e in self.entries:
            if e.id == entry_id:
                return e
        raise PlanError("metric_log.id", entry_id, "no such entry")

    def add(self, *entries: MetricEntry) -> MetricLog:
        """A log with `entries` appended (a restatement is added, not replaced)."""
        return dataclasses.replace(self, entries=self.entries + entries)

    def replace(self, entry: MetricEntry) -> MetricLog:
        """A log with the row of the same id replaced by `entry` (fixing a typo)."""
        self.entry(entry.id)
        entries = tuple(entry if e.id == entry.id else e for e in self.entries)
        return dataclasses.replace(self, entries=entries)

    def delete(self, entry_id: str) -> MetricLog:
        """A log without the row `entry_id`."""
        self.entry(entry_id)
        return dataclasses.replace(self, entries=tuple(e for e in self.entries if e.id != entry_id))

    def add_metric(self, definition: MetricDef) -> MetricLog:
        """A log that also knows the user's metric `definition`."""
        return dataclasses.replace(self, user_metrics=(*self.user_metrics, definition))

    def as_known_on(
        self, on: date | None = None, kinds: tuple[MetricKind, ...] = METRIC_KINDS
    ) -> MetricView:
        """For each quarter and metric, the latest row logged on or before `on` (None: any).

        Rows logged the same day: the one later in the log wins. Only rows of `kinds` count.
        """
        rows: dict[tuple[str, str], MetricEntry] = {}
        for e in self.entries:
            if e.kind not in kinds or (on is not None and e.logged_on > on):
                continue
            held = rows.get((e.quarter, e.metric))
            if held is None or e.logged_on >= held.logged_on:
                rows[(e.quarter, e.metric)] = e
        return MetricView(rows)

    def current(self) -> MetricView:
        """What is known now: the latest row of each quarter and metric."""
        return self.as_known_on(None)

    def value(self, quarter: str, metric: str) -> MetricEntry | None:
        """The current row for `quarter` and `metric`, None if none is logged."""
        return self.current().value(quarter, metric)

    def quarters(self) -> tuple[str, ...]:
        """The quarters with at least one row, in time order."""
        return tuple(sorted({e.quarter for e in self.entries}))


# --- JSON ---------------------------------------------------------------------------------


def _entry_json(e: MetricEntry) -> dict[str, Any]:
    return {
        "id": e.id,
        "quarter": e.quarter,
        "metric": e.metric,
        "low": e.low,
        "high": e.high,
        "unit": e.unit,
        "currency": e.currency,
        "kind": e.kind,
        "source": e.source,
        "logged_on": e.logged_on.isoformat(),
    }


def metric_log_to_json(log: MetricLog) -> dict[str, Any]:
    """The log as JSON-ready data (floats written by json are read back exactly)."""
    return {
        "user_metrics": [
            {"key": d.key, "label": d.label, "unit": d.unit} for d in log.user_metrics
        ],
        "entries": [_entry_json(e) for e in log.entries],
    }


def date_from_json(field: str, text: object) -> date:
    """A date written as YYYY-MM-DD; PlanError naming `field` otherwise."""
    try:
        return date.fromisoformat(text)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        raise PlanError(field, text, "expected a date as YYYY-MM-DD") from None


def metric_log_from_json(doc: object) -> MetricLog:
    """A log from `metric_log_to_json`'s output; PlanError naming the first bad field."""
    if not isinstance(doc, dict):
        raise PlanError("metric_log", doc, "expected an object")
    try:
        defs = tuple(MetricDef(d["key"], d["label"], d["unit"]) for d in doc["user_metrics"])
        entries = tuple(
            MetricEntry(
                id=e["id"],
                quarter=e["quarter"],
                metric=e["metric"],
                low=e["low"],
                high=e["high"],
                unit=e["unit"],
                currency=e["currency"],
                kind=e["kind"],
                source=e["source"],
                logged_on=date_from_json(f"metric_log[{e['id']}].logged_on", e["logged_on"]),
            )
            for e in doc["entries"]
        )
    except (KeyError, TypeError) as exc:
        raise PlanError("metric_log", doc, f"missing or malformed part: {exc}") from None
    return MetricLog(entries, defs)


# --- the report's quarters ------------------------------------------------------------------

# The part of a quarter figure's key after the quarter ("q3_2025_ai_billings" -> "ai_billings").
_REPORT_METRICS = {
    "revenue": "revenue",
    "revenue_yoy": "revenue_yoy_pct",
    "gross_margin": "gross_margin_pct",
    "non_gaap_operating_margin": "non_gaap_operating_margin_pct",
    "ai_billings": "ai_gross_billings",
    "ai_billings_yoy": "ai_gross_billings_yoy_pct",
    "public_cloud_yoy": "public_cloud_yoy_pct",
    "adjusted_net_profit": "adjusted_net_profit",
}
_TO_MILLIONS = {"": Decimal("0.000001"), "K": Decimal("0.001"), "M": Decimal(1), "B": Decimal(1000)}


def _millions(x: float | None, scale: str) -> float | None:
    # Through Decimal so that 2.35B is 2350.0 exactly, not 2350.0000000000005.
    return None if x is None else float(Decimal(repr(x)) * _TO_MILLIONS[scale])


def report_log(research: Research, *, logged_on: date) -> MetricLog:
    """The log pre-filled with the report's quarterly table, source "research report".

    Ranges stay ranges (Q2 2025 revenue RMB 2.35–2.65B is 2350–2650). Figures whose name is not
    one of the tracked metrics are left out.
    """
    log = MetricLog()
    for q in research.fundamentals.quarters:
        quarter = parse_quarter(q.label, f"{q.key}.label")
        figures: list[Figure] = [f for f in (q.revenue, q.revenue_yoy) if f is not None]
        for figure in (*figures, *q.metrics):
            metric = _REPORT_METRICS.get(figure.key.removeprefix(f"{q.key}_"))
            if metric is None:
                continue
            rv = figure.value
            money = rv.unit in CURRENCIES
            log = log.add(
                MetricEntry(
                    id=log.new_id(),
                    quarter=quarter,
                    metric=metric,
                    low=_millions(rv.low, rv.scale) if money else rv.low,
                    high=_millions(rv.high, rv.scale) if money else rv.high,
                    unit=_BUILTIN_BY_KEY[metric].unit,
                    currency=rv.unit if money else None,  # type: ignore[arg-type]
                    kind="reported",
                    source=REPORT_SOURCE,
                    logged_on=logged_on,
                )
            )
    return log
