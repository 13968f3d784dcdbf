"""Valuation inputs: the user's figures the report lacks, and the scenario table; each sourced."""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from datetime import date
from typing import Any, Literal, cast, get_args

from kcdesk.model import fmt
from kcdesk.model.research import Research
from kcdesk.model.values import PlanError, RangeValue, check_number

Source = Literal["report", "default", "user", "yahoo"]
ScenarioKey = Literal["bear", "base", "bull"]
SCENARIO_FIELDS = ("revenue_cagr_pct", "operating_margin_pct", "fcf_margin_pct", "wacc_pct")
SCALAR_FIELDS = (
    "adrs_m",
    "shares_per_adr",
    "net_debt_musd",
    "rmb_per_usd",
    "base_revenue_musd",
    "years",
    "terminal_growth_pct",
)
# What a value per ADR cannot be computed without (shares per ADR and the RMB rate only turn
# Yahoo's ordinary-share counts and RMB amounts into these).
REQUIRED = ("adrs_m", "net_debt_musd", "base_revenue_musd")
LABELS = {
    "adrs_m": "ADRs outstanding (millions)",
    "shares_per_adr": "Ordinary shares per ADR",
    "net_debt_musd": "Net debt (USD millions)",
    "rmb_per_usd": "RMB per USD",
    "base_revenue_musd": "Base revenue (USD millions)",
    "years": "Years forecast (N)",
    "terminal_growth_pct": "Terminal growth g (%)",
    "scenarios": "Scenario table",
    "revenue_cagr_pct": "revenue CAGR (%)",
    "operating_margin_pct": "operating margin (%)",
    "fcf_margin_pct": "FCF margin (%)",
    "wacc_pct": "WACC (%)",
}
_SCALE_TO_M = {"B": 1000.0, "M": 1.0, "K": 0.001, "": 1e-6}


def _check_source(source: object, as_of: object) -> None:
    if source not in get_args(Source):
        raise PlanError("source", source, f"expected one of {get_args(Source)}")
    if source == "yahoo" and not isinstance(as_of, date):
        raise PlanError("as_of", as_of, "a figure from Yahoo carries the date it was fetched")
    if as_of is not None and not isinstance(as_of, date):
        raise PlanError("as_of", as_of, "must be a date")


@dataclass(frozen=True)
class Sourced:
    """One number and where it came from (a Yahoo figure with the date it was fetched)."""

    value: float
    source: Source
    as_of: date | None = None

    def __post_init__(self) -> None:
        object.__setattr__(self, "value", check_number("value", self.value))
        _check_source(self.source, self.as_of)


@dataclass(frozen=True)
class SourcedRange:
    """A percent as the report writes it (a point or a closed range) and where it came from."""

    value: RangeValue
    source: Source
    as_of: date | None = None

    def __post_init__(self) -> None:
        if not isinstance(self.value, RangeValue) or self.value.unit != "pct":
            raise PlanError(getattr(self.value, "field", "value"), self.value, "expected a percent")
        if self.value.low is None or self.value.high is None:
            raise PlanError(self.value.field, self.value, "a valuation input needs both ends")
        _check_source(self.source, self.as_of)

    @property
    def ends(self) -> tuple[float, ...]:
        """The distinct ends of the range (one for a point): the corners it contributes."""
        low, high = cast(float, self.value.low), cast(float, self.value.high)
        return (low,) if low == high else (low, high)


def _check_ends(field: str, rng: SourcedRange, low: float, high: float, why: str) -> None:
    for end in rng.ends:
        if not low <= end <= high:
            raise PlanError(field, end, why)


@dataclass(frozen=True)
class ScenarioInputs:
    """One row of the scenario table as valued: revenue CAGR, margins and WACC, each sourced."""

    key: ScenarioKey
    revenue_cagr_pct: SourcedRange
    operating_margin_pct: SourcedRange
    fcf_margin_pct: SourcedRange
    wacc_pct: SourcedRange

    def __post_init__(self) -> None:
        if self.key not in get_args(ScenarioKey):
            raise PlanError("scenario.key", self.key, f"expected one of {get_args(ScenarioKey)}")
        k = self.key
        _check_ends(f"{k}.revenue_cagr_pct", self.revenue_cagr_pct, -99.0, 1000.0,
                    "a revenue CAGR lies between -99% and 1000%")
        for name in ("operating_margin_pct", "fcf_margin_pct"):
            _check_ends(f"{k}.{name}", getattr(self, name), -100.0, 100.0,
                        "a margin cannot be above 100% (or below -100%)")
        _check_ends(f"{k}.wacc_pct", self.wacc_pct, 0.0, 100.0, "a WACC lies between 0% and 100%")


