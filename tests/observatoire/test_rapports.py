"""Le rapport mensuel d'un territoire : écran, PDF, CSV et XLSX portent les mêmes chiffres (comparés ici, le PDF
lu par son texte réel) ; sections des missions des hubs ; PDF balisé avec l'empreinte de tête de chaque journal ;
404 hors de la coordination du territoire, pour un mois à venir ou impossible."""

import csv
import datetime
import io
import re
import zlib

import openpyxl
import pytest
from django.urls import reverse
from django.utils import timezone

from maillage.core.journal import head_hash, journal_models
from maillage.orientations.enums import StatutOrientation
from tests.accompagnements.factories import AccompagnementFactory
from tests.lieux.factories import LieuFactory
from tests.orientations.factories import OrientationFactory

AUJOURDHUI = timezone.localdate()
MOIS = (AUJOURDHUI.replace(day=1) - datetime.timedelta(days=1)).replace(day=1)  # le mois dernier, terminé
M = f"{MOIS:%Y-%m}"


# --- Le texte d'un PDF de fpdf2 (police TrueType, codes de glyphes) relu par ses tables ToUnicode ---------------


def _objets(pdf: bytes) -> dict[int, bytes]:
    """Chaque objet (dictionnaire, puis son flux décompressé) ; le flux est lu sur sa longueur (/Length)."""
    objets, pos = {}, 0
    while m := re.compile(rb"(\d+) 0 obj").search(pdf, pos):
        debut_flux = pdf.find(b"stream", m.end())
        fin_objet = pdf.find(b"endobj", m.end())
        if debut_flux != -1 and debut_flux < fin_objet:
            entete = pdf[m.end() : debut_flux]
            longueur = int(re.search(rb"/Length (\d+)", entete).group(1))
            debut = debut_flux + len(b"stream") + (2 if pdf[debut_flux + 6 : debut_flux + 8] == b"\r\n" else 1)
            flux = pdf[debut : debut + longueur]
            objets[int(m.group(1))] = entete + (zlib.decompress(flux) if b"/FlateDecode" in entete else flux)
            pos = pdf.find(b"endobj", debut + longueur) + 6
        else:
            objets[int(m.group(1))] = pdf[m.end() : fin_objet]
            pos = fin_objet + 6
    return objets


def _cmap(flux: bytes) -> dict[int, str]:
    table = {}
    for bloc in re.findall(rb"beginbfchar(.*?)endbfchar", flux, re.S):
        for code, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", bloc):
            table[int(code, 16)] = bytes.fromhex(uni.decode()).decode("utf-16-be")
    for bloc in re.findall(rb"beginbfrange(.*?)endbfrange", flux, re.S):
        for a, b, uni in re.findall(rb"<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>\s*<([0-9A-Fa-f]+)>", bloc):
            for i in range(int(a, 16), int(b, 16) + 1):
                table[i] = chr(int(uni, 16) + i - int(a, 16))
    return table


def _chaine(brut: bytes) -> bytes:
    return re.sub(rb"\\(.)", lambda m: {b"r": b"\r", b"n": b"\n"}.get(m.group(1), m.group(1)), brut, flags=re.S)


def texte_pdf(pdf: bytes) -> str:
    """Les lignes du PDF dans l'ordre d'écriture, espaces normalisées."""
    objets = _objets(pdf)
    polices = {}
    for corps in objets.values():
        for nom, ref in re.findall(rb"/(F\d+) (\d+) 0 R", corps):
            police = objets.get(int(ref), b"")
            tu = re.search(rb"/ToUnicode (\d+) 0 R", police)
            polices[nom] = _cmap(objets[int(tu.group(1))]) if tu else None
    lignes = []
    for corps in objets.values():
        if b" Tj" not in corps:
            continue
        police = None
        for tf, brut in re.findall(rb"/(F\d+) [\d.]+ Tf|\(((?:\\.|[^\\)])*)\) Tj", corps, re.S):
            if tf:
                police = polices.get(tf)
                continue
            octets = _chaine(brut)
            if police is None:  # police standard (Courier) : latin-1
                lignes.append(octets.decode("latin-1"))
            else:
                lignes.append("".join(police.get(int.from_bytes(octets[i : i + 2]), "?")
                                      for i in range(0, len(octets), 2)))  # fmt: skip
    return "\n".join(" ".join(ligne.split()) for ligne in lignes)


def _norm(texte: str) -> str:
    return " ".join(str(texte).split())


# --- Données ---------------------------------------------------------------------------------------------------


