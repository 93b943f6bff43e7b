"""Forms of the conversation (issue 19): a message, the interview's slots, a reason, a slot's choice.

They check shape (dates, times, lengths) with French messages; the rules (who, when, which state)
are `services_conversation`'s, which answers with `ConversationError`.
"""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone
from dsfr.forms import DsfrBaseForm

from emploi_territoires.core import formats

from .services_conversation import (
    MAX_BODY_LENGTH,
    MAX_NOTE_LENGTH,
    MAX_PLACE_LENGTH,
    MAX_REASON_LENGTH,
    MAX_SLOTS,
    SlotInput,
)


class MessageForm(DsfrBaseForm):
    body = forms.CharField(
        label="Votre message",
        max_length=MAX_BODY_LENGTH,
        widget=forms.Textarea(attrs={"rows": 5, "maxlength": MAX_BODY_LENGTH}),
        error_messages={
            "required": "Écrivez votre message avant de l'envoyer.",
            "max_length": f"Le message dépasse {formats.number(MAX_BODY_LENGTH)} caractères : raccourcissez-le.",
        },
    )
    attachment = forms.FileField(
        label="Pièce jointe",
        required=False,
        help_text="Un document PDF de 5 Mo au plus.",
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
        error_messages={"invalid": "Le fichier envoyé est illisible : joignez un document PDF."},
    )


def _slot_fields(number: int) -> dict[str, forms.Field]:
    required = number == 1
    return {
        f"slot{number}_date": forms.DateField(
            label="Date",
            required=required,
            widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            error_messages={
                "required": "Indiquez la date du créneau 1.",
                "invalid": f"Créneau {number} : date invalide (jj/mm/aaaa).",
            },
            input_formats=["%Y-%m-%d", "%d/%m/%Y"],
        ),
        f"slot{number}_start": forms.TimeField(
            label="Heure de début",
            required=required,
            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            error_messages={
                "required": "Indiquez l'heure de début du créneau 1.",
                "invalid": f"Créneau {number} : heure de début invalide (hh:mm).",
            },
            input_formats=["%H:%M", "%Hh%M", "%H h %M"],
        ),
        f"slot{number}_end": forms.TimeField(
            label="Heure de fin",
            required=required,
            widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
            error_messages={
                "required": "Indiquez l'heure de fin du créneau 1.",
                "invalid": f"Créneau {number} : heure de fin invalide (hh:mm).",
            },
            input_formats=["%H:%M", "%Hh%M", "%H h %M"],
        ),
        f"slot{number}_place": forms.CharField(
            label="Lieu (adresse)",
            required=False,
            max_length=MAX_PLACE_LENGTH,
            error_messages={"max_length": f"Créneau {number} : le lieu dépasse {MAX_PLACE_LENGTH} caractères."},
        ),
        f"slot{number}_video_url": forms.CharField(
            label="ou lien de visioconférence",
            required=False,
            max_length=500,
            widget=forms.URLInput(attrs={"placeholder": "https://"}),
            error_messages={"max_length": f"Créneau {number} : le lien est trop long."},
        ),
    }


class SlotsForm(DsfrBaseForm):
    """One to three slots; the first is required, the others are read when any of their fields is filled."""

    def slot_groups(self) -> list[dict]:
        """For the template: the fields of each slot, grouped (one fieldset each)."""
        return [
            {
                "number": number,
                "fields": [self[f"slot{number}_{name}"] for name in ("date", "start", "end", "place", "video_url")],
            }
            for number in range(1, MAX_SLOTS + 1)
        ]

    def clean(self):
        data = super().clean()
        slots = []
        for number in range(1, MAX_SLOTS + 1):
            names = [f"slot{number}_{name}" for name in ("date", "start", "end", "place", "video_url")]
            if any(name in self.errors for name in names):
                continue
            day, start, end = (data.get(names[0]), data.get(names[1]), data.get(names[2]))
            place, video_url = (data.get(names[3]) or "").strip(), (data.get(names[4]) or "").strip()
            if not any((day, start, end, place, video_url)):
                continue
            if day is None or start is None or end is None:
                raise forms.ValidationError(f"Créneau {number} : indiquez la date, l'heure de début et l'heure de fin.")
            slots.append(
                SlotInput(
                    start=timezone.make_aware(datetime.datetime.combine(day, start)),
                    end=timezone.make_aware(datetime.datetime.combine(day, end)),
                    place=place,
                    video_url=video_url,
                )
            )
        data["slots"] = slots
        return data


# The slots' fields, declared on the class (so that subclasses and the DSFR rendering see them).
for _number in range(1, MAX_SLOTS + 1):
    SlotsForm.declared_fields.update(_slot_fields(_number))
SlotsForm.base_fields = dict(SlotsForm.declared_fields)


class ProposeInterviewForm(SlotsForm):
    note = forms.CharField(
        label="Précisions pour la personne",
        required=False,
        max_length=MAX_NOTE_LENGTH,
        help_text="Par exemple : qui la recevra, la durée, ce qu'il faut apporter.",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE_LENGTH}),
        error_messages={"max_length": f"Les précisions dépassent {formats.number(MAX_NOTE_LENGTH)} caractères."},
    )


def _reason_field() -> forms.CharField:
    return forms.CharField(
        label="Motif",
        max_length=MAX_REASON_LENGTH,
        help_text="L'autre partie le lira dans l'e-mail et sur la plateforme.",
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REASON_LENGTH}),
        error_messages={
            "required": "Indiquez le motif : l'autre partie le lira.",
            "max_length": f"Le motif dépasse {formats.number(MAX_REASON_LENGTH)} caractères.",
        },
    )


class ReasonForm(DsfrBaseForm):
    reason = _reason_field()


class RescheduleForm(SlotsForm):
    reason = _reason_field()


class ChooseSlotForm(forms.Form):
    slot = forms.IntegerField(
        error_messages={
            "required": "Choisissez l'un des créneaux proposés.",
            "invalid": "Choisissez l'un des créneaux proposés.",
        }
    )
