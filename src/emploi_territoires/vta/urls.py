from django.urls import include, path

from . import urls_aid, views_eligibility

app_name = "vta"

urlpatterns: list = [
    # Eligibility before writing a VTA offer, and the exports of VTA offers (issue 16, vta-eligibility).
    path("eligibilite/", views_eligibility.eligibility, name="eligibility"),
    # The State aid, the envelopes and the volunteers' missions (issue 16, vta-aid).
    path("", include(urls_aid)),
]
