"""Access to core pages (home, legal pages), the sitemaps and the API root pages."""

from tests.security.matrix import PUBLIC, Access

ACCESS = {
    "core:home": Access(get=PUBLIC),
    "core:accessibility": Access(get=PUBLIC),
    "core:legal_notice": Access(get=PUBLIC),
    "core:personal_data": Access(get=PUBLIC),
    "sitemap_index": Access(get=PUBLIC),
    "django.contrib.sitemaps.views.sitemap": Access(get=PUBLIC, kwargs=lambda w: {"section": "offres"}),
}
