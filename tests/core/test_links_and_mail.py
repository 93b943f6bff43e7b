"""Absolute links and templated e-mails (core/links.py, core/mail.py)."""

import pytest
from django.core import mail
from django.urls import NoReverseMatch

from emploi_territoires.core.links import absolute_url, site_url
from emploi_territoires.core.mail import send_templated_email


def test_site_url_is_the_setting_without_trailing_slash(settings):
    settings.SITE_URL = "https://emploi-territoires.example.fr/"
    assert site_url() == "https://emploi-territoires.example.fr"


def test_absolute_url_from_a_path_or_a_url_name(settings):
    settings.SITE_URL = "https://emploi-territoires.example.fr"
    assert absolute_url("/offres/") == "https://emploi-territoires.example.fr/offres/"
    assert absolute_url("applications:detail", 12).startswith("https://emploi-territoires.example.fr/")
    assert absolute_url("applications:detail", 12).endswith("/12/")


def test_a_wrong_url_name_raises_instead_of_linking_to_the_home_page():
    with pytest.raises(NoReverseMatch):
        absolute_url("applications:no_such_page")


@pytest.mark.django_db(transaction=True)
def test_templated_email_renders_subject_text_and_html(settings):
    settings.SITE_URL = "https://emploi-territoires.example.fr"
    sent = send_templated_email(
        "plans/reporting/emails/digest",
        {"plan": None, "digest": None, "url": "https://emploi-territoires.example.fr/plans/1/"},
        ["b@exemple.fr", "", "a@exemple.fr", "a@exemple.fr"],
        reply_to=["contact@exemple.fr"],
    )
    assert sent is True
    [message] = mail.outbox
    assert message.to == ["a@exemple.fr", "b@exemple.fr"]
    assert message.reply_to == ["contact@exemple.fr"]
    assert "\n" not in message.subject
    assert [mimetype for _, mimetype in message.alternatives] == ["text/html"]


@pytest.mark.django_db(transaction=True)
def test_templated_email_to_nobody_sends_nothing():
    assert send_templated_email("plans/reporting/emails/digest", {}, ["", ""]) is False
    assert mail.outbox == []
