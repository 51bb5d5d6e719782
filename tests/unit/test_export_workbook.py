"""The report workbook read back with openpyxl and python-calamine: numbers, formats, charts,
safety of text cells, and a failed or refused export that leaves earlier files alone."""

from __future__ import annotations

import re
import zipfile
from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from python_calamine import CalamineWorkbook

from desktop_app.domain.channels import why_channel
from desktop_app.exporting import workbook as workbook_module
from desktop_app.exporting.files import ExportCancelled, ExportError
from desktop_app.exporting.workbook import SHEETS, export_workbook, suggested_file_name
from desktop_app.reports.engine import build_report
from tests import report_dataset

FIRST, LAST = date(2026, 3, 1), date(2026, 3, 10)


@pytest.fixture
def filled(db: Any) -> Any:
    report_dataset.fill(db)
    return db


@pytest.fixture
def exported(filled: Any, tmp_path: Path) -> Path:
    path = tmp_path / "report.xlsx"
    export_workbook(filled, path, FIRST, LAST)
    return path


def table(ws: Any, first_header: str) -> tuple[list[str], dict[str, list[Any]]]:
    """Header and rows (by first cell) of the table whose header starts with `first_header`."""
    rows = list(ws.iter_rows(values_only=True))
    start = next(i for i, r in enumerate(rows) if r and r[0] == first_header)
    header = list(rows[start])
    body: dict[str, list[Any]] = {}
    for r in rows[start + 1 :]:
        if not r or r[0] is None:
            break
        body[str(r[0])] = list(r)
    return header, body


def test_sheets_and_properties(exported: Path) -> None:
    wb = openpyxl.load_workbook(exported)
    assert wb.sheetnames == list(SHEETS)
    assert wb.properties.creator == "Test shop"
    assert "2026-03-01" in wb.properties.title and wb.properties.created is not None


def test_summary_figures_worked_out_by_hand(exported: Path) -> None:
    ws = openpyxl.load_workbook(exported)["Summary"]
    _, kpi = table(ws, "Figure")
    # Spend: Search Brand 50.00 + 25.50, Meta Spring 4 of its 8 days 40.00, Print 32.30.
    assert kpi["Spend"][1] == 50.00 + 25.50 + 40.00 + 32.30
    # Macro conversions: Paid Search 3, Paid Social 1, Direct 1, Email 1 (B's first lead),
    # Phone 3 (C's first active lead and two leads without a customer).
    assert kpi["Conversions"][1] == 3 + 1 + 1 + 1 + 3
    assert kpi["Micro conversions"][1] == 3
    assert kpi["Value"][1] == pytest.approx(100.00 + 50.50 + 25.00 + 10.00 + 1.00, abs=0)
    # Clicks 100 + 50 + 40 over impressions 1000 + 500 (Search) + 400 (Meta) + 10000 (Print).
    assert kpi["Click-through rate (CTR)"][1] == pytest.approx(190 / 11_900, rel=1e-15)


def test_every_table_number_equals_the_engine(filled: Any, exported: Path) -> None:
    report = build_report(filled, FIRST, LAST)
    wb = openpyxl.load_workbook(exported)
    header, channels = table(wb["Channels"], "Channel")
    keys = ["spend", "impressions", "clicks", "ctr", "conversions", "micro_conversions"]
    keys += ["conversion_rate", "value", "cpa", "roas", "roi", "gross_profit", "profit_roi"]
    keys += ["break_even_roas", "platform_conversions", "platform_value"]
    shown = {r.name: r for r in report.channels}
    for name, cells in channels.items():
        row = report.total if name.startswith("Total") else shown[name]
        for i, key in enumerate(keys, 1):
            expected = row.current.get(key)
            if expected is None:
                assert cells[i] == "—", (name, key)
            else:
                assert cells[i] == pytest.approx(float(expected), rel=1e-15), (name, key)
        assert cells[header.index("Change in value")] == (
            "—" if row.change("value") is None else pytest.approx(float(row.change("value")))
        )
    listed = set(channels) - {"Total (macro goals)"}
    # Channels without any figure in either period are left out, and only those.
    for r in report.channels:
        empty = r.current == type(r.current)() and r.previous == type(r.previous)()
        assert (r.name not in listed) == empty
    _, campaigns = table(wb["Campaigns"], "Campaign")
    assert campaigns["Search Brand"][header.index("Value") + 1] == 151.50
    assert campaigns["(no campaign)"][header.index("Conversions") + 1] == 4  # Direct 1, Phone 3
    _, goals = table(wb["Goals"], "Goal")
    assert goals["Purchase"][2:5] == [0, 5, 186.50]  # no campaign works for it: no spend
    assert goals["Lead"][3] == 4  # A repeats, B once, C once, two without a customer: 4
    assert goals["Newsletter sign-up"][1] == "Micro"


