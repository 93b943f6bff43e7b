"""Territory pages: index, territory search, commune, EPCI, département, région, programme.

Reference data is public: no permission check here. Every page runs a fixed number of queries
whatever the size of the territory (joins and aggregates, never a query per row); the tests pin
those counts. Populations come from `territories.figures` (one definition, with its vintage); the
offers of a territory come from the board's own search (`search.offers.search_offers`, imported
where used: the reference layer does not depend on the offers), and link to the board filtered on
the same territory, so the count on the page is the count on the board.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from typing import Any

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

from .figures import COMMUNE_POPULATION, Population, population, reference_vintage
from .models import (
    EPCI,
    PROGRAMME_FLAG,
    Commune,
    Departement,
    Programme,
    ProgrammeImport,
    ProgrammeMembership,
    Region,
)
from .search import ALL_LEVELS, TerritoryMatch, search_communes, search_territories

PAGE_SIZE = 50
LATEST_OFFERS = 5
SEARCH_LIMIT = 20
SUGGESTION_LIMIT = 8
MIN_QUERY_LENGTH = 2
# Programmes whose official list names EPCI (the others name communes).
EPCI_PROGRAMMES = frozenset({Programme.TI})


@dataclass
class ProgrammeBlock:
    """One programme as shown on a territory page: its memberships and the list they come from."""

    programme: Programme
    memberships: list[ProgrammeMembership] = field(default_factory=list)
    latest_import: ProgrammeImport | None = None
    count: int = 0

    @property
    def vintages(self) -> list[str]:
        return sorted({m.vintage for m in self.memberships if m.vintage})


@dataclass(frozen=True)
class ProgrammeCount:
    programme: Programme
    count: int


@dataclass
class OffersBlock:
    """The published offers of a territory as its page shows them: how many, the latest, the board link."""

    total: int = 0
    capped: bool = False
    latest: list[Any] = field(default_factory=list)
    board_url: str = ""
    map_url: str = ""  # the same offers on the board's map (offers:map)
    scope: str = ""  # « à Clamecy », « dans l'intercommunalité »…
    unavailable: str = ""  # why the board cannot show this territory's offers, when it cannot


# --- helpers -----------------------------------------------------------------------------------


def _offers(scope: str, **filters: Any) -> OffersBlock:
    """The territory's offers through the board's search (two queries at most), and the board's URL.

    `filters` are `OfferSearchParams` fields (commune, epci, departement, region, programme): the
    link carries the same filters, so the board lists exactly these offers.
    """
    from emploi_territoires.search.offers import COUNT_CAP, OfferSearchParams, Sort, search_offers
    from emploi_territoires.search.params import query_string

    params = OfferSearchParams(**filters)
    result = search_offers(OfferSearchParams(**filters, sort=Sort.DATE, limit=LATEST_OFFERS))
    return OffersBlock(
        total=min(result.total, COUNT_CAP),
        capped=result.is_capped,
        latest=result.hits,
        board_url=f"{reverse('offers:board')}?{query_string(params)}",
        map_url=f"{reverse('offers:map')}?{query_string(params)}",
        scope=scope,
    )


def _programme_from_slug(slug: str) -> Programme:
    try:
        return Programme(slug)
    except ValueError:
        raise Http404("Programme inconnu.") from None


def _latest_imports() -> dict[str, ProgrammeImport]:
    """The most recent import of each programme list (a handful of rows: one query)."""
    latest: dict[str, ProgrammeImport] = {}
    for programme_import in ProgrammeImport.objects.order_by("programme", "-imported_at"):
        latest.setdefault(programme_import.programme, programme_import)
    return latest


def _programme_blocks(memberships: QuerySet[ProgrammeMembership]) -> list[ProgrammeBlock]:
    imports = _latest_imports()
    grouped: dict[str, list[ProgrammeMembership]] = defaultdict(list)
    for membership in memberships:
        grouped[membership.programme].append(membership)
    return [
        ProgrammeBlock(programme, grouped[programme], imports.get(programme), len(grouped[programme]))
        for programme in Programme
        if grouped.get(programme)
    ]


def _flag_counts() -> dict[str, Count]:
    """Aggregates counting communes flagged in each programme (keys: the Programme values)."""
    return {programme.value: Count("code", filter=Q(**{flag: True})) for programme, flag in PROGRAMME_FLAG.items()}


def _programme_counts(aggregate: dict[str, int]) -> list[ProgrammeCount]:
    return [ProgrammeCount(p, aggregate.get(p.value) or 0) for p in Programme if aggregate.get(p.value)]


def _paginate(request: HttpRequest, queryset: QuerySet) -> Page:
    # get_page() answers a missing, non-numeric or out-of-range ?page= with a valid page.
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    page.pages_list = list(page.paginator.get_elided_page_range(page.number, on_each_side=2, on_ends=1))  # type: ignore[attr-defined]
    return page


def _breadcrumb(
    current: str,
    region: Region | None = None,
    departement: Departement | None = None,
    epci: EPCI | None = None,
) -> dict[str, object]:
    links = [{"url": reverse("territories:index"), "title": "Territoires"}]
    if region is not None:
        links.append({"url": region.get_absolute_url(), "title": region.name})
    if departement is not None:
        links.append({"url": departement.get_absolute_url(), "title": str(departement)})
    if epci is not None:
        links.append({"url": epci.get_absolute_url(), "title": epci.name})
    return {"links": links, "current": current}


# --- index and search ----------------------------------------------------------------------------


def index(request: HttpRequest) -> HttpResponse:
    regions = Region.objects.annotate(population=Sum("communes__population")).order_by("name")
    member_counts = dict(ProgrammeMembership.objects.values_list("programme").annotate(n=Count("id")).order_by())
    imports = _latest_imports()
    programmes = [
        ProgrammeBlock(p, latest_import=imports.get(p), count=member_counts.get(p.value, 0)) for p in Programme
    ]
    return render(
        request,
        "territories/index.html",
        {
            "title": "Territoires",
            "breadcrumb_data": {"current": "Territoires"},
            "regions": regions,
            "population_source": Population(0, reference_vintage()).source,
            "programmes": programmes,
            "query": "",
        },
    )


def _clean_query(request: HttpRequest) -> tuple[str, str]:
    """The query and, when it cannot be searched, the French message that says why."""
    from .search import MAX_QUERY_LENGTH

    query = request.GET.get("q", "").strip()
    if not query:
        return "", ""
    if len(query) > MAX_QUERY_LENGTH:
        return query[:MAX_QUERY_LENGTH], f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères."
    if len(query) < MIN_QUERY_LENGTH:
        return query, f"Saisissez au moins {MIN_QUERY_LENGTH} caractères du nom ou du code postal."
    return query, ""


def _territory_url(match: TerritoryMatch) -> str:
    if match.level == "programme":
        return reverse("territories:programme", args=[match.code])
    return reverse(f"territories:{match.level}", args=[match.code])


def search(request: HttpRequest) -> HttpResponse:
    """Any territory by name or code (the one territory search); a single match opens its page."""
    query, error = _clean_query(request)
    results = search_territories(query, limit=SEARCH_LIMIT) if query and not error else []
    # A single match: go straight to its page, which is what the search box is for.
    if len(results) == 1:
        return redirect(_territory_url(results[0]))
    return render(
        request,
        "territories/search.html",
        {
            "title": f"Recherche : {query}" if query else "Rechercher un territoire",
            "breadcrumb_data": _breadcrumb("Rechercher un territoire"),
            "query": query,
            "error": error,
            "results": [(m, _territory_url(m)) for m in results],
            "limit": SEARCH_LIMIT,
        },
    )


def suggestions(request: HttpRequest) -> HttpResponse:
    """HTMX partial: the territories matching what is being typed in the search box."""
    query, error = _clean_query(request)
    results = search_territories(query, limit=SUGGESTION_LIMIT) if query and not error else []
    return render(
        request,
        "territories/partials/suggestions.html",
        {"query": query, "error": error, "results": [(m, _territory_url(m)) for m in results]},
    )


def commune_options(request: HttpRequest) -> HttpResponse:
    """HTMX partial: <option> elements for the datalist of a commune form field."""
    query = next((v for k, v in request.GET.items() if v and k != "csrfmiddlewaretoken"), "")
    query = query.strip()[:100]
    results = search_communes(query, limit=SUGGESTION_LIMIT) if len(query) >= MIN_QUERY_LENGTH else []
    return render(request, "territories/partials/commune_options.html", {"results": results})


def territory_options(request: HttpRequest) -> HttpResponse:
    """HTMX partial: <option> elements for a territory field's datalist; ?niveau= (repeatable) restricts the levels."""
    levels = [level for level in request.GET.getlist("niveau") if level in ALL_LEVELS] or ALL_LEVELS
    query = next(
        (v for k, v in request.GET.items() if v and k not in {"niveau", "csrfmiddlewaretoken"}),
        "",
    ).strip()[:100]
    results = search_territories(query, levels, limit=SUGGESTION_LIMIT) if len(query) >= MIN_QUERY_LENGTH else []
    return render(request, "territories/partials/territory_options.html", {"results": results})


