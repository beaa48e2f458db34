"""Lectures lourdes : l'observatoire du Pass (chiffres agrégés, jamais nominatifs) et ses exports.

Performance à 1 M de chèques : on ne compte jamais les chèques non encaissés (leur nombre se déduit de la
campagne) ; les agrégats portent sur les carnets (100 000 lignes, index `carnet_stock_idx`) et sur les seuls
chèques encaissés (index `cheque_encaisse_idx` = campagne, redeemed_at). Un cache court (60 s) par campagne
absorbe les rechargements du tableau de bord.
"""

from dataclasses import dataclass, field
from datetime import timedelta

from django.core.cache import cache
from django.db.models import Avg, Count, F, Q, QuerySet
from django.db.models.functions import TruncMonth
from django.utils import timezone

from maillage.accompagnements.models import Accompagnement
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import structure_ids_for, territoire_ids_for
from maillage.core.formats import euros
from maillage.core.masquage import SEUIL, masque
from maillage.lieux.models import Lieu
from maillage.orientations.models import Orientation
from maillage.pass_numerique import codes
from maillage.pass_numerique.enums import (
    MOTIFS_NON_REMIS,
    ROLES_DISTRIBUTION,
    Besoin,
    MotifRefus,
    Situation,
    StatutQualification,
    TrancheAge,
)
from maillage.pass_numerique.models import (
    Campagne,
    Carnet,
    Cheque,
    QualificationPass,
    QualificationService,
    Releve,
    TentativeRefusee,
)

CACHE_SECONDS = 60


@dataclass
class Observatoire:
    carnets_generes: int = 0
    carnets_attribues: int = 0
    carnets_remis: int = 0
    carnets_entames: int = 0
    carnets_annules: int = 0
    cheques_emis: int = 0
    cheques_encaisses: int = 0
    delai_moyen_jours: float | None = None
    # Encaissements refusés pour des chèques de la campagne : (libellé du motif, nombre), le plus fréquent d'abord.
    # Pas des personnes mais des essais de lieux : effectifs exacts, jamais masqués (le financeur enquête).
    tentatives_refusees: int = 0
    tentatives_non_remis: int = 0
    tentatives_par_motif: list = field(default_factory=list)
    # Chaque tableau : liste de (libellé, effectif brut) ; l'affichage masque les petits effectifs.
    par_lieu: list = field(default_factory=list)
    par_service: list = field(default_factory=list)
    par_mois: list = field(default_factory=list)
    par_commune_remise: list = field(default_factory=list)
    par_commune_encaissement: list = field(default_factory=list)
    par_tranche_age: list = field(default_factory=list)
    par_situation: list = field(default_factory=list)
    par_besoin: list = field(default_factory=list)
    # Carte : (nom, latitude, longitude, effectif), seulement les effectifs d'au moins SEUIL (secret statistique).
    points_remise: list = field(default_factory=list)
    points_encaissement: list = field(default_factory=list)

    def carte(self) -> dict:
        """Les points de la carte (effectifs d'au moins SEUIL), tels que carte.js les lit."""
        return {
            "remises": [{"nom": n, "lat": la, "lon": lo, "n": c} for n, la, lo, c in self.points_remise],
            "encaissements": [{"nom": n, "lat": la, "lon": lo, "n": c} for n, la, lo, c in self.points_encaissement],
        }

    def tableaux(self) -> list[tuple[str, str, list[tuple[str, int | str]]]]:
        """(titre, colonne, lignes masquées) pour l'affichage et les exports."""
        specs = [
            ("Chèques encaissés par lieu", "Lieu", self.par_lieu),
            ("Chèques encaissés par service", "Service", self.par_service),
            ("Chèques encaissés par mois", "Mois", self.par_mois),
            ("Chèques encaissés par commune du lieu", "Commune", self.par_commune_encaissement),
            ("Carnets remis par commune de la personne", "Commune", self.par_commune_remise),
            ("Chèques encaissés par tranche d'âge", "Tranche d'âge", self.par_tranche_age),
            ("Chèques encaissés par situation", "Situation", self.par_situation),
            ("Chèques encaissés par besoin", "Besoin", self.par_besoin),
        ]
        return [(titre, col, [(label, masque(n)) for label, n in rows]) for titre, col, rows in specs]


