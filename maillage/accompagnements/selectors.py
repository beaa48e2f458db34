"""Statistiques : un nombre fixe de requêtes d'agrégation, quel que soit le volume (index structure + date).

Chaque section est un tableau (titre, colonnes, lignes) : la page, le CSV et le XLSX en sont des rendus.
Tout chiffre vu hors de la structure qui a fait les accompagnements (tableau de bord et exports d'un territoire,
équipe Maillage) masque les comptes de 1 à 4 (« < 5 ») : aucun chiffre ne désigne une personne. Les membres d'une
structure voient les chiffres exacts de leur propre structure : ce sont leurs séances, qu'ils connaissent déjà.
"""

from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from django.db.models import Aggregate, Count, DurationField, Expression, ExpressionWrapper, F, Q, QuerySet, Sum
from django.db.models.functions import TruncMonth
from django.http import HttpRequest
from django.utils import timezone

from maillage.accompagnements.enums import (
    FACONS_A_LA_PLACE,
    FaconDeFaire,
    RaisonALaPlace,
    ReponseCapable,
    ReponseVoix,
    TrancheDuree,
    TypeAccompagnement,
    TypeLieu,
    besoin_traite_choices,
)
from maillage.accompagnements.models import Accompagnement, BesoinTraite, ReponseQuestionnaire
from maillage.aidants.enums import Niveau
from maillage.aidants.selectors import comptes_par_epci
from maillage.comptes.models import Territoire, User
from maillage.core.masquage import PART_MASQUEE, est_masque, masque, masque_part
from maillage.core.models import Commune
from maillage.orientations.enums import Resultat, StatutOrientation
from maillage.orientations.models import Orientation

#: Période demandable : au-delà, une date saisie dans l'adresse est ignorée (dates extrêmes = erreur 500 sinon).
PREMIERE_DATE = date(2000, 1, 1)
DERNIERE_DATE = date(2100, 12, 31)


@dataclass
class Section:
    titre: str
    colonnes: list[str]
    lignes: list[list] = field(default_factory=list)


@dataclass
class Periode:
    du: date
    au: date

    def bounds(self) -> tuple[datetime, datetime]:
        """Début et fin (exclue) en datetimes de Paris : le filtre utilise l'index sur created_at."""
        tz = timezone.get_current_timezone()
        start = datetime.combine(self.du, time.min, tz)
        return start, datetime.combine(self.au + timedelta(days=1), time.min, tz)

    @classmethod
    def from_request(cls, request: HttpRequest, default_days: int = 365) -> "Periode":
        today = timezone.localdate()
        du = _parse_date(request.GET.get("du", "")) or (today - timedelta(days=default_days)).replace(day=1)
        au = _parse_date(request.GET.get("au", "")) or today
        if au < du:
            du, au = au, du
        return cls(du=du, au=au)


def _parse_date(value: str) -> date | None:
    try:
        parsed = date.fromisoformat(value)
    except ValueError:
        return None
    return parsed if PREMIERE_DATE <= parsed <= DERNIERE_DATE else None


def _mask(value: int, masquer: bool) -> int | str:
    """Chiffre exact pour la structure elle-même ; masqué (core.masquage) pour qui la regarde de l'extérieur."""
    return masque(value) if masquer else value


def _month_label(d: date) -> str:
    return f"{d.month:02d}/{d.year}"


@dataclass
class Donnees:
    """Ce que les tableaux affichent, qu'il vienne des tables vivantes ou des agrégats mensuels."""

    months: dict = field(default_factory=dict)  # mois -> {type: [séances, participants]}
    totals: dict = field(default_factory=dict)  # "lieu_X" / "res_X" / "duree_X" -> nombre
    par_groupe: dict = field(default_factory=dict)  # structure ou commune -> [séances, participants]
    par_besoin: dict = field(default_factory=dict)  # besoin -> poids
    facons: dict = field(default_factory=dict)  # mois -> {façon (ou CHOIX): poids}
    raisons: dict = field(default_factory=dict)  # raison « à la place » -> poids
    arrete_au: datetime | None = None


