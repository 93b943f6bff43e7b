"""matplotlib's pyplot for the charts, imported at the first chart rather than when the URLconf loads.

matplotlib takes about half a second to import; the views that draw (indicators report, impact
study plot, diagnostics) call `pyplot()` inside the function that draws. Pure Python, no Django.
"""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from types import ModuleType


@functools.cache
def pyplot() -> ModuleType:
    """pyplot with the Agg backend (no display) and text kept as text in SVG output.

    Text as text makes an SVG smaller, selectable and read by screen readers; PNG output ignores it.
    """
    import matplotlib

    matplotlib.use("Agg")
    matplotlib.rcParams["svg.fonttype"] = "none"
    from matplotlib import pyplot as plt

    return plt
