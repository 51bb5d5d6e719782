"""The attribution model the report pages credit channels with, shared and remembered between runs."""

from __future__ import annotations

from PySide6.QtCore import QObject, QSettings, Signal

from desktop_app.domain.attribution_models import MODEL_LABELS as MODEL_LABELS

_KEY = "reports/model"
_OWN = "own"  # stored for "the conversion's own channel" (no model)


class ReportModel(QObject):
    """`model` is a key of MODEL_LABELS, or None for each conversion's own recorded channel.

    The Reports page's credit chooser and the Attribution page's "Use this model in reports"
    both set it; `changed(model)` tells the other one.
    """

    changed = Signal(object)  # str | None

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        stored = str(QSettings().value(_KEY, _OWN))
        self.model: str | None = stored if stored in MODEL_LABELS else None

    def set_model(self, model: str | None) -> None:
        if model is not None and model not in MODEL_LABELS:
            raise ValueError(f"unknown attribution model {model!r}")
        if model == self.model:
            return
        self.model = model
        QSettings().setValue(_KEY, model or _OWN)
        self.changed.emit(model)
