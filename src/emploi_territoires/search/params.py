"""Query string <-> `OfferSearchParams`: one parser for the board, the feeds and the API.

Every bad value gets a French message naming the field; the caller decides what to do with it
(the board and the feeds drop that filter and say so, the API answers 422). The same names are
used in every URL, so a board search, its RSS feed and the API call differ only by their path:

    q, contract (repeatable), programme, region, departement, epci, commune, radius, remote,
    salary_min, since, employer, categorie (repeatable: A, B, C), versant (repeatable: territoriale,
    etat, hospitaliere), contractuels (1), sort, page (board) or limit/offset (API)
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from urllib.parse import urlencode

from django.core.exceptions import ValidationError

from emploi_territoires.offers.models import ContractType, PublicCategory, PublicServiceBranch, Remote
from emploi_territoires.territories.forms import commune_label, resolve_search_commune
from emploi_territoires.territories.models import Departement, Region
from emploi_territoires.territories.search import resolve_territory

from .offers import MAX_RADIUS_KM, PAGE_SIZE, Employer, OfferSearchParams, SearchProgramme, Sort

MAX_TEXT_LENGTH = 200
MAX_SALARY = 500_000
MAX_SINCE_DAYS = 365
PARAM_NAMES = (
    "q",
    "contract",
    "programme",
    "region",
    "departement",
    "epci",
    "commune",
    "radius",
    "remote",
    "salary_min",
    "since",
    "employer",
    "categorie",
    "versant",
    "contractuels",
    "sort",
)
# Also understood in the query string: the usual acronyms and the accented spellings.
BRANCH_ALIASES = {
    "fpt": "territoriale",
    "fpe": "etat",
    "fph": "hospitaliere",
    "état": "etat",
    "hospitalière": "hospitaliere",
}


@dataclass
class ParsedSearch:
    params: OfferSearchParams
    errors: dict[str, str] = field(default_factory=dict)
    page: int = 1
    # What was understood, not refused (a postcode several communes share: which one was taken).
    notes: dict[str, str] = field(default_factory=dict)


def _get(data: Mapping, key: str) -> str:
    value = data.get(key, "")
    if isinstance(value, list | tuple):
        value = value[-1] if value else ""
    return str(value if value is not None else "").strip()


def _getlist(data: Mapping, key: str) -> list[str]:
    if hasattr(data, "getlist"):
        values = data.getlist(key)
    else:
        value = data.get(key, [])
        values = value if isinstance(value, list | tuple) else [value]
    result: list[str] = []
    for value in values:
        # "cdd,vta" and contract=cdd&contract=vta are both accepted.
        result.extend(v.strip() for v in str(value or "").split(",") if v.strip())
    return result


def _int(value: str, low: int, high: int) -> int | None:
    """The integer in [low, high], or None; "30 km", "30km" and "30,0" are read as 30."""
    cleaned = value.lower().replace("km", "").replace("€", "").replace(" ", "").replace("\u202f", "")
    cleaned = cleaned.removesuffix(",0").removesuffix(".0")
    if not (cleaned.isascii() and cleaned.isdigit()):  # "³".isdigit() is True, int("³") fails
        return None
    number = int(cleaned)
    return number if low <= number <= high else None


def parse_search(data: Mapping, *, with_paging: bool = True) -> ParsedSearch:
    """Validate a query string (a QueryDict or a plain dict); bad filters are left out and named."""
    errors: dict[str, str] = {}
    notes: dict[str, str] = {}
    values: dict[str, object] = {}

    text = _get(data, "q")
    if len(text) > MAX_TEXT_LENGTH:
        errors["q"] = f"La recherche est limitée à {MAX_TEXT_LENGTH} caractères : elle a été raccourcie."
        text = text[:MAX_TEXT_LENGTH]
    values["text"] = text

    contracts = _getlist(data, "contract")
    unknown = [c for c in contracts if c not in ContractType.values]
    if unknown:
        errors["contract"] = (
            f"Type de contrat inconnu : {', '.join(unknown)}. Valeurs possibles : {', '.join(ContractType.values)}."
        )
    values["contract_types"] = tuple(dict.fromkeys(c for c in contracts if c in ContractType.values))

    programme = _get(data, "programme").lower()
    if programme and programme not in SearchProgramme.__members__.values():
        errors["programme"] = "Programme inconnu. Valeurs possibles : acv, pvd, ti, qpv."
    elif programme:
        values["programme"] = programme

    region = _get(data, "region").upper()
    if region:
        if Region.objects.filter(pk=region).exists():
            values["region"] = region
        else:
            errors["region"] = f"Région inconnue : « {region} » (code INSEE attendu, par exemple 27)."

    departement = _get(data, "departement").upper()
    if departement:
        if Departement.objects.filter(pk=departement).exists():
            values["departement"] = departement
        else:
            errors["departement"] = f"Département inconnu : « {departement} » (code attendu, par exemple 58 ou 2A)."

    epci = _get(data, "epci")
    if epci:
        # A SIREN, or a name the territory search resolves ("CC Haut Nivernais").
        try:
            values["epci"] = resolve_territory(epci, levels=("epci",)).code
        except ValidationError as exc:
            errors["epci"] = exc.messages[0]

    commune = None
    commune_text = _get(data, "commune")
    if commune_text:
        try:
            commune, note = resolve_search_commune(commune_text)
            if note:
                notes["commune"] = note
        except ValidationError as exc:
            errors["commune"] = exc.messages[0]
    values["commune"] = commune

    radius_text = _get(data, "radius")
    if radius_text:
        radius = _int(radius_text, 1, MAX_RADIUS_KM)
        if radius is None:
            errors["radius"] = f"Le rayon doit être un nombre entier de kilomètres, entre 1 et {MAX_RADIUS_KM}."
        elif commune is None:
            if "commune" not in errors:
                errors["radius"] = "Choisissez une commune pour chercher dans un rayon autour d'elle."
        elif not commune.has_coordinates:
            errors["radius"] = (
                f"La position de {commune.name} n'est pas connue : la recherche porte sur la commune seule."
            )
        else:
            values["radius_km"] = radius

    remote = _get(data, "remote")
    if remote and remote not in (Remote.PARTIAL, Remote.FULL):
        errors["remote"] = "Télétravail : valeurs possibles partial (au moins partiel) ou full (complet)."
    elif remote:
        values["remote"] = remote

    salary_text = _get(data, "salary_min")
    if salary_text:
        salary = _int(salary_text, 0, MAX_SALARY)
        if salary is None:
            errors["salary_min"] = "Le salaire minimum doit être un montant annuel brut en euros, par exemple 35000."
        else:
            values["salary_min"] = salary or None

    since_text = _get(data, "since")
    if since_text:
        since = _int(since_text, 1, MAX_SINCE_DAYS)
        if since is None:
            errors["since"] = f"« Publiée depuis » attend un nombre de jours entre 1 et {MAX_SINCE_DAYS}."
        else:
            values["published_since_days"] = since

    employer = _get(data, "employer")
    if employer and employer not in Employer.__members__.values():
        errors["employer"] = "Employeur : valeurs possibles public ou private."
    elif employer:
        values["employer"] = employer

    categories = [c.upper() for c in _getlist(data, "categorie")]
    unknown = [c for c in categories if c not in PublicCategory.values]
    if unknown:
        errors["categorie"] = f"Catégorie inconnue : {', '.join(unknown)}. Valeurs possibles : A, B, C."
    values["public_categories"] = tuple(sorted(dict.fromkeys(c for c in categories if c in PublicCategory.values)))

    branches = [BRANCH_ALIASES.get(b.lower(), b.lower()) for b in _getlist(data, "versant")]
    unknown = [b for b in branches if b not in PublicServiceBranch.values]
    if unknown:
        errors["versant"] = (
            f"Versant inconnu : {', '.join(unknown)}. Valeurs possibles : territoriale, etat, hospitaliere."
        )
    values["branches"] = tuple(b for b in PublicServiceBranch.values if b in branches)

    contractuels = _get(data, "contractuels").lower()
    if contractuels in ("1", "oui", "true", "on"):
        values["contractuels"] = True
    elif contractuels not in ("", "0", "non", "false"):
        errors["contractuels"] = "« Ouvert aux contractuels » : valeur attendue 1 (oui) ou 0 (indifférent)."

    sort = _get(data, "sort")
    if sort and sort not in Sort.__members__.values():
        errors["sort"] = "Tri : valeurs possibles relevance, date ou distance."
    elif sort == Sort.DISTANCE and commune is None:
        errors["sort"] = "Le tri par distance demande une commune."
    elif sort:
        values["sort"] = sort

    page = 1
    if with_paging:
        page_text = _get(data, "page")
        if page_text:
            page = _int(page_text, 1, 10_000) or 1
        values["offset"] = (page - 1) * PAGE_SIZE
        values["limit"] = PAGE_SIZE
    return ParsedSearch(OfferSearchParams(**values), errors, page, notes)  # type: ignore[arg-type]


def query_items(params: OfferSearchParams, page: int | None = None) -> list[tuple[str, str]]:
    """The query string pairs of a search (what `parse_search` reads back), defaults left out."""
    items: list[tuple[str, str]] = []
    if params.text:
        items.append(("q", params.text))
    items.extend(("contract", c) for c in params.contract_types)
    for key, value in (
        ("programme", params.programme),
        ("region", params.region),
        ("departement", params.departement),
        ("epci", params.epci),
        ("commune", commune_label(params.commune) if params.commune else ""),
        ("radius", params.radius_km),
        ("remote", params.remote),
        ("salary_min", params.salary_min),
        ("since", params.published_since_days),
        ("employer", params.employer),
    ):
        if value:
            items.append((key, str(value)))
    items.extend(("categorie", c) for c in params.public_categories)
    items.extend(("versant", b) for b in params.branches)
    if params.contractuels:
        items.append(("contractuels", "1"))
    if params.sort:
        items.append(("sort", params.sort))
    if page and page > 1:
        items.append(("page", str(page)))
    return items


def query_string(params: OfferSearchParams, page: int | None = None) -> str:
    return urlencode(query_items(params, page))
