"""Plain-Python core: money, time, channels, metrics and the model dataclasses (no I/O, no Qt)."""
