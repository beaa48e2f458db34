"""Qui peut faire quoi avec le Pass numérique. Pages, API et commandes appellent ces mêmes prédicats.

- Financeur (COMMANDITAIRE) du territoire : campagnes, génération, attribution, relevés, paiement, clôture, corrections.
- Coordination (COORDINATEUR) du territoire : décide des qualifications, attribue les carnets, voit l'observatoire,
  corrige un encaissement.
- Gestionnaire d'une structure : demande la qualification de ses lieux, voit leurs relevés.
- Prescriptrice ou prescripteur (ou gestionnaire) d'une structure : remet et annule les carnets de son stock.
- Médiatrice ou médiateur, aidante ou aidant, ou gestionnaire de la structure d'un lieu : encaisse les chèques dans ce lieu.
"""

from maillage.comptes.enums import Role
from maillage.comptes.models import Structure, Territoire, User
from maillage.comptes.permissions import is_member, structure_ids_for, territoire_ids_for
from maillage.lieux.models import Lieu
from maillage.pass_numerique.enums import (
    ROLES_DISTRIBUTION,
    ROLES_ENCAISSEMENT,
    TRANSITIONS_CAMPAGNE,
    TRANSITIONS_RELEVE,
    StatutCampagne,
    StatutReleve,
)
from maillage.pass_numerique.models import Campagne, Carnet, Cheque, QualificationPass, Releve


def _ok(user) -> bool:
    return bool(user and user.is_authenticated and user.is_active)


def _funds(user: User, territoire_id: int) -> bool:
    return territoire_id in territoire_ids_for(user, Role.COMMANDITAIRE)


def _coordinates(user: User, territoire_id: int) -> bool:
    return territoire_id in territoire_ids_for(user, Role.COORDINATEUR)


#: Rôles d'une structure qui trouvent quelque chose à l'accueil du Pass : stock de carnets à remettre (distribution),
#: chèques à encaisser et relevés de leurs lieux (encaissement : gestion, médiation, aide).
ROLES_STRUCTURE_PASS = tuple(dict.fromkeys((*ROLES_DISTRIBUTION, *ROLES_ENCAISSEMENT)))


def can_open_pass(user: User) -> bool:
    """Ouvrir l'accueil du Pass (et le voir au menu) : financeur ou coordination d'un territoire, ou membre d'une
    structure qui distribue des carnets, encaisse des chèques ou reçoit des relevés. Les autres n'y trouveraient
    rien."""
    if not _ok(user):
        return False
    return bool(
        territoire_ids_for(user, Role.COMMANDITAIRE, Role.COORDINATEUR)
        or structure_ids_for(user, *ROLES_STRUCTURE_PASS)
    )


def can_view_observatoire(user: User) -> bool:
    """L'observatoire de toutes les campagnes : financeur ou coordination d'un territoire."""
    return _ok(user) and bool(territoire_ids_for(user, Role.COMMANDITAIRE, Role.COORDINATEUR))


def can_publish_point_distribution(user: User, structure: Structure) -> bool:
    """Nommer sa structure (ou l'ôter) sur la page publique du Pass : sa ou son gestionnaire, si elle distribue."""
    return _ok(user) and is_member(user, structure, Role.GESTIONNAIRE) and structure.carnets_pass.exists()


def structures_distributrices(user: User):
    """Structures dont la personne est gestionnaire et qui ont reçu des carnets : elles choisissent d'être nommées."""
    return Structure.objects.filter(
        pk__in=structure_ids_for(user, Role.GESTIONNAIRE), carnets_pass__isnull=False
    ).distinct()


def can_apply_qualification(user: User, lieu: Lieu) -> bool:
    """Demander la qualification d'un lieu : gestionnaire de la structure du lieu."""
    return _ok(user) and lieu.structure_id is not None and is_member(user, lieu.structure, Role.GESTIONNAIRE)


def can_decide_qualification(user: User, qualification: QualificationPass) -> bool:
    """Approuver, suspendre, retirer : financeur ou coordination du territoire de la qualification."""
    return _ok(user) and (_funds(user, qualification.territoire_id) or _coordinates(user, qualification.territoire_id))


def can_manage_campagnes(user: User, territoire: Territoire) -> bool:
    """Créer, générer, clôturer une campagne ; valider et payer les relevés : financeur du territoire."""
    return _ok(user) and _funds(user, territoire.pk)


def can_manage_campagne(user: User, campagne: Campagne) -> bool:
    """Même règle, pour une campagne donnée : financeur du territoire de la campagne."""
    return _ok(user) and _funds(user, campagne.territoire_id)


