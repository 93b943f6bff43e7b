from django.urls import include, path

app_name = "evaluation"

urlpatterns = [
    path("", include("emploi_territoires.evaluation.urls_indicators")),
    path("etudes/", include("emploi_territoires.evaluation.urls_impact")),
]
