"""A proposed territory presentation, written from the reference data only (never an invented fact).

`territory_facts(commune)` reads what the platform knows (COG population, département, région,
EPCI and its size, programme memberships with their local labels, France services sites, the
nearest town of more than 20,000 inhabitants); `render_presentation(facts)` turns them into an
editable French text. The author completes it with what data cannot say: the quality of life,
schools, transport, culture.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import Sum

from emploi_territoires.core.templatetags.core_tags import thousands
from emploi_territoires.territories.geodesy import haversine_km
from emploi_territoires.territories.models import Commune, Programme, ProgrammeMembership

LARGER_TOWN_POPULATION = 20_000
MAX_NAMED_QPV = 3
EPCI_NATURES = {
    "CC": "communauté de communes",
    "CA": "communauté d'agglomération",
    "CU": "communauté urbaine",
    "METRO": "métropole",
    "MET69": "métropole",
}


@dataclass(frozen=True)
class NearbyTown:
    name: str
    population: int
    distance_km: float


@dataclass(frozen=True)
class TerritoryFacts:
    commune_name: str
    population: int
    departement: str
    departement_code: str
    region: str
    epci_name: str = ""
    epci_nature: str = ""
    epci_communes: int = 0
    epci_population: int = 0
    acv: bool = False
    acv_labels: tuple[str, ...] = ()
    pvd: bool = False
    ti: bool = False
    ti_labels: tuple[str, ...] = ()
    qpv: bool = False
    qpv_names: tuple[str, ...] = ()
    fs_in_commune: tuple[str, ...] = ()
    fs_flag: bool = False
    fs_in_epci: int = 0
    nearest_town: NearbyTown | None = None


def nearest_larger_town(commune: Commune) -> NearbyTown | None:
    """The nearest commune of more than 20,000 inhabitants (none for a commune that large itself)."""
    if not commune.has_coordinates or commune.population > LARGER_TOWN_POPULATION:
        return None
    towns = Commune.objects.filter(
        population__gt=LARGER_TOWN_POPULATION, latitude__isnull=False, longitude__isnull=False
    ).values_list("name", "population", "latitude", "longitude")
    best: NearbyTown | None = None
    for name, population, lat, lon in towns:  # a few hundred towns: one query, distances in Python
        distance = haversine_km(commune.latitude, commune.longitude, lat, lon)  # type: ignore[arg-type]
        if best is None or distance < best.distance_km:
            best = NearbyTown(name, population, distance)
    return best


def territory_facts(commune: Commune) -> TerritoryFacts:
    memberships = list(
        ProgrammeMembership.objects.filter(commune=commune)
        .values_list("programme", "local_name")
        .order_by("local_name")
    )
    labels: dict[str, list[str]] = {}
    for programme, name in memberships:
        labels.setdefault(programme, []).append(name)
    epci = commune.epci
    ti_labels: list[str] = []
    epci_communes = fs_in_epci = 0
    if epci is not None:
        ti_labels = sorted(
            set(
                ProgrammeMembership.objects.filter(epci=epci, programme=Programme.TI).values_list(
                    "local_name", flat=True
                )
            )
        )
        epci_communes = Commune.objects.filter(epci=epci).count()
        fs_in_epci = ProgrammeMembership.objects.filter(commune__epci=epci, programme=Programme.FS).count()
    epci_population = epci.population if epci else 0
    if epci is not None and not epci_population:
        epci_population = Commune.objects.filter(epci=epci).aggregate(total=Sum("population"))["total"] or 0
    return TerritoryFacts(
        commune_name=commune.name,
        population=commune.population,
        departement=commune.departement.name,
        departement_code=commune.departement_id,
        region=commune.region.name,
        epci_name=epci.name if epci else "",
        epci_nature=epci.nature if epci else "",
        epci_communes=epci_communes,
        epci_population=epci_population,
        acv=commune.in_acv or Programme.ACV in labels,
        acv_labels=tuple(n for n in labels.get(Programme.ACV, []) if n),
        pvd=commune.in_pvd or Programme.PVD in labels,
        ti=commune.in_ti or bool(ti_labels),
        ti_labels=tuple(n for n in ti_labels if n),
        qpv=commune.in_qpv or Programme.QPV in labels,
        qpv_names=tuple(n for n in labels.get(Programme.QPV, []) if n),
        fs_in_commune=tuple(n for n in labels.get(Programme.FS, []) if n),
        fs_flag=commune.in_fs or Programme.FS in labels,
        fs_in_epci=fs_in_epci,
        nearest_town=nearest_larger_town(commune),
    )


def _quoted_list(names: tuple[str, ...] | list[str]) -> str:
    quoted = [f"« {n} »" for n in names]
    return quoted[0] if len(quoted) == 1 else ", ".join(quoted[:-1]) + " et " + quoted[-1]


def render_presentation(facts: TerritoryFacts) -> str:
    """The proposed text: one paragraph of facts, one of programmes and services. Pure."""
    name = facts.commune_name
    first = [f"{name} ({facts.departement}, {facts.region}) compte {thousands(facts.population)} habitants."]
    if facts.epci_name:
        nature = EPCI_NATURES.get(facts.epci_nature, "intercommunalité")
        size = []
        if facts.epci_communes > 1:
            size.append(f"{facts.epci_communes} communes")
        if facts.epci_population:
            size.append(f"{thousands(facts.epci_population)} habitants")
        detail = f" ({nature}, {', '.join(size)})" if size else f" ({nature})"
        first.append(f"La commune fait partie de l'intercommunalité « {facts.epci_name} »{detail}.")
    if facts.nearest_town is not None:
        town = facts.nearest_town
        first.append(
            f"La ville de plus de {thousands(LARGER_TOWN_POPULATION)} habitants la plus proche est {town.name} "
            f"({thousands(town.population)} habitants), à {round(town.distance_km)} km à vol d'oiseau."
        )
    second = []
    if facts.acv:
        convention = [n for n in facts.acv_labels if n != name]
        suffix = f" (convention {_quoted_list(convention)})" if convention else ""
        second.append(
            "La commune est engagée dans le programme national Action cœur de ville, qui soutient la "
            f"revitalisation des centres-villes{suffix}."
        )
    if facts.pvd:
        second.append(
            "La commune est lauréate du programme Petites villes de demain, qui accompagne les communes de moins de "
            "20 000 habitants exerçant des fonctions de centralité dans leurs projets de revitalisation."
        )
    if facts.ti:
        label = f" {_quoted_list(facts.ti_labels)}" if facts.ti_labels else ""
        second.append(
            f"Son intercommunalité fait partie du Territoire d'industrie{label}, programme national de soutien "
            "à l'industrie locale."
        )
    if facts.qpv_names:
        count = len(facts.qpv_names)
        if count == 1:
            second.append(
                f"La commune compte un quartier prioritaire de la politique de la ville : « {facts.qpv_names[0]} »."
            )
        else:
            named = _quoted_list(list(facts.qpv_names[:MAX_NAMED_QPV]))
            lead = "dont" if count > MAX_NAMED_QPV else ":"
            second.append(
                f"La commune compte {count} quartiers prioritaires de la politique de la ville {lead} {named}."
            )
    elif facts.qpv:
        second.append("La commune compte au moins un quartier prioritaire de la politique de la ville.")
    if facts.fs_in_commune:
        count = len(facts.fs_in_commune)
        if count == 1:
            second.append(
                f"Un espace France services (« {facts.fs_in_commune[0]} ») accompagne les habitants de la commune "
                "dans leurs démarches administratives."
            )
        else:
            second.append(
                f"La commune compte {count} espaces France services, qui accompagnent les habitants dans leurs "
                "démarches administratives."
            )
    elif facts.fs_flag:
        second.append(
            "Un espace France services accompagne les habitants de la commune dans leurs démarches administratives."
        )
    elif facts.fs_in_epci:
        spaces = "espace France services" if facts.fs_in_epci == 1 else "espaces France services"
        second.append(f"L'intercommunalité compte {facts.fs_in_epci} {spaces} pour les démarches administratives.")
    paragraphs = [" ".join(first)]
    if second:
        paragraphs.append(" ".join(second))
    return "\n\n".join(paragraphs)


def propose_presentation(commune: Commune) -> str:
    return render_presentation(territory_facts(commune))
