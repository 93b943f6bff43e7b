"""Signals other apps listen to (the search projection, later the alerts and matching).

`offer_changed` is sent by `offers.services` after every committed write that may change what
the public sees (content, status, publication), with `offer_id`. Receivers must be idempotent.
"""

from django.dispatch import Signal

offer_changed = Signal()  # kwargs: offer_id: int
