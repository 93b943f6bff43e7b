"""The projection follows the offers through `offer_changed` (sent by offers.services on commit),
and `reindex_offers` rebuilds it."""

from __future__ import annotations

import pytest
from django.core.management import call_command

from emploi_territoires.offers import services
from emploi_territoires.offers.models import OfferStatus
from emploi_territoires.search.models import OfferDocument
from emploi_territoires.search.offers import OfferSearchParams, search_offers
from tests.offers.factories import OfferFactory

pytestmark = pytest.mark.django_db


def found(text: str) -> list[str]:
    return [h.reference for h in search_offers(OfferSearchParams(text=text)).hits]


@pytest.fixture
def draft(recruiter_a, organisation_a):
    return OfferFactory(organisation=organisation_a, title="Chef·fe de projet Action cœur de ville (F/H)")


def test_publish_makes_the_offer_searchable(draft, recruiter_a, django_capture_on_commit_callbacks):
    assert found("coeur de ville") == []
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(draft, actor=recruiter_a)
    assert found("cœur de ville") == [draft.reference]
    document = OfferDocument.objects.get(pk=draft.pk)
    assert document.commune_code == "42218" and document.in_ti and document.employer_name == "Saint-Étienne Métropole"


def test_submitted_offer_is_not_searchable(draft, recruiter_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.submit(draft, actor=recruiter_a)
    assert not OfferDocument.objects.exists()


@pytest.mark.parametrize("leave", ["mark_filled", "archive"])
def test_filled_or_archived_offer_leaves_the_index(draft, recruiter_a, django_capture_on_commit_callbacks, leave):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(draft, actor=recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        getattr(services, leave)(draft, actor=recruiter_a)
    assert found("coeur de ville") == []
    assert not OfferDocument.objects.exists()


def test_expired_offer_leaves_the_index(draft, recruiter_a, django_capture_on_commit_callbacks):
    import datetime

    with django_capture_on_commit_callbacks(execute=True):
        services.publish(draft, actor=recruiter_a)
    tomorrow_plus = draft.closing_date + datetime.timedelta(days=1)
    with django_capture_on_commit_callbacks(execute=True):
        services.expire_due_offers(today=tomorrow_plus)
    assert not OfferDocument.objects.exists()


def test_editing_the_title_reindexes(draft, recruiter_a, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.publish(draft, actor=recruiter_a)
    with django_capture_on_commit_callbacks(execute=True):
        services.update_offer(draft, {"title": "Manager de centre-ville (F/H)"}, actor=recruiter_a)
    assert found("manager centre ville") == [draft.reference]
    assert found("cœur de ville") == []


def test_a_rolled_back_change_never_reaches_the_index(draft, recruiter_a, django_capture_on_commit_callbacks):
    from django.db import transaction

    with django_capture_on_commit_callbacks(execute=True), pytest.raises(RuntimeError), transaction.atomic():
        services.publish(draft, actor=recruiter_a)
        raise RuntimeError("rollback")
    assert not OfferDocument.objects.exists()


def test_reindex_command_rebuilds_and_drops_stale_rows(organisation_a, capsys):
    published = [OfferFactory(organisation=organisation_a, status=OfferStatus.PUBLISHED) for _ in range(3)]
    filled = OfferFactory(organisation=organisation_a, status=OfferStatus.FILLED)
    # A stale row (the offer was filled while the receiver was not connected, say).
    from emploi_territoires.search.indexing import document_fields

    filled_doc = OfferDocument(offer_id=filled.pk, **document_fields(filled))
    filled_doc.save()
    call_command("reindex_offers", "--batch-size", "2")
    assert set(OfferDocument.objects.values_list("pk", flat=True)) == {o.pk for o in published}
    assert "3 offre(s) publiée(s) indexée(s)" in capsys.readouterr().out
    assert len(search_offers(OfferSearchParams(text="mission")).hits) == 3
