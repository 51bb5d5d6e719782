"""Writers for each kind of import: spend, conversions and touchpoints."""
