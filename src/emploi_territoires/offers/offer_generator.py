"""A generator of French offers in bulk, for the search and diagnostics benchmarks (bench/).

Its occupations are drawn at random, whatever the employer: right for measuring search over a
million offers, wrong for a demo someone reads. The demo has its own curated catalogue
(`demo.offers`: what each demo employer really recruits).

Seeded and deterministic: the same seed gives the same offers. Titles come from ROME labels
(plus the programme posts the platform exists for: chef·fe de projet PVD/ACV, manager de
centre-ville, VTA), communes are drawn weighted by population, descriptions are 80–190 words of
plain French assembled from sentence templates, contracts follow a realistic mix of the 8 types
(public-only contracts for public employers), and the programme context follows the commune's
flags. The values are the content fields `offers.services.create_offer` accepts, and pass its
validation.
"""

from __future__ import annotations

import bisect
import datetime
import itertools
import random
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from emploi_territoires.core import formats

from .models import ApplyMethod, ContractType, ProgrammeContext, PublicCategory, Remote


@dataclass(frozen=True)
class GeneratorCommune:
    """What the generator needs of a commune (the benchmark reads 35,000 of them at once)."""

    code: str
    name: str
    population: int
    in_acv: bool = False
    in_pvd: bool = False
    in_ti: bool = False
    in_qpv: bool = False


CONTRACT_WEIGHTS_PUBLIC = {
    ContractType.CONTRACTUAL: 26,
    ContractType.CIVIL_SERVANT: 22,
    ContractType.CDD: 10,
    ContractType.VTA: 12,
    ContractType.PROJECT: 12,
    ContractType.APPRENTICESHIP: 9,
    ContractType.INTERNSHIP: 9,
}
CONTRACT_WEIGHTS_PRIVATE = {
    ContractType.CDI: 55,
    ContractType.CDD: 22,
    ContractType.APPRENTICESHIP: 13,
    ContractType.INTERNSHIP: 10,
}
PROGRAMME_TITLES = {
    ProgrammeContext.PVD_LEAD: "Chef·fe de projet Petites villes de demain",
    ProgrammeContext.ACV_LEAD: "Chef·fe de projet Action cœur de ville",
    ProgrammeContext.TOWN_CENTRE: "Manager de centre-ville",
    ProgrammeContext.TI_DEVELOPMENT: "Chargé·e de développement économique Territoire d'industrie",
    ProgrammeContext.QPV: "Chargé·e de mission politique de la ville",
    ProgrammeContext.VTA: "VTA chargé·e de mission ingénierie de projets",
}

_MISSION_VERBS = [
    "Vous pilotez",
    "Vous coordonnez",
    "Vous animez",
    "Vous suivez",
    "Vous préparez",
    "Vous accompagnez",
    "Vous conduisez",
    "Vous organisez",
    "Vous participez à",
    "Vous assurez",
]
_MISSION_OBJECTS = [
    "les projets de revitalisation du centre-ville",
    "la relation avec les entreprises du territoire",
    "le budget et les marchés publics du service",
    "l'accueil et l'information des usagers",
    "les dossiers de subventions auprès de l'État et de la région",
    "les chantiers de rénovation des bâtiments communaux",
    "la programmation culturelle et associative",
    "la gestion administrative et financière des opérations",
    "les actions de transition écologique et énergétique",
    "le développement des commerces de proximité",
    "la planification urbaine et le suivi du PLUi",
    "les partenariats avec les acteurs de l'emploi et de la formation",
    "l'équipe de maintenance et la sécurité des installations",
    "la production, la qualité et l'amélioration continue de l'atelier",
    "la communication numérique et les réseaux sociaux",
    "les démarches de concertation avec les habitants",
    "le suivi des indicateurs et les tableaux de bord",
    "la mobilité, les transports scolaires et le covoiturage",
    "l'accompagnement social des familles et des jeunes",
    "les projets d'habitat et la lutte contre la vacance des logements",
]
_CONTEXT = [
    "Au sein d'une équipe de {n} agents, vous rejoignez un service à taille humaine.",
    "Rattaché·e à la direction générale, vous travaillez en lien étroit avec les élus.",
    "Le poste est basé à {commune}, commune de {population} habitants.",
    "Vous travaillez avec les services techniques, les partenaires institutionnels et les associations.",
    "Notre structure emploie {n} salariés et se développe sur de nouveaux marchés.",
    "Le territoire mène un projet ambitieux de redynamisation soutenu par l'Agence nationale de la cohésion "
    "des territoires.",
    "L'entreprise est reconnue pour la qualité de ses produits et son ancrage local.",
]
_PROFILE = [
    "Vous avez une formation de niveau bac+{level} en aménagement, gestion de projet ou économie.",
    "Une première expérience en collectivité ou en bureau d'études est appréciée.",
    "Vous savez conduire une réunion, rédiger une note claire et tenir un calendrier.",
    "Vous êtes à l'aise avec les outils bureautiques et les logiciels métiers.",
    "Rigueur, autonomie et sens du travail en équipe sont attendus.",
    "Le permis B est utile pour les déplacements sur le territoire.",
    "Vous aimez le contact avec le public et savez expliquer simplement.",
    "Des connaissances en droit public et en finances locales sont un atout.",
    "Vous maîtrisez les techniques de fabrication et les règles de sécurité.",
    "Débutant·e accepté·e : une formation est assurée à la prise de poste.",
]
_BENEFITS = [
    "Télétravail possible deux jours par semaine.",
    "Tickets restaurant et participation à la mutuelle.",
    "Horaires souples et 25 jours de congés plus RTT.",
    "Comité d'action sociale et prime annuelle.",
    "Aide au logement pour les nouveaux arrivants.",
    "Véhicule de service pour les déplacements.",
    "Formation continue et accompagnement à la prise de poste.",
]
_TERRITORY = [
    "{commune} offre un cadre de vie agréable, des écoles, un collège et des commerces de proximité.",
    "À moins d'une heure d'une grande ville, {commune} allie nature et services.",
    "Le territoire est riche d'un tissu associatif dynamique et d'un patrimoine remarquable.",
]


