"""The impact engine's refusals, each with a message in French for the person who reads it.

Kept apart from the pandas/numpy/scipy modules that raise them, so that the views, forms and
services can catch them without loading those libraries when the URLconf is imported.
"""

from __future__ import annotations


class PanelError(ValueError):
    """A panel file that cannot be used; the message is for the person who uploaded it."""


class ComparisonError(ValueError):
    """A matching request that cannot be applied; the message is in French."""


class EstimationError(ValueError):
    """The design does not fit the chosen estimator; the message (in French) says why."""
