"""Données personnelles des aidants : effacées 12 mois après le départ (profil archivé, ou détaché de toutes ses
structures), prouvé en voyageant dans le temps ; effacées tout de suite à la demande de la personne, avec toutes les
copies ; après quoi aucune ligne des tables des aidants ne contient son nom."""

import datetime
import io

import pytest
import time_machine
from django.apps import apps
from django.conf import settings
from django.core.management import call_command
from django.urls import reverse
from django.utils import timezone

from maillage.aidants import selectors, services
from maillage.aidants.enums import AidantEvent, MoyenSignature
from maillage.aidants.models import CONSERVATION_APRES_DEPART, JournalAidant, ProfilAidant, Rapprochement
from maillage.comptes.enums import Role
from maillage.core.utils import normalize_text
from tests.aidants.factories import RattachementFactory
from tests.comptes.factories import MembershipFactory, StructureFactory, UserFactory
from tests.core.factories import CommuneFactory

DEBUT = datetime.datetime(2026, 1, 10, 10, tzinfo=datetime.UTC)
PRENOM, NOM = "Zéphirine", "Quentaloup"


def _a(delta: datetime.timedelta):
    return time_machine.travel(DEBUT + delta)


def _cron(delta: datetime.timedelta) -> str:
    out = io.StringIO()
    with _a(delta):
        call_command("anonymiser_aidants", stdout=out)
    return out.getvalue()


def _ajouter(gestionnaire, structure, **kwargs) -> ProfilAidant:
    return services.add_aidant(
        by=gestionnaire, structure=structure, prenom=PRENOM, nom=NOM, statut="BENEVOLE", niveaux=["REPERER_ORIENTER"],
        annee_naissance=1970, **kwargs,
    )  # fmt: skip


def _a_son_nom(profil: ProfilAidant) -> bool:
    profil.refresh_from_db()
    return profil.nom == NOM and profil.anonymized_at is None


def _lignes_des_aidants() -> list[str]:
    """Chaque ligne de chaque table des aidants (tables de liaison comprises), en texte sans accents ni casse."""
    rows = []
    for model in apps.get_app_config("aidants").get_models(include_auto_created=True):
        rows += [normalize_text(str(row)) for row in model.objects.values()]
    return rows


def _sans_nom() -> bool:
    rows = _lignes_des_aidants()
    return bool(rows) and not [r for r in rows if "quentaloup" in r or "zephirine" in r]


class TestConservation:
    def test_archived_profile_kept_12_months_then_erased(self, gestionnaire, structure, territoire):
        with _a(datetime.timedelta(0)):
            profil = _ajouter(gestionnaire, structure)
            services.archive_profil(profil=profil, by=gestionnaire)
        assert "0 profil" in _cron(CONSERVATION_APRES_DEPART - datetime.timedelta(hours=1))
        assert _a_son_nom(profil)
        assert "1 profil" in _cron(CONSERVATION_APRES_DEPART + datetime.timedelta(hours=1))
        assert not _a_son_nom(profil)
        assert (profil.prenom, profil.nom, profil.annee_naissance, profil.email) == ("Anonyme", "", None, "")
        assert _sans_nom()

    def test_profile_detached_from_every_structure_kept_12_months_then_erased(self, gestionnaire, structure):
        with _a(datetime.timedelta(0)):
            profil = _ajouter(gestionnaire, structure)
        with _a(datetime.timedelta(days=30)):
            services.detach_rattachement(rattachement=profil.rattachements.get(), by=gestionnaire)
        _cron(datetime.timedelta(days=30) + CONSERVATION_APRES_DEPART - datetime.timedelta(hours=1))
        assert _a_son_nom(profil)
        _cron(datetime.timedelta(days=30) + CONSERVATION_APRES_DEPART + datetime.timedelta(hours=1))
        assert not _a_son_nom(profil)

    def test_a_person_who_still_helps_somewhere_is_kept(self, gestionnaire, structure):
        with _a(datetime.timedelta(0)):
            profil = _ajouter(gestionnaire, structure)
            RattachementFactory(profil=profil, structure=StructureFactory())  # une deuxième structure
            services.detach_rattachement(rattachement=profil.rattachements.get(structure=structure), by=gestionnaire)
            parti = services.add_aidant(
                by=gestionnaire, structure=structure, prenom="Paul", nom="Parti", statut="BENEVOLE",
                niveaux=["REPERER_ORIENTER"],
            )  # fmt: skip
            services.detach_rattachement(rattachement=parti.rattachements.get(), by=gestionnaire)
        _cron(datetime.timedelta(days=800))
        assert _a_son_nom(profil)  # détachée d'une structure, elle aide encore dans l'autre
        parti.refresh_from_db()
        assert parti.anonymized_at is not None

    def test_cron_is_idempotent_and_journals_without_name(self, gestionnaire, structure):
        with _a(datetime.timedelta(0)):
            profil = _ajouter(gestionnaire, structure)
            services.archive_profil(profil=profil, by=gestionnaire)
        assert "1 profil" in _cron(datetime.timedelta(days=400))
        assert "0 profil" in _cron(datetime.timedelta(days=401))
        [ligne] = JournalAidant.objects.filter(event=AidantEvent.EFFACE)
        assert (ligne.actor, ligne.profil, ligne.details["raison"]) == (None, profil, "conservation_12_mois")

    def test_the_period_in_the_code_is_the_one_on_the_page(self, client):
        assert CONSERVATION_APRES_DEPART == datetime.timedelta(days=365)  # 12 mois
        page = client.get(reverse("core:donnees_personnelles")).content.decode()
        assert 'id="conservation-aidants"' in page
        assert "Effacés 12 mois après le départ (profil archivé, ou détaché de toutes ses structures)" in page
        assert (
            "tout de suite si la personne le demande, avec toutes les copies (rapprochements, badge, exports)" in page
        )