#: « À la place » parce que la personne l'a préféré : un choix respecté, compté dans sa propre colonne (jamais avec
#: les « à la place » faute de mieux).
CHOIX = RaisonALaPlace.CHOIX_PERSONNE
COLONNES_FACON = [*FaconDeFaire.values, CHOIX]


def _facon_key(facon: str, raison: str) -> str:
    return CHOIX if facon in FACONS_A_LA_PLACE and raison == CHOIX else facon


def _new_facons() -> dict[str, int]:
    return dict.fromkeys(COLONNES_FACON, 0)


def _new_month() -> dict[str, list[int]]:
    return {TypeAccompagnement.INDIVIDUEL: [0, 0], TypeAccompagnement.COLLECTIF: [0, 0]}


def _session_counters() -> dict[str, Aggregate]:
    return dict(
        n=Count("id"),
        p=Sum("participants"),
        **{f"lieu_{t}": Count("id", filter=Q(type_lieu=t)) for t in TypeLieu.values},
        **{f"res_{r}": Count("id", filter=Q(resultat=r)) for r in Resultat.values},
        duree_MOINS_30=Count("id", filter=Q(duree__lt=30)),
        duree_DE_30_A_60=Count("id", filter=Q(duree__gte=30, duree__lt=60)),
        duree_DE_60_A_120=Count("id", filter=Q(duree__gte=60, duree__lt=120)),
        duree_PLUS_120=Count("id", filter=Q(duree__gte=120)),
    )


def _live_data(acc: QuerySet[Accompagnement], bes: QuerySet[BesoinTraite], groupe: str | None) -> Donnees:
    """Deux passages seulement sur les grandes tables, groupés par mois (et par `groupe` s'il est donné)."""
    data = Donnees()
    group = ["mois", "type"] + ([groupe] if groupe else [])
    for r in acc.annotate(mois=TruncMonth("date")).values(*group).annotate(**_session_counters()).order_by():
        month = data.months.setdefault(r["mois"], _new_month())
        month[r["type"]][0] += r["n"]
        month[r["type"]][1] += r["p"] or 0
        for key, value in r.items():
            if key.startswith(("lieu_", "res_", "duree_")):
                data.totals[key] = data.totals.get(key, 0) + value
        if groupe:
            row = data.par_groupe.setdefault(r[groupe], [0, 0])
            row[0] += r["n"]
            row[1] += r["p"] or 0
    rows = (
        bes.annotate(mois=TruncMonth("date")).values("mois", "besoin", "facon", "raison")
        .annotate(n=Sum("poids")).order_by()
    )  # fmt: skip
    for r in rows:
        data.par_besoin[r["besoin"]] = data.par_besoin.get(r["besoin"], 0) + r["n"]
        data.facons.setdefault(r["mois"], _new_facons())[_facon_key(r["facon"], r["raison"])] += r["n"]
        if r["raison"] and r["facon"] in FACONS_A_LA_PLACE:
            data.raisons[r["raison"]] = data.raisons.get(r["raison"], 0) + r["n"]
    return data


