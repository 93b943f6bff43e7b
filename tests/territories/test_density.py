"""The INSEE density grid: the import command on the real file (../shared, never committed), real
rows on a small geography, bad files refused whole with a French message, the rural share of a
territory's population."""

from __future__ import annotations

import pytest
from django.core.management import CommandError, call_command

from emploi_territoires.territories import density
from emploi_territoires.territories.models import Commune, ReferenceDataset
from tests.conftest import SHARED_DATA
from tests.factories import clamecy, nevers, saint_etienne

DENSITY_FILE = SHARED_DATA / "territoires" / "densite_communes.csv"
VINTAGE = "Insee 2025, COG 2025 (ANCT 3f2b0c0)"


@pytest.fixture
def density_file():
    if not DENSITY_FILE.is_file():
        pytest.skip(f"Grille de densité absente ({DENSITY_FILE}) : le projet n'en committe pas de copie.")
    return DENSITY_FILE


def real_rows(*codes: str) -> bytes:
    """The header and the rows of these communes, read from the real file."""
    lines = DENSITY_FILE.read_text(encoding="utf-8").splitlines()
    kept = [lines[0]] + [line for line in lines[1:] if line.split(",", 1)[0] in codes]
    assert len(kept) == len(codes) + 1
    return ("\n".join(kept) + "\n").encode()


@pytest.mark.django_db
def test_real_rows_give_each_commune_its_level(density_file, tmp_path, capsys):
    communes = [saint_etienne(), clamecy(), nevers()]
    path = tmp_path / "densite.csv"
    path.write_bytes(real_rows("42218", "58079", "58194"))

    call_command("import_density_grid", str(path), "--vintage", VINTAGE)
    out = capsys.readouterr().out
    assert "Simulation" in out and "3 niveaux ajoutés" in out
    assert not Commune.objects.filter(density_level__isnull=False).exists(), "a dry run writes nothing"
    assert not ReferenceDataset.objects.filter(name=density.DATASET_NAME).exists()

    call_command("import_density_grid", str(path), "--apply", "--vintage", VINTAGE)
    out = capsys.readouterr().out
    assert "Import : 3 communes dans le fichier ; 3 niveaux ajoutés, 0 modifiés, 0 inchangés" in out
    assert "1 Grands centres urbains 1 ; 2 Centres urbains intermédiaires 1 ; 5 Bourgs ruraux 1" in out
    levels = dict(Commune.objects.filter(code__in=[c.code for c in communes]).values_list("code", "density_level"))
    # Saint-Étienne a large urban centre, Nevers an intermediate one, Clamecy a rural bourg.
    assert levels == {"42218": 1, "58194": 2, "58079": 5}
    dataset = ReferenceDataset.objects.get(name=density.DATASET_NAME)
    assert (dataset.vintage, dataset.source, len(dataset.checksum)) == (VINTAGE, "densite.csv", 64)

    # Run twice: nothing changes.
    call_command("import_density_grid", str(path), "--apply", "--vintage", VINTAGE)
    assert "0 niveaux ajoutés, 0 modifiés, 3 inchangés, 0 retirés" in capsys.readouterr().out


@pytest.mark.django_db
def test_a_changed_level_is_printed_and_a_commune_left_out_loses_its_level(density_file, tmp_path, capsys):
    saint_etienne(), clamecy(), nevers()
    Commune.objects.filter(code="58079").update(density_level=4)  # as if an older edition said « petite ville »
    path = tmp_path / "densite.csv"
    path.write_bytes(real_rows("58079", "58194"))
    Commune.objects.filter(code="42218").update(density_level=1)

    call_command("import_density_grid", str(path), "--apply")
    out = capsys.readouterr().out
    assert "1 niveaux ajoutés, 1 modifiés, 0 inchangés, 1 retirés" in out
    assert "58079 : 4 Petites villes → 5 Bourgs ruraux" in out
    assert "42218 : 1 Grands centres urbains → — " in out
    assert Commune.objects.get(code="42218").density_level is None
    assert ReferenceDataset.objects.get(name=density.DATASET_NAME).vintage == "non précisé"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"code,niveau\n58079,5\n", "Colonnes manquantes : insee_com, dens7"),
        (b"insee_com,dens7\n5807,5\n", "Ligne 2 : code INSEE « 5807 » invalide"),
        (b"insee_com,dens7\n58079,8\n", "Ligne 2 : niveau de densité « 8 » invalide pour 58079 (1 à 7 attendu)"),
        (b"insee_com,dens7\n58079,\n", "Ligne 2 : niveau de densité absent pour 58079"),
        (b"insee_com,dens7\n58079,5\n58079,5\n", "Ligne 3 : le code 58079 apparaît deux fois"),
        (
            b"insee_com,dens7,lib_dens7\n58079,1,Bourgs ruraux\n",
            "le libellé « Bourgs ruraux » ne correspond pas au niveau 1 (« Grands centres urbains »)",
        ),
        ("insee_com,dens7\n58079,5\n".encode("utf-16"), "n'est pas encodé en UTF-8"),
        (b"insee_com,dens7\n", "aucune ligne de données"),
    ],
)
def test_bad_files_are_refused_whole(tmp_path, content, message):
    clamecy(), nevers()
    Commune.objects.filter(code="58194").update(density_level=2)
    path = tmp_path / "grille.csv"
    # A good row first: nothing of it may be written when a later line is bad.
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_density_grid", str(path), "--apply")
    assert "grille.csv refusé, rien n'a été écrit." in str(error.value)
    assert message in str(error.value)
    assert dict(Commune.objects.values_list("code", "density_level")) == {"58079": None, "58194": 2}
    assert not ReferenceDataset.objects.filter(name=density.DATASET_NAME).exists()


