from django.contrib import admin
from django.urls import include, path

from emploi_territoires.api import api

urlpatterns = [
    path("", include("emploi_territoires.core.urls")),
    path("comptes/", include("emploi_territoires.accounts.urls")),
    path("territoires/", include("emploi_territoires.territories.urls")),
    path("offres/", include("emploi_territoires.offers.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
]
