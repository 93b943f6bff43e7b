"""The permission matrix: who may GET (and POST to) every URL of the project.

Each app declares its URLs in `tests/security/access_<app>.py` as a module-level
`ACCESS: dict[str, Access]` keyed by the URL's qualified name ("offers:edit"). See README.md.
`test_permission_matrix.py` walks `get_resolver()` and fails when a URL has no declaration.
"""

from __future__ import annotations

import hashlib
import importlib
import pkgutil
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.urls import URLPattern, URLResolver, get_resolver

ROLES = ("anonymous", "candidate", "recruiter_a", "recruiter_b", "advisor_other", "staff")

# Outcomes besides plain status codes (200, 400, 403, 404, 405…).
LOGIN = "login"  # a redirect to the login page
REDIRECT = "redirect"  # any other redirect (after a successful POST, to another page…)
DENIED = (LOGIN, 403, 404, 405)  # outcomes that must leave the database untouched on POST

Outcome = int | str
Expectation = dict[str, Outcome]


def expect(default: Outcome | None = None, **per_role: Outcome) -> Expectation:
    """Expected outcome per role: `expect(403, anonymous=LOGIN, recruiter_a=200)`."""
    unknown = set(per_role) - set(ROLES)
    if unknown:
        raise ValueError(f"rôles inconnus : {sorted(unknown)}")
    if default is None and set(per_role) != set(ROLES):
        raise ValueError(f"rôles manquants : {sorted(set(ROLES) - set(per_role))}")
    return {role: per_role.get(role, default) for role in ROLES}  # type: ignore[misc]


PUBLIC = expect(200)
# Any logged-in person (each with their own page), anonymous visitors to the login page.
LOGGED_IN = expect(200, anonymous=LOGIN)
NOT_ALLOWED = expect(405)


@dataclass(frozen=True)
class Access:
    """What each role gets on one URL.

    get: the outcome of a GET per role. post: the outcome of a POST of `data` per role, for
    state-changing views (None = the view changes nothing, POST not tested); a role whose POST
    outcome is in DENIED must leave the database unchanged. kwargs: the URL's arguments, built
    from the world (tests/security/world.py; objects of organisation A or of the candidate).
    """

    get: Expectation
    post: Expectation | None = None
    kwargs: Callable[[Any], dict] | None = None
    data: Callable[[Any], dict] | None = None
    query: str = ""
    note: str = ""
    # Roles whose POST must leave the database unchanged although the view answers with a redirect
    # (a refusal shown as a message on the page it redirects to).
    no_change: tuple[str, ...] = ()
    api: bool = False  # API URL: roles call it with their organisation's API token (no session)
    extra: dict = field(default_factory=dict)


def load_declarations() -> dict[str, Access]:
    """Every `ACCESS` of the `tests.security.access_*` modules, merged (a name declared twice fails)."""
    import tests.security as package

    merged: dict[str, Access] = {}
    for module_info in sorted(pkgutil.iter_modules(package.__path__), key=lambda m: m.name):
        if not module_info.name.startswith("access_"):
            continue
        module = importlib.import_module(f"tests.security.{module_info.name}")
        for name, access in module.ACCESS.items():
            if name in merged:
                raise AssertionError(f"{name} est déclarée deux fois (dernière : {module_info.name})")
            merged[name] = access
    return merged


@dataclass(frozen=True)
class Route:
    name: str  # qualified name, "" when the pattern has none
    route: str
    callback: str


def _walk(resolver: URLResolver, prefix: str, namespace: str) -> Iterator[Route]:
    for pattern in resolver.url_patterns:
        if isinstance(pattern, URLResolver):
            ns = namespace
            if pattern.namespace:
                ns = f"{namespace}:{pattern.namespace}" if namespace else pattern.namespace
            yield from _walk(pattern, prefix + str(pattern.pattern), ns)
        elif isinstance(pattern, URLPattern):
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else (pattern.name or "")
            callback = pattern.callback
            yield Route(
                name, prefix + str(pattern.pattern), f"{callback.__module__}.{getattr(callback, '__name__', '')}"
            )


def all_routes() -> list[Route]:
    """Every URL pattern of the project (admin and API included), from the root resolver."""
    return list(_walk(get_resolver(), "/", ""))


# --- Database fingerprint: a denied POST must change nothing --------------------------------------

# Rows written by merely being logged in or by the test machinery itself.
_IGNORED_MODELS = {"sessions.session", "contenttypes.contenttype", "auth.permission"}
_IGNORED_FIELDS = {"accounts.user": {"last_login"}, "accounts.apitoken": {"last_used_at"}}


def database_fingerprint() -> dict[str, str]:
    """A digest of every row per model (label → digest): compare two to see which tables changed."""
    digests = {}
    for model in apps.get_models():
        label = model._meta.label_lower
        if label in _IGNORED_MODELS or model._meta.proxy or not model._meta.managed:
            continue
        ignored = _IGNORED_FIELDS.get(label, set())
        fields = [f.attname for f in model._meta.concrete_fields if f.attname not in ignored]
        digest = hashlib.sha256()
        for row in model._base_manager.order_by("pk").values_list(*fields):
            digest.update(repr(row).encode())
        digests[label] = digest.hexdigest()
    return digests


# Placeholder while drafting a declaration: the test fails and prints the actual outcomes.
TBD = dict.fromkeys(ROLES, 0)
