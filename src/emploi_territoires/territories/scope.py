"""A territory and its communes, written once: the scope value object every app uses.

    scope = TerritoryScope(ScopeKind.PROGRAMME, "pvd", departement="58")  # PVD communes of the Nièvre
    scope.communes()                 # QuerySet[Commune]
    Offer.objects.filter(scope.q("commune"))      # objects whose commune is in the territory
    scope.covers(clamecy)            # True: Clamecy (58079) is a Petite ville de demain
    scope.meets(other)               # True when at least one commune is in both territories
    scope.label()                    # « Communes du programme Petites villes de demain — Nièvre (58) »

Everything is located through communes: a territory is the set of communes it covers, a national
programme (ACV, PVD, TI, QPV, France services) is the communes carrying its flag, optionally cut to
one département. Models that carry a territory (plans, needs campaigns, mentoring programmes)
inherit `TerritoryScoped`, which declares the fields once and builds the value with `.scope`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from django.db import models
from django.db.models import Exists, Q

from .models import EPCI, PROGRAMME_FLAG, Commune, Departement, Programme, ProgrammeMembership, Region


class ScopeError(ValueError):
    """A territory that does not exist or cannot be read (the French message is shown as is)."""


class ScopeKind(models.TextChoices):
    NATIONAL = "national", "France entière"
    REGION = "region", "Région"
    DEPARTEMENT = "departement", "Département"
    EPCI = "epci", "Intercommunalité"
    COMMUNE = "commune", "Commune"
    COMMUNES = "communes", "Une liste de communes"
    PROGRAMME = "programme", "Communes d'un programme"
    QPV = "qpv", "Quartier prioritaire"


def _field(path: str, name: str) -> str:
    return f"{path}__{name}" if path else name


NOTHING = Q(pk__in=[])


@dataclass(frozen=True)
class TerritoryScope:
    """A territory: `kind`, `code` (INSEE code, EPCI SIREN, programme code or QPV code; "" for
    national), `departement` (the département a programme's communes are cut to) and `codes` (the
    INSEE codes of a list of communes). Immutable and hashable: scopes compare by value."""

    kind: str  # a ScopeKind (a plain string is converted)
    code: str = ""
    departement: str | None = None
    codes: tuple[str, ...] = ()

    def __post_init__(self) -> None:
        try:
            kind = ScopeKind(self.kind)
        except ValueError:
            raise ScopeError(f"Niveau de territoire inconnu : « {self.kind} ».") from None
        object.__setattr__(self, "kind", kind)
        object.__setattr__(self, "codes", tuple(self.codes))
        object.__setattr__(self, "departement", self.departement or None)

    # --- constructors ----------------------------------------------------------------------------

    @classmethod
    def national(cls) -> TerritoryScope:
        return cls(ScopeKind.NATIONAL)

    @classmethod
    def of_commune(cls, commune: Commune | str) -> TerritoryScope:
        return cls(ScopeKind.COMMUNE, commune if isinstance(commune, str) else commune.pk)

    @classmethod
    def of_communes(cls, communes: Iterable[Commune | str]) -> TerritoryScope:
        codes = sorted({c if isinstance(c, str) else c.pk for c in communes})
        return cls(ScopeKind.COMMUNES, codes=tuple(codes))

    @classmethod
    def from_fields(
        cls,
        kind: str,
        *,
        commune_id: str | None = None,
        epci_id: str | None = None,
        departement_id: str | None = None,
        programme: str = "",
        commune_ids: Iterable[str] = (),
    ) -> TerritoryScope:
        """The scope stored in a model's fields (see TerritoryScoped); a field left empty gives a
        scope without communes, never a wider one."""
        kind = ScopeKind(kind)
        if kind == ScopeKind.COMMUNE:
            return cls(kind, commune_id or "")
        if kind == ScopeKind.COMMUNES:
            return cls(kind, codes=tuple(sorted(commune_ids)))
        if kind == ScopeKind.EPCI:
            return cls(kind, epci_id or "")
        if kind == ScopeKind.DEPARTEMENT:
            return cls(kind, departement_id or "")
        if kind == ScopeKind.PROGRAMME:
            return cls(kind, programme or "", departement=departement_id)
        return cls(kind)

    # --- the communes ------------------------------------------------------------------------------

    @property
    def is_empty(self) -> bool:
        """A kind that needs a code without one (or a programme that does not exist): no commune."""
        if self.kind == ScopeKind.NATIONAL:
            return False
        if self.kind == ScopeKind.COMMUNES:
            return not self.codes
        if self.kind == ScopeKind.PROGRAMME:
            return self.code not in Programme.values
        return not self.code

    def q(self, path: str = "commune") -> Q:
        """Q restricting objects whose commune, reached through `path` ("commune",
        "organisation__commune"; "" for Commune itself), lies in the territory."""
        if self.is_empty:
            return NOTHING
        kind = self.kind
        if kind == ScopeKind.NATIONAL:
            return Q()
        if kind == ScopeKind.COMMUNE:
            return Q(**{f"{path}_id" if path else "pk": self.code})
        if kind == ScopeKind.COMMUNES:
            return Q(**{f"{path}_id__in" if path else "pk__in": list(self.codes)})
        if kind == ScopeKind.EPCI:
            return Q(**{_field(path, "epci_id"): self.code})
        if kind == ScopeKind.DEPARTEMENT:
            return Q(**{_field(path, "departement_id"): self.code})
        if kind == ScopeKind.REGION:
            return Q(**{_field(path, "region_id"): self.code})
        if kind == ScopeKind.PROGRAMME:
            where = Q(**{_field(path, PROGRAMME_FLAG[Programme(self.code)]): True})
            if self.departement:
                where &= Q(**{_field(path, "departement_id"): self.departement})
            return where
        # A QPV is the commune (or the few communes) holding it.
        qpv = {_field(path, "memberships__programme"): Programme.QPV, _field(path, "memberships__local_id"): self.code}
        return Q(**qpv)

    def communes(self) -> models.QuerySet[Commune]:
        """The communes of the territory."""
        return Commune.objects.filter(self.q(""))

    def covers(self, commune: Commune) -> bool:
        """Whether the commune lies in the territory (no query, except for a QPV)."""
        if self.is_empty:
            return False
        kind = self.kind
        if kind == ScopeKind.NATIONAL:
            return True
        if kind == ScopeKind.COMMUNE:
            return commune.pk == self.code
        if kind == ScopeKind.COMMUNES:
            return commune.pk in self.codes
        if kind == ScopeKind.EPCI:
            return commune.epci_id == self.code
        if kind == ScopeKind.DEPARTEMENT:
            return commune.departement_id == self.code
        if kind == ScopeKind.REGION:
            return commune.region_id == self.code
        if kind == ScopeKind.PROGRAMME:
            flagged = bool(getattr(commune, PROGRAMME_FLAG[Programme(self.code)]))
            return flagged and (self.departement is None or commune.departement_id == self.departement)
        return ProgrammeMembership.objects.filter(programme=Programme.QPV, local_id=self.code, commune=commune).exists()

    def meets(self, other: TerritoryScope) -> bool:
        """Whether at least one commune lies in both territories (one query)."""
        if self.is_empty or other.is_empty:
            return False
        # Two filter() calls: a QPV's membership join is not shared with the other scope's.
        return Commune.objects.filter(self.q("")).filter(other.q("")).exists()

    # --- its name ----------------------------------------------------------------------------------

    def label(self) -> str:
        """The territory's French name; ScopeError when the code does not exist."""
        kind = ScopeKind(self.kind)
        if kind == ScopeKind.NATIONAL:
            return "France entière"
        if kind == ScopeKind.PROGRAMME:
            try:
                label = f"Communes du programme {Programme(self.code).label}"
            except ValueError:
                raise ScopeError(f"Programme inconnu : « {self.code} ».") from None
            if self.departement:
                return f"{label} — {TerritoryScope(ScopeKind.DEPARTEMENT, self.departement).label()}"
            return label
        if kind == ScopeKind.COMMUNES:
            names = list(Commune.objects.filter(pk__in=self.codes).order_by("name").values_list("name", flat=True))
            if not names:
                raise ScopeError("Aucune commune choisie.")
            return ", ".join(names[:5]) + (f" et {len(names) - 5} autres" if len(names) > 5 else "")
        if kind == ScopeKind.QPV:
            row = ProgrammeMembership.objects.filter(programme=Programme.QPV, local_id=self.code)
            name = row.values_list("local_name", flat=True).first()
            if name is None:
                raise ScopeError(f"{kind.label} introuvable pour le code « {self.code} ».")
            return name or f"QPV {self.code}"
        models_by_kind: dict[str, type[Commune] | type[EPCI] | type[Departement] | type[Region]] = {
            ScopeKind.COMMUNE: Commune,
            ScopeKind.EPCI: EPCI,
            ScopeKind.DEPARTEMENT: Departement,
        }
        name = models_by_kind.get(kind, Region).objects.filter(pk=self.code).values_list("name", flat=True).first()
        if name is None:
            raise ScopeError(f"{kind.label} introuvable pour le code « {self.code} ».")
        if kind in (ScopeKind.COMMUNE, ScopeKind.DEPARTEMENT):
            return f"{name} ({self.code})"
        return name


