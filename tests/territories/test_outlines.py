"""Département outlines: the import command on the real GeoJSON (../shared, never committed), bad
files refused whole with a French message, the simplifications, the projection and the classes."""

from __future__ import annotations

import json
import math

import pytest
from django.core.management import CommandError, call_command

from emploi_territoires.territories import cartography, outlines
from emploi_territoires.territories.models import DepartementOutline, ReferenceDataset
from tests.conftest import SHARED_DATA
from tests.factories import DepartementFactory, RegionFactory, nievre

OUTLINES_FILE = SHARED_DATA / "territoires" / "departements_contours.geojson"


@pytest.fixture
def outlines_file():
    if not OUTLINES_FILE.is_file():
        pytest.skip(f"Contours des départements absents ({OUTLINES_FILE}) : le projet n'en committe pas de copie.")
    return OUTLINES_FILE


def corse_du_sud():
    return DepartementFactory(code="2A", name="Corse-du-Sud", region=RegionFactory(code="94", name="Corse"))


def small_geojson(features: list[dict]) -> bytes:
    return json.dumps({"type": "FeatureCollection", "features": features}).encode()


def square(code: str, name: str, lon: float, lat: float, size: float = 0.5) -> dict:
    ring = [[lon, lat], [lon + size, lat], [lon + size, lat + size], [lon, lat + size], [lon, lat]]
    return {
        "type": "Feature",
        "properties": {"insee_dep": code, "lib_dep": name},
        "geometry": {"type": "Polygon", "coordinates": [ring]},
    }


# --- the real file -----------------------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db
def test_import_real_file_covers_every_departement_of_the_cog(cog, outlines_file, capsys):
    call_command("import_departement_outlines", str(outlines_file), "--vintage", "ANCT 2026-07-21 (3f2b0c0)")
    assert not DepartementOutline.objects.exists(), "a dry run writes nothing"
    assert "Simulation" in capsys.readouterr().out

    call_command("import_departement_outlines", str(outlines_file), "--apply", "--vintage", "ANCT 2026-07-21 (3f2b0c0)")
    out = capsys.readouterr().out
    assert "101 départements dans le fichier ; 101 ajoutés" in out
    assert "Codes inconnus" not in out and "sans contour" not in out
    assert DepartementOutline.objects.count() == 101
    dataset = ReferenceDataset.objects.get(name=outlines.DATASET_NAME)
    assert dataset.vintage == "ANCT 2026-07-21 (3f2b0c0)"
    assert dataset.source == "departements_contours.geojson"
    assert len(dataset.checksum) == 64

    nievre_outline = DepartementOutline.objects.get(departement_id="58")
    # Nièvre: between 46.65°N and 47.59°N, 2.84°E and 4.24°E.
    assert 46.6 < nievre_outline.min_lat < 46.7 and 47.5 < nievre_outline.max_lat < 47.65
    assert 2.8 < nievre_outline.min_lon < 2.9 and 4.2 < nievre_outline.max_lon < 4.3
    national_points = sum(len(r) for p in nievre_outline.national for r in p)
    detailed_points = sum(len(r) for p in nievre_outline.detailed for r in p)
    assert 20 < national_points < detailed_points

    # Run twice: nothing changes.
    call_command("import_departement_outlines", str(outlines_file), "--apply", "--vintage", "ANCT 2026-07-21 (3f2b0c0)")
    assert "0 ajoutés, 0 modifiés, 101 inchangés, 0 supprimés" in capsys.readouterr().out

    layout = outlines.national_layout()
    assert len(layout.paths) == 101
    assert [name for _code, name, _box in layout.insets] == [
        "Guadeloupe",
        "Martinique",
        "Guyane",
        "La Réunion",
        "Mayotte",
    ]


@pytest.mark.django_db
def test_import_skips_codes_unknown_to_the_loaded_geography(outlines_file, capsys):
    nievre()
    DepartementFactory()  # Loire
    corse_du_sud()
    call_command("import_departement_outlines", str(outlines_file), "--apply")
    out = capsys.readouterr().out
    assert "3 ajoutés" in out
    assert "Codes inconnus du référentiel, ignorés : 01, 02," in out
    assert set(DepartementOutline.objects.values_list("departement_id", flat=True)) == {"2A", "42", "58"}
    # Without --vintage the vintage says so rather than inventing one.
    assert ReferenceDataset.objects.get(name=outlines.DATASET_NAME).vintage == "non précisé"


# --- bad files ---------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"\xff\xfe{", "n'est pas encodé en UTF-8"),
        (b'{"type": "FeatureCollection", "features": [', "n'est pas un JSON valide (ligne 1"),
        (b'{"type": "Feature"}', "n'est pas une FeatureCollection"),
        (b'{"type": "FeatureCollection", "features": []}', "aucun département"),
        (small_geojson([square("5", "Nièvre", 3.0, 47.0)]), "code « 5 » invalide"),
        (
            small_geojson([square("58", "Nièvre", 3.0, 47.0), square("58", "Nièvre", 3.2, 47.0)]),
            "58 apparaît deux fois",
        ),
        # Latitude first: a point in the Indian Ocean for the Nièvre.
        (small_geojson([square("58", "Nièvre", 47.0, 3.0)]), "hors de son territoire"),
        (
            small_geojson(
                [
                    {
                        "type": "Feature",
                        "properties": {"insee_dep": "58"},
                        "geometry": {"type": "Point", "coordinates": [3.1, 47.0]},
                    }
                ]
            ),
            "géométrie « Point »",
        ),
        (
            small_geojson(
                [
                    {
                        "type": "Feature",
                        "properties": {"insee_dep": "58"},
                        "geometry": {
                            "type": "Polygon",
                            "coordinates": [[["3.0", 47.0], [3.5, 47.0], [3.5, 47.5], ["3.0", 47.0]]],
                        },
                    }
                ]
            ),
            "coordonnées non numériques",
        ),
        (small_geojson([square("99", "Étranger", 3.0, 47.0)]), "Aucun code du fichier n'est un département"),
    ],
)
def test_bad_file_is_refused_whole_in_french(tmp_path, content, message):
    nievre()
    DepartementOutline.objects.create(
        departement_id="58", national=[], detailed=[], min_lon=0, min_lat=0, max_lon=0, max_lat=0
    )
    path = tmp_path / "contours.geojson"
    path.write_bytes(content)
    with pytest.raises(CommandError) as error:
        call_command("import_departement_outlines", str(path), "--apply")
    assert "contours.geojson refusé, rien n'a été écrit." in str(error.value)
    assert message in str(error.value)
    assert DepartementOutline.objects.get(departement_id="58").national == []
    assert not ReferenceDataset.objects.filter(name=outlines.DATASET_NAME).exists()


