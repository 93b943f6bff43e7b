"""Offers counted per département and per commune, for the map of the board's results.

Same search, same filters as the board: the counts come from the board's own query builder
(`search.offers._Query`: text through the full-text index, every filter, the radius), grouped
instead of paged, so a département's count on the map is the number of offers the board lists
with `departement=<code>` added. Counts are exact (not capped at COUNT_CAP like the board's
total): a GROUP BY reads every match once. On the demo (a few thousand offers) that is a few
milliseconds; at 1M offers a broad text reads all its matches (see docs/reference-data.md, « The offer map »).

    offers_by_departement(params)  -> {"58": 12, "42": 40, ...}
    offers_by_commune(params)      -> [CommuneCount("58079", "Clamecy", 47.46, 3.51, 3), ...]

With the search engine (SEARCH_ENGINE = "tantivy") the same counts come from one aggregation over
every match in the engine's index (per commune; a commune's département and position from the COG).
"""

# SQL is assembled from constant identifiers and the board's own WHERE (bound parameters only).
# ruff: noqa: S608

from __future__ import annotations

from dataclasses import dataclass, replace

from django.db import connection

from .geo import places
from .offers import OfferSearchParams, _is_empty_text, _Query, engine_commune_counts


@dataclass(frozen=True)
class CommuneCount:
    code: str
    name: str
    latitude: float | None
    longitude: float | None
    count: int


def _grouped(params: OfferSearchParams, columns: str, group_by: str) -> list[tuple]:
    if _is_empty_text(params):
        return []
    q = _Query(replace(params, offset=0), connection.vendor)
    from_clause, where, args = q.from_where()
    sql = f"SELECT {columns}, COUNT(*) FROM {from_clause} WHERE {where} GROUP BY {group_by}"
    with connection.cursor() as cursor:
        cursor.execute(sql, args)
        return cursor.fetchall()


def offers_by_departement(params: OfferSearchParams) -> dict[str, int]:
    """{département code: number of matching offers}, départements without any left out."""
    per_commune = engine_commune_counts(params)
    if per_commune is None:
        return dict(_grouped(params, "d.departement", "d.departement"))
    known = places()
    counts: dict[str, int] = {}
    for code, count in per_commune.items():
        departement = known.get(code, ("", "", None, None))[1]
        counts[departement] = counts.get(departement, 0) + count
    return counts


def offers_by_commune(params: OfferSearchParams) -> list[CommuneCount]:
    """Matching offers per commune (with the commune's position, None when unknown), most first."""
    per_commune = engine_commune_counts(params)
    if per_commune is None:
        rows = _grouped(
            params,
            "d.commune_code, MAX(d.commune_name), MAX(d.latitude), MAX(d.longitude)",
            "d.commune_code",
        )
    else:
        known = places()
        rows = []
        for code, count in per_commune.items():
            name, _, latitude, longitude = known.get(code, (code, "", None, None))
            rows.append((code, name, latitude, longitude, count))
    counts = [CommuneCount(code, name, lat, lon, count) for code, name, lat, lon, count in rows]
    return sorted(counts, key=lambda c: (-c.count, c.name, c.code))
