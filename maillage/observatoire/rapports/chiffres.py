"""Les chiffres d'un territoire pour un mois, rangés par mission des hubs : réseau, financement, mutualisation,
évaluation. Une seule lecture pour l'écran, le PDF, le CSV, le XLSX, la vue des élus et l'export national : les
nombres ne peuvent pas différer d'un support à l'autre.

Tout est déjà masqué ici (`core/masquage.py`) : effectif de 1 à 4 « < 5 » ; une part ou un délai médian qui se
calcule sur un effectif masqué (la part, le total ou le reste) devient « — » ; un montant du Pass suit le nombre de
chèques. Les lieux (offre publique) ne désignent personne : comptés tels quels, au jour de l'édition, par
`observatoire.selectors.offre`.

Ce qui est compté, par commune du territoire :
- séances : le lieu de la séance (`Accompagnement.commune`), comme les panneaux ;
- orientations envoyées : par une structure dont la commune est dans le territoire ; reçues : vers un lieu du
  territoire ; closes, refusées, délais : parmi celles adressées à un lieu du territoire ;
- Pass : les campagnes du territoire (carnets remis, chèques encaissés dans le mois).
"""

import statistics
from dataclasses import dataclass, field
from datetime import date, datetime, time
from decimal import Decimal

from django.db.models import Count, Q, Sum
from django.utils import timezone

from maillage.accompagnements.models import Accompagnement
from maillage.comptes.models import Territoire
from maillage.core.formats import euros, nombre
from maillage.core.masquage import MASQUE, PART_MASQUEE, SEUIL, est_masque, masque
from maillage.observatoire import selectors
from maillage.orientations.enums import Resultat, StatutOrientation
from maillage.orientations.models import Orientation
from maillage.pass_numerique.models import Campagne, Carnet, Cheque

MOIS = ["janvier", "février", "mars", "avril", "mai", "juin", "juillet", "août", "septembre", "octobre",
        "novembre", "décembre"]  # fmt: skip


def libelle_mois(mois: date) -> str:
    return f"{MOIS[mois.month - 1]} {mois.year}"


