"""Offers in the public API: read the published offers (same filters as the board), write with a token.

- `GET /offers`: the board's search (`search_offers`, same parameter names, same French messages),
  paged with limit/offset; `total` is exact up to 10,000 (`total_is_capped` above).
- `GET /offers/{reference}`: one published offer.
- `POST /offers`, `PATCH /offers/{reference}`: an organisation's own offers, with
  `Authorization: Bearer <key>` (accounts.ApiToken; see offers/api_tokens.py). Every write goes
  through `offers.services` (validation, history, workflow, search index), in one transaction.
Rate-limited per client address (reads and writes) and per token (writes): 429 + Retry-After.
"""

from __future__ import annotations

import datetime
from dataclasses import replace
from typing import Literal

from django.conf import settings
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from ninja import Field, Query, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import HttpError, ValidationError
from ninja.security import HttpBearer

from emploi_territoires.accounts.models import ApiToken
from emploi_territoires.core.ratelimit import hit, rate_limited, too_many_requests
from emploi_territoires.offers import services
from emploi_territoires.offers.api_tokens import authenticate_key
from emploi_territoires.offers.models import (
    ApplyMethod,
    ContractType,
    Offer,
    OfferStatus,
    ProgrammeContext,
    PublicCategory,
    Remote,
    RomeOccupation,
)
from emploi_territoires.search.offers import COUNT_CAP, MAX_BROWSABLE, MAX_LIMIT, OfferHit, search_offers
from emploi_territoires.search.params import parse_search
from emploi_territoires.territories.models import Commune

from .board import get_published_offer

router = Router(tags=["offres"])


def _read_limit() -> int:
    return int(getattr(settings, "OFFERS_API_READ_RATE_LIMIT", 120))


def _write_limit() -> int:
    return int(getattr(settings, "OFFERS_API_WRITE_RATE_LIMIT", 60))


EDUCATION_LEVEL_HELP = "niveau de diplôme requis : 0 (aucun), 3 (CAP) à 8 (doctorat) ; un VTA demande 5 (bac + 2)"


# --- authentication ------------------------------------------------------------------------------


class ApiTokenAuth(HttpBearer):
    """`Authorization: Bearer et_…`: an active token of the organisation; French 401 otherwise."""

    def __call__(self, request: HttpRequest) -> ApiToken:
        header = request.headers.get("Authorization", "")
        scheme, _, key = header.partition(" ")
        if not header:
            raise HttpError(401, "Jeton d'API manquant : envoyez l'en-tête « Authorization: Bearer <clé> ».")
        if scheme.lower() != "bearer" or not key.strip():
            raise HttpError(401, "En-tête Authorization invalide : « Bearer <clé> » attendu.")
        return self.authenticate(request, key.strip())

    def authenticate(self, request: HttpRequest, token: str) -> ApiToken:
        found = authenticate_key(token)
        if found is None:
            raise HttpError(401, "Jeton d'API inconnu ou révoqué.")
        return found


token_auth = ApiTokenAuth()


def _token_rate_limited(token: ApiToken) -> HttpResponse | None:
    """A 429 once a token exceeds the write limit (whatever addresses it comes from), else None."""
    result = hit(f"offers-api-token:{token.pk}", limit=_write_limit(), window=60)
    return None if result.allowed else too_many_requests(result)


# --- schemas -------------------------------------------------------------------------------------


class ErrorOut(Schema):
    detail: str


class FieldErrorOut(Schema):
    field: str | None
    message: str


class ValidationErrorOut(Schema):
    detail: str
    errors: list[FieldErrorOut]


class CommuneRef(Schema):
    code: str = Field(description="code INSEE", examples=["58079"])
    name: str = Field(examples=["Clamecy"])
    departement: str = Field(examples=["58"])
    region: str = Field(examples=["27"])
    postcode: str = Field(examples=["58500"])


