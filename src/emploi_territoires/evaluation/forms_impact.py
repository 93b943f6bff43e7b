from django import forms
from dsfr.forms import DsfrBaseForm

from emploi_territoires.territories.models import Programme

from .impact.errors import ComparisonError
from .models import ImpactStudy

# A file above 1 Mo is read by the background task (services_impact), within impact.panel.MAX_WEB_ROWS:
# a CSV of 1,000,000 rows of a panel with a covariate or two is 30 to 45 Mo; a workbook reads ten times
# slower than a CSV (100,000 rows, 2 Mo: 4 s).
MAX_UPLOAD_BYTES = 50 * 1024 * 1024
MAX_XLSX_BYTES = 2 * 1024 * 1024
PROGRAMME_CHOICES = [("", "Une colonne du fichier"), (Programme.ACV, "Action cœur de ville (date de signature)"),
                     (Programme.PVD, "Petites villes de demain (date de signature)")]  # fmt: skip


class ImpactStudyForm(DsfrBaseForm):
    title = forms.CharField(label="Titre de l'étude", max_length=200)
    panel = forms.FileField(
        label="Panel (CSV ou XLSX)",
        help_text="Une ligne par unité et par période, un million de lignes au plus : CSV de 50 Mo au plus, "
        "ou classeur XLSX de 2 Mo. Un fichier de plus de 1 Mo est lu pendant le calcul, en arrière-plan.",
    )
    unit = forms.CharField(
        label="Colonne de l'unité", initial="codgeo", help_text="Code INSEE de la commune, de l'EPCI…"
    )
    time = forms.CharField(label="Colonne de la période", initial="annee")
    outcome = forms.CharField(label="Colonne de l'indicateur étudié")
    programme = forms.ChoiceField(label="Début du traitement", choices=PROGRAMME_CHOICES, required=False)
    treatment_start = forms.CharField(
        label="Colonne de la première période traitée",
        required=False,
        help_text="Vide ou 0 pour une unité jamais traitée. Inutile si le traitement vient d'un programme.",
    )
    estimator = forms.ChoiceField(label="Méthode", choices=ImpactStudy.Estimator.choices)
    control = forms.ChoiceField(label="Groupe de comparaison", choices=ImpactStudy.Control.choices)
    covariates = forms.CharField(label="Covariables (colonnes séparées par des virgules)", required=False)
    match_exact = forms.CharField(
        label="Comparer à des unités semblables : mêmes valeurs (facultatif)",
        required=False,
        help_text="Colonnes séparées par des virgules, par exemple « departement, taille:population » "
        "(taille: compare la classe de population).",
    )
    match_nearest = forms.CharField(
        label="Comparer aux plus proches voisins (facultatif)",
        required=False,
        help_text="Colonnes numériques, par exemple « densite, pre_outcome » "
        "(niveau de l'indicateur avant traitement).",
    )
    neighbours = forms.IntegerField(
        label="Voisins par unité traitée", min_value=1, max_value=50, initial=1, required=False
    )

    def clean_panel(self):
        upload = self.cleaned_data["panel"]
        if not upload.name.lower().endswith((".csv", ".xlsx")):
            raise forms.ValidationError("Déposez un fichier CSV ou XLSX.")
        xlsx = upload.name.lower().endswith(".xlsx")
        if upload.size > (MAX_XLSX_BYTES if xlsx else MAX_UPLOAD_BYTES):
            raise forms.ValidationError(
                "Le classeur dépasse 2 Mo : enregistrez-le en CSV (10 Mo au plus)."
                if xlsx
                else "Le fichier dépasse 50 Mo. Pour un panel plus grand, lancez la commande manage.py impact_study."
            )
        return upload

    def clean_covariates(self):
        return tuple(c.strip() for c in self.cleaned_data["covariates"].split(",") if c.strip())

    def clean(self):
        data = super().clean()
        from .impact.comparison import parse_match  # pandas/numpy: loaded when a study is submitted

        matches = [f"{kind}:{data[f'match_{kind}']}" for kind in ("exact", "nearest") if data.get(f"match_{kind}")]
        try:
            data["match"] = parse_match(matches, data.get("neighbours") or 1)
        except ComparisonError as exc:
            self.add_error("match_exact", str(exc))
        if not data.get("programme") and not data.get("treatment_start"):
            self.add_error("treatment_start", "Indiquez la colonne du début du traitement ou choisissez un programme.")
        return data
