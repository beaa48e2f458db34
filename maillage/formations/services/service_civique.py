"""Écritures du service civique : cohortes, missions (proposées par la structure d'accueil, validées par la
coordination seulement quand les quatre critères et le tuteur ou la tutrice sont remplis), volontaires, journées
et regroupements avec présences, points d'étape (alerte de dérive), fin de mission.

Le journal ne garde jamais le texte d'un point d'étape : seulement les drapeaux (alerte, partage)."""

from datetime import date

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.aidants.enums import StatutAidant
from maillage.aidants.models import ProfilAidant
from maillage.comptes.models import Structure, Territoire, User
from maillage.core.transitions import check_transition
from maillage.formations import permissions
from maillage.formations.enums import (
    TRANSITIONS_MISSION,
    TRANSITIONS_VOLONTAIRE,
    Critere,
    EtatMission,
    EtatVolontaire,
    FormationEvent,
)
from maillage.formations.models import (
    AGE_MINIMUM_VOLONTAIRE,
    Cohorte,
    Mission,
    PointEtape,
    Presence,
    Rencontre,
    Volontaire,
)
from maillage.formations.services.journal import journal


@transaction.atomic
def create_cohorte(*, territoire: Territoire, by: User, nom: str, debut: date, fin: date) -> Cohorte:
    cohorte = Cohorte(territoire=territoire, nom=(nom or "").strip(), debut=debut, fin=fin, coordinateur=by)
    if not permissions.can_coordinate_cohorte(by, cohorte):
        raise PermissionDenied
    cohorte.full_clean()
    cohorte.save()
    journal(FormationEvent.COHORTE, by=by)
    return cohorte


def _criteres_propres(criteres: dict) -> dict[str, str]:
    if unknown := sorted(set(criteres) - set(Critere.values)):
        raise ValidationError({"criteres": f"Critère inconnu : {', '.join(unknown)}."})
    return {code: (criteres.get(code) or "").strip() for code in Critere.values}


@transaction.atomic
def propose_mission(
    *, structure: Structure, cohorte: Cohorte, by: User, intitule: str, description: str, tuteur: str = "",
    criteres: dict | None = None,
) -> Mission:  # fmt: skip
    """La structure d'accueil propose une mission (incomplète si besoin : la coordination ne la validera pas)."""
    if not permissions.can_propose_mission(by, structure):
        raise PermissionDenied
    mission = Mission(structure=structure, cohorte=cohorte, intitule=(intitule or "").strip(),
                      description=(description or "").strip(), tuteur=(tuteur or "").strip(),
                      criteres=_criteres_propres(criteres or {}))  # fmt: skip
    mission.full_clean()
    mission.save()
    journal(FormationEvent.MISSION_PROPOSEE, by=by, mission=mission, **_drapeaux(mission))
    return mission


@transaction.atomic
def update_mission(*, mission: Mission, by: User, tuteur: str, criteres: dict, description: str = "") -> Mission:
    """La structure complète sa mission ; une mission « à revoir » repasse « proposée »."""
    if not permissions.can_propose_mission(by, mission.structure):
        raise PermissionDenied
    if mission.etat == EtatMission.A_REVOIR:
        check_transition(TRANSITIONS_MISSION, mission.etat, EtatMission.PROPOSEE, sujet="Cette mission")
        mission.etat = EtatMission.PROPOSEE
    elif mission.etat != EtatMission.PROPOSEE:
        raise ValidationError("Cette mission est validée : demandez à la coordination de la repasser « à revoir ».")
    mission.tuteur = (tuteur or "").strip()
    mission.criteres = _criteres_propres(criteres)
    mission.description = (description or "").strip() or mission.description
    mission.full_clean()
    mission.save()
    journal(FormationEvent.MISSION_PROPOSEE, by=by, mission=mission, **_drapeaux(mission))
    return mission


def _drapeaux(mission: Mission) -> dict:
    return {"tuteur": bool(mission.tuteur), "criteres": sum(1 for v in mission.criteres.values() if v)}


def manques(mission: Mission) -> list[str]:
    """Ce qui empêche de valider : le tuteur ou la tutrice, et chaque critère sans engagement de la structure."""
    out = [] if mission.tuteur.strip() else ["le tuteur ou la tutrice (nom et fonction)"]
    out += [f"l'engagement de la structure sur « {c.label} »" for c in Critere if not mission.criteres.get(c.value)]
    return out


@transaction.atomic
def decide_mission(*, mission: Mission, by: User, valider: bool, motif: str = "") -> Mission:
    """Valider (refusé tant qu'il manque un critère ou le tuteur) ou renvoyer « à revoir » avec un motif."""
    if not permissions.can_coordinate_cohorte(by, mission.cohorte):
        raise PermissionDenied
    nouveau = EtatMission.VALIDEE if valider else EtatMission.A_REVOIR
    check_transition(TRANSITIONS_MISSION, mission.etat, nouveau, sujet="Cette mission")
    if valider and (manque := manques(mission)):
        raise ValidationError(f"Mission non validée : il manque {' ; '.join(manque)}.")
    motif = (motif or "").strip()
    if not valider and not motif:
        raise ValidationError({"motif": "Dites à la structure ce qu'elle doit revoir."})
    mission.etat, mission.motif, mission.decidee_par, mission.decidee_at = nouveau, motif, by, timezone.now()
    mission.save()
    journal(FormationEvent.MISSION_VALIDEE if valider else FormationEvent.MISSION_REFUSEE, by=by, mission=mission)
    return mission


