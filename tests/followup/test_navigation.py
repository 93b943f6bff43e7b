"""« Accompagnement » in the main navigation leads the person to « Mon accompagnement » and a
support professional to their caseload."""

from __future__ import annotations

import pytest
from django.urls import reverse

pytestmark = pytest.mark.django_db


def test_the_navigation_link(client, person, pro_ml):
    page = client.get(reverse("core:home")).content.decode()
    assert f'href="{reverse("followup:home")}"' in page and ">Accompagnement</a>" in page
    client.force_login(person)
    assert client.get(reverse("followup:home"))["Location"] == reverse("followup:mine")
    client.force_login(pro_ml)
    assert client.get(reverse("followup:home"))["Location"] == reverse("followup:caseload")
