from django.urls import include, path

from . import urls_aid

app_name = "vta"

urlpatterns: list = [
    # The State aid, the envelopes and the volunteers' missions (issue 16, vta-aid).
    path("", include(urls_aid)),
]
