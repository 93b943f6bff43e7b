"""The request of a view that only signed-in users reach, as the type checker sees it.

A view behind `login_required` (or a check that refuses anonymous visitors first) annotates its
request `AuthenticatedHttpRequest`: `request.user` is then a `User`, never an `AnonymousUser`, and
passes as such to the services (`actor: User`) without a cast or a `type: ignore`. It is a type only:
Django still builds a plain `HttpRequest`; the decorator is what makes the annotation true.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, TypeGuard

from django.http import HttpRequest

if TYPE_CHECKING:
    from django_htmx.middleware import HtmxDetails

    from .models import Organisation, User


class AuthenticatedHttpRequest(HttpRequest):
    user: User
    # Set on every request by accounts.middleware.CurrentOrganisationMiddleware.
    organisation: Organisation | None
    # Set on every request by django_htmx.middleware.HtmxMiddleware.
    htmx: HtmxDetails


def is_signed_in(request: HttpRequest) -> TypeGuard[AuthenticatedHttpRequest]:
    """For a view open to visitors that refuses or redirects them before acting for a user."""
    return request.user.is_authenticated
