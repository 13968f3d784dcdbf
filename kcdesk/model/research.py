"""The research report beyond the trading plan: profile, fundamentals, peers, valuation, risks.

Every number is a `Figure` (one `Statement` per place in the report that states it) held once in
`Research.figures`; the sections below refer to those same Figure values. Text items carry a
stable `key` so checklist states and notes stored elsewhere can point at them.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, fields, is_dataclass

from kcdesk.model.values import Figure, PlanError, RangeValue, check_percent

_KEY = re.compile(r"^[a-z0-9][a-z0-9_]*$")

RISK_RATINGS = ("Low", "Low–Medium", "Medium", "Medium–High", "High")
TRIGGER_KINDS = ("add", "trim", "upgrade", "downgrade")
SCENARIO_KEYS = ("bear", "base", "bull")
_MONEY = ("usd", "hkd", "rmb")
# Sane bounds for percent figures: a growth rate can be +228 %, a margin or a share cannot.
_GROWTH = (-100.0, 1000.0)
_MARGIN = (-100.0, 100.0)
_SHARE = (0.0, 100.0)


def check_key(field: str, key: object) -> str:
    """Return `key` if it is a stable identifier (lowercase, digits, underscores)."""
    if not isinstance(key, str) or not _KEY.match(key):
        raise PlanError(field, key, "a key is lowercase letters, digits and underscores")
    return key


def check_text(field: str, text: object) -> str:
    """Return `text` if it is non-blank text."""
    if not isinstance(text, str) or not text.strip():
        raise PlanError(field, text, "must be non-empty text")
    return text


def check_figure(
    field: str,
    figure: Figure | None,
    units: tuple[str, ...],
    low: float | None = None,
    high: float | None = None,
) -> None:
    """Refuse a figure whose statements use another unit, or (percents) leave [low, high]."""
    if figure is None:
        return
    for i, st in enumerate(figure.statements):
        where = f"{field}({figure.key}).statements[{i}]"
        if st.value.unit not in units:
            raise PlanError(f"{where}.unit", st.value.unit, f"expected one of {units}")
        if low is None or high is None:
            continue
        for bound in (st.value.low, st.value.high):
            if bound is not None:
                check_percent(where, bound, low, high)


def _check_item(item: object, kind: str, *texts: str) -> None:
    """Check an item's `key` and that each named field is non-blank text."""
    key = check_key(f"{kind}.key", getattr(item, "key", None))
    for name in texts:
        check_text(f"{key}.{name}", getattr(item, name))


def _unique_keys(field: str, keys: list[str]) -> None:
    seen: set[str] = set()
    for key in keys:
        if key in seen:
            raise PlanError(field, key, "keys must be unique")
        seen.add(key)


@dataclass(frozen=True)
class TextItem:
    """A sentence of the report (a catalyst, a strength, a thesis point…) and its figures."""

    key: str
    text: str
    section: str
    title: str = ""  # the bold lead-in where the report has one ("Switching costs")
    figures: tuple[Figure, ...] = ()

    def __post_init__(self) -> None:
        _check_item(self, "text_item", "text", "section")


@dataclass(frozen=True)
class Segment:
    """A named group of offerings or customers (a business line, a customer vertical)."""

    key: str
    name: str
    items: tuple[str, ...]
    section: str

    def __post_init__(self) -> None:
        _check_item(self, "segment", "name", "section")
        for i, item in enumerate(self.items):
            check_text(f"{self.key}.items[{i}]", item)


@dataclass(frozen=True)
class CompanyProfile:
    """What the company does, where it sits in the value chain, and who pays it."""

    summary: TextItem
    business_lines: tuple[Segment, ...]
    business_model: TextItem
    sector: TextItem
    value_chain: tuple[TextItem, ...]
    market_position: TextItem
    geography: TextItem
    customer_verticals: tuple[Segment, ...]
    ecosystem_anchors: TextItem
    customer_concentration: Figure

    def __post_init__(self) -> None:
        check_figure(
            "profile.customer_concentration", self.customer_concentration, ("pct",), *_SHARE
        )
        _unique_keys("profile.business_lines", [s.key for s in self.business_lines])
        _unique_keys("profile.customer_verticals", [s.key for s in self.customer_verticals])


