"""L'observatoire des financeurs sur toutes leurs campagnes, campagne par campagne et par structure qui distribue.

Par structure : carnets remis, carnets entamés (et leur part), délai médian entre la remise et le premier chèque
encaissé, issue des séances payées par un chèque (résolu, en partie, non). Tout effectif de 1 à 4 est caché, et
avec lui toute part ou tout délai qui le redonnerait (`core.masquage`). Jamais de donnée sur une personne.
"""

from dataclasses import dataclass
from statistics import median

from django.db.models import Count, QuerySet

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import territoire_ids_for
from maillage.core.masquage import PART_MASQUEE, SEUIL, masque, masque_part
from maillage.lieux.models import StatutLieu
from maillage.orientations.enums import Resultat  # le résultat d'une séance (accompagnements)
from maillage.pass_numerique.enums import StatutCampagne, StatutQualification
from maillage.pass_numerique.models import Campagne, Carnet, Cheque, QualificationService


def campagnes_observees(user: User) -> QuerySet[Campagne]:
    """Les campagnes des territoires que la personne finance ou coordonne."""
    territoires = territoire_ids_for(user, Role.COMMANDITAIRE, Role.COORDINATEUR)
    return Campagne.objects.filter(territoire_id__in=territoires).select_related("territoire").order_by("-starts_on")


@dataclass
class Ligne:
    """Une ligne du tableau, déjà masquée : ce qui s'affiche et s'exporte."""

    libelle: str
    remis: int | str
    entames: int | str
    part_entamee: str
    delai_median: str
    seances_payees: int | str
    part_resolue: str
    part_non_resolue: str

    def cellules(self) -> list:
        return [self.libelle, self.remis, self.entames, self.part_entamee, self.delai_median, self.seances_payees,
                self.part_resolue, self.part_non_resolue]  # fmt: skip


COLONNES = [
    "Carnets remis", "Carnets entamés", "Part entamée", "Délai médian avant le premier chèque",
    "Séances payées par un chèque", "dont résolues", "dont non résolues",
]  # fmt: skip


def _delai(jours: list[float]) -> str:
    """Médiane en jours, seulement sur au moins SEUIL carnets (sinon le délai d'une personne se lirait)."""
    if len(jours) < SEUIL:
        return PART_MASQUEE
    m = median(jours)
    return "moins d'un jour" if m < 1 else f"{round(m)} jour{'s' if round(m) > 1 else ''}"


def _ligne(libelle: str, carnets: list[tuple], issues: dict) -> Ligne:
    remis = len(carnets)
    jours = [(first - handed).total_seconds() / 86400 for handed, first in carnets if first]
    avec_seance = sum(issues.values())
    return Ligne(
        libelle=libelle, remis=masque(remis), entames=masque(len(jours)),
        part_entamee=masque_part(len(jours), remis), delai_median=_delai(jours), seances_payees=masque(avec_seance),
        part_resolue=masque_part(issues.get(Resultat.RESOLU, 0), avec_seance),
        part_non_resolue=masque_part(issues.get(Resultat.NON, 0), avec_seance),
    )  # fmt: skip


def _regroupe(campagnes: QuerySet[Campagne], cle: str) -> tuple[dict, dict, dict]:
    """Carnets remis (dates) et issues des séances payées, regroupés par `cle` (structure ou campagne)."""
    carnets: dict = {}
    noms: dict = {}
    remis = Carnet.objects.filter(campagne__in=campagnes, handed_out_at__isnull=False, structure__isnull=False)
    nom_cle = {"structure_id": "structure__nom", "campagne_id": "campagne__nom"}[cle]
    for k, nom, handed, first in remis.values_list(cle, nom_cle, "handed_out_at", "first_used_at").iterator():
        carnets.setdefault(k, []).append((handed, first))
        noms[k] = nom
    issues: dict = {}
    payes = Cheque.objects.filter(campagne__in=campagnes, redeemed_at__isnull=False, accompagnement__isnull=False)
    cle_cheque = "carnet__structure_id" if cle == "structure_id" else "campagne_id"
    for k, resultat, n in payes.values_list(cle_cheque, "accompagnement__resultat").annotate(n=Count("pk")).order_by():
        issues.setdefault(k, {})[resultat] = n
    return carnets, noms, issues


def par_structure(campagnes: QuerySet[Campagne]) -> list[Ligne]:
    """Une ligne par structure qui a remis des carnets de ces campagnes, la plus active d'abord."""
    carnets, noms, issues = _regroupe(campagnes, "structure_id")
    ordre = sorted(carnets, key=lambda k: (-len(carnets[k]), noms[k]))
    return [_ligne(noms[k], carnets[k], issues.get(k, {})) for k in ordre]


def par_campagne(campagnes: QuerySet[Campagne]) -> list[Ligne]:
    carnets, noms, issues = _regroupe(campagnes, "campagne_id")
    return [_ligne(c.nom, carnets.get(c.pk, []), issues.get(c.pk, {})) for c in campagnes]


def total(campagnes: QuerySet[Campagne]) -> Ligne:
    remis = Carnet.objects.filter(campagne__in=campagnes, handed_out_at__isnull=False, structure__isnull=False)
    carnets = list(remis.values_list("handed_out_at", "first_used_at"))
    issues = dict(
        Cheque.objects.filter(campagne__in=campagnes, redeemed_at__isnull=False, accompagnement__isnull=False)
        .values_list("accompagnement__resultat")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _ligne("Toutes les campagnes", carnets, issues)


# ---------------------------------------------------------------------------------------------------------------
# Page publique « Le Pass numérique dans mon territoire » (sans compte)
# ---------------------------------------------------------------------------------------------------------------


def territoires_publics() -> QuerySet[Territoire]:
    """Territoires où une campagne a des carnets générés et n'est pas close : là où le Pass sert aujourd'hui."""
    return Territoire.objects.filter(campagnes_pass__statut=StatutCampagne.GENEREE).distinct().order_by("nom")


def page_publique(territoire: Territoire) -> dict:
    """Ce que montre la page publique d'un territoire : campagnes en cours, où obtenir un carnet (structures qui ont
    choisi d'y être nommées et qui ont des carnets), où il est accepté (lieux ouverts qualifiés, services, reste)."""
    campagnes = list(Campagne.objects.filter(territoire=territoire, statut=StatutCampagne.GENEREE).order_by("ends_on"))
    distributeurs = (
        Structure.objects.filter(
            point_distribution_pass__visible=True,
            carnets_pass__campagne__in=campagnes,
        )
        .select_related("commune", "point_distribution_pass")
        .distinct()
        .order_by("commune__nom", "nom")
    )
    offres = (
        QualificationService.objects.filter(
            qualification__territoire=territoire,
            qualification__statut=StatutQualification.APPROUVEE,
            qualification__lieu__statut=StatutLieu.PUBLIE,
            service__campagnes__in=campagnes,
        )
        .select_related("qualification__lieu", "service")
        .distinct()
        .order_by("qualification__lieu__commune", "qualification__lieu__nom", "service__libelle")
    )
    lieux: dict = {}
    for offre in offres:
        lieux.setdefault(offre.qualification.lieu, []).append(offre)
    return {
        "campagnes": campagnes,
        "reste_autorise": any(c.reste_a_charge_autorise for c in campagnes),
        "distributeurs": list(distributeurs),
        "lieux": list(lieux.items()),
    }
