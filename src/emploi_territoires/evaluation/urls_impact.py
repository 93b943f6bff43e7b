from django.urls import path

from . import views_impact

urlpatterns = [
    path("", views_impact.study_list, name="impact_list"),
    path("<int:pk>/", views_impact.study_detail, name="impact_detail"),
    path("<int:pk>/progression/", views_impact.study_status, name="impact_status"),
    path("<int:pk>/graphique.png", views_impact.study_plot, name="impact_plot"),
    path("<int:pk>/resultat.json", views_impact.study_json, name="impact_json"),
    path("<int:pk>/etude.pdf", views_impact.study_pdf, name="impact_pdf"),
    path("<int:pk>/relancer/", views_impact.study_rerun, name="impact_rerun"),
]
