"""The admin is one rule: staff only. Every admin URL (from the resolver, so new models are covered)
sends anonymous visitors and every non-staff role to the admin login page, and never fails for
staff; a superuser opens every list and every add form (or is refused one on read-only models).
"""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from django.urls import reverse

from tests.factories import UserFactory
from tests.security.conftest import role_client
from tests.security.matrix import ROLES, all_routes

# Admin URLs that are public by Django's design: the login page, the JavaScript catalogue of
# translations, and "view on site" (a redirect to the object's public URL, itself checked).
PUBLIC_ADMIN = {"admin:login", "admin:jsi18n", "admin:view_on_site"}


def _concrete(route) -> str:
    if route.name == "admin:app_list":
        return reverse("admin:app_list", kwargs={"app_label": "accounts"})
    if "(?P<url>" in route.route:
        return "/admin/page-inexistante/"
    return re.sub(r"<[^>]+>", "1", route.route)


def _admin_routes_by_app() -> dict[str, list]:
    grouped = defaultdict(list)
    for route in all_routes():
        if route.route.startswith("/admin/"):
            segment = route.route.split("/")[2]
            app = segment if route.route.count("/") > 3 and not segment.startswith(("^", "(")) else "site"
            grouped[app].append(route)
    return grouped


ADMIN_ROUTES = _admin_routes_by_app()


def test_admin_routes_are_found():
    assert {"accounts", "offers", "applications", "site"} <= set(ADMIN_ROUTES)


@pytest.mark.parametrize("app", sorted(ADMIN_ROUTES))
def test_admin_is_staff_only(app, world):
    login = reverse("admin:login")
    problems = []
    clients = {role: role_client(world, role) for role in ROLES}
    for route in ADMIN_ROUTES[app]:
        url = _concrete(route)
        for role, client in clients.items():
            response = client.get(url)
            if role == "staff":
                if response.status_code >= 500:
                    problems.append(f"{url} staff : {response.status_code}")
                continue
            if route.name in PUBLIC_ADMIN or route.name == "admin:logout":
                continue
            redirected = response.status_code == 302 and response["Location"].startswith(login)
            if not redirected:
                problems.append(f"{url} {role} : {response.status_code} (attendu : redirection vers {login})")
    assert not problems, "\n".join(problems)


@pytest.mark.parametrize("app", sorted(set(ADMIN_ROUTES) - {"site"}))
def test_superuser_opens_every_list_and_add_form(app, world, client):
    client.force_login(UserFactory(email="admin@exemple.fr", is_staff=True, is_superuser=True))
    problems = []
    for route in ADMIN_ROUTES[app]:
        if route.name.endswith(("_changelist", "_add")):
            response = client.get(_concrete(route))
            # Some models are read-only in the admin (written by the platform only): no add form.
            allowed = {200, 403} if route.name.endswith("_add") else {200}
            if response.status_code not in allowed:
                problems.append(f"{route.name} : {response.status_code}")
    assert not problems, "\n".join(problems)
