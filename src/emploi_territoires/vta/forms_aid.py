"""Forms of the VTA aid pages: they parse input; `vta.services_aid` validates and writes."""

from __future__ import annotations

from django import forms
from dsfr.forms import DsfrBaseForm

from emploi_territoires.applications.models import Application
from emploi_territoires.offers.models import ContractType, Offer, OfferStatus
from emploi_territoires.territories.models import Departement

from .models import OutcomeMoment, Situation

DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class NotifyForm(DsfrBaseForm):
    offer = forms.ModelChoiceField(label="Offre de VTA", queryset=Offer.objects.none(), empty_label="—")
    application = forms.ModelChoiceField(
        label="Candidature retenue",
        queryset=Application.objects.none(),
        required=False,
        empty_label="— le volontaire n'a pas candidaté sur la plateforme —",
        help_text="Le volontaire a candidaté sur la plateforme : choisissez sa candidature.",
    )
    volunteer_name = forms.CharField(
        label="Sinon, nom du volontaire", max_length=150, required=False, help_text="Ex. : « Léna Moreau »"
    )
    volunteer_email = forms.EmailField(label="Son adresse e-mail", required=False)

    def __init__(self, *args, organisation=None, **kwargs):
        super().__init__(*args, **kwargs)
        offers = Offer.objects.filter(
            organisation=organisation,
            contract_type=ContractType.VTA,
            status__in=[OfferStatus.PUBLISHED, OfferStatus.FILLED, OfferStatus.EXPIRED],
        ).order_by("-published_at", "pk")
        self.fields["offer"].queryset = offers
        self.fields["application"].queryset = (
            Application.objects.filter(offer__in=offers, candidate__isnull=False)
            .select_related("candidate", "offer")
            .order_by("offer_id", "-created_at")
        )
        self.fields["application"].label_from_instance = lambda a: (
            f"{a.candidate.get_full_name() or a.candidate.email} — {a.offer.title} ({a.get_status_display().lower()})"
        )


class ConfirmForm(DsfrBaseForm):
    comment = forms.CharField(label="Message à la collectivité (facultatif)", required=False, widget=forms.Textarea)


class FileRequestForm(DsfrBaseForm):
    starts_on = forms.DateField(label="Début du contrat", required=False, widget=DATE_WIDGET)
    ends_on = forms.DateField(
        label="Fin du contrat", required=False, help_text="Le contrat dure de 12 à 18 mois.", widget=DATE_WIDGET
    )
    summary = forms.CharField(
        label="Mission confiée au volontaire",
        widget=forms.Textarea,
        required=False,
        help_text="Le projet que le volontaire mène : ce qu'il doit produire, avec qui, à quelle échéance.",
    )
    charter = forms.FileField(
        label="Charte du volontariat signée (PDF, 5 Mo au plus)",
        required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )


class DecisionForm(DsfrBaseForm):
    decision = forms.ChoiceField(
        label="Décision",
        choices=[("granted", "Accorder l'aide"), ("incomplete", "Dossier incomplet"), ("refused", "Refuser l'aide")],
        widget=forms.RadioSelect,
    )
    amount = forms.IntegerField(label="Montant accordé (€)", required=False, min_value=0, initial=15_000)
    decided_on = forms.DateField(label="Date de la décision", required=False, widget=DATE_WIDGET)
    text = forms.CharField(
        label="Ce qui manque, ou le motif du refus",
        required=False,
        widget=forms.Textarea,
        help_text="Obligatoire pour un dossier incomplet ou un refus : la collectivité le lira.",
    )


class ReasonForm(DsfrBaseForm):
    text = forms.CharField(label="Motif", required=False, widget=forms.Textarea)


class OutcomeForm(DsfrBaseForm):
    moment = forms.ChoiceField(label="Moment", choices=OutcomeMoment.choices)
    situation = forms.ChoiceField(label="Situation", choices=Situation.choices, widget=forms.RadioSelect)
    job_title = forms.CharField(label="Poste occupé", max_length=150, required=False)
    employer_name = forms.CharField(label="Employeur", max_length=200, required=False)
    same_collectivite = forms.TypedChoiceField(
        label="Dans la collectivité d'accueil ?",
        choices=[("", "—"), ("yes", "Oui"), ("no", "Non")],
        coerce=lambda value: {"yes": True, "no": False}.get(value),
        empty_value=None,
        required=False,
    )


class EnvelopeForm(DsfrBaseForm):
    departement = forms.ModelChoiceField(label="Département", queryset=Departement.objects.none(), empty_label=None)
    year = forms.IntegerField(label="Année", min_value=2021, max_value=2100)
    amount_eur = forms.IntegerField(label="Montant de l'enveloppe (€)", min_value=0)

    def __init__(self, *args, departements=None, **kwargs):
        super().__init__(*args, **kwargs)
        queryset = Departement.objects.order_by("code")
        if departements is not None:
            queryset = queryset.filter(code__in=departements)
        self.fields["departement"].queryset = queryset
