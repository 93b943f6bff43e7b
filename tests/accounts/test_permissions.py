"""The permission layer: predicates, advisors' territories, template filters."""

import pytest
from django.contrib.auth.models import AnonymousUser
from django.template import Context, Template

from emploi_territoires.accounts import permissions as p
from emploi_territoires.territories.models import Commune
from tests.factories import (
    AdvisorScopeFactory,
    OrganisationFactory,
    RegionFactory,
    UserFactory,
    clamecy,
    nevers,
    saint_etienne,
)


def test_organisation_predicates(recruiter_a, member_a, recruiter_b, staff, candidate, organisation_a):
    anonymous = AnonymousUser()
    assert p.is_member(member_a, organisation_a)
    assert not p.is_member(recruiter_b, organisation_a)
    assert not p.is_member(anonymous, organisation_a)

    assert p.can_view_organisation_private(member_a, organisation_a)
    assert p.can_view_organisation_private(staff, organisation_a)
    assert not p.can_view_organisation_private(recruiter_b, organisation_a)
    assert not p.can_view_organisation_private(candidate, organisation_a)

    assert p.can_edit_organisation(recruiter_a, organisation_a)
    assert p.can_edit_organisation(staff, organisation_a)
    assert not p.can_edit_organisation(member_a, organisation_a)
    assert not p.can_edit_organisation(recruiter_b, organisation_a)
    assert not p.can_manage_members(anonymous, organisation_a)


def test_deactivated_admin_loses_rights(recruiter_a, organisation_a):
    recruiter_a.is_active = False
    assert not p.can_edit_organisation(recruiter_a, organisation_a)


def test_can_create_organisation(recruiter_b, candidate, staff):
    assert p.can_create_organisation(recruiter_b)
    assert p.can_create_organisation(staff)
    assert not p.can_create_organisation(candidate)
    assert not p.can_create_organisation(AnonymousUser())


# --- Advisors ----------------------------------------------------------------------------------


def test_is_advisor(advisor, advisor_other, recruiter_a, staff):
    assert p.is_advisor(advisor)
    assert p.is_advisor(advisor_other)
    assert not p.is_advisor(recruiter_a)
    assert not p.is_advisor(staff)
    assert not p.is_advisor(AnonymousUser())


def test_scope_without_an_apec_or_anct_membership_is_no_advisor(db):
    # Someone who left Apec keeps a stale scope row: it must grant nothing.
    user = UserFactory()
    AdvisorScopeFactory(user=user, departements=[saint_etienne().departement])
    assert not p.is_advisor(user)
    assert not p.advisor_follows(user, saint_etienne())


def test_scope_in_a_collectivite_is_no_advisor(recruiter_a):
    AdvisorScopeFactory(user=recruiter_a, departements=[saint_etienne().departement])
    assert not p.is_advisor(recruiter_a)


def test_advisor_follows_by_departement(advisor, advisor_other, organisation_a, organisation_b):
    # The Loire advisor follows Saint-Étienne Métropole (42), not the Clamecy company (58).
    assert p.advisor_follows(advisor, organisation_a)
    assert not p.advisor_follows(advisor, organisation_b)
    assert p.advisor_follows(advisor_other, organisation_b)
    assert not p.advisor_follows(advisor_other, organisation_a)
    assert p.advisor_follows(advisor, saint_etienne())  # a commune directly


def test_non_advisor_follows_nothing(recruiter_a, organisation_a):
    assert not p.advisor_follows(recruiter_a, organisation_a)
    assert not p.advisor_follows(AnonymousUser(), organisation_a)


@pytest.fixture
def pvd_advisor(advisor_organisation):
    """An advisor following the Petites villes de demain, everywhere."""
    from tests.factories import MembershipFactory

    user = UserFactory(email="pvd@exemple.fr")
    MembershipFactory(user=user, organisation=advisor_organisation)
    AdvisorScopeFactory(user=user, programmes=["pvd"])
    return user


def test_advisor_follows_by_programme(pvd_advisor):
    assert p.advisor_follows(pvd_advisor, clamecy())  # PVD
    assert not p.advisor_follows(pvd_advisor, nevers())  # ACV, not PVD
    assert not p.advisor_follows(pvd_advisor, saint_etienne())