@pytest.fixture
def activite(communes_49, structure):
    angers = communes_49["49007"]
    le = datetime.datetime.combine(
        MOIS + datetime.timedelta(days=3), datetime.time(10), timezone.get_current_timezone()
    )
    LieuFactory(published=True, commune_ref=angers, horaires="Mo-Sa 09:00-12:00", accepte_pass=True)
    LieuFactory(published=True, commune_ref=angers)
    for resultat, n in (("RESOLU", 6), ("NON", 5)):
        for _ in range(n):
            AccompagnementFactory(structure=structure, commune=angers, date=le.date(), resultat=resultat)
    AccompagnementFactory(structure=structure, commune=angers, date=le.date(), atelier=True)  # 8 participants
    AccompagnementFactory(structure=structure, commune=angers, date=MOIS - datetime.timedelta(days=1))  # hors mois
    lieu = LieuFactory(published=True, commune_ref=angers, structure=structure)
    for i in range(6):
        OrientationFactory(lieu=lieu, structure_destinataire=structure, created_at=le, statut=StatutOrientation.ACCEPTEE,
                           answered_at=le + datetime.timedelta(days=2 + i % 2))  # fmt: skip
    for _ in range(2):
        OrientationFactory(lieu=lieu, structure_destinataire=structure, created_at=le, statut=StatutOrientation.REFUSEE, motif_refus="COMPLET",
                           answered_at=le + datetime.timedelta(days=1))  # fmt: skip
    return angers


def _get(client, user, url):
    client.force_login(user)
    return client.get(url)


def _url(nom, mois=M, slug="anjou-test"):
    return reverse(f"observatoire:{nom}", kwargs={"slug": slug, "mois": mois})


# --- Les mêmes chiffres partout -----------------------------------------------------------------------------------


def test_ecran_pdf_csv_xlsx_memes_chiffres(client, coordinateur, activite):
    client.force_login(coordinateur)
    page = client.get(_url("rapport"))
    assert page.status_code == 200
    html = page.content.decode()
    r_csv = client.get(_url("rapport_csv"))
    assert r_csv["Content-Type"].startswith("text/csv")
    lignes = list(csv.reader(io.StringIO(r_csv.content.decode("utf-8-sig")), delimiter=";"))
    assert lignes[0] == ["Territoire", "Mois", "Section", "Code", "Chiffre", "Valeur", "Unité"]
    classeur = openpyxl.load_workbook(io.BytesIO(client.get(_url("rapport_xlsx")).content))
    xlsx = [[c if c is not None else "" for c in row] for row in classeur.active.iter_rows(values_only=True)]
    r_pdf = client.get(_url("rapport_pdf"))
    assert r_pdf["Content-Type"] == "application/pdf"
    pdf = texte_pdf(r_pdf.content)

    attendu = {}
    for (terr, mois, section, code, libelle, valeur, unite), ligne_xlsx in zip(lignes[1:], xlsx[1:], strict=True):
        assert terr == "Anjou test" and mois == M
        # Le XLSX a les mêmes cellules, les nombres restés des nombres.
        assert ligne_xlsx[:5] == [terr, mois, section, code, libelle] and ligne_xlsx[6] == unite
        cellule = ligne_xlsx[5]
        assert cellule == valeur if isinstance(cellule, str) else float(cellule) == float(valeur)
        masque = valeur in ("< 5", "—")
        texte = valeur if masque or unite in ("", "euros") else f"{valeur} {unite.replace('pour cent', '%')}"
        attendu[code] = (libelle, texte)
        # L'écran : la ligne du tableau de ce chiffre.
        cellule = re.search(rf'data-code="{code}">\s*<th scope="row">([^<]*)</th>\s*<td>([^<]*)</td>', html)
        assert cellule, code
        assert _norm(cellule.group(1)) == _norm(libelle.replace("'", "&#x27;"))
        if unite != "euros":
            assert _norm(cellule.group(2)).replace("&lt;", "<") == _norm(texte), code
        # Le PDF : le libellé, puis la valeur.
        assert _norm(libelle) in pdf, code
    # Les valeurs du PDF, dans l'ordre du CSV (chaque valeur suit son libellé).
    valeurs_pdf = [v for v in (_norm(x) for x in pdf.split("\n"))]
    for code, (libelle, texte) in attendu.items():
        if code == "montant_encaisse":
            continue
        i = next(k for k, v in enumerate(valeurs_pdf) if _norm(libelle).startswith(v) and v)
        assert _norm(texte) in valeurs_pdf[i : i + 4], (code, valeurs_pdf[i : i + 4])

    # Les chiffres eux-mêmes : 12 séances du mois (pas celle d'avant), 6 + 5 + 8 personnes, parts masquées ou non.
    assert attendu["seances"][1] == "12" and attendu["personnes"][1] == "19"
    assert attendu["lieux_publies"][1] == "3" and attendu["lieux_pass"][1] == "1"
    assert attendu["part_resolu"][1] == "55 %" and attendu["part_non_resolu"][1] == "45 %"
    assert attendu["orientations_recues"][1] == "8"
    assert attendu["orientations_refusees"][1] == "< 5"  # 2 refus
    assert attendu["delai_reponse"][1] == "2 jours"  # 8 réponses : 1, 1, 2, 3, 2, 3, 2, 3 jours
    assert attendu["orientations_recues_closes"][1] == "0 %"
    assert attendu["delai_cloture"][1] == "—"  # aucune close : pas de délai
    assert attendu["cheques_encaisses"][1] == "0" and attendu["montant_encaisse"][1] == "0.00"
    assert "Montant des chèques encaissés" in html and "0,00" in html


