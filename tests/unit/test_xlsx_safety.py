"""Cell text and sheet names that a spreadsheet opens safely."""

from __future__ import annotations

from desktop_app.exporting.xlsx_safety import (
    MAX_CELL_CHARS,
    TRUNCATED_MARKER,
    clean_text,
    needs_text_guard,
    sheet_name,
)


def test_formula_starts_are_guarded_and_ordinary_text_is_not() -> None:
    for text in ("=1+1", "+49", "-5", "@x", "\tx", "\rx", "#N/A", "#DIV/0!"):
        assert needs_text_guard(text), text
    for text in ("Search", "1+1", "e-mail", "a=b", ""):
        assert not needs_text_guard(text), text


def test_clean_text_replaces_illegal_characters_and_cuts_long_text() -> None:
    assert clean_text("a\x00b\x1fc\ufffe") == "a\ufffdb\ufffdc\ufffd"
    assert clean_text("tab\tand\nnewline") == "tab\tand\nnewline"
    long = clean_text("y" * (MAX_CELL_CHARS + 10))
    assert len(long) == MAX_CELL_CHARS and long.endswith(TRUNCATED_MARKER)


def test_sheet_names_are_valid_and_unique() -> None:
    used: set[str] = set()
    assert sheet_name("Summary", used) == "Summary"
    assert sheet_name("summary", used) == "summary (2)"
    assert sheet_name("a/b:c*d?[e]", used) == "a_b_c_d__e_"
    assert len(sheet_name("x" * 40, used)) == 31
    assert sheet_name("History", used) == "History (2)"
    assert sheet_name("", used) == "Sheet"