def _aggregated_data(commune_ids: list[str], periode: Periode) -> Donnees:
    """Depuis les agrégats mensuels par commune (commande agreger_statistiques) : 2 petites requêtes."""
    from maillage.accompagnements.models import StatMensuelle

    data = Donnees()
    qs = StatMensuelle.objects.filter(
        commune_id__in=commune_ids, mois__gte=periode.du.replace(day=1), mois__lte=periode.au
    )
    for mois, cle, n in qs.values("mois", "cle").annotate(n=Sum("n")).order_by().values_list("mois", "cle", "n"):
        kind, _, rest = cle.partition(":")
        if kind == "type":
            type_, _, what = rest.partition(":")
            data.months.setdefault(mois, _new_month())[type_][0 if what == "n" else 1] += n
        elif kind in ("lieu", "res", "duree"):
            data.totals[f"{kind}_{rest}"] = data.totals.get(f"{kind}_{rest}", 0) + n
        elif kind == "besoin":
            data.par_besoin[rest] = data.par_besoin.get(rest, 0) + n
        elif kind == "facon":
            data.facons.setdefault(mois, _new_facons())[rest] += n
        elif kind == "raison":
            data.raisons[rest] = data.raisons.get(rest, 0) + n
    for commune_id, cle, n in (
        qs.filter(cle__startswith="type:").values("commune_id", "cle").annotate(n=Sum("n")).order_by()
        .values_list("commune_id", "cle", "n")
    ):  # fmt: skip
        row = data.par_groupe.setdefault(commune_id, [0, 0])
        if cle.endswith(":n"):
            row[0] += n
        if cle in ("type:INDIVIDUEL:n", "type:COLLECTIF:p"):
            row[1] += n
    data.arrete_au = qs.order_by("-created_at").values_list("created_at", flat=True).first()
    return data


def _add_counts(into: dict, other: dict) -> None:
    for key, value in other.items():
        if isinstance(value, dict):
            _add_counts(into.setdefault(key, {}), value)
        elif isinstance(value, list):
            row = into.setdefault(key, [0] * len(value))
            for i, v in enumerate(value):
                row[i] += v
        else:
            into[key] = into.get(key, 0) + value


def _territoire_data(commune_ids: list[str], periode: Periode) -> Donnees:
    """Mois passés : les agrégats de la nuit ; mois en cours : en direct (jamais « pas encore calculé » pour
    aujourd'hui). Un mois en cours ne pèse que quelques milliers de séances : la lecture reste rapide."""
    debut_mois = timezone.localdate().replace(day=1)
    data = Donnees()
    if periode.du < debut_mois:
        data = _aggregated_data(
            commune_ids, Periode(du=periode.du, au=min(periode.au, debut_mois - timedelta(days=1)))
        )
    if periode.au >= debut_mois:
        du = max(periode.du, debut_mois)
        live = _live_data(
            Accompagnement.objects.actives().filter(
                structure__commune_id__in=commune_ids, date__gte=du, date__lte=periode.au
            ),
            BesoinTraite.objects.filter(structure__commune_id__in=commune_ids, date__gte=du, date__lte=periode.au),
            "structure__commune_id",
        )
        for name in ("months", "totals", "par_groupe", "par_besoin", "facons", "raisons"):
            _add_counts(getattr(data, name), getattr(live, name))
    return data


