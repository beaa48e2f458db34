"""Import d'un référentiel (le JSON de l'export) : aller-retour export → import dans un autre territoire, rapport
d'erreurs en français qui nomme chaque clé fautive, rien d'écrit si le fichier est fautif, une nouvelle version."""

import json

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from maillage.comptes.enums import Role
from maillage.label import services
from maillage.label.enums import LabelEvent
from maillage.label.models import JournalLabel, ReferentielLabel
from tests.comptes.factories import MembershipFactory, StructureFactory, TerritoireFactory
from tests.label.factories import profil_uniforme


def _fichier(data, nom="referentiel.json"):
    contenu = data if isinstance(data, bytes) else json.dumps(data, ensure_ascii=False).encode()
    return SimpleUploadedFile(nom, contenu, content_type="application/json")


@pytest.fixture
def ailleurs():
    """Une autre coordination, dans un autre territoire, qui reprend le référentiel du premier."""
    structure = StructureFactory(nom="Maison France services")
    territoire = TerritoireFactory(nom="Charente-Maritime", slug="charente-maritime", communes=[structure.commune])
    user = MembershipFactory(role=Role.COORDINATEUR, structure=structure, territoire=territoire).user
    return territoire, user


def _export(client, user, territoire) -> dict:
    client.force_login(user)
    return client.get(reverse("label:referentiel_export") + f"?territoire={territoire.slug}").json()


def _importer(client, user, territoire, data):
    client.force_login(user)
    url = reverse("label:referentiel_import") + f"?territoire={territoire.slug}"
    return client.post(url, {"territoire": territoire.slug, "fichier": _fichier(data)})


class TestAllerRetour:
    def test_export_then_import_elsewhere_gives_the_same_referential(self, client, coordinateur, territoire, ailleurs):
        services.publish_referentiel(
            territoire=territoire, by=coordinateur, grille=["Écoute", "Empathie"], validite_mois=18,
            sources_acceptees=["PIX_CERTIFICATION", "PIX_PROFIL"], pairs_autre_structure=False, est_exemple=True,
            profils={"REPERER_ORIENTER": profil_uniforme(None) | {"4.2": 2}, "AIDER_URGENCE": profil_uniforme(3)},
        )  # fmt: skip
        data = _export(client, coordinateur, territoire)
        autre, coord_autre = ailleurs
        r = _importer(client, coord_autre, autre, data)
        assert r.status_code == 302
        importe = ReferentielLabel.objects.get(territoire=autre)
        assert importe.version == 1 and importe.published_by == coord_autre
        repris = _export(client, coord_autre, autre)
        sans_origine = {k: v for k, v in data.items() if k not in ("territoire", "version")}
        assert {k: v for k, v in repris.items() if k not in ("territoire", "version")} == sans_origine
        assert repris["territoire"] == "Charente-Maritime"
        ligne = JournalLabel.objects.get(event=LabelEvent.REFERENTIEL_PUBLIE, referentiel=importe)
        assert ligne.details["importe"] is True and ligne.actor == coord_autre

    def test_import_creates_a_new_version_and_replaces_profiles(self, client, coordinateur, territoire, ref):
        data = _export(client, coordinateur, territoire)
        data["profils"] = {"REPERER_ORIENTER": {"1.1": 2}}
        data["validite_mois"] = 12
        r = _importer(client, coordinateur, territoire, data)
        assert r.status_code == 302
        v1, v2 = ReferentielLabel.objects.filter(territoire=territoire).order_by("version")
        assert v1.superseded_at is not None and v2.superseded_at is None and v2.version == 2
        assert v2.validite_mois == 12
        assert {p.niveau: p.exigences() for p in v2.profils.all()} == {"REPERER_ORIENTER": {"1.1": 2}}
        assert v1.profils.count() == 3  # l'ancienne version reste entière

    def test_import_page_is_linked_from_the_referential(self, client, coordinateur, territoire, ref):
        client.force_login(coordinateur)
        html = client.get(reverse("label:referentiel")).content.decode()
        assert reverse("label:referentiel_import") in html
        page = client.get(reverse("label:referentiel_import"))
        assert page.status_code == 200 and 'enctype="multipart/form-data"' in page.content.decode()


