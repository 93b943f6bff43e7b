"""sitemap.xml: every published offer page, plus the board and the territory index.

Served as a sitemap index (/sitemap.xml) pointing to paged sections, since a single sitemap file
holds at most 50,000 URLs and the platform may publish more offers than that.
"""

from __future__ import annotations

from django.contrib.sitemaps import Sitemap
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.search.models import OfferDocument


class OfferSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.8
    limit = 10_000

    def items(self):
        # The projection holds exactly the published offers; offers past their closing date are
        # left out like on the board.
        return (
            OfferDocument.objects.exclude(closing_date__lt=timezone.localdate())
            .order_by("offer_id")
            .values_list("reference", "published_at", named=True)
        )

    def location(self, item) -> str:
        return reverse("offers:detail", args=[item.reference])

    def lastmod(self, item):
        return item.published_at


class PagesSitemap(Sitemap):
    changefreq = "daily"
    priority = 0.5

    def items(self) -> list[str]:
        return ["offers:board", "territories:index", "core:home"]

    def location(self, item: str) -> str:
        return reverse(item)


SITEMAPS = {"offres": OfferSitemap, "pages": PagesSitemap}
