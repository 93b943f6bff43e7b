"""The territory form fields every form uses: type a name, a postcode or a code, pick a suggestion.

`CommuneField` cleans to a `Commune`; `TerritoryField(levels=...)` to a `TerritoryMatch` of the
allowed levels (commune, EPCI, département, région, programme); `EPCIField` to an `EPCI`. The
widgets are text inputs tied to a native <datalist> that HTMX refills from the one territory
search (territories.search) while the user types (no custom script, keyboard and screen-reader
friendly). The fields accept what the suggestions fill in ("Saint-Étienne (42218)"), a code, a
postcode where a commune is asked, or a name only one territory bears; an ambiguous name is a
French error naming the choices, which the suggestions list.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from .models import EPCI, Commune
from .search import (
    ALL_LEVELS,
    LEVEL_LABELS,
    MAX_QUERY_LENGTH,
    TerritoryMatch,
    TerritoryNotFound,
    normalize,
    resolve_territory,
    search_communes,
)

_COMMUNE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$", re.IGNORECASE)
_COMMUNE_LABEL = re.compile(r"\(([0-9AB]{5})\)\s*$", re.IGNORECASE)
# The largest number of communes one postcode serves is under 50 (51260, 80150…).
MAX_POSTCODE_COMMUNES = 50


def commune_label(commune: Commune | None) -> str:
    """The text the field shows for a commune, and what the suggestions fill in."""
    return f"{commune.name} ({commune.code})" if commune else ""


def resolve_commune(value: str) -> Commune:
    """Turn what the commune field holds into a Commune, or raise a French ValidationError."""
    text = (value or "").strip()[:MAX_QUERY_LENGTH]
    match = _COMMUNE_LABEL.search(text)
    code = match.group(1) if match else text
    if _COMMUNE_CODE.match(code):
        commune = Commune.objects.select_related("departement").filter(pk=code.upper()).first()
        if commune is not None:
            return commune
        # Not an INSEE code: perhaps a postcode ("58500" is Clamecy's, "42000" one of Saint-Étienne's).
        served = [c for c in search_communes(code, limit=MAX_POSTCODE_COMMUNES) if code in c.postcodes]
        if len(served) == 1:
            return served[0]
        if len(served) > 1:
            examples = ", ".join(commune_label(c) for c in served[:4])
            raise ValidationError(
                f"Le code postal {code} dessert plusieurs communes : choisissez-en une dans la liste "
                f"(par exemple {examples}).",
                code="ambiguous_commune",
            )
    elif text:
        wanted = normalize(text)
        homonyms = [c for c in search_communes(text, limit=10) if normalize(c.name) == wanted]
        if len(homonyms) == 1:
            return homonyms[0]
        if len(homonyms) > 1:
            examples = ", ".join(f"{c.name} ({c.code})" for c in homonyms[:3])
            raise ValidationError(
                f"Plusieurs communes s'appellent ainsi : précisez le code INSEE, par exemple {examples}.",
                code="ambiguous_commune",
            )
    raise ValidationError(
        "Commune inconnue : saisissez son nom, son code postal ou son code INSEE (par exemple « Clamecy », "
        "58500 ou 58079), puis choisissez dans la liste.",
        code="unknown_commune",
    )


def resolve_search_commune(value: str) -> tuple[Commune, str]:
    """A commune typed in a search (the board, its feeds, the API), and a French note or "".

    Unlike `resolve_commune` (where an offer or a person is placed, and an ambiguity must be
    asked), a search picks: a bare five-digit number is read as a postcode first — what people
    type, and several INSEE codes are also someone else's postcode (15100 is Saint-Flour's postcode
    and the INSEE code of another commune) — then as an INSEE code. A postcode several communes
    share gives the most populous of them (58500: Clamecy, not Oisy), and the note names the
    others so the user can pick one in the list.
    """
    text = (value or "").strip()[:MAX_QUERY_LENGTH]
    if text.isdigit() and len(text) == 5:
        served = [c for c in search_communes(text, limit=MAX_POSTCODE_COMMUNES) if text in c.postcodes]
        if served:
            served.sort(key=lambda c: (-(c.population or 0), c.name))
            chosen, others = served[0], served[1:]
            note = ""
            if others:
                names = ", ".join(c.name for c in others[:4]) + (" …" if len(others) > 4 else "")
                note = (
                    f"Le code postal {text} dessert plusieurs communes : la recherche porte sur {chosen.name}, "
                    f"la plus peuplée (aussi : {names}). Pour une autre commune, choisissez-la dans la liste."
                )
            return chosen, note
    return resolve_commune(text), ""


class CommuneInput(forms.TextInput):
    template_name = "territories/widgets/commune_input.html"

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        datalist_id = f"{widget_id}-suggestions"
        context["widget"]["datalist_id"] = datalist_id
        context["widget"]["attrs"].update(
            {
                "list": datalist_id,
                "autocomplete": "off",
                "hx-get": reverse("territories:commune_options"),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{datalist_id}",
                "hx-swap": "innerHTML",
                "name": name,
            }
        )
        return context

    def format_value(self, value):
        if isinstance(value, Commune):
            return commune_label(value)
        return super().format_value(value)


class CommuneField(forms.CharField):
    """A commune picked with the commune search; cleans to a `Commune`."""

    widget = CommuneInput
    default_help_text = "Nom, code postal ou code INSEE, puis choisissez dans la liste (ex. : « Clamecy (58079) »)."

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("max_length", 120)
        kwargs.setdefault("help_text", self.default_help_text)
        kwargs.setdefault("label", "Commune")
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, Commune):
            return commune_label(value)
        if isinstance(value, str) and _COMMUNE_CODE.match(value):
            commune = Commune.objects.filter(pk=value.upper()).first()
            return commune_label(commune) if commune else value
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return resolve_commune(text)


class TerritoryInput(forms.TextInput):
    """A text input whose datalist lists territories of `levels` as the user types."""

    template_name = "territories/widgets/commune_input.html"

    def __init__(self, levels=ALL_LEVELS, attrs=None):
        super().__init__(attrs)
        self.levels = tuple(levels)

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget_id = context["widget"]["attrs"].get("id") or f"id_{name}"
        datalist_id = f"{widget_id}-suggestions"
        context["widget"]["datalist_id"] = datalist_id
        query = "&".join(f"niveau={level}" for level in self.levels) if self.levels != ALL_LEVELS else ""
        context["widget"]["attrs"].update(
            {
                "list": datalist_id,
                "autocomplete": "off",
                "hx-get": reverse("territories:territory_options") + (f"?{query}" if query else ""),
                "hx-trigger": "input changed delay:250ms",
                "hx-target": f"#{datalist_id}",
                "hx-swap": "innerHTML",
                "name": name,
            }
        )
        return context

    def format_value(self, value):
        if isinstance(value, TerritoryMatch):
            return value.label
        if isinstance(value, EPCI):
            return f"{value.name} ({value.siren})"
        return super().format_value(value)


class TerritoryField(forms.CharField):
    """A territory of the given levels, by name or code; cleans to a `TerritoryMatch`."""

    def __init__(self, *args, levels=ALL_LEVELS, **kwargs):
        self.levels = tuple(level for level in ALL_LEVELS if level in set(levels))
        kinds = ", ".join(LEVEL_LABELS[level] for level in self.levels)
        kwargs.setdefault("max_length", 200)
        kwargs.setdefault("label", "Territoire")
        kwargs.setdefault("help_text", f"Nom ou code ({kinds}), puis choisissez dans la liste.")
        kwargs.setdefault("widget", TerritoryInput(self.levels))
        super().__init__(*args, **kwargs)

    def prepare_value(self, value):
        if isinstance(value, TerritoryMatch):
            return value.label
        return value

    def clean(self, value):
        text = super().clean(value)
        if not text:
            return None
        return resolve_territory(text, self.levels)


class EPCIField(TerritoryField):
    """An intercommunality by its name ("CC Haut Nivernais") or SIREN; cleans to an `EPCI`."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("label", "Intercommunalité (EPCI)")
        kwargs.setdefault(
            "help_text", "Nom ou SIREN, puis choisissez dans la liste (ex. : « CC Haut Nivernais » ou « 200067429 »)."
        )
        super().__init__(*args, levels=("epci",), **kwargs)

    def prepare_value(self, value):
        if isinstance(value, EPCI):
            return f"{value.name} ({value.siren})"
        if isinstance(value, str) and value.isdigit():
            epci = EPCI.objects.filter(pk=value).first()
            return f"{epci.name} ({epci.siren})" if epci else value
        return super().prepare_value(value)

    def clean(self, value):
        try:
            match = super().clean(value)
        except TerritoryNotFound:
            shown = (value or "").strip()[:60]
            raise ValidationError(
                f"Intercommunalité inconnue : aucune ne correspond à « {shown} ». Saisissez son nom ou son SIREN, "
                "par exemple « CC Haut Nivernais » ou « 200067429 », puis choisissez dans la liste.",
                code="unknown_epci",
            ) from None
        if match is None:
            return None
        return EPCI.objects.get(pk=match.code)