@pytest.mark.django_db
def test_a_bad_feature_after_good_ones_writes_nothing(tmp_path):
    nievre()
    DepartementFactory()
    content = small_geojson([square("42", "Loire", 4.0, 45.5), square("58", "Nièvre", 3.0, 47.0, size=1e-6)])
    path = tmp_path / "contours.geojson"
    path.write_bytes(content)
    with pytest.raises(CommandError, match="Département 58 \\(Nièvre\\) : contour trop petit"):
        call_command("import_departement_outlines", str(path), "--apply")
    assert not DepartementOutline.objects.exists()


@pytest.mark.django_db
def test_missing_file_and_too_long_vintage(tmp_path):
    with pytest.raises(CommandError, match="Fichier introuvable"):
        call_command("import_departement_outlines", str(tmp_path / "absent.geojson"))
    path = tmp_path / "contours.geojson"
    path.write_bytes(small_geojson([square("58", "Nièvre", 3.0, 47.0)]))
    with pytest.raises(CommandError, match=r"Millésime .* trop long"):
        call_command("import_departement_outlines", str(path), "--vintage", "x" * 51)


@pytest.mark.django_db
def test_a_new_file_removes_outlines_it_no_longer_has(tmp_path, capsys):
    nievre()
    DepartementFactory()
    path = tmp_path / "contours.geojson"
    path.write_bytes(small_geojson([square("42", "Loire", 4.0, 45.5), square("58", "Nièvre", 3.0, 47.0)]))
    call_command("import_departement_outlines", str(path), "--apply")
    path.write_bytes(small_geojson([square("58", "Nièvre", 3.1, 47.0)]))
    call_command("import_departement_outlines", str(path), "--apply")
    assert "0 ajoutés, 1 modifiés, 0 inchangés, 1 supprimés" in capsys.readouterr().out.splitlines()[-2]
    assert list(DepartementOutline.objects.values_list("departement_id", flat=True)) == ["58"]


# --- the pure core -----------------------------------------------------------------------------


def test_simplify_keeps_corners_and_drops_collinear_points():
    ring = [(3.0, 47.0), (3.25, 47.0), (3.5, 47.0), (3.5, 47.5), (3.0, 47.5), (3.0, 47.0)]
    assert cartography.simplify_ring(ring, 0.01) == [(3.0, 47.0), (3.5, 47.0), (3.5, 47.5), (3.0, 47.5), (3.0, 47.0)]
    # An islet smaller than the tolerance goes; the main land stays.
    islet = [[(3.0, 47.0), (3.001, 47.0), (3.001, 47.001), (3.0, 47.0)]]
    kept = [(3.0, 47.0), (3.5, 47.0), (3.5, 47.5), (3.0, 47.5), (3.0, 47.0)]
    assert cartography.simplify_outline([[ring], islet], 0.01, 3) == [[kept]]


def test_lambert93_matches_the_official_projection_within_a_kilometre():
    # Lambert-93 of Paris Notre-Dame (2.3499°E, 48.8530°N): E 652,140 m, N 6,861,950 m; of
    # Clamecy (3.51168°E, 47.46496°N) about E 739,000, N 6,707,000 m. Differences of positions
    # (the false origin apart) agree to ~1 % on the sphere.
    lambert = cartography.Lambert93()
    px, py = lambert(2.3499, 48.8530)
    cx, cy = lambert(3.51168, 47.46496)
    distance_km = math.hypot(px - cx, py - cy)
    assert distance_km == pytest.approx(cartography_distance(), rel=0.01)
    assert cy < py and cx > px  # Clamecy is south-east of Paris


def cartography_distance() -> float:
    from emploi_territoires.territories.geodesy import haversine_km

    return haversine_km(48.8530, 2.3499, 47.46496, 3.51168)


def test_count_classes_are_whole_ranges_ending_at_the_largest_count():
    classes = cartography.count_classes([0, 1, 1, 2, 3, 5, 8, 13, 21, 34, 55])
    assert [(c.low, c.high) for c in classes] == [(1, 1), (2, 3), (4, 8), (9, 21), (22, 55)]
    assert classes[-1].fill == "#000091"
    assert [c.label for c in classes[:2]] == ["1 offre", "2 à 3 offres"]
    # Few distinct values: few classes, the darkest kept for the highest.
    few = cartography.count_classes([4, 4, 4])
    assert [(c.low, c.high, c.fill) for c in few] == [(1, 4, "#000091")]
    assert cartography.count_classes([0, 0]) == []
    assert cartography.class_for(0, classes) is None
    assert cartography.class_for(1200, classes) == classes[-1]
    assert cartography.count_classes([1234, 1])[-1].label == "2 à 1\u202f234 offres"
