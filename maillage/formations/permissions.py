"""Qui peut faire quoi avec les formations et le service civique. Pages, API et services appellent ces prédicats.

Les règles des aidants valent ici : l'aidant et ses gestionnaires l'inscrivent (`can_edit_profil`) ; la
coordination d'un territoire tient l'offre, les cohortes et la validation des missions ; la structure qui forme
pointe les présences de ses sessions.
"""

from maillage.aidants import permissions as aidants_permissions
from maillage.aidants.models import ProfilAidant
from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import is_member, structure_ids_for, territoire_ids_for
from maillage.formations.models import Cohorte, Formation, Mission, PointEtape, Session, Volontaire


def _authenticated(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def can_manage_offre(user: User, territoire: Territoire) -> bool:
    """Créer des formations et des sessions dans un territoire : sa coordination (et l'équipe)."""
    return aidants_permissions.can_view_reseau(user, territoire)


def can_create_formation(user: User, territoire: Territoire, structure_formatrice: Structure) -> bool:
    """Créer une formation : la coordination du territoire (pour toute structure qui forme), ou une ou un
    gestionnaire de la structure qui forme, pour un territoire où elle se trouve."""
    if can_manage_offre(user, territoire):
        return True
    return aidants_permissions.can_manage_aidants_of(user, structure_formatrice) and (
        territoire.communes.filter(pk=structure_formatrice.commune_id).exists()
    )


def can_manage_formation(user: User, formation: Formation) -> bool:
    """Programmer une session : la coordination du territoire, ou une ou un gestionnaire de la structure qui forme."""
    return can_manage_offre(user, formation.territoire) or aidants_permissions.can_manage_aidants_of(
        user, formation.structure_formatrice
    )


def can_open_offre(user: User) -> bool:
    """« Proposer une formation » (lien et page de l'offre) : coordonner un territoire ou gérer une structure
    (rôles déjà lus : aucune requête)."""
    if not _authenticated(user):
        return False
    return (
        user.is_staff
        or bool(territoire_ids_for(user, Role.COORDINATEUR))
        or bool(structure_ids_for(user, Role.GESTIONNAIRE))
    )


def can_manage_session(user: User, session: Session) -> bool:
    """Pointer les présences, voir la liste des inscrits : la coordination du territoire, ou une ou un gestionnaire
    ou médiateur de la structure qui forme."""
    formation: Formation = session.formation
    return can_manage_offre(user, formation.territoire) or (
        _authenticated(user) and is_member(user, formation.structure_formatrice, Role.GESTIONNAIRE, Role.MEDIATEUR)
    )


def can_register(user: User, profil: ProfilAidant) -> bool:
    """Inscrire (ou désinscrire) un aidant : l'aidant lui-même, ou une ou un gestionnaire de sa structure."""
    return aidants_permissions.can_edit_profil(user, profil)


def can_open_mes_formations(user: User) -> bool:
    """« Formations pour mes besoins » : aidante ou médiatrice dans une structure (rôles déjà lus)."""
    return aidants_permissions.has_aidant_role(user)


def can_view_besoins(user: User, territoire: Territoire) -> bool:
    """Besoins et chiffres des formations : coordination et financeurs du territoire (masqués sous 5 hors de la
    coordination)."""
    return aidants_permissions.can_view_chiffres_reseau(user, territoire)


def sees_exact_counts(user: User, territoire: Territoire) -> bool:
    return aidants_permissions.can_view_reseau(user, territoire)


def can_open_besoins(user: User) -> bool:
    """Le menu : les personnes qui coordonnent ou financent un territoire (la page lit leurs territoires)."""
    return _authenticated(user) and bool(territoire_ids_for(user))


def can_express_besoin(user: User, structure: Structure) -> bool:
    """Dire un besoin de formation : une ou un gestionnaire de la structure."""
    return aidants_permissions.can_manage_aidants_of(user, structure)


# — Service civique —


def can_coordinate_cohorte(user: User, cohorte: Cohorte) -> bool:
    """Recruter, valider les missions, programmer journées et regroupements, lire les points d'étape : la
    coordination du territoire de la cohorte."""
    return aidants_permissions.can_view_reseau(user, cohorte.territoire)


def can_open_cohortes(user: User) -> bool:
    """Créer une cohorte, ouvrir les pages des cohortes : coordonner un territoire (et l'équipe)."""
    return _authenticated(user) and (user.is_staff or bool(territoire_ids_for(user, Role.COORDINATEUR)))


def can_propose_mission(user: User, structure: Structure) -> bool:
    """Proposer une mission : une ou un gestionnaire de la structure d'accueil."""
    return aidants_permissions.can_manage_aidants_of(user, structure)


def can_view_mission(user: User, mission: Mission) -> bool:
    return can_coordinate_cohorte(user, mission.cohorte) or can_propose_mission(user, mission.structure)


def can_write_point_etape(user: User, volontaire: Volontaire) -> bool:
    """Un point d'étape s'écrit par la ou le volontaire, avec son compte, pendant sa mission."""
    return _authenticated(user) and volontaire.profil.user_id == user.pk


def can_read_point_etape(user: User, point: PointEtape) -> bool:
    """La ou le volontaire et la coordination ; la structure d'accueil seulement si la ou le volontaire l'a accepté."""
    volontaire = point.volontaire
    if can_write_point_etape(user, volontaire) or can_coordinate_cohorte(user, volontaire.mission.cohorte):
        return True
    return point.partage_structure and can_propose_mission(user, volontaire.mission.structure)


def can_open_service_civique(user: User) -> bool:
    """Le menu « Service civique » : coordonner un territoire, gérer une structure, ou être volontaire (la page
    montre sa mission et ses points d'étape). Rôles déjà lus ; une requête seulement pour une ou un aidant."""
    if not _authenticated(user):
        return False
    return (
        user.is_staff
        or bool(territoire_ids_for(user, Role.COORDINATEUR))
        or bool(structure_ids_for(user, Role.GESTIONNAIRE))
        or (bool(structure_ids_for(user, Role.AIDANT)) and Volontaire.objects.filter(profil__user=user).exists())
    )
