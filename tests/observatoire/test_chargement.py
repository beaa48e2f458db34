"""Chargement des indicateurs publics : la commande (fichier livré ou `--fichier`), idempotente, tout ou rien, un
journal en ajout seul ; la démonstration passe par le même service."""

from decimal import Decimal
from io import StringIO

import pytest
from django.core.exceptions import ValidationError
from django.core.management import CommandError, call_command

from maillage.observatoire import catalogue
from maillage.observatoire.models import Indicateur, JournalObservatoire, ValeurIndicateur


def _valeur(code, commune):
    return ValeurIndicateur.objects.get(indicateur__code=code, commune_id=commune).valeur


def test_commande_charge_le_fichier_livre_et_imprime_les_comptes(communes_49):
    out = StringIO()
    call_command("charger_indicateurs", stdout=out)
    texte = out.getvalue()
    assert "173 lignes lues" in texte
    # Deux communes de 2020 n'existent plus dans le COG 2026 du référentiel.
    assert "2 commune(s) absente(s) du référentiel ignorée(s)" in texte
    assert "6 indicateurs" in texte
    assert set(Indicateur.objects.values_list("code", flat=True)) == {d.code for d in catalogue.PUBLICS}
    assert _valeur("ifn-score-global", "49007") == Decimal("129.35")
    assert _valeur("part-65-ans-et-plus", "49007") == Decimal("20.57")
    ifn = Indicateur.objects.get(code="ifn-score-global")
    assert ifn.territoire is None and ifn.annee == 2020 and ifn.plus_haut_plus_fragile
    assert "100 = la moyenne du département" in ifn.methode
    # Pauvreté : secret statistique, peu de communes renseignées.
    assert ValeurIndicateur.objects.filter(indicateur__code="taux-pauvrete").count() < 80


def test_recharger_ne_change_rien(communes_49):
    call_command("charger_indicateurs", stdout=StringIO())
    n = ValeurIndicateur.objects.count()
    out = StringIO()
    call_command("charger_indicateurs", stdout=out)
    assert "valeurs : 0 créées, 0 modifiées" in out.getvalue()
    assert f"{n} inchangées" in out.getvalue()
    assert ValeurIndicateur.objects.count() == n
    assert JournalObservatoire.objects.filter(event="CHARGEMENT").count() == 2


def test_fichier_national_met_a_jour_les_valeurs(communes_49, tmp_path):
    call_command("charger_indicateurs", stdout=StringIO())
    f = tmp_path / "national.csv"
    f.write_text("code_insee,nom_commune,ifn_score_global,tx_65etplus\n49007,Angers,130,20.57\n", encoding="utf-8")
    out = StringIO()
    call_command("charger_indicateurs", fichier=f, stdout=out)
    assert "1 lignes lues" in out.getvalue() and "1 modifiées, 1 inchangées" in out.getvalue()
    assert _valeur("ifn-score-global", "49007") == Decimal("130")


def test_valeur_illisible_rien_n_est_charge(communes_49, tmp_path):
    f = tmp_path / "national.csv"
    f.write_text("code_insee,ifn_score_global\n49007,12\n49015,douze\n", encoding="utf-8")
    with pytest.raises(CommandError, match="ligne 3, colonne « ifn_score_global » : « douze » n'est pas un nombre"):
        call_command("charger_indicateurs", fichier=f, stdout=StringIO())
    assert not ValeurIndicateur.objects.exists() and not Indicateur.objects.exists()
    assert not JournalObservatoire.objects.exists()


def test_fichier_introuvable_ou_sans_code(communes_49, tmp_path):
    with pytest.raises(CommandError, match="introuvable"):
        call_command("charger_indicateurs", fichier=tmp_path / "absent.csv", stdout=StringIO())
    f = tmp_path / "sans-code.csv"
    f.write_text("insee,ifn_score_global\n49007,12\n", encoding="utf-8")
    with pytest.raises(CommandError, match="code_insee"):
        call_command("charger_indicateurs", fichier=f, stdout=StringIO())


def test_journal_en_ajout_seul(charge):
    ligne = JournalObservatoire.objects.get()
    assert ligne.details["creees"] == charge.valeurs.creees > 0 and ligne.hash
    with pytest.raises(ValidationError):
        JournalObservatoire.objects.update(event="X")
    with pytest.raises(ValidationError):
        ligne.delete()


def test_declencheurs_refusent_la_modification_en_sql(charge):
    from django.db import DatabaseError, connection, transaction

    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("UPDATE observatoire_journalobservatoire SET event = 'X'")


def test_demo_passe_par_le_meme_service(communes_49):
    from maillage.core.demo import DemoContext
    from maillage.observatoire import demo

    out = StringIO()
    demo.load(DemoContext(stdout=out))
    assert "6 indicateurs publics" in out.getvalue()
    assert _valeur("ifn-score-global", "49007") == Decimal("129.35")