def test_departement_and_programme_intersect(pvd_advisor):
    pvd_advisor.advisor_scope.departements.set([saint_etienne().departement])
    # Clamecy is PVD but in the Nièvre: outside a Loire + PVD scope.
    assert not p.advisor_follows(pvd_advisor, clamecy())
    assert not p.advisor_follows(pvd_advisor, saint_etienne())  # Loire but not PVD


def test_followed_communes_q_matches_advisor_follows(advisor, advisor_other, pvd_advisor, recruiter_a):
    communes = [saint_etienne(), clamecy(), nevers()]
    for user in (advisor, advisor_other, pvd_advisor, recruiter_a):
        followed = set(Commune.objects.filter(p.followed_communes_q(user)).values_list("code", flat=True))
        expected = {c.code for c in communes if p.advisor_follows(user, c)}
        assert followed == expected, user.email
    assert set(Commune.objects.filter(p.followed_communes_q(advisor_other)).values_list("code", flat=True)) == {
        "58079",
        "58194",
    }


def test_followed_communes_q_with_prefix_cuts_organisations(advisor, organisation_a, organisation_b):
    from emploi_territoires.accounts.models import Organisation

    followed = Organisation.objects.filter(p.followed_communes_q(advisor, prefix="commune__"))
    assert organisation_a in followed
    assert organisation_b not in followed


def test_advisor_with_empty_scope_follows_nothing(advisor_organisation):
    from tests.factories import MembershipFactory

    user = UserFactory()
    MembershipFactory(user=user, organisation=advisor_organisation)
    AdvisorScopeFactory(user=user)
    saint_etienne()
    assert p.is_advisor(user)
    assert not Commune.objects.filter(p.followed_communes_q(user)).exists()


# --- Template filters --------------------------------------------------------------------------


def test_template_filters_ask_the_same_predicates(recruiter_a, member_a, organisation_a, advisor):
    template = Template(
        "{% load permissions %}"
        "{% if user|can_edit_organisation:org %}edit{% endif %}|"
        "{% if user|is_member:org %}member{% endif %}|"
        "{% if user|is_advisor %}advisor{% endif %}"
    )
    assert template.render(Context({"user": recruiter_a, "org": organisation_a})) == "edit|member|"
    assert template.render(Context({"user": member_a, "org": organisation_a})) == "|member|"
    assert template.render(Context({"user": advisor, "org": organisation_a})) == "||advisor"
    assert template.render(Context({"user": AnonymousUser(), "org": organisation_a})) == "||"


def test_resolve_commune_accepts_code_label_or_unique_name(db):
    from django.core.exceptions import ValidationError

    from emploi_territoires.territories.forms import resolve_commune

    saint_etienne()
    clamecy()
    assert resolve_commune("42218").code == "42218"
    assert resolve_commune(" Saint-Étienne (42218) ").code == "42218"
    assert resolve_commune("saint etienne").code == "42218"
    assert resolve_commune("CLAMECY").code == "58079"
    for bad in ("", "Saint", "42", "Lyon (69123)", "2A004", "x" * 500):
        with pytest.raises(ValidationError, match="Commune inconnue"):
            resolve_commune(bad)


def test_resolve_commune_asks_for_the_code_of_homonyms(db):
    from django.core.exceptions import ValidationError

    from emploi_territoires.territories.forms import resolve_commune
    from tests.factories import CommuneFactory, DepartementFactory

    # Two real communes named Clamecy: in the Nièvre (58079) and in the Aisne (02198).
    clamecy()
    aisne = DepartementFactory(code="02", name="Aisne", region=RegionFactory(code="32", name="Hauts-de-France"))
    CommuneFactory(code="02198", name="Clamecy", postcodes=["02880"], departement=aisne, epci=None)
    with pytest.raises(ValidationError, match="Plusieurs communes"):
        resolve_commune("Clamecy")
    assert resolve_commune("Clamecy (02198)").departement_id == "02"


def test_organisation_factory_builds_valid_identifiers(db):
    from emploi_territoires.accounts.validators import is_valid_siren, is_valid_siret

    organisations = OrganisationFactory.create_batch(5)
    assert len({org.siren for org in organisations}) == 5  # five distinct SIRENs, each checked below
    for org in organisations:
        assert is_valid_siren(org.siren)
        assert is_valid_siret(org.siret)
        assert org.siret.startswith(org.siren)
