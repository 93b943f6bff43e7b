"""How close two ROME occupations are, for the matching: same occupation, close, unknown, or foreign.

The occupation dominates the score (issue 19): a person is proposed for an offer, and an offer
recommended to a person, only when their occupations are the same or close; a pair whose
occupations are both known and foreign to each other is never proposed, whatever the distance,
skills or availability say. "Close" means:

- the same ROME *domaine professionnel* (the first three characters of the code: K18 is
  « Conseil et développement territorial », N11 « Magasinage, manutention »), or
- a pair of the hand-written table `RELATED` below: occupations of different domains that
  recruiters of the platform treat as neighbours (an « architecte-urbaniste » F1127 for an
  « urbaniste » K1807; a « secrétaire administrative » M1602 for a « secrétaire de mairie » K1406;
  an « agent d'entretien des espaces verts » A1203 for an « agent technique polyvalent » I1203).

The ROME *grand domaine* (the first letter) is not enough: K covers both « chargé de mission
développement territorial » and « ripeur », M both « comptable » and « ingénieur sécurité web ».

The table was written from the ROME 4.0 labels and what territorial recruiters ask for (project
leads, services of a town hall, care, logistics, technical services); it is symmetric, and each
entry is a code or a domain (three characters). It is short on purpose: a missing link only
hides a neighbour, a wrong one proposes nonsense. A profile or an offer without a ROME code is
"unknown": proposed, always after the known close ones.

Pure: no Django.
"""

from __future__ import annotations

import functools

SAME = 3  # the same ROME code
CLOSE = 2  # same domaine professionnel, or related by the table
UNKNOWN = 1  # one side has no ROME code
FOREIGN = 0  # both known, neither the same domain nor related: never proposed

# (code or domain, code or domain): symmetric neighbours across domains.
RELATED: tuple[tuple[str, str], ...] = (
    # Territorial projects: development, planning, town centres, ecological transition.
    ("K1404", "K18"),  # chargé·e de mission développement territorial
    ("K1404", "A1313"),
    ("K18", "A1313"),  # chargé·e de mission environnement, transition écologique
    ("K18", "A1306"),  # biodiversité
    ("K18", "F1127"),  # architecte-urbaniste
    ("K1404", "F1127"),
    ("K18", "M1403"),  # études socio-économiques
    ("K1404", "M1403"),
    ("K1802", "M1427"),  # animateur·rice de réseau d'entreprises
    ("K1804", "M1427"),
    ("K1802", "G1102"),  # promotion touristique
    ("K1803", "G1102"),
    ("K1808", "K16"),  # développement culturel / bibliothèques, patrimoine
    ("K1808", "K1213"),  # médiation culturelle
    ("K16", "K1213"),
    ("F1114", "K1810"),  # rénovation énergétique / habitat
    # The services of a town hall: secretariat, reception, finances, human resources.
    ("K1406", "M16"),  # secrétaire de mairie / secrétariat, accueil, administration
    ("K1417", "M16"),  # responsable des affaires générales
    ("K1406", "M1203"),  # comptable
    ("K1406", "M1501"),  # assistant·e RH (paie)
    ("M1601", "G1101"),  # chargé·e d'accueil / accueil touristique
    # Employment, integration, social work.
    ("K1801", "M1502"),  # insertion professionnelle / chargé·e de recrutement
    ("K1801", "K1815"),
    ("K1801", "K1204"),  # médiation sociale
    ("K1207", "G1203"),  # éducateur·rice spécialisé·e / animateur·rice jeunesse
    ("K1204", "G1203"),
    ("K1213", "G1203"),
    ("K1308", "G1203"),  # ATSEM
    ("K1307", "G1203"),
    # Care at home and in institutions.
    ("K1302", "J1501"),  # assistant·e de vie / aide-soignant·e
    ("K1311", "J1501"),
    ("K1302", "J1301"),  # agent·e de service hospitalier
    # Logistics and transport.
    ("N11", "N13"),  # magasinage / direction logistique
    ("N11", "N4120"),  # chauffeur-livreur préparateur
    ("N11", "F1710"),  # magasinier en négoce de matériaux
    ("N4101", "K2303"),  # poids lourd / ripeur (permis C)
    # Technical services: green spaces, buildings, roads, cleanliness.
    ("A1203", "I1203"),
    ("A1208", "I1203"),
    ("A1203", "K2307"),  # propreté urbaine
    ("A1203", "F1707"),  # maçon du paysage
    ("A1208", "F1707"),
    ("I1203", "F16"),  # second œuvre du bâtiment
    ("I1203", "F17"),  # gros œuvre
    ("I1202", "F1702"),  # voirie
    ("I1202", "K2307"),
    ("I1202", "K2303"),
    ("K2303", "K2307"),
    ("F1602", "I13"),  # électricien·ne du bâtiment / maintenance
    ("F1602", "F1114"),
    ("F12", "F17"),  # conduite de travaux / gros œuvre
    ("F12", "F16"),
    # Industry and maintenance.
    ("I13", "H25"),  # maintenance / encadrement de production
    ("I1102", "H14"),  # ingénieur·e maintenance / méthodes
    ("I1304", "H14"),
    ("H29", "F1502"),  # soudure, chaudronnerie / structures métalliques
    # Digital.
    ("M18", "I1401"),  # informatique / maintenance informatique
    ("M18", "I1403"),
    ("M1855", "E1210"),  # développeur·se web / web designer
    ("M1886", "E1210"),
    ("E1101", "G1102"),  # community manager / promotion touristique
)


def _matches(code: str, entry: str) -> bool:
    return code == entry if len(entry) == 5 else code[:3] == entry


@functools.lru_cache(maxsize=65_536)
def pair_tier(a: str, b: str) -> int:
    """SAME, CLOSE or FOREIGN for two known ROME codes (UNKNOWN if either is empty)."""
    if not a or not b:
        return UNKNOWN
    if a == b:
        return SAME
    if a[:3] == b[:3]:
        return CLOSE
    for x, y in RELATED:
        if (_matches(a, x) and _matches(b, y)) or (_matches(a, y) and _matches(b, x)):
            return CLOSE
    return FOREIGN


def tier(candidate_codes: tuple[str, ...], offer_code: str) -> int:
    """The best tier over the candidate's wanted occupations (UNKNOWN if either side has none)."""
    if not offer_code or not candidate_codes:
        return UNKNOWN
    return max(pair_tier(code, offer_code) for code in candidate_codes)
