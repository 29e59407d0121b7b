"""Numbers for people: thousands separators, units, compact forms, text bars."""
from __future__ import annotations

import math

THIN = "\u202f"  # narrow no-break space: the thousands separator of Kazakh and Russian typography


def thousands(value: float | None, digits: int = 0) -> str:
    """12345678.9 -> '12 345 679' (narrow no-break spaces); '—' for nothing or a non-finite number."""
    if value is None or not math.isfinite(value):
        return "—"
    text = f"{value:,.{digits}f}"
    return text.replace(",", THIN)


def kzt(value: float | None) -> str:
    """An exact amount in tenge: '2 400 000 000 ₸'."""
    return "—" if value is None else f"{thousands(value)} ₸"


def money(value: float | None, currency: str | None) -> str:
    if value is None:
        return "—"
    if currency in (None, "KZT"):
        return kzt(value)
    return f"{thousands(value)} {currency}"


_SCALES = ((1e12, "trn"), (1e9, "bn"), (1e6, "mn"), (1e3, "k"))


def compact(value: float | None, unit: str = "₸") -> str:
    """A short form for charts and tiles: '2.4 bn ₸'."""
    if value is None or not math.isfinite(value):
        return "—"
    for size, word in _SCALES:
        if abs(value) >= size:
            return f"{value / size:.1f} {word} {unit}".replace(".0 ", " ")
    return f"{value:.0f} {unit}"


def bar(value: float, maximum: float, width: int = 24) -> str:
    """A text bar proportional to value/maximum, for terminal charts."""
    if not (math.isfinite(value) and math.isfinite(maximum)) or maximum <= 0 or value <= 0:
        return ""
    cells = value / maximum * width
    full = int(cells)
    return "█" * full + ("▌" if cells - full >= 0.5 else "")
