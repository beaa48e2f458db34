"""Une coordination dépose son propre indicateur (CSV code INSEE, valeur, année, source) : rapport par ligne,
rien de chargé à moitié, encodages et virgules des tableurs acceptés, règle vérifiée dans le service."""

from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from maillage.observatoire import services
from maillage.observatoire.models import Indicateur, JournalObservatoire, ValeurIndicateur

OK = "code_insee;valeur;annee;source\n49007;12,5;2024;CAF 49\n49015;8;2024;CAF 49\n49328;3,25 %;2023;CAF 49\n"


def _deposer(user, territoire, contenu, libelle="Allocataires sans internet"):
    return services.deposer_indicateur(territoire=territoire, by=user, libelle=libelle, unite="%", methode="",
                                       plus_haut_plus_fragile=True, contenu=contenu)  # fmt: skip


def _messages(exc) -> list[str]:
    return [str(e) for e in exc.value.erreurs]


def test_depot_virgule_decimale_et_journal(coordinateur, territoire):
    depot = _deposer(coordinateur, territoire, OK.encode())
    ind = depot.indicateur
    assert ind.territoire == territoire and ind.code == "allocataires-sans-internet" and ind.annee == 2024
    assert ind.source == "CAF 49"
    valeurs = {(v.commune_id, v.annee): v.valeur for v in ind.valeurs.all()}
    assert valeurs == {("49007", 2024): Decimal("12.5"), ("49015", 2024): Decimal("8"),
                       ("49328", 2023): Decimal("3.25")}  # fmt: skip
    j = JournalObservatoire.objects.get(event="DEPOT")
    assert j.actor == coordinateur and j.indicateur == ind and j.details["creees"] == 3


def test_redeposer_met_a_jour_sans_doublon(coordinateur, territoire):
    _deposer(coordinateur, territoire, OK.encode())
    depot = _deposer(coordinateur, territoire, OK.replace("12,5", "13").encode())
    assert (depot.valeurs.creees, depot.valeurs.modifiees, depot.valeurs.inchangees) == (0, 1, 2)
    assert Indicateur.objects.count() == 1 and ValeurIndicateur.objects.count() == 3


def test_fichier_windows_1252_accepte(coordinateur, territoire):
    contenu = "code_insee;valeur;année;source\n49007;1,5;2024;Département, enquête\n".encode("cp1252")
    depot = _deposer(coordinateur, territoire, contenu)
    assert depot.encodage == "windows-1252" and depot.indicateur.source == "Département, enquête"


def test_bom_et_virgule_separateur_et_zero_perdu(coordinateur, territoire):
    contenu = '\ufeffCode INSEE,Valeur,Annee,Source\n49007,"1,5",2024,Insee\n'.encode()
    assert _deposer(coordinateur, territoire, contenu).indicateur.valeurs.get().valeur == Decimal("1.5")


def test_rapport_par_ligne_et_rien_de_charge(coordinateur, territoire):
    contenu = (
        b"code_insee;valeur;annee;source\n"
        b"49007;12,5;2024;CAF\n"  # 2 : bonne
        b"99999;1;2024;CAF\n"  # 3 : code inconnu
        b"49099;1;2024;CAF\n"  # 4 : Cholet, hors du territoire
        b"49007;4;2024;CAF\n"  # 5 : doublon de la ligne 2
        b"49015;abc;2024;CAF\n"  # 6 : valeur
        b"49015;1;2035;CAF\n"  # 7 : année inconnue
        b"49328;1;2024;\n"  # 8 : source manquante
        b"4900;1;2024;CAF\n"  # 9 : code mal formé (4 chiffres complétés : 04900, inconnu)
    )
    with pytest.raises(services.DepotRefuse) as exc:
        _deposer(coordinateur, territoire, contenu)
    m = _messages(exc)
    assert "Ligne 3, colonne « code INSEE » : aucune commune ne porte le code INSEE « 99999 »." in m
    assert "Ligne 4, colonne « code INSEE » : Cholet (49099) n'est pas dans le territoire Anjou test." in m
    assert "Ligne 5, colonne « code INSEE » : Angers (49007) figure déjà ligne 2 pour l'année 2024." in m
    assert any(e.startswith("Ligne 6, colonne « valeur » : « abc » n'est pas un nombre") for e in m)
    assert any(e.startswith("Ligne 7, colonne « année » : année « 2035 » inconnue") for e in m)
    assert any(e.startswith("Ligne 8, colonne « source »") for e in m)
    assert any(e.startswith("Ligne 9, colonne « code INSEE »") for e in m)
    assert exc.value.total == 7
    assert not Indicateur.objects.exists() and not ValeurIndicateur.objects.exists()
    assert not JournalObservatoire.objects.exists()


