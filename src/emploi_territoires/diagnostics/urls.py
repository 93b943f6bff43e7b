"""Territory diagnostic URLs: under territoires/diagnostic/, in the "territories" namespace (see ../urls.py)."""

from django.urls import path

from . import views

urlpatterns = [
    path("", views.choose, name="diagnostic_choose"),
    path("<str:level>/<str:code>", views.diagnostic, name="diagnostic"),
    path("<str:level>/<str:code>/rapport/", views.report, name="diagnostic_report"),
    path("<str:level>/<str:code>/rapport/etat", views.report_status, name="diagnostic_report_status"),
    path("<str:level>/<str:code>/rapport.pdf", views.report_pdf, name="diagnostic_pdf"),
    path(
        "<str:level>/<str:code>/tableau/<str:table>.<str:fmt>",
        views.export_table,
        name="diagnostic_export",
    ),
]
