"""The drafting assistant's work is bounded per character analysed, whatever the text (issue 20, item 3).

Work is counted, not timed: the number of Python and C function calls `analyse` makes (a
`sys.setprofile` hook), divided by the characters sent. Crafted bodies that once cost seconds —
2,000 distinct made-up acronyms, "M. M. M. …" — must stay within the same small multiple as an
ordinary offer. `bench/analyse_cost.py` prints the same figures with CPU times.
"""

from __future__ import annotations

import datetime
import itertools
import json
import string
import sys

import pytest

from emploi_territoires.offers.assistant import french
from emploi_territoires.offers.assistant.analysis import AnalysisContext, OfferDraft, analyse
from emploi_territoires.offers.assistant.api import TEXT_MAX, TOTAL_TEXT_MAX

TEXT_FIELDS = ("missions", "profile", "benefits", "territory_presentation")
# Calls per character analysed: an ordinary offer makes about 7, the worst crafted body (one-word
# lines) about 31; sentences that all go to the French pipeline (« grammaire ») about 5, since at most
# french.MAX_SENTENCES of them are parsed. Before the fix the acronyms body made over 1,000 (its cost
# grew with the square of its length: each acronym re-read its whole field).
MAX_CALLS_PER_CHAR = 50


def _acronyms(length: int) -> str:
    words = (f"{a}{b}{c} mot" for a, b, c in itertools.product(string.ascii_uppercase, repeat=3))
    return " ".join(itertools.islice(words, length // 8))[:length]


ORDINARY = (
    "Vous conduisez le projet de revitalisation du centre-bourg avec les élus, l'EPCI et les partenaires "
    "(ANCT, Banque des Territoires). Vous animez le comité de projet et suivez le budget. "
)


def crafted_bodies(length: int = TEXT_MAX) -> dict[str, str]:
    """Texts of `length` characters that stress each costly rule; the first is an ordinary offer."""
    return {
        "offre ordinaire": (ORDINARY * (length // len(ORDINARY) + 1))[:length],
        "sigles inventés": _acronyms(length),
        "abréviations": ("M. " * length)[:length],
        "lignes d'un mot": ("a\n" * length)[:length],
        "mots d'une lettre": ("a " * length)[:length],
        "nombres": ("1 000 € " * length)[:length],
        "parenthèses": ("(PVD) " * length)[:length],
        "guillemets": ("« AB » " * length)[:length],
        "critères": ("jeune et dynamique, h/f, nationalité française. " * length)[:length],
        # Every sentence goes to the French pipeline's candidates (at most french.MAX_SENTENCES are parsed).
        "grammaire": ("Nous recrutons une secrétaire. Vous êtes souriante. " * length)[:length],
    }


def draft_of(text: str) -> OfferDraft:
    share = TOTAL_TEXT_MAX // len(TEXT_FIELDS)
    return OfferDraft(title=text[:300], **dict.fromkeys(TEXT_FIELDS, text[:share]))


class _Budget(Exception):
    pass


def count_calls(draft: OfferDraft, *, stop_after: int | None = None) -> int:
    """Function calls made by `analyse(draft)`; raises _Budget past `stop_after` (a runaway stops early)."""
    calls = 0

    def profiler(frame, event, arg):
        nonlocal calls
        if event in ("call", "c_call"):
            calls += 1
            if stop_after is not None and calls > stop_after:
                raise _Budget

    context = AnalysisContext(today=datetime.date(2026, 6, 15))
    # The assistant's French pipeline loads once per process (seconds, millions of calls), not per request.
    french.pipeline()
    sys.setprofile(profiler)
    try:
        analyse(draft, context)
    finally:
        sys.setprofile(None)
    return calls


@pytest.mark.parametrize("name", list(crafted_bodies(100)))
def test_analysis_work_per_character_is_bounded(name):
    text = crafted_bodies()[name]
    draft = draft_of(text)
    chars = len(draft.title) + sum(len(getattr(draft, field)) for field in TEXT_FIELDS)
    assert chars >= TOTAL_TEXT_MAX  # the largest body the API accepts
    budget = MAX_CALLS_PER_CHAR * chars
    try:
        calls = count_calls(draft, stop_after=budget)
    except _Budget:
        pytest.fail(f"« {name} » : plus de {MAX_CALLS_PER_CHAR} appels par caractère analysé")
    assert calls <= budget


@pytest.mark.parametrize("name", ["abréviations", "critères", "guillemets", "parenthèses"])
def test_analysis_work_grows_linearly_with_the_text(name):
    # Twice the text, about twice the work: what a per-character bound alone cannot see.
    text = crafted_bodies(2 * TEXT_MAX)[name]
    half = count_calls(OfferDraft(missions=text[:TEXT_MAX]))
    full = count_calls(OfferDraft(missions=text))
    assert full <= 2.5 * half


# --- the API's bounds: size per field and in total, and a budget of characters per minute -------------

URL = "/api/v1/offers/analyse"


def post(client, body, **extra):
    return client.post(URL, data=json.dumps(body), content_type="application/json", **extra)


def test_a_field_over_the_limit_is_a_french_422(client, db):
    response = post(client, {"title": "Chargé de mission", "missions": "Animer le réseau. " * 600})
    assert response.status_code == 422
    assert response.json()["errors"] == [
        {"field": "missions", "message": "10\u202f000 caractères au maximum (actuellement 10\u202f800)."}
    ]


def test_the_total_over_the_limit_is_a_french_422(client, db):
    text = "Animer le réseau des partenaires. " * 290  # 9,860 characters
    body = dict.fromkeys(TEXT_FIELDS, text)
    response = post(client, body)
    assert response.status_code == 422
    message = response.json()["errors"][0]["message"]
    assert message.startswith("30\u202f000 caractères au maximum pour l'ensemble des champs (actuellement 39\u202f440)")


def test_the_rate_is_charged_by_characters_analysed(client, db, settings):
    settings.OFFERS_ANALYSE_CHARS_PER_MINUTE = 25_000
    big = {"missions": "Animer le réseau des partenaires. " * 290}  # 9,860 characters
    address = {"REMOTE_ADDR": "203.0.113.9"}
    assert post(client, big, **address).status_code == 200
    assert post(client, big, **address).status_code == 200
    refused = post(client, big, **address)
    assert refused.status_code == 429
    assert refused.json()["detail"].startswith("Trop de texte à analyser : la limite est de 25\u202f000 caractères")
    assert 1 <= int(refused["Retry-After"]) <= 60
    # Short offers from another address are not affected.
    assert post(client, {"title": "Chargé de mission habitat"}, REMOTE_ADDR="198.51.100.4").status_code == 200
