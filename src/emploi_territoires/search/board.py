"""The public job board (/offres/) and the public offer page (/offres/<reference>/).

Public pages: no login. The board is one GET form whose URL is the search (bookmarkable, and the
same query string gives the RSS/Atom feed and the API call); everything goes through
`search.offers.search_offers`. Bad parameters never raise: the filter is left out and a French
message says why. With HTMX, changing a filter swaps only the results region (same view, partial
template) and pushes the URL.

The offer page shows published offers only: drafts and submitted offers are 404 here (their
authors use the editor's pages), and so are filled, expired and archived ones.
"""

from __future__ import annotations

import math

from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils.cache import patch_vary_headers
from django.views.decorators.http import require_safe

from emploi_territoires.offers import jsonld
from emploi_territoires.offers.models import (
    ContractType,
    Offer,
    OfferStatus,
    PublicCategory,
    PublicServiceBranch,
    Remote,
)
from emploi_territoires.search.offers import (
    COUNT_CAP,
    MAX_BROWSABLE,
    PAGE_SIZE,
    PROGRAMME_LABELS,
    Employer,
    OfferSearchResult,
    SearchProgramme,
    Sort,
    search_offers,
    widen_search,
)
from emploi_territoires.search.params import ParsedSearch, parse_search, query_string
from emploi_territoires.search.similar import similar_offers
from emploi_territoires.territories.forms import commune_label
from emploi_territoires.territories.models import EPCI, Departement, Region

RESULTS_TARGET = "board-results"
SINCE_CHOICES = [(1, "Depuis 24 heures"), (3, "Depuis 3 jours"), (7, "Depuis 7 jours"), (30, "Depuis 30 jours")]
RADIUS_CHOICES = [5, 10, 20, 30, 50, 100]
SALARY_CHOICES = [25_000, 30_000, 35_000, 40_000, 50_000, 60_000]


# --- permission-checked fetch -----------------------------------------------------------------


def get_published_offer(reference: str) -> Offer:
    """The published offer with this reference, or 404 (whatever else exists under it)."""
    offer = (
        Offer.objects.select_related("organisation", "commune", "commune__departement", "commune__region", "occupation")
        .filter(reference=reference, status=OfferStatus.PUBLISHED)
        .first()
    )
    if offer is None:
        raise Http404("Cette offre n'existe pas ou n'est plus publiée.")
    return offer


# --- the board ----------------------------------------------------------------------------------


def _pages(result: OfferSearchResult, page: int) -> list[int | str]:
    paginator = Paginator(range(result.browsable_total), PAGE_SIZE)
    return list(paginator.get_elided_page_range(page, on_each_side=2, on_ends=1))


def _summary(parsed: ParsedSearch) -> str:
    """A short French description of the search, for the page title and the feeds."""
    params = parsed.params
    parts = []
    if params.text:
        parts.append(f"« {params.text} »")
    if params.contract_types:
        parts.append(", ".join(ContractType(c).label for c in params.contract_types))
    if params.commune is not None:
        where = params.commune.name
        parts.append(f"à {params.radius_km} km de {where}" if params.radius_km else f"à {where}")
    if params.epci:
        parts.append(_epci_name(params.epci))
    if params.programme:
        parts.append(PROGRAMME_LABELS[SearchProgramme(params.programme)])
    if params.public_categories:
        parts.append("catégorie " + ", ".join(params.public_categories))
    if params.branches:
        parts.append(", ".join(PublicServiceBranch(b).label.lower() for b in params.branches))
    if params.contractuels:
        parts.append("ouvert aux contractuels")
    return " — ".join(parts)


def _epci_name(siren: str) -> str:
    return EPCI.objects.filter(pk=siren).values_list("name", flat=True).first() or f"EPCI {siren}"


