"""Lectures des formations : « formations pour mes besoins » (les sessions qui couvrent les écarts d'un aidant),
la vue des besoins de la coordination par EPCI et par thème, les chiffres (masqués sous 5 hors de la
coordination), l'export iCalendar des sessions, les points d'étape visibles par une personne.

Un nombre de requêtes constant : l'écart d'un aidant se lit par le label (une ligne), les sessions qui le couvrent
en une requête filtrée sur `competences_text`, les besoins d'un territoire en requêtes groupées.
"""

from datetime import datetime
from typing import Any

from django.db.models import Count, F, Func, IntegerField, Q, QuerySet, Sum
from django.utils import timezone

from maillage.aidants import selectors as aidants_selectors
from maillage.aidants.enums import StatutAidant
from maillage.aidants.models import ProfilAidant, RattachementAidant
from maillage.comptes.enums import Role
from maillage.comptes.models import Territoire, User
from maillage.comptes.permissions import territoire_ids_for
from maillage.core.masquage import masque
from maillage.formations.enums import ETATS_PLACE, THEME_DU_DOMAINE, EtatInscription, Theme
from maillage.formations.models import DemandeFormation, Formation, Inscription, PointEtape, Session, Volontaire
from maillage.label import selectors as label_selectors
from maillage.label.enums import domaine_de

#: Statuts professionnels, pour le rapport « volontaires et professionnels » (les volontaires ne remplacent pas
#: les professionnels, carnet de Maine-et-Loire).
STATUTS_PROS = (
    StatutAidant.TRAVAILLEUR_SOCIAL,
    StatutAidant.AGENT_ACCUEIL,
    StatutAidant.MEDIATEUR,
    StatutAidant.CONSEILLER_NUMERIQUE,
    StatutAidant.AUTRE_PRO,
)
MAX_PROPOSITIONS = 20
MAX_SUIVIES = 10


def ecarts_a_renforcer(profil: ProfilAidant) -> list[str]:
    """Les compétences « à renforcer » de l'aidant, tous territoires et niveaux confondus (label)."""
    codes: set[str] = set()
    for ligne in label_selectors.ecarts_de_l_aidant(profil):
        codes.update(ligne["ecarts"].a_renforcer)
    return sorted(codes)


def sessions_a_venir(now: datetime | None = None) -> QuerySet[Session]:
    now = now or timezone.now()
    return (
        Session.objects.filter(annulee_at__isnull=True, debut__gt=now)
        .select_related("formation", "formation__structure_formatrice", "commune")
        .order_by("debut", "pk")
    )


def sessions_publiques(
    *, competence: str = "", theme: str = "", departement: str = "", now: datetime | None = None
) -> QuerySet[Session]:
    """Les sessions à venir de l'API publique, filtrées. Le département est celui de la commune de la session ;
    une session à distance sans commune se range dans celui de la structure qui forme."""
    qs = sessions_a_venir(now).select_related("commune__departement")
    if competence:
        qs = qs.filter(couvre([competence], prefixe="formation__"))
    if theme:
        qs = qs.filter(formation__theme=theme)
    if departement:
        qs = qs.filter(
            Q(commune__departement_id=departement)
            | Q(commune__isnull=True, formation__structure_formatrice__commune__departement_id=departement)
        )
    return qs


def avec_places(sessions: list[Session]) -> list[Session]:
    """`places_prises` et `places_restantes` des sessions montrées, en une requête groupée sur elles seules."""
    prises = dict(
        Inscription.objects.filter(session__in=[x.pk for x in sessions], etat__in=ETATS_PLACE)
        .values_list("session_id")
        .annotate(n=Count("pk"))
    )
    for x in sessions:
        x.places_prises = prises.get(x.pk, 0)
        x.places_restantes = max(x.capacite - x.places_prises, 0)
    return sessions


def couvre(codes: list[str], prefixe: str = "") -> Q:
    """Les formations (ou, avec `prefixe="formation__"`, les sessions) qui visent au moins une de ces compétences."""
    q = Q()
    for code in codes:
        q |= Q(**{f"{prefixe}competences_text__contains": f"|{code}|"})
    return q


