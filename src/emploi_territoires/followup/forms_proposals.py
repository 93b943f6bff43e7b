"""Forms of the proposals (issue 15): what a professional proposes, how the person answers.

They turn what people type into the services' arguments; `services_proposals` checks everything
again and says in French what is wrong.
"""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from emploi_territoires.accounts.models import User

from . import services_proposals as services
from .models import Proposal

K = Proposal.Kind
MESSAGE_HELP = "Il accompagne la proposition dans l'e-mail et l'espace de la personne."


class ProposalForm(DsfrBaseForm):
    """One form per kind: the offer (its reference or address), the job dating, or the programme."""

    message = forms.CharField(
        label="Message à la personne (facultatif)",
        required=False,
        max_length=services.MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=MESSAGE_HELP,
    )

    def __init__(self, *args, kind: str, person: User, **kwargs):
        super().__init__(*args, **kwargs)
        self.kind = kind
        if kind in (K.APPLICATION, K.OFFER):
            self.fields["offer"] = forms.CharField(
                label="Offre",
                max_length=300,
                help_text="Sa référence (exemple : ET-2026-00042) ou l'adresse de sa page sur la plateforme.",
            )
        elif kind == K.JOBDATING:
            self.fields["event"] = forms.ModelChoiceField(
                label="Job dating",
                queryset=services.open_events_for(person),
                empty_label="Choisir un job dating ouvert aux inscriptions",
            )
            self.fields["event"].label_from_instance = lambda e: f"{e.title} — {e.date:%d/%m/%Y}, {e.commune.name}"
        else:
            programmes = services.open_programmes_for(person)
            self.fields["programme"] = forms.TypedChoiceField(
                label="Programme de mentorat",
                coerce=int,
                choices=[("", "Choisir un programme"), *((p.pk, f"{p.name} — {p.scope_label}") for p in programmes)],
            )
            self._programmes = {p.pk: p for p in programmes}
        self.order_fields([name for name in ("offer", "event", "programme") if name in self.fields] + ["message"])

    def clean_offer(self):
        offer = services.find_offer(self.cleaned_data["offer"])
        if offer is None:
            raise forms.ValidationError("Aucune offre avec cette référence ou cette adresse.")
        return offer

    def target(self) -> dict:
        """The keyword arguments of `services_proposals.propose` for the chosen target."""
        data = self.cleaned_data
        if self.kind in (K.APPLICATION, K.OFFER):
            return {"offer": data["offer"]}
        if self.kind == K.JOBDATING:
            return {"event": data["event"]}
        return {"programme": self._programmes.get(data["programme"])}


class AnswerForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Votre réponse",
        choices=[("accept", "J'accepte"), ("decline", "Je décline")],
        widget=forms.RadioSelect,
    )
    message = forms.CharField(
        label="Un mot (facultatif)",
        required=False,
        max_length=services.MAX_MESSAGE_LENGTH,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=(
            "Pour une candidature acceptée, il est envoyé au recruteur avec votre candidature ; sinon, il est "
            "transmis au professionnel qui vous a fait la proposition."
        ),
    )
