"""Text coming in and text going out: one place for control characters.

    clean_text("Chargé de mission\vurbanisme")  # "Chargé de mission\nurbanisme"
    xml_safe("a\x0bb")                          # "ab"   (XML 1.0 forbids it, even in CDATA)

`clean_text` runs at the boundary (the services' validation, which every form, the API and the
imports go through): Word inserts a vertical tab for Shift+Enter, and a pasted PDF brings form
feeds or NULs. Line-like controls become a line break, the other C0 controls (and DEL) a space;
tabs, carriage returns and line breaks stay. `xml_safe` is for the way out: the feeds, the spreadsheets and anything
else that must survive text already stored before the cleaning existed.
"""

from __future__ import annotations

import re
from typing import Any

# \v (vertical tab, Word's Shift+Enter), \f (form feed), \x1c-\x1e (separators) and NEL end a line.
_LINE_CONTROLS = re.compile("[\x0b\x0c\x1c\x1d\x1e\x85\u2028\u2029]")
# Every other C0 control except \t \n \r, plus DEL and the C1 controls.
_OTHER_CONTROLS = re.compile("[\x00-\x08\x0e-\x1b\x1f\x7f-\x84\x86-\x9f]")
# Characters XML 1.0 forbids anywhere, even in CDATA; also non-characters U+FFFE/U+FFFF.
_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff\ud800-\udfff]")


def clean_text(value: str, *, single_line: bool = False) -> str:
    """`value` without control characters: line-like ones become "\\n", the others a space.

    `single_line` (a title, an address): line breaks too become spaces.
    """
    if not value:
        return value
    value = _OTHER_CONTROLS.sub(" ", _LINE_CONTROLS.sub("\n", value))
    return " ".join(value.splitlines()) if single_line else value


def clean_values(values: dict[str, Any]) -> dict[str, Any]:
    """A copy of `values` with every string cleaned (the other values as they are)."""
    return {key: clean_text(value) if isinstance(value, str) else value for key, value in values.items()}


def xml_safe(value: str) -> str:
    """`value` without the characters XML 1.0 cannot carry (dropped)."""
    return _INVALID_XML.sub("", value) if value else value
