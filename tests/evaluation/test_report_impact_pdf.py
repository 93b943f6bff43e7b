"""The impact study as a PDF: estimates, the embedded event-study plot and the plain-French summary."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.evaluation.test_impact_views import mpdta_upload, study  # noqa: F401 (fixtures)

pytestmark = pytest.mark.django_db


def test_advisor_downloads_the_study_pdf(client, advisor_other, study):  # noqa: F811
    client.force_login(advisor_other)
    page = client.get(study.get_absolute_url()).content.decode()
    url = reverse("evaluation:impact_pdf", args=[study.pk])
    assert "Télécharger en PDF" in page and url in page
    assert reverse("evaluation:impact_plot", args=[study.pk]) in page  # the page still loads its plot
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    assert f'filename="etude-impact-{study.pk}.pdf"' in response["Content-Disposition"]
    # The plot is embedded (a PDF with an image is far larger than the text alone).
    assert b"/Subtype /Image" in response.content or b"/Image" in response.content


@pytest.mark.parametrize("persona", ["candidate", "recruiter_a"])
def test_others_cannot_download_it(client, request, persona, study):  # noqa: F811
    client.force_login(request.getfixturevalue(persona))
    assert client.get(reverse("evaluation:impact_pdf", args=[study.pk])).status_code == 404


def test_anonymous_goes_to_login(anonymous_client, study):  # noqa: F811
    assert anonymous_client.get(reverse("evaluation:impact_pdf", args=[study.pk])).status_code == 302