def formations_pour_mes_besoins(profil: ProfilAidant, now: datetime | None = None) -> dict:
    """Les sessions à venir dont la formation vise au moins une compétence de l'écart de l'aidant, dans les
    territoires où l'aidant est rattaché, avec ce qu'elles couvrent et l'inscription en cours s'il y en a une."""
    ecarts = ecarts_a_renforcer(profil)
    territoires = list(aidants_selectors.territoires_du_profil(profil).values_list("pk", flat=True))
    sessions = []
    if ecarts and territoires:
        # Les formations qui couvrent l'écart d'abord (quelques centaines), puis les 20 prochaines sessions par l'index
        # sur `debut`, puis les places prises de ces 20 seules : jamais de comptage sur toutes les inscriptions.
        formations = Formation.objects.filter(couvre(ecarts), territoire_id__in=territoires)
        qs = sessions_a_venir(now).filter(formation_id__in=formations.values("pk"))
        sessions = avec_places(list(qs[:MAX_PROPOSITIONS]))
    inscriptions = {
        i.session_id: i
        for i in Inscription.objects.filter(
            profil=profil, session__in=[s.pk for s in sessions], etat__in=[*ETATS_PLACE, EtatInscription.ATTENTE]
        )
    }
    for s in sessions:
        s.couvre = [c for c in s.formation.competences if c in ecarts]
        s.mon_inscription = inscriptions.get(s.pk)
    return {"ecarts": ecarts, "sessions": sessions}


def mes_inscriptions(profil: ProfilAidant, now: datetime | None = None) -> dict:
    """Les inscriptions aux sessions à venir (toutes, liste d'attente comprise) et les formations suivies (les
    `MAX_SUIVIES` dernières, avec leur attestation) : une liste courte à lire, même pour qui se forme souvent."""
    now = now or timezone.now()
    qs = (
        Inscription.objects.filter(profil=profil)
        .select_related("session", "session__formation")
        # Ce que la liste montre seulement (titre, date, état) : pas les textes longs de la formation.
        .only("public_id", "etat", "session__public_id", "session__debut", "session__formation__titre")
    )
    a_venir = qs.filter(session__debut__gt=now).exclude(etat=EtatInscription.ANNULEE).order_by("session__debut")
    suivies = qs.filter(etat=EtatInscription.PRESENTE).order_by("-session__debut")[:MAX_SUIVIES]
    return {"a_venir": list(a_venir), "suivies": list(suivies), "max_suivies": MAX_SUIVIES}


def rang_attente(inscription: Inscription) -> int | None:
    if inscription.etat != EtatInscription.ATTENTE:
        return None
    return (
        Inscription.objects.filter(
            session_id=inscription.session_id, etat=EtatInscription.ATTENTE, created_at__lte=inscription.created_at
        )
        .exclude(pk=inscription.pk, created_at=inscription.created_at)
        .count()
        + 1
    )


# — Besoins et chiffres de la coordination —


class LongueurListe(Func):
    """Le nombre d'éléments d'une liste JSON, compté par la base (SQLite `json_array_length`, PostgreSQL
    `jsonb_array_length`) : la somme se fait en une requête groupée, sans relire chaque liste en Python."""

    function = "json_array_length"
    output_field = IntegerField()

    def as_postgresql(self, compiler: Any, connection: Any, **extra_context: Any) -> tuple[str, list]:
        return self.as_sql(compiler, connection, function="jsonb_array_length", **extra_context)


def _m(n: int, masquer: bool) -> int | str:
    return masque(n) if masquer else n


def besoins(territoire: Territoire, *, masquer: bool, now: datetime | None = None) -> dict:
    """Par EPCI et par thème : aidants dont l'écart porte sur ce thème (label, une requête groupée), personnes à
    former demandées par les structures, sessions à venir qui couvrent le thème."""
    now = now or timezone.now()
    carte = label_selectors.carte_competences(territoire, masquer=False, now=now)
    themes = list(Theme)
    lignes: dict[str, dict] = {}
    for ligne in carte["lignes"]:
        par_theme = {t.value: 0 for t in themes}
        for case in ligne["ecarts"]:
            theme = THEME_DU_DOMAINE[domaine_de(case["code"])]
            par_theme[theme] = max(par_theme[theme], case["valeur"])
        lignes[ligne["code"] or ""] = {"epci": ligne["epci"], "ecarts": par_theme, "demandes": dict.fromkeys(par_theme, 0),
                                        "sessions": dict.fromkeys(par_theme, 0)}  # fmt: skip
    demandes = (
        DemandeFormation.objects.filter(structure__commune__territoires=territoire)
        .values(code=F("structure__commune__epci_code"), nom=F("structure__commune__epci_nom"), t=F("theme"))
        .annotate(personnes=Sum("personnes"))
    )
    for d in demandes:
        ligne = lignes.setdefault(d["code"] or "", _vide(d["nom"], themes))
        ligne["demandes"][d["t"]] += d["personnes"] or 0
    sessions = (
        Session.objects.filter(formation__territoire=territoire, annulee_at__isnull=True, debut__gt=now)
        .values(code=F("commune__epci_code"), nom=F("commune__epci_nom"), t=F("formation__theme"))
        .annotate(n=Count("pk"))
    )
    for s in sessions:
        ligne = lignes.setdefault(s["code"] or "", _vide(s["nom"], themes))
        ligne["sessions"][s["t"]] += s["n"]
    rows = []
    for ligne in sorted(lignes.values(), key=lambda x: x["epci"] or "~"):
        cellules = [
            {"theme": t.label, "ecarts": _m(ligne["ecarts"][t], masquer), "demandes": _m(ligne["demandes"][t], masquer),
             "sessions": ligne["sessions"][t],
             "manque": (ligne["ecarts"][t] or ligne["demandes"][t]) and not ligne["sessions"][t]}
            for t in themes
        ]  # fmt: skip
        rows.append({"epci": ligne["epci"] or "Sans EPCI", "cellules": cellules})
    return {"themes": themes, "lignes": rows}


