"""`{% load pipeline_tags %}`: the apply block of the public offer page (`{% apply_block offer %}`).

The offer page belongs to the board; this tag keeps what the applications part needs (the
visitor's profile, an earlier application) out of the board's view.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse
from django.utils import timezone

from emploi_territoires.accounts.models import User
from emploi_territoires.offers.models import Offer

from ..forms_pipeline import ApplyForm
from ..models import CandidateProfile
from ..permissions import can_manage_applications
from ..services_pipeline import MAX_MESSAGE_LENGTH, existing_application

register = template.Library()


@register.inclusion_tag("applications/pipeline/apply_block.html", takes_context=True)
def apply_block(context: template.Context, offer: Offer) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    offer_url = offer.get_absolute_url() + "#apply"
    data: dict[str, Any] = {"offer": offer, "user": user, "request": request, "csrf_token": context.get("csrf_token")}
    if not user.is_authenticated:
        login = reverse("accounts:login")
        return data | {
            "login_url": f"{login}?{urlencode({'next': offer_url})}",
            "signup_url": reverse("accounts:signup"),
        }
    is_candidate = user.kind == User.Kind.CANDIDATE
    data["is_candidate"] = is_candidate
    if not is_candidate:
        if can_manage_applications(user, offer.organisation):
            data["board_url"] = reverse("applications:offer_applications", args=[offer.reference])
        return data
    profile_url = reverse("applications:profile_edit")
    return data | {
        "existing": existing_application(offer, user),
        "closed": offer.closing_date is not None and offer.closing_date < timezone.localdate(),
        "profile": CandidateProfile.objects.select_related("commune").filter(user_id=user.pk).first(),
        "profile_url": f"{profile_url}?{urlencode({'next': offer_url})}",
        "form": ApplyForm(),
        "max_length": MAX_MESSAGE_LENGTH,
    }
