"""Statistiques : un nombre fixe de requêtes d'agrégation, quel que soit le volume (index structure + date).

Chaque section est un tableau (titre, colonnes, lignes) : la page, le CSV et le XLSX en sont des rendus.
Pour la coordination, tout compte entre 1 et 4 est masqué (« < 5 ») : aucun chiffre ne désigne une personne.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Count, DurationField, ExpressionWrapper, F, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone

from maillage.accompagnements.enums import (
    FaconDeFaire,
    ReponseVoix,
    Resultat,
    TrancheDuree,
    TypeAccompagnement,
    TypeLieu,
    besoin_traite_choices,
)
from maillage.accompagnements.models import Accompagnement, BesoinTraite, ReponseQuestionnaire
from maillage.core.models import Commune
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import Orientation

SEUIL_SECRET = 5
MASQUE = "< 5"


@dataclass
class Section:
    titre: str
    colonnes: list[str]
    lignes: list[list] = field(default_factory=list)


@dataclass
class Periode:
    du: date
    au: date

    def bounds(self):
        """Début et fin (exclue) en datetimes de Paris : le filtre utilise l'index sur created_at."""
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.du, time.min, tz)
        return start, datetime.combine(self.au + timedelta(days=1), time.min, tz)

    @classmethod
    def from_request(cls, request, default_days=365) -> "Periode":
        today = timezone.localdate()
        try:
            du = date.fromisoformat(request.GET.get("du", ""))
        except ValueError:
            du = (today - timedelta(days=default_days)).replace(day=1)
        try:
            au = date.fromisoformat(request.GET.get("au", ""))
        except ValueError:
            au = today
        if au < du:
            du, au = au, du
        return cls(du=du, au=au)


def _mask(value, masquer: bool):
    if masquer and isinstance(value, int) and 0 < value < SEUIL_SECRET:
        return MASQUE
    return value


def _month_label(d) -> str:
    return f"{d.month:02d}/{d.year}"


