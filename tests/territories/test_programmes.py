"""Programme list imports: parsers, validation, diff, flags, commands and the admin upload.

The tests on the real lists read them from ../shared/data/programmes (never committed) and
skip when the folder is absent.
"""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.urls import reverse

from emploi_territoires.territories.models import (
    PROGRAMME_FLAG,
    Commune,
    Programme,
    ProgrammeImport,
    ProgrammeMembership,
)
from emploi_territoires.territories.programmes import (
    ProgrammeFileError,
    arrondissement_commune,
    detect_programme,
    import_programme_file,
    luhn_ok,
    parse_programme_file,
    recognised_files,
    refresh_flags,
    vintage_from_filename,
)

PVD_HEADER = "id_pvd,insee_com,lib_com,insee_dep,date_signature\n"
# Clamecy, Saint-Étienne, Bourg-en-Bresse: real codes, so a valid sample imports against the COG.
PVD_SAMPLE = (
    PVD_HEADER
    + "pvd-27-58-1,58079,Clamecy,58,2021-03-12\n"
    + "pvd-84-42-1,42218,Saint-Étienne,42,\n"
    + "pvd-84-01-1,01053,Bourg-en-Bresse,01,2021-04-01\n"
)
TI_HEADER = "id_ti,lib_ti,siren_epci,lib_epci\n"


def run(command: str, *args: str) -> str:
    out = io.StringIO()
    call_command(command, *args, stdout=out, stderr=io.StringIO())
    return out.getvalue()


def flagged(programme: Programme) -> set[str]:
    return set(Commune.objects.filter(**{PROGRAMME_FLAG[programme]: True}).values_list("code", flat=True))


# --- Pure helpers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "vintage"),
    [
        ("acv_communes_2024.csv", "2024"),
        ("qpv2024_communes.csv", "2024"),
        ("france_services_20240801.csv", "2024-08-01"),
        ("liste-pvd-com2023-20240807.csv", "2024-08-07"),
        ("liste.csv", ""),
    ],
)
def test_vintage_from_filename(name, vintage):
    assert vintage_from_filename(name) == vintage


def test_siren_luhn():
    assert luhn_ok("244200770")  # Saint-Étienne Métropole
    assert luhn_ok("215800467")  # Cercy-la-Tour
    assert not luhn_ok("244200771")


@pytest.mark.parametrize(
    ("code", "commune"),
    [("75118", "75056"), ("69388", "69123"), ("13203", "13055"), ("75056", "75056"), ("13055", "13055")],
)
def test_arrondissements_map_to_their_commune(code, commune):
    assert arrondissement_commune(code) == commune


@pytest.mark.parametrize(
    ("columns", "programme"),
    [
        (["id_acv", "lib_acv", "insee_com"], Programme.ACV),
        (["id_pvd", "insee_com"], Programme.PVD),
        (["id_ti", "lib_ti", "siren_epci"], Programme.TI),
        (["code_qp", "lib_qp", "insee_com"], Programme.QPV),
        (["id_fs", "lib_fs", "insee_com"], Programme.FS),
        (["insee_com", "lat", "lon"], None),
    ],
)
def test_detect_programme_from_columns(columns, programme):
    assert detect_programme(columns) == programme


def test_parse_sample_reads_dates_and_semicolons():
    parsed = parse_programme_file(PVD_SAMPLE.replace(",", ";").encode())
    assert parsed.programme == Programme.PVD
    assert [(r.local_id, r.code, str(r.signed_on)) for r in parsed.rows] == [
        ("pvd-27-58-1", "58079", "2021-03-12"),
        ("pvd-84-42-1", "42218", "None"),
        ("pvd-84-01-1", "01053", "2021-04-01"),
    ]