class OfferSummaryOut(Schema):
    reference: str = Field(examples=["ET-2026-000123"])
    title: str = Field(examples=["Chef·fe de projet Petites villes de demain (F/H)"])
    url: str = Field(description="page publique de l'offre")
    employer: str
    public_employer: bool
    commune: CommuneRef
    contract_type: str = Field(description=", ".join(ContractType.values), examples=["vta"])
    contract_label: str
    remote: str = Field(description="none, partial ou full")
    salary_min: int | None = Field(None, description="brut annuel, euros")
    salary_max: int | None = Field(None, description="brut annuel, euros")
    published_at: datetime.datetime
    closing_date: datetime.date | None
    programmes: list[str] = Field(description="programmes de la commune : acv, pvd, ti, qpv")
    distance_km: float | None = Field(None, description="distance à la commune de recherche, si donnée")

    @staticmethod
    def from_hit(hit: OfferHit, request: HttpRequest) -> OfferSummaryOut:
        return OfferSummaryOut(
            reference=hit.reference,
            title=hit.title,
            url=request.build_absolute_uri(hit.get_absolute_url()),
            employer=hit.employer_name,
            public_employer=hit.is_public_employer,
            commune=CommuneRef(
                code=hit.commune_code,
                name=hit.commune_name,
                departement=hit.departement,
                region=hit.region,
                postcode=hit.postcode,
            ),
            contract_type=hit.contract_type,
            contract_label=hit.contract_label,
            remote=hit.remote,
            salary_min=hit.salary_min,
            salary_max=hit.salary_max,
            published_at=hit.published_at,
            closing_date=hit.closing_date,
            programmes=[p.value for p in hit.programmes],
            distance_km=round(hit.distance_km, 1) if hit.distance_km is not None else None,
        )


class OfferListOut(Schema):
    total: int = Field(description=f"nombre d'offres, exact jusqu'à {COUNT_CAP} (au-delà : {COUNT_CAP + 1})")
    total_is_capped: bool = Field(description=f"vrai s'il y a plus de {COUNT_CAP} offres")
    limit: int
    offset: int
    next_offset: int | None = Field(description="offset de la page suivante, null à la fin")
    results: list[OfferSummaryOut]


class OfferOut(Schema):
    reference: str
    status: str = Field(description="draft, submitted, published, filled, expired, archived")
    url: str | None = Field(description="page publique, si l'offre est publiée")
    title: str
    employer: str
    occupation: str | None = Field(None, description="code ROME")
    occupation_label: str | None = None
    commune: str = Field(description="code INSEE")
    commune_name: str
    address: str
    remote: str
    contract_type: str
    contract_duration_months: int | None
    public_category: str
    public_service_branch: str = Field(description="versant : territoriale, etat, hospitaliere ou vide (privé)")
    weekly_hours: float | None
    education_level: int | None = Field(None, description=EDUCATION_LEVEL_HELP)
    salary_min: int | None
    salary_max: int | None
    start_date: datetime.date | None
    closing_date: datetime.date | None
    positions: int
    missions: str
    profile: str
    benefits: str
    territory_presentation: str
    apply_method: str
    apply_url: str
    apply_email: str
    programme_context: str
    published_at: datetime.datetime | None

    @staticmethod
    def from_offer(offer: Offer, request: HttpRequest) -> OfferOut:
        published = offer.status == OfferStatus.PUBLISHED
        return OfferOut(
            reference=offer.reference,
            status=offer.status,
            url=request.build_absolute_uri(offer.get_absolute_url()) if published else None,
            title=offer.title,
            employer=offer.organisation.name,
            occupation=offer.occupation_id,
            occupation_label=offer.occupation.label if offer.occupation_id and offer.occupation else None,
            commune=offer.commune_id,
            commune_name=offer.commune.name,
            address=offer.address,
            remote=offer.remote,
            contract_type=offer.contract_type,
            contract_duration_months=offer.contract_duration_months,
            public_category=offer.public_category,
            public_service_branch=offer.public_service_branch,
            weekly_hours=float(offer.weekly_hours) if offer.weekly_hours is not None else None,
            education_level=offer.education_level,
            salary_min=offer.salary_min,
            salary_max=offer.salary_max,
            start_date=offer.start_date,
            closing_date=offer.closing_date,
            positions=offer.positions,
            missions=offer.missions,
            profile=offer.profile,
            benefits=offer.benefits,
            territory_presentation=offer.territory_presentation,
            apply_method=offer.apply_method,
            apply_url=offer.apply_url,
            apply_email=offer.apply_email,
            programme_context=offer.programme_context,
            published_at=offer.published_at,
        )


