"""Ce qui est gardé sur la personne, lu à partir de son code : la même structure pour la page, la page imprimable
et la copie en JSON (rien n'est montré sur une page qui ne serait pas dans la copie, et inversement)."""

from datetime import datetime, timedelta

from django.db.models import Prefetch, Q

from maillage.accompagnements.models import Accompagnement, Beneficiaire, BesoinTraite, Suivi
from maillage.mes_donnees.enums import StatutDemande
from maillage.mes_donnees.models import CodePersonnel
from maillage.orientations.enums import StatutOrientation
from maillage.orientations.models import Orientation

# Durées écrites sur la page « Données personnelles » (orientations.services, accompagnements.services).
ORIENTATION_APRES_FIN = timedelta(days=183)
ORIENTATION_SANS_FIN = timedelta(days=365)
SUIVI_SANS_ACTIVITE = timedelta(days=730)


def _orientations_of(code: CodePersonnel, seances: list[Accompagnement]) -> list[Orientation]:
    pks: set[int] = set()
    if code.orientation_id:
        pks.update(o.pk for o in code.orientation.chaine())
    for s in seances:
        pks.update(pk for pk in (s.orientation_recue_id, s.orientation_suite_id) if pk)
    return list(
        Orientation.objects.filter(pk__in=pks)
        .select_related(
            "lieu", "structure_prescriptrice", "structure_destinataire", "personne_commune", "consentement"
        )
        .order_by("created_at")
    )


def _seances_of(code: CodePersonnel) -> list[Accompagnement]:
    q = Q(pk=code.accompagnement_id) if code.accompagnement_id else Q(pk__in=[])
    if code.beneficiaire_id and code.beneficiaire.anonymized_at is None:
        q |= Q(beneficiaire_id=code.beneficiaire_id)
    if code.orientation_id:
        q |= Q(orientation_recue_id=code.orientation_id)
    besoins = Prefetch("besoins", queryset=BesoinTraite.objects.order_by("pk"))
    return list(
        Accompagnement.objects.filter(q)
        .select_related("structure", "lieu", "commune")
        .prefetch_related(besoins)
        .order_by("date", "pk")
    )


def _fin_orientation(o: Orientation) -> datetime | None:
    if o.anonymized_at:
        return None
    if o.statut in (StatutOrientation.ENVOYEE, StatutOrientation.ACCEPTEE):
        return o.created_at + ORIENTATION_SANS_FIN
    return (o.closed_at or o.answered_at or o.created_at) + ORIENTATION_APRES_FIN


def _orientation(o: Orientation) -> dict:
    return {
        "envoyee_le": o.created_at,
        "par": o.structure_prescriptrice.nom,
        "vers_le_lieu": o.lieu.nom,
        "structure_du_lieu": o.structure_destinataire.nom,
        "besoins": o.besoins_labels,
        "etat": o.get_statut_display(),
        "rendez_vous": o.rendez_vous_at,
        "prenom_ou_initiales": o.personne_prenom,
        "commune": o.personne_commune.nom if o.personne_commune else "",
        "contact": o.personne_contact,
        "accepte_d_etre_contactee": o.contact_consenti,
        "message_au_lieu": o.message,
        "echeance": o.echeance,
        "demarche_avant_echeance": o.echeance_motif,
        "precision_du_refus": o.motif_refus_precision,
        "accord_donne_le": o.consentement_at,
        "texte_d_accord_version": o.consentement.version,
        "effacee_le": o.anonymized_at,
        "gardee_au_plus_tard_jusqu_au": _fin_orientation(o),
    }


def _seance(s: Accompagnement) -> dict:
    return {
        "date": s.date,
        "structure": s.structure.nom,
        "ou": s.lieu.nom if s.lieu else s.get_type_lieu_display(),
        "duree_minutes": s.duree,
        "besoins": [f"{b.label} : {b.get_facon_display().lower()}" for b in s.besoins.all()],
        "resultat": s.get_resultat_display() if s.resultat else "",
        "nom_de_la_demarche": s.precisions_demarche,
        "notes": s.notes,
        "commune": s.commune.nom if s.commune else "",
        "notes_gardees_jusqu_au": s.date + SUIVI_SANS_ACTIVITE,
    }


def _suivi(b: Beneficiaire) -> dict:
    suivis = Suivi.objects.filter(beneficiaire=b).select_related("structure", "consentement").order_by("pk")
    return {
        "prenom": b.prenom if not b.anonymized_at else "",
        "nom": b.nom,
        "annee_de_naissance": b.annee_naissance,
        "commune": b.commune.nom if b.commune else "",
        "telephone": b.telephone,
        "adresse_electronique": b.email,
        "suivie_par": [
            {
                "structure": s.structure.nom,
                "accord_donne_le": s.consentement_at,
                "texte_d_accord_version": s.consentement.version,
            }
            for s in suivis
        ],
        "derniere_activite": b.last_activity_at,
        "anonymisee_le": b.anonymized_at,
        "gardee_au_plus_tard_jusqu_au": None if b.anonymized_at else b.last_activity_at + SUIVI_SANS_ACTIVITE,
    }


def donnees(code: CodePersonnel) -> dict:
    """Tout ce que le code montre : le code lui-même (remis par, le, valable jusqu'au), le suivi, les séances,
    les orientations, et la demande d'effacement."""
    code = CodePersonnel.objects.select_related("structure", "orientation", "beneficiaire__commune").get(pk=code.pk)
    seances = _seances_of(code)
    demande = code.demandes.order_by("-created_at").first()
    return {
        "code": {"remis_par": code.structure.nom, "remis_le": code.created_at, "valable_jusqu_au": code.expires_at},
        "suivi": _suivi(code.beneficiaire) if code.beneficiaire_id else None,
        "seances": [_seance(s) for s in seances],
        "orientations": [_orientation(o) for o in _orientations_of(code, seances)],
        "demande_d_effacement": None
        if demande is None
        else {
            "demandee_le": demande.created_at,
            "etat": demande.get_statut_display(),
            "faite_le": demande.done_at,
            "au_plus_tard_le": demande.due_at,
            "en_attente": demande.statut == StatutDemande.EN_ATTENTE,
        },
    }
