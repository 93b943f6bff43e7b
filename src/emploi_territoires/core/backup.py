"""Backup and restore of the whole platform: the database and the files (CVs in private storage, media).

One archive (an uncompressed .tar, mode 0600: it holds personal data) with:

    manifest.json       format, date, engine, row count of every table, file counts
    database.pgdump     PostgreSQL: `pg_dump --format=custom` (compressed), or
    database.sqlite3    SQLite: a copy made by SQLite's online backup API
    private/...         PRIVATE_MEDIA_ROOT (CVs)
    media/...           MEDIA_ROOT

Decisions:
- Each engine's own format, not a portable one (`dumpdata`): it is consistent (one snapshot), fast
  (1,000,000 offers in minutes, not hours) and restores everything (indexes, full-text
  configuration, sequences). A PostgreSQL archive restores into PostgreSQL, a SQLite one into
  SQLite; moving between engines is not a backup's job.
- Consistency: on PostgreSQL the row counts are read in a REPEATABLE READ transaction whose
  snapshot is handed to pg_dump (`--snapshot`), so the manifest describes exactly the dump even
  while the platform keeps writing; SQLite's backup API copies one consistent state.
- Restore refuses a database that has tables (and a non-empty files folder) unless forced, and
  checks after restoring that every table has the row count of the manifest.
"""

from __future__ import annotations

import datetime
import json
import os
import shutil
import sqlite3
import subprocess
import tarfile
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connections

FORMAT = 1
PG_FILE = "database.pgdump"
SQLITE_FILE = "database.sqlite3"


class BackupError(Exception):
    """A refused or failed backup/restore, with a French message."""


@dataclass
class BackupSummary:
    path: Path
    engine: str
    tables: dict[str, int]
    files: dict[str, int]
    size: int


@dataclass
class RestoreSummary:
    engine: str
    tables: dict[str, int]
    files: dict[str, int]
    mismatches: dict[str, tuple[int, int]] = field(default_factory=dict)  # table: (manifest, restored)


def engine_of(settings_dict: dict[str, Any]) -> str:
    engine = settings_dict["ENGINE"]
    if "postgresql" in engine:
        return "postgresql"
    if "sqlite" in engine:
        return "sqlite"
    raise BackupError(f"Moteur de base non pris en charge par la sauvegarde : {engine}.")


# --- PostgreSQL -------------------------------------------------------------------------------------


def _pg_args(settings_dict: dict[str, Any]) -> tuple[list[str], dict[str, str]]:
    args = []
    if settings_dict.get("HOST"):
        args += ["--host", str(settings_dict["HOST"])]
    if settings_dict.get("PORT"):
        args += ["--port", str(settings_dict["PORT"])]
    if settings_dict.get("USER"):
        args += ["--username", str(settings_dict["USER"])]
    env = dict(os.environ)
    if settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = str(settings_dict["PASSWORD"])
    return args, env


def _pg_connect(settings_dict: dict[str, Any]):
    import psycopg

    return psycopg.connect(
        dbname=settings_dict["NAME"],
        host=settings_dict.get("HOST") or None,
        port=settings_dict.get("PORT") or None,
        user=settings_dict.get("USER") or None,
        password=settings_dict.get("PASSWORD") or None,
        autocommit=True,
    )


def _pg_counts(cursor) -> dict[str, int]:
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = current_schema() ORDER BY tablename")
    tables = [row[0] for row in cursor.fetchall()]
    counts = {}
    for table in tables:
        cursor.execute(f'SELECT count(*) FROM "{table}"')  # noqa: S608 (names from the catalogue)
        counts[table] = cursor.fetchone()[0]
    return counts


def _pg_dump(settings_dict: dict[str, Any], target: Path) -> dict[str, int]:
    args, env = _pg_args(settings_dict)
    with _pg_connect(settings_dict) as conn:
        conn.autocommit = False
        with conn.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            snapshot = cursor.fetchone()[0]
            counts = _pg_counts(cursor)
            command = ["pg_dump", "--format=custom", "--no-owner", f"--snapshot={snapshot}", "--file", str(target)]
            result = subprocess.run(  # noqa: S603
                [*command, *args, str(settings_dict["NAME"])], env=env, capture_output=True, text=True
            )
        conn.rollback()
    if result.returncode != 0:
        raise BackupError(f"pg_dump a échoué : {result.stderr.strip()}")
    return counts