def test_calamine_reads_the_same_numbers_and_independent_sql_sums(
    filled: Any, exported: Path
) -> None:
    book = CalamineWorkbook.from_path(str(exported))
    rows = book.get_sheet_by_name("Conversions").to_python()
    assert rows[0][:7] == [
        "Date and time", "Goal", "Level", "Channel", "Why this channel", "Campaign", "Value"
    ]  # fmt: skip
    rules = {r[0]: r[1] for r in filled.execute("SELECT id, channel_rule FROM conversions")}
    assert {r[4] for r in rows[1:]} <= {why_channel(rule) for rule in rules.values()} | {""}
    count, value_minor = filled.execute(
        "SELECT COUNT(*), SUM(value_minor) FROM conversions WHERE status = 'active'"
        " AND local_date BETWEEN '2026-03-01' AND '2026-03-10'"
    ).fetchone()
    assert len(rows) - 1 == count == 14
    assert Decimal(str(sum(r[6] for r in rows[1:]))) == Decimal(value_minor) / 100
    summary = book.get_sheet_by_name("Summary").to_python()
    spend_row = next(r for r in summary if r and r[0] == "Spend")
    (spend_minor,) = filled.execute(
        "SELECT SUM(cost_minor) FROM spend WHERE period_start = period_end"
        " AND period_start BETWEEN '2026-03-01' AND '2026-03-10'"
    ).fetchone()
    # Daily rows 75.50, plus the shared periods (8003 over 8 days: 4 days at 10.00; Print 32.30).
    assert spend_row[1] == pytest.approx(spend_minor / 100 + 40.00 + 32.30, abs=1e-9)


def test_formats_and_local_datetimes(exported: Path) -> None:
    wb = openpyxl.load_workbook(exported)
    ws = wb["Channels"]
    header_row = next(r for r in ws.iter_rows() if r[0].value == "Channel")
    body = ws[header_row[0].row + 1]
    formats = {h.value: c.number_format for h, c in zip(header_row, body, strict=False)}
    assert formats["Spend"].startswith('"€"#,##0.00')
    assert formats["CTR"] == "0.0%" and formats["ROI"] == "0.0%"
    assert formats["Change in value"].startswith("+0.0%")
    assert ws.freeze_panes == f"B{header_row[0].row + 1}"
    assert ws.auto_filter.ref.startswith(f"A{header_row[0].row}:")
    conv = wb["Conversions"]
    assert conv.freeze_panes == "A2"
    first = conv["A2"]
    assert first.is_date and first.number_format == "yyyy-mm-dd hh:mm"
    # 23:30 UTC on 28 February is 00:30 on 1 March in Berlin.
    assert first.value == datetime(2026, 3, 1, 0, 30)
    assert conv["G2"].number_format.startswith('"€"#,##0.00')


