"""Lectures lourdes : l'observatoire du Pass (chiffres agrégés, jamais nominatifs) et ses exports.

Performance à 1 M de chèques : on ne compte jamais les chèques non encaissés (leur nombre se déduit de la
campagne) ; les agrégats portent sur les carnets (100 000 lignes, index `carnet_stock_idx`) et sur les seuls
chèques encaissés (index `cheque_encaisse_idx` = campagne, redeemed_at). Un cache court (60 s) par campagne
absorbe les rechargements du tableau de bord.
"""

from dataclasses import dataclass, field

from django.core.cache import cache
from django.db.models import Avg, Count, F, Q
from django.db.models.functions import TruncMonth

from maillage.pass_numerique.enums import MOTIFS_NON_REMIS, Besoin, MotifRefus, Situation, TrancheAge
from maillage.pass_numerique.models import Campagne, Carnet, Cheque, TentativeRefusee

SEUIL_SECRET = 5  # en dessous, un effectif est masqué (« moins de 5 »)
CACHE_SECONDS = 60


def masque(n: int) -> str:
    """Effectif publiable : 0, ou « < 5 » pour 1 à 4, ou le nombre."""
    if n == 0:
        return "0"
    if n < SEUIL_SECRET:
        return "< 5"
    return str(n)


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
    # Carte : (nom, latitude, longitude, effectif), seulement les effectifs d'au moins SEUIL_SECRET.
    points_remise: list = field(default_factory=list)
    points_encaissement: list = field(default_factory=list)

    def tableaux(self):
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


def _labels(choices, rows):
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

    def grouped(qs, *fields):
        return list(qs.values_list(*fields).annotate(n=Count("pk")).order_by("-n", *fields))

    def summed(rows, key_index):
        totals: dict = {}
        for row in rows:
            totals[row[key_index]] = totals.get(row[key_index], 0) + row[-1]
        return sorted(totals.items(), key=lambda kv: (-kv[1], str(kv[0])))

    # Une requête par axe : les tableaux et la carte se déduisent en Python des mêmes lignes groupées.
    par_lieu = grouped(encaisses, "lieu_id", "lieu__nom", "lieu__commune", "lieu__latitude", "lieu__longitude")
    obs.par_lieu = [(nom, n) for _pk, nom, _c, _la, _lo, n in par_lieu]
    obs.par_commune_encaissement = [(c or "Non renseignée", n) for c, n in summed(par_lieu, 2)]
    obs.points_encaissement = [
        (nom, la, lo, n)
        for _pk, nom, _c, la, lo, n in par_lieu
        if la is not None and lo is not None and n >= SEUIL_SECRET
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
        (nom, la, lo, n) for _pk, nom, la, lo, n in remises if la is not None and lo is not None and n >= SEUIL_SECRET
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
