"""Forms of the mentoring pages: they clean input; the services decide (and say no in French)."""

from __future__ import annotations

from django import forms

from .matching.pairs import TOPICS
from .models import MAX_MEETING_MINUTES, SURVEY_MILESTONES, Mode, Outcome


class RunForm(forms.Form):
    mode = forms.ChoiceField(label="Mode d'appariement", choices=Mode.choices, initial=Mode.SCORE)
    qpv = forms.BooleanField(label="Priorité aux habitants des quartiers prioritaires", required=False)


class MeetingForm(forms.Form):
    date = forms.DateField(label="Date de la rencontre", widget=forms.DateInput(attrs={"type": "date"}))
    duration_minutes = forms.IntegerField(
        label="Durée (minutes)",
        min_value=1,
        max_value=MAX_MEETING_MINUTES,
        error_messages={
            "max_value": "La durée doit être comprise entre 1 minute et 8 heures (480 minutes).",
            "min_value": "La durée doit être comprise entre 1 minute et 8 heures (480 minutes).",
        },
    )
    topics = forms.MultipleChoiceField(
        label="Sujets abordés", choices=list(TOPICS.items()), required=False, widget=forms.CheckboxSelectMultiple
    )
    note = forms.CharField(
        label="Note (visible seulement par vous deux)", required=False, max_length=3000, widget=forms.Textarea
    )


class HelpForm(forms.Form):
    message = forms.CharField(label="Ce qui vous aiderait", max_length=2000, widget=forms.Textarea)


class SurveyForm(forms.Form):
    milestone = forms.TypedChoiceField(
        label="Questionnaire", coerce=int, choices=[(m, f"{m} mois") for m in SURVEY_MILESTONES]
    )
    satisfaction = forms.TypedChoiceField(
        label="Satisfaction (1 à 5)", coerce=int, choices=[(i, str(i)) for i in range(1, 6)]
    )
    situation = forms.ChoiceField(label="Situation de la personne mentorée", choices=Outcome.choices)
    comment = forms.CharField(label="Commentaire", required=False, max_length=3000, widget=forms.Textarea)


class EndPairForm(forms.Form):
    outcome = forms.ChoiceField(label="Situation de la personne mentorée à la fin", choices=Outcome.choices)
    satisfaction = forms.TypedChoiceField(
        label="Satisfaction (1 à 5)",
        coerce=int,
        choices=[("", "Non renseignée")] + [(i, str(i)) for i in range(1, 6)],
        required=False,
        empty_value=None,
    )
