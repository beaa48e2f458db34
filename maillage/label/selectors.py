"""Lectures du label : écarts d'un aidant au profil, piliers d'une demande, carte des compétences d'un territoire,
mention publique du label (appelée par la vérification publique des aidants).

Un nombre de requêtes constant : un aidant se lit en une ligne (colonnes par compétence), la carte d'un hub en une
requête groupée par EPCI, quelle que soit la taille du réseau.
"""

import calendar
from dataclasses import dataclass, field
from datetime import date, datetime

from django.db.models import Case, Count, Exists, F, OuterRef, Q, QuerySet, Value, When
from django.db.models.functions import Coalesce, Greatest
from django.db.models.lookups import GreaterThan
from django.utils import timezone

from maillage.aidants import selectors as aidants_selectors
from maillage.aidants.enums import EtatSignature, Niveau
from maillage.aidants.models import ProfilAidant
from maillage.comptes.models import Territoire
from maillage.core.masquage import est_masque, masque
from maillage.label import equite
from maillage.label.enums import (
    CHAMPS,
    DOMAINES,
    EXPLICATIONS_COMPETENCES,
    Avis,
    Competence,
    Pilier,
    SourceNiveau,
    StatutDemande,
    domaine_de,
)
from maillage.label.models import (
    FRAICHEUR_MOIS,
    CompetencesAidant,
    DemandeLabel,
    EntretienPairs,
    ProfilReference,
    ReferentielLabel,
)


def add_months(d: date, months: int) -> date:
    """La même date `months` mois plus tard (ou plus tôt), ramenée au dernier jour du mois au besoin."""
    total = d.year * 12 + d.month - 1 + months
    year, month = divmod(total, 12)
    month += 1
    return date(year, month, min(d.day, calendar.monthrange(year, month)[1]))


def referentiel_en_vigueur(territoire: Territoire) -> ReferentielLabel | None:
    return ReferentielLabel.objects.filter(territoire=territoire, superseded_at__isnull=True).first()


def profils_reference(referentiel: ReferentielLabel | None) -> dict[str, ProfilReference]:
    if referentiel is None:
        return {}
    return {p.niveau: p for p in referentiel.profils.all()}


def competences_de(profil: ProfilAidant) -> CompetencesAidant | None:
    return CompetencesAidant.objects.filter(profil=profil).first()


def a_actualiser(evalue_le: date | None, today: date) -> bool:
    """Une évaluation de plus de 24 mois est à actualiser (les outils et les usages changent)."""
    return evalue_le is not None and evalue_le < add_months(today, -FRAICHEUR_MOIS)


@dataclass(frozen=True)
class Ecarts:
    """Où un aidant en est face à un profil de référence."""

    a_renforcer: list[str] = field(default_factory=list)  # niveau sous l'exigence, ou non évalué
    a_actualiser: list[str] = field(default_factory=list)  # exigence atteinte, mais évaluation de plus de 24 mois
    source_refusee: list[str] = field(default_factory=list)  # exigence atteinte par une source non acceptée

    @property
    def vert(self) -> bool:
        return not (self.a_renforcer or self.a_actualiser or self.source_refusee)

    @property
    def phrase(self) -> str:
        morceaux = []
        if self.a_renforcer:
            morceaux.append(f"à renforcer : {', '.join(self.a_renforcer)}")
        if self.a_actualiser:
            morceaux.append(f"à actualiser : {', '.join(self.a_actualiser)}")
        if self.source_refusee:
            morceaux.append(f"source non acceptée par le référentiel : {', '.join(self.source_refusee)}")
        return " ; ".join(morceaux) or "profil atteint"


def ecarts(
    competences: CompetencesAidant | None, profil_ref: ProfilReference, *, sources: list[str] | None = None,
    today: date | None = None,
) -> Ecarts:  # fmt: skip
    """Les compétences exigées par le profil que l'aidant n'atteint pas (recalculé à chaque lecture : une nouvelle
    version du référentiel change les écarts sans réécrire les niveaux)."""
    today = today or timezone.localdate()
    niveaux = competences.niveaux() if competences else {}
    out = Ecarts()
    for code, requis in profil_ref.exigences().items():
        niveau = niveaux.get(code)
        if niveau is None or niveau < requis:
            out.a_renforcer.append(code)
        elif a_actualiser(competences.evalue_le(code), today):
            out.a_actualiser.append(code)
        elif sources and competences.detail(code).get("source") not in sources:
            out.source_refusee.append(code)
    return out


