"""The one commune search, used by every form, page and the API.

Names are compared in a normalised form (`normalize`): lower case, no accents, hyphens and
apostrophes as spaces, "saint"/"sainte" as "st"/"ste". So "st etienne", "SAINT-ÉTIENNE" and
"Saint Etienne" are the same query. Digits search postcodes (prefix) and INSEE codes.
Results are ranked: names starting with the query first, then names with a word starting with
it, each by population.
"""

from __future__ import annotations

import re
import unicodedata

from .models import Commune, PostalCode

_SEPARATORS = re.compile(r"[\s\-'’‘`´.,;/()]+")
_ABBREVIATIONS = {"saint": "st", "sainte": "ste", "saints": "sts", "saintes": "stes"}
INSEE_CODE = re.compile(r"^(\d{5}|2[ABab]\d{3})$")
MAX_QUERY_LENGTH = 100


def normalize(text: str) -> str:
    """Normalise a commune name or a query for comparison."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    ascii_text = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_text = ascii_text.replace("œ", "oe").replace("æ", "ae")
    words = [w for w in _SEPARATORS.split(ascii_text) if w]
    return " ".join(_ABBREVIATIONS.get(w, w) for w in words)


def search_communes(query: str, limit: int = 10) -> list[Commune]:
    """Communes matching `query` by name, postcode or INSEE code, most populated first."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    limit = max(1, min(limit, 50))
    if not query:
        return []
    base = Commune.objects.select_related("departement")
    compact = query.replace(" ", "")
    if compact.isdigit() or INSEE_CODE.match(compact):
        return _search_codes(base, compact.upper(), limit)
    term = normalize(query)
    if not term:
        return []
    results = list(base.filter(search_name__startswith=term).order_by("-population", "code")[:limit])
    if len(results) < limit:
        seen = [c.code for c in results]
        results += list(
            base.filter(search_name__contains=f" {term}")
            .exclude(code__in=seen)
            .order_by("-population", "code")[: limit - len(results)]
        )
    return results


def _search_codes(base, code: str, limit: int) -> list[Commune]:
    results: list[Commune] = []
    if INSEE_CODE.match(code):
        results = list(base.filter(code=code))
    if code.isdigit() and len(code) >= 2:
        commune_codes = PostalCode.objects.filter(code__startswith=code).values("commune_id").distinct()
        results += list(
            base.filter(code__in=commune_codes)
            .exclude(code__in=[c.code for c in results])
            .order_by("-population", "code")[: limit - len(results)]
        )
    return results[:limit]
