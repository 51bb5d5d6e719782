"""Spend rows: cost per campaign and day or period, summed when the file is finer (keywords, ads)."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from decimal import Decimal
from functools import partial

from desktop_app.domain.channels import is_campaign_placeholder
from desktop_app.domain.form_values import MAX_COUNT, MAX_PLATFORM_CONVERSIONS
from desktop_app.domain.money import MAX_MINOR, max_amount
from desktop_app.importing.context import ImportContext
from desktop_app.importing.kinds.base import KindWriter, RowProblem
from desktop_app.importing.plan import ImportPlan
from desktop_app.importing.presets import GOOGLE_ADS_CAMPAIGN_TYPES
from desktop_app.importing.readers import Cell
from desktop_app.importing.wording import plural

_COLUMNS = (
    "cost_minor", "currency", "original_cost_minor", "original_currency", "impressions", "clicks",
    "platform_conversions", "platform_value_minor", "original_platform_value_minor",
)  # fmt: skip


@dataclass
class _Total:
    name: str  # the first spelling seen
    channel: str
    first_row: int
    explicit: bool = False  # the file or its platform says the channel
    cost_minor: int = 0
    currencies: set[str] = field(default_factory=set)  # of the amounts that are not 0
    named: set[str] = field(default_factory=set)  # every currency the rows name
    original_minor: int = 0
    impressions: int = 0
    clicks: int = 0
    conversions: Decimal = Decimal(0)
    value_minor: int = 0
    original_value_minor: int = 0
    rows: list[int] = field(default_factory=list)  # the file's rows summed into this record


def _channel_of(ctx: ImportContext, name: str) -> int:
    return ctx.resolver.channel_id(ctx.channel_name(name)) or ctx.resolver.unassigned_id()


class SpendWriter(KindWriter):
    """Collects totals per (campaign, period) and writes them at the end (spend files are small)."""

    def __init__(self, plan: ImportPlan, ctx: ImportContext) -> None:
        super().__init__(plan, ctx)
        self.totals: dict[tuple[str, date, date], _Total] = {}
        preset = self.plan.preset
        self.platform = preset.platform if preset else ""
        self.preset_channel = preset.default_channel if preset else ""
        self.default_channel = self.preset_channel or "Unassigned"
        # (campaign, start, end) -> the first rejected row of it: such a record is not stored.
        self.broken: dict[tuple[str, date, date], int] = {}
        self.blank_costs = 0  # rows whose cost was blank or NA

    def add(self, row: int, cells: list[Cell]) -> None:
        before = len(self.ctx.problems)
        super().add(row, cells)
        if len(self.ctx.problems) > before:  # rejected: its record cannot be summed whole
            key = self._key_of(row, cells)
            if key is not None:
                self.broken.setdefault(key, row)

    def _key_of(self, row: int, cells: list[Cell]) -> tuple[str, date, date] | None:
        """The record a rejected row belongs to, when its name and period can still be read."""
        try:
            name = self.text(row, cells, "campaign") or self.text(row, cells, "channel")
            start, end = self._period(row, cells)
        except RowProblem:
            return None
        return (name.strip().lower(), start, end) if name else None

    def add_row(self, row: int, cells: list[Cell]) -> None:
        campaign = self.text(row, cells, "campaign")
        channel = self.text(row, cells, "channel")
        index = self.idx.get("campaign")
        written = cells[index] if index is not None and index < len(cells) else None
        written = written.strip() if isinstance(written, str) else ""
        if is_campaign_placeholder(campaign) or (not campaign and is_campaign_placeholder(written)):
            shown = campaign or written
            raise RowProblem(
                "campaign",
                shown,
                f"'{str(shown).strip()}' is a placeholder (GA4's, or an export's), not a campaign "
                "name; spend is recorded for a named campaign",
            )
        if not campaign and not channel:
            raise RowProblem(
                "campaign" if self.has("campaign") else "channel",
                "",
                "the campaign name is missing; fill it in or leave the row out",
            )
        start, end = self._period(row, cells)
        currency = self.currency_column(row, cells)
        cost = self.money(row, cells, "cost", start, currency)
        if cost is None:
            self.blank_costs += 1
            self.ctx.counts.blank_costs += 1
            if self.plan.options.blank_cost != "zero":
                raise RowProblem(
                    "cost",
                    self.raw(row, cells, "cost") or "",
                    "the cost is missing (blank or NA); write 0 if nothing was spent",
                )
            cost = self.ctx.no_amount(currency, start)
        if cost[0] < 0:
            raise RowProblem("cost", self.raw(row, cells, "cost"), "a cost cannot be negative")
        impressions = self._count(row, cells, "impressions")
        clicks = self._count(row, cells, "clicks")
        conv = self.number(row, cells, "platform_conversions")
        if conv is not None:
            written = self.raw(row, cells, "platform_conversions")
            if not conv[0].is_finite() or conv[0] < 0:
                raise RowProblem("platform_conversions", written, "is negative or not a number")
            if conv[0] > MAX_PLATFORM_CONVERSIONS:
                raise RowProblem(
                    "platform_conversions",
                    written,
                    f"is more than {MAX_PLATFORM_CONVERSIONS:,} conversions for one row; check "
                    "the column",
                )
        value = self.money(row, cells, "platform_value", start, currency)
        if not channel:
            kind = self.text(row, cells, "campaign_type").lower()
            channel = GOOGLE_ADS_CAMPAIGN_TYPES.get(kind, "") if kind else ""
        name = campaign or channel
        key = (name.strip().lower(), start, end)
        total = self.totals.get(key)
        if total is None:
            # The file's channel column, a Google Ads campaign type or the platform of the
            # report make the campaign's channel explicit; without them it is learned later.
            explicit = bool(channel) or bool(self.preset_channel)
            total = self.totals[key] = _Total(
                name.strip(), channel or self.default_channel, row, explicit=explicit
            )
        total.cost_minor += cost[0]
        if cost[2]:
            total.currencies.add(cost[1])
        total.named.add(cost[1])
        total.original_minor += cost[2]
        total.impressions += impressions
        total.clicks += clicks
        total.conversions += conv[0] if conv else Decimal(0)
        total.value_minor += value[0] if value else 0
        total.original_value_minor += value[2] if value else 0
        if value and value[2]:
            total.currencies.add(value[1])
        total.rows.append(row)

    def _count(self, row: int, cells: list[Cell], field: str) -> int:
        parsed = self.number(row, cells, field)
        if parsed is None:
            return 0
        count = parsed[0]
        if not count.is_finite() or count != count.to_integral_value() or count < 0:
            raise RowProblem(field, self.raw(row, cells, field), "is not a whole number")
        if count > MAX_COUNT:  # a phone number or an id read as a count? SQLite's limit is 9e18
            raise RowProblem(
                field,
                self.raw(row, cells, field),
                f"is more than {MAX_COUNT:,} for one row; check the column",
            )
        return int(count)

    def _period(self, row: int, cells: list[Cell]) -> tuple[date, date]:
        if self.has("date") and self.raw(row, cells, "date") is not None:
            day = self.when(row, cells, "date", "the date").day
            return day, day
        if self.has("period_start"):
            start = self.when(row, cells, "period_start", "the first day").day
            end = (
                self.when(row, cells, "period_end", "the last day").day
                if self.has("period_end")
                else start
            )
            if end < start:
                raise RowProblem(
                    "period_end", self.raw(row, cells, "period_end"), "ends before it starts"
                )
            return start, end
        if self.plan.period:
            if self.plan.period[0] > self.ctx.today:
                raise RowProblem(
                    "period",
                    self.plan.period[0].isoformat(),
                    f"is after today ({self.ctx.today.isoformat()}): the period starts in the "
                    "future; spend is imported once it was spent",
                )
            return self.plan.period
        raise RowProblem("date", "", "the date is missing; fill it in or give the period")

    def finish(self) -> None:
        ctx = self.ctx
        summed = records = 0
        for key, total in self.totals.items():
            _, start, end = key
            if key in self.broken:
                self._reject_whole(total, start, end, self.broken[key])
                continue
            if len(total.currencies) > 1:
                self._reject_mixed(total, start, end)
                continue
            if max(total.cost_minor, total.value_minor) > MAX_MINOR:
                self._reject_all(
                    total, f"its rows add up to more than {max_amount(ctx.base or 'EUR'):,} in "
                    "the business's currency for one campaign and period; check the cost column",
                )  # fmt: skip
                continue
            summed, records = summed + len(total.rows), records + 1
            campaign_id, _ = ctx.campaign(
                total.name,
                partial(_channel_of, ctx, total.channel),
                self.platform,
                explicit=total.explicit,
            )
            # The record keeps its sums as the file wrote them and is priced once, the way a
            # changed rate re-prices it later (exchange.reprice).
            only = total.currencies or (total.named if len(total.named) == 1 else set())
            original_currency = next(iter(only), "") or ctx.base
            original, original_value = total.original_minor, total.original_value_minor
            cost = ctx.to_base(original, original_currency, start)
            value = ctx.to_base(original_value, original_currency, start)
            values = (
                cost, ctx.base or original_currency, original, original_currency,
                total.impressions, total.clicks, float(total.conversions), value, original_value,
            )  # fmt: skip
            ctx.show(
                {"row": total.first_row, "campaign": total.name, "period_start": start.isoformat(),
                 "period_end": end.isoformat(), "rows": len(total.rows), **dict(zip(_COLUMNS, values, strict=True))}
            )  # fmt: skip
            existing = ctx.db.execute(
                f"SELECT id, {', '.join(_COLUMNS)}, batch_id, origin FROM spend"
                " WHERE campaign_id = ? AND period_start = ? AND period_end = ?",
                [campaign_id, start.isoformat(), end.isoformat()],
            ).fetchone()
            if existing is None:
                ctx.db.execute(
                    f"INSERT INTO spend (campaign_id, period_start, period_end, {', '.join(_COLUMNS)},"
                    " origin, batch_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'import', ?)",
                    [campaign_id, start.isoformat(), end.isoformat(), *values, ctx.batch_id],
                )
                ctx.counts.inserted += 1
            elif tuple(existing[1 : len(_COLUMNS) + 1]) == values:
                ctx.counts.duplicates += 1
            else:
                old = dict(zip((*_COLUMNS, "batch_id", "origin"), existing[1:], strict=True))
                ctx.record_update("spend", existing[0], old)
                sets = ", ".join(f"{c} = ?" for c in _COLUMNS)
                ctx.db.execute(
                    f"UPDATE spend SET {sets}, batch_id = ?, origin = 'import' WHERE id = ?",
                    [*values, ctx.batch_id, existing[0]],
                )
                ctx.counts.updated += 1
        if self.blank_costs:
            rows = plural(self.blank_costs, "row")
            ctx.notes.append(
                f"{rows} had no cost (blank or NA) and were read as 0."
                if self.plan.options.blank_cost == "zero"
                else f"{rows} had no cost (blank or NA) and were refused with their records; "
                "--blank-cost zero reads a missing cost as 0 (with --again for a file imported "
                "before)."
            )
        if summed > records:  # say how the rows read add up to the records stored
            per = "day" if all(k[1] == k[2] for k in self.totals) else "period"
            ctx.explained.append(
                f"{plural(summed, 'row')} were summed into {plural(records, 'spend record')} "
                f"(one per campaign and {per})"
            )

    def _reject_all(self, total: _Total, reason: str) -> None:
        field = "campaign" if self.has("campaign") else "channel"
        column = self.headers.get(self.idx[field], field)
        for row in total.rows:
            self.ctx.reject(row, column, total.name, f"campaign {total.name}: {reason}")

    def _reject_mixed(self, total: _Total, start: date, end: date) -> None:
        """A record has one currency: rows of one campaign and period in several are refused
        (summing them would lose what each amount was, and a changed rate could not re-price it)."""
        period = start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
        field = "campaign" if self.has("campaign") else "channel"
        column = self.headers.get(self.idx[field], field)
        codes = ", ".join(sorted(total.currencies))
        for row in total.rows:
            self.ctx.reject(
                row,
                column,
                total.name,
                f"campaign {total.name}, period {period}, has amounts in several currencies "
                f"({codes}); a spend record has one currency, so convert them to one in the file "
                "or import each currency's rows for their own campaign",
            )

    def _reject_whole(self, total: _Total, start: date, end: date, bad_row: int) -> None:
        """Never a partial sum: every row of a record with a rejected row is rejected with it."""
        period = start.isoformat() if start == end else f"{start.isoformat()} to {end.isoformat()}"
        field = "campaign" if self.has("campaign") else "channel"
        column = self.headers.get(self.idx[field], field)
        for row in total.rows:
            self.ctx.reject(
                row,
                column,
                total.name,
                f"part of campaign {total.name}, period {period}, which could not be stored "
                f"whole because row {bad_row} was rejected",
            )