def mois_suivant(mois: date) -> date:
    return date(mois.year + mois.month // 12, mois.month % 12 + 1, 1)


def derniers_mois(today: date, n: int = 12) -> list[date]:
    """Le mois en cours puis les `n - 1` précédents (liens de la page des rapports)."""
    mois, liste = date(today.year, today.month, 1), []
    for _ in range(n):
        liste.append(mois)
        mois = date(mois.year - (mois.month == 1), (mois.month - 2) % 12 + 1, 1)
    return liste


SYMBOLES = {"pour cent": "%"}


@dataclass
class Ligne:
    """Un chiffre publiable : `valeur` est un nombre (entier, montant) ou le texte d'un masque ; `unite` se lit
    après le nombre, en toutes lettres (« pour cent », « jours », « euros ») : un « % » en tête de cellule serait
    lu comme une formule par un tableur, l'export le préfixerait d'une apostrophe."""

    code: str
    libelle: str
    valeur: int | Decimal | str
    unite: str = ""

    @property
    def masquee(self) -> bool:
        return self.valeur in (MASQUE, PART_MASQUEE)

    @property
    def texte(self) -> str:
        """L'écriture montrée à l'écran et dans le PDF : « 1 250 », « 42 % », « 3 jours », « 150,00 € », « < 5 »."""
        if isinstance(self.valeur, str):
            return self.valeur
        if self.unite == "euros":
            return euros(self.valeur)
        texte = nombre(self.valeur, 0)
        return f"{texte}\u00a0{SYMBOLES.get(self.unite, self.unite)}" if self.unite else texte


@dataclass
class Section:
    code: str
    titre: str
    mission: str
    lignes: list[Ligne] = field(default_factory=list)


@dataclass
class Rapport:
    territoire: Territoire
    mois: date
    edite_le: date
    sections: list[Section]

    @property
    def periode(self) -> str:
        return libelle_mois(self.mois)

    @property
    def en_cours(self) -> bool:
        """Le mois n'est pas terminé : ses chiffres sont arrêtés au jour de l'édition."""
        return (self.mois.year, self.mois.month) == (self.edite_le.year, self.edite_le.month)

    def lignes(self):
        for section in self.sections:
            for ligne in section.lignes:
                yield section, ligne


def _part(part: int, total: int) -> int | str:
    """Part en pour cent (entier), « — » si elle redonnerait un effectif masqué (part, total ou reste)."""
    if total <= 0 or est_masque(part) or est_masque(total) or est_masque(total - part):
        return PART_MASQUEE
    return round(100 * part / total)


def _parmi(part: int, total: int) -> int | str:
    """Un effectif publié à côté d'un total qui le contient : masqué comme un effectif, et « — » si la différence
    (total − part, les autres) redonnerait un effectif de 1 à 4."""
    if est_masque(part):
        return MASQUE
    return PART_MASQUEE if est_masque(total - part) else part


def _mediane_jours(durees: list[float]) -> int | str:
    """Délai médian en jours entiers, sur au moins SEUIL orientations (sinon le délai d'une personne se lirait)."""
    if len(durees) < SEUIL:
        return PART_MASQUEE
    return round(statistics.median(durees) / 86400)


def _bornes(mois: date) -> tuple[datetime, datetime]:
    tz = timezone.get_current_timezone()
    return datetime.combine(mois, time(0), tz), datetime.combine(mois_suivant(mois), time(0), tz)


def _reseau(codes: list[str], today: date, debut: date, fin: date) -> Section:
    o = selectors.offre(codes, today)
    structures = (
        Accompagnement.objects.actives()
        .filter(commune__in=codes, date__gte=debut, date__lt=fin)
        .values("structure")
        .distinct()
        .count()
    )
    return Section("reseau", "Réseau", "Recenser, articuler et coordonner les acteurs de la médiation numérique", [
        Ligne("lieux_publies", "Lieux de médiation numérique publiés (au jour de l'édition)", o["lieux"]),
        Ligne("lieux_ouverts_7_jours", "Lieux ouverts dans les 7 jours qui suivent l'édition", o["ouverts_semaine"]),
        Ligne("lieux_sans_horaires", "Lieux publiés sans horaires", o["sans_horaires"]),
        Ligne("lieux_pass", "Lieux qui acceptent le Pass numérique", o["pass"]),
        Ligne("arrets_itinerants", "Arrêts de lieux itinérants", o["arrets"]),
        Ligne("structures_actives", "Structures qui ont enregistré au moins une séance dans le mois", structures),
    ])  # fmt: skip


def _financement(territoire: Territoire, debut: datetime, fin: datetime) -> Section:
    campagnes = Campagne.objects.filter(
        territoire=territoire, starts_on__lt=fin.date(), ends_on__gte=debut.date()
    ).count()
    carnets = Carnet.objects.filter(
        campagne__territoire=territoire, handed_out_at__gte=debut, handed_out_at__lt=fin
    ).count()
    cheques = Cheque.objects.filter(
        campagne__territoire=territoire, redeemed_at__gte=debut, redeemed_at__lt=fin, cancelled_at__isnull=True
    ).aggregate(n=Count("pk"), montant=Sum("campagne__valeur_cheque"))
    n = cheques["n"] or 0
    somme = Decimal(cheques["montant"] or 0).quantize(Decimal("0.01"))  # même écriture sur SQLite et PostgreSQL
    montant: Decimal | str = PART_MASQUEE if est_masque(n) else somme
    return Section("financement", "Financement", "Lever des fonds pour la médiation numérique du territoire", [
        Ligne("campagnes_pass", "Campagnes du Pass numérique en cours dans le mois", campagnes),
        Ligne("carnets_remis", "Carnets du Pass numérique remis dans le mois", masque(carnets)),
        Ligne("cheques_encaisses", "Chèques du Pass numérique encaissés dans le mois", masque(n)),
        Ligne("montant_encaisse", "Montant des chèques encaissés", montant, "euros"),
    ])  # fmt: skip


def _mutualisation(codes: list[str], debut: datetime, fin: datetime) -> Section:
    envoyees = Orientation.objects.filter(
        structure_prescriptrice__commune__in=codes, created_at__gte=debut, created_at__lt=fin
    ).count()
    vers_ici = Orientation.objects.filter(lieu__commune_ref__in=codes)
    recues = vers_ici.filter(created_at__gte=debut, created_at__lt=fin).aggregate(
        n=Count("pk"), closes=Count("pk", filter=Q(closed_at__isnull=False))
    )
    reponses = list(
        vers_ici.filter(answered_at__gte=debut, answered_at__lt=fin).values_list("created_at", "answered_at", "statut")
    )
    closes = list(vers_ici.filter(closed_at__gte=debut, closed_at__lt=fin).values_list("created_at", "closed_at"))
    refusees = sum(1 for *_, statut in reponses if statut == StatutOrientation.REFUSEE)
    n = recues["n"] or 0
    return Section("mutualisation", "Mutualisation", "Partager les parcours : orientations entre structures", [
        Ligne("orientations_envoyees", "Orientations envoyées par une structure du territoire", masque(envoyees)),
        Ligne("orientations_recues", "Orientations reçues par un lieu du territoire", masque(n)),
        Ligne("orientations_recues_closes", "Part des orientations reçues dans le mois déjà closes",
              _part(recues["closes"] or 0, n), "pour cent"),
        Ligne("orientations_closes", "Orientations closes dans le mois", masque(len(closes))),
        Ligne("orientations_refusees", "Orientations refusées dans le mois", masque(refusees)),
        Ligne("delai_reponse", "Délai médian de réponse (jours)",
              _mediane_jours([(r - c).total_seconds() for c, r, _ in reponses]), "jours"),
        Ligne("delai_cloture", "Délai médian entre l'envoi et la clôture (jours)",
              _mediane_jours([(f - c).total_seconds() for c, f in closes]), "jours"),
    ])  # fmt: skip


def _evaluation(codes: list[str], debut: date, fin: date) -> Section:
    s = (
        Accompagnement.objects.actives()
        .filter(commune__in=codes, date__gte=debut, date__lt=fin)
        .aggregate(
            n=Count("pk"),
            personnes=Sum("participants"),
            renseignes=Count("pk", filter=Q(resultat__in=[Resultat.RESOLU, Resultat.EN_PARTIE, Resultat.NON])),
            resolus=Count("pk", filter=Q(resultat=Resultat.RESOLU)),
            en_partie=Count("pk", filter=Q(resultat=Resultat.EN_PARTIE)),
            non=Count("pk", filter=Q(resultat=Resultat.NON)),
        )
    )
    r = s["renseignes"] or 0
    return Section("evaluation", "Évaluation", "Évaluer le service rendu et en informer les collectivités", [
        Ligne("seances", "Séances d'accompagnement et ateliers", masque(s["n"] or 0)),
        Ligne("personnes", "Personnes accompagnées (participants des ateliers compris)", masque(s["personnes"] or 0)),
        Ligne("seances_resultat", "Séances dont le résultat pour la personne est renseigné", _parmi(r, s["n"] or 0)),
        Ligne("part_resolu", "Part des besoins résolus", _part(s["resolus"] or 0, r), "pour cent"),
        Ligne("part_en_partie", "Part des besoins résolus en partie", _part(s["en_partie"] or 0, r), "pour cent"),
        Ligne("part_non_resolu", "Part des besoins non résolus", _part(s["non"] or 0, r), "pour cent"),
    ])  # fmt: skip


def rapport_du_mois(territoire: Territoire, mois: date, today: date | None = None) -> Rapport:
    """Les quatre sections du mois `mois` (premier jour) pour les communes du territoire."""
    today = today or timezone.localdate()
    codes = list(territoire.communes.values_list("code_insee", flat=True))
    debut, fin = _bornes(mois)
    return Rapport(territoire, mois, today, [
        _reseau(codes, today, mois, mois_suivant(mois)),
        _financement(territoire, debut, fin),
        _mutualisation(codes, debut, fin),
        _evaluation(codes, mois, mois_suivant(mois)),
    ])  # fmt: skip