@dataclass(frozen=True)
class ValuationInputs:
    """Everything the DCF takes for one ticker; None where the user has not given it yet."""

    adrs_m: Sourced | None = None
    shares_per_adr: Sourced | None = None
    net_debt_musd: Sourced | None = None  # negative for net cash
    rmb_per_usd: Sourced | None = None
    base_revenue_musd: Sourced | None = None
    years: Sourced = Sourced(5, "default")
    terminal_growth_pct: Sourced = Sourced(3.0, "default")
    scenarios: tuple[ScenarioInputs, ...] = ()

    def __post_init__(self) -> None:
        for name in ("adrs_m", "shares_per_adr", "rmb_per_usd", "base_revenue_musd"):
            v = getattr(self, name)
            if v is not None and v.value <= 0:
                raise PlanError(name, v.value, "must be above zero")
        if self.years.value != int(self.years.value) or not 1 <= self.years.value <= 50:
            raise PlanError("years", self.years.value, "a whole number of years from 1 to 50")
        g = self.terminal_growth_pct.value
        if not -50 <= g <= 50:
            raise PlanError("terminal_growth_pct", g, "a terminal growth lies between -50% and 50%")
        keys = [s.key for s in self.scenarios]
        if len(set(keys)) != len(keys):
            raise PlanError("scenarios", keys, "one row per scenario")
        for s in self.scenarios:
            wacc = min(s.wacc_pct.ends)
            if wacc <= g:
                raise PlanError(f"{s.key}.wacc_pct", wacc,
                                f"WACC must be above the terminal growth g ({fmt.pct(g)})")

    def scenario(self, key: str) -> ScenarioInputs:
        """The row of scenario `key`; PlanError if the table has none."""
        for s in self.scenarios:
            if s.key == key:
                return s
        have = [s.key for s in self.scenarios]
        raise PlanError("scenario", key, f"no such scenario (have {have})")


class MissingInputsError(PlanError):
    """A value was asked for before the inputs it needs were given; `names` says which."""

    def __init__(self, names: tuple[str, ...]) -> None:
        self.names = names
        labels = ", ".join(LABELS.get(n, n) for n in names)
        super().__init__("valuation.inputs", names, f"missing {labels}")


def missing(inputs: ValuationInputs) -> tuple[str, ...]:
    """The names of the inputs a value per ADR still needs (empty when it can be computed)."""
    names = tuple(n for n in REQUIRED if getattr(inputs, n) is None)
    return names + (("scenarios",) if not inputs.scenarios else ())


def require(inputs: ValuationInputs) -> None:
    """Raise MissingInputsError naming what is missing, if anything."""
    names = missing(inputs)
    if names:
        raise MissingInputsError(names)


def default_inputs(research: Research | None) -> ValuationInputs:
    """The report's base revenue (TTM) and scenario table; N = 5 and g = 3 % by default."""
    if research is None:
        return ValuationInputs()
    ttm = research.figure("revenue_ttm").value
    if ttm.unit != "usd" or ttm.low is None:
        raise PlanError("revenue_ttm", ttm, "the base revenue must be a USD figure")
    base = Sourced(ttm.low * _SCALE_TO_M[ttm.scale], "report")
    rows = tuple(
        ScenarioInputs(
            cast(ScenarioKey, s.key),
            *(
                SourcedRange(replace(getattr(s, f).value, field=f"{s.key}.{name}"), "report")
                for f, name in zip(
                    ("revenue_cagr", "operating_margin", "fcf_margin", "wacc"),
                    SCENARIO_FIELDS,
                    strict=True,
                )
            ),
        )
        for s in research.valuation.scenarios
    )
    return ValuationInputs(base_revenue_musd=base, scenarios=rows)


def input_names(inputs: ValuationInputs) -> tuple[str, ...]:
    """Every input name `set_input` takes for these inputs ("adrs_m", "bear.wacc_pct", …)."""
    rows = tuple(f"{s.key}.{f}" for s in inputs.scenarios for f in SCENARIO_FIELDS)
    return SCALAR_FIELDS + rows


def input_of(inputs: ValuationInputs, name: str) -> Sourced | SourcedRange | None:
    """The input called `name`; PlanError for a name there is no input of."""
    if name in SCALAR_FIELDS:
        return cast(Sourced | None, getattr(inputs, name))
    key, _, field = name.partition(".")
    if field not in SCENARIO_FIELDS:
        raise PlanError(name, name, f"no such input (expected one of {input_names(inputs)})")
    return cast(SourcedRange, getattr(inputs.scenario(key), field))


_NUM = r"[-−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-−]?\.\d+"
_TEXT = re.compile(
    rf"^\s*(?P<approx>[~≈])?\s*(?P<lo>{_NUM})\s*(?P<p1>%)?"
    rf"(?:\s*(?:–|—|-|to)\s*(?P<hi>{_NUM})\s*(?P<p2>%)?)?\s*$"
)


def _number(text: str) -> float:
    return float(text.replace(",", "").replace("−", "-"))


