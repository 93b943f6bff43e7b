"""Who may recruit a volontaire territorial en administration (VTA), and why.

`assess(facts, scheme)` is the pure rule: plain data in (the employer's legal nature, its commune's
level on INSEE's density grid, its population, the rural share of its EPCI and département), an
`Eligibility` out, with the reason in French, the exception that applies and, when it is not
eligible, the route it could take. `eligibility_for(organisation)` is the adapter that reads the
database (commune, EPCI, département, the density grid) and the scheme's figures in force
(`offers.vta_scheme`: which levels are rural, the 20,000-inhabitant threshold… — data with their
vintage, docs/vta.md). Called by the page « Êtes-vous éligible au VTA ? » (views_eligibility), the
publication of a VTA offer (vta/apps.py registers the check), the aid (vta-aid) and the demo.

    >>> eligibility_for(mairie_de_clamecy)
    Eligibility(eligible=True, status='eligible', reason='Clamecy est une commune rurale au sens de
    l'Insee : « Bourgs ruraux » (niveau 5 de la grille communale de densité).', level=5, …)

The rules, from the préfectures' pages (sources in offers/data/vta_scheme.json):
- communes and EPCI « ruraux au sens de l'Insee »: a commune at the levels 5 to 7 of the 7-level grid
  (peu denses, très peu denses); an EPCI, a département: more than half of its population in such
  communes (the project's reading, a figure of the data file);
- under conditions: a commune under 20,000 inhabitants of intermediate density (levels 2-4) in a
  rural EPCI or département; a syndicat mixte whose seat is in a rural département or in a commune
  of a rural EPCI, if its missions serve rural communes and EPCI only; an association whose purpose is
  a service to rural communes or EPCI (pooled posts); a PETR (pays, pôle d'équilibre territorial et
  rural).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from emploi_territoires.accounts.models import LegalNature, Organisation
from emploi_territoires.core.formats import number
from emploi_territoires.offers.vta_scheme import VtaScheme, scheme_for
from emploi_territoires.territories import density
from emploi_territoires.territories.models import EPCI, Commune

ELIGIBLE, CONDITIONAL, NOT_ELIGIBLE, UNKNOWN = "eligible", "conditional", "not_eligible", "unknown"
PREFECTURE_ROUTE = (
    "Pour toute question, adressez-vous à la préfecture de votre département (le délégué territorial de l'ANCT), "
    "qui instruit les demandes d'aide."
)


@dataclass(frozen=True)
class Territory:
    """An EPCI or a département: its name and the share of its population in rural communes."""

    code: str
    name: str
    rural_share: float | None  # None: density levels missing for some of its communes

    def is_rural(self, scheme: VtaScheme) -> bool | None:
        return None if self.rural_share is None else self.rural_share > scheme.rural_territory_share


@dataclass(frozen=True)
class EligibilityFacts:
    """What the rule needs to know, as plain data."""

    organisation: str
    legal_nature: str  # accounts.models.LegalNature value, "" when not said
    commune_code: str
    commune_name: str
    commune_population: int
    level: int | None  # the commune's level on the 7-level grid, None when the grid is not loaded
    epci: Territory | None  # the organisation's own EPCI (an EPCI), or its commune's
    departement: Territory | None
    prefecture: str = ""  # the préfecture's name on the platform, when it has an account


@dataclass(frozen=True)
class Eligibility:
    eligible: bool
    reason: str
    level: int | None
    exception: str = ""  # the exception that makes it eligible, "" for a rural commune or EPCI
    route: str = ""  # what a non-eligible employer can do; "" when eligible
    status: str = ELIGIBLE  # eligible | conditional | not_eligible | unknown
    conditions: tuple[str, ...] = ()  # what the préfecture checks before granting the aid
    level_label: str = ""
    vintage: str = ""
    details: tuple[str, ...] = field(default=())  # the figures read (commune, EPCI, département)


def _level(level: int | None) -> str:
    return f"« {density.level_label(level)} » (niveau {level} de la grille communale de densité)"


def _share(territory: Territory) -> str:
    if territory.rural_share is None:
        return f"{territory.name} : part de la population en commune rurale inconnue"
    return f"{territory.name} : {round(territory.rural_share * 100)} % de la population en commune rurale"


def _details(facts: EligibilityFacts) -> tuple[str, ...]:
    lines = []
    if facts.commune_code:
        lines.append(
            f"Commune du siège : {facts.commune_name} ({facts.commune_code}), {number(facts.commune_population)} "
            "habitants" + (f", {_level(facts.level)}" if facts.level else ", niveau de densité inconnu")
        )
    if facts.epci:
        lines.append(f"Intercommunalité (EPCI) — {_share(facts.epci)}")
    if facts.departement:
        lines.append(f"Département — {_share(facts.departement)}")
    return tuple(lines)


def _route_for_urban(facts: EligibilityFacts, scheme: VtaScheme) -> str:
    parts = []
    if facts.epci and facts.epci.is_rural(scheme):
        parts.append(
            f"Votre intercommunalité, {facts.epci.name}, est rurale : elle peut recruter un VTA et le mettre à "
            "disposition de ses communes (convention de prestations de services)."
        )
    parts.append(
        "Un projet au service de communes rurales peut être porté par une structure éligible : un PETR ou un pays, "
        "un syndicat mixte qui intervient pour les seules communes et intercommunalités rurales, ou une association "
        "qui mutualise des postes pour elles."
    )
    parts.append(_prefecture(facts))
    return " ".join(parts)


def _prefecture(facts: EligibilityFacts) -> str:
    if facts.prefecture:
        return f"Pour toute question, adressez-vous à « {facts.prefecture} » (délégué territorial de l'ANCT)."
    return PREFECTURE_ROUTE


def assess(facts: EligibilityFacts, scheme: VtaScheme) -> Eligibility:
    """The pure rule (see the module docstring)."""
    common = {
        "level": facts.level,
        "level_label": density.level_label(facts.level),
        "vintage": scheme.vintage,
        "details": _details(facts),
    }
    nature = facts.legal_nature
    epci_rural = facts.epci.is_rural(scheme) if facts.epci else False
    dep_rural = facts.departement.is_rural(scheme) if facts.departement else False

    if nature in {"", None}:
        return Eligibility(
            False,
            f"La nature juridique de « {facts.organisation} » n'est pas indiquée : commune, intercommunalité, "
            "syndicat mixte, PETR, association…",
            status=UNKNOWN,
            route="Indiquez-la dans la fiche de l'organisation (« Modifier l'organisation ») : elle décide de "
            "l'éligibilité. " + _prefecture(facts),
            **common,
        )
    if nature == LegalNature.PETR:
        return Eligibility(
            True,
            f"« {facts.organisation} » est un pôle d'équilibre territorial et rural (PETR) ou un pays : le VTA lui "
            "est ouvert.",
            exception="PETR ou pays, notamment s'il participe à l'élaboration du contrat de relance et de transition "
            "écologique (CRTE)",
            status=CONDITIONAL,
            conditions=("La préfecture vérifie que la mission sert le territoire rural du PETR.",),
            **common,
        )
    if nature == LegalNature.ASSOCIATION:
        return Eligibility(
            True,
            f"« {facts.organisation} » est une association : le VTA lui est ouvert si son objet est de fournir un "
            "service aux communes ou intercommunalités rurales.",
            exception="Association dont l'objet est un service aux communes ou EPCI ruraux, notamment des postes "
            "mutualisés pour plusieurs collectivités",
            status=CONDITIONAL,
            conditions=(
                "Ses statuts prévoient un service aux communes ou intercommunalités rurales au sens de l'Insee.",
                "La mission sert ces collectivités rurales (poste mutualisé, par exemple).",
            ),
            **common,
        )
    if facts.level is None and nature in {LegalNature.COMMUNE, LegalNature.SYNDICAT_MIXTE}:
        return Eligibility(
            False,
            f"Le niveau de densité de {facts.commune_name} n'est pas connu : la grille communale de densité de "
            "l'Insee n'est pas chargée sur la plateforme.",
            status=UNKNOWN,
            route="L'équipe de la plateforme doit importer la grille (manage.py import_density_grid). "
            + _prefecture(facts),
            **common,
        )
    if nature == LegalNature.COMMUNE:
        if facts.level in scheme.rural_levels:
            return Eligibility(
                True,
                f"{facts.commune_name} est une commune rurale au sens de l'Insee : {_level(facts.level)}.",
                **common,
            )
        small = facts.commune_population < scheme.intermediate_max_population
        threshold = number(scheme.intermediate_max_population)
        if facts.level in scheme.intermediate_levels and small and (epci_rural or dep_rural):
            where = (
                f"l'intercommunalité rurale {facts.epci.name}"
                if epci_rural and facts.epci
                else f"le département rural {facts.departement.name if facts.departement else ''}"
            )
            return Eligibility(
                True,
                f"{facts.commune_name} est de densité intermédiaire ({_level(facts.level)}), mais elle compte moins de "
                f"{threshold} habitants et se situe dans {where}.",
                exception=f"Commune de moins de {threshold} habitants de densité intermédiaire dans un EPCI ou un "
                "département rural",
                **common,
            )
        why = (
            f"{facts.commune_name} n'est pas une commune rurale au sens de l'Insee : {_level(facts.level)}."
            if facts.level not in scheme.intermediate_levels
            else f"{facts.commune_name} est de densité intermédiaire ({_level(facts.level)}), "
            + (
                f"mais elle compte {number(facts.commune_population)} habitants (le seuil est {threshold})."
                if not small
                else "mais ni son intercommunalité ni son département ne sont ruraux."
            )
        )
        return Eligibility(False, why, status=NOT_ELIGIBLE, route=_route_for_urban(facts, scheme), **common)
    if nature == LegalNature.EPCI:
        if facts.epci is None:
            return Eligibility(
                False,
                f"L'intercommunalité de « {facts.organisation} » n'est pas reconnue : son SIREN ne correspond à aucun "
                "EPCI du référentiel, et sa commune n'en a pas.",
                status=UNKNOWN,
                route="Vérifiez le SIREN dans la fiche de l'organisation. " + _prefecture(facts),
                **common,
            )
        if epci_rural:
            return Eligibility(
                True,
                f"{facts.epci.name} est une intercommunalité rurale au sens de l'Insee : "
                f"{round((facts.epci.rural_share or 0) * 100)} % de sa population vit dans des communes rurales.",
                **common,
            )
        if epci_rural is None:
            return Eligibility(
                False,
                f"La part rurale de la population de {facts.epci.name} n'est pas connue "
                "(grille de densité incomplète).",
                status=UNKNOWN,
                route=_prefecture(facts),
                **common,
            )
        return Eligibility(
            False,
            f"{facts.epci.name} n'est pas une intercommunalité rurale au sens de l'Insee : "
            f"{round((facts.epci.rural_share or 0) * 100)} % seulement de sa population vit dans des communes "
            "rurales (il en faut plus de la moitié).",
            status=NOT_ELIGIBLE,
            route="Un projet au service des communes rurales de votre territoire peut être porté par un PETR, un pays, "
            "un syndicat mixte qui ne sert que des communes rurales, ou par ces communes elles-mêmes si elles sont "
            "rurales. " + _prefecture(facts),
            **common,
        )
    if nature == LegalNature.SYNDICAT_MIXTE:
        seat_ok = dep_rural or epci_rural
        if seat_ok:
            where = (
                f"le département rural {facts.departement.name}"
                if dep_rural and facts.departement
                else f"une commune de l'intercommunalité rurale {facts.epci.name if facts.epci else ''}"
            )
            return Eligibility(
                True,
                f"« {facts.organisation} » est un syndicat mixte dont le siège est dans {where}.",
                exception="Syndicat mixte dont le siège est dans un département rural ou une commune d'un EPCI rural, "
                "si ses missions s'adressent exclusivement aux communes et intercommunalités rurales",
                status=CONDITIONAL,
                conditions=(
                    "La mission proposée s'adresse exclusivement aux communes et intercommunalités rurales au sens de "
                    "l'Insee.",
                ),
                **common,
            )
        return Eligibility(
            False,
            f"Le siège de « {facts.organisation} » ({facts.commune_name}) n'est ni dans un département rural ni dans "
            "une commune d'un EPCI rural.",
            status=NOT_ELIGIBLE,
            route="Les communes ou intercommunalités rurales que sert le syndicat peuvent recruter elles-mêmes, ou un "
            "PETR. " + _prefecture(facts),
            **common,
        )
    label = LegalNature(nature).label if nature in LegalNature.values else nature
    return Eligibility(
        False,
        f"Le VTA s'adresse aux communes et intercommunalités rurales (et, sous conditions, aux syndicats mixtes, "
        f"PETR et associations qui les servent) : il n'est pas ouvert à un employeur de nature « {label} ».",
        status=NOT_ELIGIBLE,
        route="Vous pouvez faire connaître le dispositif aux communes et intercommunalités rurales de votre "
        "territoire : ce sont elles qui recrutent. " + _prefecture(facts),
        **common,
    )


# --- Adapter ------------------------------------------------------------------------------------


def infer_legal_nature(organisation: Organisation) -> str:
    """The stated legal nature, or the one a collectivité's SIREN shows (its commune's, an EPCI's)."""
    if organisation.legal_nature:
        return organisation.legal_nature
    kind = organisation.kind
    if kind == Organisation.Kind.ASSOCIATION:
        return LegalNature.ASSOCIATION
    if kind == Organisation.Kind.ENTREPRISE:
        return LegalNature.ENTREPRISE
    if kind == Organisation.Kind.ANCT:
        return LegalNature.ETAT
    if kind == Organisation.Kind.COLLECTIVITE and organisation.siren:
        if EPCI.objects.filter(siren=organisation.siren).exists():
            return LegalNature.EPCI
        if Commune.objects.filter(siren=organisation.siren).exists():
            return LegalNature.COMMUNE
    return ""