def test_france_services_labelling_date_and_arrondissements():
    data = (
        "id_fs,lib_fs,type_fs,insee_com,labellisation_fs\n"
        "1,FS Paris 18 A,Principal,75118,Espace labellisé 01/02/2020\n"
        "2,FS Paris 18 B,Principal,75118,\n"
        "2,FS Paris 19,Antenne,75119,\n"
    ).encode()
    parsed = parse_programme_file(data)
    assert [(r.local_id, r.code, r.raw_code) for r in parsed.rows] == [("1", "75056", "75118"), ("2", "75056", "75118")]
    assert str(parsed.rows[0].signed_on) == "2020-02-01"
    # Site 2 listed on two arrondissements is one membership of Paris.
    assert parsed.merged == 1


# --- Malformed files: rejected whole, with the line (and column) named ------------------------


MALFORMED = {
    "missing_column": (
        "id_pvd,lib_com,insee_dep\npvd-1,Clamecy,58\n",
        ["Ligne 1", "insee_com", "manquante"],
    ),
    "bad_insee": (
        PVD_SAMPLE + "pvd-x,5807,Truc,58,\n",
        ["Ligne 5", "insee_com", "5807", "invalide", "05807"],
    ),
    "bad_date": (
        PVD_SAMPLE + "pvd-x,58080,Truc,58,12/03/2021\n",
        ["Ligne 5", "date_signature", "12/03/2021"],
    ),
    "impossible_date": (
        PVD_SAMPLE + "pvd-x,58080,Truc,58,2021-02-30\n",
        ["Ligne 5", "date_signature", "2021-02-30"],
    ),
    "duplicate_row": (
        PVD_SAMPLE + "pvd-84-42-1,42218,Saint-Étienne,42,\n",
        ["Ligne 5", "doublon de la ligne 3", "42218"],
    ),
    "bad_siren_luhn": (
        TI_HEADER + "ti-8401,Loire,244200770,Saint-Étienne Métropole\nti-8401,Loire,244200771,Faux\n",
        ["Ligne 3", "siren_epci", "244200771", "clé de contrôle"],
    ),
    "short_siren": (
        TI_HEADER + "ti-8401,Loire,24420077,Saint-Étienne Métropole\n",
        ["Ligne 2", "siren_epci", "9 chiffres"],
    ),
    "missing_value": (
        PVD_SAMPLE + ",58080,Truc,58,\n",
        ["Ligne 5", "id_pvd", "valeur manquante"],
    ),
    "too_many_fields": (
        PVD_SAMPLE + "pvd-x,58080,Truc, le retour,58,\n",
        ["Ligne 5", "plus de valeurs que de colonnes"],
    ),
    "empty_file": ("", ["Ligne 1", "vide"]),
    "header_only": (PVD_HEADER, ["Ligne 2", "aucune ligne"]),
    "unknown_format": ("insee_com,lat,lon\n58079,47.4,3.5\n", ["Ligne 1", "non reconnu"]),
}


def malformed(case: str) -> tuple[bytes, list[str]]:
    if case == "not_utf8":
        # A spreadsheet saved as Latin-1: "É" is one byte that UTF-8 cannot read.
        return PVD_SAMPLE.encode() + "pvd-x,01153,Éloise,01,\n".encode("latin-1"), ["Ligne 5", "UTF-8"]
    text, expected = MALFORMED[case]
    return text.encode(), expected


@pytest.mark.parametrize("case", sorted([*MALFORMED, "not_utf8"]))
def test_malformed_file_is_rejected_naming_the_line(case):
    data, expected = malformed(case)
    assert expected[0].startswith("Ligne ")  # every case names its line first, then what is wrong
    with pytest.raises(ProgrammeFileError) as excinfo:
        parse_programme_file(data)
    for fragment in expected:
        assert fragment in str(excinfo.value)


def test_programme_given_but_columns_of_another_list():
    with pytest.raises(ProgrammeFileError, match=r"colonne.*manquante.*Action cœur de ville.*id_acv"):
        parse_programme_file(PVD_SAMPLE.encode(), programme="acv")


# --- Against the full COG (slow) ------------------------------------------------------------


