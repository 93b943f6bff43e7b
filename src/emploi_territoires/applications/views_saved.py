"""« Mes offres sauvegardées » and the « Sauvegarder cette offre » button of the offer page.

Saving is a POST from the offer page. An anonymous visitor is sent to the login page with
next=<the offer page> (not the POST address: after logging in they land back on the offer and
click again). Only candidate accounts save offers; only the owner sees or removes them.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.views.decorators.http import require_POST

from emploi_territoires.accounts.http import AuthenticatedHttpRequest, is_signed_in
from emploi_territoires.accounts.models import User
from emploi_territoires.offers.models import Offer, OfferStatus

from . import saved_offers


def _candidate(request: AuthenticatedHttpRequest) -> User:
    user = request.user
    if user.kind != User.Kind.CANDIDATE:
        raise PermissionDenied("Cette page est réservée aux comptes de candidats.")
    return user


@login_required
def saved_offer_list(request: AuthenticatedHttpRequest) -> HttpResponse:
    user = _candidate(request)
    return render(
        request,
        "applications/saved/saved_offer_list.html",
        {
            "title": "Mes offres sauvegardées",
            "rows": saved_offers.saved_rows(user),
            "breadcrumb_data": {
                "links": [{"url": reverse("accounts:space"), "title": "Mon espace"}],
                "current": "Mes offres sauvegardées",
            },
        },
    )


@require_POST
def saved_offer_add(request: HttpRequest, reference: str) -> HttpResponse:
    offer = Offer.objects.filter(reference=reference, status=OfferStatus.PUBLISHED).first()
    if offer is None:
        raise Http404("Cette offre n'existe pas ou n'est plus publiée.")
    if not is_signed_in(request):
        return redirect(f"{reverse('accounts:login')}?{urlencode({'next': offer.get_absolute_url()})}")
    user = _candidate(request)
    try:
        created = saved_offers.save_offer(user, offer)
    except saved_offers.SavedOfferError as exc:
        messages.error(request, str(exc))
    else:
        if created:
            messages.success(request, "Offre sauvegardée : retrouvez-la dans « Mes offres sauvegardées ».")
    return redirect(f"{offer.get_absolute_url()}#sauvegarde")


@login_required
@require_POST
def saved_offer_remove(request: AuthenticatedHttpRequest, reference: str) -> HttpResponse:
    user = _candidate(request)
    if saved_offers.remove_saved_offer(user, reference):
        messages.success(request, "Offre retirée de vos offres sauvegardées.")
    if request.POST.get("retour") == "offre":
        offer = Offer.objects.filter(reference=reference, status=OfferStatus.PUBLISHED).first()
        if offer is not None:
            return redirect(f"{offer.get_absolute_url()}#sauvegarde")
    return redirect("applications:saved_offers")
