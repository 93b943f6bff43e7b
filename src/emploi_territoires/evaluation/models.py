from django.conf import settings
from django.db import models
from django.urls import reverse

from .indicators import INDICATOR_CHOICES


def indicator_choices() -> list[tuple[str, str]]:
    """The indicators a target may name, read when used: new indicators need no migration."""
    return INDICATOR_CHOICES


class ImpactStudy(models.Model):
    """A saved impact study: its parameters, its data (canonical panel) and its result.

    The panel is kept in canonical form (gzipped CSV, the one `Panel.data_hash()` hashes) so a rerun
    starts from exactly the same data; `result` is the JSON document of `StudyResult.to_dict()`.
    The estimation runs in a background task (services_impact.run_study): `status`, `progress` and
    `step` follow it; `result` stays empty until the first run succeeds, and a rerun keeps it.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "en attente"
        RUNNING = "running", "en cours"
        DONE = "done", "terminée"
        FAILED = "failed", "échec"

    class Estimator(models.TextChoices):
        CS = "cs", "DiD échelonnée (Callaway et Sant'Anna)"
        TWFE = "twfe", "DiD à effets fixes (TWFE)"
        SC = "sc", "Contrôle synthétique (une ou quelques unités traitées)"
        SDID = "sdid", "DiD synthétique (une date de début commune)"

    class Control(models.TextChoices):
        NEVER = "never", "Unités jamais traitées"
        NOTYET = "notyet", "Unités pas encore traitées"

    title = models.CharField("titre", max_length=200)
    source_name = models.CharField("fichier d'origine", max_length=255)
    estimator = models.CharField("méthode", max_length=4, choices=Estimator.choices)
    control = models.CharField("groupe de comparaison", max_length=6, choices=Control.choices, default="never")
    parameters = models.JSONField("paramètres", default=dict)
    panel_data = models.BinaryField("panel (CSV canonique compressé)")
    data_hash = models.CharField("empreinte des données", max_length=64, db_index=True)
    # A large file is read by the background task, not by the request: until then it waits here
    # (compressed) with the columns to read; the task replaces it by `panel_data` and empties it.
    upload_data = models.BinaryField("fichier déposé en attente de lecture (compressé)", blank=True, default=b"")
    panel_spec = models.JSONField("colonnes à lire", default=dict, blank=True)
    result = models.JSONField("résultat", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="impact_studies"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    rerun_at = models.DateTimeField("relancée le", null=True, blank=True)
    rerun_identical = models.BooleanField("relance identique", null=True, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.DONE)
    progress = models.PositiveSmallIntegerField("progression (%)", default=100)
    step = models.CharField("étape", max_length=200, blank=True)
    error = models.TextField("raison de l'échec", blank=True)
    queued_at = models.DateTimeField("mise en attente le", null=True, blank=True)
    started_at = models.DateTimeField("calcul commencé le", null=True, blank=True)
    finished_at = models.DateTimeField("calcul terminé le", null=True, blank=True)

    class Meta:
        verbose_name = "étude d'impact"
        verbose_name_plural = "études d'impact"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation:impact_detail", args=[self.pk])

    @property
    def can_relaunch(self) -> bool:
        """Its panel is stored, or its file still waits to be read (a file that could not be read is dropped)."""
        return bool(self.data_hash or self.panel_spec)


class IndicatorTarget(models.Model):
    """A target for one indicator, one territory and one calendar year (set by staff in the admin)."""

    class Level(models.TextChoices):
        COMMUNE = "commune", "Commune"
        EPCI = "epci", "Intercommunalité (EPCI)"
        DEPARTEMENT = "departement", "Département"
        REGION = "region", "Région"
        PROGRAMME = "programme", "Programme"
        NATIONAL = "national", "France entière"

    indicator = models.CharField("indicateur", max_length=40, choices=indicator_choices)
    level = models.CharField("niveau de territoire", max_length=12, choices=Level.choices)
    # INSEE code, EPCI SIREN, programme code (acv, pvd…), empty for France entière.
    code = models.CharField("code du territoire", max_length=9, blank=True)
    year = models.PositiveSmallIntegerField("année")
    target = models.DecimalField("cible", max_digits=10, decimal_places=1)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "cible d'indicateur"
        verbose_name_plural = "cibles d'indicateurs"
        ordering = ["year", "level", "code", "indicator"]
        constraints = [
            models.UniqueConstraint(fields=["indicator", "level", "code", "year"], name="unique_indicator_target"),
            models.CheckConstraint(condition=models.Q(target__gte=0), name="indicator_target_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator} — {self.level} {self.code} — {self.year} : {self.target}"