@pytest.mark.slow
@pytest.mark.django_db
@pytest.mark.parametrize("case", sorted([*MALFORMED, "not_utf8"]))
def test_malformed_file_writes_nothing(cog, tmp_path, case):
    sample = tmp_path / "pvd_communes_2024.csv"
    sample.write_text(PVD_SAMPLE, encoding="utf-8")
    run("import_programme", str(sample), "--apply")
    before = (ProgrammeMembership.objects.count(), ProgrammeImport.objects.count(), flagged(Programme.PVD))
    assert before[0] == 3
    bad = tmp_path / "pvd_communes_2025.csv"
    data, expected = malformed(case)
    bad.write_bytes(data)
    with pytest.raises(CommandError) as excinfo:
        run("import_programme", str(bad), "--apply")
    assert "rien n'a été écrit" in str(excinfo.value)
    assert expected[0] in str(excinfo.value)
    after = (ProgrammeMembership.objects.count(), ProgrammeImport.objects.count(), flagged(Programme.PVD))
    assert after == before


@pytest.mark.slow
@pytest.mark.django_db
def test_dry_run_writes_nothing_and_apply_writes(cog, tmp_path):
    sample = tmp_path / "pvd_communes_2024.csv"
    sample.write_text(PVD_SAMPLE, encoding="utf-8")
    out = run("import_programme", str(sample))
    assert "3 ajoutée(s)" in out and "Simulation" in out
    assert ProgrammeMembership.objects.count() == 0
    assert not flagged(Programme.PVD)
    out = run("import_programme", str(sample), "--apply")
    assert flagged(Programme.PVD) == {"58079", "42218", "01053"}
    record = ProgrammeImport.objects.get()
    assert (record.programme, record.vintage, record.added, record.removed) == ("pvd", "2024", 3, 0)
    assert len(record.checksum) == 64
    assert set(ProgrammeMembership.objects.values_list("vintage", flat=True)) == {"2024"}


@pytest.mark.slow
@pytest.mark.django_db
def test_unknown_commune_is_reported_not_an_error(cog, tmp_path):
    sample = tmp_path / "liste.csv"
    sample.write_text(PVD_SAMPLE + "pvd-52-49-1,49069,Orée d'Anjou,49,\n", encoding="utf-8")
    with pytest.raises(CommandError, match="Millésime introuvable"):
        run("import_programme", str(sample), "--apply")
    out = run("import_programme", str(sample), "--vintage", "2025", "--apply")
    assert "1 non rattachée(s)" in out
    assert "49069" in out and "ligne 5" in out
    assert ProgrammeMembership.objects.filter(programme="pvd", vintage="2025").count() == 3


@pytest.mark.slow
@pytest.mark.django_db
def test_refresh_flags_is_two_queries(cog, tmp_path, django_assert_num_queries):
    sample = tmp_path / "pvd_communes_2024.csv"
    sample.write_text(PVD_SAMPLE, encoding="utf-8")
    run("import_programme", str(sample), "--apply")
    Commune.objects.filter(code="58079").update(in_pvd=False)
    Commune.objects.filter(code="75056").update(in_pvd=True)
    with django_assert_num_queries(2):
        assert refresh_flags("pvd") == (1, 1)
    assert flagged(Programme.PVD) == {"58079", "42218", "01053"}


# --- The real lists ---------------------------------------------------------------------------


def import_real(programmes_dir: Path, name: str, *extra: str) -> str:
    return run("import_programme", str(programmes_dir / name), "--apply", *extra)


@pytest.mark.slow
@pytest.mark.django_db
def test_real_acv(cog, programmes_dir):
    out = import_real(programmes_dir, "acv_communes_2024.csv")
    assert "245 ajoutée(s)" in out and "0 non rattachée(s)" in out
    acv = ProgrammeMembership.objects.filter(programme="acv")
    assert acv.count() == 245
    assert acv.values("local_id").distinct().count() == 232
    assert acv.filter(signed_on__isnull=True).values("local_id").distinct().count() == 5
    assert len(flagged(Programme.ACV)) == 245
    assert acv.get(commune="2A004").local_id == "acv-004"


