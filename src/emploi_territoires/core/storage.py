"""Storage for personal files: no public URL, served only by permission-checked views."""

from django.core.files.storage import Storage, storages


def private_storage() -> Storage:
    # A callable, so migrations do not freeze the storage's location.
    return storages["private"]
