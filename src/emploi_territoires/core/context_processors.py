"""Context shared by every page: demo flag, CSP nonce, header and navigation links."""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.http import HttpRequest
from django.urls import reverse


@dataclass(frozen=True)
class NavLink:
    label: str
    url: str
    icon: str = ""
    is_current: bool = False


def _header_links(request: HttpRequest) -> tuple[list[NavLink], str | None]:
    """The quick-access links of the header, and the logout URL (a POST form) if signed in."""
    user = getattr(request, "user", None)
    links: list[NavLink] = []
    if user is not None and user.is_authenticated:
        links.append(NavLink("Mon espace", reverse("accounts:space"), "fr-icon-account-circle-line"))
        organisation = getattr(request, "organisation", None)
        if organisation is not None:
            switch = reverse("accounts:switch_organisation")
            links.append(NavLink(f"Organisation : {organisation}", switch, "fr-icon-building-line"))
        return links, reverse("accounts:logout")
    for name, label, icon in (
        ("accounts:login", "Se connecter", "fr-icon-lock-line"),
        ("accounts:signup", "Créer un compte", "fr-icon-account-line"),
    ):
        links.append(NavLink(label, reverse(name), icon))
    return links, None


def _main_navigation(request: HttpRequest) -> list[NavLink]:
    path = request.path
    links = []
    for name, label in (
        ("core:home", "Accueil"),
        ("offers:list", "Offres"),
        ("territories:index", "Territoires"),
        ("jobdating:event_list", "Job datings"),
        ("mentoring:home", "Mentorat"),
        ("followup:home", "Accompagnement"),  # issue 15: « Mon accompagnement » or the caseload
    ):
        url = reverse(name)
        # The home page is current only on "/", other sections on their whole subtree.
        is_current = path == url if url == "/" else path.startswith(url)
        links.append(NavLink(label, url, is_current=is_current))
    return links


def platform(request: HttpRequest) -> dict[str, object]:
    header_links, logout_url = _header_links(request)
    return {
        "DEMO_MODE": settings.DEMO_MODE,
        # django_htmx's {% htmx_script %} reads the nonce from the context under this name.
        "csp_nonce": getattr(request, "csp_nonce", None),
        "header_links": header_links,
        "logout_url": logout_url,
        "main_navigation": _main_navigation(request),
        "skiplinks": [
            {"link": "#content", "label": "Contenu"},
            {"link": "#navigation", "label": "Menu"},
            {"link": "#footer", "label": "Pied de page"},
        ],
    }
