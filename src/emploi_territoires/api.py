"""The platform's REST API (OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs).

Each app contributes a router from its own `api.py`; this module only assembles them and makes
every error a JSON body with a French message.
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import ValidationError

from emploi_territoires.offers.api import router as offers_router
from emploi_territoires.offers.assistant.api import router as assistant_router
from emploi_territoires.territories.api import router as territories_router

api = NinjaAPI(
    title="Emploi Territoires API",
    version="1",
    description="API publique de la plateforme Emploi Territoires. Erreurs : JSON {detail, errors?}.",
    urls_namespace="api",
)


# Pydantic's messages are English: the API answers in French for the common cases.
FRENCH_MESSAGES = {
    "missing": "Champ obligatoire.",
    "int_parsing": "Nombre entier attendu.",
    "float_parsing": "Nombre attendu.",
    "bool_parsing": "Booléen attendu (true ou false).",
    "string_too_long": "Texte trop long.",
    "date_from_datetime_parsing": "Date attendue au format AAAA-MM-JJ.",
    "date_parsing": "Date attendue au format AAAA-MM-JJ.",
    "json_invalid": "JSON invalide.",
}


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": ".".join(str(p) for p in err.get("loc", [])[1:]) or None,
            "message": FRENCH_MESSAGES.get(err.get("type", ""), err.get("msg", "")),
        }
        for err in exc.errors
    ]
    return api.create_response(request, {"detail": "Paramètres invalides.", "errors": errors}, status=422)


api.add_router("/", territories_router)
api.add_router("/", assistant_router)
api.add_router("/", offers_router)
