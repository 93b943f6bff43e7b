"""URLs of the VTA aid and missions (issue 16), included by `vta/urls.py` under /vta/."""

from django.urls import path

from . import views_aid

urlpatterns = [
    path("aides/", views_aid.aid_list, name="aid_list"),
    path("aides/informer-la-prefecture/", views_aid.aid_notify, name="aid_notify"),
    path("aides/<int:pk>/", views_aid.aid_detail, name="aid_detail"),
    path("aides/<int:pk>/disponible/", views_aid.aid_confirm, name="aid_confirm"),
    path("aides/<int:pk>/non-disponible/", views_aid.aid_unavailable, name="aid_unavailable"),
    path("aides/<int:pk>/demande/", views_aid.aid_file, name="aid_file"),
    path("aides/<int:pk>/decision/", views_aid.aid_decide, name="aid_decide"),
    path("aides/<int:pk>/abandon/", views_aid.aid_withdraw, name="aid_withdraw"),
    path("aides/<int:pk>/charte.pdf", views_aid.aid_charter, name="aid_charter"),
    path("aides/<int:pk>/situation/", views_aid.mission_outcome, name="mission_outcome"),
    path("mes-missions/", views_aid.my_missions, name="my_missions"),
    path("mes-missions/<int:pk>/annuaire/", views_aid.mission_listing, name="mission_listing"),
    path("enveloppes/", views_aid.envelopes, name="envelopes"),
    path(
        "enveloppes/<str:departement>/<int:year>.<str:fmt>",
        views_aid.envelope_export,
        name="envelope_export",
    ),
    path("volontaires/<str:departement>/", views_aid.volunteers, name="volunteers"),
]
