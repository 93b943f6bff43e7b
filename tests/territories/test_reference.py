"""The COG loader (committed copy) and the commune centroid import.

The loader tests use the session `cog` fixture (the full copy, loaded once); the centroid tests
read the real file ../shared/data/territoires/communes_centroides.csv and skip without it.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from emploi_territoires.territories.coordinates import (
    CentroidFileError,
    import_centroids,
    parse_centroids,
    refresh_approximations,
)
from emploi_territoires.territories.models import (
    EPCI,
    Commune,
    CoordinatesSource,
    Departement,
    PostalCode,
    ReferenceDataset,
    Region,
)
from emploi_territoires.territories.reference import COPY_DIR, load_copy

# --- COG loader -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db
def test_committed_copy_is_loaded(cog):
    assert Region.objects.count() == 18
    assert Departement.objects.count() == 101
    assert EPCI.objects.count() == 1255
    assert Commune.objects.count() == 34875
    dataset = ReferenceDataset.objects.get(name="cog")
    assert "2026" in dataset.vintage
    assert len(dataset.checksum) == 64


@pytest.mark.slow
@pytest.mark.django_db
def test_second_load_changes_nothing(cog):
    assert load_copy().skipped
    report = load_copy(force=True)
    assert not report.skipped
    for kind in ("régions", "départements", "EPCI", "communes"):
        assert (report.created[kind], report.updated[kind], report.removed[kind]) == (0, 0, 0)
    assert report.unchanged["communes"] == 34875


@pytest.mark.slow
@pytest.mark.django_db
def test_changed_row_in_a_new_copy_is_one_modification(cog, tmp_path):
    copy = tmp_path / "cog"
    shutil.copytree(COPY_DIR, copy)
    communes = (copy / "communes.csv").read_text(encoding="utf-8")
    assert communes.count("58079,Clamecy,") == 1
    (copy / "communes.csv").write_text(communes.replace("58079,Clamecy,", "58079,Clamecy-sur-Yonne,"), encoding="utf-8")
    report = load_copy(copy)
    assert (report.created["communes"], report.updated["communes"], report.removed["communes"]) == (0, 1, 0)
    assert report.updated["EPCI"] == report.updated["régions"] == 0
    clamecy = Commune.objects.get(code="58079")
    assert (clamecy.name, clamecy.search_name) == ("Clamecy-sur-Yonne", "clamecy sur yonne")


@pytest.mark.slow
@pytest.mark.django_db
def test_postcodes_and_epci(cog):
    assert list(PostalCode.objects.filter(code="42000").values_list("commune__name", flat=True)) == ["Saint-Étienne"]
    saint_etienne = Commune.objects.select_related("epci", "departement", "region").get(code="42218")
    assert "42000" in saint_etienne.postcodes
    assert saint_etienne.epci_id == "244200770"
    assert (saint_etienne.departement_id, saint_etienne.region_id) == ("42", "84")
    assert saint_etienne in saint_etienne.epci.communes.all()
    # Paris, Lyon and Marseille are whole communes; the arrondissements are not in the copy.
    assert Commune.objects.filter(code__in=["75056", "69123", "13055"]).count() == 3
    assert not Commune.objects.filter(code__in=["75118", "69388", "13203"]).exists()


# --- Centroids --------------------------------------------------------------------------------


def without(path: Path, codes: set[str]) -> bytes:
    """The centroid file minus the rows of `codes`."""
    lines = path.read_text(encoding="utf-8").splitlines(keepends=True)
    return "".join([lines[0], *(line for line in lines[1:] if line.split(",", 1)[0] not in codes)]).encode()


def coordinates_by_source() -> dict[str, int]:
    counts: dict[str, int] = {}
    for source in Commune.objects.values_list("coordinates_source", flat=True):
        counts[source] = counts.get(source, 0) + 1
    return counts


@pytest.mark.slow
@pytest.mark.django_db
def test_centroid_import_and_approximations(cog, centroids_file):
    # One test for the whole story: each full apply rewrites 35k rows (the slow part).
    # The committed copy already places 34,845 communes (registry points).
    before = coordinates_by_source()
    assert before == {CoordinatesSource.REGISTRY: 34845, CoordinatesSource.NONE: 30}
    data = centroids_file.read_bytes()

    dry = import_centroids(data)
    assert (len(dry.rows), dry.added, dry.changed, dry.unknown_codes) == (34875, 30, 34845, [])
    assert coordinates_by_source() == before

    # Communes the file lacks and no other source places (their registry points dropped here):
    # Saint-Étienne gets the mean of its EPCI; L'Île-d'Yeu, with no EPCI, that of its département.
    mayotte = set(Commune.objects.filter(departement_id="976").values_list("code", flat=True))
    assert len(mayotte) == 17
    missing = {"42218", "85113", *mayotte}
    Commune.objects.filter(code__in=missing).update(latitude=None, longitude=None, coordinates_source="")
    partial = import_centroids(without(centroids_file, missing), apply=True)
    assert partial.added + partial.changed == 34875 - len(missing)
    assert (partial.approximated, partial.still_missing) == (2, 17)

    saint_etienne = Commune.objects.get(code="42218")
    assert saint_etienne.coordinates_source == CoordinatesSource.APPROXIMATION
    neighbours = Commune.objects.filter(epci_id="244200770").exclude(code="42218")
    assert set(neighbours.values_list("coordinates_source", flat=True)) == {CoordinatesSource.CENTROID_FILE}
    points = list(neighbours.values_list("latitude", "longitude"))
    assert len(points) == 52
    assert saint_etienne.latitude == round(sum(p[0] for p in points) / len(points), 5)
    assert saint_etienne.longitude == round(sum(p[1] for p in points) / len(points), 5)

    yeu = Commune.objects.get(code="85113")
    assert yeu.epci_id is None
    assert yeu.coordinates_source == CoordinatesSource.APPROXIMATION
    vendee = Commune.objects.filter(departement_id="85").exclude(code="85113").values_list("latitude", flat=True)
    assert yeu.latitude == round(sum(vendee) / len(vendee), 5)

    # Nothing known around Mayotte: no coordinates rather than a made-up point (never 0,0).
    assert set(Commune.objects.filter(code__in=mayotte).values_list("latitude", "longitude", "coordinates_source")) == {
        (None, None, CoordinatesSource.NONE)
    }
    assert not Commune.objects.filter(latitude=0, longitude=0).exists()

    # The full file measures every commune; the approximations give way.
    full = import_centroids(data, apply=True)
    assert (full.added, full.changed, full.approximated, full.still_missing) == (len(missing), 0, 0, 0)
    assert coordinates_by_source() == {CoordinatesSource.CENTROID_FILE: 34875}
    saint_etienne.refresh_from_db()
    assert 45.3 < saint_etienne.latitude < 45.5 and 4.3 < saint_etienne.longitude < 4.5
    again = import_centroids(data, apply=True)
    assert (again.added, again.changed, again.unchanged) == (0, 0, 34875)
    assert refresh_approximations() == (0, 0)


HEADER = "insee_com,lib_com,lat,lon\n"
GOOD = HEADER + "58079,Clamecy,47.45,3.52\n42218,Saint-Étienne,45.43,4.39\n"


@pytest.mark.parametrize(
    ("text", "fragments"),
    [
        (GOOD + "01053,Bourg-en-Bresse,quarante-six,5.22\n", ["Ligne 4", "non numérique", "01053"]),
        (GOOD + "01053,Bourg-en-Bresse,0,0\n", ["Ligne 4", "hors de France"]),
        (GOOD + "01053,Bourg-en-Bresse,46.2,\n", ["Ligne 4", "non numérique"]),
        (GOOD + "58079,Clamecy,47.45,3.52\n", ["Ligne 4", "58079", "deux fois"]),
        (GOOD + "1053,Bourg-en-Bresse,46.2,5.22\n", ["Ligne 4", "1053", "invalide"]),
        ("insee_com,lib_com,latitude,lon\n58079,Clamecy,47.45,3.52\n", ["Colonnes manquantes", "lat"]),
        (HEADER, ["aucune ligne"]),
    ],
    ids=["non_numeric_lat", "null_island", "empty_lon", "duplicate", "short_code", "missing_column", "empty"],
)
def test_malformed_centroid_file_is_rejected(text, fragments):
    with pytest.raises(CentroidFileError) as excinfo:
        parse_centroids(text.encode())
    for fragment in fragments:
        assert fragment in str(excinfo.value)


def test_centroid_file_not_utf8_is_rejected():
    with pytest.raises(CentroidFileError, match="UTF-8"):
        parse_centroids((GOOD + "01053,Bourg-en-Bresse,46.2,5.22\n").encode("utf-16"))


@pytest.mark.slow
@pytest.mark.django_db
def test_malformed_centroid_file_writes_nothing(cog):
    with pytest.raises(CentroidFileError):
        import_centroids((GOOD + "01053,Bourg-en-Bresse,0,0\n").encode(), apply=True)
    assert coordinates_by_source() == {CoordinatesSource.REGISTRY: 34845, CoordinatesSource.NONE: 30}
