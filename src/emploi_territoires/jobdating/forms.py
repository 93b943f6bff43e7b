"""Job-dating forms: they turn what people type (times, ranks) into the services' values.

People think in hours, the solver in slot numbers: availability is asked as "from 9 h 30 to
11 h 00" (one or two ranges) and converted by `times_to_range`, which says in French
what is wrong (reversed, outside the event's hours). The services validate again.
"""

from __future__ import annotations

import datetime
import re
from typing import Any

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from emploi_territoires.applications.situations import SITUATION_CHOICES
from emploi_territoires.offers.models import Offer, RomeOccupation
from emploi_territoires.territories.forms import CommuneField
from emploi_territoires.territories.models import Departement, Programme

from . import services_events
from .errors import ValidationFailed
from .models import MAX_TABLES, MAX_WISHES, Event, ScreeningDecision
from .validation import times_to_range

ROME_CODE = re.compile(r"^[A-N]\d{4}$")
MAX_TARGET_DEPARTEMENTS = 20
MAX_TARGET_OCCUPATIONS = 30
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
TIME_WIDGET = forms.TimeInput(attrs={"type": "time"}, format="%H:%M")
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")


class EventForm(DsfrBaseForm):
    title = forms.CharField(label="Titre", max_length=200)
    description = forms.CharField(label="Présentation", required=False, widget=forms.Textarea(attrs={"rows": 4}))
    commune = CommuneField(label="Commune")
    address = forms.CharField(label="Adresse du lieu", required=False, max_length=250)
    meeting_url = forms.URLField(
        label="Lien de la réunion en ligne", required=False, help_text="Pour un job dating à distance."
    )
    date = forms.DateField(label="Date", widget=DATE_WIDGET)
    first_slot_time = forms.TimeField(label="Début du premier créneau", widget=TIME_WIDGET)
    slot_minutes = forms.IntegerField(label="Durée d'un créneau (minutes)", min_value=1, initial=15)
    slot_count = forms.IntegerField(label="Nombre de créneaux", min_value=1, initial=16)
    break_start = forms.TimeField(label="Début de la pause", required=False, widget=TIME_WIDGET)
    break_end = forms.TimeField(label="Fin de la pause", required=False, widget=TIME_WIDGET)
    min_gap = forms.IntegerField(
        label="Créneaux libres entre deux entretiens d'un candidat",
        min_value=0,
        initial=1,
        help_text="1 : au moins un créneau de battement pour changer de table.",
    )
    registration_deadline = forms.DateTimeField(label="Date limite d'inscription", widget=DATETIME_WIDGET)
    target_programmes = forms.MultipleChoiceField(
        label="Programmes visés", required=False, choices=Programme.choices, widget=forms.CheckboxSelectMultiple
    )
    target_departements = forms.CharField(
        label="Départements visés",
        required=False,
        max_length=400,
        help_text="Codes des départements, séparés par des virgules (exemple : 42, 43, 69). Laissez vide : tous.",
    )
    target_occupations = forms.CharField(
        label="Métiers visés (codes ROME)",
        required=False,
        max_length=400,
        help_text="Codes ROME séparés par des virgules (exemple : H2903, H2913, K1802). Laissez vide : tous.",
    )
    capacity = forms.IntegerField(
        label="Nombre maximal de candidats", required=False, min_value=1, help_text="Laissez vide pour ne pas limiter."
    )
    priority_situations = forms.MultipleChoiceField(
        label="Publics prioritaires",
        required=False,
        choices=SITUATION_CHOICES,
        widget=forms.CheckboxSelectMultiple,
        help_text=(
            "Les souhaits des candidats qui ont déclaré l'une de ces situations (avec leur accord) pèsent un peu "
            "plus dans le planning : à souhait égal, ils obtiennent l'entretien."
        ),
    )

    @staticmethod
    def _codes(text: str) -> list[str]:
        codes = [c.strip().upper() for c in re.split(r"[,;\s]+", text or "") if c.strip()]
        return list(dict.fromkeys(codes))  # duplicates removed, order kept

    def clean_target_departements(self) -> list[Departement]:
        codes = self._codes(self.cleaned_data.get("target_departements", ""))
        # "1" and "01" are the same département; Corsica keeps its letters (2A, 2B).
        codes = [c.zfill(2) if c.isdigit() else c for c in codes]
        found = {d.code: d for d in Departement.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError(
                "Département inconnu : " + ", ".join(f"« {c} »" for c in unknown) + " (exemple de code : 42)."
            )
        if len(codes) > MAX_TARGET_DEPARTEMENTS:
            raise forms.ValidationError(f"Visez {MAX_TARGET_DEPARTEMENTS} départements au plus.")
        return [found[c] for c in codes]

    def clean_target_occupations(self) -> list[RomeOccupation]:
        codes = self._codes(self.cleaned_data.get("target_occupations", ""))
        malformed = [c for c in codes if not ROME_CODE.match(c)]
        if malformed:
            raise forms.ValidationError(
                "Code ROME mal écrit : "
                + ", ".join(f"« {c} »" for c in malformed)
                + " (une lettre et quatre chiffres, exemple : H2903)."
            )
        found = {o.code: o for o in RomeOccupation.objects.filter(code__in=codes)}
        unknown = [c for c in codes if c not in found]
        if unknown:
            raise forms.ValidationError("Code ROME inconnu : " + ", ".join(f"« {c} »" for c in unknown) + ".")
        if len(codes) > MAX_TARGET_OCCUPATIONS:
            raise forms.ValidationError(f"Visez {MAX_TARGET_OCCUPATIONS} métiers au plus.")
        return [found[c] for c in codes]

    def audience(self) -> dict[str, Any]:
        """The keyword arguments of `services_events.create_event` / `update_event` for the target audience."""
        return {
            "target_departements": self.cleaned_data.get("target_departements") or [],
            "target_occupations": self.cleaned_data.get("target_occupations") or [],
        }

    @classmethod
    def initial_for(cls, event: Event) -> dict[str, Any]:
        initial = {name: getattr(event, name) for name in services_events.EVENT_FIELDS if name != "breaks"}
        initial["registration_deadline"] = event.registration_deadline
        initial["target_departements"] = ", ".join(d.code for d in event.target_departements.order_by("code"))
        initial["target_occupations"] = ", ".join(o.code for o in event.target_occupations.order_by("code"))
        breaks = sorted(event.break_slots)
        if breaks:
            initial["break_start"] = timezone.localtime(event.slot_start(breaks[0])).time()
            initial["break_end"] = timezone.localtime(event.slot_end(breaks[-1])).time()
        return initial

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        start, end = data.get("break_start"), data.get("break_end")
        data["breaks"] = []
        if bool(start) != bool(end):
            self.add_error("break_end", "Indiquez le début et la fin de la pause, ou aucun des deux.")
        elif start and end and data.get("first_slot_time") and data.get("slot_minutes") and data.get("slot_count"):
            origin = data["first_slot_time"].hour * 60 + data["first_slot_time"].minute
            a, b = start.hour * 60 + start.minute, end.hour * 60 + end.minute
            if b <= a:
                self.add_error("break_end", "La fin de la pause doit suivre son début.")
            else:
                # Every slot that overlaps the pause is a break slot.
                length = data["slot_minutes"]
                data["breaks"] = [
                    s for s in range(data["slot_count"]) if origin + s * length < b and origin + (s + 1) * length > a
                ]
                if not data["breaks"]:
                    self.add_error("break_start", "La pause tombe en dehors des créneaux du job dating.")
        return data

    def values(self) -> dict[str, Any]:
        data = self.cleaned_data
        return {name: data.get(name) for name in services_events.EVENT_FIELDS} | {
            "address": data.get("address") or "",
            "meeting_url": data.get("meeting_url") or "",
            "description": data.get("description") or "",
            "target_programmes": list(data.get("target_programmes") or []),
            "priority_situations": list(data.get("priority_situations") or []),
        }


class AvailabilityMixin(forms.Form):
    """One or two time ranges, converted to slot ranges of `self.event`."""

    available_from = forms.TimeField(label="Disponible de", widget=TIME_WIDGET)
    available_to = forms.TimeField(label="à", widget=TIME_WIDGET)
    available_from_2 = forms.TimeField(label="Et aussi de", required=False, widget=TIME_WIDGET)
    available_to_2 = forms.TimeField(label="à", required=False, widget=TIME_WIDGET)

    event: Event

    @staticmethod
    def availability_initial(event: Event, ranges: list[list[int]]) -> dict[str, datetime.time]:
        initial = {}
        for suffix, (first, last) in zip(["", "_2"], ranges[:2], strict=False):
            initial[f"available_from{suffix}"] = timezone.localtime(event.slot_start(first)).time()
            initial[f"available_to{suffix}"] = timezone.localtime(event.slot_end(last)).time()
        return initial

    def clean_availability(self, data: dict[str, Any]) -> None:
        ranges = []
        for suffix in ("", "_2"):
            start, end = data.get(f"available_from{suffix}"), data.get(f"available_to{suffix}")
            if not start and not end:
                continue
            if not start or not end:
                self.add_error(f"available_to{suffix}", "Indiquez les deux heures de la plage.")
                continue
            try:
                ranges.append(times_to_range(self.event, start, end))
            except ValidationFailed as exc:
                for message in exc.errors.get("availability", []):
                    self.add_error(f"available_from{suffix}", message)
        data["availability"] = ranges


class RecruiterRegistrationForm(AvailabilityMixin, DsfrBaseForm):
    offers = forms.ModelMultipleChoiceField(
        label="Offres présentées",
        queryset=Offer.objects.none(),
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text="Les offres publiées de votre organisation.",
    )
    tables = forms.TypedChoiceField(
        label="Nombre de tables (entretiens en parallèle)",
        choices=[(n, str(n)) for n in range(1, MAX_TABLES + 1)],
        coerce=int,
        initial=1,
    )

    def __init__(self, *args: Any, event: Event, offers_queryset: Any, **kwargs: Any):
        self.event = event
        super().__init__(*args, **kwargs)
        self.fields["offers"].queryset = offers_queryset

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_availability(data)
        return data


class CandidateRegistrationForm(AvailabilityMixin, DsfrBaseForm):
    max_interviews = forms.IntegerField(
        label="Nombre maximal d'entretiens",
        required=False,
        min_value=1,
        help_text="Laissez vide pour en avoir autant que possible.",
    )

    def __init__(self, *args: Any, event: Event, **kwargs: Any):
        self.event = event
        super().__init__(*args, **kwargs)

    def clean(self) -> dict[str, Any]:
        data = super().clean()
        self.clean_availability(data)
        return data


class WishesForm(DsfrBaseForm):
    """One rank per recruiter of the event (blank: no wish)."""

    def __init__(self, *args: Any, recruiters: list[Any], **kwargs: Any):
        super().__init__(*args, **kwargs)
        choices = [("", "—"), *[(n, f"{n}{'er' if n == 1 else 'e'} choix") for n in range(1, MAX_WISHES + 1)]]
        self.recruiters = recruiters
        for registration in recruiters:
            self.fields[f"rank_{registration.pk}"] = forms.TypedChoiceField(
                label=registration.organisation.name, choices=choices, coerce=int, required=False, empty_value=None
            )

    def ranks(self) -> dict[int, int]:
        return {
            registration.pk: self.cleaned_data[f"rank_{registration.pk}"]
            for registration in self.recruiters
            if self.cleaned_data.get(f"rank_{registration.pk}") is not None
        }

    def rank_field(self, registration: Any) -> forms.BoundField:
        return self[f"rank_{registration.pk}"]


class ScreeningForm(forms.Form):
    candidate = forms.IntegerField(widget=forms.HiddenInput)
    decision = forms.ChoiceField(label="Votre avis", choices=ScreeningDecision.choices)


class ScheduleOptionsForm(DsfrBaseForm):
    at_least_one = forms.BooleanField(
        label="Au moins un entretien pour chaque candidat qui peut en avoir un",
        required=False,
        help_text="D'abord voir le plus de candidats possible, puis le meilleur score parmi ces plannings.",
    )
    max_interviews = forms.IntegerField(
        label="Plafond d'entretiens par candidat",
        required=False,
        min_value=1,
        help_text="Laissez vide : pas de plafond.",
    )


class TransitionForm(forms.Form):
    to_status = forms.CharField(max_length=30)
    comment = forms.CharField(required=False, max_length=2000)


class ImportForm(DsfrBaseForm):
    file = forms.FileField(
        label="Fichier JSON ou XLSX",
        help_text="Le format du solveur (voir la documentation) ou le classeur exporté depuis cette page.",
    )
