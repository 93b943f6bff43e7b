"""The commune form field every form uses: type a name, a postcode or a code, pick a suggestion.

The widget is a text input tied to a native <datalist> that HTMX refills from the commune search
while the user types (no custom script, keyboard and screen-reader friendly). The field accepts
what the suggestions fill in ("Saint-Étienne (42218)"), an INSEE code, or a name only one commune
bears, and cleans to a `Commune`.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.urls import reverse

from .models import Commune
from .search import MAX_QUERY_LENGTH, normalize, search_communes

_COMMUNE_CODE = re.compile(r"^(?:\d{5}|2[AB]\d{3})$", re.IGNORECASE)
_COMMUNE_LABEL = re.compile(r"\(([0-9AB]{5})\)\s*$", re.IGNORECASE)


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
        "Commune inconnue : saisissez son code INSEE (5 caractères, par exemple 42218 pour "
        "Saint-Étienne) ou « Nom (code) ».",
        code="unknown_commune",
    )


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
