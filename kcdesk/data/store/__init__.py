"""The user store: the Store, its errors, and the lock file's name."""

from kcdesk.data.store.opening import LOCK_FILE_NAME
from kcdesk.data.store.records import (
    AlreadyRunningError,
    CorruptStoreError,
    NewerStoreError,
    StoreError,
)
from kcdesk.data.store.store import Store

__all__ = [
    "LOCK_FILE_NAME",
    "AlreadyRunningError",
    "CorruptStoreError",
    "NewerStoreError",
    "Store",
    "StoreError",
]
