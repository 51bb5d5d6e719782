"""Attribution models on journeys small enough to check by hand (the arithmetic is in comments)."""

from __future__ import annotations

from datetime import date
from decimal import Decimal

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from sqlite_utils import Database

from desktop_app.attribution import rules
from desktop_app.attribution.compare import compare_journeys
from desktop_app.attribution.credit import attributed_credit, journeys_for
from desktop_app.attribution.credit_types import ModelCredit, apportion
from desktop_app.attribution.journeys import Journeys, Path, journeys_from_paths
from desktop_app.attribution.markov import markov, removal_effects, transition_counts
from desktop_app.attribution.paths import unique_paths

RULES = ("last_touch", "last_non_direct", "first_touch", "linear", "position_based")


def by_name(j: Journeys, credit: ModelCredit) -> dict[str, tuple[str, int]]:
    """Channel name -> (conversions as text, value units), for readable assertions."""
    return {
        j.channel_names[code]: (str(conv), value)
        for code, (conv, value) in sorted(credit.by_channel().items())
    }


def run(j: Journeys, model: str) -> dict[str, tuple[str, int]]:
    if model == "markov":
        return by_name(j, markov(j, bootstrap_rounds=0).credit)
    return by_name(j, getattr(rules, model)(j))


def test_one_touch_gets_everything_under_every_model() -> None:
    j = journeys_from_paths([Path(["Email"], value=5000, ages=[0.5])])
    for model in (*RULES, "time_decay", "markov"):
        assert run(j, model) == {"Email": ("1.000000", 5000)}, model


def test_two_touches() -> None:
    # Paid Search 10 days before, Email 3 days before a conversion worth 10.00 (1000 cents)
    j = journeys_from_paths([Path(["Paid Search", "Email"], value=1000, ages=[10, 3])])
    assert run(j, "last_touch") == {"Email": ("1.000000", 1000)}
    assert run(j, "last_non_direct") == {"Email": ("1.000000", 1000)}
    assert run(j, "first_touch") == {"Paid Search": ("1.000000", 1000)}
    # linear and position-based: 1/2 each -> 0.5 conversions and 500 cents
    half = {"Paid Search": ("0.500000", 500), "Email": ("0.500000", 500)}
    assert run(j, "linear") == half
    assert run(j, "position_based") == half
    # time decay, half-life 7: Paid Search is 7 days older than Email -> weight 1/2 against 1,
    # shares 0.5/1.5 = 1/3 and 2/3; 1000 cents -> 333.33 and 666.67, rounded to 333 and 667;
    # conversions 0.3333333.. and 0.6666666.. -> 0.333333 and 0.666667 (sum exactly 1)
    assert run(j, "time_decay") == {
        "Paid Search": ("0.333333", 333),
        "Email": ("0.666667", 667),
    }
    # a shorter half-life favours the recent touch more: 2^-(7/3.5) = 1/4 -> 1/5 and 4/5
    short = by_name(j, rules.time_decay(j, half_life_days=3.5))
    assert short == {"Paid Search": ("0.200000", 200), "Email": ("0.800000", 800)}


def test_repeated_channel() -> None:
    # Email, Email, Paid Search; value 900
    j = journeys_from_paths([Path(["Email", "Email", "Paid Search"], value=900)])
    # linear: 1/3 per touch -> Email 2/3 (600), Paid Search 1/3 (300)
    assert run(j, "linear") == {"Email": ("0.666667", 600), "Paid Search": ("0.333333", 300)}
    # position-based: first 40% (Email) + middle 20% (Email) = 60% -> 540; last 40% -> 360
    assert run(j, "position_based") == {
        "Email": ("0.600000", 540),
        "Paid Search": ("0.400000", 360),
    }
    assert run(j, "first_touch") == {"Email": ("1.000000", 900)}
    assert run(j, "last_touch") == {"Paid Search": ("1.000000", 900)}
    # Markov collapses the repeat: start -> Email -> Paid Search -> conversion with probability 1;
    # removing either channel leaves probability 0, so both removal effects are 1: 50/50
    assert run(j, "markov") == {"Email": ("0.500000", 450), "Paid Search": ("0.500000", 450)}


