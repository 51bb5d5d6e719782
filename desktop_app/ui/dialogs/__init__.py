"""Dialogs: the forms that add or edit a goal, campaign, spend row or conversion, the first-start
questions, the Excel export, restoring a backup and erasing a customer. Each is built and driven
by tests directly (clicking, then reading `result()`), never through `exec()`."""
