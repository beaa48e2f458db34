"""Après un effacement demandé avec le code, le nom de la personne n'est plus nulle part (toutes les copies)."""

from django.apps import apps

from maillage.mes_donnees import services
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.orientations.factories import OrientationFactory

NOM = "Quentaloup"


def _lignes_avec_le_nom():
    for label in ("orientations", "accompagnements", "mes_donnees"):
        for model in apps.get_app_config(label).get_models():
            for row in model.objects.values():
                if NOM in str(row):
                    yield model._meta.label


def test_every_copy_is_erased():
    seance = AccompagnementFactory(notes=f"Mme {NOM}", precisions_demarche=f"RSA {NOM}")
    seance.beneficiaire = BeneficiaireFactory(nom=NOM, email="q@example.org", suivi_par=seance.structure)
    premiere = OrientationFactory(personne_prenom=NOM, message=f"Mme {NOM}", echeance_motif=NOM)
    redirigee = OrientationFactory(precedente=premiere, personne_prenom=NOM, structure_destinataire=seance.structure)
    seance.orientation_recue = redirigee
    seance.orientation_suite = OrientationFactory(personne_prenom=NOM)
    seance.save()
    autre = AccompagnementFactory(structure=seance.structure, beneficiaire=seance.beneficiaire, notes=NOM)
    assert set(_lignes_avec_le_nom()) == {"orientations.Orientation", "accompagnements.Beneficiaire",
                                          "accompagnements.Accompagnement"}  # fmt: skip
    code, _ = services.issue_code(by=seance.mediateur, accompagnement=seance)
    services.carry_out(demande=services.request_erasure(code=code), by=seance.mediateur)
    assert list(_lignes_avec_le_nom()) == []
    autre.refresh_from_db()
    assert autre.beneficiaire is None
