"""Storage for personal files: no public URL, served only by permission-checked views."""

from __future__ import annotations

from typing import Any

from django.core.files.storage import Storage, storages


class PrivateStorage(Storage):
    """Delegates every call to `storages["private"]` at the time of the call.

    A FileField evaluates its storage callable once, when its model class is built; delegating
    keeps the field on whatever STORAGES["private"] is now — the deployment's folder, or the
    temporary folder each test sets (Django resets `storages` when STORAGES changes).
    """

    @staticmethod
    def _target() -> Storage:
        return storages["private"]

    def open(self, name: str, mode: str = "rb") -> Any:
        return self._target().open(name, mode)

    def save(self, name: str | None, content: Any, max_length: int | None = None) -> str:
        return self._target().save(name, content, max_length=max_length)

    def get_valid_name(self, name: str) -> str:
        return self._target().get_valid_name(name)

    def get_alternative_name(self, file_root: str, file_ext: str) -> str:
        return self._target().get_alternative_name(file_root, file_ext)

    def get_available_name(self, name: str, max_length: int | None = None) -> str:
        return self._target().get_available_name(name, max_length=max_length)

    def generate_filename(self, filename: str) -> str:
        return self._target().generate_filename(filename)

    def path(self, name: str) -> str:
        return self._target().path(name)

    def delete(self, name: str) -> None:
        self._target().delete(name)

    def exists(self, name: str) -> bool:
        return self._target().exists(name)

    def listdir(self, path: str) -> tuple[list[str], list[str]]:
        return self._target().listdir(path)

    def size(self, name: str) -> int:
        return self._target().size(name)

    def url(self, name: str | None) -> str:
        return self._target().url(name)

    def get_accessed_time(self, name: str) -> Any:
        return self._target().get_accessed_time(name)

    def get_created_time(self, name: str) -> Any:
        return self._target().get_created_time(name)

    def get_modified_time(self, name: str) -> Any:
        return self._target().get_modified_time(name)


_PRIVATE = PrivateStorage()


def private_storage() -> Storage:
    # A callable, so migrations do not freeze the storage's location.
    return _PRIVATE