# --- territory pages -----------------------------------------------------------------------------


def commune(request: HttpRequest, code: str) -> HttpResponse:
    commune = get_object_or_404(Commune.objects.select_related("departement", "region", "epci"), code=code)
    # TI lists name EPCI: the commune is in a Territoire d'industrie through its EPCI.
    scope = Q(commune=commune)
    if commune.epci_id:
        scope |= Q(epci_id=commune.epci_id)
    memberships = ProgrammeMembership.objects.filter(scope).select_related("epci").order_by("local_name", "local_id")
    return render(
        request,
        "territories/commune.html",
        {
            "title": commune.name,
            "commune": commune,
            "population": Population(commune.population, reference_vintage(), COMMUNE_POPULATION),
            "offers": _offers(f"à {commune.name}", commune=commune),
            "programme_blocks": _programme_blocks(memberships),
            "breadcrumb_data": _breadcrumb(commune.name, commune.region, commune.departement, commune.epci),
        },
    )


def epci(request: HttpRequest, siren: str) -> HttpResponse:
    epci = get_object_or_404(EPCI, siren=siren)
    # An EPCI may straddle départements (and rarely régions): the breadcrumb follows the one
    # holding most of its population.
    departements = list(
        Departement.objects.filter(communes__epci=epci)
        .select_related("region")
        .annotate(epci_population=Sum("communes__population"), epci_communes=Count("communes"))
        .order_by("-epci_population", "code")
    )
    main_departement = departements[0] if departements else None
    aggregate = Commune.objects.filter(epci=epci).aggregate(**_flag_counts())
    page = _paginate(request, epci.communes.order_by("-population", "name"))
    memberships = ProgrammeMembership.objects.filter(epci=epci).select_related("epci").order_by("local_name")
    return render(
        request,
        "territories/epci.html",
        {
            "title": epci.name,
            "epci": epci,
            "population": population("epci", epci.siren),
            "offers": _offers("dans l'intercommunalité", epci=epci.siren),
            "departements": departements,
            "programme_counts": _programme_counts(aggregate),
            "programme_blocks": _programme_blocks(memberships),
            "page": page,
            "breadcrumb_data": _breadcrumb(
                epci.name,
                main_departement.region if main_departement else None,
                main_departement,
            ),
        },
    )


