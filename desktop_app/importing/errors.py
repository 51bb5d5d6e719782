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

    def as_dict(self) -> dict[str, object]:
        return asdict(self)

    def describe(self, file: str) -> str:
        where = [file]
        if self.sheet:
            where.append(f"sheet {self.sheet}")
        if self.row is not None:
            where.append(f"row {self.row}")
        if self.column:
            where.append(f"column {self.column!r}")
        shown = f" value {self.value!r}:" if self.value not in (None, "") else ""
        return f"{', '.join(where)}:{shown} {self.reason}"
