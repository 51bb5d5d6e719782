"""Undo steps: every change a user makes goes on the one undo stack (Edit > Undo, Ctrl+Z) as one
of these commands. `base.py` holds the two shapes (a change already written, whose undo puts the
exact rows back; a pair of functions, for changes the store makes in one call), both with the
same handling of a step that can no longer be undone; `imports.py` runs imports' steps in the
background; the other modules build the steps of one kind of record each."""
