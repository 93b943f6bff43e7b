"""The platform's REST API (OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs).

Each app contributes a router from its own `api.py`; this module only assembles them and makes
every error a JSON body with a French message.
"""

from django.http import HttpRequest, HttpResponse
from ninja import NinjaAPI
from ninja.errors import HttpError, ValidationError

from emploi_territoires.offers.assistant.api import router as assistant_router
from emploi_territoires.search.api import router as offers_router
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
    "string_type": "Texte attendu.",
    "int_type": "Nombre entier attendu.",
    "list_type": "Liste attendue.",
    "dict_type": "Objet JSON attendu.",
    "model_attributes_type": "Objet JSON attendu.",
    "literal_error": "Valeur non autorisée.",
    "enum": "Valeur non autorisée.",
    "greater_than_equal": "Valeur trop petite.",
    "less_than_equal": "Valeur trop grande.",
    "extra_forbidden": "Champ inconnu.",
}
# The first element of a location is where the value came from (query, path, body) and, for a
# JSON body, the next one is the parameter's name: neither helps the API's users.
_LOCATION_PREFIXES = {"query", "path", "body", "header", "cookie", "form", "file"}
_BODY_PARAMETERS = {"payload", "data", "body"}


def _field_name(loc: list) -> str | None:
    parts = [str(p) for p in loc]
    if parts and parts[0] in _LOCATION_PREFIXES:
        parts = parts[1:]
    if parts and parts[0] in _BODY_PARAMETERS:
        parts = parts[1:]
    return ".".join(parts) or None


@api.exception_handler(ValidationError)
def validation_error(request: HttpRequest, exc: ValidationError) -> HttpResponse:
    errors = [
        {
            "field": _field_name(err.get("loc", [])),
            "message": FRENCH_MESSAGES.get(err.get("type", ""), err.get("msg", "")),
        }
        for err in exc.errors
    ]
    return api.create_response(request, {"detail": "Paramètres invalides.", "errors": errors}, status=422)


@api.exception_handler(HttpError)
def http_error(request: HttpRequest, exc: HttpError) -> HttpResponse:
    # django-ninja answers an unparsable JSON body with an English 400: say it in French, as a 422.
    if not str(exc).startswith("Cannot parse request body"):
        return api.create_response(request, {"detail": str(exc)}, status=exc.status_code)
    return api.create_response(
        request,
        {
            "detail": "Le corps de la requête n'est pas un JSON valide.",
            "errors": [{"field": None, "message": "JSON invalide."}],
        },
        status=422,
    )


api.add_router("/", territories_router)
api.add_router("/", assistant_router)
api.add_router("/", offers_router)
