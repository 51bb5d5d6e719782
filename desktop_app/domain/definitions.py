"""What each figure means, written once: the app's Help > Metrics page, the tooltips of the
Dashboard's cards and the report columns, and the README's "What the figures mean" (a test
checks that the README says exactly this) all read it from here."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Definition:
    key: str  # the report's figure (rows.JSON_KEYS) or a topic
    term: str  # in bold in the list
    text: str  # what follows the term

    @property
    def markdown(self) -> str:
        return f"- **{self.term}**{self.text}"

    @property
    def plain(self) -> str:
        """The definition as a tooltip says it (no markup)."""
        return f"{self.term}{self.text}".replace("**", "").replace("`", "")


DEFINITIONS: tuple[Definition, ...] = (
    Definition("conversions", "Macro conversions", " are the results you are after (sales, "
               "leads); **micro conversions** are steps toward them (a newsletter sign-up, a "
               "brochure download). \"Conversions\" counts macro goals only."),
    Definition("spend", "Spend", ": what the campaigns cost in the range (an invoice for a "
               "month is shared out by day)."),
    Definition("value", "Value", ": what the conversions were worth."),
    Definition("ctr", "CTR", " (click-through rate) = clicks ÷ impressions: how often people "
               "who saw an ad clicked it."),
    Definition("conversion_rate", "Conversion rate", " = conversions ÷ clicks."),
    Definition("cpa", "CPA", " (cost per acquisition) = spend ÷ conversions: what one sale or "
               "lead cost you."),
    Definition("roas", "ROAS", " (return on ad spend) = value ÷ spend: 3.00× means €3 came back "
               "for every €1 spent."),
    Definition("roi", "ROI", " (return on investment) = (value − spend) ÷ spend: 200 % means "
               "you got your money back and twice as much on top; below 0 % the channel cost "
               "more than it brought."),
    Definition("gross_profit", "Gross profit", " = value × the gross margin of each "
               "conversion's goal (the share left after the cost of the goods or the work): "
               "what the sales earned before marketing."),
    Definition("profit_roi", "Profit ROI", " = (gross profit − spend) ÷ spend: above 0 % the "
               "ads paid for themselves and left money over. Shown only where every conversion "
               "in the row has a margin."),
    Definition("break_even_roas", "Break-even ROAS", " = value ÷ gross profit (for one goal, "
               "1 ÷ margin): the ROAS at which the ads just pay for themselves; at a 35 % margin "
               "that is 2.86×."),
    Definition("platform", "Platform conv.", " and **platform value** are what the ad platform "
               "itself claims; compare them with your own records."),
    Definition("goal_view", "By goal", ": a goal's spend is the spend of the campaigns that "
               "work for it (set a campaign's goal on the Campaigns page or with `campaigns set "
               "NAME goal=...`); spend of campaigns linked to no goal has its own row, \"(spend "
               "not linked to a goal)\", so the rows add up. A goal no campaign works for shows "
               "no CPA, ROAS or ROI rather than a made-up one."),
    Definition("muted", "Muted figures", " rest on fewer than 10 conversions (or 100 clicks for "
               "a rate): too few to compare one channel with another; the tooltip says how "
               "many."),
    Definition("dash", "\"—\"", " means the figure cannot be calculated: nothing to divide by "
               "(no spend for ROAS/ROI, no clicks for the conversion rate, no conversions for "
               "CPA, nothing in the previous period to compare with). It is never shown as 0."),
)  # fmt: skip

_BY_KEY = {d.key: d for d in DEFINITIONS}


def definition(key: str) -> str | None:
    """The plain definition of a figure, for a tooltip (None for a figure without one)."""
    found = _BY_KEY.get(key)
    return found.plain if found else None


def markdown() -> str:
    """The whole list, as the README and the Help page show it."""
    return "\n".join(d.markdown for d in DEFINITIONS)
