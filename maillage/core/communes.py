"""Retrouver une commune depuis ce qu'une personne tape : la seule règle du projet.

Formulaires (structure, lieu, arrêt, orientation, accompagnement, Pass numérique), recherche publique des lieux et
autocomplétion passent tous par ici : une même saisie désigne partout la même commune, ou partout la même question.

La règle :
1. « 49100 » est un code postal ; si aucune commune ne le porte, un code INSEE (« 49007 », « 2A004 »).
2. Un nom (« angers », « Saint-Barthélemy-d'Anjou ») se compare sans accents ni casse : le nom exact d'abord,
   sinon le début du nom. Un code postal tapé avec le nom (« Angers (49000) », « 49000 Angers ») restreint aux
   communes qui le portent.
3. Plusieurs communes possibles : on garde celles du territoire donné s'il y en a (préférence, pas filtre : une
   personne peut habiter hors du territoire) ; s'il en reste plusieurs, on ne choisit jamais à la place de la
   personne : l'erreur cite jusqu'à 5 candidates. Aucune : erreur qui dit quoi essayer.
"""

import re
from collections.abc import Iterable

from django.conf import settings
from django.core.exceptions import ValidationError

from maillage.core.models import Commune
from maillage.core.utils import normalize_text

#: Code postal ou code INSEE (la Corse a 2A/2B), seul ou dans le texte.
_CODE = re.compile(r"\b(\d{5}|2[AB]\d{3})\b", re.IGNORECASE)
MAX_CANDIDATES = 5

MESSAGE_VIDE = "Indiquez une commune : son nom ou son code postal."
MESSAGE_INCONNUE = "Nous ne trouvons pas la commune « %(value)s ». Vérifiez l'orthographe ou tapez le code postal."
MESSAGE_AMBIGUE = "Plusieurs communes correspondent à « %(value)s ». Précisez : %(choices)s (ou tapez le code postal)."


class CommuneAmbigue(ValidationError):
    """Plusieurs communes possibles : `candidates` permet de les proposer comme liens (recherche publique)."""

    def __init__(self, value: str, candidates: list[Commune]):
        self.candidates = candidates
        choices = ", ".join(c.label for c in candidates[:MAX_CANDIDATES])
        if len(candidates) > MAX_CANDIDATES:
            choices += "…"
        super().__init__(MESSAGE_AMBIGUE, code="ambiguous", params={"value": value, "choices": choices})


class CommuneInconnue(ValidationError):
    def __init__(self, value: str):
        super().__init__(MESSAGE_INCONNUE, code="unknown", params={"value": value})


def _split(text: str) -> tuple[str, str]:
    """(code, nom normalisé) : « Angers (49000) » → (« 49000 », « angers »)."""
    match = _CODE.search(text)
    code = match.group(1).upper() if match else ""
    rest = _CODE.sub(" ", text) if match else text
    return code, normalize_text(rest)


def _matching(text: str, queryset):
    """Les communes qui correspondent à la saisie (requête non évaluée), ou None si rien n'est à chercher."""
    code, name = _split(text)
    qs = queryset
    if code:
        by_cp = qs.filter(codes_postaux_text__contains=f"|{code}|")
        qs = by_cp if by_cp.exists() else qs.filter(pk=code)
    if name:
        exact = qs.filter(search_text=name)
        qs = exact if exact.exists() else qs.filter(search_text__startswith=name)
    elif not code:
        return None
    return qs.order_by("-population", "nom")


def resolve_commune(text: str, *, territoire=None, queryset=None) -> Commune:
    """La commune désignée par `text` (nom, « Nom (CP) », code postal ou INSEE), ou une ValidationError en français.

    `territoire` : en cas d'homonymes, les communes de ce territoire passent devant (voir la règle en tête).
    `queryset` : pour restreindre les communes acceptables (rare)."""
    if isinstance(text, Commune):
        return text
    value = (text or "").strip()
    if not value:
        raise ValidationError(MESSAGE_VIDE, code="required")
    qs = _matching(value, queryset if queryset is not None else Commune.objects.all())
    # Une de plus que ce qu'on cite : pour savoir s'il y en a d'autres (« … »).
    found = list(qs[: MAX_CANDIDATES + 1]) if qs is not None else []
    if not found:
        raise CommuneInconnue(value)
    if len(found) > 1 and territoire is not None:
        # Parmi toutes les candidates (pas seulement les premières) : une petite commune du territoire compte aussi.
        local = list(qs.filter(territoires=territoire)[: MAX_CANDIDATES + 1])
        if local:
            found = local
    if len(found) > 1:
        raise CommuneAmbigue(value, found)
    return found[0]


