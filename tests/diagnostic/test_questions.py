"""Le moteur de questions : des données versionnées, un résultat en mots, jamais un score."""

import pytest

from maillage.diagnostic.etat import Etat, EtatInvalide, lire
from maillage.diagnostic.questions import ACTUEL, DOMAINES_PIX, JE_NE_SAIS_PAS, QUESTIONNAIRES, resultat
from maillage.lieux.enums import Service


class TestQuestionnaire:
    def test_between_10_and_12_questions_each_with_je_ne_sais_pas(self):
        assert 10 <= len(ACTUEL) <= 12
        for q in ACTUEL.questions:
            assert q.tous_les_choix[-1].code == JE_NE_SAIS_PAS
            assert q.tous_les_choix[-1].libelle == "Je ne sais pas"
            assert q.picto_alt and q.picto

    def test_codes_are_unique(self):
        codes = [q.code for q in ACTUEL.questions]
        assert len(codes) == len(set(codes))
        for q in ACTUEL.questions:
            assert len({c.code for c in q.tous_les_choix}) == len(q.tous_les_choix)

    def test_every_mapping_is_a_known_service_or_pix_domain(self):
        for q in ACTUEL.questions:
            for c in q.choix:
                assert set(c.services) <= set(Service.values), (q.code, c.code)
                assert set(c.pix) <= set(DOMAINES_PIX), (q.code, c.code)

    def test_public_texts_have_no_point_median_nor_score_words(self):
        for q in ACTUEL.questions:
            textes = [q.texte, q.aide_lecture, q.picto_alt] + [t for c in q.choix for t in (c.libelle, c.sait, c.aide)]
            for t in textes:
                assert "·" not in t
                assert "retard" not in t.lower() and "score" not in t.lower()

    def test_covers_equipment_connection_uses_procedures_confidence_and_wish(self):
        codes = {q.code for q in ACTUEL.questions}
        assert {"APPAREIL", "CONNEXION", "DEMARCHE", "CONFIANCE", "SOUHAIT"} <= codes

    def test_version_registered(self):
        assert QUESTIONNAIRES[ACTUEL.version] is ACTUEL


class TestResultat:
    def test_words_needs_pix_and_level(self):
        res = resultat(
            ACTUEL,
            {"APPAREIL": "TELEPHONE", "COURRIEL": "JAMAIS", "DEMARCHE": "AVEC_AIDE", "ARNAQUES": "NON",
             "MOTS_DE_PASSE": "JAMAIS", "SOUHAIT": "AVEC"},
        )  # fmt: skip
        assert "avoir un téléphone pour aller sur internet" in res.sait
        assert "apprendre à reconnaître les arnaques" in res.aides
        # Sécurité demandée deux fois : en tête.
        assert res.services[0] == Service.USAGE_SECURISE
        assert set(res.services) == {Service.USAGE_SECURISE, Service.OUTILS_QUOTIDIEN, Service.AIDE_DEMARCHES}
        assert res.pix == ["1", "2", "4"]
        assert res.niveau_libelle == "le faire avec quelqu'un"

    def test_je_ne_sais_pas_adds_nothing(self):
        res = resultat(ACTUEL, {q.code: JE_NE_SAIS_PAS for q in ACTUEL.questions})
        assert res.sait == [] and res.aides == [] and res.services == [] and res.nb_reponses == len(ACTUEL)

    def test_unknown_answers_are_ignored(self):
        res = resultat(ACTUEL, {"APPAREIL": "FUSEE", "INCONNUE": "X"})
        assert res.nb_reponses == 0


class TestEtat:
    def test_round_trip(self):
        etat = Etat().repondre("APPAREIL", "AUCUN")
        assert lire(etat.jeton()).reponses == {"APPAREIL": "AUCUN"}

    def test_forged_token_refused_with_words(self):
        jeton = Etat().repondre("APPAREIL", "AUCUN").jeton()
        with pytest.raises(EtatInvalide, match="recommencer"):
            lire(jeton[:-3] + "abc")

    def test_unknown_answer_refused(self):
        with pytest.raises(EtatInvalide):
            Etat().repondre("APPAREIL", "FUSEE")

    def test_retired_version_asks_to_start_again(self):
        from django.core import signing

        from maillage.diagnostic.etat import SALT

        with pytest.raises(EtatInvalide, match="changé"):
            lire(signing.dumps({"v": "1999-01", "r": {}}, salt=SALT))
