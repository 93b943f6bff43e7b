"""Small display helpers shared by every app's templates."""

from __future__ import annotations

from django import template

register = template.Library()

# French typography groups thousands with a narrow no-break space: 173 089.
NARROW_NBSP = "\u202f"


@register.filter
def thousands(value: object) -> str:
    """173089 -> "173 089"; anything that is not a number is shown as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, float) and not value.is_integer():
        integer, _, decimals = f"{value:,.2f}".partition(".")
        return integer.replace(",", NARROW_NBSP) + "," + decimals
    return f"{int(value):,}".replace(",", NARROW_NBSP)
