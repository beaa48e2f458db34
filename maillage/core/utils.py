"""Petits outils partagés : texte sans accents, distances, adresse IP de la personne."""

import functools
import ipaddress
import math
import re

from django.conf import settings
from unidecode import unidecode

_SPACES = re.compile(r"[^a-z0-9]+")
_NON_ASCII = re.compile(r"[^\x00-\x7f]")


@functools.lru_cache(maxsize=4096)
def _ascii_char(char: str) -> str:
    return unidecode(char)


def normalize_text(value: str) -> str:
    """Minuscules sans accents ni ponctuation : « Saint-Barthélemy-d'Anjou » → « saint barthelemy d anjou ».

    Le seul normaliseur du projet : recherches insensibles aux accents identiques sur SQLite et PostgreSQL, clés
    de comparaison des doublons, import de dizaines de milliers de lieux. D'où sa vitesse : le texte ASCII passe
    tel quel et chaque caractère accentué n'est translittéré (unidecode, « œ » → « oe ») qu'une fois.
    """
    value = value or ""
    if not value.isascii():
        value = _NON_ASCII.sub(lambda m: _ascii_char(m.group()), value)
    return _SPACES.sub(" ", value.lower()).strip()


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


@functools.lru_cache(maxsize=8)
def _trusted_networks(proxies: tuple[str, ...]) -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    """Réseaux des mandataires de confiance (adresses ou plages CIDR), lus une fois par valeur du réglage."""
    return tuple(ipaddress.ip_network(proxy.strip(), strict=False) for proxy in proxies if proxy.strip())


def _parse_ip(value: str) -> ipaddress.IPv4Address | ipaddress.IPv6Address | None:
    """Adresse d'une entrée de X-Forwarded-For ; certains mandataires ajoutent le port (« 1.2.3.4:5678 », « [::1]:80 »)."""
    value = value.strip()
    candidates = [value]
    if value.startswith("[") and "]" in value:
        candidates.append(value[1 : value.index("]")])
    elif value.count(":") == 1:
        candidates.append(value.split(":", 1)[0])
    for candidate in candidates:
        try:
            return ipaddress.ip_address(candidate)
        except ValueError:
            continue
    return None


def client_ip(request) -> str:
    """Adresse IP de la personne : la seule résolution du projet (verrouillage des connexions par django-axes
    via AXES_CLIENT_IP_CALLABLE, limite des codes Pass faux, limites de débit).

    X-Forwarded-For est écrit par qui veut : on ne le lit que si la requête arrive d'un mandataire inverse
    déclaré (MAILLAGE_TRUSTED_PROXIES). On le parcourt alors de droite à gauche, chaque mandataire de confiance
    ajoutant à droite l'adresse qu'il a vue : la première adresse qui n'est pas un mandataire de confiance
    est celle de la personne. Ce qu'elle a pu écrire plus à gauche est ignoré.
    """
    remote = request.META.get("REMOTE_ADDR", "")
    proxies = tuple(getattr(settings, "MAILLAGE_TRUSTED_PROXIES", ()) or ())
    if not proxies:
        return remote
    networks = _trusted_networks(proxies)
    remote_ip = _parse_ip(remote)
    if remote_ip is None or not any(remote_ip in network for network in networks):
        return remote
    hops = [hop for hop in request.headers.get("x-forwarded-for", "").split(",") if hop.strip()]
    client = remote_ip
    for hop in reversed(hops):
        hop_ip = _parse_ip(hop)
        if hop_ip is None:
            # Un mandataire de confiance n'écrit jamais une adresse illisible : au-delà, rien n'est sûr.
            break
        client = hop_ip
        if not any(hop_ip in network for network in networks):
            break
    return str(client)


_VOYELLES = frozenset("AEIOUYÀÂÄÉÈÊËÎÏÔÖÙÛÜŒaeiouyàâäéèêëîïôöùûüœ")


def de(nom: str) -> str:
    """« de » devant un nom propre, élidé devant une voyelle : « d'Angers », « d'Écouflant », « de Cholet »
    (« autour d'Angers »). Le h n'est pas élidé : muet ou aspiré, la règle dépend du mot."""
    nom = (nom or "").strip()
    return f"d'{nom}" if nom[:1] in _VOYELLES else f"de {nom}"


def pluriel(n: int, marque: str = "s") -> str:
    """La marque du pluriel après un nombre : « 1 carnet », « 60 carnets » (0 et 1 au singulier, comme en français)."""
    return marque if abs(n) >= 2 else ""