def test_direct_in_the_middle_and_direct_only() -> None:
    j = journeys_from_paths(
        [Path(["Paid Social", "Direct", "Email", "Direct"], value=1000), Path(["Direct"], value=70)]
    )
    # journey 1: last touch Direct; last non-direct Email; first Paid Social
    # journey 2 has only Direct, so Direct keeps it under last non-direct too
    assert run(j, "last_touch") == {"Direct": ("2.000000", 1070)}
    assert run(j, "last_non_direct") == {"Email": ("1.000000", 1000), "Direct": ("1.000000", 70)}
    assert run(j, "first_touch") == {"Paid Social": ("1.000000", 1000), "Direct": ("1.000000", 70)}
    # position-based, 4 touches: 40% Paid Social, 10% Direct, 10% Email, 40% Direct
    # -> Paid Social 0.4 (400), Email 0.1 (100), Direct 0.5 + 1 = 1.5 (500 + 70 = 570)
    assert run(j, "position_based") == {
        "Paid Social": ("0.400000", 400),
        "Direct": ("1.500000", 570),
        "Email": ("0.100000", 100),
    }


def test_campaign_credit_within_a_channel() -> None:
    # two Paid Search touches on campaigns 11 and 12, then Email without a campaign; value 600
    j = journeys_from_paths(
        [Path(["Paid Search", "Paid Search", "Email"], value=600, campaigns=[11, 12, None])]
    )
    credit = rules.linear(j).credit
    named = {(j.channel_names[c], j.campaign_ids[k]): v for (c, k), v in credit.items()}
    # linear: 1/3 each -> 200 cents per touch; 0.333333 x 3 leaves one millionth, which goes to
    # the first of the equal remainders (Paid Search, the first channel seen, campaign 11)
    assert named == {
        ("Paid Search", 11): (Decimal("0.333334"), 200),
        ("Paid Search", 12): (Decimal("0.333333"), 200),
        ("Email", None): (Decimal("0.333333"), 200),
    }


def test_markov_removal_effects_on_a_tiny_chain() -> None:
    # journeys: A > B converts (value 300), A ends without conversion, B converts (value 600)
    j = journeys_from_paths(
        [Path(["A", "B"], value=300), Path(["A"], conversions=0, nulls=1), Path(["B"], value=600)]
    )
    # transitions: start->A 2, start->B 1; A->B 1, A->null 1; B->conversion 2
    # P(conv) = P(start->A) P(A->B) P(B->conv) + P(start->B) P(B->conv) = 2/3*1/2*1 + 1/3*1 = 2/3
    # without A: only start->B->conv is left: 1/3; removal effect (2/3 - 1/3) / (2/3) = 1/2
    # without B: nothing reaches conversion: 0; removal effect (2/3 - 0) / (2/3) = 1
    counts = transition_counts(unique_paths(j), 2)
    p, effects = removal_effects(counts, np.array([0, 1]))
    assert abs(p - 2 / 3) < 1e-12
    assert np.allclose(effects, [0.5, 1.0])
    # shares 0.5/1.5 = 1/3 and 1/1.5 = 2/3 of 2 conversions and 900 cents
    assert run(j, "markov") == {"A": ("0.666667", 300), "B": ("1.333333", 600)}


def test_markov_with_a_loop_is_solved_exactly() -> None:
    # A > B > A converts; B ends without conversion.
    # start->A 1, start->B 1; A->B 1, A->conv 1; B->A 1, B->null 1
    # x_A = 1/2 x_B + 1/2, x_B = 1/2 x_A  ->  x_A = 1/4 x_A + 1/2 -> x_A = 2/3, x_B = 1/3
    # P(conv) = 1/2 x_A + 1/2 x_B = 1/2. Without A: x_B = 0 -> 0, effect 1.
    # Without B: x_A = 1/2 -> P = 1/2 * 1/2 = 1/4, effect (1/2 - 1/4) / (1/2) = 1/2
    j = journeys_from_paths([Path(["A", "B", "A"]), Path(["B"], conversions=0, nulls=1)])
    counts = transition_counts(unique_paths(j), 2)
    p, effects = removal_effects(counts, np.array([0, 1]))
    assert abs(p - 0.5) < 1e-12
    assert np.allclose(effects, [1.0, 0.5])


