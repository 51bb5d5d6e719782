"""What the Attribution page shows, computed off the GUI thread, and its charts as Figures (no
Qt here: the page puts them on screen)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from decimal import Decimal
from typing import TYPE_CHECKING

from desktop_app.attribution.compare import Comparison
from desktop_app.domain.attribution_models import MODEL_LABELS
from desktop_app.store import Database

if TYPE_CHECKING:
    from matplotlib.figure import Figure


@dataclass(frozen=True, slots=True)
class CreditRow:
    """One channel (or the total): per model, credited conversions and value in the currency."""

    name: str
    color: str | None
    credit: dict[str, tuple[Decimal, Decimal]]
    spread: tuple[float, float] | None = None  # Markov's 95% range of credited conversions
    total: bool = False


def credit_rows(result: Comparison, channel_colors: dict[str, str]) -> list[CreditRow]:
    """Channels by their credit under the default model (then by name), and the total last."""
    per_model = {m: c.by_channel() for m, c in result.models.items()}
    zero = (Decimal(0), 0)
    codes = result.channel_order()
    rows = []
    for code in codes:
        name = result.channel_names[code]
        credit = {}
        for model, by_channel in per_model.items():
            conv, units = by_channel.get(code, zero)
            credit[model] = (conv, result.value_of(units))
        rows.append(
            CreditRow(name, channel_colors.get(name), credit, result.markov_spread.get(code))
        )
    totals = {m: (c.conversions, result.value_of(c.value)) for m, c in result.models.items()}
    rows.append(CreditRow("Total", None, totals, total=True))
    return rows


@dataclass(frozen=True, slots=True)
class AttributionRequest:
    first: date
    last: date
    goal_id: int | None  # None: the macro goals together


@dataclass(frozen=True, slots=True)
class AttributionData:
    request: AttributionRequest
    result: Comparison | None  # None: no conversion of the goal(s) in the range
    rows: list[CreditRow]
    currency: str


def compute_attribution(db: Database, request: AttributionRequest) -> AttributionData:
    """Every model over the range's journeys (runs on a worker thread)."""
    from desktop_app.attribution.credit import compare_models
    from desktop_app.store.channels import channel_colors
    from desktop_app.store.settings import load_settings

    result = compare_models(db, request.first, request.last, request.goal_id)
    rows = credit_rows(result, channel_colors(db)) if result is not None else []
    return AttributionData(request, result, rows, load_settings(db).currency)


def comparison_figure(data: AttributionData, metric: str, *, dark: bool) -> Figure:
    """The models side by side per channel: credited 'conversions' or 'value'."""
    from desktop_app.reports import attribution_charts as ac
    from desktop_app.reports.charts import money_label

    value = metric == "value"
    rows = [r for r in data.rows if not r.total]
    models = [(m, MODEL_LABELS[m]) for m in (data.result.models if data.result else {})]
    credit = {(r.name, m): float(r.credit[m][1 if value else 0]) for r in rows for m, _l in models}
    currency = data.currency
    return ac.model_comparison(
        [r.name for r in rows],
        models,
        credit,
        value_label=(lambda y: money_label(y, currency) if y else "0") if value else None,
        title="Value credited by each model" if value else "Conversions credited by each model",
        dark=dark,
    )


def path_lengths_figure(data: AttributionData, *, dark: bool) -> Figure:
    """Touches per converting journey."""
    from desktop_app.reports import attribution_charts as ac

    return ac.path_lengths(data.result.path_lengths if data.result else {}, dark=dark)


def days_to_conversion_figure(data: AttributionData, *, dark: bool) -> Figure:
    """Days from a converting journey's first touch to the conversion."""
    from desktop_app.reports import attribution_charts as ac

    return ac.time_to_conversion(data.result.days_to_conversion if data.result else [], dark=dark)