@pytest.fixture
def personne(gestionnaire, structure, territoire, charte):
    """Une personne avec un compte, qui a signé, accepté la vérification, avec une commune, et un doublon proposé
    au rapprochement dans une autre structure du territoire."""
    user = UserFactory(first_name=PRENOM, last_name=NOM, email="zq@example.org")
    MembershipFactory(role=Role.MEDIATEUR, structure=structure, user=user)
    profil = services.create_own_profil(
        user=user, structure=structure, statut="MEDIATEUR", niveaux=["REPERER_ORIENTER"], annee_naissance=1970
    )
    services.update_profil(profil=profil, by=user, communes=[CommuneFactory(), structure.commune], aidants_connect=True,
                           aidants_connect_depuis=datetime.date(2024, 5, 2))  # fmt: skip
    services.sign_charte(profil=profil, charte=charte, by=user)
    services.set_verification_publique(profil=profil, by=user, ouverte=True)
    voisine = StructureFactory(commune=structure.commune, nom="Centre social")
    gestion_voisine = MembershipFactory(role=Role.GESTIONNAIRE, structure=voisine).user
    doublon = _ajouter(gestion_voisine, voisine)
    services.sign_charte(profil=doublon, charte=charte, by=gestion_voisine, moyen=MoyenSignature.PAPIER)
    assert Rapprochement.objects.filter(profil=doublon, profil_existant=profil).exists()
    return profil