@dataclass(frozen=True)
class AnnualRevenue:
    """One row of the annual revenue table: a period, its revenue and the change on a year ago."""

    period: str
    revenue: Figure
    yoy: Figure | None  # None where the report writes "—"
    section: str

    def __post_init__(self) -> None:
        check_text("annual_revenue.period", self.period)
        check_figure(f"annual_revenue[{self.period}].revenue", self.revenue, _MONEY)
        check_figure(f"annual_revenue[{self.period}].yoy", self.yoy, ("pct",), *_GROWTH)


@dataclass(frozen=True)
class Quarter:
    """One row of the recent quarterly table, with its cells as written and their figures."""

    key: str
    label: str
    revenue_text: str  # the cell as written: "RMB 1.97B (+10.9% YoY)", "Modest growth"
    metrics_text: str
    section: str
    revenue: Figure | None = None
    revenue_yoy: Figure | None = None
    metrics: tuple[Figure, ...] = ()

    def __post_init__(self) -> None:
        _check_item(self, "quarter", "label", "revenue_text", "section")
        check_figure(f"{self.key}.revenue", self.revenue, _MONEY)
        check_figure(f"{self.key}.revenue_yoy", self.revenue_yoy, ("pct",), *_GROWTH)


@dataclass(frozen=True)
class EquityRaise:
    """A share offering: size, new shares, and how the proceeds are split."""

    when: str
    amount_local: Figure
    amount_usd: Figure
    new_shares: Figure
    proceeds_ai_pct: Figure
    proceeds_working_capital_pct: Figure
    text: str
    section: str

    def __post_init__(self) -> None:
        check_text("equity_raise.when", self.when)
        check_figure("equity_raise.amount_local", self.amount_local, _MONEY)
        check_figure("equity_raise.amount_usd", self.amount_usd, ("usd",))
        check_figure("equity_raise.new_shares", self.new_shares, ("shares",))
        for name in ("proceeds_ai_pct", "proceeds_working_capital_pct"):
            check_figure(f"equity_raise.{name}", getattr(self, name), ("pct",), *_SHARE)
        ai, wc = self.proceeds_ai_pct.value.low, self.proceeds_working_capital_pct.value.low
        if ai is not None and wc is not None and ai + wc > 100:
            raise PlanError("equity_raise.proceeds", ai + wc, "the uses of proceeds exceed 100 %")


@dataclass(frozen=True)
class Fundamentals:
    """Revenue history, recent quarters, margins, returns, balance sheet, cash flow, financing."""

    annual_revenue: tuple[AnnualRevenue, ...]
    quarters: tuple[Quarter, ...]
    growth: tuple[Figure, ...]
    margins: tuple[Figure, ...]
    returns: tuple[Figure, ...]
    balance_sheet: tuple[Figure, ...]
    cash_flow: tuple[Figure, ...]
    equity_raise: EquityRaise

    def __post_init__(self) -> None:
        _unique_keys("fundamentals.quarters", [q.key for q in self.quarters])
        for f in (*self.margins, *self.returns):
            check_figure("fundamentals.margins_and_returns", f, ("pct",), *_MARGIN)


@dataclass(frozen=True)
class Manager:
    """A named executive and what the report says of them."""

    key: str
    name: str
    role: str
    text: str
    section: str

    def __post_init__(self) -> None:
        _check_item(self, "manager", "name", "role", "text", "section")


@dataclass(frozen=True)
class Competitor:
    """A named competitor: ticker ("" if private), what it is, its market share if given."""

    key: str
    name: str
    ticker: str
    description: str
    section: str
    share: Figure | None = None

    def __post_init__(self) -> None:
        _check_item(self, "competitor", "name", "description", "section")
        check_figure(f"{self.key}.share", self.share, ("pct",), *_SHARE)


@dataclass(frozen=True)
class Cell:
    """A table cell as written ("~7.3–7.7x", "N/M (transitional)", "—") and its figure if any."""

    text: str
    figure: Figure | None = None


