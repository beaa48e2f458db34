"""Horaires d'ouverture au format OpenStreetMap `opening_hours` (celui du standard national).

L'analyse est faite par la bibliothèque maintenue `opening-hours-py` (import `opening_hours`), toujours en
heure de Paris (`Europe/Paris`, changements d'heure compris) et avec le calendrier des jours fériés français
pour la règle `PH` (« PH off » = fermé les jours fériés). Le calendrier embarqué par la bibliothèque
(`country="FR"`) est vérifié jour par jour contre le paquet `holidays` dans les tests
(tests/lieux/test_horaires.py) ; `is_public_holiday()` expose ce même calendrier (paquet `holidays`) aux pages.

Conventions :
- Texte vide ou illisible : `is_open` renvoie None (« on ne sait pas »), `describe_day` renvoie
  « horaires non renseignés ». Seul `validate_horaires` lève une erreur.
- Les datetimes naïfs sont lus comme heure de Paris ; les datetimes avec fuseau sont convertis.
- L'état « unknown » d'OSM (ex. `Mo 09:00-12:00 unknown`) donne None à `is_open`.
"""

from datetime import date, datetime, time, timedelta
from functools import lru_cache
from zoneinfo import ZoneInfo

import holidays
from django.core.exceptions import ValidationError
from opening_hours import OpeningHours, State

PARIS = ZoneInfo("Europe/Paris")
MAX_LENGTH = 1000  # au-delà, ce ne sont plus des horaires (cellule de 10 Mo, texte collé par erreur)
JOURS = ["Lundi", "Mardi", "Mercredi", "Jeudi", "Vendredi", "Samedi", "Dimanche"]
FERME = "fermé"
NON_RENSEIGNE = "horaires non renseignés"


@lru_cache(maxsize=8192)
def _parse(text: str) -> OpeningHours | None:
    """Expression analysée (mise en cache : une même chaîne revient sur des milliers de lieux) ou None."""
    text = (text or "").strip()
    if not text or len(text) > MAX_LENGTH:
        return None
    try:
        return OpeningHours(text, timezone=PARIS, country="FR", max_interval_days=366)
    except Exception:  # noqa: BLE001 — la bibliothèque lève ParserError/SyntaxError/ValueError selon les cas
        return None


def parse(text: str) -> OpeningHours | None:
    """Expression analysée, ou None si le texte est vide ou illisible."""
    return _parse((text or "").strip())


def validate_horaires(text: str) -> None:
    """Lève `ValidationError` (message en français) si `text` n'est pas une expression `opening_hours` valide.

    Un texte vide est accepté (horaires non renseignés).
    """
    text = (text or "").strip()
    if not text:
        return
    if len(text) > MAX_LENGTH:
        raise ValidationError(
            f"Les horaires sont trop longs ({len(text)} caractères, {MAX_LENGTH} au plus).", code="horaires_longueur"
        )
    if _parse(text) is None:
        raise ValidationError(
            "Ces horaires ne suivent pas le format attendu (format OpenStreetMap), par exemple : "
            "« Mo-Fr 09:00-12:00,14:00-17:00; Sa 09:00-12:00; PH off ».",
            code="horaires_invalides",
        )


def to_paris(at: datetime) -> datetime:
    """Datetime en heure de Paris ; un datetime naïf est considéré comme déjà à l'heure de Paris."""
    if at.tzinfo is None:
        return at.replace(tzinfo=PARIS)
    return at.astimezone(PARIS)


def is_open(text: str, at: datetime) -> bool | None:
    """Ouvert à l'instant `at` ? None si horaires absents, illisibles ou « unknown »."""
    if not text:
        return None
    # À la minute près (la syntaxe OSM ne connaît pas les secondes) : une réponse par texte et par minute.
    return _is_open(text, to_paris(at).replace(second=0, microsecond=0))


@lru_cache(maxsize=16384)
def _is_open(text: str, at: datetime) -> bool | None:
    oh = parse(text)
    if oh is None:
        return None
    try:
        state = oh.state(at)[0]
    except Exception:  # noqa: BLE001 — une date hors des limites de la bibliothèque ne doit pas casser une page
        return None
    if state == State.OPEN:
        return True
    if state == State.CLOSED:
        return False
    return None


