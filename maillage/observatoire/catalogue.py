"""Les indicateurs publics que Maillage sait charger : une colonne du fichier = un indicateur, avec ce qu'il faut
pour le lire (libellé simple, source, année, méthode, unité, sens). Fichiers et provenance : data/README.md."""

from dataclasses import dataclass
from pathlib import Path

FICHIER_DEMO = Path(__file__).resolve().parent / "data" / "indicateurs-demo.csv"

SOURCE_MEDNUM = "Indice de fragilité numérique, La MedNum et ANSA, 2020 (moyenne des IRIS de la commune)"
SOURCE_DFG = "Data For Good et La MedNum, 2020, d'après l'Insee"


@dataclass(frozen=True)
class DefinitionPublique:
    colonne: str
    code: str
    libelle: str
    source: str
    annee: int
    methode: str
    unite: str = "%"
    plus_haut_plus_fragile: bool = True


PUBLICS = [
    DefinitionPublique(
        "ifn_score_global", "ifn-score-global",
        "Indice de fragilité numérique (score global)", SOURCE_MEDNUM, 2020,
        "Indice « 4 axes » de 2020 : chaque indicateur de la commune est divisé par sa valeur moyenne dans le "
        "département, puis multiplié par 100 ; le score global est la moyenne des axes (accès aux interfaces "
        "numériques, accès à l'information, compétences administratives, compétences numériques). 100 = la "
        "moyenne du département. Valeur de la commune : moyenne de ses IRIS pondérée par leur population "
        "(approximation faite pour Maillage, pas le chiffre communal de La MedNum).",
        unite="points (100 = moyenne du département)",
    ),
    DefinitionPublique(
        "tx_65etplus", "part-65-ans-et-plus", "Part des personnes de 65 ans et plus", SOURCE_DFG + " (RP 2017)", 2017,
        "Personnes de 65 ans et plus parmi les personnes de 15 ans et plus (recensement 2017).",
    ),
    DefinitionPublique(
        "tx_nscol15p", "part-peu-diplomes", "Part des personnes sans diplôme ou peu diplômées",
        SOURCE_DFG + " (RP 2017)", 2017,
        "Personnes de 15 ans et plus qui ne sont plus scolarisées et n'ont pas le baccalauréat (aucun diplôme, "
        "brevet, CAP ou BEP), parmi les 15 ans et plus non scolarisés (recensement 2017).",
    ),
    DefinitionPublique(
        "tx_menseul", "part-menages-une-personne", "Part des ménages d'une seule personne",
        SOURCE_DFG + " (RP 2017)", 2017,
        "Ménages d'une seule personne parmi tous les ménages (recensement 2017).",
    ),
    DefinitionPublique(
        "tx_non_thd", "part-sans-tres-haut-debit", "Part des logements et locaux sans internet à 30 Mbit/s",
        "Arcep, « Ma connexion internet », septembre 2019 (via Data For Good)", 2019,
        "Locaux qui ne peuvent pas recevoir internet à 30 Mbit/s ou plus, toutes technologies, parmi tous les "
        "locaux de la commune.",
    ),
    DefinitionPublique(
        "tx_pauvrete", "taux-pauvrete", "Taux de pauvreté", "Insee, Filosofi (via Data For Good)", 2020,
        "Part des ménages dont le revenu est inférieur à 60 % du revenu médian. L'année est celle du fichier "
        "compilé (2020) : la source ne précise pas le millésime Filosofi. Publié seulement pour les communes "
        "assez peuplées (secret statistique) : la plupart des petites communes n'ont pas de valeur.",
    ),
]  # fmt: skip
