"""Reusable widgets: the record table with paste support, the date-range picker, KPI cards, chart
views, the dashboard's lists, form fields and the UTM link builder. None of them opens the
database; the page that holds one gives it what to show."""