def _labels(choices: list[tuple[str, str]], rows: list[tuple[str, int]]) -> list[tuple[str, int]]:
    d = dict(choices)
    return [(d.get(k, "Non renseigné") if k else "Non renseigné", n) for k, n in rows]


def observatoire(campagne: Campagne, use_cache: bool = True) -> Observatoire:
    key = f"pass:observatoire:{campagne.pk}"
    if use_cache:
        cached = cache.get(key)
        if cached is not None:
            return cached
    carnets = Carnet.objects.filter(campagne=campagne)
    agg = carnets.aggregate(
        attribues=Count("pk", filter=Q(structure__isnull=False)),
        remis=Count("pk", filter=Q(handed_out_at__isnull=False)),
        entames=Count("pk", filter=Q(first_used_at__isnull=False)),
        annules=Count("pk", filter=Q(cancelled_at__isnull=False)),
        delai=Avg(
            F("first_used_at") - F("handed_out_at"), filter=Q(first_used_at__isnull=False, handed_out_at__isnull=False)
        ),
    )
    encaisses = Cheque.objects.filter(campagne=campagne, redeemed_at__isnull=False)
    obs = Observatoire(
        carnets_generes=campagne.nombre_carnets if campagne.generated_at else 0,
        carnets_attribues=agg["attribues"],
        carnets_remis=agg["remis"],
        carnets_entames=agg["entames"],
        carnets_annules=agg["annules"],
        cheques_emis=campagne.nombre_cheques if campagne.generated_at else 0,
        cheques_encaisses=encaisses.count(),
    )
    if agg["delai"] is not None:
        obs.delai_moyen_jours = round(agg["delai"].total_seconds() / 86400, 1)
    tentatives = dict(
        TentativeRefusee.objects.filter(campagne=campagne).values_list("motif").annotate(n=Count("pk")).order_by()
    )
    obs.tentatives_refusees = sum(tentatives.values())
    obs.tentatives_non_remis = sum(tentatives.get(m, 0) for m in MOTIFS_NON_REMIS)
    obs.tentatives_par_motif = sorted(
        ((MotifRefus(m).label, n) for m, n in tentatives.items()), key=lambda kv: (-kv[1], kv[0])
    )

    def grouped(qs: QuerySet, *fields: str) -> list[tuple]:
        return list(qs.values_list(*fields).annotate(n=Count("pk")).order_by("-n", *fields))

    def summed(rows: list[tuple], key_index: int) -> list[tuple]:
        totals: dict = {}
        for row in rows:
            totals[row[key_index]] = totals.get(row[key_index], 0) + row[-1]
        return sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))

    # Une requête par axe : les tableaux et la carte se déduisent en Python des mêmes lignes groupées.
    par_lieu = grouped(encaisses, "lieu_id", "lieu__nom", "lieu__commune", "lieu__latitude", "lieu__longitude")
    obs.par_lieu = [(nom, n) for _pk, nom, _c, _la, _lo, n in par_lieu]
    obs.par_commune_encaissement = [(c or "Non renseignée", n) for c, n in summed(par_lieu, 2)]
    obs.points_encaissement = [
        (nom, la, lo, n) for _pk, nom, _c, la, lo, n in par_lieu if la is not None and lo is not None and n >= SEUIL
    ]
    obs.par_service = [(lib, n) for _pk, lib, n in grouped(encaisses, "service_id", "service__libelle")]
    obs.par_mois = sorted(
        (m.strftime("%m/%Y") if m else "", n)
        for m, n in encaisses.annotate(m=TruncMonth("redeemed_at")).values_list("m").annotate(n=Count("pk"))
    )
    remises = grouped(
        carnets.filter(handed_out_at__isnull=False), "commune_id", "commune__nom", "commune__latitude",
        "commune__longitude",
    )  # fmt: skip
    obs.par_commune_remise = [(nom or "Non renseignée", n) for _pk, nom, _la, _lo, n in remises]
    obs.points_remise = [
        (nom, la, lo, n) for _pk, nom, la, lo, n in remises if la is not None and lo is not None and n >= SEUIL
    ]
    publics = grouped(encaisses, "carnet__tranche_age", "carnet__situation", "carnet__besoin")
    obs.par_tranche_age = _labels(TrancheAge.choices, summed(publics, 0))
    obs.par_situation = _labels(Situation.choices, summed(publics, 1))
    obs.par_besoin = _labels(Besoin.choices, summed(publics, 2))
    cache.set(key, obs, CACHE_SECONDS)
    return obs


