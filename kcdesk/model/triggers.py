"""The report's add / trim / upgrade / downgrade triggers as rules (data) judged on the metric log.

A rule is met when any of its clauses is; a clause is met when all its conditions hold in each of
its last `quarters` consecutive quarters. The report's vague words are explicit parameters kept
beside the words (`words`), editable and stored as JSON. Values that are ranges are judged at both
ends: both ends met is met, both not met is not met, anything else is borderline.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, Literal, Protocol, get_args

from kcdesk.model import fmt
from kcdesk.model.metric_log import METRIC_UNITS, MetricLog, MetricView
from kcdesk.model.quarters import quarter_end, quarters_between, year_ago
from kcdesk.model.research import TRIGGER_KINDS, check_key
from kcdesk.model.values import PlanError, RangeValue, check_number

TriggerState = Literal["met", "not met", "borderline", "not enough data"]
TriggerKind = Literal["add", "trim", "upgrade", "downgrade"]
Source = Literal["metric", "ev_revenue", "checklist"]
Direction = Literal["above", "below"]
Measure = Literal["value", "yoy_change_pct"]
SOURCES: tuple[Source, ...] = get_args(Source)
DIRECTIONS: tuple[Direction, ...] = get_args(Direction)
MEASURES: tuple[Measure, ...] = get_args(Measure)
MAX_QUARTERS = 20
# What an AND of states is (the first present wins), and an OR.
_ALL_OF: tuple[TriggerState, ...] = ("not met", "not enough data", "borderline", "met")
_ANY_OF: tuple[TriggerState, ...] = ("met", "borderline", "not enough data", "not met")


class NewsItems(Protocol):
    """The checklist as the rules read it: an item's status on a day (None: as it is now)."""

    def status_on(self, key: str, day: date | None) -> str | None: ...


@dataclass(frozen=True)
class Condition:
    """One test: a metric (or its change on a year ago), EV/Revenue, or a ticked checklist item.

    The threshold is `low`..`high`. Above a range's top is met, inside it is borderline; a single
    value (`low == high`) is met strictly beyond it, or at it too when `at_least`.
    """

    source: Source
    key: str = ""  # the metric key or the checklist item key; "" for EV/Revenue
    direction: Direction = "above"
    low: float = 0.0
    high: float = 0.0
    at_least: bool = False
    measure: Measure = "value"
    unit: str = "pct"  # of the threshold, for showing it: a metric unit
    words: str = ""  # the report's words this parameter stands for

    def __post_init__(self) -> None:
        if self.source not in SOURCES:
            raise PlanError("condition.source", self.source, f"expected one of {SOURCES}")
        if self.source != "ev_revenue":
            check_key(f"condition.{self.source}.key", self.key)
        if self.direction not in DIRECTIONS:
            raise PlanError("condition.direction", self.direction, f"expected one of {DIRECTIONS}")
        if self.measure not in MEASURES:
            raise PlanError("condition.measure", self.measure, f"expected one of {MEASURES}")
        if self.measure != "value" and self.source != "metric":
            raise PlanError("condition.measure", self.measure, "only a metric has a change")
        if self.unit not in METRIC_UNITS:
            raise PlanError("condition.unit", self.unit, f"expected one of {METRIC_UNITS}")
        for name in ("low", "high"):
            object.__setattr__(self, name, check_number(f"condition.{name}", getattr(self, name)))
        if self.low > self.high:
            raise PlanError("condition.threshold", (self.low, self.high), "low is above high")

    def judge(self, x: float) -> TriggerState:
        """The state of one number against the threshold."""
        sign = 1.0 if self.direction == "above" else -1.0
        near, far = (self.low, self.high) if sign > 0 else (self.high, self.low)
        if sign * (x - far) > 0 or (self.at_least and self.low == self.high and x == far):
            return "met"
        if self.low < self.high and sign * (x - near) >= 0:
            return "borderline"
        return "not met"

    @property
    def subject(self) -> str:
        """What is tested: a metric key, "EV/Revenue", a checklist item."""
        if self.source == "checklist":
            return f"checklist item {self.key!r}"
        subject = "EV/Revenue" if self.source == "ev_revenue" else self.key
        return subject + (" change on a year ago" if self.measure == "yoy_change_pct" else "")

    @property
    def test(self) -> str:
        """The parameter: "at least 20%", "above 5–7%", "below 15%", "happened"."""
        if self.source == "checklist":
            return "happened"
        if self.at_least and self.low == self.high:
            op = "at least" if self.direction == "above" else "at most"
        else:
            op = self.direction
        unit = "pct" if self.measure == "yoy_change_pct" else self.unit
        return f"{op} {fmt.threshold(self.low, self.high, unit)}"

    def describe(self) -> str:
        """The parameter beside the report's words: `revenue_yoy_pct at least 20% ("20–30%+")`."""
        what = f"{self.subject} {self.test}"
        return f'{what} ("{self.words}")' if self.words else what


