"""The figures' definitions are written once (domain/definitions.py): the README says exactly
what the app's Help page and tooltips say."""

from __future__ import annotations

from pathlib import Path

from desktop_app.domain.definitions import DEFINITIONS, definition, markdown
from desktop_app.reports.rows import JSON_KEYS


def _words(text: str) -> str:
    return " ".join(text.split())


def test_the_readme_lists_exactly_the_apps_definitions() -> None:
    readme = (Path(__file__).parents[2] / "README.md").read_text(encoding="utf-8")
    section = readme.split("What the figures mean:\n", 1)[1].split("\n### ", 1)[0]
    assert _words(section) == _words(markdown())


def test_every_ratio_and_profit_figure_is_defined() -> None:
    for key in ("spend", "value", "ctr", "conversion_rate", "cpa", "roas", "roi",
                "gross_profit", "profit_roi", "break_even_roas"):  # fmt: skip
        assert key in JSON_KEYS
        text = definition(key)
        assert text and "**" not in text and "`" not in text, key
    assert definition("break_even_roas") == (
        "Break-even ROAS = value ÷ gross profit (for one goal, 1 ÷ margin): the ROAS at which "
        "the ads just pay for themselves; at a 35 % margin that is 2.86×."
    )
    assert round(1 / 0.35, 2) == 2.86  # the example's figure
    assert len({d.key for d in DEFINITIONS}) == len(DEFINITIONS)
