"""Multi-touch attribution: journeys and the models that credit conversions to channels (no Qt)."""
