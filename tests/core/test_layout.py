"""The site layout (header, navigation, footer, skip links, CSP nonces) and the home page."""

from __future__ import annotations

import itertools
import re

import pytest
from django.apps import apps as django_apps
from django.urls import reverse
from dsfr.models import DsfrConfig

from emploi_territoires.accounts.models import Membership, Organisation, User
from emploi_territoires.core.templatetags.core_tags import thousands
from emploi_territoires.territories.models import Commune, Departement, Region

pytestmark = pytest.mark.django_db


def html_of(response) -> str:
    assert response.status_code == 200
    return response.content.decode()


def test_home_explains_the_service_to_each_audience(client):
    html = html_of(client.get(reverse("core:home")))
    for slug, title in (
        ("collectivite", "Vous recrutez pour une collectivité"),
        ("entreprise", "Vous recrutez pour une entreprise"),
        ("conseiller", "Vous êtes conseiller ou conseillère"),
        ("gestionnaire", "Vous pilotez un programme"),
        ("jeune-diplome", "Vous êtes jeune diplômé ou diplômée"),
        ("mentor", "Vous êtes cadre et voulez transmettre"),
    ):
        assert f'id="audience-{slug}"' in html
        assert title in html
    assert "quartier prioritaire" in html
    for slug, label in (
        ("acv", "Action cœur de ville"),
        ("pvd", "Petites villes de demain"),
        ("ti", "Territoires d&#x27;industrie"),
        ("qpv", "Quartiers prioritaires"),
    ):
        assert f'href="/territoires/programme/{slug}">{label}</a>' in html
    assert 'action="/territoires/recherche"' in html


def test_headings_are_in_order_on_the_home_page(client):
    html = html_of(client.get(reverse("core:home")))
    main = html[html.index('<main id="content"') : html.index("</main>")]
    levels = [int(level) for level in re.findall(r"<h([1-6])", main)]
    assert levels[0] == 1 and levels.count(1) == 1
    # Never skip a level going down (h2 -> h4).
    assert all(b <= a + 1 for a, b in itertools.pairwise(levels))


def test_layout_has_french_lang_skip_links_header_and_footer(client):
    html = html_of(client.get(reverse("core:home")))
    assert '<html lang="fr"' in html
    skiplinks = html[html.index('class="fr-skiplinks"') : html.index("</nav>")]
    for target, label in (("#content", "Contenu"), ("#navigation", "Menu"), ("#footer", "Pied de page")):
        assert f'href="{target}">{label}</a>' in skiplinks
    for anchor in ('id="content"', 'id="navigation"', 'id="footer"'):
        assert anchor in html
    assert "Emploi Territoires" in html
    assert "L'emploi au service des territoires" in html
    assert "République<br>française" in html
    assert 'href="/accessibilite">Accessibilité : non conforme</a>' in html
    assert 'href="/mentions-legales">Mentions légales</a>' in html
    assert 'href="/donnees-personnelles">Données personnelles</a>' in html
    assert 'aria-current="page">Accueil</a>' in html


@pytest.mark.parametrize(
    ("name", "heading"),
    [
        ("core:accessibility", "<h1>Accessibilité</h1>"),
        ("core:legal_notice", "<h1>Mentions légales</h1>"),
        ("core:personal_data", "<h1>Données personnelles</h1>"),
    ],
)
def test_legal_pages(client, name, heading):
    html = html_of(client.get(reverse(name)))
    assert heading in html
    assert 'aria-current="page"' in html  # breadcrumb


def test_every_script_carries_the_csp_nonce_and_htmx_is_loaded(client):
    response = client.get(reverse("core:home"))
    nonce = re.search(r"'nonce-([^']+)'", response["Content-Security-Policy"]).group(1)
    html = html_of(response)
    scripts = re.findall(r"<script\b[^>]*>", html)
    assert scripts
    assert all(f'nonce="{nonce}"' in tag for tag in scripts), scripts
    assert any("django_htmx/htmx-2" in tag for tag in scripts)
    assert any("dsfr.module.min.js" in tag for tag in scripts)
    # No inline style: the policy would block it.
    assert "<style" not in html
    assert not re.search(r"\sstyle=", html)