@dataclass(frozen=True)
class Clause:
    """Conditions that must all hold, in each of the last `quarters` consecutive quarters."""

    conditions: tuple[Condition, ...]
    quarters: int = 1
    quarters_words: str = ""  # "several", "multiple consecutive"

    def __post_init__(self) -> None:
        if not self.conditions:
            raise PlanError("clause.conditions", (), "a clause needs at least one condition")
        if isinstance(self.quarters, bool) or not isinstance(self.quarters, int):
            raise PlanError("clause.quarters", self.quarters, "must be a whole number")
        if not 1 <= self.quarters <= MAX_QUARTERS:
            raise PlanError("clause.quarters", self.quarters, f"must be 1 to {MAX_QUARTERS}")


@dataclass(frozen=True)
class TriggerRule:
    """One trigger of the report: met when any clause is. `key` matches research.triggers."""

    key: str
    kind: TriggerKind
    clauses: tuple[Clause, ...]

    def __post_init__(self) -> None:
        check_key("trigger.key", self.key)
        if self.kind not in TRIGGER_KINDS:
            raise PlanError(f"{self.key}.kind", self.kind, f"expected one of {TRIGGER_KINDS}")
        if not self.clauses:
            raise PlanError(f"{self.key}.clauses", (), "a rule needs at least one clause")


@dataclass(frozen=True)
class Evidence:
    """A number (or tick) a rule used: where from, the value, and what it made of it."""

    quarter: str
    condition: str
    low: float | None
    high: float | None
    state: TriggerState
    text: str


@dataclass(frozen=True)
class TriggerResult:
    """A rule's state now, its streak of met quarters, what it used and when it changed state."""

    key: str
    kind: TriggerKind
    state: TriggerState
    streak: int
    quarters: tuple[str, ...]
    evidence: tuple[Evidence, ...]
    reason: str
    timeline: tuple[tuple[str, TriggerState], ...]


def _combine(states: Sequence[TriggerState], order: tuple[TriggerState, ...]) -> TriggerState:
    present = set(states)
    return next(s for s in order if s in present)


_VERB: dict[TriggerState, str] = {
    "met": "is",
    "not met": "is not",
    "borderline": "is borderline for",
}


