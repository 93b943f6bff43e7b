"""Who reaches each reporting view: the national view and its exports (Apec, ANCT and staff), the plan's
PDF and exports (the plan's partners and staff). Outsiders get a 404 on a plan (its existence stays
private) and a 403 on the national view (its existence is public); anonymous visitors go to the login."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils.html import escape

from emploi_territoires.accounts.models import Organisation
from tests.factories import TEST_PASSWORD
from tests.plans.test_reporting_helpers import haut_nivernais_plan, member, organisation

pytestmark = pytest.mark.django_db

NATIONAL_URLS = [
    ("plans:national", ()),
    ("plans:national_export", ("plans", "csv")),
    ("plans:national_export", ("territoires-sans-action", "xlsx")),
]
PLAN_URLS = [("plans:plan_pdf", ()), ("plans:plan_export", ("csv",)), ("plans:plan_export", ("xlsx",))]


@pytest.fixture
def scenario(db):
    return haut_nivernais_plan()


def _plan_urls(plan):
    return [reverse(name, args=[plan.pk, *args]) for name, args in PLAN_URLS]


def _national_urls():
    return [reverse(name, args=args) for name, args in NATIONAL_URLS]


def _as(client, user):
    client.force_login(user)
    return client


def test_anonymous_goes_to_login_everywhere(anonymous_client, scenario):
    urls = _national_urls() + _plan_urls(scenario.plan)
    assert len(set(urls)) == 6  # three national, three of the plan
    for url in urls:
        response = anonymous_client.get(url)
        assert response.status_code == 302, url
        assert response["Location"].startswith(reverse("accounts:login")), url


def test_candidate_gets_403_on_national_and_404_on_the_plan(client, candidate, scenario):
    _as(client, candidate)
    assert [client.get(url).status_code for url in _national_urls()] == [403, 403, 403]
    assert [client.get(url).status_code for url in _plan_urls(scenario.plan)] == [404, 404, 404]


def test_member_of_a_non_partner_collectivite(client, recruiter_a, scenario):
    """Saint-Étienne Métropole is neither Apec nor ANCT, nor a partner of the Haut Nivernais plan."""
    _as(client, recruiter_a)
    assert [client.get(url).status_code for url in _national_urls()] == [403, 403, 403]
    assert [client.get(url).status_code for url in _plan_urls(scenario.plan)] == [404, 404, 404]


def test_member_of_a_partner_collectivite_sees_the_plan_not_the_national_view(client, scenario):
    clerk = member(scenario.town.organisation, "agent.accueil@exemple.fr", "Julien", "Roy")  # not the contact
    _as(client, clerk)
    assert [client.get(url).status_code for url in _plan_urls(scenario.plan)] == [200, 200, 200]
    assert [client.get(url).status_code for url in _national_urls()] == [403, 403, 403]


def test_member_of_the_apec_partner_sees_both(client, scenario):
    colleague = member(scenario.apec.organisation, "thomas.garnier@exemple.fr", "Thomas", "Garnier")
    _as(client, colleague)
    assert [client.get(url).status_code for url in _plan_urls(scenario.plan)] == [200, 200, 200]
    assert [client.get(url).status_code for url in _national_urls()] == [200, 200, 200]


def test_national_viewers_outside_the_plan_see_the_national_view_only(client, advisor, scenario):
    """An Apec advisor of the Loire and a member of another préfecture: national view yes, the plan no."""
    other_prefecture = organisation(Organisation.Kind.ANCT, "Préfecture de la Loire")
    delegate = member(other_prefecture, "delegue.loire@exemple.fr", "Anne", "Vidal")
    for user in (advisor, delegate):
        _as(client, user)
        assert [client.get(url).status_code for url in _national_urls()] == [200, 200, 200], user.email
        assert [client.get(url).status_code for url in _plan_urls(scenario.plan)] == [404, 404, 404], user.email
        # The national view names the plan but links to it only for those who may open it.
        page = client.get(reverse("plans:national")).content.decode()
        assert escape(scenario.plan.title) in page
        assert scenario.plan.get_absolute_url() not in page


def test_staff_sees_everything(client, staff, scenario):
    _as(client, staff)
    assert [client.get(url).status_code for url in _national_urls()] == [200, 200, 200]
    assert [client.get(url).status_code for url in _plan_urls(scenario.plan)] == [200, 200, 200]


def test_contact_who_left_the_organisation_loses_access(client, scenario):
    contact = scenario.apec.contact
    scenario.apec.organisation.memberships.filter(user=contact).delete()
    _as(client, contact)
    assert [client.get(url).status_code for url in _plan_urls(scenario.plan)] == [404, 404, 404]
    assert [client.get(url).status_code for url in _national_urls()] == [403, 403, 403]


def test_deactivated_staff_is_refused(client, staff, scenario):
    staff.is_active = False
    staff.save(update_fields=["is_active"])
    assert not client.login(email=staff.email, password=TEST_PASSWORD)
    assert client.get(reverse("plans:national")).status_code == 302


def test_unknown_plan_is_404_even_for_staff(client, staff):
    _as(client, staff)
    assert client.get(reverse("plans:plan_pdf", args=[999_999])).status_code == 404
    assert client.get(reverse("plans:plan_export", args=[999_999, "csv"])).status_code == 404
