"""Blocks of issue 19 that other pages include: the colleagues' comments on an application's page,
the applications shared with the Apec in « Mes candidatures ». Each reads what the viewer may see
(`services_recruiter.comments_for` answers nothing outside the organisation)."""

from __future__ import annotations

from django import template

from emploi_territoires.accounts.permissions import is_member
from emploi_territoires.applications.models import ApplicationShare, ApplicationStatus
from emploi_territoires.applications.services_recruiter import SHAREABLE_CONTEXTS, comments_for

register = template.Library()


@register.inclusion_tag("applications/recruiter/_comments.html", takes_context=True)
def application_comments(context, application):
    from emploi_territoires.applications.views_recruiter import CommentForm

    request = context.get("request")
    viewer = getattr(request, "user", None)
    comments = comments_for(application, viewer)
    ratings = [c.rating for c in comments if c.rating]
    return {
        "application": application,
        "comments": comments,
        "average": round(sum(ratings) / len(ratings), 1) if ratings else None,
        "form": CommentForm(),
        "request": request,
        "csrf_token": context.get("csrf_token"),
    }


@register.inclusion_tag("applications/recruiter/_candidate_shares.html", takes_context=True)
def candidate_shares(context):
    request = context.get("request")
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {"shares": []}
    # Only applications to a collectivité's project lead offer can be shared: when the page already
    # holds the person's applications (« Mes candidatures »), no query unless one of them is such an offer.
    applications = context.get("applications")
    if applications is not None and not any(
        getattr(a.offer, "programme_context", "") in SHAREABLE_CONTEXTS for a in applications
    ):
        return {"shares": []}
    shares = (
        ApplicationShare.objects.filter(application__candidate_id=user.pk, revoked_at__isnull=True)
        .exclude(application__status=ApplicationStatus.WITHDRAWN)
        .select_related("application__offer", "application__organisation", "advisor_organisation")
        .order_by("-shared_at", "-pk")
    )
    return {"shares": list(shares)}


@register.inclusion_tag("applications/recruiter/_invite_block.html", takes_context=True)
def invite_block(context, profile):
    """« Inviter à postuler » on a profile a recruiter may see: the button, or why there is none."""
    request = context.get("request")
    user = getattr(request, "user", None)
    organisation = getattr(request, "organisation", None)
    shown = (
        user is not None
        and user.is_authenticated
        and organisation is not None
        and user.pk != profile.user_id
        and is_member(user, organisation)
    )
    return {"shown": shown, "profile": profile}
