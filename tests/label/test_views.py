import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.comptes.enums import Role
from maillage.label import services
from maillage.label.enums import CHAMPS
from maillage.label.models import CompetencesAidant, DemandeLabel, ReferentielLabel
from tests.comptes.factories import MembershipFactory
from tests.label.conftest import niveaux_ok


def login(client, user):
    client.force_login(user)


def form_niveaux(niveau, **extra):
    return {champ: niveau for champ in CHAMPS.values()} | extra


class TestMesCompetences:
    def test_one_select_per_competence_grouped_in_five_fieldsets(self, client, aidante, aidante_user, ref):
        login(client, aidante_user)
        html = client.get(reverse("label:mes_competences")).content.decode()
        assert html.count('<fieldset class="fr-fieldset" id="domaine-') == 5
        assert html.count('<select name="n') == 16
        assert "4.2 Protéger les données personnelles et la vie privée" in html
        assert "Non évalué" in html and "à renforcer : " in html.lower()

    def test_post_levels_then_gap_view(self, client, aidante, aidante_user, ref):
        login(client, aidante_user)
        data = form_niveaux("2", source="PIX_PROFIL") | {"n4_2": "2", "n5_1": ""}
        r = client.post(reverse("label:mes_competences"), data)
        assert r.status_code == 302
        c = CompetencesAidant.objects.get()
        assert (c.n1_1, c.n5_1) == (2, None)
        html = client.get(reverse("label:mes_competences")).content.decode()
        assert "À renforcer : 4.2, 5.1." in html

    def test_level_9_refused_in_french(self, client, aidante, aidante_user):
        login(client, aidante_user)
        r = client.post(reverse("label:mes_competences"), form_niveaux("9", source="AUTO_DECLARE"))
        assert r.status_code == 200 and "Choisissez un niveau de 0 à 8" in r.content.decode()
        assert not CompetencesAidant.objects.exists()

    def test_certification_in_future_refused_in_french(self, client, aidante, aidante_user):
        login(client, aidante_user)
        demain = (timezone.localdate() + timezone.timedelta(days=3)).isoformat()
        r = client.post(reverse("label:mes_competences"),
                        form_niveaux("3", source="PIX_CERTIFICATION", evalue_le=demain, preuve="X"))  # fmt: skip
        assert "ne peut pas être dans le futur" in r.content.decode()

    def test_other_structure_profile_is_404(self, client, aidante, gestionnaire_autre):
        login(client, gestionnaire_autre)
        assert client.get(reverse("label:competences", args=[aidante.public_id])).status_code == 404

    def test_gestionnaire_enters_levels(self, client, aidante, gestionnaire):
        login(client, gestionnaire)
        r = client.post(
            reverse("label:competences", args=[aidante.public_id]), form_niveaux("1", source="AUTO_DECLARE")
        )
        assert r.status_code == 302 and CompetencesAidant.objects.get().n3_4 == 1


class TestMonLabel:
    def test_apply_and_see_pillars(self, client, aidante, aidante_user, ref):
        login(client, aidante_user)
        r = client.post(reverse("label:mon_label"), {"niveau": "AIDER_URGENCE"})
        assert r.status_code == 302
        html = client.get(reverse("label:mon_label")).content.decode()
        assert "Charte : vert" in html and "Posture (entretien entre pairs) : manquant" in html