def test_sections_des_missions_et_empreintes_dans_le_pdf(client, coordinateur, activite):
    contenu = _get(client, coordinateur, _url("rapport_pdf")).content
    texte = texte_pdf(contenu)
    for titre in ("1. Réseau", "2. Financement", "3. Mutualisation", "4. Évaluation", "Empreintes des journaux"):
        assert titre in texte
    for model in journal_models():
        assert head_hash(model) in texte.replace(" ", "").replace("\n", ""), model
    # Balisé : langue, arbre de structure, titres et paragraphes, signets ; titre affiché à la place du fichier.
    brut = b"".join(_objets(contenu).values())
    assert b"/Lang (fr-FR)" in brut and b"/StructTreeRoot" in brut and b"/Marked true" in brut
    assert b"/S /H1" in brut and b"/S /H2" in brut and b"/S /P" in brut
    assert b"/Outlines" in brut and b"/DisplayDocTitle true" in brut
    assert b"/Artifact BMC" in brut


def test_page_des_rapports_et_liens(client, coordinateur, charge):
    r = _get(client, coordinateur, reverse("observatoire:rapports", args=["anjou-test"]))
    assert r.status_code == 200
    html = r.content.decode()
    assert _url("rapport") in html and _url("rapport_pdf") in html and _url("rapport_xlsx") in html
    # Les liens en bas de l'index et des panneaux de l'observatoire.
    index = client.get(reverse("observatoire:index")).content.decode()
    assert reverse("observatoire:rapports", args=["anjou-test"]) in index
    assert reverse("observatoire:chiffres", args=["anjou-test"]) in index
    assert reverse("observatoire:donnees_ouvertes", args=["anjou-test"]) in index


@pytest.mark.parametrize("nom", ["rapport", "rapport_pdf", "rapport_csv", "rapport_xlsx"])
def test_404_hors_de_la_coordination_du_territoire(client, nom, coordinateur_autre, financeur, mediateur,
                                                   autre_territoire):  # fmt: skip
    for user in (coordinateur_autre, financeur, mediateur):
        assert _get(client, user, _url(nom)).status_code == 404
    client.logout()
    assert client.get(_url(nom)).status_code in (302, 404)  # sans compte : la connexion d'abord
    assert _get(client, coordinateur_autre, _url(nom, slug="mauges-test")).status_code == 200
    assert _get(client, coordinateur_autre, _url(nom, slug="inconnu")).status_code == 404


def test_mois_a_venir_ou_impossible(client, coordinateur):
    client.force_login(coordinateur)
    suivant = (AUJOURDHUI.replace(day=28) + datetime.timedelta(days=5)).replace(day=1)
    assert client.get(_url("rapport", f"{suivant:%Y-%m}")).status_code == 404
    en_cours = client.get(_url("rapport", f"{AUJOURDHUI:%Y-%m}"))  # le mois en cours, partiel : dit comme tel
    assert f"Mois en cours : chiffres arrêtés au {AUJOURDHUI:%d/%m/%Y}" in en_cours.content.decode()
    assert "Mois en cours" in texte_pdf(client.get(_url("rapport_pdf", f"{AUJOURDHUI:%Y-%m}")).content)
    assert "Mois en cours" not in client.get(_url("rapport")).content.decode()
    assert client.get(f"/observatoire/territoires/anjou-test/rapports/{AUJOURDHUI.year}-13/").status_code == 404
    assert client.get("/observatoire/territoires/anjou-test/rapports/1999-01/").status_code == 404
    assert client.get("/observatoire/territoires/anjou-test/rapports/2026-1/").status_code == 404
