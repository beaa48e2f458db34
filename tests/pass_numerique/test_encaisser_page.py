"""La page d'encaissement (issue 10, point 6 et point 5) : lieu présélectionné, lieux fermés et brouillons absents,
séances reconnaissables, erreurs dans le résumé DSFR (liens vers les champs), montants « 10,00 € », reste à charge
annoncé avant l'encaissement et écrit sur le reçu, refusé si la campagne ne le permet pas."""

from decimal import Decimal
from html import unescape

import pytest

from maillage.pass_numerique.enums import MotifRefus
from maillage.pass_numerique.models import Cheque, Mouvement, QualificationService, TentativeRefusee
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.lieux.factories import LieuFactory
from tests.pass_numerique.factories import QualificationPassFactory, service

URL = "/pass-numerique/encaisser/"


def _page(client, user, data=None):
    client.force_login(user)
    response = client.post(URL, data) if data is not None else client.get(URL)
    return response, unescape(response.content.decode())


def _poster(client, monde, code, **extra):
    data = {"code": code, "lieu": monde.lieu.pk, "service": service().pk, **extra}
    return _page(client, monde.mediateur, data)


class TestChoixDuLieu:
    def test_seul_lieu_ouvert_preselectionne_fermes_et_brouillons_absents(self, client, monde):
        ferme = LieuFactory(ferme=True, structure=monde.lieu.structure, nom="Ancien local fermé")
        brouillon = LieuFactory(structure=monde.lieu.structure, nom="Local en préparation")
        response, html = _page(client, monde.mediateur)
        lieux = response.context["form"].fields["lieu"].queryset
        assert list(lieux) == [monde.lieu]
        assert ferme.nom not in html and brouillon.nom not in html
        assert f'<option value="{monde.lieu.pk}" selected>' in html

    def test_plusieurs_lieux_le_dernier_utilise_preselectionne(self, client, monde):
        autre = QualificationPassFactory(
            approuvee=True, territoire=monde.territoire, lieu__structure=monde.lieu.structure, lieu__nom="Annexe"
        ).lieu
        response, _html = _page(client, monde.mediateur)
        assert response.context["form"].initial["lieu"] is None  # deux lieux, aucun encaissement : pas de choix imposé
        monde.redeem(monde.codes(1)[0], lieu=autre)
        response, html = _page(client, monde.mediateur)
        assert response.context["form"].initial["lieu"] == autre
        assert f'<option value="{autre.pk}" selected>' in html

    def test_le_service_refuse_un_lieu_ferme(self, client, monde):
        from maillage.pass_numerique.services import EncaissementRefuse

        monde.lieu.statut = "FERME"
        monde.lieu.save()
        with pytest.raises(EncaissementRefuse, match="fermé ou pas encore publié"):
            monde.redeem(monde.codes(1)[0])


class TestSeances:
    def test_date_initiales_ou_atelier_et_besoins(self, client, monde):
        structure = monde.lieu.structure
        personne = BeneficiaireFactory(prenom="Josiane", nom="Martin", suivi_par=structure)
        AccompagnementFactory(structure=structure, mediateur=monde.mediateur, beneficiaire=personne)
        AccompagnementFactory(
            structure=structure, mediateur=monde.mediateur, atelier=True, titre_atelier="Mon smartphone"
        )
        _response, html = _page(client, monde.mediateur)
        assert "— J. M. — E-mail" in html
        assert "— atelier « Mon smartphone » — E-mail" in html
        assert "Josiane" not in html and "Martin" not in html  # les initiales seulement


class TestErreurs:
    def test_resume_en_tete_avec_liens_vers_les_champs(self, client, monde):
        response, html = _page(client, monde.mediateur, {"code": "", "lieu": monde.lieu.pk, "service": ""})
        assert response.status_code == 422
        assert 'id="resume-erreurs"' in html and "data-resume-erreurs" in html and 'tabindex="-1"' in html
        assert "2 erreurs sont à corriger" in html
        assert '<a href="#id_code">Code du chèque :' in html and '<a href="#id_service">Service rendu :' in html
        assert "maillage/resume-erreurs.js" in html
        assert html.index('id="resume-erreurs"') < html.index('name="code"')

    def test_refus_du_service_sous_son_champ(self, client, monde):
        code = monde.codes(1)[0]
        monde.redeem(code)
        response, html = _poster(client, monde, code)
        assert response.status_code == 422
        assert '<a href="#id_code">Code du chèque : Ce chèque a déjà été encaissé' in html

    def test_rien_de_marque_facultatif_qui_soit_obligatoire(self, client, monde):
        form = _page(client, monde.mediateur)[0].context["form"]
        for field in form.fields.values():
            if "facultatif" in field.label.lower():
                assert not field.required, field.label


class TestMontantsEtReste:
    def _reste(self, monde, montant="3.50", raison="support de cours imprimé"):
        QualificationService.objects.filter(qualification=monde.qualification, service=service()).update(
            reste_a_charge=Decimal(montant), reste_a_charge_raison=raison
        )

    def test_recu_ecrit_10_00_euros_et_rien_a_payer(self, client, monde):
        response, html = _poster(client, monde, monde.codes(1)[0])
        assert response.status_code == 200
        assert "10,00\u00a0€" in html and "Rien : le Pass numérique paie tout le service." in html
        assert "Imprimer le reçu" in html

    def test_tarifs_montres_avant_et_reste_refuse_si_la_campagne_ne_le_permet_pas(self, client, monde):
        self._reste(monde)
        _response, html = _page(client, monde.mediateur)
        assert "3,50\u00a0€" in html and "support de cours imprimé" in html  # montré avant l'encaissement
        code = monde.codes(1)[0]
        response, html = _poster(client, monde, code, reste_annonce="on")
        assert response.status_code == 422
        assert "laisse 3,50\u00a0€ à payer par la personne" in html and "paie le service entier" in html
        assert TentativeRefusee.objects.get().motif == MotifRefus.RESTE_A_CHARGE
        assert Cheque.objects.get(code=code).redeemed_at is None

    def test_reste_autorise_annonce_puis_sur_le_recu(self, client, monde):
        self._reste(monde)
        monde.campagne.reste_a_charge_autorise = True
        monde.campagne.save()
        code = monde.codes(1)[0]
        response, html = _poster(client, monde, code)  # case non cochée : rien n'est encaissé
        assert response.status_code == 422 and "dites-le-lui avant d'encaisser" in html
        assert Cheque.objects.get(code=code).redeemed_at is None
        response, html = _poster(client, monde, code, reste_annonce="on")
        assert response.status_code == 200
        assert "Reste à payer par la personne" in html and "3,50\u00a0€ : support de cours imprimé" in html
        assert Mouvement.objects.get(cheque__code=code, type="ENCAISSEMENT").details["reste_a_charge"] == "3.50"