@dataclass(frozen=True)
class LigneCompetence:
    code: str
    intitule: str
    explication: str
    niveau: int | None
    source: str
    evalue_le: date | None
    a_actualiser: bool


def tableau_competences(competences: CompetencesAidant | None, today: date | None = None) -> list[dict]:
    """Les 16 compétences groupées par domaine, avec le niveau, la source et l'alerte « à actualiser »."""
    today = today or timezone.localdate()
    domaines = {num: {"code": num, "titre": titre, "lignes": []} for num, titre in DOMAINES.items()}
    for c in Competence:
        niveau = getattr(competences, CHAMPS[c.value]) if competences else None
        detail = competences.detail(c.value) if competences else {}
        le = competences.evalue_le(c.value) if competences else None
        source = SourceNiveau(detail["source"]).label if detail.get("source") in SourceNiveau.values else ""
        domaines[domaine_de(c.value)]["lignes"].append(
            LigneCompetence(c.value, c.label, EXPLICATIONS_COMPETENCES[c.value], niveau, source, le,
                            niveau is not None and a_actualiser(le, today))
        )  # fmt: skip
    return list(domaines.values())


def ecarts_de_l_aidant(profil: ProfilAidant, today: date | None = None) -> list[dict]:
    """Pour chaque territoire de l'aidant et chacun de ses niveaux : l'écart au profil de référence en vigueur
    (« à renforcer : 4.2, 5.1 »). Une requête par territoire, plus une pour les niveaux."""
    competences = competences_de(profil)
    out = []
    for territoire in aidants_selectors.territoires_du_profil(profil):
        referentiel = referentiel_en_vigueur(territoire)
        profils = profils_reference(referentiel)
        for niveau in profil.niveaux:
            if niveau not in profils:
                continue
            e = ecarts(competences, profils[niveau], sources=referentiel.sources_acceptees, today=today)
            out.append({"territoire": territoire, "niveau": Niveau(niveau), "ecarts": e, "referentiel": referentiel,
                        "est_exemple": referentiel.est_exemple})  # fmt: skip
    return out


# — Les trois piliers —


@dataclass(frozen=True)
class EtatPilier:
    pilier: Pilier
    vert: bool
    explication: str


def _pilier_charte(demande: DemandeLabel, now: datetime) -> EtatPilier:
    etat = EtatSignature(aidants_selectors.etat_signature(demande.profil, demande.territoire, now))
    if etat != EtatSignature.SIGNEE:
        return EtatPilier(Pilier.CHARTE, False, f"{etat.label} : la version en vigueur de la charte doit être signée.")
    if demande.niveau not in demande.profil.niveaux:
        return EtatPilier(Pilier.CHARTE, False, "Les engagements de ce niveau ne sont pas encore signés.")
    return EtatPilier(Pilier.CHARTE, True, "Version en vigueur de la charte signée.")


def _pilier_competences(demande: DemandeLabel, referentiel: ReferentielLabel | None, today: date) -> EtatPilier:
    profil_ref = profils_reference(referentiel).get(demande.niveau)
    if profil_ref is None:
        return EtatPilier(Pilier.COMPETENCES, False, "Le référentiel du territoire n'a pas de profil pour ce niveau.")
    e = ecarts(competences_de(demande.profil), profil_ref, sources=referentiel.sources_acceptees, today=today)
    return EtatPilier(Pilier.COMPETENCES, e.vert, "Profil de référence atteint." if e.vert else e.phrase.capitalize())


def dernier_entretien(demande: DemandeLabel) -> EntretienPairs | None:
    return demande.entretiens.select_related("pair_1", "pair_2").first()


def _pilier_posture(demande: DemandeLabel, referentiel: ReferentielLabel | None, today: date) -> EtatPilier:
    entretien = dernier_entretien(demande)
    if entretien is None:
        return EtatPilier(Pilier.POSTURE, False, "Pas encore d'entretien entre pairs.")
    if entretien.avis != Avis.FAVORABLE:
        return EtatPilier(Pilier.POSTURE, False, "Le dernier entretien entre pairs a donné un avis défavorable.")
    mois = referentiel.validite_mois if referentiel else 24
    if entretien.mene_le < add_months(today, -mois):
        return EtatPilier(Pilier.POSTURE, False, f"Le dernier entretien a plus de {mois} mois : à refaire.")
    return EtatPilier(Pilier.POSTURE, True, f"Avis favorable le {entretien.mene_le:%d/%m/%Y}.")


