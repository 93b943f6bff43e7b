"""The follow-ups in the person's data export and in account deletion (docs/personal-data.md).

Registered with `applications.gdpr.register_person_data` by `FollowupConfig.ready()`, so that
applications never imports followup:
- `export_for(person)`: the person's follow-ups (dates, reasons, consent, who followed them), the
  notes shared with the group (never those private to a structure: they are the professionals'
  working notes, which the person may ask for under the right of access — docs/followup.md),
  appointments, documents (name and date), proposals, outcome checks, and their requests.
- `forget_person(user)`: the person's follow-ups and requests are deleted with everything in them
  (notes, appointments, documents and their files, proposals, outcomes); as a professional, the
  user leaves every group and is removed as referent, opener or closer; the audit trail's labels
  that named the person are neutralised.
"""

from __future__ import annotations

import datetime

from django.db import transaction
from django.db.models import Value
from django.db.models.functions import Concat
from django.utils import timezone

from emploi_territoires.core.models import AuditLog

from . import services
from .models import FollowUp, FollowUpMember, FollowUpRequest, NoteVisibility


def _iso(value: datetime.date | datetime.datetime | None) -> str | None:
    return value.isoformat() if value is not None else None


def export_for(person) -> dict:
    followups = (
        FollowUp.objects.filter(person=person)
        .select_related("referent")
        .prefetch_related(
            "members__user",
            "members__organisation",
            "notes__author",
            "notes__organisation",
            "appointments__with_user",
            "documents",
            "proposals",
            "outcomes",
        )
    )
    return {
        "accompagnements": [
            {
                "debut": _iso(f.started_on),
                "motif": f.get_start_reason_display(),
                "precisions": f.start_comment,
                "accord": f.get_consent_mode_display(),
                "version_du_texte_d_accord": f.consent_text_version,
                "accord_donne_le": _iso(f.consent_at),
                "referent": str(f.referent) if f.referent else None,
                "dernier_contact": _iso(f.last_contact_at),
                "fin": _iso(f.ended_at),
                "motif_de_fin": f.get_end_reason_display() if f.end_reason else None,
                "professionnels": [
                    {
                        "nom": str(m.user),
                        "structure": m.organisation.name,
                        "depuis": _iso(m.joined_at),
                        "jusqu_au": _iso(m.left_at),
                    }
                    for m in f.members.all()
                ],
                "notes_partagees": [
                    {"le": _iso(n.created_at), "auteur": str(n.author or ""), "texte": n.text}
                    for n in f.notes.all()
                    if n.visibility == NoteVisibility.GROUP
                ],
                "rendez_vous": [
                    {
                        "le": _iso(a.starts_at),
                        "modalite": a.get_channel_display(),
                        "lieu": a.place,
                        "objet": a.subject,
                        "avec": str(a.with_user or ""),
                        "etat": a.get_status_display(),
                    }
                    for a in f.appointments.all()
                ],
                "documents": [
                    {"intitule": d.title, "fichier": d.original_name, "depose_le": _iso(d.created_at)}
                    for d in f.documents.all()
                ],
                "propositions": [
                    {
                        "type": p.get_kind_display(),
                        "etat": p.get_status_display(),
                        "le": _iso(p.created_at),
                        "message": p.message,
                        "reponse": p.answer_message,
                    }
                    for p in f.proposals.all()
                ],
                "situations_apres": [
                    {"echeance": o.get_milestone_display(), "situation": o.get_situation_display()}
                    for o in f.outcomes.all()
                ],
            }
            for f in followups
        ],
        "demandes": [
            {
                "structure": r.organisation.name,
                "le": _iso(r.created_at),
                "message": r.message,
                "etat": r.get_status_display(),
                "reponse": r.answer_message,
            }
            for r in FollowUpRequest.objects.filter(person=person).select_related("organisation")
        ],
    }


def _neutral_labels(target_type: str, ids: list[int], label: str) -> None:
    if ids:
        AuditLog.objects.filter(target_type=target_type, target_id__in=[str(pk) for pk in ids]).update(
            target_label=Concat(Value(f"{label} n° "), "target_id")
        )


def forget_person(user, *, now: datetime.datetime | None = None) -> dict[str, int]:
    now = now or timezone.now()
    with transaction.atomic():
        followup_ids = list(FollowUp.objects.filter(person=user).values_list("pk", flat=True))
        request_ids = list(FollowUpRequest.objects.filter(person=user).values_list("pk", flat=True))
        _neutral_labels("followup.followup", followup_ids, "Accompagnement")
        _neutral_labels("followup.followuprequest", request_ids, "Demande d'accompagnement")
        requests, _ = FollowUpRequest.objects.filter(pk__in=request_ids).delete()
        erased = services.delete_followups(FollowUp.objects.filter(pk__in=followup_ids))
        left = FollowUpMember.objects.filter(user=user, left_at__isnull=True).update(left_at=now)
        FollowUp.objects.filter(referent=user).update(referent=None)
        FollowUp.objects.filter(opened_by=user).update(opened_by=None)
        FollowUp.objects.filter(ended_by=user).update(ended_by=None)
        FollowUpRequest.objects.filter(answered_by=user).update(answered_by=None)
    return {"followups_erased": erased, "requests_deleted": requests, "groups_left": left}