def departement(request: HttpRequest, code: str) -> HttpResponse:
    departement = get_object_or_404(Departement.objects.select_related("region"), code=code)
    aggregate = Commune.objects.filter(departement=departement).aggregate(communes=Count("code"), **_flag_counts())
    epcis = (
        EPCI.objects.filter(communes__departement=departement)
        .annotate(local_population=Sum("communes__population"), local_communes=Count("communes"))
        .order_by("-local_population", "name")
    )
    page = _paginate(request, departement.communes.select_related("epci").order_by("-population", "name"))
    return render(
        request,
        "territories/departement.html",
        {
            "title": str(departement),
            "departement": departement,
            "population": population("departement", departement.code),
            "offers": _offers("dans le département", departement=departement.code),
            "commune_count": aggregate["communes"],
            "programme_counts": _programme_counts(aggregate),
            "epcis": epcis,
            "page": page,
            "breadcrumb_data": _breadcrumb(str(departement), departement.region),
        },
    )


def region(request: HttpRequest, code: str) -> HttpResponse:
    region = get_object_or_404(Region, code=code)
    departements = list(
        region.departements.annotate(population=Sum("communes__population"), commune_count=Count("communes")).order_by(
            "code"
        )
    )
    aggregate = Commune.objects.filter(region=region).aggregate(**_flag_counts())
    return render(
        request,
        "territories/region.html",
        {
            "title": region.name,
            "region": region,
            "departements": departements,
            "population": population("region", region.code),
            "offers": _offers("dans la région", region=region.code),
            "commune_count": sum(d.commune_count for d in departements),
            "programme_counts": _programme_counts(aggregate),
            "breadcrumb_data": _breadcrumb(region.name),
        },
    )


