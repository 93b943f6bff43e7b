"""Text typed by partners (titles, descriptions, organisation and contact names) is escaped in the
national view, the PDF's HTML source and the e-mails' HTML."""

from __future__ import annotations

import datetime

import pytest
from django.core import mail
from django.urls import reverse

from emploi_territoires.plans import notifications
from emploi_territoires.plans.report import render_plan_html
from tests.plans.test_reporting_helpers import haut_nivernais_plan

pytestmark = pytest.mark.django_db

PAYLOAD = '</script><script>alert(1)</script>"><img src=x onerror=alert(1)>'
MARKERS = ("<script>alert(1)", "<img src=x onerror")


def _poison(scenario) -> None:
    scenario.plan.title = f"Plan {PAYLOAD}"
    scenario.plan.save(update_fields=["title"])
    scenario.plan.actions.update(title=f"Action {PAYLOAD}", description=f"Description {PAYLOAD}")
    for partner in (scenario.apec, scenario.prefecture, scenario.town):
        partner.organisation.name = f"Organisation {PAYLOAD}"[:200]
        partner.organisation.save(update_fields=["name"])
        partner.contact.first_name = PAYLOAD[:150]
        partner.contact.save(update_fields=["first_name"])


def test_payloads_are_escaped_in_page_pdf_source_and_emails(client, staff, django_capture_on_commit_callbacks):
    scenario = haut_nivernais_plan()
    _poison(scenario)
    client.force_login(staff)
    page = client.get(reverse("plans:national")).content.decode()
    html = render_plan_html(scenario.plan, datetime.date(2026, 6, 15))
    with django_capture_on_commit_callbacks(execute=True):
        notifications.send_notifications(datetime.date(2026, 10, 20))  # the needs campaign is late
    emails = [message.alternatives[0][0] for message in mail.outbox]
    assert emails
    for source in (page, html, *emails):
        assert "&lt;script&gt;alert(1)&lt;/script&gt;" in source
        assert not [marker for marker in MARKERS if marker in source]
