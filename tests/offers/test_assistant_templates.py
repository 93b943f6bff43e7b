"""Offer templates: realistic, flagged while placeholders remain, good once they are filled."""

from __future__ import annotations

import datetime as dt
import re

import pytest

from emploi_territoires.offers.assistant.analysis import AnalysisContext, analyse, draft_from_mapping
from emploi_territoires.offers.assistant.rules import PLACEHOLDER, inclusive_title
from emploi_territoires.offers.assistant.templates_data import OFFER_TEMPLATES, template_fields
from emploi_territoires.offers.models import ContractType, ProgrammeContext, PublicCategory, Remote

TODAY = dt.date(2026, 6, 1)
EXPECTED = {"chef_projet_pvd", "chef_projet_acv", "manager_centre_ville", "vta", "developpement_ti", "cadre_generique"}
# What an author of Clamecy (58079) types in place of the brackets, field by field.
FILL = {
    "title": "du service urbanisme",
    "missions": "Clamecy",
    "profile": "aménagement du territoire",
    "benefits": "titres-restaurant et participation aux frais de transport",
}
TERRITORY = (
    "Clamecy (Nièvre, Bourgogne-Franche-Comté) compte 3 544 habitants. La commune fait partie de "
    "l'intercommunalité « CC Haut Nivernais - Val d'Yonne » (communauté de communes, 11 845 habitants). Elle est "
    "lauréate du programme Petites villes de demain. Un espace France services accompagne les habitants dans leurs "
    "démarches administratives. Au confluent de l'Yonne et du Beuvron, la ville garde un centre médiéval. Elle a "
    "une gare sur la ligne Paris-Bercy – Corbigny, un collège, un lycée, un hôpital et une vie associative riche."
)


def filled(key: str) -> dict:
    values = template_fields(key)
    for name, value in values.items():
        if isinstance(value, str):
            values[name] = PLACEHOLDER.sub(FILL.get(name, "la commune"), value)
    values.update(
        occupation_label=values.pop("occupation"),
        commune_code="58079",
        commune_name="Clamecy",
        start_date="2026-09-01",
        closing_date="2026-07-15",
        territory_presentation=TERRITORY,
        is_public_employer="true",
    )
    return values


def test_the_six_templates_are_there():
    assert set(OFFER_TEMPLATES) == EXPECTED


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_template_values_are_valid_offer_values(key):
    template = OFFER_TEMPLATES[key]
    assert template["label"] and template["description"]
    assert template["contract_type"] in ContractType.values
    assert template["public_category"] in [*PublicCategory.values, ""]
    assert template["remote"] in Remote.values
    assert template["programme_context"] in ProgrammeContext.values
    assert re.fullmatch(r"[A-N]\d{4}", template["occupation"])
    assert template["salary_min"] < template["salary_max"]
    assert inclusive_title(template["title"])[0], template["title"]
    assert len(template["title"]) <= 150
    if template["contract_type"] == ContractType.VTA:
        assert 12 <= template["contract_duration_months"] <= 18


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_template_as_is_asks_for_its_placeholders(key):
    result = analyse(draft_from_mapping(template_fields(key)), AnalysisContext(today=TODAY))
    placeholders = [f for f in result.findings if f.rule_id == "completeness.placeholder"]
    assert placeholders, key
    assert all(s.text.startswith("[à compléter") for f in placeholders for s in f.spans)
    assert result.level == "À corriger"
    assert result.score < 60


@pytest.mark.parametrize("key", sorted(EXPECTED))
def test_filled_template_scores_at_least_60(key):
    result = analyse(draft_from_mapping(filled(key)), AnalysisContext(today=TODAY))
    assert not [f for f in result.findings if f.severity == "error"], [f.full_message for f in result.findings]
    assert result.score >= 60, (result.score, [f.rule_id for f in result.findings])
