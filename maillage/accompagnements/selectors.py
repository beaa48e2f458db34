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
from maillage.comptes.models import Structure
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


def compute_stats(
    *, structure_ids: list[int] | None, periode: Periode, masquer: bool = False, par_commune: bool = False
) -> list[Section]:
    """Sections de statistiques pour un ensemble de structures (None = toutes).

    Deux passages seulement sur les grandes tables (séances, besoins), groupés par mois : tout le reste se
    déduit en Python de quelques milliers de lignes agrégées. 5 requêtes (6 avec les communes), toujours.
    """
    acc = Accompagnement.objects.filter(date__gte=periode.du, date__lte=periode.au)
    bes = BesoinTraite.objects.filter(date__gte=periode.du, date__lte=periode.au)
    start, end = periode.bounds()
    recues = Orientation.objects.filter(created_at__gte=start, created_at__lt=end)
    envoyees = recues
    voix_qs = ReponseQuestionnaire.objects.filter(
        accompagnement__date__gte=periode.du, accompagnement__date__lte=periode.au
    )
    if structure_ids is not None:
        acc = acc.filter(structure_id__in=structure_ids)
        bes = bes.filter(structure_id__in=structure_ids)
        recues = recues.filter(structure_destinataire_id__in=structure_ids)
        envoyees = envoyees.filter(structure_prescriptrice_id__in=structure_ids)
        voix_qs = voix_qs.filter(accompagnement__structure_id__in=structure_ids)
    m = masquer
    sections = []

    # 1. Un seul passage sur les séances : par mois, type (et structure pour les communes), avec compteurs filtrés.
    group = ["mois", "type"] + (["structure_id"] if par_commune else [])
    rows = list(
        acc.annotate(mois=TruncMonth("date"))
        .values(*group)
        .annotate(
            n=Count("id"),
            p=Sum("participants"),
            **{f"lieu_{t}": Count("id", filter=Q(type_lieu=t)) for t in TypeLieu.values},
            **{f"res_{r}": Count("id", filter=Q(resultat=r)) for r in Resultat.values},
            duree_MOINS_30=Count("id", filter=Q(duree__lt=30)),
            duree_DE_30_A_60=Count("id", filter=Q(duree__gte=30, duree__lt=60)),
            duree_DE_60_A_120=Count("id", filter=Q(duree__gte=60, duree__lt=120)),
            duree_PLUS_120=Count("id", filter=Q(duree__gte=120)),
        )
        .order_by()
    )
    months: dict = {}
    totals: dict[str, int] = {}
    per_structure: dict[int, list[int]] = {}
    for r in rows:
        month = months.setdefault(
            r["mois"], {TypeAccompagnement.INDIVIDUEL: [0, 0], TypeAccompagnement.COLLECTIF: [0, 0]}
        )
        month[r["type"]][0] += r["n"]
        month[r["type"]][1] += r["p"] or 0
        for key, value in r.items():
            if key.startswith(("lieu_", "res_", "duree_")):
                totals[key] = totals.get(key, 0) + value
        if par_commune:
            acc_struct = per_structure.setdefault(r["structure_id"], [0, 0])
            acc_struct[0] += r["n"]
            acc_struct[1] += r["p"] or 0
    sections.append(
        Section(
            "Accompagnements par mois",
            ["Mois", "Accompagnements individuels", "Ateliers collectifs", "Participants aux ateliers",
             "Personnes accompagnées"],
            [
                [_month_label(mois), _mask(v["INDIVIDUEL"][0], m), _mask(v["COLLECTIF"][0], m),
                 _mask(v["COLLECTIF"][1], m), _mask(v["INDIVIDUEL"][0] + v["COLLECTIF"][1], m)]
                for mois, v in sorted(months.items())
            ],
        )
    )  # fmt: skip
    sections.append(
        Section("Où ont eu lieu les accompagnements", ["Lieu", "Accompagnements"],
                [[label, _mask(totals.get(f"lieu_{v}", 0), m)] for v, label in TypeLieu.choices])
    )  # fmt: skip
    sections.append(
        Section("Durée des accompagnements", ["Durée", "Accompagnements"],
                [[label, _mask(totals.get(f"duree_{v}", 0), m)] for v, label in TrancheDuree.choices])
    )  # fmt: skip
    sections.append(
        Section("Résultat pour la personne (accompagnements individuels)", ["Résultat", "Accompagnements"],
                [[label, _mask(totals.get(f"res_{v}", 0), m)] for v, label in Resultat.choices])
    )  # fmt: skip

    # 2. Un seul passage sur les besoins : par mois, besoin et façon de faire (pondérés par les participants).
    rows = bes.annotate(mois=TruncMonth("date")).values("mois", "besoin", "facon").annotate(n=Sum("poids")).order_by()
    par_besoin: dict[str, int] = {}
    per_month: dict = {}
    for r in rows:
        par_besoin[r["besoin"]] = par_besoin.get(r["besoin"], 0) + r["n"]
        counts = per_month.setdefault(r["mois"], dict.fromkeys(FaconDeFaire.values, 0))
        counts[r["facon"]] += r["n"]
    labels = dict(besoin_traite_choices())
    sections.append(
        Section("Thématiques et démarches", ["Thématique", "Personnes accompagnées"],
                [[labels.get(b, b), _mask(n, m)] for b, n in sorted(par_besoin.items(), key=lambda kv: -kv[1])])
    )  # fmt: skip
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

    # 3. Orientations reçues et envoyées, délai de réponse.
    delai = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    r_agg = recues.aggregate(
        total=Count("id"),
        **{f"s_{s}": Count("id", filter=Q(statut=s)) for s in StatutOrientation.values},
        venues=Count("id", filter=Q(personne_venue=True)),
        delai_moyen=_avg_duration(delai),
    )
    e_total = envoyees.count()
    sections.append(
        Section(
            "Orientations",
            ["Indicateur", "Nombre"],
            [["Orientations reçues", _mask(r_agg["total"], m)]]
            + [[f"Reçues — {label.lower()}", _mask(r_agg[f"s_{v}"], m)] for v, label in StatutOrientation.choices]
            + [["Personnes venues", _mask(r_agg["venues"], m)],
               ["Délai moyen de réponse", _duration_label(r_agg["delai_moyen"])],
               ["Orientations envoyées", _mask(e_total, m)]],
        )
    )  # fmt: skip

    # 4. La voix des personnes (questionnaire anonyme).
    voix = voix_qs.aggregate(
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

    # 5. Par commune de la structure (coordination), comptes < 5 masqués.
    if par_commune:
        communes = dict(Structure.objects.filter(pk__in=list(per_structure)).values_list("pk", "commune__nom"))
        par_nom: dict[str, list[int]] = {}
        for structure_id, (n, p) in per_structure.items():
            row = par_nom.setdefault(communes.get(structure_id, "?"), [0, 0])
            row[0] += n
            row[1] += p
        sections.append(
            Section("Par commune (commune de la structure)", ["Commune", "Accompagnements", "Personnes accompagnées"],
                    [[nom, _mask(n, True), _mask(p, True)] for nom, (n, p) in sorted(par_nom.items())])
        )  # fmt: skip
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