class OfferFilters(Schema):
    """The board's filters (same names as its URLs)."""

    q: str = Field("", description="mots-clés (accents et pluriels indifférents)", examples=["chef de projet"])
    contract: list[str] = Field(
        default_factory=list, description=f"types de contrat, répétable : {', '.join(ContractType.values)}"
    )
    programme: str = Field("", description="acv, pvd, ti ou qpv")
    region: str = Field("", description="code INSEE de la région", examples=["27"])
    departement: str = Field("", description="code du département", examples=["58"])
    epci: str = Field("", description="SIREN (ou nom) de l'intercommunalité", examples=["200067429"])
    commune: str = Field("", description="code INSEE de la commune (origine du rayon)", examples=["58079"])
    radius: str = Field("", description="rayon en km autour de la commune (1 à 200)", examples=["30"])
    remote: str = Field("", description="partial (au moins partiel) ou full")
    salary_min: str = Field("", description="salaire brut annuel minimum, euros", examples=["35000"])
    since: str = Field("", description="publiées depuis N jours")
    employer: str = Field("", description="public ou private")
    categorie: list[str] = Field(default_factory=list, description="catégorie, répétable : A, B, C")
    versant: list[str] = Field(
        default_factory=list, description="versant, répétable : territoriale, etat, hospitaliere"
    )
    contractuels: str = Field("", description="1 : offres ouvertes aux contractuels (non-fonctionnaires)")
    sort: str = Field("", description="relevance, date ou distance (par défaut : pertinence avec des mots-clés)")
    limit: int = Field(20, ge=1, le=MAX_LIMIT)
    offset: int = Field(0, ge=0, le=MAX_BROWSABLE - 1, description=f"les {MAX_BROWSABLE} premiers résultats")


class OfferIn(Schema):
    title: str = Field(max_length=150, examples=["Chef·fe de projet Petites villes de demain (F/H)"])
    commune: str = Field(description="code INSEE", examples=["58079"])
    contract_type: str = Field(description=", ".join(ContractType.values), examples=["contrat_projet"])
    occupation: str | None = Field(None, description="code ROME", examples=["M1403"])
    address: str = ""
    remote: str = Field(Remote.NONE.value, description="none, partial ou full")
    contract_duration_months: int | None = None
    public_category: str = Field("", description="A, B ou C (employeurs publics)")
    public_service_branch: str | None = Field(
        None,
        description="territoriale, etat ou hospitaliere (employeurs publics) ; "
        "par défaut d'après l'organisation (collectivité : territoriale, ANCT ou préfecture : etat)",
    )
    weekly_hours: float | None = None
    education_level: int | None = Field(None, description=EDUCATION_LEVEL_HELP)
    salary_min: int | None = Field(None, description="brut annuel, euros", examples=[38000])
    salary_max: int | None = Field(None, description="brut annuel, euros", examples=[45000])
    start_date: datetime.date | None = None
    closing_date: datetime.date | None = None
    positions: int = 1
    missions: str = ""
    profile: str = ""
    benefits: str = ""
    territory_presentation: str = ""
    apply_method: str = Field(ApplyMethod.PLATFORM.value, description="platform, url ou email")
    apply_url: str = ""
    apply_email: str = ""
    programme_context: str = Field("", description=", ".join(v for v in ProgrammeContext.values if v))
    publish: bool = Field(False, description="publier aussitôt (sinon : brouillon)")


class OfferPatch(Schema):
    title: str | None = Field(None, max_length=150)
    commune: str | None = None
    contract_type: str | None = None
    occupation: str | None = None
    address: str | None = None
    remote: str | None = None
    contract_duration_months: int | None = None
    public_category: str | None = None
    public_service_branch: str | None = None
    weekly_hours: float | None = None
    education_level: int | None = None
    salary_min: int | None = None
    salary_max: int | None = None
    start_date: datetime.date | None = None
    closing_date: datetime.date | None = None
    positions: int | None = None
    missions: str | None = None
    profile: str | None = None
    benefits: str | None = None
    territory_presentation: str | None = None
    apply_method: str | None = None
    apply_url: str | None = None
    apply_email: str | None = None
    programme_context: str | None = None
    status: Literal["submitted", "published", "filled", "archived"] | None = Field(
        None,
        description="changer l'état : submitted (demander une relecture), published (publier), filled (pourvue), "
        "archived (retirer)",
    )