@pytest.mark.parametrize(("currency", "fmt"), [("JPY", '"¥"#,##0;'), ("KWD", '"KWD "#,##0.000;')])
def test_currency_decimals(tmp_path: Path, currency: str, fmt: str) -> None:
    from desktop_app.store import close_database, open_database
    from desktop_app.store.settings import save_settings

    db = open_database(tmp_path / "b.db")
    save_settings(db, {"name": "Yen shop", "currency": currency, "timezone": "Asia/Tokyo"})
    report_dataset.fill(db, currency=currency)
    path = tmp_path / "r.xlsx"
    export_workbook(db, path, FIRST, LAST)
    close_database(db)
    ws = openpyxl.load_workbook(path)["Summary"]
    spend = next(r for r in ws.iter_rows() if r[0].value == "Spend")[1]
    assert spend.number_format.startswith(fmt)


def test_no_formulas_anywhere_and_charts_reference_the_summary_tables(exported: Path) -> None:
    with zipfile.ZipFile(exported) as z:
        names = z.namelist()
        for name in names:
            if name.startswith("xl/worksheets/"):
                assert "<f>" not in z.read(name).decode() and "<f " not in z.read(name).decode()
        charts = sorted(n for n in names if re.match(r"xl/charts/chart\d+\.xml$", n))
        assert len(charts) == 2
        refs = [re.findall(r"<(?:c:)?f>([^<]+)</(?:c:)?f>", z.read(c).decode()) for c in charts]
    wb = openpyxl.load_workbook(exported)
    ws = wb["Summary"]
    spend_header = next(r for r in ws.iter_rows() if r[0].value == "Channel")[0].row
    n = len(_summary_channels(ws, spend_header))
    assert n == 4  # Paid Search, Paid Social, Direct, Print have spend or value
    assert f"'Summary'!B{spend_header}" in refs[0]  # series titles: the "Spend" and "Value" headers
    assert f"'Summary'!C{spend_header}" in refs[0]
    assert f"'Summary'!$B${spend_header + 1}:$B${spend_header + n}" in refs[0]
    assert f"'Summary'!$C${spend_header + 1}:$C${spend_header + n}" in refs[0]
    assert f"'Summary'!$A${spend_header + 1}:$A${spend_header + n}" in refs[0]
    assert ws.cell(spend_header, 2).value == "Spend" and ws.cell(spend_header, 3).value == "Value"
    day_header = next(r for r in ws.iter_rows() if r[0].value == "Day")[0].row
    assert f"'Summary'!$A${day_header + 1}:$A${day_header + 10}" in refs[1]  # 10 days
    for cell in wb["Summary"][day_header]:
        assert cell.data_type != "f"


def _summary_channels(ws: Any, header: int) -> list[str]:
    names = []
    for row in ws.iter_rows(min_row=header + 1, values_only=True):
        if row[0] is None:
            break
        names.append(row[0])
    return names


def test_text_that_looks_like_a_formula_stays_text(filled: Any, tmp_path: Path) -> None:
    hyperlink = '=HYPERLINK("http://x","click")'
    filled.execute("UPDATE campaigns SET name = ? WHERE name = 'Search Brand'", [hyperlink])
    notes = ["+49 30 1234", "-minus", "@SUM(A1)", "\tTab first", "#N/A", "bell\x07 ring"]
    ids = [
        r[0]
        for r in filled.execute(
            "SELECT id FROM conversions WHERE status = 'active' AND local_date"
            " BETWEEN '2026-03-01' AND '2026-03-10' ORDER BY id"
        )
    ]
    for cid, note in zip(ids, notes, strict=False):
        filled.execute("UPDATE conversions SET notes = ? WHERE id = ?", [note, cid])
    path = tmp_path / "safe.xlsx"
    export_workbook(filled, path, FIRST, LAST)
    wb = openpyxl.load_workbook(path)
    conv = wb["Conversions"]
    found = {c.value: c for row in conv.iter_rows(min_row=2) for c in row if c.value is not None}
    for text in [hyperlink, *notes[:5]]:
        assert text in found, text
        assert found[text].data_type == "s" and found[text].quotePrefix
    assert "bell\ufffd ring" in found  # the control character is replaced, the file opens
    _, campaigns = table(wb["Campaigns"], "Campaign")
    assert hyperlink in campaigns
    cal = CalamineWorkbook.from_path(str(path)).get_sheet_by_name("Conversions").to_python()
    texts = {v for row in cal for v in row if isinstance(v, str)}
    assert {hyperlink, "+49 30 1234", "-minus", "@SUM(A1)"} <= texts


