"""The one exception type of the catalogue package, and the problems it carries."""
from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one content file, fit to show to an administrator."""

    path: str
    key: str
    message: str

    def __str__(self) -> str:
        where = f"{self.path}: {self.key}" if self.key else self.path
        return f"{where}: {self.message}"


class CatalogueError(Exception):
    """The content could not be loaded; `problems` lists every fault found."""

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems)
        count = len(self.problems)
        heading = f"{count} problem{'s' if count != 1 else ''} in the course content:"
        super().__init__("\n".join([heading, *(f"  - {p}" for p in self.problems)]))
