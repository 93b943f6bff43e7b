"""The assistant's rules: small functions of (draft, context) -> findings, driven by `data/`.

Each rule has a stable `rule_id` ("completeness.salary", "legal.age"…) used by the API, the
tests and the documentation (docs/offers-assistant.md lists them all). Messages are plain
French: `message` says what is wrong, `why` why it matters, `fix` how to fix it.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from functools import cache, lru_cache
from typing import TYPE_CHECKING

from . import french, readability
from .analysis import TEXT_FIELDS, AnalysisContext, Finding, OfferDraft, Span, make_span
from .data import glossary, language, legal, titles
from .vta_rules import vta_conditions

if TYPE_CHECKING:
    from spacy.tokens import Token

Rule = Callable[[OfferDraft, AnalysisContext], Iterable[Finding]]
BODY_FIELDS: tuple[str, ...] = tuple(f for f in TEXT_FIELDS if f != "title")
FLAGS = re.IGNORECASE | re.UNICODE


@lru_cache(maxsize=256)
def _fold(text: str) -> str:
    """Lower case, no accents, one space: for comparing an explanation with the glossary."""
    text = text.replace("’", "'").replace("œ", "oe").replace("Œ", "Oe").lower()
    text = "".join(c for c in unicodedata.normalize("NFD", text) if unicodedata.category(c) != "Mn")
    return re.sub(r"[\s\-]+", " ", text)


def _plural(n: int, word: str, plural: str | None = None) -> str:
    return f"{n} {word if n == 1 else (plural or word + 's')}"


# --- Completeness -----------------------------------------------------------------------------------

CONTRACTS_WITH_CATEGORY = frozenset({"fonctionnaire", "contractuel"})
PROGRAMME_NAMES: dict[str, tuple[str, ...]] = {
    "chef_projet_pvd": ("Petites villes de demain",),
    "chef_projet_acv": ("Action cœur de ville", "Action coeur de ville"),
    "manager_centre_ville": ("centre-ville", "centre ville", "cœur de ville", "coeur de ville"),
    "vta": ("volontariat territorial en administration",),
    "developpement_ti": ("Territoires d'industrie", "Territoire d'industrie"),
    "qpv": ("quartier prioritaire", "quartiers prioritaires"),
}


def completeness(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    if not draft.title.strip():
        yield Finding(
            "completeness.title",
            "completeness",
            "error",
            "L'intitulé du poste manque.",
            "C'est la première chose que lisent les candidates et les candidats, et ce que cherchent les moteurs.",
            "Donnez un intitulé précis et compris de tous : « Chef·fe de projet Petites villes de demain (F/H) ».",
            field="title",
        )
    yield from _salary(draft)
    if not (draft.commune_code or draft.commune_name):
        yield Finding(
            "completeness.location",
            "completeness",
            "error",
            "Le lieu de travail (la commune) n'est pas indiqué.",
            "On choisit aussi un poste pour un lieu de vie ; sans commune, l'offre n'apparaît pas dans les "
            "recherches par distance.",
            "Choisissez la commune du lieu de travail (nom ou code Insee).",
            field="commune",
        )
    yield from _contract(draft)
    if draft.start_date is None:
        yield Finding(
            "completeness.start_date",
            "completeness",
            "warning",
            "La date de prise de poste n'est pas indiquée.",
            "Une personne en poste doit prévoir son préavis, un déménagement parfois.",
            "Indiquez une date, même approximative (« dès que possible » se lit comme une date proche).",
            field="start_date",
        )
    if draft.closing_date and context.today and draft.closing_date < context.today:
        yield Finding(
            "completeness.closing_date_past",
            "completeness",
            "error",
            "La date limite de candidature est déjà passée.",
            "L'offre serait expirée dès sa publication.",
            "Choisissez une date limite à venir, trois à quatre semaines après la publication.",
            field="closing_date",
        )
    elif draft.closing_date is None:
        yield Finding(
            "completeness.closing_date",
            "completeness",
            "info",
            "Aucune date limite de candidature.",
            "Une date limite aide chacun à s'organiser et fait expirer l'offre automatiquement.",
            "Indiquez une date limite, trois à quatre semaines après la publication.",
            field="closing_date",
        )
    for name, label, why in (
        (
            "missions",
            "Les missions",
            "C'est ce que la personne fera chaque jour : sans elles, personne ne peut se projeter.",
        ),
        ("profile", "Le profil recherché", "Sans profil, chacun hésite à candidater ou candidate à tort."),
    ):
        if not draft.text(name).strip():
            yield Finding(
                f"completeness.{name}",
                "completeness",
                "error",
                f"{label} ne sont pas décrites." if name == "missions" else f"{label} n'est pas décrit.",
                why,
                "Décrivez-les en quelques phrases ou en liste, avec des verbes d'action."
                if name == "missions"
                else "Distinguez l'indispensable (diplôme, expérience, savoir-faire) du souhaitable.",
                field=name,
            )
    if not draft.benefits.strip():
        yield Finding(
            "completeness.benefits",
            "completeness",
            "info",
            "Les avantages du poste ne sont pas décrits.",
            "Télétravail, RTT, action sociale, aide au logement : ce sont des arguments pour venir sur le territoire.",
            "Listez ce que l'employeur offre en plus du salaire.",
            field="benefits",
        )
    if draft.weekly_hours is None:
        yield Finding(
            "completeness.weekly_hours",
            "completeness",
            "info",
            "La durée hebdomadaire de travail n'est pas indiquée.",
            "Temps plein ou temps partiel : c'est une information décisive pour beaucoup.",
            "Indiquez la durée (par exemple 35 heures, ou 39 heures avec RTT).",
            field="weekly_hours",
        )
    yield from _apply(draft)
    yield from _placeholders(draft)


def _salary(draft: OfferDraft) -> Iterator[Finding]:
    why = (
        "La directive (UE) 2023/970 sur la transparence des rémunérations, à appliquer en France d'ici juin "
        "2026, oblige l'employeur à indiquer la rémunération de départ ou sa fourchette avant l'entretien. "
        "C'est aussi le premier critère de recherche."
    )
    low, high = draft.salary_min, draft.salary_max
    if low is None and high is None:
        yield Finding(
            "completeness.salary",
            "completeness",
            "error",
            "La rémunération n'est pas indiquée.",
            why,
            "Indiquez une fourchette de salaire brut annuel (minimum et maximum), par exemple 36 000 à 42 000 €.",
            field="salary_min",
        )
    elif low is not None and high is not None and low > high:
        yield Finding(
            "completeness.salary_range",
            "completeness",
            "error",
            "Le salaire minimum est supérieur au salaire maximum.",
            "La fourchette est illisible.",
            "Inversez les deux montants.",
            field="salary_min",
        )
    elif low is None or high is None:
        yield Finding(
            "completeness.salary_range",
            "completeness",
            "warning",
            "La rémunération n'a qu'une borne.",
            why,
            "Indiquez le minimum et le maximum de la fourchette (brut annuel).",
            field="salary_max" if high is None else "salary_min",
        )
    elif (high < 10_000 and draft.contract_type not in {"apprentissage", "stage"}) or high > 400_000:
        yield Finding(
            "completeness.salary_unit",
            "completeness",
            "warning",
            "Le salaire semble mensuel ou mal saisi.",
            "La plateforme compare les offres en brut annuel.",
            "Saisissez le salaire brut annuel en euros (par exemple 38 000).",
            field="salary_min",
        )


def _contract(draft: OfferDraft) -> Iterator[Finding]:
    if not draft.contract_type:
        yield Finding(
            "completeness.contract",
            "completeness",
            "error",
            "Le type de contrat n'est pas indiqué.",
            "CDI, CDD, fonctionnaire, VTA : le statut change la sécurité de l'emploi et la rémunération.",
            "Choisissez le type de contrat.",
            field="contract_type",
        )
        return
    duration = draft.contract_duration_months
    # A VTA's duration is one of its conditions (vta_rules.vta_conditions).
    if draft.contract_type in {"cdd", "contrat_projet"} and duration is None:
        yield Finding(
            "completeness.contract_duration",
            "completeness",
            "warning",
            "La durée du contrat n'est pas indiquée.",
            "Un contrat à durée déterminée sans durée laisse les candidatures dans le flou.",
            "Indiquez la durée en mois.",
            field="contract_duration_months",
        )
    if draft.contract_type in CONTRACTS_WITH_CATEGORY and not draft.public_category:
        yield Finding(
            "completeness.public_category",
            "completeness",
            "warning",
            "La catégorie de la fonction publique (A, B ou C) n'est pas indiquée.",
            "Les fonctionnaires cherchent des postes de leur catégorie, et elle dit le niveau de responsabilité.",
            "Choisissez la catégorie, et citez le cadre d'emplois dans le profil (par exemple attaché territorial).",
            field="public_category",
        )


def _apply(draft: OfferDraft) -> Iterator[Finding]:
    method = draft.apply_method
    missing = None
    if method == "url" and not draft.apply_url.strip():
        missing = ("apply_url", "l'adresse du site de candidature")
    elif method == "email" and not draft.apply_email.strip():
        missing = ("apply_email", "l'adresse e-mail de candidature")
    elif not method and not (draft.apply_url.strip() or draft.apply_email.strip()):
        missing = ("apply_method", "la façon de candidater")
    if missing:
        yield Finding(
            "completeness.apply",
            "completeness",
            "error",
            f"Il manque {missing[1]}.",
            "Une personne intéressée doit savoir comment candidater, sans chercher.",
            "Choisissez la candidature sur la plateforme, ou donnez l'adresse du site ou l'e-mail.",
            field=missing[0],
        )


PLACEHOLDER = re.compile(r"\[\s*à\s+compléter[^\]]*\]|\[\s*(?:…|\.\.\.)\s*\]", FLAGS)


def _placeholders(draft: OfferDraft) -> Iterator[Finding]:
    for name in TEXT_FIELDS:
        text = draft.text(name)
        spans = tuple(make_span(text, m.start(), m.end()) for m in PLACEHOLDER.finditer(text))
        if spans:
            yield Finding(
                "completeness.placeholder",
                "completeness",
                "error",
                f"{_plural(len(spans), 'passage')} du modèle {'reste' if len(spans) == 1 else 'restent'} à compléter.",
                "Publiée ainsi, l'offre montrerait des crochets « à compléter » aux candidates et candidats.",
                "Remplacez chaque passage entre crochets par l'information demandée, ou supprimez-le.",
                field=name,
                spans=spans,
                # A template left as is must not look like a good offer: one field costs 40 points.
                penalty=40,
            )


# --- Length and readability -------------------------------------------------------------------------

LONG_SENTENCE_WORDS = 30
# Words per field: (too short below, too long above); 0 = no lower bound.
FIELD_LENGTHS: dict[str, tuple[int, int]] = {
    "missions": (50, 700),
    "profile": (30, 400),
    "benefits": (0, 300),
    "territory_presentation": (0, 450),
}
TOTAL_WORDS_MAX = 1500
TITLE_MAX_CHARS = 80
# Kandel & Moles: below HARD a field is flagged (warning), below FAIRLY_HARD suggested (info).
READABILITY_HARD = 30
READABILITY_FAIRLY_HARD = 45
READABILITY_MIN_WORDS = 30


def length_and_readability(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    if len(draft.title) > TITLE_MAX_CHARS:
        yield Finding(
            "readability.title_length",
            "readability",
            "warning",
            f"L'intitulé est long ({len(draft.title)} caractères).",
            "Les sites d'emploi et les moteurs de recherche coupent les intitulés au-delà de 70 à 80 caractères.",
            "Gardez le métier et le programme ; le reste a sa place dans les missions.",
            field="title",
        )
    letters = [c for c in draft.title if c.isalpha()]
    if len(letters) > 8 and sum(c.isupper() for c in letters) / len(letters) > 0.8:
        yield Finding(
            "readability.title_capitals",
            "readability",
            "info",
            "L'intitulé est écrit en majuscules.",
            "Un texte en capitales se lit moins vite et les lecteurs d'écran l'épellent parfois.",
            "Écrivez-le en minuscules, avec une capitale initiale.",
            field="title",
        )
    total = 0
    for name in BODY_FIELDS:
        text = draft.text(name)
        count = len(readability.words(text))
        total += count
        if not count:
            continue
        low, high = FIELD_LENGTHS[name]
        if count < low:
            yield Finding(
                "readability.too_short",
                "readability",
                "warning",
                f"Ce texte est court ({_plural(count, 'mot')} ; comptez au moins {low} mots).",
                "Un texte trop bref ne permet pas de se projeter dans le poste.",
                "Ajoutez des exemples concrets : projets, partenaires, décisions à prendre.",
                field=name,
            )
        elif count > high:
            yield Finding(
                "readability.too_long",
                "readability",
                "warning",
                f"Ce texte est long ({_plural(count, 'mot')} ; visez moins de {high} mots).",
                "Au-delà, la plupart des lecteurs survolent et manquent l'essentiel.",
                "Gardez les cinq ou six points principaux, en liste.",
                field=name,
            )
        long_ones = [s for s in readability.sentences(text) if s.word_count > LONG_SENTENCE_WORDS]
        if long_ones:
            yield Finding(
                "readability.long_sentence",
                "readability",
                "warning",
                f"{_plural(len(long_ones), 'phrase')} de plus de {LONG_SENTENCE_WORDS} mots.",
                "Une phrase longue se relit deux fois ; sur téléphone, elle décourage.",
                "Coupez-la en deux, ou transformez l'énumération en liste à puces.",
                field=name,
                spans=tuple(make_span(text, s.start, s.end, context=0) for s in long_ones),
            )
        if count >= READABILITY_MIN_WORDS:
            km = readability.kandel_moles(text)
            if km is not None and km < READABILITY_FAIRLY_HARD:
                yield Finding(
                    "readability.hard_text",
                    "readability",
                    "warning" if km < READABILITY_HARD else "info",
                    f"Texte {readability.level(km)} à lire (indice de lisibilité {km:.0f} sur 100).",
                    "L'indice de Kandel et Moles mesure la longueur des phrases et des mots ; en dessous de 45, "
                    "un texte demande un effort à la plupart des lecteurs.",
                    "Raccourcissez les phrases et préférez les mots courants aux mots longs et abstraits.",
                    field=name,
                )
    if total > TOTAL_WORDS_MAX:
        yield Finding(
            "readability.total_length",
            "readability",
            "warning",
            f"L'offre compte {total} mots (visez moins de {TOTAL_WORDS_MAX}).",
            "Une offre se lit en deux ou trois minutes ; au-delà, on décroche.",
            "Resserrez les missions et le profil sur l'essentiel.",
        )


# --- Acronyms and jargon ----------------------------------------------------------------------------


@cache
def _acronym_regex() -> re.Pattern[str]:
    names = sorted(glossary.ACRONYMS, key=len, reverse=True)
    return re.compile(r"(?<![\w\-])(" + "|".join(re.escape(n) for n in names) + r")(?![\w\-])")


MAX_UNKNOWN_ACRONYMS = 20
MAX_KNOWN_ACRONYMS = 30
# Words shown for one criterion in one field: enough to find them all in a real offer, and the
# overlap check below stays bounded on a text repeating a criterion thousands of times.
MAX_SPANS = 50
UNKNOWN_ACRONYM = re.compile(r"(?<![\w\-/])([A-Z]{2,6})(?![\w\-/])")
PAREN_AFTER = re.compile(r"\s*\(([^()]{3,200})\)")


def _explained_by_parenthesis(text: str, start: int, end: int) -> bool:
    """ "PVD (Petites villes de demain)" or "Petites villes de demain (PVD)"."""
    after = PAREN_AFTER.match(text, end)
    if after and len(re.findall(r"[^\W\d_]{2,}", after.group(1))) >= 2:
        return True
    before = text[max(0, start - 200) : start].rstrip()  # a window: called once per acronym
    return before.endswith("(") and text[end : end + 1] == ")" and len(re.findall(r"[^\W\d_]{2,}", before[-80:])) >= 2


def _first_uses(draft: OfferDraft, regex: re.Pattern[str]) -> dict[str, tuple[str, int, int]]:
    """First use of each match in reading order: the body first, the title only if never in the body.

    A title is short by nature: an acronym there is explained if the body explains it.
    """
    found: dict[str, tuple[str, int, int]] = {}
    for name in (*BODY_FIELDS, "title"):
        for m in regex.finditer(draft.text(name)):
            found.setdefault(m.group(1), (name, m.start(1), m.end(1)))
    return found


def jargon(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    body = "\n".join(draft.text(f) for f in BODY_FIELDS)
    folded_body = _fold(body)
    # Each acronym folds the text before it: the first MAX_KNOWN_ACRONYMS keep the work linear.
    for acronym, (name, start, end) in list(_first_uses(draft, _acronym_regex()).items())[:MAX_KNOWN_ACRONYMS]:
        text = draft.text(name)
        expansions = glossary.ACRONYMS[acronym]
        # What is read before the first use (for the title, the whole body counts).
        before = folded_body if name == "title" else _fold(_text_before(draft, name, start))
        if any(_fold(e) in before for e in expansions) or _explained_by_parenthesis(text, start, end):
            continue
        yield Finding(
            "jargon.acronym",
            "jargon",
            "warning",
            f"Le sigle « {acronym} » n'est pas expliqué.",
            "Une candidate ou un candidat venu d'ailleurs, du privé notamment, ne le connaît pas forcément.",
            f"À sa première apparition, écrivez-le en toutes lettres : « {expansions[0]} ({acronym}) ».",
            field=name,
            spans=(make_span(text, start, end),),
            suggestion=f"{expansions[0]} ({acronym})",
        )
    yield from _unknown_acronyms(draft)
    for word, plain in glossary.JARGON.items():
        regex = _word_regex(word)
        for name in TEXT_FIELDS:
            text = draft.text(name)
            spans = tuple(make_span(text, m.start(), m.end()) for m in regex.finditer(text))
            if spans:
                yield Finding(
                    "jargon.word",
                    "jargon",
                    "info",
                    f"« {spans[0].text} » est du jargon administratif.",
                    "Ce mot est courant dans les collectivités mais flou pour beaucoup de lecteurs.",
                    f"Dites plutôt : {plain}.",
                    field=name,
                    spans=spans,
                )
                break  # one finding per word: the first field using it


@cache
def _word_regex(word: str) -> re.Pattern[str]:
    return re.compile(r"(?<![\w\-])" + re.escape(word).replace("'", "['’]") + r"(?![\w\-])", FLAGS)


def _text_before(draft: OfferDraft, name: str, start: int) -> str:
    parts = []
    for field_name in BODY_FIELDS:
        if field_name == name:
            parts.append(draft.text(name)[:start])
            break
        parts.append(draft.text(field_name))
    return "\n".join(parts)


def _unknown_acronyms(draft: OfferDraft) -> Iterator[Finding]:
    known = set(glossary.ACRONYMS) | glossary.COMMON_ACRONYMS
    # Work per acronym must not grow with the text: a body of 2,000 distinct made-up acronyms once
    # cost seconds (each one re-read its whole field). Shouting is decided once per field, and only
    # the first MAX_UNKNOWN_ACRONYMS unknown ones are looked at (a reader needs no more remarks).
    shouting: dict[str, bool] = {}
    examined = 0
    for acronym, (name, start, end) in _first_uses(draft, UNKNOWN_ACRONYM).items():
        if acronym in known:
            continue
        examined += 1
        if examined > MAX_UNKNOWN_ACRONYMS:
            break
        text = draft.text(name)
        if name not in shouting:
            shouting[name] = _shouting(text)
        if shouting[name] or _explained_by_parenthesis(text, start, end):
            continue
        # Inside « » it is part of a proper name ("« CC Haut Nivernais - Val d'Yonne »").
        if text.count("«", 0, start) > text.count("»", 0, start):
            continue
        yield Finding(
            "jargon.unknown_acronym",
            "jargon",
            "info",
            f"Le sigle « {acronym} » est-il connu de tous ?",
            "Un sigle interne ou local arrête la lecture de qui ne le connaît pas.",
            f"Écrivez-le en toutes lettres à sa première apparition, suivi de « ({acronym}) ».",
            field=name,
            spans=(make_span(text, start, end),),
        )


def _shouting(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 8 and sum(c.isupper() for c in letters) / len(letters) > 0.6


# --- Legal ------------------------------------------------------------------------------------------


@cache
def _compiled(pattern: str) -> re.Pattern[str]:
    return re.compile(pattern, FLAGS)


@cache
def _prefilter(criterion: legal.Criterion) -> re.Pattern[str]:
    return re.compile("|".join(f"(?:{p})" for p in criterion.patterns), FLAGS)


def _matches(criterion: legal.Criterion, text: str) -> Iterator[re.Match[str]]:
    # Pattern by pattern (not one alternation): a guarded match of one pattern must not hide an
    # overlapping match of another ("profil jeune et dynamique"). One alternation first, as a filter:
    # most texts match no pattern of a criterion, and one scan costs less than one per pattern.
    if not _prefilter(criterion).search(text):
        return
    for pattern in criterion.patterns:
        for m in _compiled(pattern).finditer(text):
            if criterion.unless_before and _compiled(criterion.unless_before).search(
                text[max(0, m.start() - 60) : m.start()]
            ):
                continue
            if criterion.unless_after and _compiled(criterion.unless_after).match(text, m.end()):
                continue
            yield m


def discrimination(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    gendered: dict[str, list[tuple[int, int]]] | None = None
    for criterion in legal.CRITERIA:
        if criterion.rule_id == "legal.sex":
            gendered = one_gender_spans(draft)
        for name in TEXT_FIELDS:
            text = draft.text(name)
            seen: set[tuple[int, int]] = set()
            spans: list[Span] = []
            grammar = (gendered or {}).get(name, []) if criterion.rule_id == "legal.sex" else []
            for start, end in grammar:
                seen.add((start, end))
                spans.append(make_span(text, start, end))
            for m in _matches(criterion, text):
                # Two patterns may match the same words ("âgé de moins de 30 ans").
                if any(m.start() < e and s < m.end() for s, e in seen):
                    continue
                seen.add((m.start(), m.end()))
                spans.append(make_span(text, m.start(), m.end()))
                if len(spans) >= MAX_SPANS:
                    break
            if not spans:
                continue
            spans.sort(key=lambda s: s.start)
            groups = [(criterion.severity, spans)]
            if criterion.rule_id == "legal.residence":
                on_call = [s for s in spans if _ON_CALL.search(_sentence_around(text, s.start, s.end))]
                groups = [
                    (g, part)
                    for g, part in (("error", [s for s in spans if s not in on_call]), ("warning", on_call))
                    if part
                ]
            for severity, group in groups:
                yield _legal_finding(criterion, draft, name, severity, group)


# On-call duty: a residence near the post may be the way to meet an intervention time (L1133-1).
_ON_CALL = re.compile(r"\bastreintes?\b|\bdélai\s+d['’]intervention\b|\bnécessité\s+absolue\s+de\s+service\b", FLAGS)
_AGE_SCHEMES = {
    "vta": (
        "Le volontariat territorial en administration est réservé par le programme de l'ANCT aux "
        "jeunes diplômés ; seule la condition du programme peut figurer, citée comme telle."
    ),
    "apprentissage": (
        "L'apprentissage a ses conditions d'âge fixées par le Code du travail (article L6222-1, avec des "
        "exceptions, par exemple pour les personnes reconnues travailleurs handicapés) : seule cette condition "
        "peut figurer, citée comme telle."
    ),
}


def _sentence_around(text: str, start: int, end: int) -> str:
    left = max(text.rfind(".", 0, start), text.rfind("\n", 0, start)) + 1
    right = min((i for i in (text.find(".", end), text.find("\n", end)) if i != -1), default=len(text))
    return text[left:right]


def _legal_finding(
    criterion: legal.Criterion, draft: OfferDraft, name: str, severity: str, spans: list[Span]
) -> Finding:
    words = ", ".join(f"« {s.text} »" for s in spans[:3])
    why, fix = criterion.why, criterion.fix
    if severity == "info":
        message = f"{words} peut se lire comme un critère d'âge."
    elif criterion.rule_id == "legal.age" and draft.contract_type in _AGE_SCHEMES:
        # The scheme itself has an age condition (VTA: young graduates; apprenticeship: L6222-1).
        severity = "warning"
        message = f"Condition d'âge : {words}."
        why = _AGE_SCHEMES[draft.contract_type]
    elif criterion.rule_id == "legal.residence" and severity == "warning":
        message = f"Condition de résidence liée aux astreintes : {words}."
        why = (
            "Le lieu de résidence est un critère protégé (Code du travail, article L1132-1) ; une exigence liée "
            "au poste n'est admise que si elle est essentielle, déterminante et proportionnée (article L1133-1). "
            "Pour des astreintes, c'est le délai d'intervention qui compte, pas l'adresse."
        )
        fix = "Indiquez le délai d'intervention attendu (« intervention sur site en moins de 30 minutes »)."
    else:
        message = f"Critère discriminatoire ({criterion.label}) : {words}."
    return Finding(criterion.rule_id, "legal", severity, message, why, fix, field=name, spans=tuple(spans))


# --- Sex: a job noun or an adjective in one gender only (spaCy: gender and lemma) ---------------------

# Sentences worth parsing: a recruiting verb, or "vous êtes" (what the candidate is).
_GENDER_CANDIDATE = re.compile(r"\b(?:recrut|recherch|cherch|embauch)\w*\b|\bvous\s+(?:êtes|serez|étiez)\b", FLAGS)
_RECRUITING = ("recrut", "recherch", "cherch", "embauch")
# "(H/F)", "h/f", "ou un", "/", "·" right after the noun: the sentence addresses both.
_BOTH_AFTER = re.compile(r"\s*(?:\(?\s*[HF]\s*[/\-–]\s*[HF]\b|ou\s+(?:un|une|d['’])|/|·|\(e\)|\.e\b)", FLAGS)


# "un policier municipal ou une policière municipale": the other gender a few words later.
_BOTH_LATER = re.compile(r"(?:\s+[\w’'-]+){0,3}?\s+(?:ou|et)\s+(?:un|une|d['’]une?)\s", FLAGS)


def _gender_is_feminine(token: Token) -> bool:
    return "Fem" in token.morph.get("Gender", [])


def _marked_feminine(token: Token) -> bool:
    """A feminine form that differs from the masculine: « souriante », « organisée », not « bilingue »."""
    text = token.text.lower()
    return (
        _gender_is_feminine(token)
        and text.endswith(("e", "es"))
        and text != token.lemma_.lower()
        and not any(c in text for c in "·(.")
    )


def _job(lemma: str, text: str) -> bool:
    lemma, text = lemma.lower(), text.lower()
    known = titles.JOB_NOUNS_EXTRA | titles.EPICENE | set(titles.MASCULINE)
    return lemma in known or text in known or (text.endswith("euse") and text[:-4] + "eur" in known)


def _offer_has_gender_marker(draft: OfferDraft) -> bool:
    marker, inclusive_form = _compiled(titles.GENDER_MARKER), _compiled(titles.INCLUSIVE_FORM)
    return any(marker.search(draft.text(f)) or inclusive_form.search(draft.text(f)) for f in TEXT_FIELDS)


def one_gender_spans(draft: OfferDraft) -> dict[str, list[tuple[int, int]]]:
    """Spans (per body field) where the offer addresses one gender through grammar alone.

    - a recruiting verb followed by a job noun in the feminine (« nous recrutons une secrétaire »,
      « recherche une vendeuse »): always, the feminine is marked;
    - the same with a masculine job noun (« recrute un chauffeur »), when the offer carries no
      « H/F » and no inclusive form anywhere: the generic masculine is accepted only with them;
    - « vous êtes » followed by adjectives in the feminine only (« vous êtes souriante et organisée »).
    """
    candidates: list[tuple[str, french.Sentence]] = []
    for name in BODY_FIELDS:
        for sentence in french.sentences(draft.text(name)):
            if _GENDER_CANDIDATE.search(sentence.text):
                candidates.append((name, sentence))
                if len(candidates) >= french.MAX_SENTENCES:
                    break
        if len(candidates) >= french.MAX_SENTENCES:
            break
    if not candidates:
        return {}
    marker = _offer_has_gender_marker(draft)
    result: dict[str, list[tuple[int, int]]] = {}
    for (name, sentence), doc in zip(candidates, french.parse([s.text for _, s in candidates]), strict=True):
        tokens = list(doc)
        for i, token in enumerate(tokens):
            low = token.lower_
            if low.startswith(_RECRUITING) and i + 1 < len(tokens):
                span = _recruited_one_gender(tokens, i + 1, sentence.text, marker)
            elif low == "vous" and i + 1 < len(tokens) and tokens[i + 1].lower_ in {"êtes", "serez", "étiez"}:
                span = _predicate_feminine(tokens, i + 2)
            else:
                continue
            if span:
                result.setdefault(name, []).append((sentence.start + span[0], sentence.start + span[1]))
    return result


def _recruited_one_gender(tokens: list[Token], i: int, text: str, marker: bool) -> tuple[int, int] | None:
    det = tokens[i] if tokens[i].lower_ in {"un", "une"} else None
    j = i + 1 if det is not None else i
    while j < len(tokens) and tokens[j].lower_ in {"jeune", "nouveau", "nouvelle", "futur", "future"}:
        j += 1
    if j >= len(tokens) or not tokens[j].is_alpha or tokens[j].lower_ in {"ou", "et"}:
        return None
    noun = tokens[j]
    # "aide-soignante": the second part carries the gender.
    if j + 2 < len(tokens) and tokens[j + 1].text == "-" and tokens[j + 2].is_alpha:
        noun = tokens[j + 2]
    if noun.lower_ in titles.NOT_JOB_NOUNS or noun.lemma_.lower() in titles.NOT_JOB_NOUNS:
        return None
    end = noun.idx + len(noun.text)
    if _BOTH_AFTER.match(text, end) or any(c in noun.text for c in "·(") or _BOTH_LATER.match(text, end):
        return None
    start = (det or tokens[j]).idx
    feminine = det.lower_ == "une" if det is not None else _marked_feminine(noun)
    if feminine:
        if det is not None or _job(noun.lemma_, noun.text):
            return start, end
        return None
    masculine = det is not None and det.lower_ == "un"
    if masculine and not marker and _job(noun.lemma_, noun.text):
        return start, end
    return None


def _predicate_feminine(tokens: list[Token], i: int) -> tuple[int, int] | None:
    """« vous êtes souriante, organisée et rigoureuse »: the span of the feminine-only words."""
    marked = []
    for token in tokens[i:]:
        if token.pos_ in {"DET", "ADP", "PROPN", "PRON"} or token.text in {".", ";", ":", "!", "?"}:
            break
        if token.text in {",", "et", "ou"} or token.pos_ in {"ADV", "CCONJ", "PUNCT"}:
            continue
        if _marked_feminine(token):
            marked.append(token)
    if not marked:
        return None
    return marked[0].idx, marked[-1].idx + len(marked[-1].text)


CIVIL_SERVANT = "fonctionnaire"


def nationality(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    """A nationality condition is lawful only for a fonctionnaire post, and then EU/EEA nationals qualify.

    Code général de la fonction publique: L321-1 (French nationality to become a fonctionnaire)
    and L321-2 (open to nationals of the EU and the EEA, except posts involving sovereignty).
    Contractual agents (contractuel, VTA, contrat de projet) and private employees: no nationality
    condition at all, only the right to work in France.
    """
    eu = _compiled(legal.NATIONALITY_EU)
    for name in TEXT_FIELDS:
        text = draft.text(name)
        matches = [m for p in legal.NATIONALITY_PATTERNS for m in _compiled(p).finditer(text)]
        if not matches:
            continue
        matches.sort(key=lambda m: m.start())
        spans = tuple(make_span(text, m.start(), m.end()) for m in matches[:3])
        first = matches[0]
        # "de nationalité française ou d'un État membre de l'UE": look at the rest of the sentence.
        sentence_end = text.find(".", first.end())
        window = text[first.start() : sentence_end if sentence_end != -1 else first.end() + 150]
        mentions_eu = bool(eu.search(window))
        if draft.contract_type == CIVIL_SERVANT:
            if mentions_eu:
                continue
            yield Finding(
                "legal.nationality_eu",
                "legal",
                "warning",
                "La condition de nationalité oublie les ressortissants européens.",
                "Pour un poste de fonctionnaire, la nationalité peut être exigée, mais les ressortissants de l'Union "
                "européenne et de l'Espace économique européen y ont accès (code général de la fonction publique, "
                "articles L321-1 et L321-2), sauf pour les rares emplois de souveraineté.",
                "Écrivez « de nationalité française ou d'un État de l'Union européenne ou de l'Espace économique "
                "européen ». Précisez que les contractuels peuvent aussi candidater si c'est le cas.",
                field=name,
                spans=spans,
            )
        elif not draft.contract_type and draft.is_public_employer:
            yield Finding(
                "legal.nationality",
                "legal",
                "warning",
                "Une condition de nationalité n'est permise que pour un poste de fonctionnaire.",
                "Un agent contractuel (CDD, contrat de projet, VTA) peut être de toute nationalité, s'il a le droit "
                "de travailler en France (code général de la fonction publique, article L321-1).",
                "Choisissez le type de contrat ; si le poste est aussi ouvert aux contractuels, supprimez la "
                "condition ou réservez-la aux fonctionnaires (en incluant l'UE et l'EEE).",
                field=name,
                spans=spans,
            )
        else:
            yield Finding(
                "legal.nationality",
                "legal",
                "error",
                "Critère discriminatoire (nationalité) : seul un poste de fonctionnaire peut exiger une nationalité.",
                "Le Code du travail interdit d'écarter une candidature en raison de la nationalité (article L1132-1) ; "
                "un employeur privé ou un poste de contractuel ne peut demander que le droit de travailler en France.",
                "Supprimez la condition ; vous pouvez écrire « autorisation de travail en France requise ».",
                field=name,
                spans=spans,
            )


_WORD = re.compile(r"[^\W\d_]+", re.UNICODE)


def french_language(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    """Code du travail L5331-4: an offer published in France is written in French."""
    for name in BODY_FIELDS:
        text = draft.text(name)
        tokens = [w.lower() for w in _WORD.findall(text.replace("’", "'"))]
        if len(tokens) < language.MIN_WORDS:
            continue
        en = sum(1 for t in tokens if t in language.ENGLISH)
        fr = sum(1 for t in tokens if t in language.FRENCH)
        if en >= 4 and en > fr:
            first = readability.sentences(text)[0]
            yield Finding(
                "legal.language",
                "legal",
                "error",
                "Ce texte n'est pas rédigé en français.",
                "Une offre d'emploi publiée en France doit être rédigée en français "
                "(Code du travail, article L5331-4).",
                "Rédigez-le en français ; vous pouvez ajouter une traduction à la suite si le poste demande une "
                "langue étrangère.",
                field=name,
                spans=(make_span(text, first.start, first.end, context=0),),
            )


# --- Inclusive writing ------------------------------------------------------------------------------


@cache
def _feminine() -> dict[str, str]:
    """Feminine forms derived from the inclusive ones: chef·fe -> cheffe, directeur·rice -> directrice."""
    result = {}
    for form in titles.MASCULINE.values():
        if "·" not in form:
            continue
        base, suffix = form.split(" ")[0].split("·", 1)
        if suffix in {"e", "fe", "ne"}:
            feminine = base + suffix
        elif suffix == "rice":
            feminine = base[:-3] + "rice"
        elif suffix == "se":
            feminine = base[:-1] + "se"
        elif suffix == "ère":
            feminine = base[:-2] + "ère"
        else:
            continue
        result[feminine] = form
    return result


def inclusive_title(title: str) -> tuple[bool, str]:
    """(written for all genders?, proposed title). Pure, used by the rule and the templates' tests."""
    if not title.strip():
        return True, title
    if _compiled(titles.GENDER_MARKER).search(title) or _compiled(titles.INCLUSIVE_FORM).search(title):
        return True, title
    feminine = _feminine()
    gendered = False

    def replace(m: re.Match[str]) -> str:
        nonlocal gendered
        word = m.group()
        lower = word.lower()
        form = titles.MASCULINE.get(lower) or feminine.get(lower)
        if form is None:
            return word
        gendered = True
        return form[0].upper() + form[1:] if word[0].isupper() else form

    proposed = _WORD.sub(replace, title)
    if not gendered:
        return True, title
    return False, proposed


