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


class ProblemRecorder:
    """Runs field parsers for one file, turning ValueError into a Problem, and goes on."""

    def __init__(self, path: str, problems: list[Problem]):
        self.path = path
        self.problems = problems
        self.failed = False

    def fail(self, key: str, message: str) -> None:
        """Record that `key` of this file is wrong."""
        self.failed = True
        self.problems.append(Problem(self.path, key, message))

    def field(self, key: str, parse, value, *args, **kwargs):
        """Return `parse(value, ...)`, or None after recording its ValueError against `key`."""
        try:
            return parse(value, *args, **kwargs)
        except ValueError as exc:
            self.fail(key, str(exc))
            return None

    def unknown_keys(self, prefix: str, data: dict, known: set[str]) -> None:
        """Record every key of `data` not in `known` (a misspelt key would otherwise be ignored)."""
        for key in sorted(set(data) - known, key=str):
            self.fail(f"{prefix}{key}", f"unknown key; known keys are: {', '.join(sorted(known))}")
