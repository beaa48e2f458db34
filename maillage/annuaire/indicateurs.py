"""Registre des chiffres vivants de Maillage qu'un indicateur de feuille de route peut suivre.

Un indicateur garde le NOM d'un chiffre (`Indicateur.chiffre`), jamais sa valeur : la page le recalcule. Un nom
retiré du registre, ou un calcul qui échoue, s'affiche « indicateur indisponible » : la page ne tombe jamais.
Pour ajouter un chiffre : une fonction `(territoire, aujourd'hui) -> int` et une ligne dans `REGISTRE`."""

import logging
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django.db.models import F

from maillage.annuaire.models import Acteur, Poste
from maillage.comptes.models import Territoire
from maillage.lieux.horaires import fenetres_jour, ouvert_pendant
from maillage.lieux.models import Lieu
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import Orientation

logger = logging.getLogger(__name__)

INDISPONIBLE = "indicateur indisponible"


@dataclass(frozen=True)
class Chiffre:
    libelle: str
    calcul: Callable[[Territoire, date], int]


def lieux_ouverts_samedi(territoire: Territoire, today: date) -> int:
    horaires = Lieu.objects.published().filter(commune_ref__territoires=territoire).exclude(horaires="")
    fenetres = fenetres_jour(today, 5)
    return sum(1 for h in horaires.values_list("horaires", flat=True) if ouvert_pendant(h, fenetres))


def lieux_publies(territoire: Territoire, today: date) -> int:
    return Lieu.objects.published().filter(commune_ref__territoires=territoire).count()


def orientations_closes_15_jours(territoire: Territoire, today: date) -> int:
    return Orientation.objects.filter(
        lieu__commune_ref__territoires=territoire, statut=StatutOrientation.CLOSE,
        closed_at__lte=F("created_at") + timedelta(days=15),
    ).count()  # fmt: skip


def acteurs_annuaire(territoire: Territoire, today: date) -> int:
    return Acteur.objects.actifs().filter(territoire=territoire).count()


def postes_finances(territoire: Territoire, today: date) -> int:
    return Poste.objects.filter(territoire=territoire, archived_at__isnull=True, fin_financement__gte=today).count()


REGISTRE: dict[str, Chiffre] = {
    "lieux_ouverts_samedi": Chiffre("Lieux publiés ouverts le samedi", lieux_ouverts_samedi),
    "lieux_publies": Chiffre("Lieux de médiation publiés", lieux_publies),
    "orientations_closes_15_jours": Chiffre("Orientations closes en 15 jours au plus", orientations_closes_15_jours),
    "acteurs_annuaire": Chiffre("Acteurs dans l'annuaire", acteurs_annuaire),
    "postes_finances": Chiffre("Postes de médiation financés aujourd'hui", postes_finances),
}


def choix() -> list[tuple[str, str]]:
    return [(nom, c.libelle) for nom, c in REGISTRE.items()]


class Valeurs:
    """Les chiffres d'un territoire, calculés une fois par page même si 50 indicateurs suivent le même."""

    def __init__(self, territoire: Territoire, today: date):
        self.territoire, self.today, self._cache = territoire, today, {}

    def __call__(self, nom: str) -> int | None:
        if nom not in self._cache:
            self._cache[nom] = self._calculer(nom)
        return self._cache[nom]

    def _calculer(self, nom: str) -> int | None:
        chiffre = REGISTRE.get(nom)
        if chiffre is None:
            return None
        try:
            return chiffre.calcul(self.territoire, self.today)
        except Exception:  # noqa: BLE001 — un chiffre cassé ne fait pas tomber la feuille de route
            logger.exception("Indicateur %s : calcul impossible", nom)
            return None