def parse_value(name: str, text: object) -> tuple[float, float, bool, bool]:
    """Read "12.5", "12.5%", "~18%", "10–12" or a number: (low, high, had a %, approximate)."""
    if isinstance(text, bool):
        raise PlanError(name, text, "must be a number")
    if isinstance(text, (int, float)):
        n = check_number(name, text)
        return n, n, False, False
    if isinstance(text, RangeValue):
        if text.low is None or text.high is None:
            raise PlanError(name, text, "a valuation input needs both ends")
        return text.low, text.high, text.unit == "pct", text.approx
    if not isinstance(text, str):
        raise PlanError(name, text, "must be a number")
    m = _TEXT.match(text)
    if m is None:
        raise PlanError(name, text, 'not a number (write e.g. "12.5", "12.5%" or "10–12%")')
    low = _number(m["lo"])
    high = low if m["hi"] is None else _number(m["hi"])
    if low > high:
        raise PlanError(name, text, "the low is above the high")
    return low, high, bool(m["p1"] or m["p2"]), m["approx"] is not None


def set_input(
    inputs: ValuationInputs,
    name: str,
    value: object,
    source: Source = "user",
    as_of: date | None = None,
) -> ValuationInputs:
    """A copy with input `name` set from typed text or a number; PlanError says what is wrong."""
    current = input_of(inputs, name)  # refuses an unknown name first
    low, high, had_pct, approx = parse_value(name, value)
    if name in SCALAR_FIELDS:
        if low != high:
            raise PlanError(name, value, "a single number here, not a range")
        if had_pct and not name.endswith("_pct"):
            raise PlanError(name, value, "not a percent: give a plain number")
        try:
            return _with(inputs, name, Sourced(low, source, as_of))
        except PlanError as exc:
            if (name == "terminal_growth_pct" and exc.field.endswith(".wacc_pct")
                    and isinstance(exc.value, float)):
                # The new g met a scenario's WACC: the refusal belongs to the cell typed in.
                raise PlanError(name, value, f"must be below every WACC ({exc.field} "
                                f"is {fmt.pct(exc.value)})") from None
            raise
    assert isinstance(current, SourcedRange)
    return _with(inputs, name, SourcedRange(RangeValue(low, high, "pct", approx, field=name),
                                            source, as_of))


def _with(inputs: ValuationInputs, name: str, entry: Sourced | SourcedRange | None
          ) -> ValuationInputs:
    """A copy with the input `name` replaced by `entry` (validated by the new value)."""
    change: dict[str, Any] = {}
    if name in SCALAR_FIELDS:
        change[name] = entry
        return replace(inputs, **change)
    key, _, field = name.partition(".")
    change[field] = entry
    rows = tuple(replace(s, **change) if s.key == key else s for s in inputs.scenarios)
    return replace(inputs, scenarios=rows)


def reset_input(inputs: ValuationInputs, name: str, research: Research | None) -> ValuationInputs:
    """A copy with `name` back to the report's value or the default (None for the user's own)."""
    input_of(inputs, name)  # refuses an unknown name
    return _with(inputs, name, input_of(default_inputs(research), name))


def entry_to_json(entry: Sourced | SourcedRange) -> dict[str, Any]:
    """One input as JSON: {value | low, high, approx}, source, and as_of for a Yahoo figure."""
    out: dict[str, Any]
    if isinstance(entry, Sourced):
        out = {"value": entry.value}
    else:
        out = {"low": entry.value.low, "high": entry.value.high, "approx": entry.value.approx}
    out["source"] = entry.source
    if entry.as_of is not None:
        out["as_of"] = entry.as_of.isoformat()
    return out


def inputs_to_json(inputs: ValuationInputs, owned_only: bool = True) -> dict[str, Any]:
    """Input name -> entry; by default only what the user gave (typed or accepted from Yahoo)."""
    out: dict[str, Any] = {}
    for name in input_names(inputs):
        entry = input_of(inputs, name)
        if entry is not None and (not owned_only or entry.source in ("user", "yahoo")):
            out[name] = entry_to_json(entry)
    return out


def inputs_from_json(doc: Any, research: Research | None) -> ValuationInputs:
    """The report's defaults with the stored entries applied; PlanError names a bad entry."""
    if not isinstance(doc, dict):
        raise PlanError("valuation_inputs", doc, "expected an object")
    inputs = default_inputs(research)
    for name, entry in doc.items():
        if not isinstance(entry, dict):
            raise PlanError(name, entry, "expected an object")
        as_of: date | None = None
        if entry.get("as_of") is not None:
            try:
                as_of = date.fromisoformat(entry["as_of"])
            except (TypeError, ValueError):
                raise PlanError(f"{name}.as_of", entry["as_of"], "not a date") from None
        if "value" in entry:
            value: object = entry["value"]
        else:
            value = RangeValue(entry.get("low"), entry.get("high"), "pct",
                               bool(entry.get("approx", False)), field=name)
        inputs = set_input(inputs, name, value, entry.get("source", "user"), as_of)
    return inputs
