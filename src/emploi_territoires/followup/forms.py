"""Forms of the follow-up pages: they clean input (French messages); the services decide."""

from __future__ import annotations

import datetime

from django import forms
from django.utils import timezone

from .models import Appointment, EndReason, NoteVisibility, StartReason
from .services import CONSENT_TEXT, MAX_MESSAGE_LENGTH, MAX_NOTE_LENGTH

_TOO_LONG = "Ce texte dépasse %(limit_value)d caractères : raccourcissez-le."


def _text(label: str, limit: int, *, required: bool = False, rows: int = 3, help_text: str = "") -> forms.CharField:
    return forms.CharField(
        label=label,
        required=required,
        max_length=limit,
        help_text=help_text,
        widget=forms.Textarea(attrs={"rows": rows}),
        error_messages={"max_length": _TOO_LONG, "required": "Ce champ est obligatoire."},
    )


class OpenForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail de la personne",
        help_text="Celle de son compte sur Emploi Territoires.",
        error_messages={"invalid": "Saisissez une adresse e-mail valide, par exemple lina.mansouri@exemple.fr."},
    )
    organisation = forms.ChoiceField(label="Vous accompagnez pour", choices=())
    start_reason = forms.ChoiceField(label="Motif de l'accompagnement", choices=StartReason.choices)
    start_comment = _text("Précisions (facultatif)", MAX_MESSAGE_LENGTH)
    consent = forms.BooleanField(
        label="La personne a lu ce texte et a donné son accord",
        help_text=CONSENT_TEXT,
        error_messages={"required": "Cochez la case qui confirme l'accord de la personne."},
    )

    def __init__(self, *args, structures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), o.name) for o in structures]


class RequestForm(forms.Form):
    organisation = forms.ChoiceField(label="Structure", choices=())
    start_reason = forms.ChoiceField(label="Ce que vous cherchez", choices=StartReason.choices)
    message = _text("Message à la structure (facultatif)", MAX_MESSAGE_LENGTH)
    consent = forms.BooleanField(
        label="J'accepte d'être accompagné·e",
        help_text=CONSENT_TEXT,
        error_messages={"required": "Cochez la case d'accord : sans elle, la structure ne peut pas vous accompagner."},
    )

    def __init__(self, *args, structures=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].choices = [(str(o.pk), f"{o.name} ({o.get_kind_display()})") for o in structures]


class AnswerForm(forms.Form):
    decision = forms.ChoiceField(choices=[("accept", "Accepter"), ("decline", "Refuser")])
    message = _text("Message à la personne (facultatif)", MAX_MESSAGE_LENGTH)


class NoteForm(forms.Form):
    text = _text("Note", MAX_NOTE_LENGTH, required=True, rows=4)
    visibility = forms.ChoiceField(
        label="Qui peut la lire", choices=NoteVisibility.choices, initial=NoteVisibility.STRUCTURE
    )
    is_contact = forms.BooleanField(label="Cette note rend compte d'un échange avec la personne", required=False)


class AppointmentForm(forms.Form):
    date = forms.DateField(
        label="Date",
        widget=forms.DateInput(attrs={"type": "date"}),
        error_messages={"invalid": "Saisissez une date valide (jj/mm/aaaa).", "required": "Indiquez la date."},
    )
    time = forms.TimeField(
        label="Heure",
        widget=forms.TimeInput(attrs={"type": "time"}),
        error_messages={"invalid": "Saisissez une heure valide (hh:mm).", "required": "Indiquez l'heure."},
    )
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)",
        initial=45,
        min_value=5,
        max_value=480,
        error_messages={
            "min_value": "La durée doit être comprise entre 5 minutes et 8 heures.",
            "max_value": "La durée doit être comprise entre 5 minutes et 8 heures.",
            "invalid": "Saisissez une durée en minutes.",
        },
    )
    channel = forms.ChoiceField(label="Modalité", choices=Appointment.Channel.choices)
    place = forms.CharField(
        label="Lieu ou lien (facultatif)", required=False, max_length=250, error_messages={"max_length": _TOO_LONG}
    )
    subject = forms.CharField(
        label="Objet (facultatif)", required=False, max_length=200, error_messages={"max_length": _TOO_LONG}
    )


class AppointmentStatusForm(forms.Form):
    status = forms.ChoiceField(choices=Appointment.Status.choices)


class DocumentForm(forms.Form):
    title = forms.CharField(label="Intitulé", max_length=150, error_messages={"max_length": _TOO_LONG})
    file = forms.FileField(
        label="Fichier (PDF, DOCX ou ODT, 5 Mo au plus)",
        error_messages={"required": "Choisissez le fichier à partager.", "empty": "Le fichier est vide."},
    )


class EndForm(forms.Form):
    reason = forms.ChoiceField(
        label="Motif de fin",
        choices=[(value, label) for value, label in EndReason.choices if value != EndReason.ACCOUNT_DELETED],
        required=False,
    )
    comment = _text("Précisions (facultatif)", MAX_MESSAGE_LENGTH)


class AddMemberForm(forms.Form):
    email = forms.EmailField(
        label="Adresse e-mail du ou de la professionnelle",
        error_messages={"invalid": "Saisissez une adresse e-mail valide."},
    )


class ReferentForm(forms.Form):
    user = forms.IntegerField(error_messages={"invalid": "Choisissez le référent dans la liste."})


class SettingsForm(forms.Form):
    no_contact_alert_weeks = forms.IntegerField(
        label="Alerte quand une personne n'a pas eu de contact depuis (semaines)",
        min_value=1,
        max_value=52,
        error_messages={
            "min_value": "Entre 1 et 52 semaines.",
            "max_value": "Entre 1 et 52 semaines.",
            "invalid": "Saisissez un nombre de semaines.",
        },
    )
    accepts_requests = forms.BooleanField(
        label="Les personnes de notre territoire peuvent nous demander un accompagnement", required=False
    )
    public_description = _text("Présentation aux personnes (facultatif)", MAX_MESSAGE_LENGTH)


def starts_at_of(cleaned: dict) -> datetime.datetime:
    """The appointment's aware start, in the site's time zone, from AppointmentForm's cleaned data."""
    return timezone.make_aware(datetime.datetime.combine(cleaned["date"], cleaned["time"]))


def first_error(form: forms.Form) -> str:
    for errors in form.errors.values():
        for error in errors:
            return str(error)
    return "Le formulaire contient une erreur."