def test_very_long_text_is_cut_with_a_marker(filled: Any, tmp_path: Path) -> None:
    filled.execute("UPDATE conversions SET notes = ? WHERE value_minor = 10000", ["x" * 40_000])
    path = tmp_path / "long.xlsx"
    export_workbook(filled, path, FIRST, LAST)
    conv = openpyxl.load_workbook(path)["Conversions"]
    note = next(c.value for row in conv.iter_rows(min_row=2) for c in row
                if isinstance(c.value, str) and c.value.startswith("xxx"))  # fmt: skip
    assert len(note) == 32_767 and note.endswith("[truncated]")


def test_failed_export_leaves_the_earlier_file_and_no_temp_files(
    filled: Any, exported: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    before = exported.read_bytes()
    real = workbook_module.conversions_sheet

    def breaks_half_way(ws: Any, *args: Any, **kwargs: Any) -> int:
        ws.append(["a row that is written"])
        real(ws, *args, **kwargs)
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(workbook_module, "conversions_sheet", breaks_half_way)
    with pytest.raises(ExportError, match="No space left on device"):
        export_workbook(filled, exported, FIRST, LAST)
    assert exported.read_bytes() == before
    assert sorted(p.name for p in exported.parent.iterdir() if "report" in p.name) == [
        "report.xlsx"
    ]
    assert not [p for p in exported.parent.iterdir() if p.suffix == ".tmp"]


def test_read_only_or_open_target_gives_a_clear_message(filled: Any, exported: Path) -> None:
    exported.chmod(0o444)
    with pytest.raises(ExportError, match=r"read-only.*Choose another file name"):
        export_workbook(filled, exported, FIRST, LAST)
    exported.chmod(0o644)
    (exported.parent / f"~${exported.name}").write_text("owner")
    with pytest.raises(ExportError, match="open in another program"):
        export_workbook(filled, exported, FIRST, LAST)


def test_cancel_writes_nothing(filled: Any, tmp_path: Path) -> None:
    import threading

    cancel = threading.Event()
    seen: list[tuple[int, int]] = []

    def progress(done: int, total: int) -> None:
        seen.append((done, total))
        if done > 0:
            cancel.set()

    with pytest.raises(ExportCancelled):
        export_workbook(filled, tmp_path / "c.xlsx", FIRST, LAST, progress=progress,
                        cancelled=cancel)  # fmt: skip
    assert not list(tmp_path.glob("*.xlsx")) and not list(tmp_path.glob("*.tmp"))
    assert seen[0] == (0, seen[0][1]) and seen[0][1] > 0


def test_export_is_logged(filled: Any, exported: Path) -> None:
    row = filled.execute(
        "SELECT kind, file_name, period_from, period_to, goal, rows FROM export_log"
    ).fetchall()
    assert row == [("xlsx", "report.xlsx", "2026-03-01", "2026-03-10", None, 14)]
    assert filled.execute("SELECT COUNT(*) FROM audit_log WHERE action = 'export'").fetchone() == (
        1,
    )


def test_one_goal_and_chosen_sheets(filled: Any, tmp_path: Path) -> None:
    goal_id = filled.execute("SELECT id FROM goals WHERE name = 'Lead'").fetchone()[0]
    path = tmp_path / "lead.xlsx"
    result = export_workbook(filled, path, FIRST, LAST, goal_id=goal_id,
                             sheets=["Conversions", "Summary"])  # fmt: skip
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == ["Summary", "Conversions"] and result.conversions == 6
    assert {r[1] for r in wb["Conversions"].iter_rows(min_row=2, values_only=True)} == {"Lead"}
    _, kpi = table(wb["Summary"], "Figure")
    assert kpi["Conversions"][1] == 4


def test_suggested_file_name() -> None:
    assert suggested_file_name(date(2026, 11, 1), date(2026, 11, 30)) == (
        "Conversion report 2026-11.xlsx"
    )
    assert suggested_file_name(date(2026, 2, 1), date(2026, 2, 28)).endswith("2026-02.xlsx")
    assert suggested_file_name(date(2026, 3, 1), date(2026, 3, 10)) == (
        "Conversion report 2026-03-01 to 2026-03-10.xlsx"
    )


@pytest.mark.slow
def test_attribution_sheet_lists_channels_as_the_app_does(db: Any, tmp_path: Path) -> None:
    """By credit under the default model (last non-direct touch), highest first, as the
    Attribution page and the command line list them; the total last."""
    from tests.demo_copy import load_demo_copy

    load_demo_copy(db, last_day=date(2026, 6, 30))
    path = tmp_path / "attribution.xlsx"
    export_workbook(db, path, date(2026, 4, 1), date(2026, 6, 30))
    ws = openpyxl.load_workbook(path)["Attribution"]
    rows = list(ws.iter_rows(values_only=True))
    models = next(r for r in rows if r[0] is None and r[1] == "Last touch")
    # The seven models, spelled as the app and the README spell them (typed out here).
    assert [m for m in models if m] == [
        "Last touch", "Last non-direct touch", "First touch", "Linear", "Time decay",
        "Position-based", "Data-driven (Markov chain)",
    ]  # fmt: skip
    column = models.index("Last non-direct touch")
    _header, body = table(ws, "Channel")
    names = list(body)
    assert names[-1] == "Total" and len(names) > 5
    credit = [(-body[n][column], n.lower()) for n in names[:-1]]
    assert credit == sorted(credit)
    assert names[0] != "Direct"  # last touch would put Direct near the top


def _texts(ws: Any) -> list[str]:
    return [c for row in ws.iter_rows(values_only=True) for c in row if isinstance(c, str)]


def test_conversions_past_excels_row_limit_continue_on_another_sheet(
    filled: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from desktop_app.exporting import xlsx_conversions

    # Excel's 1,048,576 rows made small: five records a sheet (one header row on each).
    monkeypatch.setattr(xlsx_conversions, "SHEET_ROWS", 6)
    expected = filled.execute(
        "SELECT COUNT(*) FROM conversions WHERE status = 'active' AND local_date BETWEEN ? AND ?",
        [FIRST.isoformat(), LAST.isoformat()],
    ).fetchone()[0]
    assert expected == 14
    path = tmp_path / "big.xlsx"
    result = export_workbook(filled, path, FIRST, LAST)
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames[-3:] == ["Conversions", "Conversions (2)", "Conversions (3)"]
    bodies = [list(wb[n].iter_rows(values_only=True)) for n in wb.sheetnames[-3:]]
    assert [len(b) - 1 for b in bodies] == [5, 5, 4]
    assert all(b[0][0] == "Date and time" for b in bodies)  # each sheet has its header
    times = [row[0] for b in bodies for row in b[1:]]
    assert times == sorted(times) and len(times) == result.conversions == expected
    assert wb["Conversions (2)"].auto_filter.ref == "A1:K6"
    summary = " ".join(_texts(wb["Summary"]))
    assert "The 14 conversions fill 3 sheets" in summary
    assert "continue on Conversions (2), Conversions (3)" in summary


def test_cells_cut_to_excels_limit_are_listed_on_the_summary(filled: Any, tmp_path: Path) -> None:
    filled.execute("UPDATE conversions SET notes = ?, order_id = 'LONG-1' WHERE value_minor = "
                   "10000", ["x" * 40_000])  # fmt: skip
    path = tmp_path / "long.xlsx"
    export_workbook(filled, path, FIRST, LAST)
    summary = " ".join(_texts(openpyxl.load_workbook(path)["Summary"]))
    assert "Cut to 32,767 characters, the most an Excel cell holds" in summary
    assert "the notes of order LONG-1" in summary
    export_workbook(filled, tmp_path / "short.xlsx", FIRST, LAST, sheets=["Summary", "Channels"])
    short = " ".join(_texts(openpyxl.load_workbook(tmp_path / "short.xlsx")["Summary"]))
    assert "Cut to" not in short  # no Conversions sheet, nothing cut


def test_sheet_files_are_written_beside_the_target_not_in_the_temp_folder(
    filled: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    system_temp = tmp_path / "system-temp"
    system_temp.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(system_temp))
    target_folder = tmp_path / "reports"
    target_folder.mkdir()
    seen: list[list[str]] = []

    def progress(done: int, total: int) -> None:
        seen.append(sorted(p.name for p in target_folder.iterdir()))

    export_workbook(filled, target_folder / "r.xlsx", FIRST, LAST, progress=progress)
    assert not list(system_temp.iterdir())
    assert any(any(n.startswith(".r.") and n.endswith(".tmp") for n in names) for names in seen)
    assert sorted(p.name for p in target_folder.iterdir()) == ["r.xlsx"]


def test_a_killed_export_leaves_files_that_the_next_export_removes(
    filled: Any, tmp_path: Path
) -> None:
    import subprocess
    import sys

    db_file = tmp_path / "db.sqlite"
    filled.conn.execute("VACUUM INTO ?", [str(db_file)])
    target = tmp_path / "out" / "report.xlsx"
    target.parent.mkdir()
    script = (
        "import os, signal, sys\n"
        "from datetime import date\n"
        "from sqlite_utils import Database\n"
        "from desktop_app.exporting.workbook import export_workbook\n"
        "def progress(done, total):\n"
        "    if done >= 500:  # some sheets written: the process is killed, no clean-up runs\n"
        "        os.kill(os.getpid(), signal.SIGKILL)\n"
        f"export_workbook(Database({str(db_file)!r}), __import__('pathlib').Path("
        f"{str(target)!r}), date(2026, 3, 1), date(2026, 3, 10), progress=progress)\n"
    )
    run = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True)
    assert run.returncode == -9, run.stderr
    left = [p.name for p in target.parent.iterdir()]
    assert left and all(n.startswith(".report.") and n.endswith(".tmp") for n in left)
    export_workbook(filled, target, FIRST, LAST)
    assert [p.name for p in target.parent.iterdir()] == ["report.xlsx"]


def test_a_rates_change_is_in_percentage_points_and_profit_rows_follow_a_margin(
    filled: Any, tmp_path: Path
) -> None:
    from desktop_app.exporting.workbook import export_workbook

    filled.execute("UPDATE goals SET margin = '0.4' WHERE name = 'Purchase'")
    path = tmp_path / "profit.xlsx"
    export_workbook(filled, path, FIRST, LAST)
    ws = openpyxl.load_workbook(path)["Summary"]
    _, kpi = table(ws, "Figure")
    cells = {row[0].value: row for row in ws.iter_rows() if row and row[0].value in kpi}
    roi = kpi["Return on investment (ROI)"]
    assert roi[3] == pytest.approx((roi[1] - roi[2]) * 100, rel=1e-12)  # points, not percent
    assert '" pp"' in cells["Return on investment (ROI)"][3].number_format
    spend = kpi["Spend"]
    assert spend[3] == pytest.approx((spend[1] - spend[2]) / spend[2], rel=1e-12)  # relative
    # The five purchases: 100.00 + 50.50 + 25.00 + 10.00 + 1.00 = 186.50 at 40 % (the leads
    # carry no value and no margin).
    assert kpi["Gross profit"][1] == pytest.approx(186.50 * 0.4, abs=1e-9)
    assert kpi["Profit ROI"][1] == "—"  # the leads have no margin
    assert kpi["Break-even ROAS"][1] == pytest.approx(1 / 0.4, rel=1e-12)
