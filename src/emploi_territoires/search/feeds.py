"""Feeds: RSS and Atom for any board search, the VTA feed, and the aggregator XML feed.

RSS/Atom take the board's query string (same names, same parser, bad filters left out) and list
the FEED_SIZE most recent matching offers through `search_offers`. The aggregator feed is the
XML format job aggregators ingest (Indeed-style `<source>` of `<job>`), covering every
published offer: it is streamed in batches so 1M offers never sit in memory at once.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from email.utils import format_datetime
from xml.sax.saxutils import escape as xml_escape

from django.contrib.syndication.views import Feed
from django.http import HttpRequest, StreamingHttpResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.feedgenerator import Atom1Feed
from django.views.decorators.http import require_safe

from emploi_territoires.core.templatetags.core_tags import thousands
from emploi_territoires.core.text import xml_safe
from emploi_territoires.offers.jsonld import description_html
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus
from emploi_territoires.search.models import OfferDocument
from emploi_territoires.search.offers import OfferHit, OfferSearchParams, Sort, search_offers
from emploi_territoires.search.params import parse_search, query_string
from emploi_territoires.territories.models import Region

FEED_SIZE = 50
AGGREGATOR_BATCH = 1000
PUBLISHER = "Emploi Territoires"


def salary_text(salary_min: int | None, salary_max: int | None) -> str:
    if salary_min and salary_max and salary_min != salary_max:
        return f"{thousands(salary_min)} € à {thousands(salary_max)} € brut par an"
    if salary_min or salary_max:
        return f"{thousands(salary_min or salary_max)} € brut par an"
    return ""


class BoardFeed(Feed):
    """RSS 2.0 of a board search: /offres/flux/offres.rss?q=...&commune=...&radius=..."""

    description_template = None

    def _get_dynamic_attr(self, attname, obj, default=None):
        # Every text the feed writes passes here: text stored with a control character (pasted
        # from Word before the services cleaned it) must not make the feed answer 500 for everyone.
        value = super()._get_dynamic_attr(attname, obj, default)
        if isinstance(value, str):
            return xml_safe(value)
        if isinstance(value, list | tuple):
            return [xml_safe(item) if isinstance(item, str) else item for item in value]
        return value

    def get_object(self, request: HttpRequest, *args, **kwargs) -> OfferSearchParams:
        self.request = request
        parsed = parse_search(request.GET, with_paging=False)
        return self.adjust(replace(parsed.params, sort=Sort.DATE, offset=0, limit=FEED_SIZE))

    def adjust(self, params: OfferSearchParams) -> OfferSearchParams:
        return params

    def title(self, params: OfferSearchParams) -> str:
        return f"{PUBLISHER} — offres d'emploi" + (f" : {params.text}" if params.text else "")

    def link(self, params: OfferSearchParams) -> str:
        query = query_string(params)
        return reverse("offers:board") + (f"?{query}" if query else "")

    def description(self, params: OfferSearchParams) -> str:
        return "Les offres d'emploi les plus récentes correspondant à cette recherche."

    def items(self, params: OfferSearchParams) -> list[OfferHit]:
        return search_offers(params).hits

    def item_title(self, hit: OfferHit) -> str:
        return f"{hit.title} — {hit.employer_name} ({hit.commune_name})"

    def item_description(self, hit: OfferHit) -> str:
        parts = [hit.contract_label, f"{hit.commune_name} ({hit.departement})", hit.employer_name]
        salary = salary_text(hit.salary_min, hit.salary_max)
        if salary:
            parts.append(salary)
        return " · ".join(parts)

    def item_link(self, hit: OfferHit) -> str:
        return hit.get_absolute_url()

    def item_guid(self, hit: OfferHit) -> str:
        return self.request.build_absolute_uri(hit.get_absolute_url())

    item_guid_is_permalink = True

    def item_pubdate(self, hit: OfferHit):
        return hit.published_at

    def item_updateddate(self, hit: OfferHit):
        return hit.published_at

    def item_categories(self, hit: OfferHit) -> list[str]:
        return [hit.contract_label, *(label for _, label in hit.programme_badges)]


class BoardAtomFeed(BoardFeed):
    feed_type = Atom1Feed

    def subtitle(self, params: OfferSearchParams) -> str:
        return self.description(params)


class VtaFeed(BoardFeed):
    """Volontariat territorial en administration only (other filters still apply)."""

    def adjust(self, params: OfferSearchParams) -> OfferSearchParams:
        return replace(params, contract_types=(ContractType.VTA.value,))

    def title(self, params: OfferSearchParams) -> str:
        return f"{PUBLISHER} — volontariat territorial en administration (VTA)"

    def description(self, params: OfferSearchParams) -> str:
        return "Les missions de VTA les plus récentes : 12 à 18 mois auprès d'une collectivité rurale."


# --- aggregator XML -------------------------------------------------------------------------------

JOBTYPES = {
    ContractType.CDI: "fulltime",
    ContractType.CIVIL_SERVANT: "fulltime",
    ContractType.CDD: "temporary",
    ContractType.CONTRACTUAL: "contract",
    ContractType.PROJECT: "contract",
    ContractType.VTA: "temporary",
    ContractType.APPRENTICESHIP: "apprenticeship",
    ContractType.INTERNSHIP: "internship",
}


def cdata(text: str) -> str:
    """A CDATA section holding `text` whatever it contains ("]]>" is split across two sections)."""
    clean = xml_safe(text or "")
    return "<![CDATA[" + clean.replace("]]>", "]]]]><![CDATA[>") + "]]>"


def _element(name: str, value: str, *, as_cdata: bool = False) -> str:
    body = cdata(value) if as_cdata else xml_escape(xml_safe(value or ""))
    return f"<{name}>{body}</{name}>"


def aggregator_lines(base_url: str) -> Iterator[str]:
    """The XML document, piece by piece: the published offers in batches (keyset pagination)."""
    now = timezone.now()
    yield '<?xml version="1.0" encoding="utf-8"?>\n<source>\n'
    yield _element("publisher", PUBLISHER) + "\n"
    yield _element("publisherurl", base_url + reverse("offers:board")) + "\n"
    yield _element("lastBuildDate", format_datetime(now)) + "\n"
    last_id = 0
    today = timezone.localdate()
    regions = dict(Region.objects.values_list("code", "name"))
    while True:
        documents = list(
            OfferDocument.objects.filter(offer_id__gt=last_id)
            .exclude(closing_date__lt=today)
            .order_by("offer_id")
            .values(
                "offer_id",
                "reference",
                "title",
                "employer_name",
                "commune_name",
                "postcode",
                "region",
                "contract_type",
                "salary_min",
                "salary_max",
                "published_at",
            )[:AGGREGATOR_BATCH]
        )
        if not documents:
            break
        last_id = documents[-1]["offer_id"]
        offers = Offer.objects.filter(pk__in=[d["offer_id"] for d in documents], status=OfferStatus.PUBLISHED).only(
            "pk", "title", "missions", "profile", "benefits", "territory_presentation"
        )
        texts = {o.pk: description_html(o) for o in offers}
        for d in documents:
            if d["offer_id"] not in texts:
                continue
            url = base_url + reverse("offers:detail", args=[d["reference"]])
            yield "".join(
                [
                    "<job>",
                    _element("title", d["title"], as_cdata=True),
                    _element("date", format_datetime(d["published_at"])),
                    _element("referencenumber", d["reference"], as_cdata=True),
                    _element("url", url, as_cdata=True),
                    _element("company", d["employer_name"], as_cdata=True),
                    _element("city", d["commune_name"], as_cdata=True),
                    _element("state", regions.get(d["region"], ""), as_cdata=True),
                    _element("country", "FR"),
                    _element("postalcode", d["postcode"]),
                    _element("description", texts[d["offer_id"]], as_cdata=True),
                    _element("salary", salary_text(d["salary_min"], d["salary_max"]), as_cdata=True),
                    _element("jobtype", JOBTYPES.get(d["contract_type"], "other")),
                    "</job>\n",
                ]
            )
    yield "</source>\n"


@require_safe
def aggregator_xml(request: HttpRequest) -> StreamingHttpResponse:
    base_url = request.build_absolute_uri("/").rstrip("/")
    response = StreamingHttpResponse(aggregator_lines(base_url), content_type="application/xml; charset=utf-8")
    response["Cache-Control"] = "public, max-age=900"
    return response
