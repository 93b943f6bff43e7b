"""French numbers, percentages and amounts, written as the pages write them.

French typography groups thousands with a narrow no-break space (U+202F) and writes decimals
after a comma: 1 234 567 ; 12,5 % ; 2 300 €. The unit follows an ordinary space, as in
the templates. Every message, export and e-mail that shows a number goes through here, and the
templates through the `thousands`, `percent` and `euros` filters (core/templatetags/core_tags.py).

Pure Python (no Django), so the pure cores (solver, impact, diagnostics charts) may use it.

    >>> number(1234567)
    '1\u202f234\u202f567'
    >>> percent(12.5)
    '12,5 %'
    >>> euros(2300)
    '2\u202f300 €'
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

NARROW_NBSP = "\u202f"


def number(value: int | float | Decimal, decimals: int = 0, *, trim: bool = False) -> str:
    """1234567 → "1 234 567"; number(12.5, 2) → "12,50"; with `trim`, "12,5" and "12".

    An int with no decimals is written exactly (no detour through a float).
    """
    if isinstance(value, int) and decimals == 0:
        text = f"{value:,}"
    else:
        text = f"{value:,.{decimals}f}"
        if trim and decimals:
            text = text.rstrip("0").rstrip(".")
    return text.replace(",", NARROW_NBSP).replace(".", ",")


def percent(value: int | float | Decimal, decimals: int = 1) -> str:
    """12.5 → "12,5 %"; 50 → "50 %" (trailing zeros dropped). `value` is already a percentage."""
    return f"{number(value, decimals, trim=True)} %"


def euros(amount: int | float | Decimal | str) -> str:
    """2300 → "2 300 €"; cents rounded half up to the euro, as the messages write amounts."""
    rounded = int(Decimal(str(amount)).to_integral_value(rounding=ROUND_HALF_UP))
    return f"{number(rounded)} €"
