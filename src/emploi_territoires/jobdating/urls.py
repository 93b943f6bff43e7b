"""Job-dating URLs (/job-datings/...), assembled from the two parts of the module (each owned by one file)."""

from django.urls import include, path

app_name = "jobdating"
urlpatterns = [
    # Events, registrations, wishes, screening, the schedule's computation, import/export (views_events.py).
    path("", include("emploi_territoires.jobdating.urls_events")),
    # Agendas, the day itself, outcomes, ratings and figures.
    path("", include("emploi_territoires.jobdating.urls_day")),
]
