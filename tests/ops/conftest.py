"""Operations tests: a database a subprocess (a real task worker) can open, on either engine."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass
from pathlib import Path
from urllib.parse import quote

import pytest
from django.db import connection

ROOT = Path(__file__).resolve().parents[2]


@dataclass
class SharedDatabase:
    """PostgreSQL: the test database itself (transactional_db: rows are committed).

    SQLite: the test database is in memory, so `publish()` copies it to a file (SQLite's backup
    API) that the subprocess opens; `query()` reads that file afterwards.
    """

    url: str
    sqlite_file: Path | None

    def publish(self) -> None:
        if self.sqlite_file is not None:
            connection.ensure_connection()
            target = sqlite3.connect(self.sqlite_file)
            try:
                connection.connection.backup(target)
            finally:
                target.close()

    def query(self, sql: str, params: tuple = ()) -> list[tuple]:
        if self.sqlite_file is not None:
            conn = sqlite3.connect(self.sqlite_file)
            try:
                return conn.execute(sql.replace("%s", "?"), params).fetchall()
            finally:
                conn.close()
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
            return cursor.fetchall()


def database_url(settings_dict: dict) -> str:
    user = quote(settings_dict.get("USER") or "")
    password = quote(settings_dict.get("PASSWORD") or "")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    host = settings_dict.get("HOST") or "127.0.0.1"
    port = settings_dict.get("PORT") or 5432
    return f"postgres://{credentials}{host}:{port}/{settings_dict['NAME']}"


@pytest.fixture
def shared_database(transactional_db, tmp_path) -> SharedDatabase:
    if connection.vendor == "sqlite":
        path = tmp_path / "shared.sqlite3"
        return SharedDatabase(f"sqlite:///{path}", path)
    return SharedDatabase(database_url(connection.settings_dict), None)
