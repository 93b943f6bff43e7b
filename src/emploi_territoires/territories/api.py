"""Public API for the reference geography: the commune search every form uses."""

from __future__ import annotations

from django.http import HttpRequest
from ninja import Field, Router, Schema
from ninja.errors import HttpError

from .models import PROGRAMME_FLAG, Commune
from .search import MAX_QUERY_LENGTH, search_communes

router = Router(tags=["territoires"])


class CommuneOut(Schema):
    code: str = Field(description="code INSEE")
    name: str
    departement: str
    region: str
    epci: str | None = Field(None, description="SIREN de l'EPCI")
    postcodes: list[str]
    population: int
    latitude: float | None
    longitude: float | None
    coordinates_source: str = Field(description="centroid_file, registry, approximation, ou vide")
    programmes: list[str] = Field(description="acv, pvd, ti, qpv, fs")
    label: str = Field(description="libellé à afficher : « Nom (département) »")

    @staticmethod
    def from_commune(c: Commune) -> CommuneOut:
        return CommuneOut(
            code=c.code,
            name=c.name,
            departement=c.departement_id,
            region=c.region_id,
            epci=c.epci_id,
            postcodes=c.postcodes,
            population=c.population,
            latitude=c.latitude,
            longitude=c.longitude,
            coordinates_source=c.coordinates_source,
            programmes=[p.value for p, flag in PROGRAMME_FLAG.items() if getattr(c, flag)],
            label=str(c),
        )


class ErrorOut(Schema):
    detail: str


@router.get("/communes", response={200: list[CommuneOut], 400: ErrorOut}, summary="Rechercher une commune")
def communes(request: HttpRequest, q: str = "", limit: int = 10):
    """Par nom (insensible à la casse, aux accents, aux tirets, « st »/« saint »), code postal ou code INSEE,
    les plus peuplées d'abord."""
    if not q.strip():
        raise HttpError(400, "Le paramètre q (nom, code postal ou code INSEE) est obligatoire.")
    if len(q) > MAX_QUERY_LENGTH:
        raise HttpError(400, f"La recherche est limitée à {MAX_QUERY_LENGTH} caractères.")
    if not 1 <= limit <= 50:
        raise HttpError(400, "limit doit être compris entre 1 et 50.")
    return [CommuneOut.from_commune(c) for c in search_communes(q, limit)]


@router.get("/communes/{code}", response={200: CommuneOut, 404: ErrorOut}, summary="Une commune par code INSEE")
def commune(request: HttpRequest, code: str):
    found = Commune.objects.filter(pk=code.upper()).first()
    if found is None:
        raise HttpError(404, f"Aucune commune avec le code INSEE « {code} ».")
    return CommuneOut.from_commune(found)
