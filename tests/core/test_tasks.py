import pytest
from django.core import mail
from django.db import transaction

from emploi_territoires.core.tasks import send_email_on_commit


@pytest.mark.django_db(transaction=True)
def test_email_is_sent_after_commit():
    with transaction.atomic():
        send_email_on_commit("Bienvenue", "Bonjour Camille,", ["camille@clamecy.fr"])
        assert mail.outbox == []
    assert [m.subject for m in mail.outbox] == ["Bienvenue"]
    assert mail.outbox[0].to == ["camille@clamecy.fr"]


@pytest.mark.django_db(transaction=True)
def test_no_email_when_the_transaction_rolls_back():
    with pytest.raises(RuntimeError), transaction.atomic():
        send_email_on_commit("Bienvenue", "Bonjour", ["camille@clamecy.fr"])
        raise RuntimeError("échec de l'enregistrement")
    assert mail.outbox == []
