"""Plain-Python core (no I/O, no Qt): money, time, channels, metrics, formatting, the model
dataclasses, and reading what a person types into a form or on the command line."""
