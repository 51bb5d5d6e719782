"""Settings: the business (name, currency, time zone, privacy), exchange rates, and channels."""

from __future__ import annotations

from PySide6.QtWidgets import QTabWidget

from desktop_app.ui.pages.base import Page
from desktop_app.ui.settings.business_tab import BusinessTab
from desktop_app.ui.settings.channels_tab import ChannelsTab
from desktop_app.ui.settings.rates_tab import RatesTab
from desktop_app.ui.shell.context import AppContext
from desktop_app.ui.widgets.lazy_tab import LazyTab


class SettingsPage(Page):
    key = "settings"
    title = "Settings"
    icon = "settings"
    subtitle = "Your business, currencies and channels. Every change can be undone (Ctrl+Z)."

    def __init__(self, ctx: AppContext) -> None:
        super().__init__(ctx)
        self.tabs = QTabWidget()
        self.tabs.setDocumentMode(True)
        self.body.addWidget(self.tabs, 1)
        # The tabs not shown are built when first opened (see widgets/lazy_tab.py).
        self.business = BusinessTab(ctx)
        self.tabs.addTab(self.business, "Business")
        has_db = lambda: ctx.db is not None  # noqa: E731
        self.rates_tab = LazyTab(lambda: RatesTab(ctx), has_db)
        self.tabs.addTab(self.rates_tab, "Exchange rates")
        self.channels_tab = LazyTab(lambda: ChannelsTab(ctx), has_db)
        self.tabs.addTab(self.channels_tab, "Channels")

    @property
    def rates(self) -> RatesTab:
        return self.rates_tab.content()

    @property
    def channels(self) -> ChannelsTab:
        return self.channels_tab.content()

    def show_records(self, mapping: str = "") -> None:
        """The Health page's way in for tags that land in Unassigned: the Channels tab, with
        the source/medium typed in, waiting for its channel."""
        self.refresh()
        self.tabs.setCurrentWidget(self.channels_tab)
        self.channels.alias_edit.setText(mapping)
        combo = self.channels.alias_channel
        combo.setPlaceholderText("Choose its channel")
        combo.setCurrentIndex(-1)  # no guess: Map does nothing until a channel is chosen
        combo.setFocus()

    def refresh(self) -> None:
        if self.ctx.db is None:
            return
        self.business.refresh()
        for tab in (self.rates_tab, self.channels_tab):
            if tab.built:
                tab.content().refresh()
