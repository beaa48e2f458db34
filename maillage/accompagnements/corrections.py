"""Services : corriger ou supprimer une séance déjà enregistrée (fenêtres dans `permissions.py`). Tout ou rien,
une ligne de journal par écriture (noms des champs changés, motif en code fixe : jamais de texte libre)."""

from dataclasses import dataclass, field
from datetime import date, datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone

from maillage.accompagnements.enums import AccompagnementEvent, MotifSuppression, TypeAccompagnement, TypeLieu
from maillage.accompagnements.models import Accompagnement, AccompagnementJournal, BesoinTraite
from maillage.accompagnements.permissions import can_correct_accompagnement
from maillage.accompagnements.services import check_structure_links, create_besoins, validate_seance
from maillage.comptes.models import User
from maillage.core.models import Commune
from maillage.lieux.models import Arret, Lieu

#: Champs d'une séance qu'une correction peut changer (ni la structure, ni la personne suivie, ni les orientations :
#: ce sont d'autres décisions, prises avec la personne).
CHAMPS_CORRIGEABLES = (
    "type", "date", "duree", "type_lieu", "lieu", "arret", "commune", "materiel", "precisions_demarche", "resultat",
    "participants", "repartitions", "niveau", "titre_atelier", "notes",
)  # fmt: skip


@dataclass
class Saisie:
    """Ce que la personne a saisi dans le formulaire de la séance (le même pour enregistrer et corriger)."""

    date: date
    duree: int | None
    besoins: dict[str, str]
    raisons: dict[str, str] = field(default_factory=dict)
    type: str = TypeAccompagnement.INDIVIDUEL
    type_lieu: str = TypeLieu.LIEU
    lieu: Lieu | None = None
    arret: Arret | None = None
    commune: Commune | None = None
    materiel: list[str] = field(default_factory=list)
    precisions_demarche: str = ""
    resultat: str = ""
    participants: int | None = 1
    repartitions: dict = field(default_factory=dict)
    niveau: str = ""
    titre_atelier: str = ""
    notes: str = ""


def _nouvelles_valeurs(saisie: Saisie) -> dict:
    individuel = saisie.type == TypeAccompagnement.INDIVIDUEL
    return {
        "type": saisie.type,
        "date": saisie.date,
        "duree": saisie.duree,
        "type_lieu": saisie.type_lieu,
        "lieu": saisie.lieu if saisie.type_lieu == TypeLieu.LIEU else None,
        "arret": saisie.arret if saisie.type_lieu == TypeLieu.ARRET else None,
        "commune": saisie.commune,
        "materiel": list(dict.fromkeys(saisie.materiel)),
        "precisions_demarche": saisie.precisions_demarche.strip(),
        "resultat": saisie.resultat if individuel else "",
        "participants": 1 if individuel else saisie.participants,
        "repartitions": {} if individuel else saisie.repartitions,
        "niveau": "" if individuel else saisie.niveau,
        "titre_atelier": "" if individuel else saisie.titre_atelier.strip(),
        "notes": saisie.notes.strip(),
    }


def _besoins_actuels(accompagnement: Accompagnement) -> set[tuple[str, str, str]]:
    return set(accompagnement.besoins.values_list("besoin", "facon", "raison"))


@transaction.atomic
def correct_accompagnement(
    *, accompagnement: Accompagnement, by: User, saisie: Saisie, now: datetime | None = None
) -> Accompagnement:
    """Corrige une séance dans sa fenêtre. Écrit une ligne CORRECTED (noms des champs changés), ou rien du tout si
    rien n'a changé. La structure, la personne suivie et les orientations liées ne changent pas."""
    accompagnement = Accompagnement.objects.select_for_update().get(pk=accompagnement.pk)
    if not can_correct_accompagnement(by, accompagnement, now=now):
        raise PermissionDenied
    valeurs = _nouvelles_valeurs(saisie)
    validate_seance(
        type=saisie.type, date_=saisie.date, duree=saisie.duree, type_lieu=saisie.type_lieu, lieu=saisie.lieu,
        arret=saisie.arret, commune=saisie.commune, besoins=saisie.besoins, materiel=saisie.materiel,
        resultat=saisie.resultat, participants=valeurs["participants"], repartitions=saisie.repartitions,
        niveau=saisie.niveau, raisons=saisie.raisons,
    )  # fmt: skip
    check_structure_links(
        structure=accompagnement.structure, type_lieu=saisie.type_lieu, lieu=saisie.lieu, arret=saisie.arret
    )
    avant = _besoins_actuels(accompagnement)
    changes = [name for name in CHAMPS_CORRIGEABLES if getattr(accompagnement, name) != valeurs[name]]
    for name in changes:
        setattr(accompagnement, name, valeurs[name])
    accompagnement.full_clean(validate_unique=False, exclude=["structure", "mediateur", "beneficiaire"])
    accompagnement.save()
    # Les besoins recopient la date et le poids de la séance : on les réécrit tous (une séance en compte peu).
    BesoinTraite.objects.filter(accompagnement=accompagnement).delete()
    create_besoins(accompagnement=accompagnement, besoins=saisie.besoins, raisons=saisie.raisons)
    if _besoins_actuels(accompagnement) != avant:
        changes.append("besoins")
    if changes:
        AccompagnementJournal.objects.create(
            accompagnement=accompagnement, actor=by, event=AccompagnementEvent.CORRECTED, details={"champs": changes}
        )
    return accompagnement


@transaction.atomic
def delete_accompagnement(
    *, accompagnement: Accompagnement, by: User, motif: str, now: datetime | None = None
) -> Accompagnement:
    """Supprime une séance dans sa fenêtre, avec un motif (code fixe).

    La ligne reste (le journal la désigne en PROTECT) mais ne compte plus nulle part : ses besoins traités sont
    effacés, ses textes libres aussi, elle disparaît des listes, des statistiques et du questionnaire. Refusée si un
    chèque du Pass numérique a été encaissé pour elle (elle justifie le paiement du lieu). Les orientations liées
    gardent leur histoire (une orientation close le reste) ; le lien est gardé pour que l'effacement des données
    de la personne, à sa demande, les atteigne encore.
    """
    accompagnement = Accompagnement.objects.select_for_update().get(pk=accompagnement.pk)
    if not can_correct_accompagnement(by, accompagnement, now=now):
        raise PermissionDenied
    if motif not in MotifSuppression.values:
        raise ValidationError({"motif": "Choisissez pourquoi la séance est supprimée."})
    if accompagnement.cheques_pass.exists():
        raise ValidationError(
            "Un chèque du Pass numérique a été encaissé pour cette séance : elle justifie le paiement du lieu et ne "
            "peut pas être supprimée. Corrigez-la si elle contient une erreur."
        )
    n_besoins, _ = BesoinTraite.objects.filter(accompagnement=accompagnement).delete()
    accompagnement.deleted_at = now or timezone.now()
    accompagnement.deleted_motif = motif
    accompagnement.notes = ""
    accompagnement.precisions_demarche = ""
    accompagnement.save(update_fields=["deleted_at", "deleted_motif", "notes", "precisions_demarche", "updated_at"])
    AccompagnementJournal.objects.create(
        accompagnement=accompagnement,
        actor=by,
        event=AccompagnementEvent.DELETED,
        details={"motif": motif, "besoins": n_besoins, "orientation_recue": accompagnement.orientation_recue_id},
    )
    return accompagnement
