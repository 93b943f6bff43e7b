"""The one territory search, used by every form, page, picker and the API.

`search_communes(query)` finds communes; `search_territories(query, levels)` finds any territory
(commune, EPCI, département, région, programme) by name or code, the communes through
`search_communes`; `resolve_territory(text, levels)` turns what a picker holds into one territory
or says, in French, why it cannot (unknown, or ambiguous with the choices to offer).

Names are compared in a normalised form (`normalize`): lower case, no accents, hyphens and
apostrophes as spaces, "saint"/"sainte" as "st"/"ste". So "st etienne", "SAINT-ÉTIENNE" and
"Saint Etienne" are the same query. Digits search postcodes (prefix) and INSEE codes.
Results are ranked: names starting with the query first, then names with a word starting with
it, each by population.

    search_territories("CC Haut Nivernais")          # [TerritoryMatch("epci", "200067429", …)]
    resolve_territory("Nièvre", levels=("departement",)).code   # "58"
    resolve_territory("58500", levels=("commune",)).code        # "58079" (its postcode)
"""

from __future__ import annotations

import bisect
import heapq
import re
import threading
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db.models import Sum
from django.db.models.signals import post_delete, post_save

from .models import EPCI, Commune, Departement, Programme, ReferenceDataset, Region

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


# --- Every level: communes, EPCI, départements, régions, programmes --------------------------------

LEVEL_LABELS = {
    "commune": "commune",
    "epci": "intercommunalité",
    "departement": "département",
    "region": "région",
    "programme": "programme",
}
ALL_LEVELS = tuple(LEVEL_LABELS)
MAX_CHOICES = 8
_EPCI_CODE = re.compile(r"^\d{9}$")
_DEPARTEMENT_CODE = re.compile(r"^(?:\d{2}|2[AB]|97\d)$", re.IGNORECASE)
_REGION_CODE = re.compile(r"^\d{2}$")
_LABEL = re.compile(r"^(?P<name>.*?)\s*\((?P<code>[0-9A-Za-z]{2,9})\)\s*$")
# What people type for the kinds of EPCI, as the COG writes them ("CC Haut Nivernais - Val d'Yonne").
_EPCI_KINDS = [
    ("communaute de communes", "cc"),
    ("communaute d agglomeration", "ca"),
    ("communaute urbaine", "cu"),
    ("etablissement public territorial", "ept"),
]
EPCI_NATURES = {
    "CC": "communauté de communes",
    "CA": "communauté d'agglomération",
    "CU": "communauté urbaine",
    "METRO": "métropole",
    "MET69": "métropole de Lyon",
}
_STOP_WORDS = frozenset({"de", "du", "des", "d", "la", "le", "les", "l", "et", "en", "sur"})


@dataclass(frozen=True)
class TerritoryMatch:
    """One territory a query designates; `exact` when the whole name or code was typed."""

    level: str
    code: str
    name: str
    population: int = 0
    context: str = ""  # the département of a commune, the kind of an EPCI…
    exact: bool = False
    display: str = ""  # how a list of results names it: « Clamecy (Nièvre, 58) », « Nièvre (58) »

    @property
    def label(self) -> str:
        """What a picker shows and reads back: « Nom (code) »."""
        return f"{self.name} ({self.code})"

    @property
    def display_name(self) -> str:
        return self.display or self.name

    @property
    def level_label(self) -> str:
        return LEVEL_LABELS[self.level]

    @property
    def description(self) -> str:
        """A choice in a list: « CC Haut Nivernais - Val d'Yonne (200067429) — intercommunalité »."""
        context = f", {self.context}" if self.context else ""
        return f"{self.label} — {self.level_label}{context}"


class TerritoryNotFound(ValidationError):
    def __init__(self, message: str) -> None:
        super().__init__(message, code="unknown_territory")


