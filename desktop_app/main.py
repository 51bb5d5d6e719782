"""Entry point: the GUI without a sub-command, the command line with one."""

from __future__ import annotations

import sys


def main(argv: list[str] | None = None) -> int:
    arguments = sys.argv[1:] if argv is None else list(argv)
    if arguments == ["--version"]:  # what scripts ask most: no parser to build for it
        from desktop_app import __version__

        print(f"conversion-tracker {__version__}")
        return 0
    from desktop_app.cli import parse_command_line, run_command

    args = parse_command_line(arguments)
    if getattr(args, "command", None):
        return run_command(args)
    from desktop_app.ui.shell.app import run_gui

    return run_gui(db_path=args.db, self_test=getattr(args, "self_test", False))


def gui_main() -> int:
    """Entry for launchers (no console window on Windows/macOS)."""
    return main()
