"""The command line: the same services as the GUI, no questions asked, JSON on request."""

from __future__ import annotations

import argparse
import contextlib
import importlib
import itertools
import sys
from typing import NoReturn

from desktop_app import __version__
from desktop_app.domain.attribution_models import MODEL_NAMES

MODELS = MODEL_NAMES

# sub-command -> module in this package that has `run(args) -> int`
_COMMANDS = {
    "demo": "demo_cmd",
    "settings": "settings_cmd",
    "import": "import_cmd",
    "batches": "import_cmd",
    "undo-import": "import_cmd",
    "report": "report_cmd",
    "attribution": "attribution_cmd",
    "export": "export_cmd",
    "health": "health_cmd",
    "rates": "rates_cmd",
    "goals": "entities_cmd",
    "campaigns": "entities_cmd",
    "channels": "entities_cmd",
    "backup": "backup_cmd",
    "backups": "backup_cmd",
    "restore": "backup_cmd",
    "erase": "privacy_cmd",
    "purge": "privacy_cmd",
}


def _db_option(p: argparse.ArgumentParser, nested: bool = True) -> None:
    # `--db` may stand before or after the command; a sub-command's own default would reset the
    # value given before it to None (and so open the default database), hence SUPPRESS there.
    p.add_argument(
        "--db",
        metavar="PATH",
        help="database file (default: the one in your data folder)",
        default=argparse.SUPPRESS if nested else None,
    )


def _text_json_option(p: argparse.ArgumentParser, nested: bool = False) -> None:
    p.add_argument(
        "--format",
        choices=("table", "text", "json"),
        help="table (or text) for people, json for scripts",
        default=argparse.SUPPRESS if nested else "table",
    )


def _range_options(p: argparse.ArgumentParser) -> None:
    p.add_argument("--from", dest="date_from", metavar="DATE", help="first day, YYYY-MM-DD")
    p.add_argument("--to", dest="date_to", metavar="DATE", help="last day (inclusive), YYYY-MM-DD")


class _Parser(argparse.ArgumentParser):
    """argparse that keeps the JSON promise: a usage error under `--format json` also prints
    `{"error": ...}` on standard output (sub-commands are built with this class too)."""

    wants_json = False  # set from the raw command line before parsing

    def error(self, message: str) -> NoReturn:
        if _Parser.wants_json:
            from desktop_app.cli.common import print_json

            print_json({"error": f"{self.prog}: {message}"})
        super().error(message)


def _wants_json(argv: list[str]) -> bool:
    return "--format=json" in argv or any(
        a == "--format" and b == "json" for a, b in itertools.pairwise(argv)
    )


