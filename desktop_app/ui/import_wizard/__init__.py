"""The import wizard: from a chosen or dropped file to an imported, undoable batch."""