def test_demo_banner_only_in_demo_mode(client, settings):
    settings.DEMO_MODE = False
    assert "Données de démonstration" not in html_of(client.get(reverse("core:home")))
    settings.DEMO_MODE = True
    html = html_of(client.get(reverse("core:home")))
    assert 'id="demo-banner"' in html
    assert "Données de démonstration" in html


def test_anonymous_header_offers_login_and_signup(client):
    html = html_of(client.get(reverse("core:home")))
    assert f'href="{reverse("accounts:login")}">Se connecter</a>' in html
    assert f'href="{reverse("accounts:signup")}">Créer un compte</a>' in html
    assert "Se déconnecter" not in html


def test_signed_in_header_offers_space_organisation_and_post_logout(client):
    region = Region.objects.create(code="27", name="Bourgogne-Franche-Comté")
    nievre = Departement.objects.create(code="58", name="Nièvre", region=region)
    clamecy = Commune.objects.create(
        code="58079", name="Clamecy", search_name="clamecy", population=3986, departement=nievre, region=region
    )
    user = User.objects.create_user(email="rh@clamecy.fr", password="motdepasse-solide-2024")
    mairie = Organisation.objects.create(name="Mairie de Clamecy", kind="collectivite", commune=clamecy)
    Membership.objects.create(user=user, organisation=mairie, role="admin")
    client.force_login(user)

    html = html_of(client.get(reverse("core:home")))
    assert f'href="{reverse("accounts:space")}">Mon espace</a>' in html
    assert "Organisation : Mairie de Clamecy" in html
    logout = re.search(r'<form method="post" action="([^"]+)">\s*<input type="hidden" name="csrfmiddlewaretoken"', html)
    assert logout is not None and logout.group(1) == reverse("accounts:logout")
    assert "Se connecter" not in html


def test_messages_are_shown_as_dsfr_alerts(client, settings):
    settings.ROOT_URLCONF = "tests.core.urls_for_tests"
    html = html_of(client.get("/message"))
    assert 'class="fr-alert fr-alert--success' in html
    assert "Votre offre « Chef de projet Petites villes de demain » est publiée." in html


def test_templates_render_no_unknown_variable(client, settings):
    # Strict rendering: a typo in a variable name would show up as the marker.
    settings.TEMPLATES = [{**settings.TEMPLATES[0], "OPTIONS": {**settings.TEMPLATES[0]["OPTIONS"]}}]
    settings.TEMPLATES[0]["OPTIONS"]["string_if_invalid"] = "INVALID[%s]"
    for name in (
        "core:home",
        "core:accessibility",
        "core:legal_notice",
        "core:personal_data",
        "territories:index",
        "territories:search",
    ):
        assert "INVALID[" not in html_of(client.get(reverse(name)))


def test_dsfr_config_migration_is_idempotent():
    from importlib import import_module

    migration = import_module("emploi_territoires.core.migrations.0001_dsfr_config")
    config = DsfrConfig.objects.get(language="fr")
    assert config.site_title == "Emploi Territoires"
    assert config.site_tagline == "L'emploi au service des territoires"
    config.site_tagline = "Modifié par un administrateur"
    config.save()
    migration.create_config(django_apps, None)
    assert DsfrConfig.objects.count() == 1
    assert DsfrConfig.objects.get().site_tagline == "Modifié par un administrateur"


@pytest.mark.parametrize(
    ("value", "expected"),
    [(173089, "173\u202f089"), (0, "0"), (1234567, "1\u202f234\u202f567"), (None, ""), ("n/a", "n/a")],
)
def test_thousands_filter(value, expected):
    assert thousands(value) == expected


def test_french_date_filter_writes_the_first_as_an_ordinal(settings):
    import datetime as dt

    from emploi_territoires.core.templatetags.core_tags import french_date

    assert french_date(dt.date(2020, 9, 1)) == "1er septembre 2020"
    assert french_date(dt.date(2021, 5, 27)) == "27 mai 2021"
    assert french_date(None) == ""
