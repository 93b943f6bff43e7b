"""Reference geography (COG) and programme memberships.

The geography comes from the official geographic code (COG) as published in the npm package
`@etalab/decoupage-administratif`; programme memberships come from ANCT's official lists, each
import recording its vintage. Every located object of the platform points to a `Commune` and
derives its programme flags from it (see `LocatedModel`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db import models
from django.urls import reverse

if TYPE_CHECKING:
    from .scope import TerritoryScope


class ReferenceDataset(models.Model):
    """Which vintage of a reference dataset is loaded, from which source, when."""

    name = models.CharField("jeu de données", max_length=50, unique=True)
    vintage = models.CharField("millésime", max_length=50)
    source = models.CharField("source", max_length=300)
    checksum = models.CharField("empreinte SHA-256", max_length=64, blank=True)
    loaded_at = models.DateTimeField("chargé le", auto_now=True)

    class Meta:
        verbose_name = "jeu de référence"
        verbose_name_plural = "jeux de référence"

    def __str__(self) -> str:
        return f"{self.name} ({self.vintage})"


class Region(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)

    class Meta:
        verbose_name = "région"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:region", args=[self.code])


class Departement(models.Model):
    code = models.CharField("code INSEE", max_length=3, primary_key=True)
    name = models.CharField("nom", max_length=100)
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="departements")

    class Meta:
        verbose_name = "département"
        ordering = ["code"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def get_absolute_url(self) -> str:
        return reverse("territories:departement", args=[self.code])


class DepartementOutline(models.Model):
    """A département's outline for the offer map, imported from a GeoJSON file (WGS84).

    Simplified twice at import (territories.outlines): `national` for the map of France (about
    1 km, islets dropped), `detailed` for the zoom on the département. The bounding box finds the
    neighbours drawn around a zoom without reading every outline. Provenance: the
    `ReferenceDataset` named "departements_contours".
    """

    departement = models.OneToOneField(Departement, on_delete=models.CASCADE, primary_key=True, related_name="outline")
    national = models.JSONField("contour simplifié (carte de France)")
    detailed = models.JSONField("contour détaillé (zoom)")
    min_lon = models.FloatField()
    min_lat = models.FloatField()
    max_lon = models.FloatField()
    max_lat = models.FloatField()

    class Meta:
        verbose_name = "contour de département"
        verbose_name_plural = "contours de départements"

    def __str__(self) -> str:
        return f"Contour {self.departement_id}"


class EPCI(models.Model):
    """Établissement public de coopération intercommunale à fiscalité propre."""

    siren = models.CharField("SIREN", max_length=9, primary_key=True)
    name = models.CharField("nom", max_length=200)
    nature = models.CharField("nature juridique", max_length=10, blank=True)  # CC, CA, CU, METRO, MET69
    population = models.PositiveIntegerField("population", default=0)

    class Meta:
        verbose_name = "EPCI"
        verbose_name_plural = "EPCI"
        ordering = ["name"]

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("territories:epci", args=[self.siren])


# INSEE's communal density grid at 7 levels (grille communale de densité), as published by INSEE and
# the Observatoire des territoires. The 4-level grid groups them: 1 densely populated; 2-4
# intermediate density; 5 sparsely populated; 6-7 very sparsely populated.
DENSITY_LEVELS = {
    1: "Grands centres urbains",
    2: "Centres urbains intermédiaires",
    3: "Ceintures urbaines",
    4: "Petites villes",
    5: "Bourgs ruraux",
    6: "Rural à habitat dispersé",
    7: "Rural à habitat très dispersé",
}


class CoordinatesSource(models.TextChoices):
    CENTROID_FILE = "centroid_file", "centroïde importé"
    REGISTRY = "registry", "source publiée (paquet)"
    APPROXIMATION = "approximation", "approximation (centre des communes voisines connues)"
    NONE = "", "inconnues"


class Commune(models.Model):
    code = models.CharField("code INSEE", max_length=5, primary_key=True)
    name = models.CharField("nom", max_length=100)
    # Lower case, no accents, hyphens and apostrophes as spaces, "saint" as "st": see search.normalize.
    search_name = models.CharField(max_length=100, db_index=True, editable=False)
    siren = models.CharField("SIREN de la commune", max_length=9, blank=True, db_index=True)
    postcodes = models.JSONField("codes postaux", default=list, blank=True)
    population = models.PositiveIntegerField("population municipale", default=0)
    departement = models.ForeignKey(Departement, on_delete=models.PROTECT, related_name="communes")
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="communes")
    epci = models.ForeignKey(EPCI, on_delete=models.SET_NULL, null=True, blank=True, related_name="communes")
    # SIREN of the établissement public territorial (Métropole du Grand Paris only).
    ept_siren = models.CharField("SIREN de l'EPT", max_length=9, blank=True, db_index=True)
    latitude = models.FloatField(null=True, blank=True)
    longitude = models.FloatField(null=True, blank=True)
    coordinates_source = models.CharField(
        "origine des coordonnées", max_length=20, choices=CoordinatesSource.choices, blank=True, default=""
    )
    # Programme flags, recomputed by each programme import (territories.programmes.refresh_flags).
    in_acv = models.BooleanField("Action cœur de ville", default=False, db_index=True)
    in_pvd = models.BooleanField("Petites villes de demain", default=False, db_index=True)
    in_ti = models.BooleanField("Territoire d'industrie", default=False, db_index=True)
    in_qpv = models.BooleanField("a un QPV", default=False, db_index=True)
    in_fs = models.BooleanField("a une France services", default=False, db_index=True)
    # The INSEE communal density grid at 7 levels, imported with its vintage (territories.density);
    # None until the grid is imported. Levels 5 to 7 are the rural communes in INSEE's sense.
    density_level = models.PositiveSmallIntegerField(
        "grille communale de densité (7 niveaux)", null=True, blank=True, choices=DENSITY_LEVELS.items()
    )

    class Meta:
        verbose_name = "commune"
        ordering = ["name"]
        indexes = [models.Index(fields=["-population"], name="commune_population_idx")]

    def __str__(self) -> str:
        return f"{self.name} ({self.departement_id})"

    def get_absolute_url(self) -> str:
        return reverse("territories:commune", args=[self.code])

    @property
    def main_postcode(self) -> str:
        return self.postcodes[0] if self.postcodes else ""

    @property
    def has_coordinates(self) -> bool:
        return self.latitude is not None and self.longitude is not None


class PostalCode(models.Model):
    """One row per (postcode, commune): indexed lookups for the commune search."""

    code = models.CharField(max_length=5, db_index=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, related_name="postal_codes")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["code", "commune"], name="unique_postcode_commune")]

    def __str__(self) -> str:
        return f"{self.code} {self.commune_id}"


class Programme(models.TextChoices):
    ACV = "acv", "Action cœur de ville"
    PVD = "pvd", "Petites villes de demain"
    TI = "ti", "Territoires d'industrie"
    QPV = "qpv", "Quartiers prioritaires de la politique de la ville"
    FS = "fs", "France services"


PROGRAMME_FLAG = {
    Programme.ACV: "in_acv",
    Programme.PVD: "in_pvd",
    Programme.TI: "in_ti",
    Programme.QPV: "in_qpv",
    Programme.FS: "in_fs",
}


class ProgrammeImport(models.Model):
    """One import of an official programme list: its vintage and what it changed."""

    programme = models.CharField(max_length=3, choices=Programme.choices)
    vintage = models.CharField("millésime", max_length=50)
    source_name = models.CharField("fichier", max_length=300)
    checksum = models.CharField(max_length=64)
    added = models.PositiveIntegerField(default=0)
    removed = models.PositiveIntegerField(default=0)
    unchanged = models.PositiveIntegerField(default=0)
    imported_at = models.DateTimeField(auto_now_add=True)
    imported_by = models.CharField(max_length=200, blank=True)

    class Meta:
        verbose_name = "import de liste de programme"
        ordering = ["-imported_at"]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} {self.vintage}"


class ProgrammeMembership(models.Model):
    """A commune (ACV, PVD, QPV, France services) or an EPCI (TI) in a programme.

    `local_id` is the programme's own identifier (id_acv, id_pvd, id_ti, code_qp, id_fs) and
    `local_name` its label (ACV convention, TI territory, QPV name, France services site).
    Only the current list is kept; the vintage says which list it is.
    """

    programme = models.CharField(max_length=3, choices=Programme.choices, db_index=True)
    vintage = models.CharField("millésime", max_length=50)
    local_id = models.CharField("identifiant dans le programme", max_length=30)
    local_name = models.CharField("libellé", max_length=300, blank=True)
    commune = models.ForeignKey(Commune, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships")
    epci = models.ForeignKey(EPCI, on_delete=models.CASCADE, null=True, blank=True, related_name="memberships")
    signed_on = models.DateField("date de signature", null=True, blank=True)

    class Meta:
        verbose_name = "appartenance à un programme"
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "local_id", "commune"],
                condition=models.Q(commune__isnull=False),
                name="unique_membership_commune",
            ),
            models.UniqueConstraint(
                fields=["programme", "local_id", "epci"],
                condition=models.Q(epci__isnull=False),
                name="unique_membership_epci",
            ),
            models.CheckConstraint(
                condition=models.Q(commune__isnull=False) | models.Q(epci__isnull=False),
                name="membership_has_commune_or_epci",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_programme_display()} {self.local_id}"


class LocatedQuerySet(models.QuerySet):
    """Cuts any list of located objects by territory (territories.scope.TerritoryScope):
    `Offer.objects.in_scope(plan.scope)`, or the shortcuts below."""

    def in_scope(self, scope: TerritoryScope) -> LocatedQuerySet:
        return self.filter(scope.q("commune"))

    def in_programme(self, programme: str) -> LocatedQuerySet:
        from .scope import ScopeKind, TerritoryScope

        return self.in_scope(TerritoryScope(ScopeKind.PROGRAMME, programme))

    def in_departement(self, code: str) -> LocatedQuerySet:
        from .scope import ScopeKind, TerritoryScope

        return self.in_scope(TerritoryScope(ScopeKind.DEPARTEMENT, code))


class LocatedModel(models.Model):
    """Abstract base for every object located in a commune (organisation, offer, event…)."""

    commune = models.ForeignKey(Commune, on_delete=models.PROTECT, related_name="+", verbose_name="commune")

    objects = LocatedQuerySet.as_manager()

    class Meta:
        abstract = True

    @property
    def programmes(self) -> list[str]:
        return [p.value for p, flag in PROGRAMME_FLAG.items() if getattr(self.commune, flag)]


class TerritoryAggregate(models.Model):
    """Precomputed diagnostic indicators of one territory (see diagnostics/aggregates.py).

    The diagnostic page reads these rows only: a full refresh recomputes all of them at once with
    grouped SQL aggregates, so the page never scans offers, needs or profiles.
    """

    class Level(models.TextChoices):
        COMMUNE = "commune", "Commune"
        EPCI = "epci", "EPCI"
        DEPARTEMENT = "departement", "Département"
        REGION = "region", "Région"
        PROGRAMME = "programme", "Programme"
        QPV = "qpv", "Quartier prioritaire"
        NATIONAL = "national", "France entière"

    level = models.CharField("niveau", max_length=12, choices=Level.choices)
    code = models.CharField("code", max_length=30)
    payload = models.JSONField("indicateurs", default=dict)
    computed_at = models.DateTimeField("calculé le")

    class Meta:
        verbose_name = "agrégat de diagnostic"
        verbose_name_plural = "agrégats de diagnostic"
        constraints = [models.UniqueConstraint(fields=["level", "code"], name="unique_territory_aggregate")]

    def __str__(self) -> str:
        return f"{self.level} {self.code}"


class DiagnosticReport(models.Model):
    """The PDF report of a territory's diagnostic, built by a background task (diagnostics/reports.py).

    One report per territory, cartogram indicator and refresh of the aggregates (`generation`): the
    first reader asks for it and watches its progress; everyone after downloads it at once. The
    figures are aggregates, the same for every professional, so the file is shared. Reports of
    earlier refreshes are deleted when a newer one is asked for.
    """

    class Status(models.TextChoices):
        QUEUED = "queued", "en attente"
        RUNNING = "running", "en préparation"
        DONE = "done", "prêt"
        FAILED = "failed", "échec"

    level = models.CharField("niveau", max_length=12, choices=TerritoryAggregate.Level.choices)
    code = models.CharField("code", max_length=30)
    indicator = models.CharField("indicateur de la carte", max_length=30)
    generation = models.CharField("calcul des agrégats", max_length=40, blank=True)
    status = models.CharField("état", max_length=10, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField("progression (%)", default=0)
    step = models.CharField("étape", max_length=200, blank=True)
    pdf = models.BinaryField("PDF", null=True, blank=True)
    size = models.PositiveIntegerField("taille (octets)", default=0)
    error = models.TextField("erreur", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = "rapport de diagnostic"
        verbose_name_plural = "rapports de diagnostic"
        constraints = [
            models.UniqueConstraint(
                fields=["level", "code", "indicator", "generation"], name="unique_diagnostic_report"
            )
        ]

    def __str__(self) -> str:
        return f"Rapport {self.level} {self.code} ({self.get_status_display()})"