def _pg_is_empty(settings_dict: dict[str, Any]) -> bool:
    with _pg_connect(settings_dict) as conn, conn.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()")
        return cursor.fetchone()[0] == 0


def _pg_restore(settings_dict: dict[str, Any], dump: Path, *, force: bool) -> dict[str, int]:
    if force:
        with _pg_connect(settings_dict) as conn, conn.cursor() as cursor:
            cursor.execute("DROP SCHEMA public CASCADE")
            cursor.execute("CREATE SCHEMA public")
    args, env = _pg_args(settings_dict)
    command = ["pg_restore", "--no-owner", "--no-privileges", "--exit-on-error", "--dbname", str(settings_dict["NAME"])]
    result = subprocess.run([*command, *args, str(dump)], env=env, capture_output=True, text=True)  # noqa: S603
    if result.returncode != 0:
        raise BackupError(f"pg_restore a échoué : {result.stderr.strip()}")
    with _pg_connect(settings_dict) as conn, conn.cursor() as cursor:
        cursor.execute("ANALYZE")
        return _pg_counts(cursor)


# --- SQLite -----------------------------------------------------------------------------------------


def _sqlite_counts(conn: sqlite3.Connection) -> dict[str, int]:
    tables = [
        row[0]
        for row in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"
        )
    ]
    counts = {}
    for table in tables:
        # FTS5 shadow tables are rebuilt with their virtual table: counting the virtual table suffices.
        counts[table] = conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0]  # noqa: S608
    return counts


def _sqlite_dump(using: str, target: Path) -> dict[str, int]:
    connection = connections[using]
    connection.ensure_connection()
    destination = sqlite3.connect(target)
    try:
        connection.connection.backup(destination)
        return _sqlite_counts(destination)
    finally:
        destination.close()


def _sqlite_is_empty(path: str) -> bool:
    if not Path(path).exists():
        return True
    conn = sqlite3.connect(path)
    try:
        return conn.execute("SELECT count(*) FROM sqlite_master WHERE type = 'table'").fetchone()[0] == 0
    finally:
        conn.close()


def _sqlite_restore(path: str, copy: Path) -> dict[str, int]:
    Path(path).parent.mkdir(parents=True, exist_ok=True)
    source = sqlite3.connect(copy)
    destination = sqlite3.connect(path)
    try:
        source.backup(destination)  # replaces the whole content, under SQLite's own locks
        return _sqlite_counts(destination)
    finally:
        source.close()
        destination.close()


# --- files ------------------------------------------------------------------------------------------


def file_roots() -> dict[str, Path]:
    """The folders of the private storage (CVs) and of the default one (media), as configured."""
    from django.core.files.storage import storages

    return {"private": Path(storages["private"].location), "media": Path(storages["default"].location)}


def _count_files(root: Path) -> int:
    return sum(1 for p in root.rglob("*") if p.is_file()) if root.is_dir() else 0


# --- the archive ------------------------------------------------------------------------------------


def default_archive_path(engine: str) -> Path:
    stamp = datetime.datetime.now(datetime.UTC).strftime("%Y%m%d-%H%M%S")
    return Path(settings.BASE_DIR).parent.parent / "var" / "backups" / f"emploi-territoires-{engine}-{stamp}.tar"


