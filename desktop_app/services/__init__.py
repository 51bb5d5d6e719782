"""Services that do not fit one engine: the demo business, privacy, health."""