def next_opening(text: str, at: datetime) -> datetime | None:
    """Premier instant ouvert à partir de `at` (inclus : `at` lui-même si c'est ouvert), en heure de Paris.

    None si horaires absents/illisibles ou aucune ouverture dans l'année qui suit.
    """
    oh = parse(text)
    if oh is None:
        return None
    at = to_paris(at)
    try:
        for start, _end, state, _comment in oh.intervals(at, at + timedelta(days=366)):
            if state == State.OPEN:
                return to_paris(max(start, at))
    except Exception:  # noqa: BLE001
        return None
    return None


def is_public_holiday(day: date) -> bool:
    """Jour férié en France métropolitaine (paquet `holidays`)."""
    return day in _holidays_fr(day.year)


@lru_cache(maxsize=64)
def _holidays_fr(year: int):
    return holidays.France(years=year)


def _fmt(t: time) -> str:
    """« 9 h », « 9 h 30 »."""
    return f"{t.hour} h" if not t.minute else f"{t.hour} h {t.minute:02d}"


def _open_intervals(oh: OpeningHours, start: datetime, end: datetime) -> list[tuple[datetime, datetime, str]]:
    """Intervalles ouverts entre start et end, les intervalles contigus fusionnés."""
    out: list[tuple[datetime, datetime, str]] = []
    for s, e, state, comment in oh.intervals(start, end):
        if state != State.OPEN:
            continue
        s, e = to_paris(s), to_paris(e)
        if out and out[-1][1] == s and out[-1][2] == (comment or ""):
            out[-1] = (out[-1][0], e, out[-1][2])
        else:
            out.append((s, e, comment or ""))
    return out


@lru_cache(maxsize=8192)
def describe_day(text: str, day: date) -> str:
    """Horaires d'un jour en mots : « 9 h – 12 h, 14 h – 17 h », « fermé », « 24 h sur 24 »,
    ou « horaires non renseignés ».

    Une plage de nuit commencée ce jour s'affiche avec sa vraie fin (« 22 h – 2 h ») ; une plage commencée la
    veille s'affiche depuis minuit (« 0 h – 2 h »). Le commentaire OSM éventuel suit entre parenthèses.
    """
    oh = parse(text)
    if oh is None:
        return NON_RENSEIGNE
    day_start = datetime.combine(day, time(0), PARIS)
    day_end = datetime.combine(day + timedelta(days=1), time(0), PARIS)
    try:
        intervals = _open_intervals(oh, day_start - timedelta(days=1), day_end + timedelta(days=1))
    except Exception:  # noqa: BLE001
        return NON_RENSEIGNE
    parts = []
    for s, e, comment in intervals:
        if e <= day_start or s >= day_end:
            continue
        if s <= day_start and e >= day_end:
            parts.append("24 h sur 24" + (f" ({comment})" if comment else ""))
            continue
        debut = max(s, day_start)
        fin = e if s >= day_start else min(e, day_end)
        fin_txt = "24 h" if fin == day_end else _fmt(fin.timetz())
        parts.append(f"{_fmt(debut.timetz())} – {fin_txt}" + (f" ({comment})" if comment else ""))
    return ", ".join(parts) if parts else FERME


def describe_week(text: str, start: date) -> list[tuple[str, str]]:
    """Sept jours à partir de `start` : [(« Lundi », « 9 h – 12 h »), …] ; un jour férié est suffixé
    « (jour férié) » dans le nom du jour."""
    out = []
    for i in range(7):
        day = start + timedelta(days=i)
        nom = JOURS[day.weekday()] + (" (jour férié)" if is_public_holiday(day) else "")
        out.append((nom, describe_day(text, day)))
    return out


# — « Ouvert jusqu'à 17 h », « Ouvre à 14 h », « Fermé aujourd'hui — ouvre lundi à 9 h » (cartes, API) —

JOURS_MINUSCULES = [j.lower() for j in JOURS]
MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre"]  # fmt: skip


def _quand(moment: datetime, ref: date) -> str:
    """« demain à 9 h », « lundi à 9 h » (dans la semaine), « le 12 janvier à 9 h » (au-delà)."""
    jours = (moment.date() - ref).days
    heure = _fmt(moment.timetz())
    if jours == 1:
        return f"demain à {heure}"
    if jours < 7:
        return f"{JOURS_MINUSCULES[moment.weekday()]} à {heure}"
    jour = "1er" if moment.day == 1 else str(moment.day)
    return f"le {jour} {MOIS[moment.month - 1]} à {heure}"


def _jusqua(fin: datetime, ref: date) -> str:
    jours = (fin.date() - ref).days
    if jours == 1 and fin.hour == 0 and fin.minute == 0:
        return "Ouvert jusqu'à minuit"
    if jours == 0:
        return f"Ouvert jusqu'à {_fmt(fin.timetz())}"
    return f"Ouvert jusqu'à {_quand(fin, ref).replace(' à ', ' ', 1)}"