def can_view_campagne(user: User, campagne: Campagne) -> bool:
    """Voir une campagne et son observatoire : financeur ou coordination de son territoire (chiffres agrégés)."""
    return _ok(user) and (_funds(user, campagne.territoire_id) or _coordinates(user, campagne.territoire_id))


def can_allocate_carnets(user: User, campagne: Campagne) -> bool:
    """Attribuer des carnets aux structures : financeur ou coordination du territoire."""
    return can_view_campagne(user, campagne)


def can_hand_out_carnet(user: User, carnet: Carnet) -> bool:
    """Remettre ou annuler un carnet : prescriptrice, prescripteur ou gestionnaire de la structure qui le détient."""
    return (
        _ok(user)
        and carnet.structure_id is not None
        and carnet.structure_id in structure_ids_for(user, *ROLES_DISTRIBUTION)
    )


def can_cancel_carnet(user: User, carnet: Carnet) -> bool:
    """Annuler un carnet perdu ou volé : la structure qui le détient, ou le financeur de la campagne."""
    return can_hand_out_carnet(user, carnet) or (_ok(user) and _funds(user, carnet.campagne.territoire_id))


def can_print_carnets(user: User, campagne: Campagne, structure: Structure) -> bool:
    """Imprimer les carnets en stock d'une structure : qui voit la campagne, ou l'équipe qui distribue ces carnets."""
    return can_view_campagne(user, campagne) or (
        _ok(user) and structure.pk in structure_ids_for(user, *ROLES_DISTRIBUTION)
    )


def can_redeem_at(user: User, lieu: Lieu) -> bool:
    """Encaisser dans un lieu : médiation, aide ou gestion de la structure de la structure du lieu."""
    return (
        _ok(user)
        and lieu.structure_id is not None
        and lieu.structure_id in structure_ids_for(user, *ROLES_ENCAISSEMENT)
    )


def can_correct_encaissement(user: User, cheque: Cheque) -> bool:
    """Corriger un encaissement : financeur ou coordination du territoire de la campagne (jamais le lieu lui-même)."""
    return can_view_campagne(user, cheque.campagne)


def can_view_releve(user: User, releve: Releve) -> bool:
    """Un relevé : le financeur et la coordination du territoire, l'équipe de la structure du lieu."""
    if not _ok(user):
        return False
    if can_view_campagne(user, releve.campagne):
        return True
    lieu = releve.qualification.lieu
    return lieu.structure_id is not None and is_member(user, lieu.structure, Role.GESTIONNAIRE, Role.MEDIATEUR)


def lieux_encaissement(user: User):
    """Lieux où la personne peut encaisser : ceux de sa structure qui sont publiés (ni brouillon, ni fermés)."""
    return (
        Lieu.objects.published().filter(structure_id__in=structure_ids_for(user, *ROLES_ENCAISSEMENT)).order_by("nom")
    )


# ---------------------------------------------------------------------------------------------------------------
# Les boutons d'une page : le rôle (prédicats ci-dessus) et l'état, lu dans les tables de `enums.TRANSITIONS_*`.
# Réunis ici pour que les gabarits n'encodent pas la machine à états ; le service revérifie l'état sous verrou.
# ---------------------------------------------------------------------------------------------------------------


def actions_campagne(user: User, campagne: Campagne) -> dict[str, bool]:
    """Ce que la personne peut faire sur cette campagne, maintenant.

    - générer : financeur, campagne encore en brouillon ; clôturer : financeur, campagne en cours ;
    - établir les relevés : financeur, une fois les carnets générés (même après la clôture, pour les derniers mois) ;
    - attribuer des carnets, corriger un encaissement : financeur ou coordination, tant que les carnets circulent.
    """
    gere = can_manage_campagne(user, campagne)
    suivants = TRANSITIONS_CAMPAGNE[campagne.statut]
    en_circulation = campagne.statut == StatutCampagne.GENEREE
    return {
        "peut_gerer": gere,
        "peut_generer": gere and StatutCampagne.GENEREE in suivants,
        "peut_cloturer": gere and StatutCampagne.CLOTUREE in suivants,
        "peut_etablir_releves": gere and campagne.statut != StatutCampagne.BROUILLON,
        "peut_attribuer": en_circulation and can_allocate_carnets(user, campagne),
        "peut_corriger": en_circulation and can_view_campagne(user, campagne),
    }


def actions_releve(user: User, releve: Releve) -> dict[str, bool]:
    """Valider un relevé « à valider », puis le marquer payé : financeur du territoire de la campagne."""
    gere = can_manage_campagne(user, releve.campagne)
    suivants = TRANSITIONS_RELEVE[releve.statut]
    return {
        "peut_valider": gere and StatutReleve.VALIDE in suivants,
        "peut_payer": gere and StatutReleve.PAYE in suivants,
    }