@pytest.mark.slow
@pytest.mark.django_db
def test_real_pvd(cog, programmes_dir):
    out = import_real(programmes_dir, "pvd_communes_2024.csv")
    assert "1645 ajoutée(s)" in out
    assert ProgrammeMembership.objects.filter(programme="pvd").count() == 1645
    assert ProgrammeMembership.objects.filter(programme="pvd", signed_on__isnull=True).count() == 8
    pvd = flagged(Programme.PVD)
    assert len(pvd) == 1645
    assert "58079" in pvd  # Clamecy
    assert "42218" not in pvd  # Saint-Étienne is no small town


@pytest.mark.slow
@pytest.mark.django_db
def test_real_ti_through_epci(cog, programmes_dir):
    out = import_real(programmes_dir, "ti_territoires_epci_2024.csv")
    # 641 rows: 626 EPCI known in COG 2026, 12 communes listed by their own SIREN (11 in the
    # Creuse, Cercy-la-Tour), 3 EPT of the Grand Paris, attached to their 39 member communes.
    assert "641 ligne(s) ; 677 ajoutée(s)" in out
    assert "0 non rattachée(s)" in out
    assert "200057990 → 92004" in out  # EPT Boucle Nord de Seine → Asnières-sur-Seine
    assert "215800467 → 58046" in out
    ti = ProgrammeMembership.objects.filter(programme="ti")
    assert ti.filter(epci__isnull=False).count() == 626
    assert ti.filter(commune__isnull=False).count() == 12 + 39
    assert ti.values("local_id").distinct().count() == 183  # every territory, ti-1101 and ti-1105 included
    assert ti.filter(local_id="ti-1101", commune_id="92004").exists()
    flagged_ti = flagged(Programme.TI)
    assert len(flagged_ti) == 18600 + 39
    assert "58046" in flagged_ti  # Cercy-la-Tour, whose own EPCI is not in the TI
    # Basse-Terre is in ti-0101 through the CA Grand Sud Caraïbe, and every commune of it too.
    assert "97105" in flagged_ti
    assert set(Commune.objects.filter(epci_id="249710070").values_list("code", flat=True)) <= flagged_ti
    assert "23019" in flagged_ti  # Beissat, listed by its commune SIREN
    assert "75056" not in flagged_ti
    expected = set(Commune.objects.filter(epci__memberships__programme="ti").values_list("code", flat=True)) | set(
        ti.filter(commune__isnull=False).values_list("commune_id", flat=True)
    )
    assert flagged_ti == expected


@pytest.mark.slow
@pytest.mark.django_db
def test_real_qpv(cog, programmes_dir):
    out = import_real(programmes_dir, "qpv2024_communes.csv")
    assert "1684 ajoutée(s)" in out
    qpv = ProgrammeMembership.objects.filter(programme="qpv")
    assert qpv.count() == 1684
    assert qpv.values("local_id").distinct().count() == 1493
    assert qpv.filter(commune="13055").count() == 41
    assert qpv.get(local_id="QN00101M").local_name == "Grande Reyssouze Terre Des Fleurs"
    flagged_qpv = flagged(Programme.QPV)
    assert len(flagged_qpv) == 824
    assert "42218" in flagged_qpv


@pytest.mark.slow
@pytest.mark.django_db
def test_real_france_services_with_arrondissements(cog, programmes_dir):
    out = import_real(programmes_dir, "france_services_20240801.csv")
    assert "France services 2024-08-01" in out
    assert "2840 ajoutée(s)" in out and "5 non rattachée(s)" in out
    for code in ("49069", "93059", "97801"):
        assert code in out
    fs = ProgrammeMembership.objects.filter(programme="fs")
    assert fs.count() == 2840
    assert fs.get(local_id="437").commune_id == "75056"  # listed on 75118
    assert fs.filter(commune="13055").count() >= 10
    flagged_fs = flagged(Programme.FS)
    assert {"75056", "69123", "13055"} <= flagged_fs
    assert fs.get(local_id="1").signed_on.isoformat() == "2020-01-01"