def test_conversion_without_touchpoints_keeps_its_own_channel() -> None:
    j = journeys_from_paths([Path(["Email"], value=100), Path(["Phone"], value=250, own=True)])
    for model in (*RULES, "markov"):
        assert run(j, model) == {"Email": ("1.000000", 100), "Phone": ("1.000000", 250)}, model


def test_apportion_keeps_the_total_and_leaves_zero_shares_alone() -> None:
    # 100 split 1:1:1 -> 33.33 each; the one unit left goes to the first of the equal remainders
    assert apportion(np.array([1.0, 1.0, 1.0, 0.0]), 100).tolist() == [34, 33, 33, 0]
    assert apportion(np.array([0.0, 2.0]), 7).tolist() == [0, 7]


def test_thin_data_warns_about_markov() -> None:
    j = journeys_from_paths([Path(["A", "B"], ages=[2, 0]), Path(["B"], ages=[0])])
    result = compare_journeys(j, bootstrap_rounds=5)
    assert not result.markov_reliable
    assert "fewer than 400" in result.warnings[0]
    assert result.confidence["markov"].conversions == 2
    assert result.confidence["linear"].paths == 2
    assert result.path_lengths == {1: 1, 2: 1}


channels = st.sampled_from(["A", "B", "C", "Direct"])
paths = st.lists(
    st.builds(
        lambda chans, conv, nulls, value, gaps: Path(
            chans,
            conversions=conv,
            nulls=nulls if conv or nulls else 1,
            value=value if conv else 0,
            ages=list(np.cumsum(gaps[: len(chans)])[::-1]),
        ),
        st.lists(channels, min_size=1, max_size=6),
        st.integers(0, 3),
        st.integers(0, 3),
        st.integers(0, 10**7),
        st.lists(st.floats(0, 60), min_size=6, max_size=6),
    ),
    min_size=1,
    max_size=30,
)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(paths)
def test_every_model_conserves_conversions_and_value(generated: list[Path]) -> None:
    # "Z" is a known channel that no journey uses; it must never get credit
    j = journeys_from_paths(generated, channel_order=["Z"])
    result = compare_journeys(j, bootstrap_rounds=3)
    total_conv = sum(p.conversions for p in generated)
    total_value = sum(p.value for p in generated)
    converting_channels = {c for p in generated if p.conversions for c in p.channels}
    for name, credit in result.models.items():
        per_channel = credit.by_channel()
        assert sum(c for c, _ in per_channel.values()) == total_conv, name
        assert sum(v for _, v in per_channel.values()) == total_value, name
        for code, (conv, value) in per_channel.items():
            assert conv >= 0 and value >= 0, name
            assert j.channel_names[code] in converting_channels, name


# --- journeys read from the database (rows inserted with SQL; times are UTC) ---


def _channel(db: Database, name: str) -> int:
    return int(db.execute("SELECT id FROM channels WHERE name = ?", [name]).fetchone()[0])


def _goal(db: Database, name: str, lookback: int = 30, level: str = "macro") -> int:
    db.execute(
        "INSERT INTO goals (name, level, lookback_days) VALUES (?, ?, ?)", [name, level, lookback]
    )
    return int(db.execute("SELECT id FROM goals WHERE name = ?", [name]).fetchone()[0])


def _conversion(
    db: Database,
    goal: int,
    at: str,
    value: int,
    customer: str | None,
    channel: str = "Unassigned",
    status: str = "active",
) -> int:
    cursor = db.execute(
        "INSERT INTO conversions (goal_id, occurred_at, local_date, value_minor, currency,"
        " original_value_minor, original_currency, channel_id, customer_key, status)"
        " VALUES (?, ?, ?, ?, 'EUR', ?, 'EUR', ?, ?, ?)",
        [goal, at, at[:10], value, value, _channel(db, channel), customer, status],
    )
    return int(cursor.lastrowid or 0)


def _touch(
    db: Database, customer: str, at: str, channel: str, conversion: int | None = None
) -> None:
    db.execute(
        "INSERT INTO touchpoints (customer_key, occurred_at, channel_id, conversion_id)"
        " VALUES (?, ?, ?, ?)",
        [customer, at, _channel(db, channel), conversion],
    )