def piliers(
    demande: DemandeLabel, now: datetime | None = None, *, referentiel: ReferentielLabel | None = None
) -> list[EtatPilier]:
    """Les trois piliers d'une demande, relus maintenant : c'est ce que la commission voit et ce que la décision
    revérifie. `referentiel` : celui du territoire, déjà lu (la commission le lit une fois pour toutes ses lignes)."""
    now = now or timezone.now()
    today = timezone.localdate(now)
    referentiel = referentiel or referentiel_en_vigueur(demande.territoire)
    return [
        _pilier_charte(demande, now),
        _pilier_competences(demande, referentiel, today),
        _pilier_posture(demande, referentiel, today),
    ]


def demandes_du_territoire(territoire: Territoire) -> QuerySet[DemandeLabel]:
    return (
        DemandeLabel.objects.filter(territoire=territoire)
        .select_related("profil", "territoire")
        .order_by("statut", "-created_at", "pk")
    )


def commission(territoire: Territoire, now: datetime | None = None) -> list[dict]:
    """Les demandes à décider (en cours, à renouveler), chacune avec ses piliers : complètes d'abord."""
    lignes = []
    referentiel = referentiel_en_vigueur(territoire)
    for d in demandes_du_territoire(territoire).filter(
        statut__in=(StatutDemande.EN_COURS, StatutDemande.A_RENOUVELER)
    ):
        p = piliers(d, now, referentiel=referentiel)
        lignes.append({"demande": d, "piliers": p, "complete": all(x.vert for x in p)})
    return sorted(lignes, key=lambda ligne: not ligne["complete"])


# — Ce que le public voit (appelé par la vérification publique des aidants) —


def mention_publique(profil_id: int, now: datetime | None = None) -> str:
    """« Labellisé ou labellisée Tous aidants — niveau …, jusqu'au … » pour un profil, ou "" : labels accordés et non échus
    (relu à chaque fois : un retrait ou une échéance compte aussitôt, même avant le cron). Une requête."""
    today = timezone.localdate(now)
    labels = list(
        DemandeLabel.objects.valides(today)
        .filter(profil_id=profil_id)
        .order_by("niveau")
        .values("niveau", "expire_le")
    )
    if not labels:
        return ""
    niveaux = ", ".join(Niveau(x["niveau"]).label.lower() for x in labels)
    jusqu = min(x["expire_le"] for x in labels)
    return f"Labellisé ou labellisée Tous aidants — niveau {niveaux}, jusqu'au {jusqu:%d/%m/%Y}."


# — Carte des compétences d'un territoire —


def _requis(profils: dict[str, ProfilReference], code: str) -> Greatest | Case | None:
    """Niveau exigé d'un aidant pour une compétence : le plus haut des profils de ses niveaux (expression SQL)."""
    exprs = [
        Case(When(profil__niveaux_text__contains=f"|{n}|", then=Value(p.niveaux()[code])), default=Value(0))
        for n, p in profils.items()
        if p.niveaux()[code]
    ]
    if not exprs:
        return None
    return exprs[0] if len(exprs) == 1 else Greatest(*exprs)


def _atteint(profil_ref: ProfilReference) -> Q:
    """L'aidant atteint ce profil : chaque compétence exigée au niveau demandé (une ligne, aucune jointure)."""
    q = Q()
    for code, requis in profil_ref.exigences().items():
        q &= Q(**{f"profil__competences__{CHAMPS[code]}__gte": requis})
    return q


