"""Work that joins the store to the domain without a Qt window: the demo business, checking a
conversion typed into the form (conversion_entry), and the data the report and attribution pages
show (report_data, attribution_data)."""
