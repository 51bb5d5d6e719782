"""Import engine: read spreadsheets, find the header, map columns, validate, store as one undoable batch."""