def _chaleur(ecart: int, total: int) -> int:
    """Classe de la case (0 à 4) selon la part d'aidants en écart : la couleur redit le nombre écrit."""
    if total <= 0 or ecart <= 0:
        return 0
    return min(4, 1 + (4 * ecart) // (total + 1))


def _rattachements(territoire: Territoire, epci: str | None) -> QuerySet:
    """Les rattachements groupés par EPCI (`code`, `epci`), ou, pour un EPCI, par commune des structures
    (`commune`, `nom`)."""
    base = aidants_selectors.rattachements_par_epci(territoire)
    if epci is None:
        return base.order_by("epci")
    return (
        base.filter(structure__commune__epci_code=epci)
        .values(commune=F("structure__commune__code_insee"), nom=F("structure__commune__nom"))
        .order_by("nom")
    )


def carte_competences(
    territoire: Territoire, *, masquer: bool, now: datetime | None = None, epci: str | None = None
) -> dict:
    """Par EPCI des structures (ou, avec `epci`, par commune des structures de cet EPCI) : aidants, aidants qui
    atteignent le profil de chaque niveau (nombre et part), labellisés (nombre et taux pour 10 000 habitants), et,
    par compétence, aidants sous le niveau exigé par leurs propres niveaux (non évalués compris) ; puis les figures
    d'équité entre zones (equite.py).

    Deux requêtes groupées quelle que soit la taille du réseau (comptes distincts : un aidant rattaché deux fois
    dans un EPCI compte une fois ; population des communes du territoire) ; hors de la coordination, 1 à 4
    s'affiche « < 5 » (core/masquage.py). `equite.ZoneHorsTerritoire` : EPCI sans commune dans le territoire."""
    today = timezone.localdate(now)
    population, noms = equite.population_par_zone(territoire, epci)
    referentiel = referentiel_en_vigueur(territoire)
    profils = profils_reference(referentiel)
    labellise = Exists(DemandeLabel.objects.valides(today).filter(profil=OuterRef("profil_id"), territoire=territoire))
    aggregats = {
        "total": Count("profil", distinct=True),
        "evalues": Count("profil", distinct=True, filter=Q(profil__competences__isnull=False)),
        "labellises": Count("profil", distinct=True, filter=Q(labellise)),
    }
    for n, p in profils.items():
        aggregats[f"atteint_{n}"] = Count("profil", distinct=True, filter=_atteint(p))
    codes = []
    for code, champ in CHAMPS.items():
        if (requis := _requis(profils, code)) is not None:
            codes.append(code)
            niveau = Coalesce(f"profil__competences__{champ}", Value(-1))
            aggregats[f"ecart_{champ}"] = Count("profil", distinct=True, filter=Q(GreaterThan(requis, niveau)))
    rows = _rattachements(territoire, epci).annotate(**aggregats)
    niveaux = [n for n in Niveau.values if n in profils]
    lignes = [_ligne(row, niveaux, codes, masquer, population) for row in rows]
    niveaux_enum = [Niveau(n) for n in niveaux]
    return {
        "referentiel": referentiel, "niveaux": niveaux_enum, "codes": codes, "lignes": lignes,
        "epci": epci, "epci_nom": noms.get(""),
        "equite": equite.figures(lignes, niveaux_enum, exclure_sans_epci=epci is None),
    }  # fmt: skip


def _ligne(row: dict, niveaux: list[str], codes: list[str], masquer: bool, population: dict[str, int]) -> dict:
    def m(n: int) -> int | str:
        return masque(n) if masquer else n

    total = row["total"]
    cases = []
    for code in codes:
        n = row[f"ecart_{CHAMPS[code]}"]
        cache = masquer and (est_masque(n) or est_masque(total))
        cases.append({"code": code, "valeur": m(n), "chaleur": "masque" if cache else _chaleur(n, total)})
    code = row.get("commune", row.get("code"))
    nom = row["nom"] if "commune" in row else row["epci"] or "Sans EPCI"
    pop = population.get(code, 0)
    parts = [equite.part(row[f"atteint_{n}"], total, masquer=masquer) for n in niveaux]
    atteint = [m(row[f"atteint_{n}"]) for n in niveaux]
    return {
        "code": code, "epci": nom, "total": m(total), "evalues": m(row["evalues"]),
        "labellises": m(row["labellises"]), "atteint": atteint, "ecarts": cases,
        "parts": parts, "atteints": [{"nombre": a, "part": p} for a, p in zip(atteint, parts, strict=True)],
        "population": pop, "pour_10000": equite.taux(row["labellises"], pop, masquer=masquer),
    }  # fmt: skip


# — Sur la page d'un lieu —


def nombre_labellises_publics(structure_id: int | None, now: datetime | None = None) -> int:
    """Aidants labellisés qu'on peut annoncer en public pour une structure (une requête ; aucune sans structure).

    Même prudence que « aidants habilités Aidants Connect ici » : seulement les aidants qui ont accepté la
    vérification publique, majeurs, non archivés, rattachés aujourd'hui à la structure (`profils_publiables` des
    aidants), avec un label valable (accordé, non échu) dans un territoire qui contient la commune de la structure."""
    if structure_id is None:
        return 0
    from maillage.comptes.models import Structure

    label = DemandeLabel.objects.valides(timezone.localdate(now)).filter(
        profil=OuterRef("pk"),
        territoire__communes__in=Structure.objects.filter(pk=structure_id).values("commune_id"),
    )
    return (
        aidants_selectors.profils_publiables(structure_id, now).filter(Exists(label)).values("pk").distinct().count()
    )