def _journeys(j: Journeys) -> list[tuple[list[str], int, int, bool]]:
    return [
        (
            [j.channel_names[c] for c in j.channel[j.offsets[i] : j.offsets[i + 1]]],
            int(j.conversions[i]),
            int(j.value[i]),
            bool(j.own[i]),
        )
        for i in range(j.n_journeys)
    ]


def test_lookback_cut_off_and_two_conversions_by_one_customer(db: Database) -> None:
    sale = _goal(db, "Sale", lookback=30)
    # customer a: Paid Social 40 days before the sale is outside the 30-day window
    _touch(db, "a", "2024-01-01T10:00:00Z", "Paid Social")
    _touch(db, "a", "2024-02-01T10:00:00Z", "Email")
    _conversion(db, sale, "2024-02-10T12:00:00Z", 5000, "a")
    # customer b converts twice; the touch that records the first sale is its last touch
    _touch(db, "b", "2024-03-01T09:00:00Z", "Paid Search")
    first = _conversion(db, sale, "2024-03-02T12:00:00Z", 1000, "b")
    _touch(db, "b", "2024-03-02T12:00:00Z", "Direct", conversion=first)
    _touch(db, "b", "2024-03-05T09:00:00Z", "Display")
    _conversion(db, sale, "2024-03-06T12:00:00Z", 2000, "b")
    # customer c never converts; d converts without touchpoints; e has no customer key
    _touch(db, "c", "2024-03-03T09:00:00Z", "Organic Search")
    _conversion(db, sale, "2024-03-04T12:00:00Z", 700, "d", channel="Referral")
    _conversion(db, sale, "2024-03-04T13:00:00Z", 300, None, channel="Phone")
    # a cancelled sale and a micro goal's conversion are not looked at
    _conversion(db, sale, "2024-03-03T12:00:00Z", 9999, "c", status="cancelled")
    _conversion(db, _goal(db, "Newsletter", level="micro"), "2024-03-04T10:00:00Z", 0, "b")

    j = journeys_for(db, date(2024, 2, 1), date(2024, 3, 31), None)
    assert j is not None
    assert _journeys(j) == [
        (["Email"], 1, 5000, False),
        (["Paid Search", "Direct"], 1, 1000, False),
        (["Display"], 1, 2000, False),
        (["Organic Search"], 0, 0, False),
        (["Referral"], 1, 700, True),
        (["Phone"], 1, 300, True),
    ]
    # Email was 9 days and 2 hours before its sale: 9 + 2/24 days
    assert j.age_days is not None
    assert abs(j.age_days[0] - (9 + 2 / 24)) < 1e-9
    email, search = _channel(db, "Email"), _channel(db, "Paid Search")
    first_touch = attributed_credit(db, date(2024, 2, 1), date(2024, 3, 31), None, "first_touch")
    assert first_touch[(email, None)] == (Decimal("1.000000"), Decimal(5000))
    assert first_touch[(search, None)] == (Decimal("1.000000"), Decimal(1000))
    # last non-direct: b's first sale goes past Direct to Paid Search
    lnd = attributed_credit(db, date(2024, 2, 1), date(2024, 3, 31), None, "last_non_direct")
    assert lnd[(search, None)] == (Decimal("1.000000"), Decimal(1000))
    assert (_channel(db, "Direct"), None) not in lnd
    # totals: 5 conversions, 5000 + 1000 + 2000 + 700 + 300 = 9000 cents
    assert sum(c for c, _ in lnd.values()) == 5
    assert sum(v for _, v in lnd.values()) == 9000
    # only March: a's sale is out, so Email earns nothing; c's touch is still a null path
    march = journeys_for(db, date(2024, 3, 1), date(2024, 3, 31), None)
    assert march is not None
    assert _journeys(march) == [
        (["Paid Search", "Direct"], 1, 1000, False),
        (["Display"], 1, 2000, False),
        (["Organic Search"], 0, 0, False),
        (["Referral"], 1, 700, True),
        (["Phone"], 1, 300, True),
    ]