def test_encodage_melange_nomme_ligne_et_colonne(coordinateur, territoire):
    contenu = ("code_insee;valeur;annee;source\n49007;1;2024;Département\n".encode()
               + "49015;2;2024;Enquête été\n".encode("cp1252"))  # fmt: skip
    with pytest.raises(services.DepotRefuse) as exc:
        _deposer(coordinateur, territoire, contenu)
    assert _messages(exc) == [
        "Ligne 3, colonne « source » : caractères illisibles (encodage). Enregistrez le fichier en « CSV UTF-8 » "
        "depuis votre tableur et déposez-le à nouveau."
    ]
    assert not ValeurIndicateur.objects.exists()


@pytest.mark.parametrize(
    "contenu, attendu",
    [
        (b"PK\x03\x04\x00\x00binaire", "n'est pas un CSV"),
        (b"", "vide"),
        (b"commune;chiffre\n49007;1\n", "Colonnes manquantes : code INSEE, valeur, année, source"),
        (b"code_insee;valeur;annee;source\n", "aucune ligne"),
    ],
)
def test_fichier_refuse_en_entier(coordinateur, territoire, contenu, attendu):
    with pytest.raises(services.DepotRefuse) as exc:
        _deposer(coordinateur, territoire, contenu)
    assert attendu in _messages(exc)[0]


def test_regle_verifiee_dans_le_service(financeur, coordinateur_autre, mediateur, territoire):
    for user in (financeur, coordinateur_autre, mediateur):
        with pytest.raises(PermissionDenied):
            _deposer(user, territoire, OK.encode())
    assert not Indicateur.objects.exists()


def test_indicateur_d_un_territoire_reste_au_territoire(coordinateur, territoire, autre_territoire):
    _deposer(coordinateur, territoire, OK.encode())
    assert Indicateur.objects.lisibles(territoire).count() == 1
    assert Indicateur.objects.lisibles(autre_territoire).count() == 0


@pytest.mark.parametrize(
    "contenu, attendu",
    [
        (b"code_insee;valeur;annee;source\n49007;1;2024;CA\x00F\n" + b"x" * 9000, "Ce fichier n'est pas un CSV"),
        (
            b"code_insee;valeur;annee;source\n" + b"\n" * 9000 + b"49015;1;2024;CA\x00F\n",
            "Ligne 9002, colonne « source » : la source contient un caractère invisible non autorisé (U+0000",
        ),
        # Cellule géante : refusée par le module csv (« CSV mal formé ») ou, si un autre import du même processus a
        # relevé `csv.field_size_limit` (celui des lieux le fait), par la longueur de la source ; la ligne est nommée.
        (b"code_insee;valeur;annee;source\n49007;1;2024;" + b"x" * 200_000 + b"\n", "Ligne 2"),
    ],
)
def test_csv_casse_refuse_sans_erreur_500(coordinateur, territoire, contenu, attendu):
    with pytest.raises(services.DepotRefuse) as exc:
        _deposer(coordinateur, territoire, contenu)
    assert _messages(exc)[0].startswith(attendu)