GENERIC_MASCULINE = re.compile(r"\b(?:le|du|au|les|des|aux|un|ce|nos|vos)\s+(candidats?|collaborateurs?)\b", FLAGS)
GENERIC_GUARD = re.compile(r"\s*(?:ou|et|/|\(|·|\.e)", FLAGS)
# "la candidate ou le candidat": the masculine comes second, after its feminine.
GENERIC_AFTER_FEMININE = re.compile(r"(?:candidates?|collaboratrices?)\s+(?:ou|et)\s+$", FLAGS)


def inclusive(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    ok, proposed = inclusive_title(draft.title)
    if not ok:
        yield Finding(
            "inclusive.title",
            "inclusive",
            "warning",
            "L'intitulé n'est pas écrit pour tous les genres.",
            "Un intitulé au masculin seul décourage des candidates (Code du travail, article L1142-1 : une offre "
            "ne peut viser un sexe).",
            f"Ajoutez « (F/H) » à la fin, ou écrivez une forme inclusive : « {proposed} ».",
            field="title",
            spans=(make_span(draft.title, 0, len(draft.title), context=0),),
            suggestion=proposed,
        )
    for name in BODY_FIELDS:
        text = draft.text(name)
        spans = tuple(
            make_span(text, m.start(), m.end())
            for m in GENERIC_MASCULINE.finditer(text)
            if not GENERIC_GUARD.match(text, m.end())
            and not GENERIC_AFTER_FEMININE.search(text[max(0, m.start() - 30) : m.start()])
        )
        if spans:
            yield Finding(
                "inclusive.generic_masculine",
                "inclusive",
                "info",
                f"« {spans[0].text} » : le masculin seul désigne la personne recherchée.",
                "Une offre adressée à toutes et à tous reçoit plus de candidatures féminines.",
                "Écrivez « vous », « la personne recrutée », ou « la candidate ou le candidat ».",
                field=name,
                spans=spans,
            )


# --- Territory --------------------------------------------------------------------------------------

TERRITORY_MIN_WORDS = 60


def territory(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    text = draft.territory_presentation
    count = len(readability.words(text))
    if not count:
        yield Finding(
            "territory.missing",
            "territory",
            "warning",
            "Le territoire n'est pas présenté.",
            "On ne rejoint pas seulement un employeur mais un lieu de vie : les candidates et candidats venus "
            "d'ailleurs veulent savoir où ils vont vivre.",
            "Utilisez la présentation proposée à partir des données de la commune, puis complétez-la "
            "(cadre de vie, écoles, transports, vie associative).",
            field="territory_presentation",
            penalty=100,
        )
        return
    if count < TERRITORY_MIN_WORDS:
        yield Finding(
            "territory.short",
            "territory",
            "warning",
            f"La présentation du territoire est courte ({_plural(count, 'mot')}).",
            "Quelques lignes ne suffisent pas à donner envie de s'installer.",
            f"Visez au moins {TERRITORY_MIN_WORDS} mots : population, intercommunalité, services, accès, cadre de vie.",
            field="territory_presentation",
            penalty=40,
        )
    names = PROGRAMME_NAMES.get(draft.programme_context)
    if names:
        everything = _fold("\n".join(draft.text(f) for f in TEXT_FIELDS))
        if not any(_fold(n) in everything for n in names):
            yield Finding(
                "territory.programme",
                "territory",
                "info",
                f"Le programme « {names[0]} » n'est pas présenté.",
                "Le programme explique le sens du poste, ses moyens et ses partenaires.",
                f"Dites en une ou deux phrases ce que le programme {names[0]} apporte à la commune.",
                field="missions",
            )


# --- Consistency: what the fields say against what the text says -----------------------------------

_REMOTE_NEGATED = re.compile(
    r"\b(?:pas\s+de|aucun|sans|ni|non)\s+(?:possibilité\s+de\s+)?télétravail\b"
    r"|\btélétravail\s*(?::\s*)?(?:n['’]est\s+pas\s+possible|impossible|non\s+(?:possible|autorisé|prévu)|exclu|aucun|non\b)",
    FLAGS,
)
_REMOTE = re.compile(r"\btélétrava\w+|\btravail\s+à\s+distance\b|\bremote\b", FLAGS)
_CATEGORY_IN_TEXT = re.compile(r"\bcatégorie\s+[ABC]\b", FLAGS)
# A private firm's words in a public employer's offer (« les entreprises du territoire » is a mission: not flagged).
_FIRM_WORDING = re.compile(
    r"\b(?:notre|votre\s+future?|cette)\s+(?:entreprise|société)\b"
    r"|\b(?:rejoindre|rejoignez|intégrer|intégrez|au\s+sein\s+de)\s+(?:l['’]|notre\s+)(?:entreprise|société)\b"
    r"|\bl['’]entreprise\s+(?:recrute|recherche|propose|offre|vous|est|compte|emploie)\b",
    FLAGS,
)
_ROME_CODE = re.compile(r"\b([A-N]\d{4})\b")
# Title words -> the ROME domains (first letter of the code) where that job is. Only trades whose
# domain is unambiguous: « chef de projet » or « chargé de mission » can be anywhere and are not checked.
ROME_DOMAINS: tuple[tuple[str, str], ...] = (
    (r"chauffeu\w*|livreu\w*", "N"),
    (r"conduct(?:eur|rice)\s+(?:de\s+)?(?:bus|car|poids|engins?|d['’]engins?|de\s+véhicules?)", "N"),
    (r"magasini\w*|caristes?|logisticien\w*", "N"),
    (r"cuisini\w*|commis\s+de\s+cuisine|serveu\w*|plongeu\w*", "G"),
    (r"infirmi\w*|aides?[-\s]soignan\w*|médecins?|kinésithérapeutes?|pharmacien\w*|sages?-femmes?", "J"),
    (r"comptables?|secrétaires?|juristes?|informaticien\w*|développeu\w*\s+(?:web|informatique|logiciel)", "M"),
    (r"jardini\w*|paysagistes?|bûcheron\w*|agent\w*\s+(?:des\s+)?espaces\s+verts", "A"),
    (r"électricien\w*|plombi\w*|chauffagistes?|mécanicien\w*", "IHF"),
    (r"maçon\w*|couvreu\w*|menuisi\w*|carreleu\w*|peintre\s+en\s+bâtiment", "FH"),
    (r"policier\w*\s+municipa\w*|ASVP|bibliothécaires?|médiathécaires?", "K"),
    (r"aides?\s+à\s+domicile|auxiliaires?\s+de\s+vie", "K"),
    (r"ATSEM|éducat(?:eur|rice)\w*\s+(?:spécialisé|de\s+jeunes\s+enfants)\w*", "K"),
    (r"vendeu\w*|commerciale?s?\b", "DC"),
    (r"journalistes?|chargée?\s+de\s+communication|graphistes?", "E"),
)


def consistency(draft: OfferDraft, context: AnalysisContext) -> Iterator[Finding]:
    """Fields against text: remote work, an apprentice's category, a firm's words, the ROME code."""
    body = [(name, draft.text(name)) for name in BODY_FIELDS]
    if draft.remote in {"none", "partial", "full"}:
        for name, text in body:
            negated = list(_REMOTE_NEGATED.finditer(text))
            spans_negated = [(m.start(), m.end()) for m in negated]
            positive = [m for m in _REMOTE.finditer(text) if not any(s <= m.start() < e for s, e in spans_negated)]
            if draft.remote == "none" and positive:
                yield Finding(
                    "consistency.remote",
                    "completeness",
                    "warning",
                    "Le champ « Télétravail » dit « pas de télétravail », mais le texte en propose.",
                    "Les personnes qui filtrent les offres avec télétravail ne verront pas celle-ci ; les autres "
                    "liront deux informations contraires.",
                    "Choisissez « Télétravail partiel » dans le champ, ou retirez la mention du texte.",
                    field=name,
                    spans=(make_span(text, positive[0].start(), positive[0].end()),),
                )
                break
            if draft.remote in {"partial", "full"} and negated:
                yield Finding(
                    "consistency.remote",
                    "completeness",
                    "warning",
                    "Le champ « Télétravail » en propose, mais le texte dit qu'il n'y en a pas.",
                    "Deux informations contraires font douter de toute l'offre.",
                    "Corrigez le champ ou le texte pour qu'ils disent la même chose.",
                    field=name,
                    spans=(make_span(text, negated[0].start(), negated[0].end()),),
                )
                break
    if draft.contract_type == "apprentissage":
        in_text = [(name, text, m) for name, text in body for m in _CATEGORY_IN_TEXT.finditer(text)]
        if draft.public_category or in_text:
            name, text, m = in_text[0] if in_text else ("public_category", "", None)
            yield Finding(
                "consistency.apprenticeship_category",
                "completeness",
                "warning",
                "Un apprentissage n'a pas de catégorie de la fonction publique.",
                "L'apprenti ou l'apprentie signe un contrat de droit privé, même dans une collectivité (Code du "
                "travail, article L6227-1) : il ou elle n'est ni fonctionnaire ni classé·e en catégorie A, B ou C.",
                "Retirez la catégorie ; indiquez plutôt le diplôme préparé et la rémunération de l'apprentissage.",
                field=name,
                spans=(make_span(text, m.start(), m.end()),) if m else (),
            )
    if draft.is_public_employer:
        for name, text in body:
            m = _FIRM_WORDING.search(text)
            if m:
                yield Finding(
                    "consistency.employer_wording",
                    "completeness",
                    "warning",
                    f"« {m.group()} » : l'offre parle d'une entreprise, mais l'employeur est public.",
                    "Un texte repris d'une offre privée trompe sur le statut, les droits et la rémunération.",
                    "Nommez l'employeur (« la commune », « la communauté de communes », « le syndicat mixte ») et "
                    "vérifiez le reste du texte.",
                    field=name,
                    spans=(make_span(text, m.start(), m.end()),),
                )
                break
    code = draft.occupation_code.strip().upper()
    if not code:
        found = _ROME_CODE.search(draft.occupation_label)
        code = found.group(1) if found else ""
    if code and draft.title.strip():
        expected = ""
        for pattern, letters in ROME_DOMAINS:
            m = _compiled(rf"\b(?:{pattern})").search(draft.title)
            if m:
                expected += letters
        if expected and code[0] not in expected:
            label = draft.occupation_label or code
            yield Finding(
                "consistency.rome",
                "completeness",
                "warning",
                f"Le métier choisi ({label}) ne correspond pas à l'intitulé « {draft.title.strip()} ».",
                "Les personnes qui cherchent ce métier par son code ROME (France Travail, moteurs de recherche) ne "
                "trouveront pas l'offre, et d'autres la trouveront à tort.",
                "Choisissez le métier ROME le plus proche de l'intitulé.",
                field="occupation_label",
            )


RULES: tuple[Rule, ...] = (
    completeness,
    length_and_readability,
    jargon,
    discrimination,
    nationality,
    french_language,
    inclusive,
    territory,
    consistency,
    vta_conditions,
)
