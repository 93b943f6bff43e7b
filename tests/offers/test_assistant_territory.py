"""The proposed territory presentation: reference data only, in French, on real communes."""

from __future__ import annotations

import io

import pytest
from django.core.management import call_command

from emploi_territoires.offers.assistant.territory import (
    NearbyTown,
    TerritoryFacts,
    nearest_larger_town,
    propose_presentation,
    render_presentation,
    territory_facts,
)
from emploi_territoires.territories.geodesy import haversine_km
from emploi_territoires.territories.models import Commune, ProgrammeMembership
from tests.factories import clamecy, nevers, saint_etienne

NNBSP = "\u202f"  # French thousands separator, as the `thousands` filter writes it


def test_render_presentation_is_pure_and_says_only_the_facts():
    facts = TerritoryFacts(
        commune_name="Clamecy",
        population=3544,
        departement="Nièvre",
        departement_code="58",
        region="Bourgogne-Franche-Comté",
        epci_name="CC Haut Nivernais - Val d'Yonne",
        epci_nature="CC",
        epci_communes=24,
        epci_population=11845,
        pvd=True,
        fs_in_commune=("France services de Clamecy",),
        fs_flag=True,
        nearest_town=NearbyTown("Auxerre", 34634, 37.6),
    )
    text = render_presentation(facts)
    assert text.startswith(f"Clamecy (Nièvre, Bourgogne-Franche-Comté) compte 3{NNBSP}544 habitants.")
    assert f"« CC Haut Nivernais - Val d'Yonne » (communauté de communes, 24 communes, 11{NNBSP}845 habitants)" in text
    assert f"Auxerre (34{NNBSP}634 habitants), à 38 km à vol d'oiseau" in text
    assert "Petites villes de demain" in text
    assert "« France services de Clamecy »" in text
    # Nothing the data does not hold.
    for absent in ("Action cœur de ville", "Territoire d'industrie", "quartier prioritaire"):
        assert absent not in text


def test_flags_without_memberships_still_name_the_programmes(db):
    commune = saint_etienne()  # factory flags: TI, QPV, France services; no membership rows
    text = propose_presentation(commune)
    assert text.startswith(f"Saint-Étienne (Loire, Auvergne-Rhône-Alpes) compte 173{NNBSP}136 habitants.")
    assert "« Saint-Étienne Métropole » (métropole" in text
    assert "Territoire d'industrie, programme national" in text
    assert "au moins un quartier prioritaire de la politique de la ville" in text
    assert "Un espace France services" in text
    assert "la plus proche" not in text  # a town of more than 20,000 inhabitants has no "larger town"


def test_nearest_larger_town_and_memberships(db):
    small = clamecy()
    nevers()  # the nearest town of more than 20,000 inhabitants
    ProgrammeMembership.objects.create(
        programme="fs", vintage="2024-08-01", local_id="1234", local_name="France services de Clamecy", commune=small
    )
    ProgrammeMembership.objects.create(programme="pvd", vintage="2024", local_id="pvd-27-58-3", commune=small)
    town = nearest_larger_town(small)
    assert town is not None and town.name == "Nevers"
    assert town.distance_km == pytest.approx(haversine_km(47.46496, 3.51168, 46.98818, 3.16012))
    facts = territory_facts(small)
    assert facts.pvd and facts.fs_in_commune == ("France services de Clamecy",)
    assert not facts.acv and not facts.ti and not facts.qpv
    text = render_presentation(facts)
    assert f"Nevers (33{NNBSP}085 habitants), à {round(town.distance_km)} km" in text
    assert "Un espace France services (« France services de Clamecy »)" in text


def test_commune_without_coordinates_or_epci(db):
    commune = clamecy()
    Commune.objects.filter(pk=commune.pk).update(latitude=None, longitude=None, epci=None)
    commune.refresh_from_db()
    text = propose_presentation(commune)
    assert "intercommunalité" not in text.split("\n\n")[0]
    assert "la plus proche" not in text


# --- Real communes: the committed COG copy and the official programme lists -------------------------


def _import(programmes_dir, *names):
    for name in names:
        call_command("import_programme", str(programmes_dir / name), "--apply", stdout=io.StringIO())


@pytest.mark.slow
@pytest.mark.django_db
def test_clamecy_from_the_real_reference_data(cog, programmes_dir, django_assert_max_num_queries):
    _import(programmes_dir, "pvd_communes_2024.csv", "france_services_20240801.csv")
    commune = Commune.objects.select_related("departement", "region", "epci").get(pk="58079")
    with django_assert_max_num_queries(6):
        text = propose_presentation(commune)
    epci = commune.epci
    assert text.startswith("Clamecy (Nièvre, Bourgogne-Franche-Comté) compte 3\u202f544 habitants.")
    assert f"« {epci.name} »" in text
    assert f"{Commune.objects.filter(epci=epci).count()} communes" in text
    assert "Petites villes de demain" in text
    assert "France services" in text
    assert "La ville de plus de 20" in text and "Auxerre" in text
    assert "Action cœur de ville" not in text


@pytest.mark.slow
@pytest.mark.django_db
def test_saint_etienne_with_its_qpv_from_the_real_lists(cog, programmes_dir):
    _import(programmes_dir, "qpv2024_communes.csv", "ti_territoires_epci_2024.csv", "acv_communes_2024.csv")
    commune = Commune.objects.select_related("departement", "region", "epci").get(pk="42218")
    names = list(
        ProgrammeMembership.objects.filter(commune=commune, programme="qpv").values_list("local_name", flat=True)
    )
    assert len(names) > 3
    text = propose_presentation(commune)
    assert f"La commune compte {len(names)} quartiers prioritaires de la politique de la ville dont " in text
    assert sum(f"« {n} »" in text for n in names) == 3  # three named, the rest counted
    assert "Territoire d'industrie «" in text
    assert "Action cœur de ville" not in text  # Saint-Étienne is not an ACV town
