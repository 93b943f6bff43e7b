"""Small display helpers shared by every app's templates."""

from __future__ import annotations

import datetime as dt
import re
from decimal import Decimal

from django import template
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import mark_safe

from emploi_territoires.core import formats

register = template.Library()


@register.filter
def thousands(value: object) -> str:
    """173089 -> "173 089", 12.5 -> "12,50" (core/formats.py); anything that is not a number is shown as is."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return "" if value is None else str(value)
    if isinstance(value, float) and not value.is_integer():
        return formats.number(value, 2)
    return formats.number(int(value))


@register.filter
def percent(value: object, decimals: int = 1) -> str:
    """12.5 -> "12,5 %"; None -> "" (core/formats.py)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "" if value is None else str(value)
    return formats.percent(value, int(decimals))


@register.filter
def euros(value: object) -> str:
    """2300 -> "2 300 €"; None -> "" (core/formats.py)."""
    if isinstance(value, bool) or not isinstance(value, int | float | Decimal):
        return "" if value is None else str(value)
    return formats.euros(value)


@register.filter(expects_localtime=True)
def french_date(value: dt.date | None) -> str:
    """date(2020, 9, 1) -> "1er septembre 2020": French writes the first day as an ordinal."""
    if value is None:
        return ""
    text = date_format(value, "j F Y")
    return "1er" + text[1:] if value.day == 1 else text


@register.filter
def svg_data_uri(svg: str) -> str:
    """An SVG chart as a data: URI for an <img>.

    Inline SVG from matplotlib styles its shapes with style attributes, which the content
    security policy blocks; as an image it keeps its styles, and it cannot run anything.
    """
    import base64

    if not svg:
        return ""
    return "data:image/svg+xml;base64," + base64.b64encode(str(svg).encode("utf-8")).decode("ascii")


@register.filter
def breakable(value: object) -> str:
    """Long addresses and links may wrap after « @ », « . », « / » and « - » (a word-break opportunity,
    <wbr>), so that a 49-character e-mail does not push a phone's screen sideways; the text is escaped."""
    text = "" if value is None else str(value)
    pieces = re.split(r"(?<=[@./-])", text)
    return mark_safe("<wbr>".join(escape(piece) for piece in pieces))  # noqa: S308 - every piece is escaped