def compute_stats(*, structure_ids: list[int] | None, periode: Periode, masquer: bool = False) -> list[Section]:
    """Sections de statistiques pour un ensemble de structures (None = toutes). 8 requêtes, toujours."""
    acc = Accompagnement.objects.filter(date__gte=periode.du, date__lte=periode.au)
    bes = BesoinTraite.objects.filter(date__gte=periode.du, date__lte=periode.au)
    start, end = periode.bounds()
    recues = Orientation.objects.filter(created_at__gte=start, created_at__lt=end)
    envoyees = recues
    if structure_ids is not None:
        acc = acc.filter(structure_id__in=structure_ids)
        bes = bes.filter(structure_id__in=structure_ids)
        recues = recues.filter(structure_destinataire_id__in=structure_ids)
        envoyees = envoyees.filter(structure_prescriptrice_id__in=structure_ids)
    m = masquer
    sections = []

    # 1. Par mois et par type (séances, personnes accompagnées : un atelier compte ses participants).
    rows = (
        acc.annotate(mois=TruncMonth("date"))
        .values("mois", "type")
        .annotate(n=Count("id"), p=Sum("participants"))
        .order_by("mois")
    )
    months: dict = {}
    for r in rows:
        months.setdefault(r["mois"], {TypeAccompagnement.INDIVIDUEL: [0, 0], TypeAccompagnement.COLLECTIF: [0, 0]})
        months[r["mois"]][r["type"]] = [r["n"], r["p"] or 0]
    sections.append(
        Section(
            "Accompagnements par mois",
            [
                "Mois",
                "Accompagnements individuels",
                "Ateliers collectifs",
                "Participants aux ateliers",
                "Personnes accompagnées",
            ],
            [
                [
                    _month_label(mois),
                    _mask(v["INDIVIDUEL"][0], m),
                    _mask(v["COLLECTIF"][0], m),
                    _mask(v["COLLECTIF"][1], m),
                    _mask(v["INDIVIDUEL"][0] + v["COLLECTIF"][1], m),
                ]
                for mois, v in sorted(months.items())
            ],
        )
    )

    # 2. Détails des séances en une requête : lieu, durée, résultat.
    agg = acc.aggregate(
        total=Count("id"),
        **{f"lieu_{t}": Count("id", filter=Q(type_lieu=t)) for t in TypeLieu.values},
        **{f"res_{r}": Count("id", filter=Q(resultat=r)) for r in Resultat.values},
        duree_MOINS_30=Count("id", filter=Q(duree__lt=30)),
        duree_DE_30_A_60=Count("id", filter=Q(duree__gte=30, duree__lt=60)),
        duree_DE_60_A_120=Count("id", filter=Q(duree__gte=60, duree__lt=120)),
        duree_PLUS_120=Count("id", filter=Q(duree__gte=120)),
    )
    sections.append(
        Section("Où ont eu lieu les accompagnements", ["Lieu", "Accompagnements"],
                [[label, _mask(agg[f"lieu_{v}"], m)] for v, label in TypeLieu.choices])
    )  # fmt: skip
    sections.append(
        Section("Durée des accompagnements", ["Durée", "Accompagnements"],
                [[label, _mask(agg[f"duree_{v}"], m)] for v, label in TrancheDuree.choices])
    )  # fmt: skip
    sections.append(
        Section("Résultat pour la personne (accompagnements individuels)", ["Résultat", "Accompagnements"],
                [[label, _mask(agg[f"res_{v}"], m)] for v, label in Resultat.choices])
    )  # fmt: skip

    # 3. Thématiques (pondérées par les participants).
    labels = dict(besoin_traite_choices())
    rows = bes.values("besoin").annotate(n=Sum("poids")).order_by("-n")
    sections.append(
        Section("Thématiques et démarches", ["Thématique", "Personnes accompagnées"],
                [[labels.get(r["besoin"], r["besoin"]), _mask(r["n"], m)] for r in rows])
    )  # fmt: skip

    # 4. Les quatre façons de faire, et leur évolution mois par mois (en % des besoins du mois).
    rows = bes.annotate(mois=TruncMonth("date")).values("mois", "facon").annotate(n=Sum("poids")).order_by("mois")
    per_month: dict = {}
    for r in rows:
        per_month.setdefault(r["mois"], dict.fromkeys(FaconDeFaire.values, 0))[r["facon"]] = r["n"]
    lignes = []
    for mois, counts in sorted(per_month.items()):
        total = sum(counts.values())
        lignes.append(
            [_month_label(mois), _mask(total, m)]
            + [f"{round(100 * counts[f] / total)} %" if total else "—" for f in FaconDeFaire.values]
        )
    sections.append(
        Section("Comment les besoins ont été traités, mois par mois",
                ["Mois", "Besoins traités"] + [label for _, label in FaconDeFaire.choices], lignes)
    )  # fmt: skip

    # 5. Orientations reçues et envoyées, délai de réponse.
    delai = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    r_agg = recues.aggregate(
        total=Count("id"),
        **{f"s_{s}": Count("id", filter=Q(statut=s)) for s in StatutOrientation.values},
        venues=Count("id", filter=Q(personne_venue=True)),
        delai_moyen=_avg_duration(delai),
    )
    e_total = envoyees.count()
    delai_txt = _duration_label(r_agg["delai_moyen"])
    sections.append(
        Section(
            "Orientations",
            ["Indicateur", "Nombre"],
            [["Orientations reçues", _mask(r_agg["total"], m)]]
            + [[f"Reçues — {label.lower()}", _mask(r_agg[f"s_{v}"], m)] for v, label in StatutOrientation.choices]
            + [["Personnes venues", _mask(r_agg["venues"], m)], ["Délai moyen de réponse", delai_txt],
               ["Orientations envoyées", _mask(e_total, m)]],
        )
    )  # fmt: skip

    # 6. La voix des personnes (questionnaire anonyme).
    voix = ReponseQuestionnaire.objects.filter(accompagnement__in=acc.values("pk")).aggregate(
        **{f"regle_{v}": Count("id", filter=Q(regle=v)) for v in ReponseVoix.values},
        **{f"capable_{v}": Count("id", filter=Q(capable=v)) for v in ReponseVoix.values},
    )
    sections.append(
        Section(
            "L'avis des personnes (questionnaire anonyme)",
            ["Réponse", "Problème réglé", "Capable de le refaire seul·e"],
            [
                [label, _mask(voix[f"regle_{v}"], m), _mask(voix[f"capable_{v}"], m)]
                for v, label in ReponseVoix.choices
            ],
        )
    )
    return sections


def _avg_duration(expr):
    from django.db.models import Avg

    return Avg(expr)


def _duration_label(value) -> str:
    if value is None:
        return "—"
    if isinstance(value, (int, float)):  # SQLite renvoie des microsecondes
        value = timedelta(microseconds=value)
    hours = value.total_seconds() / 3600
    if hours < 48:
        return f"{round(hours)} h"
    return f"{round(hours / 24)} jours"


def communes_section(*, structure_ids: list[int], periode: Periode) -> Section:
    """Accompagnements par commune de la structure, comptes < 5 masqués. 2 requêtes."""
    rows = (
        Accompagnement.objects.filter(structure_id__in=structure_ids, date__gte=periode.du, date__lte=periode.au)
        .values("structure__commune_id")
        .annotate(n=Count("id"), p=Sum("participants"))
        .order_by("-p")
    )
    rows = list(rows)
    noms = dict(Commune.objects.filter(pk__in=[r["structure__commune_id"] for r in rows]).values_list("pk", "nom"))
    return Section(
        "Par commune (commune de la structure)",
        ["Commune", "Accompagnements", "Personnes accompagnées"],
        [[noms.get(r["structure__commune_id"], "?"), _mask(r["n"], True), _mask(r["p"], True)] for r in rows],
    )
