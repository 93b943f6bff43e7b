"""Communes within a radius, for the offer search's distance filter.

An offer is located at its commune's position, so "within 30 km of Clamecy" is exactly "in one of
the communes whose position is within 30 km": this module answers that from an in-process list
of the 35,000 commune positions sorted by latitude (a bisect on the latitude band, then the
exact haversine on the few hundred communes of the band), in well under a millisecond. The SQL
then filters on an indexed `commune_code IN (...)`: exact, no trigonometry in SQL (SQLite may
lack it), and consistent between the count and the results.

The list is rebuilt when the COG is reloaded (fingerprint of its `ReferenceDataset` row) or a
commune is saved in this process, like the commune search. The fingerprint is read at most every
FINGERPRINT_SECONDS (a query per search costs more than the rest of a radius lookup), and at
once when this process saves a reference dataset.
"""

from __future__ import annotations

import bisect
import math
import threading
import time
from dataclasses import dataclass

from django.db.models.signals import post_delete, post_save

from emploi_territoires.territories.geodesy import KM_PER_DEGREE_LAT, haversine_km
from emploi_territoires.territories.models import Commune, ReferenceDataset


@dataclass
class _Positions:
    latitudes: list[float]
    rows: list[tuple[float, float, str]]  # (latitude, longitude, code), sorted by latitude
    by_code: dict[str, tuple[float, float]] | None = None


_cache: dict[str, object] = {"positions": None, "fingerprint": None, "checked": 0.0}
_lock = threading.Lock()
FINGERPRINT_SECONDS = 5.0


def _fingerprint() -> tuple | None:
    return ReferenceDataset.objects.filter(name="cog").values_list("checksum", "loaded_at").first()


def _positions() -> _Positions:
    now = time.monotonic()
    positions = _cache["positions"]
    if positions is not None and now - _cache["checked"] < FINGERPRINT_SECONDS:  # type: ignore[operator]
        return positions  # type: ignore[return-value]
    fingerprint = _fingerprint()
    with _lock:
        _cache["checked"] = now
        positions = _cache["positions"]
        if positions is None or _cache["fingerprint"] != fingerprint:
            rows = sorted(
                Commune.objects.filter(latitude__isnull=False, longitude__isnull=False).values_list(
                    "latitude", "longitude", "code"
                )
            )
            positions = _Positions([r[0] for r in rows], rows)
            _cache["positions"], _cache["fingerprint"] = positions, fingerprint
        return positions  # type: ignore[return-value]


def communes_within(latitude: float, longitude: float, radius_km: float) -> dict[str, float]:
    """{INSEE code: distance in km} of the communes whose position is within `radius_km`."""
    positions = _positions()
    band = radius_km / KM_PER_DEGREE_LAT + 0.01
    start = bisect.bisect_left(positions.latitudes, latitude - band)
    stop = bisect.bisect_right(positions.latitudes, latitude + band)
    # Longitude degrees shrink with latitude: a loose box first, the exact distance after.
    lon_band = band / max(math.cos(math.radians(min(abs(latitude) + band, 89.0))), 0.01)
    found: dict[str, float] = {}
    for lat, lon, code in positions.rows[start:stop]:
        if abs(lon - longitude) > lon_band:
            continue
        distance = haversine_km(latitude, longitude, lat, lon)
        if distance <= radius_km:
            found[code] = distance
    return found


def positions() -> dict[str, tuple[float, float]]:
    """{INSEE code: (latitude, longitude)} of every positioned commune (the search engine's distance order)."""
    current = _positions()
    if current.by_code is None:
        current.by_code = {code: (lat, lon) for lat, lon, code in current.rows}
    return current.by_code


def places() -> dict[str, tuple[str, str, float | None, float | None]]:
    """{INSEE code: (name, département, latitude, longitude)} of every commune (the map's counts
    from the search engine, search.mapping), rebuilt with the positions."""
    current = _positions()
    with _lock:
        cached = _cache.get("places")
        if cached is None or cached[0] is not current:
            rows = Commune.objects.values_list("code", "name", "departement_id", "latitude", "longitude")
            cached = (current, {code: (name, dep, lat, lon) for code, name, dep, lat, lon in rows})
            _cache["places"] = cached
        return cached[1]


def invalidate(**kwargs: object) -> None:
    with _lock:
        _cache["positions"] = None


post_save.connect(invalidate, sender=ReferenceDataset, dispatch_uid="offer_search_positions_dataset_save")
post_delete.connect(invalidate, sender=ReferenceDataset, dispatch_uid="offer_search_positions_dataset_delete")
post_save.connect(invalidate, sender=Commune, dispatch_uid="offer_search_positions_save")
post_delete.connect(invalidate, sender=Commune, dispatch_uid="offer_search_positions_delete")