def _sections_from(data: Donnees, m: bool) -> list[Section]:
    sections = [
        Section(
            "Accompagnements par mois",
            ["Mois", "Accompagnements individuels", "Ateliers collectifs", "Participants aux ateliers",
             "Personnes accompagnées"],
            [
                [_month_label(mois), _mask(v["INDIVIDUEL"][0], m), _mask(v["COLLECTIF"][0], m),
                 _mask(v["COLLECTIF"][1], m), _mask(v["INDIVIDUEL"][0] + v["COLLECTIF"][1], m)]
                for mois, v in sorted(data.months.items())
            ],
        ),
        Section("Où ont eu lieu les accompagnements", ["Lieu", "Accompagnements"],
                [[label, _mask(data.totals.get(f"lieu_{v}", 0), m)] for v, label in TypeLieu.choices]),
        Section("Durée des accompagnements", ["Durée", "Accompagnements"],
                [[label, _mask(data.totals.get(f"duree_{v}", 0), m)] for v, label in TrancheDuree.choices]),
        Section("Résultat pour la personne (accompagnements individuels)", ["Résultat", "Accompagnements"],
                [[label, _mask(data.totals.get(f"res_{v}", 0), m)] for v, label in Resultat.choices]),
    ]  # fmt: skip
    labels = dict(besoin_traite_choices())
    sections.append(
        Section("Thématiques et démarches", ["Thématique", "Personnes accompagnées"],
                [[labels.get(b, b), _mask(n, m)] for b, n in sorted(data.par_besoin.items(), key=lambda kv: -kv[1])])
    )  # fmt: skip
    lignes = []
    for mois, counts in sorted(data.facons.items()):
        total = sum(counts.values())
        # Part masquée avec son total, sa part ou son reste (« 100 % » sur moins de 5 besoins dirait ce qu'a fait
        # chaque personne) : règle de core.masquage.
        lignes.append(
            [_month_label(mois), _mask(total, m)] + [masque_part(counts[f], total, masquer=m) for f in COLONNES_FACON]
        )
    sections.append(
        Section("Comment les besoins ont été traités, mois par mois",
                ["Mois", "Besoins traités"] + [label for _, label in FaconDeFaire.choices]
                + ["À la place, par choix de la personne (choix respecté)"], lignes)
    )  # fmt: skip
    # Pourquoi « à la place » : des totaux sur la période, jamais par personne ni par structure (aucun classement).
    sections.append(
        Section("Pourquoi « à la place » (quand la raison a été notée)", ["Raison", "Besoins traités"],
                [[label, _mask(data.raisons.get(v, 0), m)] for v, label in RaisonALaPlace.choices])
    )  # fmt: skip
    return sections


def _orientation_and_voice_sections(
    recues: QuerySet[Orientation], envoyees: QuerySet[Orientation], voix_qs: QuerySet[ReponseQuestionnaire], m: bool
) -> list[Section]:
    delai = ExpressionWrapper(F("answered_at") - F("created_at"), output_field=DurationField())
    r_agg = recues.aggregate(
        total=Count("id"),
        **{f"s_{s}": Count("id", filter=Q(statut=s)) for s in StatutOrientation.values},
        venues=Count("id", filter=Q(personne_venue=True)),
        delai_moyen=_avg_duration(delai),
    )
    e_total = envoyees.count()
    voix = voix_qs.aggregate(
        **{f"{q}_{v}": Count("id", filter=Q(**{q: v})) for q in ("regle", "aise") for v in ReponseVoix.values},
        **{f"capable_{v}": Count("id", filter=Q(capable=v)) for v in ReponseCapable.values},
    )
    return [
        Section(
            "Orientations",
            ["Indicateur", "Nombre"],
            [["Orientations reçues", _mask(r_agg["total"], m)]]
            + [[f"Reçues — {label.lower()}", _mask(r_agg[f"s_{v}"], m)] for v, label in StatutOrientation.choices]
            + [["Personnes venues", _mask(r_agg["venues"], m)],
               # Une moyenne sur moins de 5 orientations dirait le délai de chacune : masquée avec le total.
               ["Délai moyen de réponse",
                PART_MASQUEE if m and est_masque(r_agg["total"]) else _duration_label(r_agg["delai_moyen"])],
               ["Orientations envoyées", _mask(e_total, m)]],
        ),
        Section(
            "L'avis des personnes (questionnaire anonyme)",
            ["Réponse", "Problème réglé", "Capable de le refaire seul ou seule", "Plus à l'aise avec le numérique"],
            [[label, _mask(voix[f"regle_{v}"], m), _mask(voix[f"capable_{v}"], m), _mask(voix[f"aise_{v}"], m)]
             for v, label in ReponseVoix.choices]
            # Préférer qu'on le fasse pour soi : un choix respecté, sur sa ligne, jamais compté avec les « non ».
            + [["Préfère qu'on le fasse pour elle ou lui (choix respecté)", "—",
                _mask(voix[f"capable_{ReponseCapable.PREFERE}"], m), "—"]],
        ),
    ]  # fmt: skip


