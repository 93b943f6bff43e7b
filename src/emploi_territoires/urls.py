from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path

from emploi_territoires.api import api
from emploi_territoires.offers import urls as offers_urls
from emploi_territoires.search.sitemaps import SITEMAPS
from emploi_territoires.territories import urls as territories_urls

# The territory diagnostics are their own app, above the domain apps they read (docs/architecture.md),
# but keep their place under territoires/diagnostic/ and their names in the "territories" namespace.
# The public side of the offers (board, offer page, map, feeds) sits with the search it reads
# (search/urls_board.py, docs/architecture.md) but keeps its /offres/ paths and "offers" names.
offers_patterns = [*offers_urls.urlpatterns, path("", include("emploi_territoires.search.urls_board"))]
territories_patterns = [
    *territories_urls.urlpatterns,
    path("diagnostic/", include("emploi_territoires.diagnostics.urls")),
]

urlpatterns = [
    path("", include("emploi_territoires.core.urls")),
    path("comptes/", include("emploi_territoires.accounts.urls")),
    path("territoires/", include((territories_patterns, territories_urls.app_name))),
    path("offres/", include((offers_patterns, offers_urls.app_name))),
    path("candidats/", include("emploi_territoires.applications.urls")),
    path("job-datings/", include("emploi_territoires.jobdating.urls")),
    path("mentorat/", include("emploi_territoires.mentoring.urls")),
    path("evaluation/", include("emploi_territoires.evaluation.urls")),
    path("besoins/", include("emploi_territoires.needs.urls")),
    path("plans/", include("emploi_territoires.plans.urls")),
    path("accompagnement/", include("emploi_territoires.followup.urls")),
    path("vta/", include("emploi_territoires.vta.urls")),
    path("api/v1/", api.urls),
    path("admin/", admin.site.urls),
    path("sitemap.xml", sitemap_views.index, {"sitemaps": SITEMAPS}, name="sitemap_index"),
    path(
        "sitemap-<section>.xml",
        sitemap_views.sitemap,
        {"sitemaps": SITEMAPS},
        name="django.contrib.sitemaps.views.sitemap",
    ),
]

# French error pages in the site's layout (core/views.py).
handler400 = "emploi_territoires.core.views.bad_request"
handler403 = "emploi_territoires.core.views.permission_denied"
handler404 = "emploi_territoires.core.views.page_not_found"
handler500 = "emploi_territoires.core.views.server_error"