@dataclass(frozen=True)
class TableRow:
    """One row of a comparison table: the metric and one cell per column."""

    key: str
    label: str
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Table:
    """A comparison table of the report (peers snapshot, key multiples), cell by cell."""

    key: str
    title: str
    columns: tuple[str, ...]
    rows: tuple[TableRow, ...]
    section: str

    def __post_init__(self) -> None:
        check_key("table.key", self.key)
        check_text(f"{self.key}.section", self.section)
        _unique_keys(f"{self.key}.rows", [r.key for r in self.rows])
        for row in self.rows:
            check_key(f"{self.key}.rows.key", row.key)
            if len(row.cells) != len(self.columns):
                raise PlanError(
                    f"{self.key}.{row.key}.cells",
                    len(row.cells),
                    f"a row needs one cell per column ({len(self.columns)})",
                )
            for column, cell in zip(self.columns, row.cells, strict=True):
                # A cell must be what this table itself says, not a figure from elsewhere.
                if cell.figure is not None and not any(
                    st.section == self.section and st.text == cell.text
                    for st in cell.figure.statements
                ):
                    raise PlanError(
                        f"{self.key}.{row.key}.{column}",
                        cell.text,
                        f"figure {cell.figure.key!r} has no statement {cell.text!r} "
                        f"in section {self.section!r}",
                    )

    def cell(self, row_key: str, column: str) -> Cell:
        """The cell of row `row_key` under `column`; PlanError if there is none."""
        if column not in self.columns:
            raise PlanError(f"{self.key}.column", column, "no such column")
        for row in self.rows:
            if row.key == row_key:
                return row.cells[self.columns.index(column)]
        raise PlanError(f"{self.key}.row", row_key, "no such row")


@dataclass(frozen=True)
class Peers:
    """The named competitors, the comparative snapshot and what the report concludes from it."""

    competitors: tuple[Competitor, ...]
    snapshot: Table
    takeaways: tuple[TextItem, ...]

    def __post_init__(self) -> None:
        _unique_keys("peers.competitors", [c.key for c in self.competitors])


@dataclass(frozen=True)
class Scenario:
    """One intrinsic-value scenario: revenue CAGR, operating margin, FCF margin, WACC."""

    key: str
    label: str
    revenue_cagr: Figure
    operating_margin: Figure
    fcf_margin: Figure
    wacc: Figure
    section: str
    note: str = ""

    def __post_init__(self) -> None:
        if self.key not in SCENARIO_KEYS:
            raise PlanError("scenario.key", self.key, f"expected one of {SCENARIO_KEYS}")
        for name in ("revenue_cagr", "operating_margin", "fcf_margin"):
            check_figure(f"scenarios.{self.key}.{name}", getattr(self, name), ("pct",), *_MARGIN)
        # A discount rate outside 0–50 % is a typo, not a scenario.
        check_figure(f"scenarios.{self.key}.wacc", self.wacc, ("pct",), 0, 50)


@dataclass(frozen=True)
class AnalystTarget:
    """One source's price target: average, range and implied upside (None where "—")."""

    key: str
    source: str
    section: str
    average: Figure | None = None
    price_range: Figure | None = None
    implied_upside: Figure | None = None

    def __post_init__(self) -> None:
        _check_item(self, "analyst_target", "source", "section")
        if self.average is None and self.price_range is None:
            raise PlanError(f"{self.key}.average", None, "a target needs an average or a range")
        check_figure(f"{self.key}.average", self.average, ("usd",))
        check_figure(f"{self.key}.price_range", self.price_range, ("usd",))
        check_figure(f"{self.key}.implied_upside", self.implied_upside, ("pct",), *_GROWTH)


@dataclass(frozen=True)
class Valuation:
    """Multiples, scenarios, analyst targets and estimates, commentary, and market size."""

    multiples: Table
    interpretation: TextItem
    scenarios: tuple[Scenario, ...]
    scenario_note: str
    analyst_targets: tuple[AnalystTarget, ...]
    estimates: tuple[TextItem, ...]
    commentary: tuple[TextItem, ...]
    market: tuple[Figure, ...]

    def __post_init__(self) -> None:
        keys = tuple(s.key for s in self.scenarios)
        if keys != SCENARIO_KEYS:
            raise PlanError("valuation.scenarios", keys, f"expected {SCENARIO_KEYS} in order")
        _unique_keys("valuation.analyst_targets", [t.key for t in self.analyst_targets])

    def scenario(self, key: str) -> Scenario:
        """The bear, base or bull scenario."""
        for s in self.scenarios:
            if s.key == key:
                return s
        raise PlanError("scenario", key, f"expected one of {SCENARIO_KEYS}")