def invalidate(campagne_id: int) -> None:
    cache.delete(f"pass:observatoire:{campagne_id}")


def export_rows(obs: Observatoire) -> list[list[str]]:
    """Lignes (tableau, libellé, effectif masqué) pour CSV et XLSX. Aucune donnée personnelle."""
    rows = [["Tableau", "Libellé", "Effectif"]]
    resume = [
        ("Carnets générés", obs.carnets_generes), ("Carnets attribués", obs.carnets_attribues),
        ("Carnets remis", obs.carnets_remis), ("Carnets entamés", obs.carnets_entames),
        ("Carnets annulés", obs.carnets_annules), ("Chèques émis", obs.cheques_emis),
        ("Chèques encaissés", obs.cheques_encaisses),
    ]  # fmt: skip
    rows += [["Résumé", label, masque(n)] for label, n in resume]
    rows += [
        ["Résumé", "Tentatives d'encaissement refusées", str(obs.tentatives_refusees)],
        ["Résumé", "dont chèques pas encore remis à une personne", str(obs.tentatives_non_remis)],
    ]
    rows += [["Tentatives refusées par motif", label, str(n)] for label, n in obs.tentatives_par_motif]
    for titre, _col, lignes in obs.tableaux():
        rows += [[titre, label, n] for label, n in lignes]
    return rows


# ---------------------------------------------------------------------------------------------------------------
# Lectures des pages (périmètre du compte)
# ---------------------------------------------------------------------------------------------------------------


def accueil(user: User) -> dict:
    """Ce que l'accueil du Pass montre à cette personne, selon ses rôles (financeur, coordination, structure, lieu)."""
    territoires = territoire_ids_for(user, Role.COMMANDITAIRE, Role.COORDINATEUR)
    mes_lieux = Lieu.objects.filter(structure_id__in=structure_ids_for(user, Role.GESTIONNAIRE)).order_by("nom")
    stock = (
        Carnet.objects.filter(structure_id__in=structure_ids_for(user, *ROLES_DISTRIBUTION))
        .select_related("campagne", "structure")
        .order_by("campagne_id", "numero")
    )
    disponibles = stock.filter(handed_out_at__isnull=True, cancelled_at__isnull=True)
    lieux_releves = Lieu.objects.filter(structure_id__in=structure_ids_for(user, Role.GESTIONNAIRE, Role.MEDIATEUR))
    return {
        "campagnes": list(Campagne.objects.filter(territoire_id__in=territoires).select_related("territoire")),
        "peut_creer": bool(territoire_ids_for(user, Role.COMMANDITAIRE)),
        "qualifications": list(
            QualificationPass.objects.filter(territoire_id__in=territoires)
            .select_related("lieu", "territoire")
            .order_by("statut", "lieu__nom")
        ),
        "mes_lieux": list(mes_lieux),
        "mes_qualifications": list(
            QualificationPass.objects.filter(lieu__in=mes_lieux).select_related("lieu", "territoire")
        ),
        "stock_disponible": list(disponibles[:200]),
        "stock_remis": list(stock.filter(handed_out_at__isnull=False)[:50]),
        "stock_total": disponibles.count(),
        "releves": list(
            Releve.objects.filter(qualification__lieu__in=lieux_releves).select_related(
                "campagne", "qualification__lieu"
            )[:50]
        ),
    }


def choix_campagne(user: User) -> dict:
    """Les listes du formulaire de campagne : territoires financés, financeurs possibles, lieux qualifiés."""
    territoire_ids = territoire_ids_for(user, Role.COMMANDITAIRE)
    financeurs = Structure.objects.filter(
        pk__in=structure_ids_for(user, Role.COMMANDITAIRE)
    ) | Structure.objects.filter(memberships__role=Role.COMMANDITAIRE, memberships__territoire_id__in=territoire_ids)
    lieux = Lieu.objects.filter(
        qualifications_pass__territoire_id__in=territoire_ids,
        qualifications_pass__statut=StatutQualification.APPROUVEE,
    ).distinct()
    return {
        "territoires": Territoire.objects.filter(pk__in=territoire_ids),
        "financeurs": financeurs.distinct(),
        "lieux": lieux,
    }


