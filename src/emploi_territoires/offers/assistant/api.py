"""`POST /api/v1/offers/analyse`: the drafting assistant for partner tools, without the web form.

Public (no token) but limited per client address (OFFERS_ANALYSE_RATE_LIMIT requests a minute,
60 by default) and to bodies of 100 kB. The limits run before the body is parsed, so a flood
of large or malformed bodies costs almost nothing.

The work of one request is bounded too: each text field holds at most TEXT_MAX characters (the
editor's limit) and all of them TOTAL_TEXT_MAX, and the characters analysed are charged to a
per-address budget (OFFERS_ANALYSE_CHARS_PER_MINUTE, in the shared cache): a client sending the
largest bodies gets a few a minute, one sending ordinary offers its 60. The rules themselves do
a bounded amount of work per character (`bench/analyse_cost.py`, `tests/offers/test_assistant_cost.py`).
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.utils import timezone
from ninja import Field, Router, Schema
from ninja.decorators import decorate_view
from ninja.errors import ValidationError
from pydantic import ConfigDict

from emploi_territoires.core.formats import number
from emploi_territoires.core.ratelimit import hit_for_client, rate_limited
from emploi_territoires.territories.models import Commune

from .analysis import AnalysisContext, OfferDraft, analyse, analysis_as_dict

router = Router(tags=["offres — assistant de rédaction"])

MAX_BODY_BYTES = 100_000
TEXT_MAX = 10_000  # offers.services.MAX_TEXT_LENGTH: no saved offer has a longer text
TOTAL_TEXT_MAX = 30_000
CHARS_PER_MINUTE = 150_000


def _rate_limit() -> int:
    return int(getattr(settings, "OFFERS_ANALYSE_RATE_LIMIT", 60))


def _chars_per_minute() -> int:
    return int(getattr(settings, "OFFERS_ANALYSE_CHARS_PER_MINUTE", CHARS_PER_MINUTE))


def _too_long(body: dict) -> JsonResponse | None:
    """A French 422 naming the field over TEXT_MAX, or the total over TOTAL_TEXT_MAX; None when within."""
    errors = [
        {
            "field": name,
            "message": f"{number(TEXT_MAX)} caractères au maximum (actuellement {number(len(value))}).",
        }
        for name, value in body.items()
        if isinstance(value, str) and len(value) > TEXT_MAX
    ]
    total = sum(len(value) for value in body.values() if isinstance(value, str))
    if not errors and total > TOTAL_TEXT_MAX:
        errors = [
            {
                "field": None,
                "message": f"{number(TOTAL_TEXT_MAX)} caractères au maximum pour l'ensemble des champs "
                f"(actuellement {number(total)}) : envoyez une offre plus courte.",
            }
        ]
    if errors:
        return JsonResponse({"detail": "Paramètres invalides.", "errors": errors}, status=422)
    return None


def check_body(view: Callable[..., HttpResponse]) -> Callable[..., HttpResponse]:
    """Before django-ninja parses the body: 413 over MAX_BODY_BYTES, 422 for what is not a JSON object.

    Both in French, in the shape of the project's validation errors ({detail, errors}); ninja's
    own answer to unparsable JSON is a 400 in English.
    """

    def wrapper(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
        try:
            declared = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            declared = 0
        if declared > MAX_BODY_BYTES or len(request.body) > MAX_BODY_BYTES:
            return JsonResponse(
                {
                    "detail": f"Le corps de la requête dépasse {MAX_BODY_BYTES // 1000} ko : "
                    "envoyez une offre plus courte."
                },
                status=413,
            )
        try:
            body = json.loads(request.body or b"{}")
        except (ValueError, UnicodeDecodeError):
            body = None
        if not isinstance(body, dict):
            message = "JSON invalide." if body is None else 'Un objet JSON est attendu : {"title": "…", …}.'
            return JsonResponse(
                {"detail": "Paramètres invalides.", "errors": [{"field": None, "message": message}]}, status=422
            )
        if (refused := _too_long(body)) is not None:
            return refused
        # The rate by cost: every character analysed is charged to the address's budget.
        chars = sum(len(value) for value in body.values() if isinstance(value, str))
        budget = _chars_per_minute()
        result = hit_for_client(request, "offers-analyse-chars", limit=budget, window=60, cost=max(chars, 1))
        if not result.allowed:
            seconds = result.retry_after
            response = JsonResponse(
                {
                    "detail": f"Trop de texte à analyser : la limite est de {number(budget)} caractères par "
                    f"minute. Réessayez dans {seconds} seconde{'s' if seconds > 1 else ''}."
                },
                status=429,
            )
            response["Retry-After"] = str(seconds)
            return response
        return view(request, *args, **kwargs)

    return wrapper


EXAMPLE = {
    "title": "Chef de projet Petites villes de demain",
    "contract_type": "contrat_projet",
    "public_category": "A",
    "salary_min": 32000,
    "salary_max": 40000,
    "start_date": "2026-09-01",
    "commune": "58079",
    "missions": "Vous conduisez le projet de revitalisation du centre-bourg avec les élus et l'EPCI.",
    "profile": "Jeune et dynamique, vous avez une première expérience en collectivité.",
    "is_public_employer": True,
}


class OfferAnalyseIn(Schema):
    """Any subset of an offer's fields (the Offer model's names), plus whether the employer is public."""

    model_config = ConfigDict(json_schema_extra={"examples": [EXAMPLE]})

    title: str | None = Field(None, max_length=300, description="Intitulé du poste.")
    occupation: str | None = Field(None, max_length=5, description="Code ROME du métier (par exemple K1404).")
    occupation_label: str | None = Field(None, max_length=200, description="Libellé du métier.")
    contract_type: str | None = Field(
        None,
        max_length=20,
        description="cdi, cdd, vta, contrat_projet, fonctionnaire, contractuel, apprentissage, stage.",
    )
    contract_duration_months: int | None = Field(None, ge=0, le=240, description="Durée du contrat en mois.")
    public_category: str | None = Field(
        None, max_length=1, description="Catégorie de la fonction publique : A, B ou C."
    )
    weekly_hours: float | None = Field(None, ge=0, le=80, description="Durée hebdomadaire en heures.")
    education_level: int | None = Field(
        None, ge=0, le=8, description="Niveau de diplôme requis : 0 (aucun), 3 (CAP) à 8 (doctorat) ; VTA : 5 au moins."
    )
    salary_min: int | None = Field(None, ge=0, description="Salaire brut annuel minimum, en euros.")
    salary_max: int | None = Field(None, ge=0, description="Salaire brut annuel maximum, en euros.")
    start_date: dt.date | None = Field(None, description="Date de prise de poste (AAAA-MM-JJ).")
    closing_date: dt.date | None = Field(None, description="Date limite de candidature (AAAA-MM-JJ).")
    commune: str | None = Field(None, max_length=5, description="Code Insee de la commune du lieu de travail.")
    address: str | None = Field(None, max_length=250, description="Adresse (facultative).")
    remote: str | None = Field(None, max_length=10, description="Télétravail : none, partial ou full.")
    missions: str | None = Field(None, max_length=TEXT_MAX, description="Missions.")
    profile: str | None = Field(None, max_length=TEXT_MAX, description="Profil recherché.")
    benefits: str | None = Field(None, max_length=TEXT_MAX, description="Avantages.")
    territory_presentation: str | None = Field(None, max_length=TEXT_MAX, description="Présentation du territoire.")
    apply_method: str | None = Field(None, max_length=10, description="platform, url ou email.")
    apply_url: str | None = Field(None, max_length=500, description="Adresse du site de candidature.")
    apply_email: str | None = Field(None, max_length=254, description="E-mail de candidature.")
    programme_context: str | None = Field(
        None,
        max_length=30,
        description="chef_projet_pvd, chef_projet_acv, manager_centre_ville, vta, developpement_ti, qpv.",
    )
    is_public_employer: bool | None = Field(
        None, description="Employeur public (collectivité, État) : change la règle sur la nationalité."
    )


class AnalysisSpanOut(Schema):
    start: int = Field(description="Position du premier caractère dans le champ (à partir de 0).")
    end: int = Field(description="Position qui suit le dernier caractère.")
    text: str = Field(description="Les mots en cause.")


class AnalysisFindingOut(Schema):
    rule_id: str = Field(description="Identifiant stable de la règle, par exemple legal.age.")
    category: str = Field(description="legal, inclusive, completeness, readability, jargon ou territory.")
    severity: str = Field(description="error (à corriger), warning (à améliorer) ou info (suggestion).")
    message: str = Field(description="Ce qui ne va pas.")
    why: str = Field(description="Pourquoi c'est important.")
    fix: str = Field(description="Comment corriger.")
    field: str | None = Field(description="Le champ concerné.")
    suggestion: str | None = Field(description="Une proposition prête à l'emploi, s'il y en a une.")
    spans: list[AnalysisSpanOut]


class AnalysisCategoryOut(Schema):
    label: str
    score: int = Field(description="Sous-score de 0 à 100.")
    weight: int = Field(description="Poids dans le score (la somme des poids vaut 100).")
    findings: int = Field(description="Nombre de remarques de la catégorie.")


class OfferAnalysisOut(Schema):
    score: int = Field(description="Score de qualité de 0 à 100.")
    level: str = Field(description="À corriger, À améliorer ou Bonne offre.")
    readability: float | None = Field(description="Indice de lisibilité de Kandel et Moles (plus haut = plus facile).")
    word_count: int
    categories: dict[str, AnalysisCategoryOut]
    findings: list[AnalysisFindingOut]


class AnalyseErrorOut(Schema):
    detail: str


class AnalyseFieldErrorOut(Schema):
    field: str | None
    message: str


class AnalyseValidationErrorOut(Schema):
    detail: str
    errors: list[AnalyseFieldErrorOut]


@router.post(
    "/offers/analyse",
    response={200: OfferAnalysisOut, 413: AnalyseErrorOut, 422: AnalyseValidationErrorOut, 429: AnalyseErrorOut},
    summary="Analyser une offre (score de qualité et remarques)",
    auth=None,
)
# decorate_view wraps in order, the last outermost: the rate limit counts every request, even bad ones.
@decorate_view(check_body, rate_limited("offers-analyse", limit=_rate_limit, window=60))
def analyse_offer(request: HttpRequest, payload: OfferAnalyseIn):
    """Le même assistant que l'éditeur d'offres : envoyez tout ou partie des champs d'une offre, recevez le
    score (0–100), les sous-scores par catégorie et les remarques (règle, gravité, message, mots en cause avec
    leur position dans le champ). Public, limité à 60 requêtes et 150 000 caractères analysés par minute et
    par adresse, à 100 ko par requête, 10 000 caractères par champ et 30 000 en tout. Aucune donnée n'est
    enregistrée."""
    data = payload.dict(exclude_none=True)
    commune_name = ""
    if code := (data.get("commune") or "").strip().upper():
        commune_name = Commune.objects.filter(pk=code).values_list("name", flat=True).first() or ""
        if not commune_name:
            raise ValidationError(
                [{"loc": ("body", "commune"), "type": "unknown_commune", "msg": f"Commune inconnue : « {code} »."}]
            )
    draft = OfferDraft(
        title=data.get("title", ""),
        occupation_code=data.get("occupation", ""),
        occupation_label=data.get("occupation_label", ""),
        contract_type=data.get("contract_type", ""),
        contract_duration_months=data.get("contract_duration_months"),
        public_category=data.get("public_category", ""),
        weekly_hours=data.get("weekly_hours"),
        education_level=data.get("education_level"),
        salary_min=data.get("salary_min"),
        salary_max=data.get("salary_max"),
        start_date=data.get("start_date"),
        closing_date=data.get("closing_date"),
        commune_code=code,
        commune_name=commune_name,
        address=data.get("address", ""),
        remote=data.get("remote", ""),
        missions=data.get("missions", ""),
        profile=data.get("profile", ""),
        benefits=data.get("benefits", ""),
        territory_presentation=data.get("territory_presentation", ""),
        apply_method=data.get("apply_method", ""),
        apply_url=data.get("apply_url", ""),
        apply_email=data.get("apply_email", ""),
        programme_context=data.get("programme_context", ""),
        is_public_employer=data.get("is_public_employer"),
    )
    return analysis_as_dict(analyse(draft, AnalysisContext(today=timezone.localdate())))
