"""Territory pages: index, commune search, commune, EPCI, département, région, programme.

Reference data is public: no permission check here. Every page runs a fixed number of queries
whatever the size of the territory (joins and aggregates, never a query per row); the tests pin
those counts.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.core.paginator import Page, Paginator
from django.db.models import Count, Q, QuerySet, Sum
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse

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
from .search import search_communes

PAGE_SIZE = 50
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


# --- helpers -----------------------------------------------------------------------------------


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


def search(request: HttpRequest) -> HttpResponse:
    # Imported here: the search module belongs to another part of the app and may evolve
    # independently of the pages.
    from .search import search_communes

    query, error = _clean_query(request)
    results = search_communes(query, limit=SEARCH_LIMIT) if query and not error else []
    # A single match: go straight to the commune's page, which is what the search box is for.
    if len(results) == 1:
        return redirect(results[0])
    return render(
        request,
        "territories/search.html",
        {
            "title": f"Recherche : {query}" if query else "Rechercher une commune",
            "breadcrumb_data": _breadcrumb("Rechercher une commune"),
            "query": query,
            "error": error,
            "results": results,
            "limit": SEARCH_LIMIT,
        },
    )


def suggestions(request: HttpRequest) -> HttpResponse:
    """HTMX partial: the communes matching what is being typed in the search box."""
    from .search import search_communes

    query, error = _clean_query(request)
    results = search_communes(query, limit=SUGGESTION_LIMIT) if query and not error else []
    return render(
        request,
        "territories/partials/suggestions.html",
        {"query": query, "error": error, "results": results},
    )


def commune_options(request: HttpRequest) -> HttpResponse:
    """HTMX partial: <option> elements for the datalist of a commune form field."""
    query = next((v for k, v in request.GET.items() if v and k != "csrfmiddlewaretoken"), "")
    query = query.strip()[:100]
    results = search_communes(query, limit=SUGGESTION_LIMIT) if len(query) >= MIN_QUERY_LENGTH else []
    return render(request, "territories/partials/commune_options.html", {"results": results})


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
    population = epci.population or sum(d.epci_population or 0 for d in departements)
    return render(
        request,
        "territories/epci.html",
        {
            "title": epci.name,
            "epci": epci,
            "population": population,
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
    aggregate = Commune.objects.filter(departement=departement).aggregate(
        population=Sum("population"), communes=Count("code"), **_flag_counts()
    )
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
            "population": aggregate["population"] or 0,
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
            "population": sum(d.population or 0 for d in departements),
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
            "breadcrumb_data": _breadcrumb(programme.label),
        },
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
            "breadcrumb_data": {
                "links": [
                    {"url": reverse("territories:index"), "title": "Territoires"},
                    {"url": reverse("territories:programme", args=[programme.value]), "title": programme.label},
                ],
                "current": name,
            },
        },
    )