@dataclass(frozen=True)
class Risk:
    """One row of the risk matrix: category, rating and key factors."""

    key: str
    category: str
    rating: str
    factors: str
    section: str

    def __post_init__(self) -> None:
        _check_item(self, "risk", "category", "factors", "section")
        if self.rating not in RISK_RATINGS:
            raise PlanError(f"{self.key}.rating", self.rating, f"expected one of {RISK_RATINGS}")

    @property
    def severity(self) -> int:
        """0 (Low) … 4 (High), for sorting and colouring."""
        return RISK_RATINGS.index(self.rating)


@dataclass(frozen=True)
class Trigger:
    """A rebalancing (add / trim) or reassessment (upgrade / downgrade) rule, with thresholds."""

    key: str
    kind: str
    text: str
    section: str
    figures: tuple[Figure, ...] = ()

    def __post_init__(self) -> None:
        _check_item(self, "trigger", "text", "section")
        if self.kind not in TRIGGER_KINDS:
            raise PlanError(f"{self.key}.kind", self.kind, f"expected one of {TRIGGER_KINDS}")


def _figures_in(value: object) -> Iterator[Figure]:
    """Every Figure held anywhere inside `value` (dataclasses and tuples, depth first)."""
    if isinstance(value, Figure):
        yield value
    elif isinstance(value, tuple):
        for item in value:
            yield from _figures_in(item)
    elif is_dataclass(value) and not isinstance(value, RangeValue):
        for f in fields(value):
            yield from _figures_in(getattr(value, f.name))


@dataclass(frozen=True)
class Research:
    """Everything in the report that is not the trading plan."""

    figures: tuple[Figure, ...]
    profile: CompanyProfile
    fundamentals: Fundamentals
    management: tuple[Manager, ...]
    peers: Peers
    valuation: Valuation
    risks: tuple[Risk, ...]
    positive_catalysts: tuple[TextItem, ...]
    negative_catalysts: tuple[TextItem, ...]
    tracked_metrics: tuple[TextItem, ...]
    triggers: tuple[Trigger, ...]
    strengths: tuple[TextItem, ...]
    moat: tuple[TextItem, ...]
    weaknesses: tuple[TextItem, ...]
    outlook: tuple[TextItem, ...]
    health: tuple[TextItem, ...]
    thesis: tuple[TextItem, ...]
    technicals: tuple[Figure, ...]
    sentiment: TextItem

    def __post_init__(self) -> None:
        registry: dict[str, Figure] = {}
        for f in self.figures:
            check_key("figures.key", f.key)
            if f.key in registry:
                raise PlanError("figures", f.key, "figure keys must be unique")
            registry[f.key] = f
        for f in self.fields_figures():
            if registry.get(f.key) != f:
                raise PlanError(f"figures.{f.key}", f.label, "used but not in the figure list")
        for name in (
            "management",
            "risks",
            "positive_catalysts",
            "negative_catalysts",
            "tracked_metrics",
            "triggers",
            "strengths",
            "moat",
            "weaknesses",
            "outlook",
            "health",
            "thesis",
        ):
            _unique_keys(name, [item.key for item in getattr(self, name)])

    def fields_figures(self) -> Iterator[Figure]:
        """Every figure the sections refer to (with repeats), excluding the list itself."""
        for f in fields(self):
            if f.name != "figures":
                yield from _figures_in(getattr(self, f.name))

    def figure(self, key: str) -> Figure:
        """The figure named `key`; PlanError if the report has none."""
        for f in self.figures:
            if f.key == key:
                return f
        raise PlanError("figure", key, "no such figure")

    def disagreements(self) -> tuple[Figure, ...]:
        """Figures that two places in the report state differently."""
        return tuple(f for f in self.figures if f.sources_differ)

    def triggers_of(self, kind: str) -> tuple[Trigger, ...]:
        """The add, trim, upgrade or downgrade triggers."""
        if kind not in TRIGGER_KINDS:
            raise PlanError("trigger.kind", kind, f"expected one of {TRIGGER_KINDS}")
        return tuple(t for t in self.triggers if t.kind == kind)


def analyst_average_band(research: Research | None) -> tuple[float, float] | None:
    """Lowest and highest of the sources' average price targets (the chart's analyst band).

    None where there is no research (a ticker with no shipped report) or no average target.
    """
    if research is None:
        return None
    averages = [
        t.average.value.low
        for t in research.valuation.analyst_targets
        if t.average is not None and t.average.value.low is not None
    ]
    return (min(averages), max(averages)) if averages else None