class TestCommission:
    def test_decision_with_missing_pillar_names_it(self, client, aidante, aidante_user, territoire, ref, coordinateur):
        niveaux_ok(aidante, aidante_user)
        d = services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
        login(client, coordinateur)
        assert "incomplète" in client.get(reverse("label:commission")).content.decode()
        r = client.post(reverse("label:decider", args=[d.public_id]),
                        {"decision": "accorder", "motif": "ok"}, follow=True)  # fmt: skip
        assert "pilier manquant — Posture (entretien entre pairs)" in r.content.decode()
        assert DemandeLabel.objects.get().statut == "EN_COURS"

    def test_grant_complete_application(self, client, demande_complete, coordinateur):
        login(client, coordinateur)
        assert "complète" in client.get(reverse("label:commission")).content.decode()
        r = client.post(reverse("label:decider", args=[demande_complete.public_id]),
                        {"decision": "accorder", "motif": "Trois piliers verts."}, follow=True)  # fmt: skip
        assert "La décision est enregistrée." in r.content.decode()
        assert DemandeLabel.objects.get().statut == "ACCORDE"
        r = client.post(
            reverse("label:retirer", args=[demande_complete.public_id]), {"motif_retrait": ""}, follow=True
        )
        assert "Écrivez le motif du retrait." in r.content.decode()

    def test_interview_form_records_each_criterion(self, client, aidante, aidante_user, territoire, ref, pairs,
                                                   coordinateur):  # fmt: skip
        d = services.apply_for_label(profil=aidante, territoire=territoire, niveau="AIDER_URGENCE", by=aidante_user)
        login(client, pairs[0].user)
        url = reverse("label:entretien", args=[d.public_id])
        html = client.get(url).content.decode()
        assert "écoute active" in html and "Nadia" not in html.split("<select")[1]  # la personne n'est pas un pair
        data = {"pair_1": pairs[0].pk, "pair_2": pairs[0].pk, "mene_le": timezone.localdate().isoformat(),
                "avis": "FAVORABLE", **{f"critere_{i}": "ACQUIS" for i in range(7)}}  # fmt: skip
        assert "deux pairs différents" in client.post(url, data).content.decode()
        assert client.post(url, data | {"pair_2": pairs[1].pk}).status_code == 302
        assert d.entretiens.get().avis == "FAVORABLE"

    def test_other_territory_demande_is_404(self, client, demande_complete):
        autre = MembershipFactory(role=Role.COORDINATEUR).user
        login(client, autre)
        assert client.get(reverse("label:demande", args=[demande_complete.public_id])).status_code == 404
        r = client.post(
            reverse("label:decider", args=[demande_complete.public_id]), {"decision": "accorder", "motif": "x"}
        )
        assert r.status_code == 404


class TestReferentiel:
    def test_profile_editor_publishes_new_version(self, client, coordinateur, territoire, ref):
        login(client, coordinateur)
        url = reverse("label:profil_reference", args=["AIDER_URGENCE"])
        html = client.get(url).content.decode()
        assert html.count('<select name="n') == 16 and "Non exigé" in html
        r = client.post(url, form_niveaux("", territoire=territoire.slug) | {"n4_2": "4"})
        assert r.status_code == 302
        v2 = ReferentielLabel.objects.get(superseded_at__isnull=True)
        assert v2.version == 2 and v2.profils.get(niveau="AIDER_URGENCE").exigences() == {"4.2": 4}

    def test_settings_and_export(self, client, coordinateur, territoire):
        login(client, coordinateur)
        r = client.post(reverse("label:referentiel"), {"territoire": territoire.slug, "grille": "Écoute\n\nEmpathie",
                        "validite_mois": "12", "sources_acceptees": ["PIX_PROFIL"], "pairs_autre_structure": "on"})  # fmt: skip
        assert r.status_code == 302
        data = client.get(reverse("label:referentiel_export")).json()
        assert data["grille_posture"] == ["Écoute", "Empathie"] and data["validite_mois"] == 12
        assert data["licence"].startswith("Licence Ouverte")

    @pytest.mark.parametrize("role", [Role.GESTIONNAIRE, Role.MEDIATEUR, Role.COMMANDITAIRE])
    def test_not_coordination_refused(self, client, role, structure, territoire):
        user = MembershipFactory(role=role, structure=structure,
                                 **({"territoire": territoire} if role == Role.COMMANDITAIRE else {})).user  # fmt: skip
        login(client, user)
        assert client.get(reverse("label:referentiel")).status_code == 403
        assert client.get(reverse("label:commission")).status_code == 403


class TestCarte:
    def test_coordination_sees_exact_counts_and_heat_classes(self, client, demande_complete, coordinateur):
        login(client, coordinateur)
        html = client.get(reverse("label:carte")).content.decode()
        assert "label-chaleur label-chaleur--" in html and "style=" not in html.split("<main")[1]
        assert "&lt; 5" not in html

    def test_financeur_sees_masked_counts_and_exports(self, client, demande_complete, financeur):
        login(client, financeur)
        html = client.get(reverse("label:carte")).content.decode()
        assert "&lt; 5" in html and "label-chaleur--masque" in html
        r = client.get(reverse("label:carte"), {"format": "csv"})
        assert r["Content-Type"].startswith("text/csv") and "< 5" in r.content.decode("utf-8-sig")
        assert client.get(reverse("label:carte"), {"format": "xlsx"}).status_code == 200

    def test_aidant_refused(self, client, aidante_user, aidante):
        login(client, aidante_user)
        assert client.get(reverse("label:carte")).status_code == 403

    def test_anonymous_redirected(self, client):
        assert client.get(reverse("label:carte")).status_code == 302
