"""Personal data of the conversation around applications (issue 19): export and erasure.

Called by `applications.gdpr` (`collect_personal_data`, `erase_candidate`), so the threads,
interviews, invitations, colleagues' comments and shares follow the application's retention:

- Erasure (account deletion, anonymisation after inactivity): the threads of the person's
  applications are deleted with their messages (attachment files deleted once the transaction
  commits), their interviews and slots, the colleagues' comments and ratings about them, the shares
  with advisors, and the invitations they received. Rows where the same account acted as a
  professional (a message, a comment, an invitation sent) stay without their author.
- Export: the person's threads (messages of every side, the author named by role and structure,
  never by name: the recruiters' and advisors' names are their own personal data), their interviews
  with the slots, and the invitations received. The colleagues' comments and ratings are the
  organisation's working notes and, like `ApplicationNote`, are not in the self-service export.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from emploi_territoires.accounts.models import User
from emploi_territoires.core.storage import private_storage

from .models_conversation import (
    ApplicationComment,
    ApplicationShare,
    Interview,
    Invitation,
    Message,
    Side,
    Thread,
)


def _iso(value) -> str | None:
    return value.isoformat() if value is not None else None


def forget_applications(user: User, application_ids: list[int]) -> dict[str, int]:
    """Delete the conversation around the person's applications; call inside the erasure's transaction."""
    attachments = list(
        Message.objects.filter(thread__application_id__in=application_ids)
        .exclude(attachment_file="")
        .values_list("attachment_file", flat=True)
    )
    messages = Message.objects.filter(thread__application_id__in=application_ids)
    counts = {"messages": messages.count()}
    counts["threads"] = Thread.objects.filter(application_id__in=application_ids).count()
    Thread.objects.filter(application_id__in=application_ids).delete()  # with their messages
    counts["interviews"] = Interview.objects.filter(application_id__in=application_ids).count()
    Interview.objects.filter(application_id__in=application_ids).delete()  # with their slots
    counts["comments"] = ApplicationComment.objects.filter(application_id__in=application_ids).delete()[0]
    counts["shares"] = ApplicationShare.objects.filter(application_id__in=application_ids).delete()[0]
    counts["invitations"] = Invitation.objects.filter(candidate=user).delete()[0]
    # The same account may have acted as a professional (rare for a candidate): those rows forget it.
    ApplicationShare.objects.filter(advisor=user).delete()
    ApplicationShare.objects.filter(shared_by=user).update(shared_by=None)
    Invitation.objects.filter(recruiter=user).update(recruiter=None)
    ApplicationComment.objects.filter(author=user).update(author=None)
    Interview.objects.filter(proposed_by=user).update(proposed_by=None)
    Message.objects.filter(author=user).update(author=None)
    if attachments:
        storage = private_storage()

        def _delete_files() -> None:
            for name in attachments:
                storage.delete(name)

        transaction.on_commit(_delete_files)
    counts["attachments"] = len(attachments)
    return counts


def export_for(user: User) -> dict[str, Any]:
    """The person's conversations, interviews and invitations, as plain JSON-able data."""
    threads = (
        Thread.objects.filter(application__candidate=user)
        .select_related("application__offer")
        .prefetch_related("messages__author_organisation")
        .order_by("created_at", "pk")
    )
    roles = {Side.ORGANISATION: "recruteur", Side.CANDIDATE: "vous", Side.FOLLOWUP: "accompagnement"}
    interviews = (
        Interview.objects.filter(application__candidate=user)
        .select_related("application__offer", "chosen_slot")
        .prefetch_related("slots")
        .order_by("created_at", "pk")
    )
    return {
        "conversations": [
            {
                "offre": t.application.offer.reference,
                "partagee_avec_mon_accompagnement": t.shared_with_followup,
                "messages": [
                    {
                        "par": roles.get(m.side, m.side),
                        "structure": m.author_organisation.name if m.author_organisation else None,
                        "le": _iso(m.created_at),
                        "message": m.body,
                        "piece_jointe": m.attachment_name or None,
                        "lu_par_vous_le": _iso(m.read_by_candidate_at),
                    }
                    for m in t.messages.all()
                ],
            }
            for t in threads
        ],
        "entretiens": [
            {
                "offre": i.application.offer.reference,
                "etat": i.get_status_display(),
                "precisions": i.note,
                "motif": i.reason,
                "creneaux_proposes": [
                    {"debut": _iso(s.start), "fin": _iso(s.end), "lieu": s.place, "visio": s.video_url}
                    for s in i.slots.all()
                ],
                "creneau_retenu": _iso(i.chosen_slot.start) if i.chosen_slot else None,
            }
            for i in interviews
        ],
        "invitations_recues": [
            {
                "offre": inv.offer.reference,
                "intitule": inv.offer.title,
                "organisation": inv.organisation.name,
                "message": inv.message,
                "etat": inv.get_status_display(),
                "envoyee_le": _iso(inv.created_at),
                "reponse_le": _iso(inv.answered_at),
            }
            for inv in Invitation.objects.filter(candidate=user)
            .select_related("offer", "organisation")
            .order_by("created_at", "pk")
        ],
    }