@pytest.mark.slow
@pytest.mark.django_db
def test_real_folder_twice_changes_nothing(cog, programmes_dir):
    first = run("import_programmes_dir", str(programmes_dir), "--apply")
    assert first.count("ajoutée(s)") == 5
    counts = {p: ProgrammeMembership.objects.filter(programme=p).count() for p in Programme}
    assert counts == {"acv": 245, "pvd": 1645, "ti": 677, "qpv": 1684, "fs": 2840}
    imports = ProgrammeImport.objects.count()
    assert imports == 5
    second = run("import_programmes_dir", str(programmes_dir), "--apply")
    assert second.count("0 ajoutée(s), 0 retirée(s), 0 modifiée(s)") == 5
    assert {p: ProgrammeMembership.objects.filter(programme=p).count() for p in Programme} == counts
    assert ProgrammeImport.objects.count() == imports  # the same file again is not a new import


@pytest.mark.slow
@pytest.mark.django_db
def test_removing_three_communes(cog, programmes_dir, tmp_path):
    import_real(programmes_dir, "pvd_communes_2024.csv")
    lines = (programmes_dir / "pvd_communes_2024.csv").read_text(encoding="utf-8").splitlines(keepends=True)
    dropped = [line.split(",")[1] for line in lines[1:4]]
    assert len(set(dropped)) == 3  # three distinct communes, each checked below
    copy = tmp_path / "pvd_communes_2025.csv"
    copy.write_text(lines[0] + "".join(lines[4:]), encoding="utf-8")
    assert all(code in flagged(Programme.PVD) for code in dropped)
    out = run("import_programme", str(copy), "--apply")
    assert "0 ajoutée(s), 3 retirée(s), 0 modifiée(s), 1642 inchangée(s)" in out
    pvd = flagged(Programme.PVD)
    assert len(pvd) == 1642
    assert not set(dropped) & pvd
    record = ProgrammeImport.objects.latest("imported_at")
    assert (record.vintage, record.added, record.removed, record.unchanged) == ("2025", 0, 3, 1642)
    assert set(ProgrammeMembership.objects.filter(programme="pvd").values_list("vintage", flat=True)) == {"2025"}


@pytest.mark.slow
@pytest.mark.django_db
def test_changed_label_is_updated(cog, programmes_dir, tmp_path):
    import_real(programmes_dir, "qpv2024_communes.csv")
    text = (programmes_dir / "qpv2024_communes.csv").read_text(encoding="utf-8")
    copy = tmp_path / "qpv2024_communes.csv"
    copy.write_text(text.replace("Grande Reyssouze Terre Des Fleurs", "Grande Reyssouze"), encoding="utf-8")
    out = run("import_programme", str(copy), "--apply")
    assert "0 ajoutée(s), 0 retirée(s), 1 modifiée(s)" in out
    assert "« Grande Reyssouze Terre Des Fleurs »" in out
    assert ProgrammeMembership.objects.get(local_id="QN00101M").local_name == "Grande Reyssouze"


def test_missing_folder_is_not_an_error(tmp_path):
    out = run("import_programmes_dir", str(tmp_path / "absent"), "--apply")
    assert "absent" in out and "aucun import" in out


def test_folder_keeps_the_newest_list_of_each_programme(tmp_path, programmes_dir):
    shutil.copy(programmes_dir / "pvd_communes_2024.csv", tmp_path / "pvd_communes_2023.csv")
    shutil.copy(programmes_dir / "pvd_communes_2024.csv", tmp_path / "pvd_communes_2024.csv")
    shutil.copy(programmes_dir / "README.md", tmp_path / "README.md")
    (tmp_path / "centroides.csv").write_text("insee_com,lat,lon\n", encoding="utf-8")
    files, notes = recognised_files(tmp_path)
    assert files == {Programme.PVD: tmp_path / "pvd_communes_2024.csv"}
    assert any("pvd_communes_2023.csv" in note for note in notes)
    assert any("centroides.csv" in note for note in notes)


