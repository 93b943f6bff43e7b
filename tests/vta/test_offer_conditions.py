"""A VTA offer's conditions (issue 16), checked by the assistant and at publication.

The issue's example — a VTA draft in Saint-Denis at 20 hours a week, 15,000 € a year, asking for the
baccalauréat — must raise every condition of the scheme; a draft that meets them raises none. The
figures are the data file's (SMIC 12,02 € in 2026: 21,876.40 € a year at 35 hours, 16,407.30 € at the
minimum 26.25 hours)."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from emploi_territoires.accounts.models import LegalNature, Organisation
from emploi_territoires.offers import publication, services
from emploi_territoires.offers.assistant.analysis import AnalysisContext, OfferDraft, analyse
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus
from emploi_territoires.offers.vta_scheme import scheme_for, smic_for
from emploi_territoires.territories.models import Commune
from tests.clock import paris
from tests.factories import (
    CommuneFactory,
    DepartementFactory,
    EPCIFactory,
    MembershipFactory,
    OrganisationFactory,
    RegionFactory,
    clamecy,
)

TODAY = dt.date(2026, 12, 7)
VTA_RULES = {"vta.duration", "vta.working_time", "vta.pay", "vta.education", "vta.mission"}
ACCUEIL = "Accueil du public, standard téléphonique, gestion du courrier et tenue de l'agenda du maire."
PROJECT_MISSIONS = (
    "Vous conduisez le projet de revitalisation du centre-bourg : diagnostic, montage des dossiers de subvention "
    "auprès de l'État et de la région, pilotage des études et animation des partenaires."
)
PROFILE = "Diplômé·e d'un master en développement territorial ou en urbanisme, première expérience appréciée."


def saint_denis_draft(**overrides) -> OfferDraft:
    """The issue's example, exactly: Saint-Denis, 20 h a week, 15,000 € a year, the baccalauréat."""
    values = {
        "title": "Volontaire territorial en administration (F/H)",
        "contract_type": "vta",
        "weekly_hours": 20,
        "salary_min": 15_000,
        "salary_max": 15_000,
        "education_level": 4,
        "commune_code": "93066",
        "commune_name": "Saint-Denis",
        "missions": ACCUEIL,
        "profile": "Titulaire du baccalauréat.",
        "apply_method": "platform",
        "is_public_employer": True,
    }
    return OfferDraft(**{**values, **overrides})


def vta_findings(draft: OfferDraft) -> dict[str, object]:
    analysis = analyse(draft, AnalysisContext(today=TODAY))
    return {f.rule_id: f for f in analysis.findings if f.rule_id.startswith("vta.")}


def test_the_scheme_figures_come_from_the_data_file():
    scheme = scheme_for(TODAY)
    assert (scheme.months_min, scheme.months_max, scheme.aid_amount) == (12, 18, 15_000)
    assert (scheme.age_min, scheme.age_max, scheme.min_education_level) == (18, 30, 5)
    assert scheme.min_weekly_hours == Decimal("26.25")
    assert scheme.smic.hourly == Decimal("12.02") and scheme.smic.since == dt.date(2026, 1, 1)
    assert scheme.minimum_annual_pay(35) == Decimal("21876.40")
    assert scheme.minimum_annual_pay(20) == Decimal("16407.30"), "below 75 %, the floor is at 26.25 hours"
    # The SMIC by date: 11,88 € from November 2024 to the end of 2025.
    assert smic_for(dt.date(2025, 6, 1)).hourly == Decimal("11.88")
    assert scheme_for(dt.date(2022, 3, 1)).vintage == "VTA 2021 (lancement dans le cadre de l'Agenda rural)"


def test_the_issue_example_raises_every_condition():
    found = vta_findings(saint_denis_draft())
    assert set(found) == VTA_RULES
    assert all(f.severity == "error" and f.category == "legal" for f in found.values())
    assert found["vta.duration"].message.endswith("la durée n'est pas indiquée.")
    assert found["vta.working_time"].message == (
        "Un VTA travaille au moins 75 % d'un temps plein (26,25 heures sur 35), et non 20 heures."
    )
    assert found["vta.pay"].message == (
        "La rémunération (15\u202f000 € brut par an) est sous le minimum légal d'un VTA : 16\u202f407 € brut par an "
        "pour 26,25 heures par semaine."
    )
    assert "12,02 € brut de l'heure depuis le 01/01/2026" in found["vta.pay"].why
    assert found["vta.education"].message == (
        "Le niveau demandé (baccalauréat) est inférieur à celui d'un VTA (bac + 2 au moins)."
    )
    assert found["vta.mission"].field == "missions"
    analysis = analyse(saint_denis_draft(), AnalysisContext(today=TODAY))
    assert analysis.score <= 40 and analysis.level == "À corriger"


def test_a_diploma_below_bac_2_in_the_text_counts_when_the_field_is_empty():
    found = vta_findings(saint_denis_draft(education_level=None))
    assert found["vta.education"].severity == "error"
    assert found["vta.education"].spans[0].text == "baccalauréat"
    assert "vta.education" not in vta_findings(saint_denis_draft(education_level=None, profile="Bac + 2 minimum."))


