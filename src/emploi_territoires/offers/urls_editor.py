"""Editor URLs (views_editor.py), under /offres/espace/ in the "offers" namespace."""

from django.urls import path

from . import views_editor as views

urlpatterns = [
    path("", views.offer_list, name="mine"),
    path("nouvelle/", views.offer_create, name="create"),
    path("a-relire/", views.review_list, name="review_list"),
    path("export.csv", views.export_csv, name="export_csv"),
    path("export.xlsx", views.export_xlsx, name="export_xlsx"),
    path("metiers/", views.occupation_options, name="occupation_options"),
    path("<str:reference>/", views.offer_detail, name="editor_detail"),
    path("<str:reference>/modifier/", views.offer_edit, name="edit"),
    path("<str:reference>/etat/", views.offer_transition, name="transition"),
    path("<str:reference>/publier/", views.offer_publish, name="publish"),
    path("<str:reference>/apercu/", views.offer_preview, name="preview"),
    path("<str:reference>/dupliquer/", views.offer_duplicate, name="duplicate"),
]