class TestRapport:
    def test_each_bad_key_is_named_and_nothing_is_written(self, client, coordinateur, territoire, ref):
        data = _export(client, coordinateur, territoire)
        data.update({
            "validite_mois": 99, "sources_acceptees": ["PIX_PROFIL", "DEVINE"], "pairs_autre_structure": "oui",
            "couleur": "bleu", "grille_posture": [],
        })  # fmt: skip
        data["profils"]["AIDER_URGENCE"]["4.2"] = 9
        data["profils"]["AIDER_URGENCE"]["9.9"] = 1
        data["profils"]["SUPER_HEROS"] = {}
        r = _importer(client, coordinateur, territoire, data)
        assert r.status_code == 200
        html = r.content.decode().replace("&#x27;", "'").replace("&quot;", '"')
        for attendu in (
            "« validite_mois » : un nombre entier de mois, de 1 à 60.",
            "« sources_acceptees » : source inconnue DEVINE",
            "« pairs_autre_structure » : true ou false attendu.",
            "« couleur » : clé inconnue",
            "« grille_posture » : La grille de posture a au moins un critère.",
            "« profils.AIDER_URGENCE.4.2 » : un niveau entier de 0 à 8",
            "« profils.AIDER_URGENCE.9.9 » : compétence inconnue",
            "« profils.SUPER_HEROS » : niveau d'intervention inconnu",
        ):
            assert attendu in html, attendu
        assert ReferentielLabel.objects.filter(territoire=territoire).count() == 1  # rien d'écrit
        assert not JournalLabel.objects.filter(event=LabelEvent.REFERENTIEL_PUBLIE, referentiel__version=2).exists()

    @pytest.mark.parametrize(
        ("contenu", "message"),
        [
            (b"{pas du json", "n'est pas du JSON valide"),
            (b"[1, 2]", "un objet JSON"),
            ("\xff\xfe".encode("latin-1"), "UTF-8"),
            (b"{}", "« grille_posture » : clé manquante."),
            (b" " * (services.MAX_IMPORT_OCTETS + 1), "dépasse"),
        ],
    )
    def test_unreadable_files_refused_in_french(self, client, coordinateur, territoire, ref, contenu, message):
        r = _importer(client, coordinateur, territoire, contenu)
        assert r.status_code == 200
        assert message in r.content.decode().replace("&#x27;", "'")
        assert ReferentielLabel.objects.filter(territoire=territoire).count() == 1

    def test_missing_file(self, client, coordinateur, territoire):
        client.force_login(coordinateur)
        r = client.post(reverse("label:referentiel_import"), {"territoire": territoire.slug})
        assert "Choisissez le fichier JSON du référentiel." in r.content.decode()


class TestDroits:
    @pytest.mark.parametrize("role", [Role.GESTIONNAIRE, Role.MEDIATEUR, Role.COMMANDITAIRE])
    def test_not_coordination_refused(self, client, role, structure, territoire, ref):
        user = MembershipFactory(role=role, structure=structure,
                                 **({"territoire": territoire} if role == Role.COMMANDITAIRE else {})).user  # fmt: skip
        client.force_login(user)
        r = client.post(reverse("label:referentiel_import"), {"territoire": territoire.slug,
                                                               "fichier": _fichier({"profils": {}})})  # fmt: skip
        assert r.status_code == 403
        assert ReferentielLabel.objects.count() == 1

    def test_other_territory_is_404(self, client, coordinateur, territoire, ailleurs):
        autre, _ = ailleurs
        r = _importer(client, coordinateur, autre, {"grille_posture": ["Écoute"], "profils": {}})
        assert r.status_code == 404
        assert not ReferentielLabel.objects.filter(territoire=autre).exists()

    def test_service_rechecks_the_rule(self, coordinateur, ailleurs):
        from django.core.exceptions import PermissionDenied

        autre, _ = ailleurs
        with pytest.raises(PermissionDenied):
            services.import_referentiel(
                territoire=autre, by=coordinateur, contenu=b'{"grille_posture": ["x"], "profils": {}}'
            )