@pytest.mark.slow
@pytest.mark.django_db
def test_folder_with_a_bad_list_imports_the_others(cog, tmp_path):
    (tmp_path / "pvd_communes_2024.csv").write_text(PVD_SAMPLE, encoding="utf-8")
    (tmp_path / "qpv2024_communes.csv").write_text("code_qp,lib_qp,insee_com\nQN04201M,Montreynaud,4221\n")
    with pytest.raises(CommandError, match=r"1 liste\(s\) refusée\(s\) : qpv2024_communes\.csv"):
        run("import_programmes_dir", str(tmp_path), "--apply")
    assert ProgrammeMembership.objects.filter(programme="pvd").count() == 3
    assert not ProgrammeMembership.objects.filter(programme="qpv").exists()


# --- Admin upload -----------------------------------------------------------------------------


UPLOAD_URL = "admin:territories_programme_upload"


def upload(client, text: str, name: str = "pvd_communes_2024.csv", **fields):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(
        reverse(UPLOAD_URL),
        {"programme": "", "vintage": "", **fields, "file": SimpleUploadedFile(name, text.encode(), "text/csv")},
    )


@pytest.mark.slow
@pytest.mark.django_db
def test_admin_upload_preview_then_confirm(cog, admin_client, admin_user):
    response = admin_client.get(reverse(UPLOAD_URL))
    assert response.status_code == 200
    response = upload(admin_client, PVD_SAMPLE)
    assert response.status_code == 200
    content = response.content.decode()
    assert "3 ajoutée(s)" in content and "Confirmer l'import" in content
    assert not ProgrammeMembership.objects.exists()  # the preview writes nothing
    checksum = response.context["checksum"]
    response = admin_client.post(reverse(UPLOAD_URL), {"confirm": "1", "checksum": checksum})
    assert response.status_code == 302
    assert flagged(Programme.PVD) == {"58079", "42218", "01053"}
    record = ProgrammeImport.objects.get()
    assert (record.added, record.imported_by, record.checksum) == (3, admin_user.get_username(), checksum)
    # Confirming twice does nothing: the pending upload is consumed.
    response = admin_client.post(reverse(UPLOAD_URL), {"confirm": "1", "checksum": checksum})
    assert response.status_code == 302
    assert ProgrammeImport.objects.count() == 1


@pytest.mark.slow
@pytest.mark.django_db
def test_admin_upload_rejects_bad_files(cog, admin_client):
    response = upload(admin_client, PVD_SAMPLE + "pvd-x,5807,Truc,58,\n")
    assert response.status_code == 200
    assert "Ligne 5" in response.context["form"].errors["file"][0]
    response = upload(admin_client, PVD_SAMPLE, name="pvd.xlsx")
    assert "CSV" in response.context["form"].errors["file"][0]
    response = upload(admin_client, PVD_SAMPLE, programme="zz")
    assert "programme" in response.context["form"].errors
    response = admin_client.post(reverse(UPLOAD_URL), {"confirm": "1", "checksum": "0" * 64})
    assert response.status_code == 302
    assert not ProgrammeMembership.objects.exists()
    assert not ProgrammeImport.objects.exists()


@pytest.mark.django_db
def test_admin_upload_needs_the_permission(client, django_user_model):
    response = client.get(reverse(UPLOAD_URL))
    assert response.status_code == 302 and "login" in response.url
    staff = django_user_model.objects.create_user(email="agent@example.org", password="x", is_staff=True)
    client.force_login(staff)
    assert client.get(reverse(UPLOAD_URL)).status_code == 403
    assert upload(client, PVD_SAMPLE).status_code == 403
    assert not ProgrammeMembership.objects.exists()


@pytest.mark.django_db
def test_reference_admin_is_read_only(admin_client):
    assert admin_client.get(reverse("admin:territories_commune_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:territories_programmeimport_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:territories_commune_add")).status_code == 403


def test_import_function_requires_a_vintage():
    with pytest.raises(ProgrammeFileError, match="Millésime"):
        import_programme_file(PVD_SAMPLE.encode(), source_name="liste.csv")
