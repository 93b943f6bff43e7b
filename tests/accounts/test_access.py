"""Every private accounts URL sends anonymous visitors to the login page, and changes nothing."""

import pytest
from django.urls import reverse

from emploi_territoires.accounts.models import Membership


@pytest.mark.parametrize(
    ("method", "name"),
    [
        ("get", "accounts:space"),
        ("get", "accounts:switch_organisation"),
        ("post", "accounts:switch_organisation"),
        ("get", "accounts:organisation_create"),
        ("get", "accounts:organisation_edit"),
        ("post", "accounts:member_add"),
        ("post", "accounts:member_role"),
        ("post", "accounts:member_remove"),
    ],
)
def test_anonymous_is_sent_to_login(client, member_a, organisation_a, method, name):
    membership = Membership.objects.get(user=member_a)
    args = {
        "accounts:organisation_edit": [organisation_a.pk],
        "accounts:member_add": [organisation_a.pk],
        "accounts:member_role": [organisation_a.pk, membership.pk],
        "accounts:member_remove": [organisation_a.pk, membership.pk],
    }.get(name, [])
    url = reverse(name, args=args)
    if method == "post":
        response = client.post(url, {"role": "admin", "organisation": organisation_a.pk, "email": "x@y.fr"})
    else:
        response = client.get(url)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('accounts:login')}?next={url}"
    membership.refresh_from_db()
    assert membership.role == "member"


def test_member_remove_by_non_admin_is_403(client, recruiter_a, member_a, organisation_a):
    admin_membership = Membership.objects.get(user=recruiter_a)
    client.force_login(member_a)
    response = client.post(reverse("accounts:member_remove", args=[organisation_a.pk, admin_membership.pk]))
    assert response.status_code == 403
    assert Membership.objects.filter(pk=admin_membership.pk).exists()