# --- helpers -------------------------------------------------------------------------------------


def _field_errors(errors: dict[str, list[str]] | dict[str, str]) -> ValidationError:
    """Raise-able 422 in the project's shape: {detail, errors: [{field, message}]}."""
    items = []
    for field_name, messages in errors.items():
        for message in [messages] if isinstance(messages, str) else messages:
            items.append({"loc": ("body", field_name), "type": "invalid", "msg": message})
    return ValidationError(items)


def _refusal_errors(refusal: services.TransitionRefused, field: str) -> dict[str, list[str]]:
    """A refused publication: the whole message on `field`, then each blocking problem on its own field."""
    errors: dict[str, list[str]] = {field: [refusal.message]}
    for problem in refusal.problems:
        if problem.field and problem.field != field:
            errors.setdefault(problem.field, []).append(problem.sentence[:1].upper() + problem.sentence[1:] + ".")
    return errors


def _model_values(data: dict) -> dict:
    """JSON values -> model values (Commune, RomeOccupation, Decimal hours); 422 for unknown codes."""
    values = dict(data)
    errors: dict[str, str] = {}
    if "commune" in values:
        code = (values["commune"] or "").strip().upper()
        commune = Commune.objects.filter(pk=code).first() if code else None
        if commune is None:
            errors["commune"] = f"Commune inconnue : « {code} » (code INSEE attendu, par exemple 58079)."
        values["commune"] = commune
    if "occupation" in values:
        code = (values["occupation"] or "").strip().upper()
        occupation = RomeOccupation.objects.filter(pk=code).first() if code else None
        if code and occupation is None:
            errors["occupation"] = f"Code ROME inconnu : « {code} » (par exemple M1403)."
        values["occupation"] = occupation
    if values.get("weekly_hours") is not None:
        from decimal import Decimal

        values["weekly_hours"] = Decimal(str(values["weekly_hours"]))
    if values.get("public_category") and values["public_category"] not in PublicCategory.values:
        errors["public_category"] = "Catégorie : A, B ou C."
    if errors:
        raise _field_errors(errors)
    return values


def _own_offer(token: ApiToken, reference: str) -> Offer:
    """The token's organisation's offer; 404 for any other (another organisation's offers do not exist here)."""
    offer = (
        Offer.objects.select_related("organisation", "commune", "occupation")
        .filter(reference=reference, organisation=token.organisation)
        .first()
    )
    if offer is None:
        raise HttpError(404, f"Aucune offre « {reference} » dans votre organisation.")
    return offer


# --- endpoints -----------------------------------------------------------------------------------


@router.get(
    "/offers",
    response={200: OfferListOut, 422: ValidationErrorOut, 429: ErrorOut},
    summary="Rechercher les offres publiées",
    auth=None,
)
@decorate_view(rate_limited("offers-api-read", limit=_read_limit, window=60))
def list_offers(request: HttpRequest, filters: Query[OfferFilters]):
    """Les mêmes filtres que la page « Offres d'emploi » (mêmes noms de paramètres). Tri par pertinence
    avec des mots-clés (parmi les 1 000 offres correspondantes les plus récentes), sinon par date, ou par
    distance autour d'une commune. `total` est exact jusqu'à 10 000. Exemple :
    `/api/v1/offers?q=chef+de+projet&commune=58079&radius=30&contract=vta`"""
    data = filters.dict()
    parsed = parse_search(data, with_paging=False)
    if parsed.errors:
        raise _field_errors(parsed.errors)
    params = replace(parsed.params, limit=filters.limit, offset=filters.offset)
    result = search_offers(params)
    end = filters.offset + len(result.hits)
    has_next = end < min(result.total, MAX_BROWSABLE) and len(result.hits) == filters.limit
    return {
        "total": result.total,
        "total_is_capped": result.is_capped,
        "limit": filters.limit,
        "offset": filters.offset,
        "next_offset": end if has_next else None,
        "results": [OfferSummaryOut.from_hit(hit, request) for hit in result.hits],
    }


