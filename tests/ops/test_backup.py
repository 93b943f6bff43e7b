"""Backup then restore into an empty database: every offer, application and CV comes back.

Runs on the suite's engine: SQLite (the in-memory test database is backed up through SQLite's
backup API and restored into a new file) or PostgreSQL (pg_dump, then pg_restore into a new
database created for the test and dropped after).
"""

from __future__ import annotations

import sqlite3
import tarfile
import uuid
from collections.abc import Iterator

import pytest
from django.core.files.base import ContentFile
from django.core.management import CommandError, call_command
from django.db import connection

from emploi_territoires.applications.models import Application
from emploi_territoires.core.backup import BackupError, create_backup, read_manifest, restore_backup
from emploi_territoires.offers.models import Offer, OfferStatus
from tests.applications.factories import ApplicationFactory, CandidateProfileFactory
from tests.offers.factories import OfferFactory
from tests.ops.conftest import database_url

CV = b"%PDF-1.4\n% CV de Camille Martin, chargee de mission, Clamecy\n"


@pytest.fixture
def platform(transactional_db, settings, tmp_path) -> dict:
    """Offers (published and draft), applications and a CV in private storage."""
    settings.MEDIA_ROOT = str(tmp_path / "media")
    profile = CandidateProfileFactory()
    profile.cv.save("cv-camille-martin.pdf", ContentFile(CV), save=True)
    offers = [OfferFactory(status=OfferStatus.PUBLISHED) for _ in range(3)] + [OfferFactory()]
    applications = [ApplicationFactory(offer=offer, candidate=profile.user) for offer in offers[:3]]
    applications.append(ApplicationFactory(offer=offers[0]))
    return {
        "offers": sorted(o.pk for o in offers),
        "references": sorted(o.reference for o in offers),
        "applications": sorted(a.pk for a in applications),
        "cv": profile.cv.name,
    }


@pytest.fixture
def empty_target(tmp_path) -> Iterator[dict]:
    """A new, empty database of the suite's engine, as a settings dict (and its URL)."""
    if connection.vendor == "sqlite":
        path = tmp_path / "restauree.sqlite3"
        yield {"ENGINE": "django.db.backends.sqlite3", "NAME": str(path), "URL": f"sqlite:///{path}"}
        return
    name = f"test_restore_{uuid.uuid4().hex[:8]}"
    with connection.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{name}"')
    target = {**connection.settings_dict, "NAME": name}
    target["URL"] = database_url(target)
    yield target
    with connection.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def rows(target: dict, sql: str) -> list[tuple]:
    if target["ENGINE"].endswith("sqlite3"):
        conn = sqlite3.connect(target["NAME"])
        try:
            return conn.execute(sql).fetchall()
        finally:
            conn.close()
    import psycopg

    with psycopg.connect(target["URL"].replace("postgres://", "postgresql://")) as conn:
        return conn.execute(sql).fetchall()


def test_backup_restores_every_offer_application_and_cv_into_an_empty_database(
    platform, empty_target, settings, tmp_path
):
    archive = tmp_path / "sauvegarde.tar"
    summary = create_backup(archive)
    assert archive.stat().st_mode & 0o777 == 0o600  # personal data inside
    manifest = read_manifest(archive)
    assert manifest["tables"]["offers_offer"] == 4
    assert manifest["tables"]["applications_application"] == 4
    assert manifest["files"]["private"] == 1
    assert summary.engine == connection.vendor.replace("postgresql", "postgresql")
    with tarfile.open(archive) as tar:
        assert f"private/{platform['cv']}" in tar.getnames()

    # A new machine: empty database, empty private folder.
    private = tmp_path / "nouveau-serveur" / "private"
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(private), "base_url": None}},
    }
    settings.MEDIA_ROOT = str(tmp_path / "nouveau-serveur" / "media")
    restored = restore_backup(archive, empty_target)

    assert restored.mismatches == {}
    assert rows(empty_target, "SELECT id FROM offers_offer ORDER BY id") == [(pk,) for pk in platform["offers"]]
    assert rows(empty_target, "SELECT reference FROM offers_offer ORDER BY reference") == [
        (r,) for r in platform["references"]
    ]
    assert rows(empty_target, "SELECT id FROM applications_application ORDER BY id") == [
        (pk,) for pk in platform["applications"]
    ]
    assert rows(empty_target, "SELECT count(*) FROM django_migrations") == [(manifest["tables"]["django_migrations"],)]
    assert (private / platform["cv"]).read_bytes() == CV


def test_restore_refuses_a_non_empty_target_unless_forced(platform, empty_target, settings, tmp_path):
    archive = tmp_path / "sauvegarde.tar"
    create_backup(archive)
    new_private = {"location": str(tmp_path / "autre-serveur" / "private"), "base_url": None}
    settings.STORAGES = {**settings.STORAGES, "private": {**settings.STORAGES["private"], "OPTIONS": new_private}}
    settings.MEDIA_ROOT = str(tmp_path / "autre-serveur" / "media")
    assert restore_backup(archive, empty_target).mismatches == {}

    with pytest.raises(BackupError, match="contient déjà des tables"):
        restore_backup(archive, empty_target)
    Offer.objects.filter(status=OfferStatus.DRAFT).delete()  # the live platform moves on; the copy does not
    forced = restore_backup(archive, empty_target, force=True)
    assert forced.mismatches == {}
    assert rows(empty_target, "SELECT count(*) FROM offers_offer") == [(4,)]
    assert Offer.objects.count() == 3 and Application.objects.count() == 4


def test_restore_command_is_a_dry_run_without_apply(platform, empty_target, tmp_path, capsys, settings):
    archive = tmp_path / "sauvegarde.tar"
    call_command("backup", "--output", str(archive))
    assert "Sauvegarde écrite" in capsys.readouterr().out
    settings.STORAGES = {
        **settings.STORAGES,
        "private": {**settings.STORAGES["private"], "OPTIONS": {"location": str(tmp_path / "vide"), "base_url": None}},
    }
    settings.MEDIA_ROOT = str(tmp_path / "media-vide")

    call_command("restore", str(archive), "--database-url", empty_target["URL"])
    out = capsys.readouterr().out
    assert "Rien n'a été écrit (ajoutez --apply pour restaurer)" in out
    assert table_count(empty_target) == 0

    call_command("restore", str(archive), "--database-url", empty_target["URL"], "--apply")
    assert "chacune avec le nombre de lignes de la sauvegarde" in capsys.readouterr().out
    with pytest.raises(CommandError, match="contient déjà des tables"):
        call_command("restore", str(archive), "--database-url", empty_target["URL"], "--apply")


def test_a_file_that_is_not_a_backup_is_refused(tmp_path, db):
    bogus = tmp_path / "photo.tar"
    bogus.write_bytes(b"ceci n'est pas une archive")
    with pytest.raises(BackupError, match="n'est pas une sauvegarde d'Emploi Territoires"):
        read_manifest(bogus)


def table_count(target: dict) -> int:
    if target["ENGINE"].endswith("sqlite3"):
        return rows(target, "SELECT count(*) FROM sqlite_master WHERE type = 'table'")[0][0]
    return rows(target, "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")[0][0]
