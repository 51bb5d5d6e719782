"""A goal's and a campaign's fields follow one set of rules, typed in a form or given to
`goals set` / `campaigns set`: the same text is kept the same way, or refused by both."""

from __future__ import annotations

import pytest

from desktop_app.domain.form_values import check_campaign, check_goal
from desktop_app.domain.key_values import KeyValueError
from desktop_app.domain.money import EN
from desktop_app.store.entity_keys import set_campaign, set_goal

LONG = "x" * 201
GOAL_FORM = {"name": "Purchase", "lookback_days": "30"}


def _form_goal(**fields: str) -> tuple[object | None, dict[str, str]]:
    return check_goal({**GOAL_FORM, **fields}, "EUR", EN)


def _cli_goal(db, name: str, *pairs: str) -> dict[str, object] | str:  # type: ignore[no-untyped-def]
    """The stored goal's columns, or the command's refusal."""
    try:
        stored, _created = set_goal(db, name, list(pairs))
    except KeyValueError as exc:
        return f"refused: {exc}"
    cursor = db.execute("SELECT * FROM goals WHERE name = ?", [stored])
    return dict(zip([d[0] for d in cursor.description], cursor.fetchone(), strict=True))


def _alike(form: tuple[object | None, dict[str, str]], stored, key: str, kept) -> None:  # type: ignore[no-untyped-def]
    """The form and the command both kept `kept` as `key`, or (kept None) both refused it."""
    values, errors = form
    if kept is None:
        assert values is None and key in errors
        assert isinstance(stored, str) and stored.startswith("refused")
    else:
        assert values is not None and getattr(values, key) == kept
        assert isinstance(stored, dict) and stored[key] == kept


@pytest.mark.parametrize(
    ("name", "kept"),
    [
        ("  Spring   sale  ", "Spring   sale"),  # trimmed; inner spaces kept (imports match them)
        ("N" * 200, "N" * 200),  # 200 characters fit
        ("N" * 201, None),  # 201 do not: refused, never cut
        ("   ", None),
    ],
)
def test_a_goal_name_is_kept_or_refused_alike(db, name: str, kept: str | None) -> None:
    _alike(_form_goal(name=name), _cli_goal(db, name), "name", kept)


@pytest.mark.parametrize(
    ("text", "kept"),
    [
        ("  Offline   purchase ", "Offline purchase"),  # as the goal form always kept them
        ("p" * 200, "p" * 200),
        (LONG, None),  # was cut to 200 characters by the command line: a silent change of name
    ],
)
def test_a_platform_name_of_a_goal_is_kept_or_refused_alike(db, text: str, kept) -> None:  # type: ignore[no-untyped-def]
    values, errors = _form_goal(google_ads_name=text)
    stored = _cli_goal(db, "Purchase", f"google_ads_name={text}")
    if kept is None:
        assert values is None and "200 characters" in errors["google_ads_name"]
        assert isinstance(stored, str) and "google_ads_name: at most 200 characters" in stored
    else:
        assert values is not None and values.google_ads_name == kept
        assert isinstance(stored, dict) and stored["google_ads_name"] == kept


@pytest.mark.parametrize(
    ("form", "cli", "kept"),
    [("35", "35%", "0.35"), ("35.5", "0.355", "0.355"), ("100", "1", "1"), ("101", "101%", None)],
)
def test_a_margin_is_the_same_share_either_way(db, form: str, cli: str, kept) -> None:  # type: ignore[no-untyped-def]
    _alike(_form_goal(margin=form), _cli_goal(db, "Purchase", f"margin={cli}"), "margin", kept)


@pytest.mark.parametrize(("target", "ok"), [("1", True), ("1000000000", True), ("0", False),
                                             ("1000000001", False)])  # fmt: skip
def test_a_monthly_target_has_the_same_bounds(db, target: str, ok: bool) -> None:
    values, _errors = _form_goal(target_count=target)
    stored = _cli_goal(db, "Purchase", f"target_per_month={target}")
    assert (values is not None) is ok
    assert isinstance(stored, dict) is ok


@pytest.mark.parametrize("key", ["platform", "utm_source", "utm_medium", "utm_campaign"])
def test_a_campaign_tag_longer_than_fits_is_refused_alike(db, key: str) -> None:
    unassigned = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()[0]
    args = (unassigned, None, None, "EUR", EN, (), (unassigned,))
    values, errors = check_campaign({"name": "Brand", key: LONG}, *args)
    assert values is None and "200 characters" in errors[key]
    with pytest.raises(KeyValueError, match=f"{key}: at most 200 characters"):
        set_campaign(db, "Brand", [f"{key}={LONG}"])
    assert db.execute("SELECT COUNT(*) FROM campaigns").fetchone()[0] == 0
    # Within the limit, both keep the tag as typed, only trimmed (a UTM value is matched as is).
    values, _ = check_campaign({"name": "Brand", key: " spring  sale "}, *args)
    set_campaign(db, "Brand", [f"{key}= spring  sale "])
    stored = db.execute(f"SELECT {key} FROM campaigns WHERE name = 'Brand'").fetchone()[0]
    assert values is not None and getattr(values, key) == stored == "spring  sale"


def test_what_a_record_already_holds_is_kept_though_too_long_to_type_anew(db) -> None:  # type: ignore[no-untyped-def]
    """An import may name a goal or tag a campaign with more than 200 characters: editing
    something else of it, in the form or on the command line, keeps them and works."""
    long_name, long_tag = "G" * 230, "u" * 230
    db.execute("INSERT INTO goals (name, google_ads_name) VALUES (?, ?)", [long_name, long_tag])
    unassigned = db.execute("SELECT id FROM channels WHERE name = 'Unassigned'").fetchone()[0]
    db.execute(
        "INSERT INTO campaigns (name, channel_id, utm_campaign) VALUES ('Brand  Search', ?, ?)",
        [unassigned, long_tag],
    )
    stored_goal = {"name": long_name, "google_ads_name": long_tag}
    values, errors = check_goal(
        {**GOAL_FORM, "name": long_name, "google_ads_name": long_tag, "margin": "30"},
        "EUR", EN, stored=stored_goal,
    )  # fmt: skip
    assert errors == {} and values is not None and values.name == long_name
    assert set_goal(db, long_name, ["margin=30%", f"google_ads_name={long_tag}"]) == (
        long_name,
        False,
    )
    assert db.execute("SELECT margin FROM goals").fetchone()[0] == "0.3"
    # Typed anew (another goal), the same long name is refused.
    assert _form_goal(name="H" * 230)[0] is None
    # The campaign keeps its double space and its long tag when its budget is edited.
    stored = {"name": "Brand  Search", "utm_campaign": long_tag}
    args = (unassigned, None, None, "EUR", EN, (), (unassigned,))
    values, errors = check_campaign(
        {"name": "Brand  Search", "utm_campaign": long_tag, "budget": "500"}, *args,
        stored=stored,
    )  # fmt: skip
    assert errors == {} and values is not None
    assert (values.name, values.utm_campaign) == ("Brand  Search", long_tag)
    set_campaign(db, "Brand  Search", ["budget=500", f"utm_campaign={long_tag}"])
    assert db.execute("SELECT name, budget_minor FROM campaigns").fetchall() == [
        ("Brand  Search", 50000)
    ]
