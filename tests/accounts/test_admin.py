"""The Django admin for staff: users by email, organisations with members, advisor scopes."""

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import User


@pytest.mark.parametrize(
    "name",
    [
        "admin:accounts_user_changelist",
        "admin:accounts_user_add",
        "admin:accounts_organisation_changelist",
        "admin:accounts_organisation_add",
        "admin:accounts_advisorscope_changelist",
        "admin:accounts_advisorscope_add",
    ],
)
def test_admin_pages_load(admin_client, advisor, name):
    assert admin_client.get(reverse(name)).status_code == 200


def test_change_pages_load(admin_client, recruiter_a, organisation_a, advisor):
    assert admin_client.get(reverse("admin:accounts_user_change", args=[recruiter_a.pk])).status_code == 200
    assert admin_client.get(reverse("admin:accounts_organisation_change", args=[organisation_a.pk])).status_code == 200
    scope = advisor.advisor_scope
    assert admin_client.get(reverse("admin:accounts_advisorscope_change", args=[scope.pk])).status_code == 200


def test_admin_search_by_email(admin_client, recruiter_a, member_a):
    response = admin_client.get(reverse("admin:accounts_user_changelist"), {"q": "claire.roux"})
    html = response.content.decode()
    assert "claire.roux@exemple.fr" in html
    assert "hugo.faure@exemple.fr" not in html


def test_admin_creates_a_user_by_email(admin_client, db):
    response = admin_client.post(
        reverse("admin:accounts_user_add"),
        {
            "email": "nouvelle.conseillere@exemple.fr",
            "kind": "professional",
            "usable_password": "true",
            "password1": "Roanne-Loire-2026",
            "password2": "Roanne-Loire-2026",
            "_save": "1",
        },
    )
    assert response.status_code == 302, response.context["adminform"].form.errors
    assert User.objects.get(email="nouvelle.conseillere@exemple.fr").check_password("Roanne-Loire-2026")


@pytest.mark.parametrize("persona", ["recruiter_a", "staff"])
def test_admin_is_closed_to_non_superusers_without_permissions(client, request, persona):
    client.force_login(request.getfixturevalue(persona))
    response = client.get(reverse("admin:accounts_organisation_changelist"))
    assert response.status_code in (302, 403)
