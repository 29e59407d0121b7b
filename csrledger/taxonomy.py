"""The closed vocabularies of the analysis format (spec FORMATS.md)."""
from __future__ import annotations

SECTORS: tuple[str, ...] = (
    "education", "health", "housing", "sport", "culture", "environment", "infrastructure",
    "social_support", "employment", "emergency", "mixed", "other",
)

STATUSES: tuple[str, ...] = ("completed", "ongoing", "planned")

# ISO 3166-2:KZ codes of the 17 regions and 3 cities of republican significance.
REGIONS: dict[str, str] = {
    "KZ-10": "Abai", "KZ-11": "Akmola", "KZ-15": "Aktobe", "KZ-19": "Almaty Region",
    "KZ-23": "Atyrau", "KZ-27": "West Kazakhstan", "KZ-31": "Zhambyl", "KZ-33": "Zhetysu",
    "KZ-35": "Karaganda", "KZ-39": "Kostanay", "KZ-43": "Kyzylorda", "KZ-47": "Mangystau",
    "KZ-55": "Pavlodar", "KZ-59": "North Kazakhstan", "KZ-61": "Turkistan", "KZ-62": "Ulytau",
    "KZ-63": "East Kazakhstan", "KZ-71": "Astana", "KZ-75": "Almaty", "KZ-79": "Shymkent",
}
