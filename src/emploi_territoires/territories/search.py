"""The one commune search, used by every form, page and the API.

Names are compared in a normalised form (`normalize`): lower case, no accents, hyphens and
apostrophes as spaces, "saint"/"sainte" as "st"/"ste". So "st etienne", "SAINT-ÉTIENNE" and
"Saint Etienne" are the same query. Digits search postcodes (prefix) and INSEE codes.
Results are ranked: names starting with the query first, then names with a word starting with
it, each by population.
"""

from __future__ import annotations

import bisect
import heapq
import re
import threading
import unicodedata

from django.db.models.signals import post_delete, post_save

from .models import Commune, ReferenceDataset

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
    """Communes matching `query` by name, postcode or INSEE code, best first."""
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    limit = max(1, min(limit, 50))
    if not query:
        return []
    index = _get_index()
    compact = query.replace(" ", "")
    if compact.isdigit() or INSEE_CODE.match(compact):
        codes = index.codes_for_number(compact.upper(), limit)
    else:
        term = normalize(query)
        codes = index.codes_for_name(term, limit) if term else []
    if not codes:
        return []
    found = Commune.objects.select_related("departement").in_bulk(codes)
    # The index may lag behind the table in another process: drop what no longer exists.
    return [found[code] for code in codes if code in found]


class _Index:
    """An in-memory index of the 35,000 commune names, word suffixes and postcodes.

    Why in memory: a prefix search on every word of every name, ranked by population, is a
    few bisects here (well under a millisecond) while the same in SQL needs a full scan on
    SQLite. The final rows always come from the database, so a stale index can only miss a
    commune, never show a wrong one; it is rebuilt when the COG is reloaded (fingerprint) or a
    commune is saved in this process (signal).
    """

    def __init__(self, rows: list[tuple[str, str, int, list[str]]]) -> None:
        self.population = {code: population for code, _, population, _ in rows}
        entries: list[tuple[str, int, str]] = []  # (key, kind, code): kind 0 full name, 1 inner word
        postcodes: list[tuple[str, str]] = []
        for code, search_name, _, codes in rows:
            entries.append((search_name, 0, code))
            position = search_name.find(" ")
            while position != -1:
                entries.append((search_name[position + 1 :], 1, code))
                position = search_name.find(" ", position + 1)
            postcodes.extend((pc, code) for pc in codes)
        entries.sort()
        self.keys = [e[0] for e in entries]
        self.kinds = [e[1] for e in entries]
        self.codes = [e[2] for e in entries]
        postcodes.sort()
        self.postcodes = [p[0] for p in postcodes]
        self.postcode_communes = [p[1] for p in postcodes]
        self.names = {code: search_name for code, search_name, _, _ in rows}

    def codes_for_name(self, term: str, limit: int) -> list[str]:
        best: dict[str, tuple[int, int]] = {}
        i = bisect.bisect_left(self.keys, term)
        while i < len(self.keys) and self.keys[i].startswith(term):
            code = self.codes[i]
            rank = 0 if self.names[code] == term else 1 + self.kinds[i]
            if code not in best or rank < best[code][0]:
                best[code] = (rank, -self.population[code])
            i += 1
        return [code for code, _ in heapq.nsmallest(limit, best.items(), key=lambda item: (item[1], item[0]))]

    def codes_for_number(self, number: str, limit: int) -> list[str]:
        codes: list[str] = [number] if INSEE_CODE.match(number) and number in self.population else []
        if number.isdigit() and len(number) >= 2:
            matches: set[str] = set()
            i = bisect.bisect_left(self.postcodes, number)
            while i < len(self.postcodes) and self.postcodes[i].startswith(number):
                matches.add(self.postcode_communes[i])
                i += 1
            matches.difference_update(codes)
            codes += sorted(matches, key=lambda code: (-self.population[code], code))[: limit - len(codes)]
        return codes[:limit]


_cache: dict[str, object] = {"index": None, "fingerprint": None}
_lock = threading.Lock()


def _fingerprint() -> tuple | None:
    return ReferenceDataset.objects.filter(name="cog").values_list("checksum", "loaded_at").first()


def _get_index() -> _Index:
    fingerprint = _fingerprint()
    with _lock:
        index = _cache["index"]
        if index is None or _cache["fingerprint"] != fingerprint:
            rows = list(Commune.objects.values_list("code", "search_name", "population", "postcodes"))
            index = _Index(rows)
            _cache["index"], _cache["fingerprint"] = index, fingerprint
        return index  # type: ignore[return-value]


def invalidate_index(**kwargs: object) -> None:
    """Drop this process's index (connected to Commune saves and deletes)."""
    with _lock:
        _cache["index"] = None


post_save.connect(invalidate_index, sender=Commune, dispatch_uid="commune_search_invalidate_save")
post_delete.connect(invalidate_index, sender=Commune, dispatch_uid="commune_search_invalidate_delete")
