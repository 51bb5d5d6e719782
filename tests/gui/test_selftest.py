"""`--self-test` run in-process against the real main window (offscreen), and the timing hook."""

from __future__ import annotations

import pytest

from desktop_app.ui.pages.registry import PAGES
from desktop_app.ui.shell.selftest import quit_after_first_paint, run_self_test


@pytest.mark.slow
def test_self_test_passes_on_the_real_window(qapp, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    assert run_self_test(qapp, isolate_settings=False) == 0
    report = capsys.readouterr().err
    assert "self-test passed" in report
    for entry in PAGES:  # every registered page was shown
        assert f"page {entry.key} (" in report
    assert "demo business (" in report
    if any(e.key == "dashboard" for e in PAGES):
        assert "dashboard drawn (" in report
    assert "Excel report written and read back (" in report


def test_self_test_names_the_failing_step_and_exits_non_zero(
    qapp,  # type: ignore[no-untyped-def]
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> None:
    from desktop_app.services import demo

    def broken(*args: object, **kwargs: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(demo, "load_demo", broken)
    assert run_self_test(qapp, isolate_settings=False) == 1
    assert "self-test FAILED: demo business: OSError: disk full" in capsys.readouterr().err


def test_exit_after_show_reports_the_first_paint(qtbot, capsys: pytest.CaptureFixture[str]) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QApplication, QLabel

    label = QLabel("start-up timing")
    qtbot.addWidget(label)
    watcher = quit_after_first_paint(QApplication.instance(), label)
    label.show()
    qtbot.waitUntil(lambda: watcher.seen)  # type: ignore[attr-defined]
    qtbot.wait(20)  # the report runs right after the paint
    line = capsys.readouterr().err.strip().splitlines()[-1]
    assert line.startswith("first-paint ")
    assert float(line.split()[1]) > 1_000_000_000  # a wall-clock time, comparable across processes
