"""The clock the service reads in tests (config['NOW']): fixed until a test moves it."""
from __future__ import annotations

from datetime import datetime, timedelta, timezone

START = datetime(2027, 1, 5, 9, 0, tzinfo=timezone.utc)


class Clock:
    """The app's clock in tests: starts at START, moves only when told."""

    def __init__(self, now: datetime = START):
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, **delta) -> None:
        self.now += timedelta(**delta)