@router.get(
    "/offers/{reference}",
    response={200: OfferOut, 404: ErrorOut, 429: ErrorOut},
    summary="Une offre publiée",
    auth=None,
)
@decorate_view(rate_limited("offers-api-read", limit=_read_limit, window=60))
def get_offer(request: HttpRequest, reference: str):
    """Une offre publiée, par sa référence (ET-AAAA-NNNNNN). Les brouillons n'existent pas ici."""
    try:
        offer = get_published_offer(reference)
    except Http404:
        raise HttpError(404, f"Aucune offre publiée « {reference} ».") from None
    return OfferOut.from_offer(offer, request)


@router.post(
    "/offers",
    response={201: OfferOut, 401: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    summary="Créer une offre (jeton d'organisation)",
    auth=token_auth,
)
@decorate_view(rate_limited("offers-api-write", limit=_write_limit, window=60))
def create_offer(request: HttpRequest, payload: OfferIn):
    """Crée une offre de l'organisation du jeton, en brouillon ou publiée (`publish: true`). Mêmes règles que
    l'espace de publication (une organisation non vérifiée, ou un contexte de programme relu, passe par la
    relecture d'un conseiller : `status: submitted` ; rien n'est publié avec un point à corriger de l'assistant
    ou un passage « [à compléter …] »), et que le formulaire (salaire annuel, dates à venir, VTA de 12 à 18
    mois, contrats publics réservés aux employeurs publics…) : erreurs 422 par champ, en français. Rien n'est
    écrit en cas d'erreur."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if limited := _token_rate_limited(token):
        return limited
    data = payload.dict()
    publish = data.pop("publish")
    if data.get("public_service_branch") is None:
        del data["public_service_branch"]  # the organisation's versant (services.create_offer)
    values = _model_values(data)
    try:
        with transaction.atomic():
            offer = services.create_offer(token.organisation, values, actor=None)
            if publish:
                services.publish(offer, actor=None, acting_for_organisation=True)
    except services.OfferValidationError as exc:
        raise _field_errors(exc.errors) from None
    except services.TransitionRefused as exc:
        raise _field_errors(_refusal_errors(exc, "publish")) from None
    except services.OfferError as exc:
        raise _field_errors({"publish": exc.message}) from None
    offer = Offer.objects.select_related("organisation", "commune", "occupation").get(pk=offer.pk)
    return 201, OfferOut.from_offer(offer, request)


@router.patch(
    "/offers/{reference}",
    response={200: OfferOut, 401: ErrorOut, 404: ErrorOut, 422: ValidationErrorOut, 429: ErrorOut},
    summary="Modifier une offre (jeton d'organisation)",
    auth=token_auth,
)
@decorate_view(rate_limited("offers-api-write", limit=_write_limit, window=60))
def update_offer(request: HttpRequest, reference: str, payload: OfferPatch):
    """Modifie les champs envoyés (les autres restent), et change l'état avec `status` (published, filled,
    archived). Chaque modification est inscrite à l'historique de l'offre. Seules les offres de l'organisation
    du jeton sont visibles : les autres répondent 404."""
    token: ApiToken = request.auth  # type: ignore[attr-defined]
    if limited := _token_rate_limited(token):
        return limited
    offer = _own_offer(token, reference)
    data = payload.dict(exclude_unset=True)
    status = data.pop("status", None)
    values = _model_values(data)
    try:
        with transaction.atomic():
            if values:
                services.update_offer(offer, values, actor=None, acting_for_organisation=True)
            if status and status != offer.status:
                services.transition_offer(offer, status, actor=None, acting_for_organisation=True)
    except services.OfferValidationError as exc:
        raise _field_errors(exc.errors) from None
    except services.TransitionRefused as exc:
        raise _field_errors(_refusal_errors(exc, "status")) from None
    except services.OfferError as exc:
        raise _field_errors({"status" if status else "__all__": exc.message}) from None
    offer = Offer.objects.select_related("organisation", "commune", "occupation").get(pk=offer.pk)
    return OfferOut.from_offer(offer, request)
