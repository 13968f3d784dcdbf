"""Start-up when the profile is not healthy: say what happened, offer a way out, lose nothing.

A damaged store file is offered its good backups (newest first; a damaged backup is never
offered) or a new profile with the damaged file kept aside. A damaged stored part of a desk
(a plan row that is not JSON, or not a valid plan) is offered the backups, or that part afresh
with its damaged rows kept aside in the store. Every question goes through `Ask`, so tests
answer like a user would.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any, Protocol

from kcdesk.data.paths import AppPaths


class Ask(Protocol):
    """The start-up dialogs."""

    def critical(self, title: str, text: str) -> None: ...

    def choose(self, title: str, text: str, options: Sequence[str]) -> int | None:
        """The index of the option the user took, or None to quit."""
        ...


def _backup_label(path: Path) -> str:
    return f"Restore the backup {path.name}"


def _restore(paths: AppPaths, backup: Path, ask: Ask) -> bool:
    from kcdesk.data.store import Store, StoreError

    try:
        Store.restore_backup(paths, backup)
    except StoreError as exc:
        ask.critical("KC Desk could not restore the backup", str(exc))
        return False
    return True


def open_store(paths: AppPaths, ask: Ask) -> Any:
    """Open the user store; on a damaged file offer its good backups. None to quit."""
    from kcdesk.data.store import CorruptStoreError, Store, StoreError

    for _ in range(3):  # a restore that fails to open again is offered the rest
        try:
            return Store.open(paths)
        except CorruptStoreError as exc:
            good = Store.good_backups(paths)
            new_profile = "Start a new, empty profile (the damaged file is kept, renamed)"
            options = [_backup_label(b) for b in good] + [new_profile]
            said = (f"{exc}\n\n" + (f"{len(good)} good backup(s), newest first."
                                     if good else "No good backup is available."))
            choice = ask.choose("KC Desk: your data file is damaged", said, options)
            if choice is None:
                return None
            if choice < len(good):
                if not _restore(paths, good[choice], ask):
                    return None
            else:
                Store.set_aside_damaged(paths)
        except StoreError as exc:
            ask.critical("KC Desk cannot open your data", str(exc))
            return None
    return None


def load_or_recover(
    paths: AppPaths, store: Any, ticker: str, build: Callable[[Any], Any], ask: Ask
) -> tuple[Any, Any] | None:
    """(store, build(store)); a damaged stored part is offered the backups or a fresh start.

    `build` loads the desk and makes the window; the store may be replaced by a restored one.
    None (the store closed) when the user quits or there is no plan for the ticker.
    """
    from kcdesk.data.documents import DamagedDeskError, DocumentError
    from kcdesk.data.store import Store

    for _ in range(4):  # one per damaged part at most, and a restore
        try:
            return store, build(store)
        except DamagedDeskError as exc:
            good = Store.backups_where_part_reads(paths, exc.ticker, exc.part)
            name = exc.part.value.replace("_", " ")
            fresh = (f"Start your {name} for {exc.ticker} afresh (the shipped or default one; "
                     "the damaged data is kept aside in your store)")
            options = [_backup_label(b) for b in good] + [fresh]
            choice = ask.choose("KC Desk: part of your data cannot be read", str(exc), options)
            if choice is None:
                store.close()
                return None
            if choice < len(good):
                store.close()
                if not _restore(paths, good[choice], ask):
                    return None
                store = open_store(paths, ask)
                if store is None:
                    return None
            else:
                store.set_aside_part(exc.ticker, exc.part, exc.reason)
        except DocumentError as exc:
            store.close()
            ask.critical("KC Desk has no plan for this ticker", str(exc))
            return None
        except BaseException:
            store.close()
            raise
    store.close()
    return None