def _weighted_picker(rng: random.Random, items: Sequence[Any], weights: Sequence[float]):
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]

    def pick() -> Any:
        return items[bisect.bisect_right(cumulative, rng.random() * total)]

    return pick


def title_from_rome(label: str) -> str:
    """ "Chargé / Chargée d'études socio-économiques" -> "Chargé d'études socio-économiques (F/H)"."""
    first = label.split(" / ")[0].strip()
    if " / " in label:
        # "Chargé / Chargée d'études": the words after the feminine form belong to both.
        rest = label.split(" / ", 1)[1].split(" ", 1)
        if len(rest) == 2:
            first = f"{first} {rest[1]}"
    return f"{first[:1].upper()}{first[1:]} (F/H)"[:150]


class OfferGenerator:
    """`generator.values(public=True)` -> the content fields of one offer (see the module)."""

    def __init__(
        self,
        communes: Sequence[GeneratorCommune],
        occupations: Sequence[tuple[str, str]],
        *,
        seed: int = 2026,
        today: datetime.date | None = None,
    ) -> None:
        if not communes or not occupations:
            raise ValueError("Il faut des communes et des métiers ROME pour générer des offres.")
        self.rng = random.Random(seed)  # noqa: S311 - realistic data, not secrets
        self.today = today or datetime.date.today()  # noqa: DTZ011 - a calendar date, any zone
        self.communes = communes
        # Population weights, softened so small towns still get offers.
        self.pick_commune = _weighted_picker(self.rng, communes, [max(c.population, 50) ** 0.8 for c in communes])
        self.occupations = occupations
        self._public_contract = _weighted_picker(
            self.rng, list(CONTRACT_WEIGHTS_PUBLIC), list(CONTRACT_WEIGHTS_PUBLIC.values())
        )
        self._private_contract = _weighted_picker(
            self.rng, list(CONTRACT_WEIGHTS_PRIVATE), list(CONTRACT_WEIGHTS_PRIVATE.values())
        )

    def commune(self) -> GeneratorCommune:
        return self.pick_commune()

    def _programme_context(self, commune: GeneratorCommune, contract: str) -> str:
        if contract == ContractType.VTA:
            return ProgrammeContext.VTA
        options = []
        if commune.in_pvd:
            options.append(ProgrammeContext.PVD_LEAD)
        if commune.in_acv:
            options += [ProgrammeContext.ACV_LEAD, ProgrammeContext.TOWN_CENTRE]
        if commune.in_ti:
            options.append(ProgrammeContext.TI_DEVELOPMENT)
        if commune.in_qpv:
            options.append(ProgrammeContext.QPV)
        # Most offers of a programme town are ordinary jobs; one in eight is the programme's post.
        if options and self.rng.random() < 0.125:
            return self.rng.choice(options)
        return ""

    def _salary(self, contract: str) -> tuple[int | None, int | None]:
        rng = self.rng
        if rng.random() < 0.25:
            return None, None
        if contract == ContractType.INTERNSHIP:
            return 7_000, 7_000
        if contract == ContractType.APPRENTICESHIP:
            low = rng.randrange(9_000, 16_000, 500)
            return low, low + 3_000
        if contract == ContractType.VTA:
            low = rng.randrange(26_000, 32_000, 500)
            return low, low + 4_000
        low = rng.randrange(22_000, 56_000, 500)
        return low, low + rng.randrange(2_000, 14_000, 500)

    def _description(self, commune: GeneratorCommune) -> tuple[str, str, str, str]:
        rng = self.rng
        fill = {
            "commune": commune.name,
            "population": formats.number(commune.population),
            "n": rng.randint(4, 120),
            "level": rng.choice([2, 3, 5]),
        }
        # 80–190 words in all: missions grow until the drawn length is reached.
        target = rng.randint(80, 190)
        profile = " ".join(rng.sample(_PROFILE, rng.randint(2, 4))).format(**fill)
        benefits = " ".join(rng.sample(_BENEFITS, rng.randint(1, 3)))
        territory = rng.choice(_TERRITORY).format(**fill)
        used = len(profile.split()) + len(benefits.split())
        sentences = [rng.choice(_CONTEXT).format(**fill)]
        objects = rng.sample(_MISSION_OBJECTS, len(_MISSION_OBJECTS))
        while used + sum(len(s.split()) for s in sentences) < target and objects:
            sentences.append(f"{rng.choice(_MISSION_VERBS)} {objects.pop()}.")
        return " ".join(sentences), profile, benefits, territory

    def values(self, *, public: bool, commune: GeneratorCommune | None = None) -> dict[str, Any]:
        """Content fields of one offer; `commune` is a GeneratorCommune, the caller swaps in the model."""
        rng = self.rng
        commune = commune or self.commune()
        contract = (self._public_contract if public else self._private_contract)()
        context = self._programme_context(commune, contract) if public else ""
        if context:
            title = f"{PROGRAMME_TITLES[ProgrammeContext(context)]} (F/H)"
            code, _ = rng.choice(self.occupations)
        else:
            code, label = rng.choice(self.occupations)
            title = title_from_rome(label)
        salary_min, salary_max = self._salary(contract)
        months: int | None = None
        if contract == ContractType.VTA:
            months = rng.choice([12, 18])
        elif contract in (ContractType.CDD, ContractType.PROJECT, ContractType.CONTRACTUAL):
            months = rng.choice([6, 12, 24, 36])
        elif contract in (ContractType.APPRENTICESHIP,):
            months = rng.choice([12, 24])
        elif contract == ContractType.INTERNSHIP:
            months = rng.choice([2, 4, 6])
        missions, profile, benefits, territory = self._description(commune)
        remote = rng.choices([Remote.NONE, Remote.PARTIAL, Remote.FULL], weights=[55, 40, 5])[0]
        method = rng.choices([ApplyMethod.PLATFORM, ApplyMethod.EMAIL, ApplyMethod.URL], weights=[70, 20, 10])[0]
        return {
            "title": title,
            "occupation_code": code,
            "commune_code": commune.code,
            "remote": remote,
            "contract_type": contract,
            "contract_duration_months": months,
            "public_category": rng.choice(list(PublicCategory)).value if public else "",
            "weekly_hours": rng.choice([35, 35, 35, 39, 28]),
            "salary_min": salary_min,
            "salary_max": salary_max,
            "start_date": self.today + datetime.timedelta(days=rng.randint(15, 120)),
            "closing_date": self.today + datetime.timedelta(days=rng.randint(1, 90)),
            "positions": rng.choices([1, 2, 3], weights=[85, 10, 5])[0],
            "missions": missions,
            "profile": profile,
            "benefits": benefits,
            "territory_presentation": territory,
            "apply_method": method,
            "apply_url": "https://recrutement.exemple.fr/offres" if method == ApplyMethod.URL else "",
            "apply_email": "recrutement@exemple.fr" if method == ApplyMethod.EMAIL else "",
            "programme_context": context,
        }
