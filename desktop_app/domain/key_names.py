"""The keys `goals set` and `campaigns set` accept (PRODUCT.md), apart from their readers
(domain/key_values.py): the command line's help names them, and `--help` should not load what
reading a value needs (dataclasses, time zones, decimals: about 35 ms of every start)."""

GOAL_KEYS = ("name", "category", "level", "value", "currency", "counting", "lookback_days",
             "target_per_month", "target_cpa", "margin", "google_ads_name", "meta_name",
             "microsoft_name", "archived")  # fmt: skip
CAMPAIGN_KEYS = ("name", "channel", "goal", "platform", "start", "end", "budget",
                 "budget_period", "utm_source", "utm_medium", "utm_campaign", "archived")  # fmt: skip
