"""The platform's REST API (OpenAPI schema at /api/v1/openapi.json, docs at /api/v1/docs).

Each app contributes a router from its own `api.py`; this module only assembles them.
"""

from ninja import NinjaAPI

from emploi_territoires.territories.api import router as territories_router

api = NinjaAPI(
    title="Emploi Territoires API",
    version="1",
    description="API publique de la plateforme Emploi Territoires.",
    urls_namespace="api",
)
api.add_router("/", territories_router)