def _vide(nom: str | None, themes: list) -> dict:
    zeros = {t.value: 0 for t in themes}
    return {"epci": nom or "", "ecarts": dict(zeros), "demandes": dict(zeros), "sessions": dict(zeros)}


def chiffres(territoire: Territoire, *, masquer: bool, now: datetime | None = None) -> list[dict]:
    """Par EPCI (commune de la session, ou de la structure pour les aidants) : sessions données, présences,
    écarts couverts (compétences de l'écart visées par une formation suivie), volontaires et professionnels."""
    now = now or timezone.now()
    # Une seule lecture des inscriptions (200 000 pour un hub) : sessions, présences et écarts couverts ensemble.
    donnees = (
        Inscription.objects.filter(session__formation__territoire=territoire, session__debut__lte=now)
        .values(code=F("session__commune__epci_code"), nom=F("session__commune__epci_nom"))
        .annotate(
            sessions=Count("session", distinct=True),
            presences=Count("pk", filter=Q(etat=EtatInscription.PRESENTE)),
            couverts=Sum(LongueurListe("ecarts_vises"), filter=Q(etat=EtatInscription.PRESENTE)),
        )
    )
    lignes: dict[str, dict] = {}
    for d in donnees:
        lignes[d["code"] or ""] = {"epci": d["nom"], "sessions": d["sessions"], "presences": d["presences"],
                                   "ecarts_couverts": d["couverts"] or 0, "volontaires": 0, "pros": 0}  # fmt: skip
    reseau = (
        RattachementAidant.objects.filter(detached_at__isnull=True, structure__commune__territoires=territoire)
        .values(code=F("structure__commune__epci_code"), nom=F("structure__commune__epci_nom"))
        .annotate(
            volontaires=Count("profil", distinct=True, filter=Q(statut=StatutAidant.SERVICE_CIVIQUE)),
            pros=Count("profil", distinct=True, filter=Q(statut__in=STATUTS_PROS)),
        )
    )
    for r in reseau:
        ligne = lignes.setdefault(r["code"] or "", _zero(r["nom"]))
        ligne["volontaires"], ligne["pros"] = r["volontaires"], r["pros"]
    out = []
    for ligne in sorted(lignes.values(), key=lambda x: x["epci"] or "~"):
        out.append(
            {"epci": ligne["epci"] or "Sans EPCI", **{k: _m(v, masquer) for k, v in ligne.items() if k != "epci"}}
        )
    return out


def _zero(nom: str | None) -> dict:
    return {"epci": nom or "", "sessions": 0, "presences": 0, "ecarts_couverts": 0, "volontaires": 0, "pros": 0}


# — Service civique —


def points_etape(volontaire: Volontaire, *, tous: bool) -> QuerySet[PointEtape]:
    """Les points d'étape d'une ou un volontaire : tous (la personne, la coordination), ou seulement ceux qu'elle a
    acceptés de partager (la structure d'accueil) — la vue choisit avec `permissions.can_read_point_etape`."""
    qs = PointEtape.objects.filter(volontaire=volontaire)
    return qs if tous else qs.filter(partage_structure=True)


def alertes_de_la_coordination(user: User) -> QuerySet[PointEtape]:
    """Les alertes de dérive des cohortes que la personne coordonne."""
    qs = PointEtape.objects.filter(alerte_derive=True).select_related(
        "volontaire__profil", "volontaire__mission__structure", "volontaire__mission__cohorte"
    )
    if not user.is_staff:
        qs = qs.filter(volontaire__mission__cohorte__territoire_id__in=territoire_ids_for(user, Role.COORDINATEUR))
    return qs
