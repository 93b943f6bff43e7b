"""Signals other apps listen to when the reference data changes.

`reference_data_changed` is sent once a COG load, a centroid import or a programme import has
committed: the search projection copies each commune's programme flags and position, so it
reindexes (see search/apps.py).
"""

from django.db import transaction
from django.dispatch import Signal

reference_data_changed = Signal()  # kwargs: what: str ("cog", "coordinates", "programme:<code>")


def notify_reference_changed(what: str) -> None:
    transaction.on_commit(lambda: reference_data_changed.send(sender=None, what=what))
