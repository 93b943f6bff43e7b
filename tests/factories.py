"""Shared factories, built on real French geography.

Territories are real, copied from the project's COG 2026 copy (territories/data/cog) and the
2024 programme lists (../shared/data/programmes): Saint-Étienne 42218 in the Loire (42), region
Auvergne-Rhône-Alpes (84), in Saint-Étienne Métropole (SIREN 244200770, a Territoire
d'industrie); Clamecy 58079, a Petite ville de demain in the Nièvre (58), region
Bourgogne-Franche-Comté (27); Nevers 58194, an Action cœur de ville. Rows are created with
get_or_create on their code, so factories can be called repeatedly without loading the COG.

Organisations other than Saint-Étienne Métropole are fictitious: their SIREN/SIRET are built
from a sequence and completed with a valid Luhn key (`with_luhn_key`), never borrowed from a
real company.
"""

from __future__ import annotations

import factory
from factory.django import DjangoModelFactory

from emploi_territoires.accounts.models import AdvisorScope, Membership, Organisation, User
from emploi_territoires.territories.models import EPCI, Commune, Departement, Region
from emploi_territoires.territories.search import normalize

TEST_PASSWORD = "Clamecy-Nievre-2026"


def with_luhn_key(digits: str) -> str:
    """Append the Luhn check digit to `digits` (an 8-digit SIREN stem or a 13-digit SIRET stem)."""
    for key in "0123456789":
        candidate = digits + key
        total = 0
        for position, char in enumerate(reversed(candidate)):
            value = int(char) * (2 if position % 2 else 1)
            total += value - 9 if value > 9 else value
        if total % 10 == 0:
            return candidate
    raise AssertionError("unreachable: one key always fits")


# --- Territories -------------------------------------------------------------------------------


class RegionFactory(DjangoModelFactory):
    class Meta:
        model = Region
        django_get_or_create = ("code",)

    code = "84"
    name = "Auvergne-Rhône-Alpes"


class DepartementFactory(DjangoModelFactory):
    class Meta:
        model = Departement
        django_get_or_create = ("code",)

    code = "42"
    name = "Loire"
    region = factory.SubFactory(RegionFactory)


class EPCIFactory(DjangoModelFactory):
    class Meta:
        model = EPCI
        django_get_or_create = ("siren",)

    siren = "244200770"
    name = "Saint-Étienne Métropole"
    nature = "METRO"
    population = 407_700


class CommuneFactory(DjangoModelFactory):
    """Saint-Étienne by default, programme flags included.

    For another commune, use a preset below or pass every field that differs (flags too):
    the defaults describe Saint-Étienne only.
    """

    class Meta:
        model = Commune
        django_get_or_create = ("code",)

    code = "42218"
    name = "Saint-Étienne"
    search_name = factory.LazyAttribute(lambda o: normalize(o.name))
    postcodes = factory.LazyFunction(lambda: ["42000", "42100", "42230"])
    population = 173_136
    departement = factory.SubFactory(DepartementFactory)
    region = factory.LazyAttribute(lambda o: o.departement.region)
    epci = factory.SubFactory(EPCIFactory)
    latitude = 45.43864
    longitude = 4.37012
    in_ti = True
    in_qpv = True
    in_fs = True


def bourgogne_franche_comte() -> Region:
    return RegionFactory(code="27", name="Bourgogne-Franche-Comté")


def nievre() -> Departement:
    return DepartementFactory(code="58", name="Nièvre", region=bourgogne_franche_comte())


def saint_etienne() -> Commune:
    return CommuneFactory()


def clamecy() -> Commune:
    """Clamecy (58079): a Petite ville de demain in the Nièvre, with a France services."""
    return CommuneFactory(
        code="58079",
        name="Clamecy",
        postcodes=["58500"],
        population=3_544,
        departement=nievre(),
        epci=EPCIFactory(siren="200067429", name="CC Haut Nivernais - Val d'Yonne", nature="CC", population=11_845),
        latitude=47.46496,
        longitude=3.51168,
        in_pvd=True,
        in_ti=False,
        in_qpv=False,
        in_fs=True,
    )


def nevers() -> Commune:
    """Nevers (58194), préfecture of the Nièvre: Action cœur de ville, QPV, Territoire d'industrie."""
    return CommuneFactory(
        code="58194",
        name="Nevers",
        postcodes=["58000"],
        population=33_085,
        departement=nievre(),
        epci=EPCIFactory(siren="245804406", name="CA de Nevers", nature="CA", population=67_408),
        latitude=46.98818,
        longitude=3.16012,
        in_acv=True,
        in_pvd=False,
        in_ti=True,
        in_qpv=True,
        in_fs=True,
    )


# --- Accounts ---------------------------------------------------------------------------------


class UserFactory(DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    first_name = factory.Iterator(["Camille", "Léa", "Mathieu", "Nadia", "Julien", "Aïcha"])
    last_name = factory.Iterator(["Martin", "Bernard", "Roux", "Benali", "Faure", "Girard"])
    email = factory.Sequence(lambda n: f"utilisateur{n}@exemple.fr")
    kind = User.Kind.PROFESSIONAL
    password = factory.PostGenerationMethodCall("set_password", TEST_PASSWORD)

    @factory.post_generation
    def _save_password(obj, create, extracted, **kwargs):
        if create:
            obj.save(update_fields=["password"])


class OrganisationFactory(DjangoModelFactory):
    """A fictitious entreprise in Saint-Étienne, with a SIRET that passes the Luhn check."""

    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Ateliers du Forez {n}")
    kind = Organisation.Kind.ENTREPRISE
    commune = factory.SubFactory(CommuneFactory)
    siren = factory.Sequence(lambda n: with_luhn_key(f"{81000000 + n:08d}"))
    siret = factory.LazyAttribute(lambda o: with_luhn_key(o.siren + "0001") if o.siren else "")

    class Params:
        collectivite = factory.Trait(
            kind=Organisation.Kind.COLLECTIVITE,
            name="Saint-Étienne Métropole",
            siren="244200770",
            siret="",
        )
        apec = factory.Trait(kind=Organisation.Kind.APEC, name="Apec Auvergne-Rhône-Alpes", siren="", siret="")
        anct = factory.Trait(kind=Organisation.Kind.ANCT, name="Préfecture de la Nièvre", siren="", siret="")


class MembershipFactory(DjangoModelFactory):
    class Meta:
        model = Membership

    user = factory.SubFactory(UserFactory)
    organisation = factory.SubFactory(OrganisationFactory)
    role = Membership.Role.MEMBER


class AdvisorScopeFactory(DjangoModelFactory):
    class Meta:
        model = AdvisorScope
        skip_postgeneration_save = True

    user = factory.SubFactory(UserFactory)
    programmes = factory.LazyFunction(list)

    @factory.post_generation
    def departements(obj, create, extracted, **kwargs):
        if create and extracted:
            obj.departements.set(extracted)