def compute_stats(*, structure_ids: list[int], periode: Periode, masquer: bool = False) -> list[Section]:
    """Tableau de bord d'une (ou plusieurs) structure(s), en direct : 5 requêtes, toujours.

    `masquer` : pour qui n'est pas membre de la structure (comptes < 5 masqués)."""
    acc = Accompagnement.objects.actives().filter(
        structure_id__in=structure_ids, date__gte=periode.du, date__lte=periode.au
    )
    bes = BesoinTraite.objects.filter(structure_id__in=structure_ids, date__gte=periode.du, date__lte=periode.au)
    start, end = periode.bounds()
    orientations = Orientation.objects.filter(created_at__gte=start, created_at__lt=end)
    voix = ReponseQuestionnaire.objects.filter(
        accompagnement__deleted_at__isnull=True,
        accompagnement__structure_id__in=structure_ids,
        accompagnement__date__gte=periode.du,
        accompagnement__date__lte=periode.au,
    )
    return _sections_from(_live_data(acc, bes, None), masquer) + _orientation_and_voice_sections(
        orientations.filter(structure_destinataire_id__in=structure_ids),
        orientations.filter(structure_prescriptrice_id__in=structure_ids),
        voix,
        masquer,
    )


def compute_territoire_stats(*, commune_ids: list[str], periode: Periode) -> tuple[list[Section], datetime | None]:
    """Tableau de bord d'un territoire : séances et besoins depuis les agrégats mensuels par commune (la table des
    séances peut compter des millions de lignes), orientations et avis en direct. Comptes < 5 masqués.
    Renvoie aussi la date à laquelle les agrégats ont été calculés."""
    data = _territoire_data(commune_ids, periode)
    start, end = periode.bounds()
    orientations = Orientation.objects.filter(created_at__gte=start, created_at__lt=end)
    sections = _sections_from(data, True) + _orientation_and_voice_sections(
        orientations.filter(structure_destinataire__commune_id__in=commune_ids),
        orientations.filter(structure_prescriptrice__commune_id__in=commune_ids),
        ReponseQuestionnaire.objects.filter(
            accompagnement__deleted_at__isnull=True,
            accompagnement__structure__commune_id__in=commune_ids,
            accompagnement__date__gte=periode.du,
            accompagnement__date__lte=periode.au,
        ),
        True,
    )
    noms = dict(Commune.objects.filter(pk__in=list(data.par_groupe)).values_list("pk", "nom"))
    sections.append(
        Section("Par commune (commune de la structure)", ["Commune", "Accompagnements", "Personnes accompagnées"],
                [[noms.get(c, c), _mask(n, True), _mask(p, True)]
                 for c, (n, p) in sorted(data.par_groupe.items(), key=lambda kv: noms.get(kv[0], kv[0]))])
    )  # fmt: skip
    return sections, data.arrete_au


def aidants_par_epci_section(territoire: Territoire, *, masquer: bool) -> Section:
    """« Aidants du réseau par intercommunalité » : le registre des aidants aujourd'hui (la période n'y change rien),
    par EPCI de leur structure, en une requête. `masquer` : hors de la coordination (financeurs), 1 à 4 s'écrit
    « < 5 » ; la coordination, qui voit déjà le réseau nominatif, a les chiffres exacts."""
    colonnes = ["Intercommunalité (EPCI)", "Aidants", "Habilités Aidants Connect", *Niveau.labels]
    lignes = [
        [row["epci"], row["total"], row["habilites"], *(row[n] for n in Niveau.values)]
        for row in comptes_par_epci(territoire, masquer=masquer)
    ]
    return Section("Aidants du réseau par intercommunalité", colonnes, lignes)


