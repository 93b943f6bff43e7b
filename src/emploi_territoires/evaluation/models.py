from django.conf import settings
from django.db import models
from django.urls import reverse


class ImpactStudy(models.Model):
    """A saved impact study: its parameters, its data (canonical panel) and its result.

    The panel is kept in canonical form (gzipped CSV, the one `Panel.data_hash()` hashes) so a rerun
    starts from exactly the same data; `result` is the JSON document of `StudyResult.to_dict()`.
    """

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
    result = models.JSONField("résultat", default=dict)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="impact_studies"
    )
    created_at = models.DateTimeField("créée le", auto_now_add=True)
    rerun_at = models.DateTimeField("relancée le", null=True, blank=True)

    class Meta:
        verbose_name = "étude d'impact"
        verbose_name_plural = "études d'impact"
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("evaluation:impact_detail", args=[self.pk])
