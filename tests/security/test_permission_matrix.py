"""Every URL of the project, every role: exactly the access it should have.

The URLs come from the root resolver (`matrix.all_routes`), so a new view without a declaration
in `tests/security/access_<app>.py` fails `test_every_url_is_declared`. Each declared URL then gets
one test that requests it as every role (GET, and POST for state-changing views) and compares the
outcome with the declaration; a denied POST must leave the database exactly as it was. Every HTML
page answered with 200 must also carry the content security policy, its nonce on every script.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.db import transaction
from django.shortcuts import resolve_url
from django.test import Client
from django.urls import reverse

from tests.security.conftest import role_client
from tests.security.matrix import (
    DENIED,
    LOGIN,
    REDIRECT,
    ROLES,
    Access,
    all_routes,
    database_fingerprint,
    load_declarations,
)

DECLARATIONS = load_declarations()
# A key may carry a variant after "#" ("offers:detail#draft": the same URL for another object).
DECLARED_NAMES = {key.split("#")[0] for key in DECLARATIONS}

# Prefixes covered by a rule of their own rather than one declaration per URL.
RULE_PREFIXES = ("admin:",)  # test_admin_matrix.py: staff only


def _routes_needing_declaration():
    return [r for r in all_routes() if not r.name.startswith(RULE_PREFIXES) and not r.route.startswith("/admin/")]


def test_every_url_is_named():
    # The admin's redirecting patterns have no name: the admin is one rule (test_admin_matrix.py).
    unnamed = [f"{r.route} ({r.callback})" for r in all_routes() if not r.name and not r.route.startswith("/admin/")]
    assert not unnamed, f"URL sans nom (impossible à déclarer dans la matrice) : {unnamed}"


def test_every_url_is_declared():
    missing = sorted({r.name for r in _routes_needing_declaration() if r.name not in DECLARED_NAMES})
    assert not missing, (
        "URL sans déclaration d'accès : ajoutez-les à tests/security/access_<app>.py "
        f"(voir tests/security/README.md) : {missing}"
    )


def test_no_declaration_for_a_url_that_does_not_exist():
    names = {r.name for r in all_routes()}
    stale = sorted(DECLARED_NAMES - names)
    assert not stale, f"déclarations sans URL : {stale}"


def outcome(response, login_url: str) -> int | str:
    if response.status_code in (301, 302, 303, 307, 308):
        location = response["Location"]
        return LOGIN if location.split("?")[0] == login_url else REDIRECT
    return response.status_code


def _client(world, role: str, access: Access) -> Client:
    if not access.api:
        return role_client(world, role)
    key = world.api_keys.get(role)
    return Client(HTTP_AUTHORIZATION=f"Bearer {key}") if key else Client()


def _request(client: Client, method: str, url: str, data: dict, api: bool):
    if method == "get":
        return client.get(url)
    if api:
        return client.generic(method.upper(), url, data=__import__("json").dumps(data), content_type="application/json")
    return client.post(url, data)


def csp_problems(response) -> list[str]:
    """Every HTML page carries the content security policy; inline scripts and styles carry its nonce.

    Scripts from our own origin need no nonce ('self'); JSON data blocks are not executed.
    """
    if response.status_code != 200 or not response.get("Content-Type", "").startswith("text/html"):
        return []
    policy = response.get("Content-Security-Policy", "")
    match = re.search(r"script-src [^;]*'nonce-([^']+)'", policy)
    if not match or "unsafe-inline" in policy or "unsafe-eval" in policy:
        return [f"politique de sécurité du contenu absente ou trop large : {policy!r}"]
    html = response.content.decode(errors="replace")
    nonce = match.group(1)
    problems = []
    for tag in re.findall(r"<script\b[^>]*>", html):
        data_block = re.search(r'type="application/(ld\+)?json"', tag)
        same_origin = re.search(r'src="/[^/]', tag)
        if nonce not in tag and not data_block and not same_origin:
            problems.append(f"script externe ou en ligne sans le nonce : {tag}")
    problems += [f"style sans le nonce : {tag}" for tag in re.findall(r"<style\b[^>]*>", html) if nonce not in tag]
    problems += [
        f"attribut style= bloqué par la politique : {m}" for m in re.findall(r"<[^>]*\sstyle=[^>]*>", html)[:3]
    ]
    return problems


def _format(actual: dict) -> str:
    parts = [f"{role}={value!r}" if value != LOGIN else f"{role}=LOGIN" for role, value in actual.items()]
    return "expect(" + ", ".join(p.replace("'redirect'", "REDIRECT") for p in parts) + ")"


@pytest.mark.parametrize("name", sorted(DECLARATIONS))
def test_access(name, world):
    access = DECLARATIONS[name]
    kwargs = access.kwargs(world) if access.kwargs else {}
    url = reverse(name.split("#")[0], kwargs=kwargs) + (f"?{access.query}" if access.query else "")
    login_url = resolve_url(settings.LOGIN_URL)
    problems = []

    actual_get = {}
    for role in ROLES:
        response = _request(_client(world, role, access), "get", url, {}, access.api)
        actual_get[role] = outcome(response, login_url)
        problems.extend(f"{role} : {p}" for p in csp_problems(response))
    if actual_get != access.get:
        problems.append(f"GET {url}\n  attendu : {access.get}\n  obtenu  : {_format(actual_get)}")

    if access.post is not None:
        data = access.data(world) if access.data else {}
        method = access.extra.get("method", "post")
        actual_post = {}
        changed = []
        for role in ROLES:
            client = _client(world, role, access)
            guarded = access.post[role] in DENIED or role in access.no_change
            # Each role posts to the same starting state: its changes are rolled back afterwards.
            with transaction.atomic():
                before = database_fingerprint() if guarded else None
                response = _request(client, method, url, data, access.api)
                actual_post[role] = outcome(response, login_url)
                if before is not None:
                    after = database_fingerprint()
                    tables = sorted(label for label in before if before[label] != after.get(label))
                    if tables:
                        changed.append(f"{role} ({', '.join(tables)})")
                transaction.set_rollback(True)
        if actual_post != access.post:
            problems.append(f"{method.upper()} {url}\n  attendu : {access.post}\n  obtenu  : {_format(actual_post)}")
        if changed:
            problems.append(f"{method.upper()} {url} refusé mais la base a changé pour : {changed}")

    assert not problems, f"{name}\n" + "\n".join(problems)
