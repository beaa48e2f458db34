"""Issue 10 : tableaux de bord remplis après la démo (2), la façon de faire avec la personne (13), la voix de la
personne (14), le formulaire de séance qui garde la place de la personne (5)."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.accompagnements.models import BesoinTraite, ReponseQuestionnaire
from maillage.accompagnements.selectors import Periode, compute_stats, compute_territoire_stats
from maillage.comptes.enums import Role
from maillage.comptes.models import User
from maillage.core.demo import load_demo
from maillage.core.navigation import navigation_for
from tests.accompagnements.factories import AccompagnementFactory, BeneficiaireFactory
from tests.comptes.factories import MembershipFactory, user_with_role

TODAY = timezone.localdate()
ANNEE = Periode(du=TODAY - datetime.timedelta(days=365), au=TODAY)


@pytest.fixture
def mediateur(client):
    user = user_with_role(Role.MEDIATEUR)
    client.force_login(user)
    client.get(reverse("core:tableau_de_bord"))
    return user


def _post(client, **extra):
    data = {"type": "INDIVIDUEL", "date": TODAY.isoformat(), "duree": "30", "type_lieu": "DISTANCE",
            "besoins": ["EMAIL"], "facon": "FAIRE_AVEC", "resultat": "RESOLU"}  # fmt: skip
    data.update(extra)
    return client.post(reverse("accompagnements:nouveau"), data)


class TestTableauxDeBordApresLaDemo:
    def test_demo_fills_territory_and_funder_figures_and_menus_lead_to_them(self, client, communes_49, settings):
        settings.MAILLAGE_DEMO = True
        load_demo()
        financeur = User.objects.get(email="financeur@demo.maillage.fr")
        entrees = {e["label"]: e["url"] for e in navigation_for(financeur)}
        # Le financeur n'a pas « Statistiques » (les zéros de sa propre structure) mais celles de son territoire.
        assert "Statistiques" not in entrees and "Statistiques du territoire" in entrees
        client.force_login(financeur)
        response = client.get(entrees["Statistiques du territoire"], follow=True)
        assert response.status_code == 200
        page = response.content.decode()
        assert "Statistiques du territoire" in page and "pas encore calcul" not in page
        mois = next(s for s in response.context["sections"] if s.titre == "Accompagnements par mois")
        assert len(mois.lignes) >= 6  # six mois de séances de démonstration, mois en cours compris
        assert mois.lignes[-1][0] == f"{TODAY.month:02d}/{TODAY.year}"
        mediateur = User.objects.get(email="mediation@demo.maillage.fr")
        assert {"Statistiques", "Mes accompagnements"} <= {e["label"] for e in navigation_for(mediateur)}

    def test_current_month_is_live_without_the_nightly_job(self):
        coordo = MembershipFactory(role=Role.COORDINATEUR)
        for _ in range(6):
            AccompagnementFactory(structure=coordo.structure, date=TODAY)
        sections, _ = compute_territoire_stats(
            commune_ids=list(coordo.territoire.communes.values_list("pk", flat=True)), periode=ANNEE
        )
        assert sections[0].lignes == [[f"{TODAY.month:02d}/{TODAY.year}", 6, 0, 0, 6]]


class TestALaPlace:
    def test_one_optional_tap_says_why_for_needs_done_a_la_place_only(self, client, mediateur):
        response = _post(client, besoins=["EMAIL", "D_SOCIAL"], facon="A_LA_PLACE_EN_EXPLIQUANT",
                         facon_EMAIL="FAIRE_AVEC", raison="EQUIPEMENT")  # fmt: skip
        assert response.status_code == 302
        assert dict(BesoinTraite.objects.values_list("besoin", "raison")) == {"EMAIL": "", "D_SOCIAL": "EQUIPEMENT"}
        assert _post(client, facon="A_LA_PLACE_SANS_EXPLIQUER").status_code == 302  # sans raison : permis
        assert BesoinTraite.objects.filter(raison="").count() == 2

    def test_the_persons_choice_is_a_respected_choice_in_figures(self, mediateur):
        structure = mediateur.memberships.get().structure
        for raison in ("CHOIX_PERSONNE", "CHOIX_PERSONNE", "URGENCE"):
            a = AccompagnementFactory(structure=structure, besoins={})
            BesoinTraite.objects.create(accompagnement=a, structure=structure, date=a.date, besoin="EMAIL",
                                        facon="A_LA_PLACE_SANS_EXPLIQUER", raison=raison)  # fmt: skip
        sections = {s.titre: s for s in compute_stats(structure_ids=[structure.pk], periode=ANNEE)}
        facons = sections["Comment les besoins ont été traités, mois par mois"]
        assert facons.colonnes[-1] == "À la place, par choix de la personne (choix respecté)"
        assert facons.lignes[0][2] == "33 %" and facons.lignes[0][-1] == "67 %"
        raisons = dict(map(tuple, sections["Pourquoi « à la place » (quand la raison a été notée)"].lignes))
        assert raisons["Urgence ou délai"] == 1 and raisons["La personne a préféré qu'on le fasse pour elle"] == 2

    def test_no_statistic_ranks_people_or_structures_by_their_share_of_a_la_place(self):
        coordo = MembershipFactory(role=Role.COORDINATEUR)
        AccompagnementFactory(structure=coordo.structure, besoins={"EMAIL": "A_LA_PLACE_SANS_EXPLIQUER"})
        communes = list(coordo.territoire.communes.values_list("pk", flat=True))
        sections = compute_stats(structure_ids=[coordo.structure.pk], periode=ANNEE)
        sections += compute_territoire_stats(commune_ids=communes, periode=ANNEE)[0]
        for section in sections:
            mentionne = any("à la place" in c.lower() for c in [section.titre, *section.colonnes])
            par_qui = re.search(r"structure|commune|personne|aidant|médiat|epci", section.colonnes[0], re.I)
            # Une part « à la place » ne se lit que par mois ou par raison, jamais par personne ni par structure.
            assert not (mentionne and par_qui), section.titre

    def test_autonomy_trajectory_is_shown_per_need(self, client, mediateur):
        structure = mediateur.memberships.get().structure
        person = BeneficiaireFactory(suivi_par=structure)
        for jours, email, demarche in [(60, "A_LA_PLACE_SANS_EXPLIQUER", "FAIRE_AVEC"), (30, "FAIRE_AVEC", None),
                                       (1, "PAR_SOI_MEME", "A_LA_PLACE_SANS_EXPLIQUER")]:  # fmt: skip
            besoins = {"EMAIL": email} | ({"D_LOGEMENT": demarche} if demarche else {})
            AccompagnementFactory(structure=structure, mediateur=mediateur, beneficiaire=person, besoins=besoins,
                                  date=TODAY - datetime.timedelta(days=jours))  # fmt: skip
        trajectoires = client.get(reverse("accompagnements:beneficiaire", args=[person.public_id])).context[
            "trajectoires"
        ]
        par_besoin = {t["code"]: [p["niveau"] for p in t["points"]] for t in trajectoires}
        # Autonome pour ses e-mails, encore aidée pour une nouvelle démarche : deux chemins, pas une note.
        assert par_besoin == {"EMAIL": [1, 3, 4], "D_LOGEMENT": [3, 1]}


class TestVoixDeLaPersonne:
    def test_third_question_and_prefers_it_done_for_them_is_not_a_no(self, client):
        a = AccompagnementFactory()
        url = reverse("accompagnements:questionnaire", args=[a.questionnaire_token])
        page = client.get(url).content.decode()
        assert "Vous sentez-vous plus à l&#x27;aise avec le numérique ?" in page
        assert "Je préfère qu&#x27;on le fasse pour moi" in page
        client.post(url, {"regle": "OUI", "capable": "PREFERE", "aise": "UN_PEU"})
        assert ReponseQuestionnaire.objects.get().aise == "UN_PEU"
        voix = next(
            s for s in compute_stats(structure_ids=[a.structure_id], periode=ANNEE) if s.titre.startswith("L'avis")
        )
        lignes = {ligne[0]: ligne[1:] for ligne in voix.lignes}
        assert lignes["Non"][1] == 0  # pas compté comme un échec
        assert lignes["Préfère qu'on le fasse pour elle ou lui (choix respecté)"][1] == 1
        assert lignes["Un peu"][2] == 1

    def test_paper_version_carries_the_same_code(self, client, mediateur):
        a = AccompagnementFactory(mediateur=mediateur, structure=mediateur.memberships.get().structure)
        page = client.get(reverse("accompagnements:questionnaire_papier", args=[a.public_id])).content.decode()
        assert a.questionnaire_token in page and "<svg" in page
        for question in ("Votre problème est-il réglé ?", "refaire seul ou seule", "plus à l&#x27;aise"):
            assert question in page


class TestFormulaireDeSeance:
    def test_failed_submit_shows_an_error_summary_linking_to_each_field(self, client, mediateur):
        response = _post(client, besoins=[], duree="autre", duree_autre="", type_lieu="DOMICILE")
        page = response.content.decode()
        resume = page[page.index('id="resume-erreurs"') : page.index("</div>", page.index('id="resume-erreurs"'))]
        assert 'tabindex="-1"' in page[page.index("<div", page.index("resume-erreurs") - 200) :][:300]
        for ancre in ("#id_besoins_0", "#id_duree_autre", "#id_commune"):
            assert f'href="{ancre}"' in resume
            assert f'id="{ancre[1:]}"' in page
        assert "maillage/resume-erreurs.js" in page

    def test_nothing_marked_facultatif_is_required(self, client, mediateur):
        form = client.get(reverse("accompagnements:nouveau")).context["form"]
        page = client.get(reverse("accompagnements:nouveau")).content.decode()
        # Chaque « Facultatif » de la page suit un champ qui n'est pas obligatoire, ni sous condition.
        sous_condition = {"lieu", "arret", "commune", "duree_autre", "participants", "suite_besoin",
                          "suite_consentement"}  # fmt: skip
        for legende in re.findall(r'id="id_(\w+)-legend">[^<]*<span class="fr-hint-text">Facultatif', page):
            assert not form.fields[legende].required and legende not in sous_condition, legende
        for name in sous_condition | {n for n, f in form.fields.items() if f.required}:
            label = str(form.fields[name].label).lower()
            assert "facultatif" not in label, name
