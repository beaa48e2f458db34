import datetime

import pytest
from django.core.exceptions import PermissionDenied, ValidationError

from maillage.annuaire import selectors, services
from maillage.annuaire.enums import AnnuaireEvent, RoleReseau, StatutAction
from maillage.annuaire.models import JournalAnnuaire
from tests.annuaire.conftest import ALPHA, BETA, GAMMA
from tests.comptes.factories import StructureFactory
from tests.lieux.factories import LieuFactory


class TestActeur:
    def test_perimetre_epci_and_communes_served_distinct_from_address(self, acteur, communes):
        assert set(acteur.communes_servies.values_list("pk", flat=True)) == {communes["a1"].pk, communes["a2"].pk}
        journal = list(JournalAnnuaire.objects.values_list("event", "acteur_id", "details"))
        assert journal == [(AnnuaireEvent.CREATED, acteur.pk, {"communes": 0, "epcis": [ALPHA],
                                                                 "roles": ["LIEU_MEDIATION"]})]  # fmt: skip

    def test_overlapping_perimeters_allowed(self, acteur, territoire, autre_structure, coordinateur, communes):
        autre = services.save_acteur(by=coordinateur, territoire=territoire, structure=autre_structure,
                                     roles=[RoleReseau.PRESCRIPTEUR], communes=[communes["a2"], communes["b1"]])  # fmt: skip
        servant = selectors.recherche_acteurs(commune=communes["a2"].pk)
        assert set(servant) == {acteur, autre}

    def test_commune_outside_territory_refused_and_nothing_written(self, territoire, structure, coordinateur,
                                                                     communes):  # fmt: skip
        with pytest.raises(ValidationError) as e:
            services.save_acteur(by=coordinateur, territoire=territoire, structure=structure,
                                 roles=[RoleReseau.LIEU_MEDIATION], communes=[communes["hors"]])  # fmt: skip
        assert "Ailleurs" in str(e.value) and "Hors du territoire Département test" in str(e.value)
        assert not JournalAnnuaire.objects.exists()

    def test_epci_outside_territory_refused(self, territoire, structure, coordinateur):
        with pytest.raises(ValidationError, match="Aucune commune de l'EPCI 200000009"):
            services.save_acteur(by=coordinateur, territoire=territoire, structure=structure,
                                 roles=[RoleReseau.LIEU_MEDIATION], epcis=[GAMMA])  # fmt: skip

    def test_unknown_role_and_no_role_refused(self, territoire, structure, coordinateur):
        with pytest.raises(ValidationError, match="Valeur inconnue : PIRATE"):
            services.save_acteur(by=coordinateur, territoire=territoire, structure=structure, roles=["PIRATE"])
        with pytest.raises(ValidationError, match="au moins une valeur"):
            services.save_acteur(by=coordinateur, territoire=territoire, structure=structure, roles=[])

    def test_only_coordination_creates(self, territoire, structure, aidant):
        with pytest.raises(PermissionDenied):
            services.save_acteur(by=aidant, territoire=territoire, structure=structure, roles=["HUB"])

    def test_archive_keeps_history(self, acteur, coordinateur):
        services.archive_acteur(acteur=acteur, by=coordinateur)
        acteur.refresh_from_db()
        assert acteur.archived_at and not selectors.recherche_acteurs().exists()
        assert list(JournalAnnuaire.objects.values_list("event", flat=True)) == ["CREATED", "ARCHIVED"]


class TestPerimetreLieu:
    def test_communes_servies_selector(self, territoire, coordinateur, communes):
        lieu, autre = LieuFactory(), LieuFactory()
        services.set_perimetre_lieu(lieu=lieu, territoire=territoire, communes=[], epcis=[BETA], by=coordinateur)
        assert selectors.communes_servies([lieu.pk, autre.pk]) == {lieu.pk: {communes["b1"].pk}}
        assert selectors.lieux_servant([lieu.pk, autre.pk], communes["b1"].pk) == {lieu.pk}
        assert JournalAnnuaire.objects.get().lieu_id == lieu.pk