class _Judge:
    """Judges conditions at quarters: states by dict look-ups only, words only when asked."""

    def __init__(
        self,
        view: MetricView,
        latest: str,
        ev_revenue: RangeValue | float | None,
        checklist: NewsItems | None,
    ) -> None:
        self.view, self.latest, self.checklist = view, latest, checklist
        if isinstance(ev_revenue, (int, float)):
            ev_revenue = RangeValue.point(float(ev_revenue), "x")
        self.ev_revenue = ev_revenue

    def _value(self, c: Condition, q: str) -> RangeValue | None:
        if c.source == "ev_revenue":
            return self.ev_revenue if q == self.latest else None
        entry = self.view.value(q, c.key)
        return None if entry is None else entry.value

    def _ends(self, c: Condition, q: str) -> tuple[float, float] | None:
        """The measured value's two ends (open ends infinite), None if unknown."""
        if c.source == "metric":  # the entry's own bounds: building a RangeValue costs more
            found = self.view.value(q, c.key)
            bounds = None if found is None else (found.low, found.high)
        else:
            bounds = None if q != self.latest or self.ev_revenue is None else (
                self.ev_revenue.low, self.ev_revenue.high
            )  # fmt: skip
        if bounds is None:
            return None
        low = -math.inf if bounds[0] is None else bounds[0]
        high = math.inf if bounds[1] is None else bounds[1]
        if c.measure == "value":
            return low, high
        before = self.view.value(year_ago(q), c.key)
        if before is None or before.low is None or before.high is None or before.low <= 0:
            return None
        # A range over a range: the lowest and highest change over the combinations of ends.
        # Rounded to 1e-9 %: 0.28 -> 0.35 is +25 % as logged, not the 24.99999999999998 % that
        # binary floats give, so a change exactly at a threshold falls on the side it reads.
        changes = [
            round((a / b - 1) * 100, 9) for a in (low, high) for b in (before.low, before.high)
        ]
        return min(changes), max(changes)

    def _status(self, c: Condition, q: str) -> str | None:
        day = None if q == self.latest else quarter_end(q)  # past quarters: as at their end
        return None if self.checklist is None else self.checklist.status_on(c.key, day)

    def state(self, c: Condition, q: str) -> TriggerState:
        """The condition's state at quarter `q`."""
        if c.source == "checklist":
            status = self._status(c, q)
            return (
                "not enough data"
                if status is None
                else "met"
                if status == "happened"
                else "not met"
            )
        ends = self._ends(c, q)
        if ends is None:
            return "not enough data"
        at_low, at_high = c.judge(ends[0]), c.judge(ends[1])
        return at_low if at_low == at_high else "borderline"

    def evidence(self, c: Condition, q: str) -> Evidence:
        """The condition's state at `q` with the numbers it used and a sentence saying so."""
        state = self.state(c, q)
        if c.source == "checklist":
            status = self._status(c, q)
            text = (
                f"no {c.subject}" if status is None else f"{c.subject}: {status.replace('_', ' ')}"
            )
            return Evidence(q, c.describe(), None, None, state, text)
        ends = self._ends(c, q)
        if ends is None:
            return Evidence(q, c.describe(), None, None, state, self._missing(c, q))
        lo, hi = ends
        if c.measure == "value":
            rv = self._value(c, q)
            assert rv is not None
            shown = fmt.range_value(rv)
        else:
            before = self.view.value(year_ago(q), c.key)
            assert before is not None
            change = RangeValue(lo, None if math.isinf(hi) else hi, "pct")
            shown = (
                f"{fmt.range_value(change)} (from {fmt.range_value(before.value)} in {year_ago(q)})"
            )
        text = f"{c.subject} {shown} in {q} {_VERB[state]} {c.test}"
        low, high = (None if math.isinf(x) else x for x in (lo, hi))
        return Evidence(q, c.describe(), low, high, state, text)

    def _missing(self, c: Condition, q: str) -> str:
        if c.source == "ev_revenue":
            return "no EV/Revenue given" if q == self.latest else "EV/Revenue is known for now only"
        if self._value(c, q) is None:
            return f"no {c.key} for {q}"
        return f"no positive {c.key} for {year_ago(q)} to compare with"


