"""Écritures de l'offre de formation : formations, sessions, inscriptions (liste d'attente et promotion
automatique), présences (et niveaux du label mis à jour quand la formation a une évaluation), besoins exprimés.

Chaque fonction revérifie la règle qui protège, écrit dans une transaction et ajoute sa ligne au journal (en
dernier) : un refus ne laisse rien d'écrit."""

from datetime import datetime
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.aidants.enums import Niveau
from maillage.aidants.models import ProfilAidant
from maillage.comptes.models import Structure, Territoire, User
from maillage.core.models import Commune
from maillage.core.transitions import check_transition
from maillage.formations import permissions, selectors
from maillage.formations.enums import (
    ETATS_OUVERTS,
    ETATS_PLACE,
    TRANSITIONS_INSCRIPTION,
    EtatInscription,
    FormationEvent,
)
from maillage.formations.models import DemandeFormation, Formation, Inscription, Session
from maillage.formations.services.journal import journal
from maillage.label import services as label_services
from maillage.label.enums import CHAMPS, LabelEvent
from maillage.label.models import CompetencesAidant


def _check_codes(competences: list[str]) -> list[str]:
    if unknown := sorted(set(competences) - set(CHAMPS)):
        raise ValidationError({"competences": f"Compétence inconnue : {', '.join(unknown)}."})
    return sorted(set(competences))


@transaction.atomic
def create_formation(
    *, territoire: Territoire, by: User, titre: str, theme: str, structure_formatrice: Structure,
    duree_heures: Decimal, format: str, competences: list[str] = (), niveaux: list[str] = (),
    cout_euros: Decimal = Decimal("0"), financement: str = "GRATUIT", source_niveaux: str = "",
    niveau_vise: int | None = None, description: str = "",
) -> Formation:  # fmt: skip
    if not permissions.can_create_formation(by, territoire, structure_formatrice):
        raise PermissionDenied
    if unknown := sorted(set(niveaux) - set(Niveau.values)):
        raise ValidationError({"niveaux": f"Niveau d'intervention inconnu : {', '.join(unknown)}."})
    formation = Formation(
        territoire=territoire, titre=(titre or "").strip(), theme=theme, structure_formatrice=structure_formatrice,
        duree_heures=duree_heures, format=format, competences=_check_codes(list(competences)),
        niveaux=[n for n in Niveau.values if n in niveaux], cout_euros=cout_euros, financement=financement,
        source_niveaux=source_niveaux or "", niveau_vise=niveau_vise, description=description.strip(),
    )  # fmt: skip
    formation.full_clean()
    formation.save()
    journal(FormationEvent.FORMATION_CREEE, by=by, formation=formation, competences=formation.competences)
    return formation


@transaction.atomic
def create_session(
    *, formation: Formation, by: User, debut: datetime, fin: datetime, capacite: int, a_distance: bool = False,
    lieu: str = "", commune: Commune | None = None,
) -> Session:  # fmt: skip
    if not permissions.can_manage_formation(by, formation):
        raise PermissionDenied
    lieu = (lieu or "").strip()
    if not lieu:
        quoi = "le lien de connexion" if a_distance else "l'adresse"
        raise ValidationError({"lieu": f"Indiquez {quoi} de la session."})
    if commune is None and not a_distance:
        commune = formation.structure_formatrice.commune
    session = Session(formation=formation, debut=debut, fin=fin, capacite=capacite, a_distance=a_distance,
                      lieu=lieu, commune=commune)  # fmt: skip
    session.full_clean()
    session.save()
    journal(FormationEvent.SESSION_CREEE, by=by, formation=formation, session=session, capacite=capacite)
    return session


def _places_prises(session: Session) -> int:
    return Inscription.objects.filter(session=session, etat__in=ETATS_PLACE).count()


@transaction.atomic
def register(
    *, session: Session, profil: ProfilAidant, by: User, liste_attente: bool = True, now: datetime | None = None
) -> Inscription:
    """Inscrire un aidant (lui-même, ou par sa ou son gestionnaire). Session complète : liste d'attente si la
    personne l'a choisie, sinon refus. Après le début de la session : refus."""
    if not permissions.can_register(by, profil):
        raise PermissionDenied
    now = now or timezone.now()
    session = Session.objects.select_for_update().select_related("formation").get(pk=session.pk)
    if session.annulee_at is not None:
        raise ValidationError("Cette session est annulée : choisissez une autre date.")
    if session.debut <= now:
        debut = timezone.localtime(session.debut)
        raise ValidationError(
            f"Les inscriptions sont closes : la session a commencé le {debut:%d/%m/%Y} à {debut:%H:%M}."
        )
    if Inscription.objects.filter(session=session, profil=profil, etat__in=ETATS_OUVERTS).exists():
        raise ValidationError(f"{profil} est déjà inscrite ou inscrit à cette session (ou en liste d'attente).")
    complete = _places_prises(session) >= session.capacite
    if complete and not liste_attente:
        raise ValidationError(
            f"Cette session est complète ({session.capacite} places) : inscrivez-vous sur la liste d'attente, "
            "vous aurez la première place libérée."
        )
    ecarts = selectors.ecarts_a_renforcer(profil)
    inscription = Inscription(
        session=session, profil=profil, inscrit_par=by,
        etat=EtatInscription.ATTENTE if complete else EtatInscription.INSCRITE,
        ecarts_vises=[c for c in session.formation.competences if c in ecarts],
    )  # fmt: skip
    inscription.full_clean()
    inscription.save()
    event = FormationEvent.EN_ATTENTE if complete else FormationEvent.INSCRIT
    journal(event, by=by, session=session, inscription=inscription, par_gestionnaire=profil.user_id != by.pk)
    return inscription


