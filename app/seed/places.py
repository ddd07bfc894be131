"""Where the demo parks and their enterprises are: plausible Bắc Ninh coordinates.

The centres are near the real parks (approximate, for the demo map only); each outline is a
rectangle of the park's area, and each enterprise gets a fixed site inside its park's outline,
derived from its id so that the seed's random sequence is untouched.
"""

import math
import random

# park code -> (lat, lng) of its centre
CENTRES = {
    "QV1": (21.1420, 106.1530),
    "TS": (21.1180, 105.9860),
    "YP1": (21.2060, 105.9980),
    "VSIP": (21.0930, 105.9620),
    "DDHS": (21.1090, 106.0240),
    "QV2": (21.1300, 106.1960),
    "QV3": (21.1020, 106.2240),
    "TT2": (21.0330, 106.0820),
    "TT3": (21.0520, 106.0300),
    "NSHL": (21.1530, 106.1010),
    "GB1": (21.0500, 106.2050),
    "YP2C": (21.2230, 105.9590),
    "YP2A": (21.2320, 105.9800),
    "YP2B": (21.2400, 106.0200),
    "TT1": (21.0200, 106.0500),
    "GB2": (21.0620, 106.2350),
}
METRES_PER_DEGREE = 111_320.0
ASPECT = 1.5  # outlines are 1.5 times as wide (east-west) as they are tall


def half_sizes(lat: float, area_ha: float) -> tuple[float, float]:
    """Half the height and half the width of a park's rectangle, in degrees."""
    height = math.sqrt(area_ha * 10_000 / ASPECT)
    half_lat = height / 2 / METRES_PER_DEGREE
    return half_lat, half_lat * ASPECT / math.cos(math.radians(lat))


def outline(lat: float, lng: float, area_ha: float) -> list[list[float]]:
    """A rectangle of the park's area around its centre: [[lat, lng], ...] (4 corners)."""
    dlat, dlng = half_sizes(lat, area_ha)
    return [
        [round(lat + a * dlat, 6), round(lng + b * dlng, 6)]
        for a, b in ((1, -1), (1, 1), (-1, 1), (-1, -1))
    ]


def park_position(code: str, area_ha: float | None) -> dict:
    """The lat, lng and outline columns of a seeded park."""
    lat, lng = CENTRES[code]
    return {"lat": lat, "lng": lng, "outline": outline(lat, lng, area_ha) if area_ha else None}


def enterprise_sites(enterprises: list[dict], parks_by_id: dict) -> dict[str, tuple]:
    """Each enterprise's fixed (lat, lng) inside its park's rectangle."""
    sites = {}
    for ent in enterprises:
        park = parks_by_id[ent["park_id"]]
        dlat, dlng = half_sizes(park["lat"], park["area_ha"] or 100.0)
        own = random.Random(ent["id"])
        sites[ent["id"]] = (
            park["lat"] + own.uniform(-0.9, 0.9) * dlat,
            park["lng"] + own.uniform(-0.9, 0.9) * dlng,
        )
    return sites


def check_gps(site: tuple, u: float, v: float) -> tuple[float, float]:
    """A check's GPS fix: the enterprise's site and up to about 30 m of error (u, v in 0-1)."""
    return (round(site[0] + (u - 0.5) * 0.0005, 6), round(site[1] + (v - 0.5) * 0.0005, 6))
