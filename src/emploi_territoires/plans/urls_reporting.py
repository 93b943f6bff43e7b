"""Reporting URLs of the action plans (namespace `plans`, mounted at /plans/ by plans/urls.py)."""

from django.urls import path

from . import views_reporting

urlpatterns = [
    path("national/", views_reporting.national_view, name="national"),
    # /plans/national/plans.csv, /plans/national/territoires-sans-action.xlsx (filters in the query string)
    path("national/<slug:what>.<slug:fmt>", views_reporting.national_export, name="national_export"),
    path("<int:pk>/pdf/", views_reporting.plan_pdf, name="plan_pdf"),
    # /plans/12/actions.csv, /plans/12/actions.xlsx
    path("<int:pk>/actions.<slug:fmt>", views_reporting.plan_export, name="plan_export"),
]