def union_q(scopes: Iterable[TerritoryScope], path: str = "commune") -> Q:
    """Q restricting objects whose commune lies in at least one of the territories. Set-based: one
    condition per kind of territory (codes grouped), not one per scope."""
    codes: dict[str, set[str]] = defaultdict(set)
    programmes: dict[str, set[str | None]] = defaultdict(set)
    others: list[TerritoryScope] = []
    for scope in scopes:
        if scope.is_empty:
            continue
        if scope.kind == ScopeKind.NATIONAL:
            return Q()
        if scope.kind == ScopeKind.COMMUNES:
            codes[ScopeKind.COMMUNE].update(scope.codes)
        elif scope.kind == ScopeKind.PROGRAMME:
            programmes[scope.code].add(scope.departement)
        elif scope.kind == ScopeKind.QPV:
            others.append(scope)
        else:
            codes[scope.kind].add(scope.code)
    where = Q(**{f"{path}_id__in" if path else "pk__in": sorted(codes.pop(ScopeKind.COMMUNE, set()))})
    columns = {ScopeKind.EPCI: "epci_id", ScopeKind.DEPARTEMENT: "departement_id", ScopeKind.REGION: "region_id"}
    for kind, column in columns.items():
        if codes.get(kind):
            where |= Q(**{_field(path, f"{column}__in"): sorted(codes[kind])})
    for programme, departements in sorted(programmes.items()):
        flag = Q(**{_field(path, PROGRAMME_FLAG[Programme(programme)]): True})
        if None in departements:
            where |= flag
        else:
            where |= flag & Q(**{_field(path, "departement_id__in"): sorted(departements)})  # type: ignore[type-var]
    for scope in others:
        where |= scope.q(path)
    return where


