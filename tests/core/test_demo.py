"""The demo dataset: realistic, idempotent, every documented login works."""

import re
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from emploi_territoires.accounts.models import Organisation, User
from emploi_territoires.accounts.validators import is_valid_siret
from emploi_territoires.core.demo import DEMO_PASSWORD, USERS, fictitious_siret, load_demo
from emploi_territoires.offers.models import Offer
from emploi_territoires.offers.rome import load_copy as load_rome_copy
from emploi_territoires.search.models import OfferDocument
from emploi_territoires.territories.models import Commune, ProgrammeMembership

pytestmark = [pytest.mark.django_db, pytest.mark.slow]


def test_demo_covers_the_four_programmes_and_is_idempotent(cog, django_capture_on_commit_callbacks):
    load_rome_copy()
    # The search projection is updated once each write commits.
    with django_capture_on_commit_callbacks(execute=True):
        first = load_demo()
    assert first.organisations_created >= 20
    assert first.users_created == len(USERS)
    organisations = Organisation.objects.filter(is_demo=True)
    flagged = {programme: organisations.in_programme(programme).count() for programme in ("acv", "pvd", "ti", "qpv")}
    assert all(count > 0 for count in flagged.values()), flagged
    # Without the official lists the demo seeded its labelled extract; Clamecy is a real PVD.
    assert Commune.objects.get(pk="58079").in_pvd
    assert ProgrammeMembership.objects.filter(programme="ti", epci_id="244200770").exists()
    # A few hundred offers, most published and indexed for the board, across the programmes.
    assert first.offers_created >= 250
    published = Offer.objects.filter(is_demo=True, status="published")
    assert published.count() > first.offers_created // 2
    assert OfferDocument.objects.count() == published.count()
    for programme in ("acv", "pvd", "ti", "qpv"):
        assert published.in_programme(programme).exists(), programme
    assert published.filter(contract_type="vta").exists()
    counts = (
        Organisation.objects.count(),
        User.objects.count(),
        ProgrammeMembership.objects.count(),
        Offer.objects.count(),
    )

    second = load_demo()
    assert (second.organisations_created, second.users_created, second.programme_lists_seeded) == (0, 0, [])
    assert second.offers_created == 0
    assert first.applications_created >= 10
    assert second.applications_created == 0
    assert first.jobdating_interviews > 0
    assert second.jobdating_interviews == 0
    assert first.mentoring_pairs > 0
    assert second.mentoring_pairs == 0
    assert first.needs_declared > 0
    assert second.needs_declared == 0
    assert first.targets_set > 0
    ines = User.objects.get(email="candidate@demo.emploi-territoires.fr")
    assert ines.candidate_profile.is_young_graduate and ines.candidate_profile.is_qpv_resident
    assert ines.applications.count() >= 1
    assert (
        Organisation.objects.count(),
        User.objects.count(),
        ProgrammeMembership.objects.count(),
        Offer.objects.count(),
    ) == counts


def test_every_documented_login_works(cog, client):
    load_demo()
    readme = (Path(__file__).resolve().parents[2] / "README.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([\w.]+@demo\.emploi-territoires\.fr)` \|", readme, flags=re.MULTILINE)
    # The README's table of logins is exactly the demo's accounts (13 of them), each tried below.
    assert len(documented) == 13
    assert sorted(spec.email for spec in USERS) == sorted(documented)
    for spec in USERS:
        assert client.login(username=spec.email, password=DEMO_PASSWORD), spec.email
        response = client.get("/comptes/espace/")
        assert response.status_code == 200, spec.email
        client.logout()


def test_demo_roles(cog):
    load_demo()
    hr = User.objects.get(email="rh.clamecy@demo.emploi-territoires.fr")
    assert sorted(hr.organisations.values_list("name", flat=True)) == ["Mairie de Clamecy", "Ville de Nevers"]
    advisor = User.objects.get(email="conseillere.apec@demo.emploi-territoires.fr")
    assert sorted(advisor.advisor_scope.departements.values_list("code", flat=True)) == ["42", "58"]
    assert User.objects.get(email="admin@demo.emploi-territoires.fr").is_staff
    clamecy = Organisation.objects.get(name="Mairie de Clamecy")
    assert clamecy.siren == "215800798"  # the commune's real SIREN, from the COG


def test_fictitious_sirets_pass_the_luhn_check():
    sirets = {fictitious_siret(n) for n in range(1, 50)}
    assert len(sirets) == 49
    assert all(is_valid_siret(s) for s in sirets)


def test_demo_command_needs_the_reference_data(db):
    with pytest.raises(CommandError, match="load_territories"):
        call_command("load_demo")


def test_demo_is_refused_in_production(db, settings):
    settings.PRODUCTION = True
    with pytest.raises(CommandError, match="production"):
        call_command("load_demo")