class AmbiguousTerritory(ValidationError):
    """Several territories fit: `choices` are the ones to offer, best first."""

    def __init__(self, message: str, choices: Sequence[TerritoryMatch]) -> None:
        super().__init__(message, code="ambiguous_territory")
        self.choices = list(choices)


def _words(name: str) -> list[str]:
    text = f" {normalize(name)} "
    for long, short in _EPCI_KINDS:
        text = text.replace(f" {long} ", f" {short} ")
    return [w for w in text.split() if w not in _STOP_WORDS] or text.split()


@dataclass
class _Named:
    level: str
    code: str
    key: str  # normalised name
    words: list[str]
    population: int
    context: str = ""


@dataclass
class _NameIndex:
    """EPCI, départements, régions and programmes by name: 1,400 rows, matched in memory."""

    entries: list[_Named] = field(default_factory=list)
    by_code: dict[tuple[str, str], _Named] = field(default_factory=dict)

    def add(self, entry: _Named) -> None:
        self.entries.append(entry)
        self.by_code[(entry.level, entry.code)] = entry


_names_cache: dict[str, object] = {"index": None, "fingerprint": None}


def _build_name_index() -> _NameIndex:
    index = _NameIndex()
    departement_population = dict(
        Commune.objects.values_list("departement_id").annotate(n=Sum("population")).order_by()
    )
    region_population = dict(Commune.objects.values_list("region_id").annotate(n=Sum("population")).order_by())
    for siren, name, nature, population in EPCI.objects.values_list("siren", "name", "nature", "population"):
        index.add(_Named("epci", siren, normalize(name), _words(name), population, EPCI_NATURES.get(nature, "")))
    for code, name, region in Departement.objects.values_list("code", "name", "region__name"):
        population = departement_population.get(code, 0)
        index.add(_Named("departement", code, normalize(name), _words(name), population, region))
    for code, name in Region.objects.values_list("code", "name"):
        index.add(_Named("region", code, normalize(name), _words(name), region_population.get(code, 0)))
    for programme in Programme:
        index.add(_Named("programme", programme.value, normalize(programme.label), _words(programme.label), 0))
    return index


def _get_name_index() -> _NameIndex:
    fingerprint = _fingerprint()
    with _lock:
        index = _names_cache["index"]
        if index is None or _names_cache["fingerprint"] != fingerprint:
            index = _build_name_index()
            _names_cache["index"], _names_cache["fingerprint"] = index, fingerprint
        return index  # type: ignore[return-value]


def _name_rank(entry: _Named, term: str, words: list[str]) -> int | None:
    """0: the whole name; 1: the name starts with the query; 2: every word starts a word of the name."""
    if entry.key == term:
        return 0
    if entry.key.startswith(term):
        return 1
    remaining = list(entry.words)
    for word in words:
        found = next((w for w in remaining if w.startswith(word)), None)
        if found is None:
            return None
        remaining.remove(found)
    return 2


def _rows(level: str, codes: Iterable[str]) -> dict[str, object]:
    """The database rows behind index entries (a stale index may name a deleted one: it is dropped)."""
    codes = list(codes)
    if not codes:
        return {}
    if level == "epci":
        return EPCI.objects.in_bulk(codes)
    if level == "departement":
        return Departement.objects.select_related("region").in_bulk(codes)
    if level == "region":
        return Region.objects.in_bulk(codes)
    return {p.value: p for p in Programme if p.value in codes}


def _match(entry: _Named, row: object, exact: bool) -> TerritoryMatch:
    if entry.level == "programme":
        return TerritoryMatch("programme", entry.code, row.label, 0, "", exact)  # type: ignore[attr-defined]
    name: str = row.name  # type: ignore[attr-defined]
    if entry.level == "departement":
        region = row.region.name  # type: ignore[attr-defined]
        return TerritoryMatch(entry.level, entry.code, name, entry.population, region, exact, f"{name} ({entry.code})")
    return TerritoryMatch(entry.level, entry.code, name, entry.population, entry.context, exact)


