from django.urls import include, path

from . import urls_aid, views_eligibility, views_exports

app_name = "vta"

urlpatterns: list = [
    # Eligibility before writing a VTA offer, and the exports of VTA offers (issue 16, vta-eligibility).
    path("eligibilite/", views_eligibility.eligibility, name="eligibility"),
    path("offres.json", views_exports.offers_json, name="offers_json"),
    path("offres.csv", views_exports.offers_csv, name="offers_csv"),
    # The State aid, the envelopes and the volunteers' missions (issue 16, vta-aid).
    path("", include(urls_aid)),
]
