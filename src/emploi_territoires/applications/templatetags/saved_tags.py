"""`{% load saved_tags %}`: « Sauvegarder cette offre » on the public offer page (`{% save_offer_block offer %}`).

Like `apply_block`, it keeps the candidate's data (is this offer saved?) out of the board's view.
Anonymous visitors get a link to the login page that brings them back to the offer; candidates a
button (or « Retirer » when saved); other accounts nothing.
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from django import template
from django.urls import reverse

from emploi_territoires.accounts.models import User
from emploi_territoires.offers.models import Offer

from ..saved_offers import is_saved

register = template.Library()


@register.inclusion_tag("applications/saved/save_block.html", takes_context=True)
def save_offer_block(context: template.Context, offer: Offer) -> dict[str, Any]:
    request = context["request"]
    user = request.user
    anonymous = not user.is_authenticated
    candidate = not anonymous and user.kind == User.Kind.CANDIDATE
    return {
        "offer": offer,
        "anonymous": anonymous,
        "candidate": candidate,
        "saved": candidate and is_saved(user, offer),
        "login_url": f"{reverse('accounts:login')}?{urlencode({'next': offer.get_absolute_url()})}",
    }