@transaction.atomic
def cancel(*, inscription: Inscription, by: User, now: datetime | None = None) -> Inscription | None:
    """Annuler une inscription. La place libérée va à la première personne de la liste d'attente (renvoyée)."""
    if not permissions.can_register(by, inscription.profil):
        raise PermissionDenied
    now = now or timezone.now()
    session = Session.objects.select_for_update().get(pk=inscription.session_id)
    inscription = Inscription.objects.select_for_update().get(pk=inscription.pk)
    if session.debut <= now and inscription.etat != EtatInscription.ATTENTE:
        raise ValidationError("La session a commencé : on ne l'annule plus, la présence se pointe.")
    liberait_une_place = inscription.etat in ETATS_PLACE
    check_transition(TRANSITIONS_INSCRIPTION, inscription.etat, EtatInscription.ANNULEE, sujet="Cette inscription")
    inscription.etat = EtatInscription.ANNULEE
    inscription.save(update_fields=["etat", "updated_at"])
    journal(FormationEvent.ANNULE, by=by, session=session, inscription=inscription)
    if not liberait_une_place or _places_prises(session) >= session.capacite:
        return None
    suivante = (
        Inscription.objects.select_for_update()
        .filter(session=session, etat=EtatInscription.ATTENTE)
        .order_by("created_at", "pk")
        .first()
    )
    if suivante is None:
        return None
    check_transition(TRANSITIONS_INSCRIPTION, suivante.etat, EtatInscription.INSCRITE, sujet="Cette inscription")
    suivante.etat = EtatInscription.INSCRITE
    suivante.save(update_fields=["etat", "updated_at"])
    journal(FormationEvent.PROMU, by=None, session=session, inscription=suivante)
    return suivante


@transaction.atomic
def mark_attendance(
    *, session: Session, profil: ProfilAidant, by: User, present: bool, now: datetime | None = None
) -> Inscription:
    """Pointer une personne présente ou absente, à partir du jour de la session. Présente à une formation qui
    a une évaluation de fin : ses niveaux des compétences visées montent au niveau atteint (jamais ne baissent)."""
    if not permissions.can_manage_session(by, session):
        raise PermissionDenied
    now = now or timezone.now()
    if timezone.localdate(session.debut) > timezone.localdate(now):
        raise ValidationError("On pointe les présences à partir du jour de la session.")
    inscription = (
        Inscription.objects.select_for_update().filter(session=session, profil=profil, etat__in=ETATS_PLACE).first()
    )
    if inscription is None:
        raise ValidationError(
            f"{profil} n'est pas inscrite ou inscrit à cette session : on ne pointe que les personnes inscrites."
        )
    nouveau = EtatInscription.PRESENTE if present else EtatInscription.ABSENTE
    check_transition(TRANSITIONS_INSCRIPTION, inscription.etat, nouveau, sujet=f"L'inscription de {profil}")
    inscription.etat = nouveau
    inscription.pointee_at = now
    inscription.save(update_fields=["etat", "pointee_at", "updated_at"])
    journal(FormationEvent.PRESENCE, by=by, session=session, inscription=inscription, present=present)
    if present:
        _update_competences(inscription, session.formation, by, now)
    return inscription


def _update_competences(inscription: Inscription, formation: Formation, by: User, now: datetime) -> list[str]:
    """Les compétences visées montent au niveau atteint, avec la source de l'évaluation de la formation et la
    référence de l'inscription pour preuve. Le label ne propose pas (encore) de service compétence par compétence :
    on écrit sa ligne comme `save_competences` le ferait, avec sa ligne de journal (décision 0019)."""
    if not formation.source_niveaux or not formation.competences:
        return []
    competences, _ = CompetencesAidant.objects.select_for_update().get_or_create(profil=inscription.profil)
    details, montees = dict(competences.details), []
    for code in formation.competences:
        actuel = getattr(competences, CHAMPS[code])
        if actuel is None or actuel < formation.niveau_vise:
            setattr(competences, CHAMPS[code], formation.niveau_vise)
            details[code] = {"source": formation.source_niveaux, "le": timezone.localdate(now).isoformat(),
                             "preuve": f"Formation {inscription.public_id}"}  # fmt: skip
            montees.append(code)
    if not montees:
        return []
    competences.details = details
    competences.full_clean()
    competences.save()
    label_services.journal(LabelEvent.NIVEAUX_SAISIS, by=by, profil=inscription.profil,
                           source=formation.source_niveaux, evalues=len(montees), preuve=True)  # fmt: skip
    journal(FormationEvent.COMPETENCES, by=by, inscription=inscription, competences=montees)
    return montees


@transaction.atomic
def express_besoin(
    *, structure: Structure, by: User, theme: str, personnes: int, competences: list[str] = (), precision: str = ""
) -> DemandeFormation:
    if not permissions.can_express_besoin(by, structure):
        raise PermissionDenied
    if not personnes or personnes < 1:
        raise ValidationError({"personnes": "Indiquez combien de personnes sont à former (au moins une)."})
    demande = DemandeFormation(structure=structure, theme=theme, personnes=personnes,
                               competences=_check_codes(list(competences)), precision=(precision or "").strip(),
                               demandee_par=by)  # fmt: skip
    demande.full_clean()
    demande.save()
    journal(FormationEvent.DEMANDE, by=by, theme=theme, personnes=personnes)
    return demande