@dataclass(frozen=True)
class _ClauseRun:
    """One clause judged at every quarter of the span."""

    clause: Clause
    states: tuple[TriggerState, ...]

    def window(self, i: int) -> range:
        return range(max(0, i - self.clause.quarters + 1), i + 1)

    def state(self, i: int) -> TriggerState:
        states = [self.states[j] for j in self.window(i)]
        if i + 1 < self.clause.quarters:  # the window reaches before the first logged quarter
            states.append("not enough data")
        return _combine(states, _ALL_OF)

    def evidence(self, judge: _Judge, i: int, span: tuple[str, ...]) -> list[Evidence]:
        return [judge.evidence(c, span[j]) for j in self.window(i) for c in self.clause.conditions]

    def reason(self, judge: _Judge, i: int, span: tuple[str, ...]) -> str:
        state, n, words = self.state(i), self.clause.quarters, self.clause.quarters_words
        needs = f" (needs {n} quarters: {words!r})" if n > 1 and words else ""
        quarters = [span[j] for j in self.window(i)]
        if state == "met" and n > 1:
            tests = " and ".join(c.describe() for c in self.clause.conditions)
            return f"{tests} in each of {quarters[0]}–{quarters[-1]}{needs}"
        if state == "met":
            return " and ".join(judge.evidence(c, span[i]).text for c in self.clause.conditions)
        for j in reversed(self.window(i)):  # the latest quarter that decides, first condition
            for c in self.clause.conditions:
                if judge.state(c, span[j]) == state:
                    return judge.evidence(c, span[j]).text + needs
        return f"the log starts at {span[0]}, too early to count {n} quarters{needs}"


def evaluate(
    rules: Sequence[TriggerRule],
    log: MetricLog | MetricView,
    *,
    ev_revenue: RangeValue | float | None = None,
    checklist: NewsItems | None = None,
) -> tuple[TriggerResult, ...]:
    """Each rule's state at the latest logged quarter, its streak, evidence and timeline.

    A MetricLog is read as known now, reported and restated rows only (guidance is not delivery);
    pass a view (`log.as_known_on(day)`) to judge another moment or other kinds.
    """
    view = log.as_known_on(None, ("reported", "restated")) if isinstance(log, MetricLog) else log
    logged = view.quarters()
    if not logged:
        nothing: TriggerState = "not enough data"
        return tuple(
            TriggerResult(r.key, r.kind, nothing, 0, (), (), f"{nothing}: nothing is logged", ())
            for r in rules
        )
    span = quarters_between(logged[0], logged[-1])
    judge = _Judge(view, span[-1], ev_revenue, checklist)
    return tuple(_evaluate_rule(rule, judge, span) for rule in rules)


def _evaluate_rule(rule: TriggerRule, judge: _Judge, span: tuple[str, ...]) -> TriggerResult:
    runs = [
        _ClauseRun(
            clause,
            tuple(_combine([judge.state(c, q) for c in clause.conditions], _ALL_OF) for q in span),
        )
        for clause in rule.clauses
    ]

    def state_at(i: int) -> TriggerState:
        return _combine([run.state(i) for run in runs], _ANY_OF)

    timeline: list[tuple[str, TriggerState]] = []
    for i, q in enumerate(span):
        s = state_at(i)
        if not timeline or timeline[-1][1] != s:
            timeline.append((q, s))
    last = len(span) - 1
    streak = 0
    while streak <= last and _combine([r.states[last - streak] for r in runs], _ANY_OF) == "met":
        streak += 1
    state = state_at(last)
    deciding = [run for run in runs if run.state(last) == state]
    if state in ("met", "borderline"):
        reason = deciding[0].reason(judge, last, span)
    else:
        reason = "; or ".join(run.reason(judge, last, span) for run in runs)
    used = sorted({j for run in runs for j in run.window(last)})
    evidence = tuple(e for run in runs for e in run.evidence(judge, last, span))
    return TriggerResult(
        key=rule.key,
        kind=rule.kind,
        state=state,
        streak=streak,
        quarters=tuple(span[j] for j in used),
        evidence=evidence,
        reason=f"{state}: {reason}",
        timeline=tuple(timeline),
    )


# --- the report's rules, with its words beside the parameters -------------------------------

_GROWTH, _MARGIN = "revenue_yoy_pct", "non_gaap_operating_margin_pct"
NEWS_ITEMS = ("heavier_dilution", "regulatory_news", "major_competitive_loss")


def _metric(
    key: str, direction: Direction, low: float, high: float, words: str, **kw: Any
) -> Condition:
    return Condition("metric", key, direction, low, high, words=words, **kw)


