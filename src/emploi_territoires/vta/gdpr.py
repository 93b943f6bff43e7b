"""The volunteer's VTA missions in their data export and in account deletion (docs/vta-aid.md).

Registered with `applications.gdpr.register_person_data` by `VtaConfig.ready()` (applications never
imports vta):
- `export_for(user)`: the missions where the person is the volunteer — collectivité, mission, contract
  dates, the aid's state, the consent to be listed (given, withdrawn), the situations recorded.
- `forget_person(user)`: each such mission loses the link to the account, the name and address, the
  listing consent, the free texts that may quote the person (comments of the aid's steps, missing items,
  refusal reason, job title and employer of the situations) and the signed charter (its file is deleted
  on commit; the préfecture keeps the copy it instructed). An aid file still open is withdrawn (logged,
  without actor). States, dates, amounts and situations stay for the figures and the envelope.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.utils import timezone

from emploi_territoires.core.storage import private_storage

from .models import OPEN_STATUSES, AidRequest, AidStatus, AidTransition, Mission, MissionOutcome
from .services_aid import WORKFLOW


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_for(user) -> dict:
    missions = (
        Mission.objects.filter(volunteer=user)
        .select_related("aid", "organisation", "commune")
        .prefetch_related("outcomes")
        .order_by("created_at", "pk")
    )
    return {
        "missions": [
            {
                "collectivite": m.organisation.name,
                "commune": m.commune.name,
                "mission": m.title,
                "mission_confiee": m.summary,
                "nom_declare": m.volunteer_name,
                "email_declare": m.volunteer_email,
                "debut_du_contrat": _iso(m.starts_on),
                "fin_du_contrat": _iso(m.ends_on),
                "aide_de_l_etat": m.aid.get_status_display() if hasattr(m, "aid") else None,
                "accord_annuaire_donne_le": _iso(m.listing_consent_at),
                "accord_annuaire_retire_le": _iso(m.listing_withdrawn_at),
                "situations": [
                    {
                        "moment": o.get_moment_display(),
                        "situation": o.get_situation_display(),
                        "poste": o.job_title,
                        "employeur": o.employer_name,
                        "dans_la_collectivite": o.same_collectivite,
                        "renseignee_le": _iso(o.recorded_at),
                    }
                    for o in m.outcomes.all()
                ],
            }
            for m in missions
        ]
    }


def forget_person(user, *, now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    with transaction.atomic():
        mission_ids = list(Mission.objects.filter(volunteer=user).values_list("pk", flat=True))
        aids = AidRequest.objects.select_for_update().filter(mission_id__in=mission_ids)
        withdrawn = 0
        storage = private_storage()
        for aid in aids:
            if aid.status in OPEN_STATUSES:
                # Whatever the table offers people (a filed aid is not withdrawn by a click): the
                # erasure closes every open file, logged without actor, saved below.
                WORKFLOW.apply(aid, AidStatus.WITHDRAWN, actor=None, at=now, save=False, listed=False)
                withdrawn += 1
            if aid.charter_file:
                name = aid.charter_file
                transaction.on_commit(lambda name=name: storage.delete(name))
            aid.charter_file = aid.charter_original_name = ""
            aid.missing_items = aid.refusal_reason = ""
            aid.save(
                update_fields=[
                    "status",
                    "status_changed_at",
                    "charter_file",
                    "charter_original_name",
                    "missing_items",
                    "refusal_reason",
                ]
            )
        AidTransition.objects.filter(aid__mission_id__in=mission_ids).update(comment="")
        outcomes = MissionOutcome.objects.filter(mission_id__in=mission_ids)
        outcomes.update(job_title="", employer_name="", recorded_by=None)
        MissionOutcome.objects.filter(recorded_by=user).update(recorded_by=None)
        anonymised = Mission.objects.filter(pk__in=mission_ids).update(
            volunteer=None,
            volunteer_name="",
            volunteer_email="",
            application=None,
            listing_consent_at=None,
            listing_withdrawn_at=None,
        )
    return {"missions_anonymised": anonymised, "aids_withdrawn": withdrawn}