# --- The scope fields of a model, declared once ---------------------------------------------------


def scope_kind_field(*kinds: ScopeKind, default: ScopeKind | None = None) -> models.CharField:
    """The `scope_kind` column of a TerritoryScoped model, limited to the kinds the model offers."""
    choices = [(kind.value, kind.label) for kind in kinds]
    if default is None:
        return models.CharField("périmètre", max_length=12, choices=choices)
    return models.CharField("périmètre", max_length=12, choices=choices, default=default)


class TerritoryScopedQuerySet(models.QuerySet):
    def meeting(self, scope: TerritoryScope) -> TerritoryScopedQuerySet:
        """The rows whose territory has at least one commune in `scope` (TerritoryScope.meets,
        set-based): a national row meets every territory; a row on a national programme meets it
        only if one of its communes carries the programme (in the row's département, if cut)."""
        communes = scope.communes()
        meets = (
            Q(scope_kind=ScopeKind.NATIONAL)
            | Q(scope_kind=ScopeKind.DEPARTEMENT, departement_id__in=communes.values("departement_id"))
            | Q(scope_kind=ScopeKind.EPCI, epci_id__in=communes.values("epci_id"))
        )
        field_names = {f.name for f in self.model._meta.get_fields()}
        if "commune" in field_names:
            meets |= Q(scope_kind=ScopeKind.COMMUNE, commune_id__in=communes.values("pk"))
        if "communes" in field_names:
            meets |= Q(scope_kind=ScopeKind.COMMUNES, communes__in=communes.values("pk"))
        for programme, flag in PROGRAMME_FLAG.items():
            carrying = communes.filter(**{flag: True})
            meets |= Q(scope_kind=ScopeKind.PROGRAMME, programme=programme) & (
                Q(Exists(carrying), departement__isnull=True) | Q(departement_id__in=carrying.values("departement_id"))
            )
        return self.filter(meets).distinct() if "communes" in field_names else self.filter(meets)


class TerritoryScoped(models.Model):
    """Abstract base of a model that carries a territory: the scope fields once, `.scope` the value.

    Subclasses set `scope_kind = scope_kind_field(...)` to the kinds they offer; a model whose
    territory can be a list of communes drops `commune` (`commune = None`) for a `communes`
    many-to-many field and overrides `scope_commune_ids`.
    """

    scope_kind = scope_kind_field(*ScopeKind)
    commune = models.ForeignKey(
        Commune, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="commune"
    )
    epci = models.ForeignKey(
        EPCI, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="intercommunalité"
    )
    # The département of a "departement" scope, or the département a programme's communes are cut to.
    departement = models.ForeignKey(
        Departement, on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name="département"
    )
    programme = models.CharField("programme", max_length=3, choices=Programme.choices, blank=True)

    objects = TerritoryScopedQuerySet.as_manager()

    class Meta:
        abstract = True

    def scope_commune_ids(self) -> list[str]:
        return []

    @property
    def scope(self) -> TerritoryScope:
        return TerritoryScope.from_fields(
            self.scope_kind,
            commune_id=self.commune_id if self.scope_kind == ScopeKind.COMMUNE else None,
            epci_id=self.epci_id,
            departement_id=self.departement_id,
            programme=self.programme,
            commune_ids=self.scope_commune_ids() if self.scope_kind == ScopeKind.COMMUNES else (),
        )