class TestEffacementALaDemande:
    def _url(self, profil, next_url=""):
        return reverse("aidants:effacer", args=[profil.public_id]) + (f"?next={next_url}" if next_url else "")

    def test_without_confirmation_nothing_is_erased(self, client, gestionnaire, personne):
        client.force_login(gestionnaire)
        page = client.get(self._url(personne)).content.decode()
        assert "La personne m'a demandé d'effacer ses données" in page
        response = client.post(self._url(personne), follow=True)
        assert "Rien n&#x27;a été effacé" in response.content.decode()
        assert _a_son_nom(personne)

    def test_erasure_by_manager_blanks_every_copy(self, client, gestionnaire, structure, coordinateur, personne):
        r = personne.rattachements.get()
        doublon = Rapprochement.objects.get(profil_existant=personne).profil
        client.force_login(gestionnaire)
        url_structure = reverse("aidants:structure", args=[structure.public_id])
        response = client.post(self._url(personne, url_structure), {"confirme": "oui", "next": url_structure})
        assert response.status_code == 302 and response["Location"] == url_structure
        assert not _a_son_nom(personne)
        assert personne.user is None and not personne.communes.exists() and personne.aidants_connect_depuis is None
        assert not Rapprochement.objects.exists()
        # Badge, vérification publique : plus rien.
        assert client.get(reverse("aidants:badge", args=[r.public_id])).status_code == 404
        assert selectors.verifier_aidant(prenom=PRENOM, nom=NOM, structure="Association Clic") is None
        # Exports et tableau de la coordination : la personne n'y est plus (le doublon, une autre fiche, y reste).
        client.force_login(coordinateur)
        csv = client.get(reverse("aidants:reseau") + "?format=csv")
        body = b"".join(csv.streaming_content if csv.streaming else [csv.content]).decode()
        assert body.count(NOM) == 1
        # Signatures et journal restent, sans le nom.
        assert personne.signatures.count() == 1
        ligne = JournalAidant.objects.get(event=AidantEvent.EFFACE, profil=personne)
        assert ligne.actor == gestionnaire and ligne.details == {
            "raison": "demande", "rattachements": 1, "rapprochements": 1, "copie": False,
            "label": {"competences": 0, "pairs_fondateurs": 0, "demandes_closes": 0, "motifs": 0, "commentaires": 0},
        }  # fmt: skip
        # Le doublon est une autre fiche (une autre structure) : son effacement passe par elle, et ensuite plus rien.
        services.erase_on_request(profil=doublon, by=coordinateur)
        assert _sans_nom()

    def test_merged_duplicate_is_erased_with_the_profile(self, coordinateur, personne):
        rapprochement = Rapprochement.objects.get(profil_existant=personne)
        services.decide_rapprochement(rapprochement=rapprochement, by=coordinateur, confirme=True)
        assert services.erase_on_request(profil=personne, by=coordinateur) == 2
        assert _sans_nom()
        assert list(JournalAidant.objects.filter(event=AidantEvent.EFFACE).values_list("details__copie", flat=True)) == [
            False, True,
        ]  # fmt: skip

    def test_coordination_erases_from_the_network_page(self, client, coordinateur, territoire, personne):
        client.force_login(coordinateur)
        page = client.get(reverse("aidants:reseau")).content.decode()
        assert self._url(personne) in page
        response = client.post(self._url(personne), {"confirme": "oui"})
        assert response.status_code == 302 and response["Location"] == reverse("aidants:reseau")
        assert not _a_son_nom(personne)
        assert client.get(self._url(personne)).status_code == 404  # déjà effacé

    def test_archived_profiles_listed_with_their_erasure_date(self, client, gestionnaire, structure):
        with _a(datetime.timedelta(0)):
            profil = _ajouter(gestionnaire, structure)
            services.archive_profil(profil=profil, by=gestionnaire)
        client.force_login(gestionnaire)
        page = client.get(reverse("aidants:structure", args=[structure.public_id])).content.decode()
        assert "Profils archivés" in page and "effacé le 10/01/2027 au plus tard" in page
        assert self._url(profil) in page

    @pytest.mark.parametrize(
        ("qui", "code"),
        [("gestionnaire", 200), ("coordinateur", 200), ("autre_gestionnaire", 404), ("prescripteur", 404),
         ("aidant", 404), ("ancienne_structure", 404)],
    )  # fmt: skip
    def test_role_matrix(self, client, qui, code, gestionnaire, coordinateur, structure, personne):
        ancienne = StructureFactory()
        ancienne_gestion = MembershipFactory(role=Role.GESTIONNAIRE, structure=ancienne).user
        # Membre de l'ancienne structure : l'adresse de son compte y rattache son profil (test_revue.py).
        MembershipFactory(role=Role.AIDANT, structure=ancienne, user=personne.user)
        services.add_aidant(
            by=ancienne_gestion,
            structure=ancienne,
            prenom=PRENOM,
            nom=NOM,
            statut="BENEVOLE",
            niveaux=["REPERER_ORIENTER"],
            email="zq@example.org",
        )  # fmt: skip  (même compte : même profil, rattaché aussi à l'ancienne structure)
        services.detach_rattachement(rattachement=personne.rattachements.get(structure=ancienne), by=ancienne_gestion)
        users = {
            "gestionnaire": gestionnaire, "coordinateur": coordinateur,
            "autre_gestionnaire": MembershipFactory(role=Role.GESTIONNAIRE).user,
            "prescripteur": MembershipFactory(role=Role.PRESCRIPTEUR, structure=structure).user,
            "aidant": personne.user, "ancienne_structure": ancienne_gestion,
        }  # fmt: skip
        client.force_login(users[qui])
        assert client.get(self._url(personne)).status_code == code
        assert client.post(self._url(personne), {"confirme": "oui"}).status_code in (code, 302)
        assert _a_son_nom(personne) == (code == 404)

    def test_anonymous_is_sent_to_login(self, client, personne):
        assert client.post(self._url(personne), {"confirme": "oui"}).status_code == 302
        assert _a_son_nom(personne)


def _lignes_du_label() -> list[str]:
    rows = []
    for model in apps.get_app_config("label").get_models(include_auto_created=True):
        rows += [normalize_text(str(row)) for row in model.objects.values()]
    return rows


