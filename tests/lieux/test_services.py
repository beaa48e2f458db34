import pytest
from django.core.exceptions import ValidationError

from maillage.lieux import services
from maillage.lieux.enums import Frais, Service, StatutLieu
from maillage.lieux.models import Arret, Lieu, LieuEvent, LieuHistorique
from tests.comptes.factories import UserFactory
from tests.lieux.factories import ArretFactory, LieuFactory

BASE = {
    "nom": "Médiathèque",
    "commune": "Angers",
    "code_postal": "49000",
    "adresse": "49 rue Toussaint",
    "latitude": 47.47,
    "longitude": -0.55,
    "services": [Service.AIDE_DEMARCHES],
}


class TestCreateUpdate:
    def test_create_writes_one_history_row_with_actor(self):
        user = UserFactory()
        lieu = services.create_lieu(data=BASE, by=user)
        rows = list(LieuHistorique.objects.filter(lieu=lieu).values_list("event", "actor"))
        assert rows == [(LieuEvent.CREATED, user.pk)]
        assert lieu.statut == StatutLieu.BROUILLON
        assert lieu.filtres == "|s:AIDE_DEMARCHES|"

    @pytest.mark.parametrize(
        "extra,field",
        [
            ({"nom": "<script>alert(1)</script>"}, "nom"),
            ({"horaires": "lundi 9h"}, "horaires"),
            ({"services": ["Inconnu"]}, "services"),
            ({"typologie": ["PAS_UN_CODE"]}, "typologie"),
            ({"latitude": 95.0}, "latitude"),
            ({"nom": "x" * 300}, "nom"),
        ],
    )
    def test_create_refuses_invalid_data_with_french_message(self, extra, field):
        with pytest.raises(ValidationError) as exc:
            services.create_lieu(data={**BASE, **extra}, by=None)
        assert field in exc.value.message_dict
        assert LieuHistorique.objects.count() == 0

    def test_update_records_changes_and_skips_no_op(self):
        user = UserFactory()
        lieu = LieuFactory()
        services.update_lieu(lieu=lieu, data={"nom": lieu.nom}, by=user)
        assert LieuHistorique.objects.count() == 0
        services.update_lieu(lieu=lieu, data={"nom": "Nouveau nom", "frais_a_charge": [Frais.PAYANT]}, by=user)
        h = LieuHistorique.objects.get()
        assert h.event == LieuEvent.UPDATED and h.actor == user
        assert h.details["changes"]["nom"][1] == "Nouveau nom"
        assert h.details["changes"]["frais_a_charge"] == [[Frais.GRATUIT], [Frais.PAYANT]]
        lieu.refresh_from_db()
        assert lieu.filtres.count("f:PAYANT") == 1 and "f:GRATUIT|" not in lieu.filtres

    def test_update_refuses_unknown_field(self):
        with pytest.raises(ValidationError):
            services.update_lieu(lieu=LieuFactory(), data={"statut": StatutLieu.PUBLIE}, by=None)


class TestStatutVerifyMerge:
    def test_set_statut_and_verify(self):
        user = UserFactory()
        lieu = LieuFactory()
        services.set_statut(lieu=lieu, statut=StatutLieu.PUBLIE, by=user)
        services.verify_lieu(lieu=lieu, by=user)
        lieu.refresh_from_db()
        assert lieu.statut == StatutLieu.PUBLIE and lieu.verified_at is not None
        events = list(LieuHistorique.objects.filter(lieu=lieu).order_by("created_at").values_list("event", flat=True))
        assert events == [LieuEvent.STATUS, LieuEvent.VERIFIED]

    def test_cannot_publish_without_position(self):
        lieu = LieuFactory(sans_position=True)
        with pytest.raises(ValidationError):
            services.set_statut(lieu=lieu, statut=StatutLieu.PUBLIE, by=None)

    def test_merge_fills_blanks_unions_lists_moves_stops_and_closes_removed(self):
        user = UserFactory()
        keep = LieuFactory(published=True, telephone="", services=[Service.AIDE_DEMARCHES])
        remove = LieuFactory(published=True, telephone="+33241000000", services=[Service.ACCES_MATERIEL])
        ArretFactory(lieu=remove)
        services.merge_lieux(keep=keep, remove=remove, by=user)
        keep.refresh_from_db()
        remove.refresh_from_db()
        assert keep.telephone == "+33241000000"
        assert keep.services == [Service.AIDE_DEMARCHES, Service.ACCES_MATERIEL]
        assert remove.statut == StatutLieu.FERME
        assert Arret.objects.get().lieu == keep
        assert LieuHistorique.objects.filter(event=LieuEvent.MERGED).count() == 2

    def test_replace_arrets(self):
        lieu = LieuFactory(itinerant=True)
        services.replace_arrets(
            lieu=lieu,
            arrets=[{"nom": "Mairie", "horaires": "Tu 09:00-12:00", "latitude": 47.5, "longitude": -0.5}],
            by=None,
        )
        assert list(lieu.arrets.values_list("nom", "ordre")) == [("Mairie", 0)]
        with pytest.raises(ValidationError):
            services.replace_arrets(lieu=lieu, arrets=[{"nom": "X", "horaires": "mardi matin"}], by=None)
        assert lieu.arrets.count() == 1


class TestSearchText:
    """Le texte de recherche d'un lieu passe par `core.utils.normalize_text` (le seul normaliseur, rapide sur
    l'ASCII) : il doit rester la translittération naïve du texte entier, caractère accentué ou non."""

    @pytest.mark.parametrize(
        "text",
        ["Saint-Barthélemy-d'Anjou", "Œuvre ÆSOP straße", "Médiathèque « Toussaint » – 1er étage", "", "ABC 123",
         "Nouméa ’ Kone", "Ça, c'est « l'été » !", "日本語 テキスト", "İstanbul ǅ ﬁ"],
    )  # fmt: skip
    def test_search_text_is_the_plain_transliteration(self, text):
        import re

        from unidecode import unidecode

        lieu = Lieu(nom=text, commune="", code_postal="", adresse="", structure_parente="")
        lieu.fill_derived_fields()
        assert lieu.search_text == re.sub(r"[^a-z0-9]+", " ", unidecode(text).lower()).strip()