def board_context(request: HttpRequest) -> dict[str, object]:
    parsed = parse_search(request.GET)
    params = parsed.params
    result = search_offers(params)
    page_count = max(1, math.ceil(result.browsable_total / PAGE_SIZE))
    page = min(parsed.page, page_count)
    suggestions = []
    if not result.hits and result.total == 0 and query_string(params):
        suggestions = [(s, f"?{query_string(s.params)}") for s in widen_search(params)]
    base_query = query_string(params)
    return {
        "parsed": parsed,
        "params": params,
        "errors": parsed.errors,
        "result": result,
        "page": page,
        "page_count": page_count,
        "pages": _pages(result, page) if page_count > 1 else [],
        "page_query": f"{base_query}&" if base_query else "",
        "query": base_query,
        "summary": _summary(parsed),
        "suggestions": suggestions,
        "count_cap": COUNT_CAP,
        "max_browsable": MAX_BROWSABLE,
        "commune_value": commune_label(params.commune) if params.commune else request.GET.get("commune", ""),
        "epci_name": _epci_name(params.epci) if params.epci else "",
        "rss_url": reverse("offers:feed_rss") + (f"?{base_query}" if base_query else ""),
        "atom_url": reverse("offers:feed_atom") + (f"?{base_query}" if base_query else ""),
        # What was asked ("" = the natural order: relevance with a text, else date or distance).
        "sort": params.sort,
        "active_filter_count": _active_filter_count(params),
    }


def _active_filter_count(params) -> int:
    """How many filters behind « Filtrer » are set (the text and the commune are always shown)."""
    return sum(
        bool(value)
        for value in (
            params.radius_km,
            params.contract_types,
            params.public_categories,
            params.branches,
            params.contractuels,
            params.programme,
            params.region,
            params.epci,
            params.departement,
            params.remote,
            params.salary_min,
            params.published_since_days,
            params.employer,
            params.sort,
        )
    )


def _form_choices() -> dict[str, object]:
    return {
        "contract_choices": ContractType.choices,
        "category_choices": [(c.value, c.value) for c in PublicCategory],
        "branch_choices": [
            (PublicServiceBranch.TERRITORIALE.value, "Territoriale"),
            (PublicServiceBranch.ETAT.value, "État"),
            (PublicServiceBranch.HOSPITALIERE.value, "Hospitalière"),
        ],
        "programme_choices": [(p.value, PROGRAMME_LABELS[p]) for p in SearchProgramme],
        "region_choices": list(Region.objects.order_by("name").values_list("code", "name")),
        "departement_choices": list(Departement.objects.order_by("code").values_list("code", "name")),
        "remote_choices": [(Remote.PARTIAL.value, "Au moins partiel"), (Remote.FULL.value, "Complet")],
        "employer_choices": [(Employer.PUBLIC.value, "Employeur public"), (Employer.PRIVATE.value, "Employeur privé")],
        "sort_choices": [
            (Sort.RELEVANCE.value, "Pertinence"),
            (Sort.DATE.value, "Date de publication"),
            (Sort.DISTANCE.value, "Distance"),
        ],
        "since_choices": SINCE_CHOICES,
        "radius_choices": RADIUS_CHOICES,
        "salary_choices": SALARY_CHOICES,
    }


@require_safe
def board(request: HttpRequest) -> HttpResponse:
    context = board_context(request)
    htmx = getattr(request, "htmx", None)
    partial = bool(htmx) and htmx.target == RESULTS_TARGET and not htmx.history_restore_request
    if partial:
        response = render(request, "offers/board/results.html", context)
    else:
        summary = context["summary"]
        context |= _form_choices()
        context |= {
            "title": f"Offres d'emploi : {summary}" if summary else "Offres d'emploi",
            "breadcrumb_data": {"current": "Offres d'emploi"},
        }
        response = render(request, "offers/board/board.html", context)
    # The same URL answers a page or a fragment: caches must keep them apart.
    patch_vary_headers(response, ["HX-Request", "HX-Target"])
    return response


# --- the offer page -----------------------------------------------------------------------------


@require_safe
def detail(request: HttpRequest, reference: str) -> HttpResponse:
    offer = get_published_offer(reference)
    url = request.build_absolute_uri(offer.get_absolute_url())
    return render(
        request,
        "offers/board/detail.html",
        {
            "title": offer.title,
            "offer": offer,
            "similar": similar_offers(offer),
            "jsonld": jsonld.script_content(jsonld.job_posting(offer, url)),
            "breadcrumb_data": {
                "links": [{"url": reverse("offers:board"), "title": "Offres d'emploi"}],
                "current": offer.title,
            },
        },
    )
