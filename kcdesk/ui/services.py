"""What the tabs reach outside the process through: injected by the app, replaced by fakes in tests.

Tabs may not import `kcdesk.data` (an import contract): a tab that fetches from Yahoo Finance asks
`Services` for the fetch function and runs it on `runner`, off the GUI thread. A field left None
means the feature is unavailable (the tab says so instead of offering the button).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from kcdesk.ui.tasks import Progress, TaskRunner

# (ticker, the current valuation inputs, today) -> proposals for the inputs (blocking).
ValuationFetch = Callable[[str, Any, date], Any]
# (ticker, the current metric log, today, progress) -> proposed quarterly rows (blocking).
StatementsFetch = Callable[[str, Any, date, Progress], Any]


@dataclass
class Services:
    """The worker runner and the fetches the tabs may use; `today` is the date a fetch is dated."""

    runner: TaskRunner
    fetch_valuation_facts: ValuationFetch | None = None
    fetch_statements: StatementsFetch | None = None
    today: Callable[[], date] = date.today