def _news(key: str, words: str) -> Clause:
    return Clause((Condition("checklist", key, words=words),))


def report_rules() -> tuple[TriggerRule, ...]:
    """The report's four triggers with its vague words made explicit (and editable)."""
    return (
        TriggerRule("add", "add", (
            Clause((
                _metric(_GROWTH, "above", 20, 20, "sustains 20–30%+", at_least=True),
                _metric(_MARGIN, "above", 5, 7, "rises above 5–7%"),
            ), quarters=3, quarters_words="several quarters"),
        )),
        TriggerRule("trim", "trim", (
            Clause((
                Condition("ev_revenue", "", "above", 5, 5, unit="x", words="above ~5x EV/Revenue"),
                _metric(_MARGIN, "below", 5, 7, "without commensurate profitability"),
            )),
            _news("heavier_dilution", "heavier-than-expected additional dilution"),
            _news("regulatory_news", "regulatory clamp-downs"),
        )),
        TriggerRule("upgrade", "upgrade", (
            Clause((
                _metric(_GROWTH, "above", 20, 20, ">20% revenue growth"),
                _metric(_MARGIN, "above", 5, 7, ">5–7% non-GAAP operating margins"),
                _metric("free_cash_flow", "above", 0, 0, "positive FCF", unit="money"),
            ), quarters=2, quarters_words="multiple consecutive quarters"),
        )),
        TriggerRule("downgrade", "downgrade", (
            Clause((
                _metric(_GROWTH, "below", 15, 15, "decelerates below mid-teens"),
                _metric(_MARGIN, "below", 5, 5, "without clear path to margins"),
            )),
            Clause((
                _metric("total_debt", "above", 25, 25, "leverage rises materially",
                        at_least=True, measure="yoy_change_pct", unit="money"),
            )),
            _news("regulatory_news", "regulatory shocks"),
            _news("major_competitive_loss", "major competitive losses"),
        )),
    )  # fmt: skip


# --- JSON (stored with the plan) --------------------------------------------------------------

_CONDITION_FIELDS = (
    "source", "key", "direction", "low", "high", "at_least", "measure", "unit", "words",
)  # fmt: skip


def rules_to_json(rules: Sequence[TriggerRule]) -> list[dict[str, Any]]:
    """The rules' parameters as JSON-ready data."""
    return [
        {
            "key": r.key,
            "kind": r.kind,
            "clauses": [
                {
                    "quarters": cl.quarters,
                    "quarters_words": cl.quarters_words,
                    "conditions": [
                        {f: getattr(c, f) for f in _CONDITION_FIELDS} for c in cl.conditions
                    ],
                }
                for cl in r.clauses
            ],
        }
        for r in rules
    ]


def rules_from_json(doc: object) -> tuple[TriggerRule, ...]:
    """Rules from `rules_to_json`'s output; PlanError naming what is wrong."""
    if not isinstance(doc, list):
        raise PlanError("triggers", doc, "expected a list of rules")
    try:
        rules = tuple(
            TriggerRule(
                r["key"],
                r["kind"],
                tuple(
                    Clause(
                        tuple(
                            Condition(**{f: c[f] for f in _CONDITION_FIELDS})
                            for c in cl["conditions"]
                        ),
                        cl["quarters"],
                        cl["quarters_words"],
                    )
                    for cl in r["clauses"]
                ),
            )
            for r in doc
        )
    except (KeyError, TypeError) as exc:
        raise PlanError("triggers", doc, f"missing or malformed part: {exc}") from None
    keys = [r.key for r in rules]
    if len(set(keys)) != len(keys):
        raise PlanError("triggers", keys, "rule keys must be unique")
    return rules


def results_to_json(results: Sequence[TriggerResult]) -> list[dict[str, Any]]:
    """What `kcdesk status` prints: key, kind, state, streak, quarters, reason."""
    return [
        {
            "key": r.key,
            "kind": r.kind,
            "state": r.state,
            "streak": r.streak,
            "quarters": list(r.quarters),
            "reason": r.reason,
        }
        for r in results
    ]
