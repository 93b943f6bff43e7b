"""Distances on the Earth, in pure Python: the one place the Earth's radius is written.

Imported by the pure cores (application matching, mentoring pairs, diagnostics indicators) as well
as by the Django code, so it imports nothing from Django nor from the rest of the project.
"""

from __future__ import annotations

import math

# Mean Earth radius (IUGG, the arithmetic mean of the WGS 84 ellipsoid's axes), in kilometres.
EARTH_RADIUS_KM = 6371.0088
KM_PER_DEGREE_LAT = EARTH_RADIUS_KM * math.pi / 180.0


def haversine_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Great-circle distance in kilometres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(math.sqrt(a))
