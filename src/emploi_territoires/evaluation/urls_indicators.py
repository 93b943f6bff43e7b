"""Indicators and reports of the partnership (dashboard, report HTML/PDF, CSV/XLSX of every table)."""

from django.urls import path

from . import views_indicators

urlpatterns = [
    path("indicateurs/", views_indicators.dashboard, name="indicators"),
    path("indicateurs/rapport/", views_indicators.report_html, name="indicators_report"),
    path("indicateurs/rapport.pdf", views_indicators.report_pdf, name="indicators_pdf"),
    path("indicateurs/rapport-<slug:table>.<str:fmt>", views_indicators.report_export, name="indicators_export"),
]