def parse_command_line(argv: list[str]) -> argparse.Namespace:
    _Parser.wants_json = _wants_json(argv)
    return build_parser().parse_args(argv)


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="conversion-tracker",
        description="Conversion Tracker: which channels bring leads and sales. "
        "Without a command it opens the app.",
    )
    parser.add_argument("--version", action="version", version=f"conversion-tracker {__version__}")
    _db_option(parser, nested=False)
    parser.add_argument(
        "--self-test",
        action="store_true",
        help="open the window on a temporary database, load the demo, write a report, and exit",
    )
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    p = sub.add_parser(
        "demo",
        help="fill the separate demo database (or --db PATH) with a realistic demo business",
        description="Without --db, (re)creates the separate demo database (demo.db in your data "
        "folder) and prints its path; your own database is never touched. With --db, fills that "
        "file, which must hold no goal, campaign, spend, conversion or touchpoint.",
    )
    p.add_argument(
        "--db",
        metavar="PATH",
        default=argparse.SUPPRESS,
        help="fill this database instead of the separate demo database",
    )
    p.add_argument("--seed", type=int, default=7, help="random seed (same seed, same business)")

    p = sub.add_parser("settings", help="show or change the business settings")
    _db_option(p)
    p.add_argument(
        "assignments",
        nargs="*",
        metavar="KEY=VALUE",
        help="name, currency, timezone, country, keep_contacts, retention_months",
    )
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("import", help="import a spreadsheet (conversions, spend or touchpoints)")
    p.add_argument("file", metavar="FILE")
    _db_option(p)
    p.add_argument("--kind", choices=("conversions", "spend", "touchpoints"))
    p.add_argument("--preset", metavar="NAME")
    p.add_argument("--sheet", metavar="NAME")
    p.add_argument(
        "--map",
        action="append",
        default=[],
        metavar='"Header=field"',
        help="map a column to a field (repeatable)",
    )
    p.add_argument("--date-order", choices=("dmy", "mdy", "ymd"))
    p.add_argument("--period", metavar="FROM:TO", help="dates of a spend file that has none")
    p.add_argument("--goal", metavar="NAME", help="goal for conversion rows that do not name one")
    p.add_argument(
        "--blank-cost",
        choices=("reject", "zero"),
        default="reject",
        help="a blank or NA cost: refuse its record (default) or read it as 0",
    )
    p.add_argument(
        "--again",
        action="store_true",
        help="import a file whose exact bytes were imported before (adds no duplicates)",
    )
    p.add_argument("--dry-run", action="store_true", help="check everything, store nothing")
    p.add_argument("--format", choices=("text", "json"), default="text")

    p = sub.add_parser("batches", help="list import batches")
    _db_option(p)
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("undo-import", help="remove exactly what one import batch added")
    p.add_argument("batch", type=int, metavar="BATCH")
    _db_option(p)

    p = sub.add_parser("report", help="ROI summary per channel, campaign or goal")
    _db_option(p)
    _range_options(p)
    p.add_argument("--by", choices=("channel", "campaign", "goal"), default="channel")
    p.add_argument("--model", choices=MODELS, help="credit conversions under an attribution model")
    p.add_argument("--goal", metavar="NAME")
    p.add_argument(
        "--compare",
        choices=("previous", "year"),
        help="also give the period just before, or the same dates a year earlier",
    )
    p.add_argument("--all", action="store_true", help="keep all-zero rows in the text table")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    p = sub.add_parser(
        "attribution", help="credited conversions and value per channel, every model"
    )
    src = p.add_mutually_exclusive_group()
    src.add_argument("--db", metavar="PATH", default=argparse.SUPPRESS, help="database file")
    src.add_argument("--paths", metavar="FILE", help="a path table instead of the database")
    _range_options(p)
    p.add_argument("--goal", metavar="NAME")
    p.add_argument("--format", choices=("table", "csv", "json"), default="table")

    from desktop_app.cli import parsers

    parsers.add_rates(sub, _db_option, _text_json_option)
    parsers.add_entities(sub, _db_option, _text_json_option)
    parsers.add_backups(sub, _db_option)
    parsers.add_privacy(sub, _db_option)

    p = sub.add_parser("health", help="check the tracking for common mistakes")
    _db_option(p)
    p.add_argument("--from", dest="date_from", metavar="DATE",
                   help="count records from this day on (YYYY-MM-DD)")  # fmt: skip
    p.add_argument("--to", dest="date_to", metavar="DATE",
                   help="check as of this day (default: today)")  # fmt: skip
    p.add_argument("--all", action="store_true", help="also list findings dismissed in the app")
    p.add_argument("--format", choices=("table", "json"), default="table")

    p = sub.add_parser("export", help="write the Excel report or an ad-platform upload file")
    p.add_argument(
        "target",
        choices=(
            "xlsx",
            "google-ads",
            "google-ads-ecl",
            "google-ads-adjustments",
            "meta",
            "microsoft",
        ),
    )
    p.add_argument("out", metavar="OUT")
    _db_option(p)
    _range_options(p)
    p.add_argument("--goal", metavar="NAME")
    p.add_argument("--again", action="store_true",
                   help="upload files: send again what an earlier export already sent")  # fmt: skip
    p.add_argument("--format", choices=("text", "json"), default="text")
    return parser


def run_command(args: argparse.Namespace) -> int:
    # Imported here, not at the top: `--version` and `--help` need neither (start-up time).
    import sqlite3

    from desktop_app.cli.common import CliError, fail, flush_output, output_closed

    module = importlib.import_module(f"desktop_app.cli.{_COMMANDS[args.command]}")
    try:
        status = int(module.run(args))
        flush_output()
        return status
    except BrokenPipeError:  # standard output closed early (`... | head`): no traceback
        return output_closed()
    except CliError as exc:
        if getattr(args, "format", None) == "json":
            from desktop_app.cli.common import print_json

            print_json({**exc.known, "error": str(exc)})
        return fail(str(exc), exc.status)
    except KeyboardInterrupt:
        print("Interrupted; nothing was changed by the unfinished step.", file=sys.stderr)
        return 130
    except (sqlite3.Error, OSError) as exc:  # a database or disk fault: a sentence, never a trace
        from desktop_app.cli.common import db_file
        from desktop_app.store.faults import explain

        path = db_file(args)
        message = explain(exc, path)
        if message is None:
            if isinstance(exc, OSError):
                message = f"{exc.filename or 'A file'} could not be read or written: {exc.strerror or exc}."
            else:
                message = (
                    f"The database {path.name} reported a problem: {exc}. Nothing was changed."
                )
        if getattr(args, "format", None) == "json":
            from desktop_app.cli.common import print_json

            with contextlib.suppress(OSError):
                print_json({"error": message})
        return fail(message, 2)
