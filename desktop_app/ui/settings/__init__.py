"""The tabs of the Settings page: the business (name, currency, zone, privacy), channels (names,
flags, merges, source mappings) and exchange rates. Every change goes through the undo stack."""