def _labellisee(personne, structure, territoire, coordinateur, charte):
    """La personne labellisée puis retirée, pair fondateur : son nom dans la preuve de sa certification, les motifs
    et le commentaire de l'entretien (ce qu'une commission ou un pair peut écrire)."""
    from maillage.label import services as label_services
    from tests.label.conftest import make_pair
    from tests.label.factories import profil_uniforme, referentiel

    referentiel(territoire)
    autre = StructureFactory(commune=structure.commune, nom="Médiathèque")
    pairs = [make_pair(autre, charte, "Paule"), make_pair(autre, charte, "Pierre")]
    for p in [*pairs, personne]:
        label_services.designate_pair_fondateur(territoire=territoire, profil=p, by=coordinateur)
    label_services.save_competences(
        profil=personne, by=personne.user, niveaux=profil_uniforme(3), source="PIX_CERTIFICATION",
        evalue_le=datetime.date(2025, 12, 1), preuve="Certif Quentaloup P-ZQ-42",
    )  # fmt: skip
    demande = label_services.apply_for_label(
        profil=personne, territoire=territoire, niveau="REPERER_ORIENTER", by=personne.user
    )
    label_services.record_entretien(
        demande=demande, by=coordinateur, pair_1=pairs[0], pair_2=pairs[1], mene_le=timezone.localdate(),
        resultats=["ACQUIS"] * 7, avis="FAVORABLE", commentaire="Zéphirine écoute très bien.",
    )  # fmt: skip
    label_services.decide_demande(demande=demande, by=coordinateur, accorder=True, motif="Mme Quentaloup est prête.")
    return demande


class TestEffacementDuLabel:
    """Le label garde des niveaux (et la référence d'une certification), des motifs et des commentaires : l'effacement
    des aidants les efface aussi, à la demande comme au bout de 12 mois."""

    def test_erasure_on_request_clears_the_label(self, gestionnaire, structure, territoire, coordinateur, charte,
                                                 personne):  # fmt: skip
        from maillage.label.models import CompetencesAidant, EntretienPairs, PairFondateur
        from maillage.label.services import withdraw_label

        demande = _labellisee(personne, structure, territoire, coordinateur, charte)
        withdraw_label(demande=demande, by=coordinateur, motif="Plainte contre Zéphirine Quentaloup.")
        assert any("quentaloup" in r for r in _lignes_du_label())
        services.erase_on_request(profil=personne, by=gestionnaire)
        rows = _lignes_du_label()
        assert rows and not [r for r in rows if "quentaloup" in r or "zephirine" in r or "p-zq-42" in r]
        assert not CompetencesAidant.objects.filter(profil=personne).exists()
        assert not PairFondateur.objects.filter(profil=personne).exists()
        demande.refresh_from_db()
        assert (demande.motif, demande.motif_retrait, demande.statut) == ("", "", "RETIRE")
        assert EntretienPairs.objects.get(demande=demande).commentaire == ""
        ligne = JournalAidant.objects.get(event=AidantEvent.EFFACE, profil=personne)
        assert ligne.details["label"] == {
            "competences": 1, "pairs_fondateurs": 1, "demandes_closes": 0, "motifs": 1, "commentaires": 1,
        }  # fmt: skip

    def test_cron_clears_the_label_and_closes_it(self, gestionnaire, structure, territoire, coordinateur, charte,
                                                 personne):  # fmt: skip
        from maillage.label.models import CompetencesAidant, DemandeLabel

        demande = _labellisee(personne, structure, territoire, coordinateur, charte)
        services.archive_profil(profil=personne, by=gestionnaire)
        with time_machine.travel(timezone.now() + datetime.timedelta(days=400)):
            call_command("anonymiser_aidants", stdout=io.StringIO())
        demande.refresh_from_db()
        assert (demande.statut, demande.motif) == ("RETIRE", "")  # plus de label pour une personne effacée
        assert not DemandeLabel.objects.valides(timezone.localdate()).filter(profil=personne).exists()
        assert not CompetencesAidant.objects.filter(profil=personne).exists()
        assert not [r for r in _lignes_du_label() if "quentaloup" in r or "zephirine" in r]

    def test_the_label_retention_is_on_the_page(self, client):
        page = client.get(reverse("core:donnees_personnelles")).content.decode()
        assert 'id="conservation-label"' in page
        assert "Effacés avec le profil de l'aidant" in page


def test_the_cron_is_in_the_example_crontab():
    crontab = (settings.BASE_DIR / "docs" / "environnement.md").read_text(encoding="utf-8")
    assert "manage.py anonymiser_aidants" in crontab