def create_backup(destination: Path | None = None, *, using: str = "default") -> BackupSummary:
    """Write the archive of the database `using` and of the files; returns what it holds."""
    settings_dict = connections[using].settings_dict
    engine = engine_of(settings_dict)
    destination = Path(destination or default_archive_path(engine))
    destination.parent.mkdir(parents=True, exist_ok=True)
    roots = file_roots()
    with tempfile.TemporaryDirectory(prefix="sauvegarde-") as tmp:
        dump = Path(tmp) / (PG_FILE if engine == "postgresql" else SQLITE_FILE)
        counts = _pg_dump(settings_dict, dump) if engine == "postgresql" else _sqlite_dump(using, dump)
        files = {name: _count_files(root) for name, root in roots.items()}
        manifest = {
            "format": FORMAT,
            "application": "emploi-territoires",
            "created_at": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
            "engine": engine,
            "database_file": dump.name,
            "tables": counts,
            "files": files,
        }
        (Path(tmp) / "manifest.json").write_text(json.dumps(manifest, indent=2, ensure_ascii=False))
        partial = destination.with_name(destination.name + ".partiel")
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "wb") as raw, tarfile.open(fileobj=raw, mode="w") as tar:
            tar.add(Path(tmp) / "manifest.json", arcname="manifest.json")
            tar.add(dump, arcname=dump.name)
            for name, root in roots.items():
                if root.is_dir():
                    tar.add(root, arcname=name)
        os.replace(partial, destination)  # a crash mid-way never leaves a truncated archive under the real name
    return BackupSummary(destination, engine, counts, files, destination.stat().st_size)


def read_manifest(archive: Path) -> dict[str, Any]:
    try:
        with tarfile.open(archive) as tar:
            member = tar.extractfile("manifest.json")
            if member is None:
                raise KeyError
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, json.JSONDecodeError) as error:
        raise BackupError(f"{archive} n'est pas une sauvegarde d'Emploi Territoires lisible ({error}).") from error
    if manifest.get("application") != "emploi-territoires" or manifest.get("format") != FORMAT:
        raise BackupError(f"{archive} n'est pas une sauvegarde d'Emploi Territoires au format {FORMAT}.")
    return manifest


def target_is_empty(settings_dict: dict[str, Any]) -> bool:
    if engine_of(settings_dict) == "postgresql":
        return _pg_is_empty(settings_dict)
    return _sqlite_is_empty(str(settings_dict["NAME"]))


def check_restore(archive: Path, settings_dict: dict[str, Any], *, force: bool) -> dict[str, Any]:
    """Validate before writing anything: the archive, the engine, an empty database and folders."""
    manifest = read_manifest(archive)
    engine = engine_of(settings_dict)
    if manifest["engine"] != engine:
        raise BackupError(
            f"Cette sauvegarde vient d'une base {manifest['engine']} : elle ne se restaure que dans une base "
            f"{manifest['engine']} (la base cible est {engine})."
        )
    name = str(settings_dict["NAME"])
    if engine == "sqlite" and (":memory:" in name or "mode=memory" in name):
        raise BackupError("La base cible est en mémoire : indiquez un fichier SQLite.")
    if not force and not target_is_empty(settings_dict):
        raise BackupError(
            "La base cible contient déjà des tables : la restauration les remplacerait. "
            "Restaurez dans une base vide, ou ajoutez --force pour tout remplacer."
        )
    if not force:
        for name, root in file_roots().items():
            if _count_files(root):
                raise BackupError(
                    f"Le dossier {root} ({name}) contient déjà des fichiers : videz-le, ou ajoutez --force "
                    "(les fichiers de la sauvegarde remplacent ceux du même nom)."
                )
    return manifest


def restore_backup(
    archive: Path, settings_dict: dict[str, Any] | None = None, *, force: bool = False
) -> RestoreSummary:
    """Restore the archive into the database `settings_dict` (default: the platform's) and the file folders."""
    settings_dict = settings_dict or connections["default"].settings_dict
    manifest = check_restore(archive, settings_dict, force=force)
    engine = manifest["engine"]
    with tempfile.TemporaryDirectory(prefix="restauration-") as tmp, tarfile.open(archive) as tar:
        tar.extractall(tmp, filter="data")
        dump = Path(tmp) / manifest["database_file"]
        if engine == "postgresql":
            counts = _pg_restore(settings_dict, dump, force=force)
        else:
            counts = _sqlite_restore(str(settings_dict["NAME"]), dump)
        files = {}
        for name, root in file_roots().items():
            source = Path(tmp) / name
            files[name] = _count_files(source)
            if source.is_dir():
                root.mkdir(parents=True, exist_ok=True)
                shutil.copytree(source, root, dirs_exist_ok=True)
    mismatches = {
        table: (expected, counts.get(table, -1))
        for table, expected in manifest["tables"].items()
        if counts.get(table, -1) != expected
    }
    return RestoreSummary(engine, counts, files, mismatches)
