"""Territory diagnostic URLs, included under territories/ (namespace "territories")."""

from django.urls import path

from . import views_diagnostics

urlpatterns = [
    path("", views_diagnostics.choose, name="diagnostic_choose"),
    path("<str:level>/<str:code>", views_diagnostics.diagnostic, name="diagnostic"),
    path("<str:level>/<str:code>/rapport/", views_diagnostics.report, name="diagnostic_report"),
    path("<str:level>/<str:code>/rapport/etat", views_diagnostics.report_status, name="diagnostic_report_status"),
    path("<str:level>/<str:code>/rapport.pdf", views_diagnostics.report_pdf, name="diagnostic_pdf"),
    path(
        "<str:level>/<str:code>/tableau/<str:table>.<str:fmt>",
        views_diagnostics.export_table,
        name="diagnostic_export",
    ),
]
