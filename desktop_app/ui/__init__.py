"""The PySide6 desktop app: the only package that imports Qt, and one that never talks SQL.

Laid out by role: `shell/` (the window, start-up, the shared context), `pages/` (one module per
sidebar page), `dialogs/` (forms and questions), `import_wizard/` (a file to an import batch),
`commands/` (undo steps), `models/` (Qt table models), `widgets/` (reusable widgets),
`settings/` (the Settings page's tabs) and `reporting/` (report state the pages share). Beside
them: `seams.py` (every modal question, which tests replace), `workers.py` (background work),
`theme.py`, `locale_numbers.py` (the user's locale) and `folders.py` (remembered folders)."""