def _territory(code: str, name: str, communes, scheme: VtaScheme) -> Territory:
    split = density.population_by_density(communes, scheme.rural_levels)
    return Territory(code, name, split.rural_share)


def facts_for(organisation: Organisation, scheme: VtaScheme) -> EligibilityFacts:
    commune = organisation.commune
    nature = infer_legal_nature(organisation)
    epci = None
    if nature == LegalNature.EPCI and organisation.siren:
        epci = EPCI.objects.filter(siren=organisation.siren).first()
    if epci is None and commune.epci_id:
        epci = commune.epci
    prefecture = (
        Organisation.objects.filter(kind=Organisation.Kind.ANCT, commune__departement_id=commune.departement_id)
        .order_by("pk")
        .values_list("name", flat=True)
        .first()
    )
    return EligibilityFacts(
        organisation=organisation.name,
        legal_nature=nature,
        commune_code=commune.code,
        commune_name=commune.name,
        commune_population=commune.population,
        level=commune.density_level,
        epci=_territory(epci.siren, epci.name, epci.communes.all(), scheme) if epci else None,
        departement=_territory(
            commune.departement_id,
            commune.departement.name,
            Commune.objects.filter(departement_id=commune.departement_id),
            scheme,
        ),
        prefecture=prefecture or "",
    )


def eligibility_for(organisation: Organisation, *, today: dt.date | None = None) -> Eligibility:
    """Whether `organisation` may recruit a VTA, why, and what it can do otherwise (a few queries)."""
    scheme = scheme_for(today or timezone.localdate())
    return assess(facts_for(organisation, scheme), scheme)


def commune_facts(commune: Commune, legal_nature: str, name: str, scheme: VtaScheme) -> EligibilityFacts:
    """The facts of a collectivité described by its commune and legal nature (the public check)."""
    epci = commune.epci
    return EligibilityFacts(
        organisation=name,
        legal_nature=legal_nature,
        commune_code=commune.code,
        commune_name=commune.name,
        commune_population=commune.population,
        level=commune.density_level,
        epci=_territory(epci.siren, epci.name, epci.communes.all(), scheme) if epci else None,
        departement=_territory(
            commune.departement_id,
            commune.departement.name,
            Commune.objects.filter(departement_id=commune.departement_id),
            scheme,
        ),
    )
