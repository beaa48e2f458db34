"""Effacement à la demande d'une personne suivie : toutes les copies de ses données disparaissent.

Le prénom est recopié d'une table à l'autre (orientation qui l'a amenée, redirection, orientation faite à la fin
d'une séance, notes, nom de la démarche) : le test cherche ensuite le prénom dans toutes les lignes de toutes les
tables des orientations, des accompagnements et du Pass numérique (journaux compris).
"""

import datetime

import pytest
from django.apps import apps
from django.contrib.admin.models import LogEntry
from django.urls import reverse
from django.utils import timezone

from maillage.accompagnements import services
from maillage.accompagnements.enums import FaconDeFaire, Thematique, TypeLieu
from maillage.accompagnements.models import Accompagnement, Beneficiaire
from maillage.comptes.enums import Role
from maillage.orientations import services as orientation_services
from maillage.orientations.enums import OrientationEvent, StatutOrientation
from maillage.orientations.models import Orientation, OrientationJournal
from tests.accompagnements.factories import BeneficiaireFactory
from tests.comptes.factories import user_with_role
from tests.core.factories import CommuneFactory
from tests.orientations.factories import LieuAvecStructureFactory, texte_orientation

PRENOM = "Zéphyrine"
TRACES = (PRENOM, "Quasimodo", "06 11 22 33 44", "zephyrine@exemple.fr")
HIER = timezone.localdate() - datetime.timedelta(days=1)


def _toutes_les_lignes():
    """Chaque ligne de chaque table des apps qui peuvent garder une personne, en texte (JSON compris)."""
    for label in ("orientations", "accompagnements", "pass_numerique"):
        for model in apps.get_app_config(label).get_models():
            for row in model.objects.values():
                yield model._meta.label, str(row)
    for row in LogEntry.objects.values():
        yield "admin.LogEntry", str(row)


def _orienter(*, prenom, lieu, **kwargs):
    prescripteur = user_with_role(Role.PRESCRIPTEUR)
    return orientation_services.create_orientation(
        by=prescripteur, structure=prescripteur.memberships.get().structure, lieu=lieu, besoins=["DEMARCHE_SOCIAL"],
        consentement=texte_orientation(), personne_prenom=prenom, **kwargs,
    )  # fmt: skip


@pytest.fixture
def mediateur(client):
    user = user_with_role(Role.MEDIATEUR)
    client.force_login(user)
    return user


def _parcours(mediateur, *, prenom: str, nom: str, **personne):
    """Le parcours complet d'une personne : orientée, redirigée, suivie, accompagnée, orientée ailleurs (refusée)."""
    structure = mediateur.memberships.get().structure
    lieu = LieuAvecStructureFactory(structure=structure)
    premiere = _orienter(
        prenom=prenom, lieu=LieuAvecStructureFactory(), personne_commune=CommuneFactory(),
        personne_contact=personne.get("telephone", ""), contact_consenti=bool(personne.get("telephone")),
        echeance=timezone.localdate() + datetime.timedelta(days=20), echeance_motif=f"RSA de {prenom}",
        message=f"{prenom} est inquiète",
    )  # fmt: skip
    redirigee = orientation_services.redirect_orientation(
        orientation=premiere, by=user_with_role(Role.MEDIATEUR, structure=premiere.structure_destinataire), lieu=lieu
    )
    person = BeneficiaireFactory(
        prenom=prenom, nom=nom, annee_naissance=1950, commune=CommuneFactory(), suivi_par=structure, **personne
    )
    seance = services.record_accompagnement(
        by=mediateur, structure=structure, date=HIER, duree=45, type_lieu=TypeLieu.DOMICILE,
        commune=person.commune, besoins={Thematique.EMAIL: FaconDeFaire.FAIRE_AVEC}, resultat="RESOLU",
        notes=f"{prenom} a oublié son mot de passe", precisions_demarche=f"RSA de {prenom}",
        beneficiaire=person, orientation_recue=redirigee,
        orientation_suite=services.OrientationSuite(
            lieu=LieuAvecStructureFactory(), besoins=["DEMARCHE_SOCIAL"], consentement=texte_orientation(),
            message=f"{prenom} viendra mardi",
        ),
    )  # fmt: skip
    suite = seance.orientation_suite
    orientation_services.decline_orientation(
        orientation=suite, by=user_with_role(Role.MEDIATEUR, structure=suite.structure_destinataire),
        motif="AUTRE", precision=f"{prenom} habite trop loin",
    )  # fmt: skip
    return person, seance


class TestEffacementDemandeParLaPersonne:
    def test_no_row_anywhere_keeps_the_first_name_after_erasure(self, client, mediateur):
        person, seance = _parcours(
            mediateur, prenom=PRENOM, nom="Quasimodo", telephone="06 11 22 33 44", email="zephyrine@exemple.fr"
        )
        autre, autre_seance = _parcours(mediateur, prenom="Bernadette", nom="Autre")
        assert any(PRENOM in text for _, text in _toutes_les_lignes())  # les copies existent bien avant

        response = client.post(
            reverse("accompagnements:beneficiaire_supprimer", args=[person.public_id]), {"confirme": "oui"}
        )

        assert response.status_code == 302
        restes = [(table, text) for table, text in _toutes_les_lignes() if any(t in text for t in TRACES)]
        assert restes == []
        # Les séances restent pour les statistiques, détachées, sans la commune où la personne habite.
        seance.refresh_from_db()
        assert seance.beneficiaire is None and seance.commune is None and seance.besoins.count() == 1
        orientations = Orientation.objects.filter(
            pk__in=[seance.orientation_recue_id, seance.orientation_recue.precedente_id, seance.orientation_suite_id]
        )
        assert orientations.count() == 3
        assert all(o.anonymized_at and o.personne_commune_id is None for o in orientations)
        assert {o.statut for o in orientations} == {
            StatutOrientation.REDIRIGEE, StatutOrientation.CLOSE, StatutOrientation.REFUSEE
        }  # fmt: skip
        assert Beneficiaire.objects.get(pk=person.pk).commune_id is None
        # L'autre personne n'est pas touchée.
        autre_seance.refresh_from_db()
        assert Beneficiaire.objects.get(pk=autre.pk).prenom == "Bernadette"
        assert autre_seance.notes and autre_seance.orientation_suite.personne_prenom == "Bernadette"

    def test_erasure_is_written_in_the_journals_without_the_person(self, mediateur):
        person, seance = _parcours(mediateur, prenom=PRENOM, nom="Quasimodo")
        services.request_deletion(beneficiaire=person, by=mediateur)
        journal = person.journal.get(event="ANONYMIZED")
        assert journal.details == {"raison": "demande_personne", "seances": 1, "orientations": 2}
        anonymisees = OrientationJournal.objects.filter(event=OrientationEvent.ANONYMIZED)
        assert anonymisees.count() == 3 and {j.actor for j in anonymisees} == {mediateur}
        assert Accompagnement.objects.filter(pk=seance.pk, notes="", precisions_demarche="").exists()
