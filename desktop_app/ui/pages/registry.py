"""The pages of the sidebar, in order. A page module is imported when the page is first shown."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class PageEntry:
    key: str
    title: str
    icon: str  # name of an SVG in resources/icons/pages
    module: str
    cls: str
    needs_data: bool = False  # hidden from the sidebar while the database is empty
    hide_with_data: bool = False  # hidden from the sidebar once the database holds data


PAGES: list[PageEntry] = [
    PageEntry(
        "home", "Home", "home", "desktop_app.ui.pages.welcome", "WelcomePage", hide_with_data=True
    ),
    PageEntry(
        "dashboard",
        "Dashboard",
        "dashboard",
        "desktop_app.ui.pages.dashboard",
        "DashboardPage",
        True,
    ),
    PageEntry("reports", "Reports", "reports", "desktop_app.ui.pages.reports", "ReportsPage", True),
    PageEntry(
        "attribution",
        "Attribution",
        "attribution",
        "desktop_app.ui.pages.attribution",
        "AttributionPage",
        True,
    ),
    PageEntry(
        "conversions",
        "Conversions",
        "conversions",
        "desktop_app.ui.pages.conversions",
        "ConversionsPage",
    ),
    PageEntry("goals", "Goals", "goals", "desktop_app.ui.pages.goals", "GoalsPage"),
    PageEntry(
        "campaigns", "Campaigns", "campaigns", "desktop_app.ui.pages.campaigns", "CampaignsPage"
    ),
    PageEntry("import", "Import", "import", "desktop_app.ui.pages.import_page", "ImportPage"),
    PageEntry("health", "Health", "health", "desktop_app.ui.pages.health", "HealthPage", True),
    PageEntry("settings", "Settings", "settings", "desktop_app.ui.pages.settings", "SettingsPage"),
]
