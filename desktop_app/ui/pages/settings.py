"""Settings: the business (name, currency, time zone, privacy), exchange rates, and channels."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from desktop_app.ui.pages.base import Page
from desktop_app.ui.settings.business_tab import BusinessTab
from desktop_app.ui.settings.channels_tab import ChannelsTab
from desktop_app.ui.settings.rates_tab import RatesTab
from desktop_app.ui.shell.context import AppContext


class SettingsPage(Page):
    key = "settings"
    title = "Settings"
    icon = "settings"
    subtitle = "Your business, currencies and channels. Every change can be undone (Ctrl+Z)."

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.business = BusinessTab(ctx)
        self.rates = RatesTab(ctx)
        self.channels = ChannelsTab(ctx)
        self.tabs.addTab(self.business, "Business")
        self.tabs.addTab(self.rates, "Exchange rates")
        self.tabs.addTab(self.channels, "Channels")
        self.body.addWidget(self.tabs, 1)

    def show_records(self, mapping: str = "") -> None:
        """The Health page's way in for tags that land in Unassigned: the Channels tab, with
        the source/medium typed in, waiting for its channel."""
        self.refresh()
        self.tabs.setCurrentWidget(self.channels)
        self.channels.alias_edit.setText(mapping)
        combo = self.channels.alias_channel
        combo.setPlaceholderText("Choose its channel")
        combo.setCurrentIndex(-1)  # no guess: Map does nothing until a channel is chosen
        combo.setFocus()

    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        self.business.refresh()
        self.rates.refresh()
        self.channels.refresh()