def programme(request: HttpRequest, slug: str) -> HttpResponse:
    programme = _programme_from_slug(slug)
    by_epci = programme in EPCI_PROGRAMMES
    memberships = ProgrammeMembership.objects.filter(programme=programme)
    if by_epci:
        departements = Departement.objects.filter(communes__epci__memberships__programme=programme)
        members = memberships.select_related("epci").order_by("local_name", "epci__name")
    else:
        departements = Departement.objects.filter(communes__memberships__programme=programme)
        members = memberships.select_related("commune__departement").order_by("-commune__population", "local_name")
    departements = list(departements.distinct().order_by("code"))
    totals = memberships.aggregate(members=Count("id"), entities=Count("local_id", distinct=True))

    selected = request.GET.get("departement", "").strip()
    filter_error = ""
    if selected and selected not in {d.code for d in departements}:
        filter_error = (
            f"Le département « {selected[:10]} » n'existe pas ou n'a aucun membre dans ce programme : "
            "la liste complète est affichée."
        )
        selected = ""
    if selected:
        members = (
            members.filter(epci__in=EPCI.objects.filter(communes__departement_id=selected))
            if by_epci
            else members.filter(commune__departement_id=selected)
        )
    latest_import = ProgrammeImport.objects.filter(programme=programme).order_by("-imported_at").first()
    return render(
        request,
        "territories/programme.html",
        {
            "title": programme.label,
            "programme": programme,
            "by_epci": by_epci,
            "departements": departements,
            "selected": selected,
            "filter_error": filter_error,
            "totals": totals,
            "latest_import": latest_import,
            "page": _paginate(request, members),
            "offers": _programme_offers(programme, selected),
            "breadcrumb_data": _breadcrumb(programme.label),
        },
    )


def _programme_offers(programme: Programme, departement: str = "") -> OffersBlock:
    from emploi_territoires.search.offers import SearchProgramme

    if programme.value not in set(SearchProgramme):
        return OffersBlock(
            unavailable="Les offres ne se cherchent pas par ce programme : retrouvez-les sur la page de chaque commune."
        )
    where = f"dans les communes du programme{f' du département {departement}' if departement else ''}"
    return _offers(where, programme=programme.value, departement=departement)


def _entity_offers(memberships: list[ProgrammeMembership]) -> OffersBlock:
    """A QPV, a convention, a TI territory: the offers of its one commune or EPCI (offers are located by commune)."""
    if len(memberships) == 1 and memberships[0].commune is not None:
        commune = memberships[0].commune
        return _offers(f"à {commune.name}", commune=commune)
    if len(memberships) == 1 and memberships[0].epci is not None:
        return _offers(f"dans l'intercommunalité {memberships[0].epci.name}", epci=memberships[0].epci_id)
    return OffersBlock(
        unavailable="Ce territoire regroupe plusieurs communes ou intercommunalités : leurs offres sont sur la page "
        "de chacune (liste ci-dessus)."
    )


def programme_entity(request: HttpRequest, slug: str, local_id: str) -> HttpResponse:
    """One local entity of a programme: an ACV convention, a TI territory, a QPV, a PVD…"""
    programme = _programme_from_slug(slug)
    memberships = list(
        ProgrammeMembership.objects.filter(programme=programme, local_id=local_id)
        .select_related("commune__departement", "epci")
        .order_by("commune__name", "epci__name")
    )
    if not memberships:
        raise Http404("Aucun membre de ce programme ne porte cet identifiant.")
    name = next((m.local_name for m in memberships if m.local_name), local_id)
    latest_import = ProgrammeImport.objects.filter(programme=programme).order_by("-imported_at").first()
    return render(
        request,
        "territories/programme_entity.html",
        {
            "title": f"{name} — {programme.label}",
            "name": name,
            "local_id": local_id,
            "programme": programme,
            "memberships": memberships,
            "vintages": sorted({m.vintage for m in memberships if m.vintage}),
            "latest_import": latest_import,
            "offers": _entity_offers(memberships),
            "breadcrumb_data": {
                "links": [
                    {"url": reverse("territories:index"), "title": "Territoires"},
                    {"url": reverse("territories:programme", args=[programme.value]), "title": programme.label},
                ],
                "current": name,
            },
        },
    )
