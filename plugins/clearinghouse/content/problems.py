"""Problems found in content, collected and reported together.

Editors fix files in batches: stopping at the first error would make them
rebuild once per mistake, so every stage records problems here instead of
raising, and the build stops once, at the end of validation, with all of them.
"""

from __future__ import annotations

import sys
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in one file, said the way an editor can act on it."""

    path: str
    line: int | None
    field: str
    message: str
    found: str | None = None
    allowed: str | None = None

    def __str__(self) -> str:
        where = f"{self.path}:{self.line}" if self.line else self.path
        text = f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        if self.found is not None:
            text += f"\n    found:   {self.found}"
        if self.allowed is not None:
            text += f"\n    allowed: {self.allowed}"
        return text


class Problems:
    """An append-only list of problems, with the file path relative to a root."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = root
        self.items: list[Problem] = []

    def add(
        self,
        path: Path | str,
        field: str,
        message: str,
        *,
        line: int | None = None,
        found: object = None,
        allowed: str | None = None,
    ) -> None:
        self.items.append(
            Problem(
                path=self._display(path),
                line=line,
                field=field,
                message=message,
                found=None if found is None else describe(found),
                allowed=allowed,
            )
        )

    def extend(self, other: Problems) -> None:
        self.items.extend(other.items)

    def _display(self, path: Path | str) -> str:
        path = Path(path)
        if self.root is not None:
            try:
                return str(path.resolve().relative_to(self.root.resolve()))
            except ValueError:
                pass
        return str(path)

    def __bool__(self) -> bool:
        return bool(self.items)

    def __len__(self) -> int:
        return len(self.items)

    def report(self) -> str:
        ordered = sorted(set(self.items), key=lambda p: (p.path, p.line or 0, p.field, p.message))
        files = len({p.path for p in ordered})
        head = (
            f"The content has {len(ordered)} problem{'s' if len(ordered) != 1 else ''} "
            f"in {files} file{'s' if files != 1 else ''}; nothing was published."
        )
        return "\n\n".join([head, *map(str, ordered)]) + "\n"


def describe(value: object) -> str:
    """Show a found value as the editor typed it, short enough for one line."""
    if isinstance(value, str):
        text = repr(value) if value.strip() != value or not value else value
    elif isinstance(value, dict):
        text = "a mapping with " + (", ".join(map(str, value)) or "no fields")
    elif isinstance(value, list):
        text = "a list of " + str(len(value)) + " item" + ("s" if len(value) != 1 else "")
    elif value is None:
        text = "nothing (empty)"
    else:
        text = str(value)
    return text if len(text) <= 120 else text[:117] + "..."


class InvalidContent(SystemExit):
    """Stops the build after printing the report.

    A SystemExit, not an Exception: Pelican logs exceptions with a traceback,
    which buries the report editors need; SystemExit passes through it and
    sets the exit status to 1.
    """

    def __init__(self, problems: Problems) -> None:
        super().__init__(1)
        self.problems = problems

    def print_report(self, stream=None) -> None:
        print(self.problems.report(), file=stream or sys.stderr, end="")
