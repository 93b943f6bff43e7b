"""The audit trail: changes to offers, applications, mentoring pairs and impact studies record who,
when and what, when made through the real pages.

Offers keep `OfferRevision` (edits: field → [old, new]) and `OfferTransition` (status); applications
keep `ApplicationTransition` (status) and their notes (author, date, text); mentoring and impact
studies write the generic `core.AuditLog` (core/audit.py); deleting a study (admin only) leaves the
admin's own log entry.
"""

from __future__ import annotations

import io

import pytest
from django.contrib.admin.models import DELETION, LogEntry
from django.urls import reverse

from emploi_territoires.core.audit import history
from emploi_territoires.core.models import AuditLog


def _form_data(form) -> dict:
    data = {}
    for name in form.fields:
        value = form[name].value()
        if value is None or value == []:
            continue
        data[name] = value.pk if hasattr(value, "pk") else value
    return data


def test_offer_edit_records_who_changed_which_field(client, world):
    offer = world.offer_draft
    client.force_login(world.recruiter_a)
    url = reverse("offers:edit", kwargs={"reference": offer.reference})
    data = _form_data(client.get(url).context["form"])
    data["title"] = "Chargé·e de mission revitalisation commerciale (F/H)"
    client.post(url, data)
    revision = offer.revisions.get()
    assert revision.actor == world.recruiter_a
    assert revision.changes["title"] == [
        "Chargé·e de mission commerce (F/H)",
        "Chargé·e de mission revitalisation commerciale (F/H)",
    ]
    assert revision.created_at is not None


def test_offer_status_change_records_the_actor(client, world):
    offer = world.offer_draft
    client.force_login(world.recruiter_a)
    client.post(reverse("offers:transition", kwargs={"reference": offer.reference}), {"to_status": "submitted"})
    transition = offer.transitions.get()
    assert (transition.from_status, transition.to_status, transition.actor) == ("draft", "submitted", world.recruiter_a)


def test_application_status_and_notes_record_author_and_time(client, world):
    application = world.application
    client.force_login(world.recruiter_a)
    client.post(reverse("applications:transition", kwargs={"pk": application.pk}), {"to_status": "under_review"})
    client.post(reverse("applications:add_note", kwargs={"pk": application.pk}), {"text": "Appeler mardi."})
    transition = application.transitions.get()
    assert (transition.from_status, transition.to_status, transition.actor) == (
        "new",
        "under_review",
        world.recruiter_a,
    )
    note = application.notes.get()
    assert (note.author, note.text) == (world.recruiter_a, "Appeler mardi.")
    assert note.created_at is not None


def test_bulk_refusal_records_one_transition_per_application(client, world):
    application = world.application
    client.force_login(world.recruiter_a)
    client.post(
        reverse("applications:bulk_refuse", kwargs={"reference": application.offer.reference}),
        {"applications": [application.pk], "reason": "profile_mismatch"},
    )
    application.refresh_from_db()
    assert application.status == "refused"
    assert application.transitions.get().actor == world.recruiter_a


def test_mentoring_lock_publish_and_end_are_logged(client, world):
    mentoring = world.mentoring
    proposal, run = mentoring["proposal"], mentoring["run"]
    client.force_login(world.staff)  # staff manage every programme
    client.post(reverse("mentoring:proposal_action", kwargs={"pk": proposal.pk}), {"action": "lock"})
    lock = history(proposal).get()
    assert (lock.action, lock.actor, lock.changes) == (
        "mentoring.proposal.locked",
        world.staff,
        {"locked": [False, True]},
    )

    # The published pair of the world ended by its manager, with the mentee's situation.
    pair = mentoring["pair"]
    created = history(pair).get(action="mentoring.pair.created")
    assert created.actor == mentoring["manager"]
    client.post(reverse("mentoring:pair_end", kwargs={"pk": pair.pk}), {"outcome": "job", "satisfaction": "4"})
    ended = history(pair).get(action="mentoring.pair.ended")
    assert ended.actor == world.staff
    assert ended.changes == {"state": ["active", "ended"], "outcome": ["", "job"], "satisfaction": 4}

    # Publishing the new run is logged with the pairs it created.
    client.post(reverse("mentoring:run_publish", kwargs={"pk": run.programme_id, "run_pk": run.pk}))
    published = history(run).get(action="mentoring.run.published")
    assert published.actor == world.staff
    assert published.changes["pairs"]
    assert AuditLog.objects.filter(action="mentoring.pair.created", actor=world.staff).count() == len(
        published.changes["pairs"]
    )


@pytest.fixture
def panel_upload():
    from pathlib import Path

    import moderndid
    import pandas as pd

    path = Path(moderndid.__file__).parent / "core" / "datasets" / "mpdta_long.pkl.gz"
    table = pd.read_pickle(path).astype(str)  # noqa: S301 - a file of a pinned test dependency
    upload = io.BytesIO(table.to_csv(index=False).encode("utf-8"))
    upload.name = "mpdta.csv"
    return upload


def test_impact_study_creation_rerun_and_deletion_are_logged(client, world, panel_upload):
    from emploi_territoires.evaluation.models import ImpactStudy
    from tests.factories import UserFactory

    client.force_login(world.advisor)
    client.post(
        reverse("evaluation:impact_list"),
        {
            "title": "Salaire minimum et emploi des comtés",
            "panel": panel_upload,
            "unit": "countyreal",
            "time": "year",
            "outcome": "lemp",
            "treatment_start": "first.treat",
            "estimator": "cs",
            "control": "never",
        },
    )
    study = ImpactStudy.objects.get()
    created = history(study).get(action="evaluation.study.created")
    assert created.actor == world.advisor
    assert created.changes == {"title": study.title, "source_name": "mpdta.csv", "estimator": "cs"}

    client.force_login(world.staff)
    client.post(reverse("evaluation:impact_rerun", kwargs={"pk": study.pk}))
    rerun = history(study).get(action="evaluation.study.rerun")
    assert (rerun.actor, rerun.changes) == (world.staff, {"identical": True})

    superuser = UserFactory(email="admin@exemple.fr", is_staff=True, is_superuser=True)
    client.force_login(superuser)
    client.post(reverse("admin:evaluation_impactstudy_delete", args=[study.pk]), {"post": "yes"})
    assert not ImpactStudy.objects.exists()
    entry = LogEntry.objects.get(action_flag=DELETION)
    assert (entry.user, entry.object_repr) == (superuser, str(study))
    # The trail outlives the study.
    assert AuditLog.objects.filter(target_type="evaluation.impactstudy", target_id=str(study.pk)).count() == 2
