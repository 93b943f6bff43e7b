"""Password reset by email, with Django's token views and French templates."""

import re

from django.core import mail
from django.urls import reverse

from tests.factories import TEST_PASSWORD


def test_reset_sends_a_french_email_with_a_working_link(client, recruiter_a, django_capture_on_commit_callbacks):
    # The e-mail is queued as a background task once the request's transaction commits.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("accounts:password_reset"), {"email": "CLAIRE.ROUX@exemple.fr"})
    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:password_reset_done")
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["claire.roux@exemple.fr"]
    assert "nouveau mot de passe" in message.subject
    link = re.search(r"https?://testserver(/comptes/mot-de-passe/nouveau/\S+/)", message.body).group(1)

    # The first GET swaps the token for a session and redirects to the "set-password" URL.
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    assert "Nouveau mot de passe" in form_page.content.decode()
    new = "Meuse-Verdun-1916"
    done = client.post(form_page.redirect_chain[-1][0], {"new_password1": new, "new_password2": new})
    assert done.status_code == 302
    assert done["Location"] == reverse("accounts:password_reset_complete")
    recruiter_a.refresh_from_db()
    assert recruiter_a.check_password(new)
    assert not recruiter_a.check_password(TEST_PASSWORD)


def test_reset_for_unknown_email_says_the_same_and_sends_nothing(client, db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        response = client.post(reverse("accounts:password_reset"), {"email": "personne@exemple.fr"})
    assert callbacks == []
    assert response.status_code == 302
    assert mail.outbox == []


def test_used_or_forged_link_is_refused_in_french(client, recruiter_a):
    response = client.get(reverse("accounts:password_reset_confirm", kwargs={"uidb64": "MQ", "token": "faux-jeton"}))
    assert response.status_code == 200
    assert "Ce lien n'est plus valable" in response.content.decode()


def test_new_password_goes_through_validators(client, recruiter_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": recruiter_a.email})
    link = re.search(r"https?://testserver(/comptes/\S+/)", mail.outbox[0].body).group(1)
    form_page = client.get(link, follow=True)
    response = client.post(form_page.redirect_chain[-1][0], {"new_password1": "123456", "new_password2": "123456"})
    assert response.status_code == 200
    recruiter_a.refresh_from_db()
    assert recruiter_a.check_password(TEST_PASSWORD)


def test_reset_email_goes_through_the_task_queue(client, recruiter_a, settings, django_capture_on_commit_callbacks):
    """With the database backend the e-mail waits for a worker instead of being sent in the request."""
    from django_tasks_db.models import DBTaskResult

    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("accounts:password_reset"), {"email": recruiter_a.email})
    assert mail.outbox == []
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "emploi_territoires.core.tasks.send_email"