def test_a_draft_meeting_the_conditions_raises_none():
    draft = saint_denis_draft(
        commune_code="58079",
        commune_name="Clamecy",
        contract_duration_months=12,
        weekly_hours=35,
        salary_min=24_000,
        salary_max=26_000,
        education_level=7,
        missions=PROJECT_MISSIONS,
        profile=PROFILE,
    )
    assert vta_findings(draft) == {}
    assert vta_findings(saint_denis_draft(contract_type="cdd")) == {}, "only a VTA is checked"
    seniors = vta_findings(
        saint_denis_draft(
            contract_duration_months=18,
            weekly_hours=26.25,
            salary_min=16_500,
            education_level=5,
            missions=PROJECT_MISSIONS,
            profile="Bac + 2 et 5 ans d'expérience en collectivité.",
        )
    )
    assert set(seniors) == {"vta.experience"} and seniors["vta.experience"].severity == "warning"


@pytest.fixture
def saint_denis_mairie(db) -> Organisation:
    idf = RegionFactory(code="11", name="Île-de-France")
    commune = CommuneFactory(
        code="93066",
        name="Saint-Denis",
        siren="219300662",
        postcodes=["93200"],
        population=150_000,
        departement=DepartementFactory(code="93", name="Seine-Saint-Denis", region=idf),
        epci=EPCIFactory(siren="200054781", name="Métropole du Grand Paris", nature="METRO", population=7_000_000),
        density_level=1,
        in_ti=False,
    )
    return OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE,
        name="Mairie de Saint-Denis",
        commune=commune,
        siren="219300662",
        legal_nature=LegalNature.COMMUNE,
    )


def test_publication_refuses_the_example_with_every_reason_and_writes_nothing(saint_denis_mairie, time_machine):
    time_machine.move_to(paris(2026, 12, 7))
    secretary = MembershipFactory(organisation=saint_denis_mairie).user
    values = {
        "title": "Volontaire territorial en administration (F/H)",
        "commune": saint_denis_mairie.commune,
        "contract_type": ContractType.VTA,
        "contract_duration_months": 24,
        "weekly_hours": 20,
        "salary_min": 15_000,
        "salary_max": 15_000,
        "education_level": 4,
        "missions": ACCUEIL,
        "profile": "Titulaire du baccalauréat.",
    }
    # A wrong duration is refused at once, in French, and nothing is saved.
    with pytest.raises(services.OfferValidationError) as refused:
        services.create_offer(saint_denis_mairie, values, actor=secretary)
    assert refused.value.errors["contract_duration_months"] == ["Un VTA dure de 12 à 18 mois (et non 24)."]
    assert not Offer.objects.exists()

    offer = services.create_offer(saint_denis_mairie, {**values, "contract_duration_months": 12}, actor=secretary)
    problems = publication.publication_problems(offer)
    messages = " | ".join(p.message for p in problems)
    assert "Seul un employeur éligible publie une offre de VTA : Saint-Denis n'est pas une commune rurale" in messages
    assert "« Grands centres urbains » (niveau 1 de la grille communale de densité)" in messages
    assert "75 % d'un temps plein" in messages
    assert "sous le minimum légal d'un VTA" in messages
    assert "inférieur à celui d'un VTA (bac + 2 au moins)" in messages
    assert "ne décrivent pas une mission d'ingénierie" in messages
    with pytest.raises(services.TransitionRefused):
        services.publish(offer, actor=secretary)
    offer.refresh_from_db()
    assert offer.status == OfferStatus.DRAFT and not offer.transitions.exists()


@pytest.mark.django_db
def test_an_eligible_mairie_publishes_a_vta_meeting_the_conditions(time_machine):
    time_machine.move_to(paris(2026, 12, 7))
    Commune.objects.filter(code=clamecy().code).update(density_level=5)
    commune = Commune.objects.get(code="58079")
    mairie = OrganisationFactory(
        kind=Organisation.Kind.COLLECTIVITE,
        name="Mairie de Clamecy",
        commune=commune,
        siren="215800798",
        legal_nature=LegalNature.COMMUNE,
    )
    secretary = MembershipFactory(organisation=mairie).user
    offer = services.create_offer(
        mairie,
        {
            "title": "Volontaire territorial en administration — revitalisation du centre-bourg (F/H)",
            "commune": commune,
            "contract_type": ContractType.VTA,
            "contract_duration_months": 12,
            "weekly_hours": 35,
            "salary_min": 24_000,
            "salary_max": 26_000,
            "education_level": 7,
            "missions": PROJECT_MISSIONS,
            "profile": PROFILE,
            "territory_presentation": "Clamecy, ville d'art et d'histoire au bord de l'Yonne, Petite ville de demain.",
        },
        actor=secretary,
    )
    assert [p for p in publication.publication_problems(offer) if "VTA" in p.message] == []
    services.publish(offer, actor=secretary)
    assert Offer.objects.get(pk=offer.pk).status == OfferStatus.PUBLISHED