def search_communes(
    q: str, *, departement: str | None = None, territoire=None, prefere: Iterable[str] | None = None, limit: int = 10
) -> list[Commune]:
    """Suggestions pour l'autocomplétion (nom sans accents, code postal ou code INSEE), dans cet ordre :

    1. un code postal complet (5 chiffres) ne propose que ses communes ;
    2. le nom qui commence par le texte tapé, puis un mot du nom qui commence par lui, puis le reste ;
    3. à égalité, les communes du territoire (`territoire`), sinon des départements `prefere` (par défaut ceux de
       l'instance, réglage `MAILLAGE_DEPARTEMENTS`) : « Ange » en Maine-et-Loire propose Angers d'abord ;
    4. puis les plus peuplées. Toute la France reste proposée après (sauf filtre `departement`)."""
    q = (q or "").strip()
    qs = Commune.objects.search(q)
    if departement:
        qs = qs.filter(departement_id=departement.upper())
    if len(q) == 5 and q.isdigit():
        postales = list(qs.filter(codes_postaux_text__contains=f"|{q}|")[:limit])
        if postales:
            return postales
    if territoire is not None:
        locales = qs.filter(territoires=territoire)
    else:
        locales = qs.filter(departement_id__in=list(prefere or settings.MAILLAGE_DEPARTEMENTS))
    proches = list(locales[: limit * 3])
    local_ids = {c.pk for c in proches}
    pool = {c.pk: c for c in [*proches, *qs[: limit * 3]]}
    texte = normalize_text(q)

    def rang(c: Commune) -> tuple:
        debut = 0 if c.search_text.startswith(texte) else 1 if f" {texte}" in c.search_text else 2
        return debut, c.pk not in local_ids, -c.population

    return sorted(pool.values(), key=rang)[:limit]


class CommuneIndex:
    """Le référentiel en mémoire (≈ 35 000 petites lignes, chargé une fois) pour les imports de milliers de lignes,
    où une requête par ligne serait trop lente. Même règle que `resolve_commune` pour des colonnes séparées :
    code INSEE connu, sinon code postal + nom exact, sinon la seule commune du code postal ; jamais de choix au
    hasard entre plusieurs (None : la ligne le signale)."""

    def __init__(self, queryset=None):
        self.by_insee: dict[str, tuple[float | None, float | None]] = {}
        self.by_cp_nom: dict[tuple[str, str], str] = {}
        self.by_cp: dict[str, list[str]] = {}
        # `codes_postaux_text` (« |49000|49100| ») plutôt que le JSON : 35 000 décodages de moins par import.
        rows = (queryset if queryset is not None else Commune.objects.all()).values_list(
            "code_insee", "search_text", "codes_postaux_text", "latitude", "longitude"
        )
        for code, nom, cps, lat, lon in rows.iterator(chunk_size=5000):
            self.by_insee[code] = (lat, lon)
            for cp in filter(None, (cps or "").split("|")):
                self.by_cp_nom[(cp, nom)] = code
                self.by_cp.setdefault(cp, []).append(code)

    def resolve(self, code_insee: str, code_postal: str, commune: str) -> str | None:
        """Le code INSEE de la commune désignée, ou None (inconnue ou ambiguë)."""
        if code_insee and code_insee in self.by_insee:
            return code_insee
        code = self.by_cp_nom.get((code_postal, normalize_text(commune)))
        if code:
            return code
        candidates = self.by_cp.get(code_postal, [])
        return candidates[0] if len(candidates) == 1 else None
