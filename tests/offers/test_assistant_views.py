"""The assistant's HTMX partials: the live panel and the territory proposal, for each persona."""

from __future__ import annotations

import pytest
from django.template.loader import render_to_string
from django.urls import reverse

from tests.factories import TEST_PASSWORD, clamecy

ANALYSE = reverse("offers:assistant_analyse")
TERRITORY = reverse("offers:assistant_territory")
FORM = {
    "title": "Chef de projet Petites villes de demain",
    "contract_type": "contrat_projet",
    "salary_min": "32 000",
    "salary_max": "40 000",
    "missions": "Vous conduisez le projet de revitalisation avec l'EPCI. Vous êtes jeune et dynamique.",
    "profile": "Bonne présentation exigée.",
}


def login(client, user):
    assert client.login(email=user.email, password=TEST_PASSWORD)
    return client


@pytest.mark.parametrize("persona", ["recruiter_a", "member_a", "recruiter_b", "advisor", "staff"])
def test_professionals_get_the_panel(client, persona, request):
    response = login(client, request.getfixturevalue(persona)).post(ANALYSE, FORM)
    assert response.status_code == 200
    assert "offers/assistant/panel.html" in [t.name for t in response.templates]
    analysis = response.context["analysis"]
    assert 0 <= analysis.score <= 100
    html = response.content.decode()
    assert f'<strong class="fr-text--lead">{analysis.score}</strong> sur 100' in html
    assert '<progress class="assistant-gauge" max="100" value="' in html
    # Findings grouped by category, each with a severity badge in words (not colour alone).
    assert "Conformité légale" in html and "À corriger" in html
    assert "<mark>jeune et dynamique</mark>" in html
    assert "<mark>Bonne présentation</mark>" in html
    assert "Pourquoi :" in html and "Comment faire :" in html


def test_candidate_is_refused(client, candidate):
    assert login(client, candidate).post(ANALYSE, FORM).status_code == 403


def test_anonymous_is_sent_to_login(anonymous_client):
    response = anonymous_client.post(ANALYSE, FORM)
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


def test_analyse_is_post_only(client, recruiter_a):
    assert login(client, recruiter_a).get(ANALYSE).status_code == 405


def test_user_text_is_escaped_around_the_highlight(client, recruiter_a):
    form = {**FORM, "profile": '<script>alert("x")</script> Bonne présentation exigée <b>svp</b>.'}
    html = login(client, recruiter_a).post(ANALYSE, form).content.decode()
    assert "<script>alert" not in html and "<b>svp" not in html
    assert (
        "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; <mark>Bonne présentation</mark> exigée &lt;b&gt;svp" in html
    )


def test_public_employer_comes_from_the_current_organisation(client, recruiter_a, recruiter_b):
    form = {**FORM, "contract_type": "", "profile": "Nationalité française requise."}
    public = login(client, recruiter_a).post(ANALYSE, form).context["analysis"]
    (finding,) = [f for f in public.findings if f.rule_id == "legal.nationality"]
    assert finding.severity == "warning"  # a collectivité may recruit fonctionnaires: say which contract
    client.logout()
    private = login(client, recruiter_b).post(ANALYSE, form).context["analysis"]
    (finding,) = [f for f in private.findings if f.rule_id == "legal.nationality"]
    assert finding.severity == "error"


def test_commune_of_the_form_is_resolved_and_offers_a_territory_proposal(client, recruiter_b):
    clamecy()
    response = login(client, recruiter_b).post(ANALYSE, {**FORM, "commune": "Clamecy (58079)"})
    analysis = response.context["analysis"]
    assert "completeness.location" not in {f.rule_id for f in analysis.findings}
    html = response.content.decode()
    assert f'hx-get="{TERRITORY}?commune=58079"' in html
    assert "Proposer une présentation du territoire" in html


def test_panel_without_analysis_asks_for_one_on_load(db, rf):
    html = render_to_string("offers/assistant/panel.html", {}, request=rf.get("/"))
    assert f'hx-post="{ANALYSE}"' in html and 'hx-trigger="load"' in html
    assert "<script src=" in html and "offers/assistant.js" in html


def test_score_rises_as_the_author_fixes_the_offer(client, recruiter_a):
    login(client, recruiter_a)
    first = client.post(ANALYSE, FORM).context["analysis"].score
    fixed = {
        **FORM,
        "title": "Chef·fe de projet Petites villes de demain (F/H)",
        "missions": "Vous conduisez le projet de revitalisation avec l'intercommunalité.",
        "profile": "Vous avez une expérience de la conduite de projet.",
    }
    second = client.post(ANALYSE, fixed).context["analysis"].score
    assert second > first


# --- Territory proposal ----------------------------------------------------------------------------


@pytest.mark.parametrize("persona", ["recruiter_a", "recruiter_b", "advisor", "staff"])
def test_territory_proposal_for_professionals(client, persona, request):
    user = request.getfixturevalue(persona)
    clamecy()
    response = login(client, user).get(TERRITORY, {"commune": "58079"})
    assert response.status_code == 200
    html = response.content.decode()
    assert "Présentation proposée pour Clamecy" in html
    assert "Clamecy (Nièvre, Bourgogne-Franche-Comté) compte 3" in html
    assert 'data-assistant-copy="#assistant-territory-source"' in html
    assert 'data-assistant-target="#id_territory_presentation"' in html


def test_territory_proposal_accepts_the_label_and_reports_unknown_communes(client, recruiter_b):
    clamecy()
    login(client, recruiter_b)
    assert (
        "Présentation proposée pour Clamecy" in client.get(TERRITORY, {"commune": "Clamecy (58079)"}).content.decode()
    )
    unknown = client.get(TERRITORY, {"commune": "99999"})
    assert unknown.status_code == 200
    assert "Commune inconnue : « 99999 »" in unknown.content.decode()
    empty = client.get(TERRITORY)
    assert "abord la commune du poste (nom ou code Insee)" in empty.content.decode()


def test_territory_proposal_refused_to_candidates_and_anonymous(client, candidate, anonymous_client):
    assert anonymous_client.get(TERRITORY, {"commune": "58079"}).status_code == 302
    assert login(client, candidate).get(TERRITORY, {"commune": "58079"}).status_code == 403


def test_analyse_a_saved_offer(organisation_a):
    from emploi_territoires.offers.assistant.offers import analyse_offer, draft_from_offer
    from tests.offers.factories import OfferFactory

    offer = OfferFactory(organisation=organisation_a)
    draft = draft_from_offer(offer)
    assert draft.commune_name == "Saint-Étienne" and draft.is_public_employer is True
    assert draft.weekly_hours == 35.0
    analysis = analyse_offer(offer)
    rules = {f.rule_id for f in analysis.findings}
    # The factory's offer is short: its texts and its territory presentation are flagged, not its facts.
    assert {"readability.too_short", "territory.short"} <= rules
    assert not {"completeness.salary", "completeness.location", "completeness.contract"} & rules