@transaction.atomic
def accueillir_volontaire(*, mission: Mission, profil: ProfilAidant, by: User, debut: date, fin: date) -> Volontaire:
    """Un profil d'aidant rattaché à la structure avec le statut « volontaire en service civique », 16 ans au moins
    au début de la mission, sur une mission validée."""
    if not permissions.can_view_mission(by, mission):
        raise PermissionDenied
    if mission.etat != EtatMission.VALIDEE:
        raise ValidationError("On accueille une ou un volontaire seulement sur une mission validée.")
    if profil.annee_naissance is None:
        raise ValidationError({"profil": f"Indiquez l'année de naissance de {profil} : le service civique est ouvert "
                                         "à partir de 16 ans."})  # fmt: skip
    if debut.year - profil.annee_naissance < AGE_MINIMUM_VOLONTAIRE:
        raise ValidationError({"profil": f"{profil} a moins de 16 ans au début de la mission : le service civique "
                                         "est ouvert à partir de 16 ans."})  # fmt: skip
    if not profil.rattachements.filter(
        structure=mission.structure, statut=StatutAidant.SERVICE_CIVIQUE, detached_at__isnull=True
    ).exists():
        raise ValidationError({"profil": f"Rattachez d'abord {profil} à {mission.structure} avec le statut "
                                         "« Volontaire en service civique » (page des aidants de la structure)."})  # fmt: skip
    volontaire = Volontaire(profil=profil, mission=mission, debut=debut, fin=fin)
    volontaire.full_clean()
    volontaire.save()
    journal(FormationEvent.VOLONTAIRE, by=by, mission=mission, volontaire=volontaire)
    return volontaire


@transaction.atomic
def programmer_rencontre(*, cohorte: Cohorte, by: User, type: str, date: date, theme: str) -> Rencontre:
    if not permissions.can_coordinate_cohorte(by, cohorte):
        raise PermissionDenied
    rencontre = Rencontre(cohorte=cohorte, type=type, date=date, theme=(theme or "").strip())
    rencontre.full_clean()
    rencontre.save()
    journal(FormationEvent.RENCONTRE, by=by, type=type)
    return rencontre


@transaction.atomic
def pointer_rencontre(*, rencontre: Rencontre, volontaire: Volontaire, by: User, present: bool) -> Presence:
    if not permissions.can_coordinate_cohorte(by, rencontre.cohorte):
        raise PermissionDenied
    if volontaire.mission.cohorte_id != rencontre.cohorte_id:
        raise ValidationError(f"{volontaire.profil} n'est pas dans la cohorte « {rencontre.cohorte} ».")
    presence, _ = Presence.objects.update_or_create(rencontre=rencontre, volontaire=volontaire,
                                                     defaults={"present": present})  # fmt: skip
    journal(FormationEvent.PRESENCE_SC, by=by, volontaire=volontaire, present=present)
    return presence


@transaction.atomic
def point_etape(
    *, volontaire: Volontaire, by: User, ressenti: str = "", activites: str = "", alerte_derive: bool = False,
    partage_structure: bool = False, today: date | None = None,
) -> PointEtape:  # fmt: skip
    """La ou le volontaire dit où en est sa mission ; l'alerte de dérive va à la coordination seule (la structure
    ne lit ce point que si la ou le volontaire l'accepte)."""
    if not permissions.can_write_point_etape(by, volontaire):
        raise PermissionDenied
    if volontaire.etat != EtatVolontaire.EN_MISSION:
        raise ValidationError("Cette mission est terminée : on n'y ajoute plus de point d'étape.")
    if not (ressenti.strip() or activites.strip() or alerte_derive):
        raise ValidationError(
            "Écrivez quelques mots sur votre mission, ou signalez qu'elle s'éloigne de la médiation."
        )
    point = PointEtape(volontaire=volontaire, date=today or timezone.localdate(), ressenti=ressenti.strip(),
                       activites=activites.strip(), alerte_derive=alerte_derive,
                       partage_structure=partage_structure)  # fmt: skip
    point.full_clean()
    point.save()
    event = FormationEvent.ALERTE if alerte_derive else FormationEvent.POINT_ETAPE
    journal(event, by=by, volontaire=volontaire, partage=partage_structure)
    return point


@transaction.atomic
def terminer_volontariat(*, volontaire: Volontaire, by: User, anticipee: bool, le: date | None = None) -> Volontaire:
    """Fin de mission, à son terme ou anticipée (la date est gardée)."""
    if not permissions.can_coordinate_cohorte(by, volontaire.mission.cohorte):
        raise PermissionDenied
    nouveau = EtatVolontaire.FIN_ANTICIPEE if anticipee else EtatVolontaire.TERMINEE
    check_transition(TRANSITIONS_VOLONTAIRE, volontaire.etat, nouveau, sujet="Ce volontariat")
    le = le or timezone.localdate()
    if anticipee and not volontaire.debut <= le < volontaire.fin:
        raise ValidationError({"le": "Une fin anticipée tombe entre le début et la fin prévue de la mission."})
    volontaire.etat = nouveau
    volontaire.fin_anticipee_le = le if anticipee else None
    volontaire.save()
    journal(FormationEvent.FIN_MISSION, by=by, volontaire=volontaire, anticipee=anticipee)
    return volontaire
