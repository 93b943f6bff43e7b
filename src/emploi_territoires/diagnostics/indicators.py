"""Each diagnostic indicator as a plain function of plain numbers (no database here).

Definitions, shown on the page and in docs/diagnostics.md:

- fill rate = filled / (filled + expired), over offers that reached an outcome (pourvue or expirée)
  during the period; offers still open or archived without an outcome are not counted. None when
  no offer reached an outcome.
- time to fill = days from the offer's publication (published_at) to its transition to "pourvue"
  (OfferTransition to_status=filled); the median is read from a histogram of whole days, which
  adds up exactly from communes to larger territories.
- applications per offer = applications received / offers ever published.
- tension index (per occupation) = (people declared in needs + open offers) / max(1, candidates
  available within 30 km). Above 1: more demand than candidates nearby.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

# ROME "grands domaines" (the first letter of a ROME code).
FAMILIES: dict[str, str] = {
    "A": "Agriculture, pêche, espaces verts, soins aux animaux",
    "B": "Arts et façonnage d'ouvrages d'art",
    "C": "Banque, assurance, immobilier",
    "D": "Commerce, vente et grande distribution",
    "E": "Communication, média et multimédia",
    "F": "Construction, bâtiment et travaux publics",
    "G": "Hôtellerie-restauration, tourisme, loisirs et animation",
    "H": "Industrie",
    "I": "Installation et maintenance",
    "J": "Santé",
    "K": "Services à la personne et à la collectivité",
    "L": "Spectacle",
    "M": "Support à l'entreprise",
    "N": "Transport et logistique",
}
NO_FAMILY = "Métier non précisé"
RADIUS_KM = 30.0


def occupation_family(code: str | None) -> str:
    """Family label of a ROME code: 'K2111' -> 'Services à la personne et à la collectivité'."""
    if not code:
        return NO_FAMILY
    return FAMILIES.get(code[0].upper(), NO_FAMILY)


def fill_rate(filled: int, expired: int) -> float | None:
    """filled / (filled + expired); None when no offer reached an outcome."""
    total = filled + expired
    return filled / total if total else None


def share(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def applications_per_offer(applications: int, published_offers: int) -> float | None:
    return applications / published_offers if published_offers else None


def tension_index(needs: int, open_offers: int, candidates: int) -> float:
    """(declared needs + open offers) / max(1, available candidates)."""
    return (needs + open_offers) / max(1, candidates)


def median_from_histogram(histogram: Mapping[int | str, int]) -> float | None:
    """Median of values given as {value: count} (keys may be JSON strings); None when empty.

    With an even total the median is the mean of the two middle values, like statistics.median.
    """
    items = sorted((int(value), count) for value, count in histogram.items() if count > 0)
    total = sum(count for _, count in items)
    if not total:
        return None
    lower_rank, upper_rank = (total - 1) // 2, total // 2
    lower: int | None = None
    upper: int | None = None
    seen = 0
    for value, count in items:
        if lower is None and seen + count > lower_rank:
            lower = value
        if seen + count > upper_rank:
            upper = value
            break
        seen += count
    if lower is None or upper is None:  # not reached: total > 0 puts both ranks inside the items
        return None
    return (lower + upper) / 2


def add_counts(into: dict[str, Any], other: Mapping[str, Any]) -> dict[str, Any]:
    """Adds `other`'s counts into `into` (nested dicts of numbers), and returns it."""
    for key, value in other.items():
        if isinstance(value, Mapping):
            add_counts(into.setdefault(key, {}), value)
        else:
            into[key] = into.get(key, 0) + value
    return into


def tension_ranking(
    needs_by_occupation: Mapping[str, int],
    open_by_occupation: Mapping[str, int],
    candidates_by_occupation: Mapping[str, int],
    labels: Mapping[str, str],
    limit: int = 20,
) -> list[dict[str, Any]]:
    """Occupations with needs or open offers, highest tension first."""
    rows: list[dict[str, Any]] = []
    for code in set(needs_by_occupation) | set(open_by_occupation):
        needs = needs_by_occupation.get(code, 0)
        open_offers = open_by_occupation.get(code, 0)
        candidates = candidates_by_occupation.get(code, 0)
        rows.append(
            {
                "code": code,
                "label": labels.get(code, code),
                "needs": needs,
                "open_offers": open_offers,
                "candidates": candidates,
                "tension": round(tension_index(needs, open_offers, candidates), 2),
            }
        )
    rows.sort(key=lambda row: (-row["tension"], -(row["needs"] + row["open_offers"]), row["code"]))
    return rows[:limit]


def by_family(counts_by_occupation: Mapping[str, int]) -> dict[str, int]:
    families: dict[str, int] = {}
    for code, count in counts_by_occupation.items():
        label = occupation_family(code)
        families[label] = families.get(label, 0) + count
    return families


def total(values: Iterable[int]) -> int:
    return sum(values)
