"""Fabrique `indicateurs-demo.csv` (départements de démonstration) à partir des fichiers publiés (voir README.md).

À lancer à la main, une fois, depuis la racine du dépôt ; rien ne l'appelle pendant que Maillage tourne :

    .venv/bin/python maillage/observatoire/data/deriver_indicateurs.py /chemin/vers/fragilite-numerique 49 \
        > maillage/observatoire/data/indicateurs-demo.csv

Le même script, sans liste de départements, produit le fichier national au même format (pour
`manage.py charger_indicateurs --fichier`).
"""

import csv
import sys
from pathlib import Path

COLONNES = ["code_insee", "nom_commune", "ifn_score_global", "tx_65etplus", "tx_nscol15p", "tx_menseul",
            "tx_non_thd", "tx_pauvrete"]  # fmt: skip


def _lire(path: Path, cle: str, colonne: str) -> dict[str, str]:
    with path.open(encoding="utf-8") as fh:
        return {r[cle].zfill(5): r[colonne] for r in csv.DictReader(fh) if r.get(colonne, "").strip()}


def _arrondi(valeur: str) -> str:
    return f"{float(valeur):.2f}" if valeur else ""


def main(racine: Path, departements: set[str]) -> None:
    brut = racine / "indicateurs-communes-dataforgood-2020"
    scol = brut / "data_scol_menage_demandeurEmplois.csv"
    colonnes = {
        "tx_65etplus": _lire(scol, "CODE_INSEE", "TX_65ETPLUS"),
        "tx_nscol15p": _lire(scol, "CODE_INSEE", "TX_NSCOL15P"),
        "tx_menseul": _lire(scol, "CODE_INSEE", "TX_MENSEUL"),
        "tx_non_thd": _lire(brut / "taux_couverture_THD.csv", "CODE_INSEE", "TAUX_COUVERTURE_THD"),
        "tx_pauvrete": _lire(brut / "taux_pauvrete.csv", "CODE_INSEE", "TX_POVERTY"),
    }
    out = csv.writer(sys.stdout, lineterminator="\n")
    out.writerow(COLONNES)
    with (racine / "ifn_mednum_2020_communes_derive.csv").open(encoding="utf-8") as fh:
        for r in csv.DictReader(fh):
            if departements and r["code_dep"] not in departements:
                continue
            code = r["code_insee"]
            out.writerow([code, r["nom_commune"], _arrondi(r["score_global__ref_departement"])]
                         + [_arrondi(colonnes[c].get(code, "")) for c in COLONNES[3:]])  # fmt: skip


if __name__ == "__main__":
    main(Path(sys.argv[1]), set(sys.argv[2:]))