def annonce(text: str, at: datetime) -> str | None:
    """L'état d'un lieu en une phrase, à l'instant `at` (heure de Paris, fériés, changements d'heure compris) :
    « Ouvert jusqu'à 17 h », « Ouvre à 14 h », « Fermé aujourd'hui — ouvre lundi à 9 h » (« Fermé pour
    aujourd'hui » s'il a ouvert plus tôt dans la journée ; « (jour férié) » un jour férié). None si les horaires
    sont absents ou illisibles."""
    if parse(text) is None:
        return None
    return _annonce(text, to_paris(at).replace(second=0, microsecond=0))


@lru_cache(maxsize=8192)
def _annonce(text: str, at: datetime) -> str | None:
    """`annonce` à la minute près, mise en cache : la même expression revient sur des milliers de lieux."""
    oh = parse(text)
    day_start = datetime.combine(at.date(), time(0), PARIS)
    try:
        intervals = _open_intervals(oh, day_start, at + timedelta(days=8))
    except Exception:  # noqa: BLE001 — une date hors des limites de la bibliothèque ne doit pas casser une page
        return None
    plus_tot = any(s < at for s, _e, _c in intervals)
    for s, e, _comment in intervals:
        if e <= at:
            continue
        if s <= at:
            return "Ouvert 24 h sur 24" if e - at >= timedelta(days=7) else _jusqua(e, at.date())
        if s.date() == at.date():
            return f"Ouvre à {_fmt(s.timetz())}"
        ferme = "Fermé pour aujourd'hui" if plus_tot else "Fermé aujourd'hui"
        if is_public_holiday(at.date()):
            ferme += " (jour férié)"
        return f"{ferme} — ouvre {_quand(s, at.date())}"
    return "Fermé en ce moment, pas d'ouverture prévue dans les 7 jours"


# — Créneaux de recherche : « ouvert en soirée », « ouvert le samedi », « ouvert le [jour] à [heure]» —

SOIREE = time(18, 0)

Fenetres = tuple[tuple[datetime, datetime], ...]


def _prochains_jours(today: date) -> list[date]:
    """Les 7 jours à partir d'aujourd'hui, jours fériés écartés : « ouvert en soirée » parle des jours ordinaires."""
    return [d for d in (today + timedelta(days=i) for i in range(7)) if not is_public_holiday(d)]


def fenetres_soiree(today: date) -> Fenetres:
    """Ouvert en soirée : ouvert à un moment entre 18 h et minuit, l'un des 7 prochains jours non fériés."""
    return tuple(
        (datetime.combine(d, SOIREE, PARIS), datetime.combine(d + timedelta(days=1), time(0), PARIS))
        for d in _prochains_jours(today)
    )


def fenetres_jour(today: date, weekday: int, heure: time | None = None, *, now: datetime | None = None) -> Fenetres:
    """Ouvert le [jour] (à un moment de la journée) ou le [jour] à [heure] (à cet instant), pour la prochaine
    occurrence de ce jour : aujourd'hui si l'heure n'est pas passée ; un jour férié est sauté."""
    days = [today + timedelta(days=i) for i in range(22)]  # deux jours fériés de suite (Noël, 1er janvier)
    for d in days:
        if d.weekday() != weekday or is_public_holiday(d):
            continue
        if heure is None:
            return ((datetime.combine(d, time(0), PARIS), datetime.combine(d + timedelta(days=1), time(0), PARIS)),)
        start = datetime.combine(d, heure, PARIS)
        if now is not None and start < to_paris(now):
            continue
        return ((start, start + timedelta(minutes=1)),)
    return ()


@lru_cache(maxsize=65536)
def ouvert_pendant(text: str, fenetres: Fenetres) -> bool:
    """Ouvert à un moment de l'une des fenêtres ? (une lecture des horaires pour toutes ; mis en cache : la même
    expression revient sur des milliers de lieux et les fenêtres ne changent qu'une fois par jour)."""
    oh = parse(text)
    if oh is None or not fenetres:
        return False
    start = min(f[0] for f in fenetres)
    end = max(f[1] for f in fenetres)
    try:
        intervals = _open_intervals(oh, start, end)
    except Exception:  # noqa: BLE001
        return False
    return any(s < f_end and e > f_start for s, e, _c in intervals for f_start, f_end in fenetres)