class TestPoste:
    def test_end_before_start_refused(self, poste_kwargs, coordinateur):
        poste_kwargs["fin_financement"] = datetime.date(2024, 12, 31)
        with pytest.raises(ValidationError, match="La fin du financement doit suivre son début"):
            services.create_poste(by=coordinateur, **poste_kwargs)

    def test_name_only_with_consent(self, poste_kwargs, coordinateur):
        poste = services.create_poste(by=coordinateur, personne_nom="Sonia", **poste_kwargs)
        assert poste.personne_nom == "" and poste.epcis_servis == [ALPHA]
        poste = services.create_poste(by=coordinateur, personne_nom="Sonia", personne_accord=True, **poste_kwargs)
        assert poste.personne_nom == "Sonia"

    def test_overlap_ending_soon_and_coverage(self, poste_kwargs, coordinateur, territoire, communes):
        today = datetime.date(2026, 11, 1)
        services.create_poste(by=coordinateur, **poste_kwargs)
        autre = StructureFactory(commune=communes["a2"])
        services.create_poste(by=coordinateur, **{**poste_kwargs, "employeur": autre,
                                                  "fin_financement": datetime.date(2027, 3, 1)})  # fmt: skip
        services.create_poste(by=coordinateur, **{**poste_kwargs, "epcis": [BETA],
                                                  "fin_financement": datetime.date(2028, 1, 1)})  # fmt: skip
        doublons = selectors.doublons(territoire, today)
        assert [(d["epci"], d["public"], len(d["postes"])) for d in doublons] == [("CC Alpha", "Personnes âgées", 2)]
        assert len(selectors.fins_prochaines(territoire, today)) == 2  # 1er janvier et 1er mars 2027
        couverture = {ligne["epci"]: ligne for ligne in selectors.couverture_epci(territoire, today, masquer=True)}
        assert couverture["CC Alpha"]["postes"] == "< 5" and couverture["CC Alpha"]["etp"] == "—"
        exact = {ligne["epci"]: ligne for ligne in selectors.couverture_epci(territoire, today, masquer=False)}
        assert exact["CC Alpha"]["postes"] == 2 and exact["CC Alpha"]["etp"] == "2,0"


class TestFeuille:
    def _feuille(self, territoire, coordinateur):
        f = services.create_feuille(territoire=territoire, titre="Feuille", by=coordinateur)
        axe = services.add_axe(feuille=f, titre="Axe", by=coordinateur)
        action = services.add_action(axe=axe, titre="Action", by=coordinateur)
        return f, action

    def test_transitions(self, territoire, coordinateur):
        _f, action = self._feuille(territoire, coordinateur)
        with pytest.raises(ValidationError, match="impossible de passer de « À lancer » à « Terminée »"):
            services.change_action_statut(action=action, statut=StatutAction.TERMINEE, by=coordinateur)
        services.change_action_statut(action=action, statut=StatutAction.EN_COURS, by=coordinateur)
        services.change_action_statut(action=action, statut=StatutAction.TERMINEE, by=coordinateur)
        with pytest.raises(ValidationError, match="déjà dans l'état"):
            services.change_action_statut(action=action, statut=StatutAction.TERMINEE, by=coordinateur)

    @pytest.mark.parametrize("actuel", list(StatutAction))
    def test_every_transition_pair(self, territoire, coordinateur, actuel):
        from maillage.annuaire.enums import TRANSITIONS_ACTION

        _f, action = self._feuille(territoire, coordinateur)
        for nouveau in StatutAction:
            action.statut = actuel
            if nouveau in TRANSITIONS_ACTION[actuel]:
                services.change_action_statut(action=action, statut=nouveau, by=coordinateur)
            else:
                with pytest.raises(ValidationError):
                    services.change_action_statut(action=action, statut=nouveau, by=coordinateur)

    def test_published_version_frozen_and_next_copies(self, territoire, coordinateur):
        f, action = self._feuille(territoire, coordinateur)
        services.add_indicateur(action=action, libelle="Lieux", chiffre="lieux_publies", by=coordinateur)
        services.publish_feuille(feuille=f, by=coordinateur)
        with pytest.raises(ValidationError, match="La version 1 est publiée"):
            services.add_axe(feuille=f, titre="Autre", by=coordinateur)
        with pytest.raises(ValidationError, match="publiée"):
            services.change_action_statut(action=action, statut=StatutAction.EN_COURS, by=coordinateur)
        v2 = services.create_feuille(territoire=territoire, titre="Feuille", by=coordinateur)
        assert v2.version == 2 and v2.axes.get().actions.get().indicateurs.get().chiffre == "lieux_publies"

    def test_unknown_figure_refused_then_shown_unavailable(self, territoire, coordinateur):
        from maillage.annuaire.models import Indicateur

        f, action = self._feuille(territoire, coordinateur)
        with pytest.raises(ValidationError, match="n'existe pas"):
            services.add_indicateur(action=action, libelle="X", chiffre="disparu", by=coordinateur)
        Indicateur.objects.create(action=action, libelle="Ancien", chiffre="disparu")
        services.add_indicateur(action=action, libelle="Acteurs", chiffre="acteurs_annuaire", by=coordinateur)
        axes = selectors.feuille_complete(f, datetime.date(2026, 11, 1))
        textes = [i.texte for i in axes[0].actions.all()[0].indicateurs.all()]
        assert textes == ["indicateur indisponible", "0"]

    def test_broken_figure_never_crashes(self, territoire, coordinateur, monkeypatch):
        from maillage.annuaire import indicateurs

        def casse(territoire, today):
            raise RuntimeError("base indisponible")

        monkeypatch.setitem(indicateurs.REGISTRE, "acteurs_annuaire", indicateurs.Chiffre("Acteurs", casse))
        f, action = self._feuille(territoire, coordinateur)
        services.add_indicateur(action=action, libelle="Acteurs", chiffre="acteurs_annuaire", by=coordinateur)
        axes = selectors.feuille_complete(f, datetime.date(2026, 11, 1))
        assert axes[0].actions.all()[0].indicateurs.all()[0].texte == "indicateur indisponible"
