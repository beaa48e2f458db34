"""Issue 10, point 16 : observatoire de toutes les campagnes par structure qui distribue (petits effectifs cachés,
parts et délais compris), page publique « Le Pass numérique dans mon territoire » (sans compte), structures qui
choisissent d'y être nommées."""

from datetime import timedelta
from decimal import Decimal
from html import unescape

from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.pass_numerique import observatoire, services
from maillage.pass_numerique.models import Carnet, Cheque, QualificationService
from tests.accompagnements.factories import AccompagnementFactory
from tests.comptes.factories import user_with_role
from tests.pass_numerique.factories import campagne_kwargs, service


def _cellules(lignes, libelle):
    return next(ligne for ligne in lignes if ligne.libelle == libelle)


class TestObservatoireParStructure:
    def test_petits_effectifs_caches_avec_leurs_parts_et_delais(self, monde):
        ligne = _cellules(
            observatoire.par_structure(observatoire.campagnes_observees(monde.financeur)), "Mairie (test)"
        )
        assert (ligne.remis, ligne.entames, ligne.part_entamee, ligne.delai_median) == ("< 5", 0, "—", "—")

    def test_structure_active_chiffres_exacts_et_issue_des_seances(self, monde):
        campagne = services.create_campagne(
            territoire=monde.territoire, **campagne_kwargs(nom="Pass 2027", nombre_carnets=12, budget=Decimal(600)),
            services=[service()], lieux=[], cofinancements=[(monde.financeur_structure, Decimal(100))],
            by=monde.financeur,
        )  # fmt: skip
        services.generate_carnets(campagne=campagne, by=monde.financeur)
        # Dix carnets remis par la mairie (deux du monde + huit de plus), six entamés, cinq séances payées.
        carnets = list(Carnet.objects.filter(campagne=campagne).order_by("numero"))
        Carnet.objects.filter(pk__in=[c.pk for c in carnets[:10]]).update(
            structure=monde.prescripteur_structure, handed_out_at=timezone.now() - timedelta(days=10)
        )
        seance = AccompagnementFactory(structure=monde.lieu.structure, mediateur=monde.mediateur, resultat="RESOLU")
        for carnet in carnets[:6]:
            code = Cheque.objects.filter(carnet=carnet).order_by("rang").values_list("code", flat=True).first()
            cheque = monde.redeem(code)
            if carnet.numero <= 5:
                Cheque.objects.filter(pk=cheque.pk).update(accompagnement=seance)
        ligne = _cellules(
            observatoire.par_structure(observatoire.campagnes_observees(monde.financeur)), "Mairie (test)"
        )
        assert (ligne.remis, ligne.entames, ligne.part_entamee) == (12, 6, "50 %")  # + les 2 de l'autre campagne
        assert ligne.delai_median == "10 jours" and ligne.seances_payees == 5 and ligne.part_resolue == "100 %"

    def test_page_reservee_aux_financeurs_et_a_la_coordination(self, client, monde):
        client.force_login(monde.mediateur)
        assert client.get("/pass-numerique/observatoire/").status_code == 403
        client.force_login(monde.financeur)
        response = client.get("/pass-numerique/observatoire/")
        html = unescape(response.content.decode())
        assert response.status_code == 200
        assert "Par structure qui distribue" in html and "Mairie (test)" in html and monde.campagne.nom in html


class TestPagePublique:
    def test_sans_compte_ce_que_c_est_ou_l_obtenir_ou_il_est_accepte(self, client, monde):
        QualificationService.objects.filter(qualification=monde.qualification, service=service()).update(
            reste_a_charge=Decimal("2"), reste_a_charge_raison="clé USB fournie"
        )
        response = client.get("/pass-numerique/dans-mon-territoire/")
        html = unescape(response.content.decode())
        assert response.status_code == 200
        assert "Qu'est-ce que c'est ?" in html and "10,00\u00a0€" in html
        assert monde.lieu.nom in html and "2,00\u00a0€ à payer (clé USB fournie)" in html
        assert "Mairie (test)" not in html  # la mairie n'a pas choisi d'être nommée
        assert "Demandez à votre mairie ou à votre CCAS" in html

    def test_la_structure_choisit_d_etre_nommee(self, client, monde):
        gestionnaire = user_with_role(Role.GESTIONNAIRE, structure=monde.prescripteur_structure)
        client.force_login(gestionnaire)
        accueil = client.get("/pass-numerique/").content.decode()
        assert "Votre structure sur la page publique du Pass" in accueil
        url = f"/pass-numerique/structures/{monde.prescripteur_structure.public_id}/point-de-distribution/"
        prefixe = f"pd{monde.prescripteur_structure.pk}"
        client.post(url, {f"{prefixe}-visible": "on", f"{prefixe}-precisions": "Au guichet, le mardi matin"})
        client.logout()
        html = unescape(client.get("/pass-numerique/dans-mon-territoire/").content.decode())
        assert "Mairie (test)" in html and "Au guichet, le mardi matin" in html

    def test_un_prescripteur_sans_role_de_gestion_ne_peut_pas_nommer_sa_structure(self, client, monde):
        client.force_login(monde.prescripteur)
        url = f"/pass-numerique/structures/{monde.prescripteur_structure.public_id}/point-de-distribution/"
        assert client.post(url, {}).status_code == 404

    def test_lieu_ferme_absent(self, client, monde):
        monde.lieu.statut = "FERME"
        monde.lieu.save()
        html = unescape(client.get("/pass-numerique/dans-mon-territoire/").content.decode())
        assert monde.lieu.nom not in html
