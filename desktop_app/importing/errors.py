"""The two kinds of import trouble: a whole file refused, and one row's problem."""

from __future__ import annotations

from dataclasses import asdict, dataclass


class ImportRefused(Exception):
    """Nothing can be imported from this file; the message names the file and says what to do."""

    def __init__(self, message: str, *, file: str = "", sheet: str | None = None) -> None:
        super().__init__(message)
        self.file = file
        self.sheet = sheet


class ImportCancelled(Exception):
    """The caller cancelled a running import; everything it wrote was rolled back."""


@dataclass(frozen=True, slots=True)
class Problem:
    """One rejected row (or cell): where it is, what it held, and what to do about it."""

    sheet: str | None
    row: int | None  # the row number the user sees in Excel (1 = first line of the file)
    column: str | None  # the column's header as written in the file
    value: str | None
    reason: str
    # A text file's physical line, set only where it differs from `row` (a quoted line break in an
    # earlier record makes a record span several lines)
    line: int | None = None

    def as_dict(self) -> dict[str, object]:
        found = asdict(self)
        if self.line is None:
            del found["line"]
        return found

    @property
    def where(self) -> str:
        """`row 3`, or `row 3 (line 4)` after a quoted line break."""
        return f"row {self.row}" + (f" (line {self.line})" if self.line is not None else "")

    def describe(self, file: str) -> str:
        where = [file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(self.where)
        if self.column:
            where.append(f"column {self.column!r}")
        shown = f" value {self.value!r}:" if self.value not in (None, "") else ""
        return f"{', '.join(where)}:{shown} {self.reason}"