@pytest.mark.django_db
def test_missing_file_and_overlong_vintage_are_refused(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_density_grid", str(tmp_path / "absent.csv"))
    path = tmp_path / "grille.csv"
    path.write_bytes(b"insee_com,dens7\n58079,5\n")
    with pytest.raises(CommandError, match="Millésime \\(51 caractères\\)"):
        call_command("import_density_grid", str(path), "--vintage", "x" * 51)


@pytest.mark.django_db
def test_without_the_cog_the_import_says_what_to_load_first(tmp_path):
    path = tmp_path / "grille.csv"
    path.write_bytes(b"insee_com,dens7\n58079,5\n")
    with pytest.raises(CommandError, match="chargez d'abord le COG"):
        call_command("import_density_grid", str(path), "--apply")


@pytest.mark.django_db
def test_population_by_density_sums_the_communes():
    for commune, level in ((clamecy(), 5), (nevers(), 2)):
        Commune.objects.filter(code=commune.code).update(density_level=level)
    nievre_communes = Commune.objects.filter(departement_id="58")
    split = density.population_by_density(nievre_communes)
    assert (split.rural, split.other, split.unknown) == (3_544, 33_085, 0)
    assert split.rural_share == pytest.approx(3_544 / 36_629)
    Commune.objects.filter(code="58079").update(density_level=None)
    assert density.population_by_density(nievre_communes).rural_share is None, "unknown levels: no share"


@pytest.mark.slow
@pytest.mark.django_db
def test_import_real_file_covers_every_commune_of_the_cog(cog, density_file, capsys):
    call_command("import_density_grid", str(density_file), "--apply", "--vintage", VINTAGE)
    out = capsys.readouterr().out
    assert "34875 communes dans le fichier ; 34875 niveaux ajoutés" in out
    assert "0 codes inconnus du référentiel" in out
    # The README's counts per level.
    assert (
        "1 Grands centres urbains 699 ; 2 Centres urbains intermédiaires 637 ; 3 Ceintures urbaines 1996 ; "
        "4 Petites villes 947 ; 5 Bourgs ruraux 5072 ; 6 Rural à habitat dispersé 18288 ; "
        "7 Rural à habitat très dispersé 7236." in out
    )
    assert not Commune.objects.filter(density_level__isnull=True).exists()
    levels = dict(
        Commune.objects.filter(code__in=["93066", "87085", "81004", "08105", "58079"]).values_list(
            "code", "density_level"
        )
    )
    # The urban demo communes: Saint-Denis, Limoges, Albi, Charleville-Mézières; and Clamecy.
    assert levels == {"93066": 1, "87085": 1, "81004": 2, "08105": 2, "58079": 5}


@pytest.mark.django_db
def test_the_commune_page_shows_its_level_and_links_to_the_vta_check(client):
    commune = clamecy()
    Commune.objects.filter(code=commune.code).update(density_level=5)
    html = client.get(commune.get_absolute_url()).content.decode()
    assert "Grille communale de densité (Insee) : Bourgs ruraux (niveau 5 sur 7, commune rurale)" in html
    assert "/vta/eligibilite/?commune=58079&amp;legal_nature=commune" in html
