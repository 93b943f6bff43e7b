"""`{% load jobdating_tags %}`: the job-dating block of a person's space (`{% jobdating_space %}`).

"Mon espace" belongs to accounts, below this module: the tag keeps what job datings need (the
events suggested to a candidate, their e-mail opt-in, the events in an advisor's territories) out
of the space's view, like `applications.templatetags.pipeline_tags` does for the offer page.
"""

from __future__ import annotations

from typing import Any

from django import template
from django.utils import timezone

from emploi_territoires.accounts.permissions import advisor_scope

from .. import services_invitations, suggestions
from ..permissions import is_candidate

register = template.Library()


@register.inclusion_tag("jobdating/space/block.html", takes_context=True)
def jobdating_space(context: template.Context) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    data: dict[str, Any] = {"kind": "", "request": request, "csrf_token": context.get("csrf_token")}
    if is_candidate(user):
        data |= {
            "kind": "candidate",
            "events": suggestions.suggested_events(user, timezone.now()),
            "has_profile": hasattr(user, "candidate_profile"),
            "opted_in": services_invitations.is_opted_in(user),
            "opt_in_text": services_invitations.OPT_IN_TEXT,
            "registered": set(user.jobdating_registrations.values_list("event_id", flat=True)),
        }
    elif advisor_scope(user) is not None:
        data |= {"kind": "advisor", "events": suggestions.advisor_events(user, timezone.localdate())}
    return data
