"""Petits outils partagés : texte sans accents, distances."""

import math
import re

from unidecode import unidecode

_SPACES = re.compile(r"[^a-z0-9]+")


def normalize_text(value: str) -> str:
    """Minuscules sans accents ni ponctuation : « Saint-Barthélemy-d'Anjou » → « saint barthelemy d anjou ».

    Sert aux recherches insensibles aux accents, identiques sur SQLite et PostgreSQL.
    """
    return _SPACES.sub(" ", unidecode(value or "").lower()).strip()


EARTH_RADIUS_KM = 6371.0088


def distance_km(lat1: float, lon1: float, lat2: float, lon2: float) -> float:
    """Distance à vol d'oiseau (haversine), en kilomètres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lon2 - lon1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_KM * math.asin(min(1.0, math.sqrt(a)))


def bounding_box(lat: float, lon: float, radius_km: float) -> tuple[float, float, float, float]:
    """Rectangle (lat_min, lat_max, lon_min, lon_max) qui contient le cercle : filtre SQL avant le calcul exact."""
    dlat = radius_km / 111.32
    dlon = radius_km / max(0.01, 111.32 * math.cos(math.radians(lat)))
    return lat - dlat, lat + dlat, lon - dlon, lon + dlon


def client_ip(request) -> str:
    """Adresse IP de la personne, résolue comme pour le verrouillage des connexions (django-axes) :
    derrière un mandataire inverse, `AXES_PROXY_COUNT` désigne la bonne entrée de X-Forwarded-For."""
    from axes.helpers import get_client_ip_address

    return get_client_ip_address(request) or request.META.get("REMOTE_ADDR", "")