def _commune_match(commune: Commune, exact: bool) -> TerritoryMatch:
    departement = commune.departement
    return TerritoryMatch(
        "commune",
        commune.code,
        commune.name,
        commune.population,
        f"{departement.name} ({departement.code})",
        exact,
        f"{commune.name} ({departement.name}, {departement.code})",
    )


def search_territories(query: str, levels: Iterable[str] = ALL_LEVELS, limit: int = 10) -> list[TerritoryMatch]:
    """Territories of `levels` matching `query` (a name, a code, a postcode, or « Nom (code) »), best first.

    Codes: 5 characters for a commune (or its postcode), 9 digits for an EPCI, 2 or 3 for a
    département or a région, acv/pvd/ti/qpv/fs for a programme. Whole names and codes come first
    (`exact`), then names starting with the query, then names with every word of the query.
    """
    wanted = [level for level in ALL_LEVELS if level in set(levels)]
    query = (query or "").strip()[:MAX_QUERY_LENGTH]
    limit = max(1, min(limit, 50))
    if not query or not wanted:
        return []
    label = _LABEL.match(query)
    if label:
        by_code = _by_code(label.group("code"), wanted)
        same_name = [m for m in by_code if normalize(m.name) == normalize(label.group("name"))]
        if same_name or len(by_code) == 1:
            return same_name or by_code
        query = label.group("name") or query
    found = _by_code(query, wanted)
    if "commune" in wanted:
        found += _communes(query, limit, exact_codes={m.code for m in found if m.level == "commune"})
    found += _by_name(query, [level for level in wanted if level != "commune"], limit)
    seen: set[tuple[str, str]] = set()
    unique = []

    # Whole names and codes first (communes, then EPCI, départements…), then the partial matches of
    # the larger territories (a handful), then the communes whose name starts with the query.
    def order(match: TerritoryMatch) -> tuple[bool, int]:
        # sorted() is stable: within a group, each search keeps its own ranking.
        return (not match.exact, ALL_LEVELS.index(match.level) if match.exact else int(match.level == "commune"))

    for match in sorted(found, key=order):
        if (match.level, match.code) not in seen:
            seen.add((match.level, match.code))
            unique.append(match)
    return unique[:limit]


def _by_code(text: str, levels: list[str]) -> list[TerritoryMatch]:
    """Exact codes: one primary-key query per level the code can belong to (no index needed)."""
    code = text.replace(" ", "").upper()
    matches: list[TerritoryMatch] = []
    if "commune" in levels and INSEE_CODE.match(code):
        commune = Commune.objects.select_related("departement").filter(pk=code).first()
        if commune is not None:
            matches.append(_commune_match(commune, exact=True))
    if "epci" in levels and _EPCI_CODE.match(code):
        epci = EPCI.objects.filter(pk=code).first()
        if epci is not None:
            context = EPCI_NATURES.get(epci.nature, "")
            matches.append(TerritoryMatch("epci", epci.siren, epci.name, epci.population, context, exact=True))
    if "departement" in levels and _DEPARTEMENT_CODE.match(code):
        departement = Departement.objects.select_related("region").filter(pk=code).first()
        if departement is not None:
            display = f"{departement.name} ({departement.code})"
            matches.append(
                TerritoryMatch(
                    "departement", departement.code, departement.name, 0, departement.region.name, True, display
                )
            )
    if "region" in levels and _REGION_CODE.match(code):
        region = Region.objects.filter(pk=code).first()
        if region is not None:
            matches.append(TerritoryMatch("region", region.code, region.name, exact=True))
    if "programme" in levels and code.lower() in {p.value for p in Programme}:
        programme = Programme(code.lower())
        matches.append(TerritoryMatch("programme", programme.value, programme.label, exact=True))
    return matches