def rebuild_monthly_stats(*, du: date, au: date) -> int:
    """Recalcule les agrégats mensuels par commune pour les mois de `du` à `au` (commande agreger_statistiques)."""
    from django.db import transaction

    from maillage.accompagnements.models import StatMensuelle

    du = du.replace(day=1)
    acc = Accompagnement.objects.actives().filter(date__gte=du, date__lte=au)
    bes = BesoinTraite.objects.filter(date__gte=du, date__lte=au)
    counts: dict[tuple, int] = {}

    def add(commune_id: str, mois: date, cle: str, n: int) -> None:
        if n:
            counts[(commune_id, mois, cle)] = counts.get((commune_id, mois, cle), 0) + n

    for r in (
        acc.annotate(mois=TruncMonth("date")).values("mois", "type", "structure__commune_id")
        .annotate(**_session_counters()).order_by()
    ):  # fmt: skip
        c, mois = r["structure__commune_id"], r["mois"]
        add(c, mois, f"type:{r['type']}:n", r["n"])
        add(c, mois, f"type:{r['type']}:p", r["p"] or 0)
        for key, value in r.items():
            if key.startswith(("lieu_", "res_", "duree_")):
                kind, _, rest = key.partition("_")
                add(c, mois, f"{kind}:{rest}", value)
    for r in (
        bes.annotate(mois=TruncMonth("date")).values("mois", "besoin", "facon", "raison", "structure__commune_id")
        .annotate(n=Sum("poids")).order_by()
    ):  # fmt: skip
        c, mois = r["structure__commune_id"], r["mois"]
        add(c, mois, f"besoin:{r['besoin']}", r["n"])
        add(c, mois, f"facon:{_facon_key(r['facon'], r['raison'])}", r["n"])
        if r["raison"] and r["facon"] in FACONS_A_LA_PLACE:
            add(c, mois, f"raison:{r['raison']}", r["n"])
    now = timezone.now()
    with transaction.atomic():
        StatMensuelle.objects.filter(mois__gte=du, mois__lte=au).delete()
        StatMensuelle.objects.bulk_create(
            [
                StatMensuelle(commune_id=c, mois=mois, cle=cle, n=n, created_at=now)
                for (c, mois, cle), n in counts.items()
            ],
            batch_size=5000,
        )
    return len(counts)


def _avg_duration(expr: Expression) -> Aggregate:
    from django.db.models import Avg

    return Avg(expr)


def _duration_label(value: timedelta | float | None) -> str:
    if value is None:
        return "—"
    if isinstance(value, (int, float)):  # SQLite renvoie des microsecondes
        value = timedelta(microseconds=value)
    hours = value.total_seconds() / 3600
    if hours < 48:
        return f"{round(hours)} h"
    return f"{round(hours / 24)} jours"


@dataclass
class FiltreSeances:
    """Les critères de « Mes accompagnements » : qui (`moi` ou `structure`), période, lieu, besoin, personne suivie."""

    qui: str = "moi"
    du: date | None = None
    au: date | None = None
    lieu: object | None = None
    besoin: str = ""
    personne: object | None = None


def seances_pour(user: User, filtre: FiltreSeances) -> QuerySet[Accompagnement]:
    """Les séances que la personne retrouve, les plus récentes d'abord ; un nombre fixe de requêtes par page
    (besoins préchargés, structure, lieu et personne joints)."""
    from django.db.models import Exists, OuterRef

    qs = Accompagnement.objects.visible_by(user)
    if filtre.qui == "moi":
        qs = qs.filter(mediateur=user)
    if filtre.du:
        qs = qs.filter(date__gte=filtre.du)
    if filtre.au:
        qs = qs.filter(date__lte=filtre.au)
    if filtre.lieu is not None:
        qs = qs.filter(lieu=filtre.lieu)
    if filtre.besoin:
        qs = qs.filter(Exists(BesoinTraite.objects.filter(accompagnement=OuterRef("pk"), besoin=filtre.besoin)))
    if filtre.personne is not None:
        qs = qs.filter(beneficiaire=filtre.personne)
    return (
        qs.select_related("structure", "lieu", "arret", "mediateur", "beneficiaire")
        .prefetch_related("besoins")
        .order_by("-date", "-created_at")
    )
