"""Forms of the applications pipeline: apply, change the state, notes, bulk refusal.

They check shape and length with French messages; the rules (who, from which state) are
`services_pipeline`'s, which answers with `PipelineError`.
"""

from __future__ import annotations

from django import forms

from emploi_territoires.core import formats

from .models import ApplicationStatus
from .services_pipeline import MAX_MESSAGE_LENGTH, MAX_NOTE_LENGTH, MAX_REFUSAL_MESSAGE_LENGTH, REFUSAL_REASONS

REASON_CHOICES = [("", "Choisir un motif"), *REFUSAL_REASONS.items()]


class ApplyForm(forms.Form):
    message = forms.CharField(
        label="Votre message à l'employeur (facultatif)",
        help_text=(
            "Pourquoi ce poste vous intéresse, ce que vous apporteriez ; "
            f"{formats.number(MAX_MESSAGE_LENGTH)} caractères au maximum."
        ),
        required=False,
        max_length=MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 6, "maxlength": MAX_MESSAGE_LENGTH}),
        error_messages={
            "max_length": f"Votre message dépasse {formats.number(MAX_MESSAGE_LENGTH)} caractères : raccourcissez-le.",
        },
    )


class TransitionForm(forms.Form):
    to_status = forms.ChoiceField(choices=ApplicationStatus.choices)
    reason = forms.ChoiceField(label="Motif du refus", choices=REASON_CHOICES, required=False)
    message = forms.CharField(
        label="Message à la personne (facultatif)",
        required=False,
        max_length=MAX_REFUSAL_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_REFUSAL_MESSAGE_LENGTH}),
        error_messages={"max_length": f"Le message dépasse {formats.number(MAX_REFUSAL_MESSAGE_LENGTH)} caractères."},
    )


class NoteForm(forms.Form):
    text = forms.CharField(
        label="Note privée (visible de votre organisation seulement)",
        max_length=MAX_NOTE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": MAX_NOTE_LENGTH}),
        error_messages={
            "required": "La note est vide.",
            "max_length": f"La note dépasse {formats.number(MAX_NOTE_LENGTH)} caractères : résumez-la.",
        },
    )


class BulkRefusalForm(forms.Form):
    applications = forms.TypedMultipleChoiceField(
        coerce=int,
        error_messages={
            "required": "Cochez au moins une candidature à refuser.",
            "invalid_choice": "Une candidature cochée ne concerne pas cette offre : rechargez la page.",
        },
    )
    reason = forms.ChoiceField(
        label="Motif du refus",
        choices=REASON_CHOICES,
        error_messages={"required": "Choisissez le motif du refus dans la liste."},
    )
    message = TransitionForm.base_fields["message"]

    def __init__(self, *args, application_ids: list[int], **kwargs):
        # Every application of the offer is a valid choice; the service refuses closed ones (all or none).
        super().__init__(*args, **kwargs)
        self.fields["applications"].choices = [(pk, pk) for pk in application_ids]