def structures_en_stock(campagne: Campagne) -> list[Structure]:
    """Structures qui détiennent des carnets de la campagne (index carnet_stock_idx : pas de jointure sur les
    100 000 carnets)."""
    return list(
        Structure.objects.filter(
            pk__in=Carnet.objects.filter(campagne=campagne, structure__isnull=False).values("structure_id")
        ).order_by("nom")
    )


def orientations_recentes(user: User) -> QuerySet[Orientation]:
    """Orientations des 90 derniers jours faites par la personne : à relier au carnet qu'elle remet."""
    return (
        Orientation.objects.sent_by(user)
        .filter(created_at__gte=timezone.now() - timedelta(days=90))
        .select_related("lieu")
        .order_by("-created_at")
    )


def seances_recentes(user: User) -> QuerySet[Accompagnement]:
    """Séances des 30 derniers jours visibles par la personne : à relier au chèque qu'elle encaisse."""
    return (
        Accompagnement.objects.visible_by(user)
        .filter(date__gte=timezone.localdate() - timedelta(days=30))
        .select_related("lieu", "beneficiaire")
        .prefetch_related("besoins")
        .order_by("-date", "-created_at")
    )


def lieu_par_defaut(user: User, lieux: QuerySet[Lieu]) -> Lieu | None:
    """Le lieu présélectionné : le seul lieu de la personne, sinon celui de son dernier encaissement."""
    premiers = list(lieux[:2])
    if len(premiers) == 1:
        return premiers[0]
    dernier = (
        Cheque.objects.filter(redeemed_by=user, lieu__in=lieux).order_by("-redeemed_at").values_list("lieu_id").first()
    )
    return next((lieu for lieu in lieux if dernier and lieu.pk == dernier[0]), None)


def offres_encaissement(lieux: QuerySet[Lieu]) -> list[QualificationService]:
    """Services payables en chèques dans ces lieux (qualification approuvée) : prix et reste à payer, à montrer
    avant l'encaissement."""
    return list(
        QualificationService.objects.filter(
            qualification__lieu__in=lieux, qualification__statut=StatutQualification.APPROUVEE
        )
        .select_related("qualification__lieu", "qualification__territoire", "service")
        .order_by("qualification__lieu__nom", "service__libelle")
    )


def recu_encaissement(cheque: Cheque, lieu: Lieu) -> dict:
    """Le reçu d'un encaissement (montré et imprimable) : chèque, service, valeur, reste à payer par la personne ;
    si le service vaut plusieurs chèques dans ce lieu, rappeler d'encaisser les suivants."""
    offre = getattr(cheque, "offre", None) or (
        QualificationService.objects.filter(
            qualification__lieu=lieu, qualification__territoire_id=cheque.campagne.territoire_id,
            service=cheque.service,
        ).first()
    )  # fmt: skip
    message = (
        f"Chèque {codes.format_code(cheque.code)} encaissé : {euros(cheque.campagne.valeur_cheque)} "
        f"pour « {cheque.service.libelle} »."
    )
    prix = offre.prix_cheques if offre else 1
    if prix > 1:
        suite = "le chèque suivant" if prix == 2 else f"les {prix - 1} chèques suivants"
        message += f" Dans votre lieu, ce service vaut {prix} chèques : encaissez aussi {suite}."
    return {
        "message": message,
        "code": codes.format_code(cheque.code),
        "service": cheque.service.libelle,
        "lieu": lieu.nom,
        "campagne": cheque.campagne.nom,
        "date": timezone.localtime(cheque.redeemed_at),
        "valeur": cheque.campagne.valeur_cheque,
        "reste": offre.reste_a_charge if offre and offre.a_reste_a_charge else None,
        "reste_raison": offre.reste_a_charge_raison if offre else "",
    }