def _communes(query: str, limit: int, exact_codes: set[str]) -> list[TerritoryMatch]:
    compact = query.replace(" ", "")
    if compact.isdigit() and len(compact) != 5:
        # "58" is the Nièvre, not every commune whose postcode starts with 58.
        return []
    term = normalize(query)
    matches = []
    for commune in search_communes(query, limit):
        if commune.code in exact_codes:
            continue
        exact = commune.search_name == term or (compact.isdigit() and compact in commune.postcodes)
        matches.append(_commune_match(commune, exact))
    return matches


def _by_name(query: str, levels: list[str], limit: int) -> list[TerritoryMatch]:
    if not levels or query.replace(" ", "").isdigit():
        return []
    term = normalize(query)
    words = _words(query)
    if not term:
        return []
    index = _get_name_index()
    scored = []
    for entry in index.entries:
        if entry.level in levels:
            rank = _name_rank(entry, term, words)
            if rank is not None:
                scored.append((rank, -entry.population, entry.key, entry))
    scored.sort(key=lambda item: item[:3])
    scored = scored[:limit]
    rows: dict[str, dict[str, object]] = {}
    for level in levels:
        rows[level] = _rows(level, [e.code for _, _, _, e in scored if e.level == level])
    return [
        _match(entry, rows[entry.level][entry.code], exact=rank == 0)
        for rank, _, _, entry in scored
        if entry.code in rows[entry.level]
    ]


def _examples(levels: Sequence[str]) -> str:
    examples = {
        "commune": "« Clamecy », « 58500 » ou « 58079 »",
        "epci": "« CC Haut Nivernais » ou « 200067429 »",
        "departement": "« Nièvre » ou « 58 »",
        "region": "« Bourgogne-Franche-Comté » ou « 27 »",
        "programme": "« Petites villes de demain » ou « pvd »",
    }
    return " ; ".join(examples[level] for level in levels if level in examples)


def resolve_territory(text: str, levels: Iterable[str] = ALL_LEVELS) -> TerritoryMatch:
    """The one territory `text` designates, or TerritoryNotFound / AmbiguousTerritory (French messages).

    One exact match (whole name, code, postcode of a single commune, « Nom (code) ») wins; so does
    the only match. Several exact matches, or several partial ones, make a choice to offer.
    """
    wanted = [level for level in ALL_LEVELS if level in set(levels)]
    text = (text or "").strip()
    matches = search_territories(text, wanted, limit=MAX_CHOICES + 1) if text else []
    kinds = ", ".join(LEVEL_LABELS[level] for level in wanted)
    if not matches:
        shown = text[:60]
        raise TerritoryNotFound(
            f"Aucun territoire ({kinds}) ne correspond à « {shown} ». Saisissez un nom ou un code, par exemple : "
            f"{_examples(wanted)}."
        )
    exact = [m for m in matches if m.exact]
    if len(exact) > 1:
        # "Loire" is the département, not Loiré (49): accents typed break the tie.
        spelled = [m for m in exact if m.name.casefold() == text.casefold()]
        exact = spelled if len(spelled) == 1 else exact
    if len(exact) == 1:
        return exact[0]
    if len(matches) == 1:
        return matches[0]
    choices = (exact or matches)[:MAX_CHOICES]
    raise AmbiguousTerritory(
        f"Plusieurs territoires correspondent à « {text[:60]} » : choisissez-en un dans la liste "
        f"({', '.join(m.label for m in choices[:3])}{'…' if len(choices) > 3 else ''}).",
        choices,
    )


def invalidate_name_index(**kwargs: object) -> None:
    with _lock:
        _names_cache["index"] = None


for _model in (EPCI, Departement, Region, Commune):
    post_save.connect(invalidate_name_index, sender=_model, dispatch_uid=f"territory_names_save_{_model.__name__}")
    post_delete.connect(invalidate_name_index, sender=_model, dispatch_uid=f"territory_names_delete_{_model.__name__}")
