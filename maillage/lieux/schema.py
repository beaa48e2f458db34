"""Le schéma des lieux, déclaré une seule fois : champs du standard national v1.0.2 (dans l'ordre de l'export),
listes fermées, motifs, ancienne table v0 → v1, champs qu'un import ou une page peut écrire.

Le modèle (`models.py`), la validation et l'écriture (`services.py`), l'import (`importers/`), l'export
(`exporters.py`), les formulaires, l'API et la démonstration lisent ces listes ; aucun d'eux ne les recopie.
Référence : shared/docs/reference/standard-lieux.md (§3 pour la table v0 → v1).
"""

import re

from maillage.lieux import enums

# — Champs —

# Les 32 colonnes du standard v1.0.2, dans l'ordre du schéma : c'est l'ordre de l'export CSV.
STANDARD_FIELDS = [
    "id", "pivot", "nom", "commune", "code_postal", "code_insee", "adresse", "complement_adresse", "latitude",
    "longitude", "typologie", "telephone", "courriels", "site_web", "horaires", "presentation_resume",
    "presentation_detail", "source", "itinerance", "structure_parente", "date_maj", "services",
    "publics_specifiquement_adresses", "prise_en_charge_specifique", "frais_a_charge",
    "dispositif_programmes_nationaux", "formations_labels", "autres_formations_labels", "modalites_acces",
    "modalites_accompagnement", "fiche_acces_libre", "prise_rdv",
]  # fmt: skip
# `id` du standard : l'UUID public à l'export, `source_id` à l'import. Les 31 autres sont des champs du modèle.
LIEU_STANDARD_FIELDS = [f for f in STANDARD_FIELDS if f != "id"]
# Ce qu'un import écrit : les champs du standard et ce qui en découle (commune du référentiel, position au centre
# de la commune). Jamais le statut, la structure ni la date de vérification (gérés par la plateforme).
IMPORT_FIELDS = [*LIEU_STANDARD_FIELDS, "commune_ref", "position_approximative"]
# Ce qu'un appelant des services peut écrire (page de modification, import) ; le reste est géré par les services.
EDITABLE_FIELDS = [*IMPORT_FIELDS, "structure", "source_import", "source_id"]

# Champs obligatoires du standard (une ligne d'import sans eux est rejetée).
REQUIRED_FIELDS = ["nom", "adresse", "commune", "code_postal"]

# — Listes fermées : champ multi-valué -> enum de ses valeurs (libellé = valeur exacte du standard) —
LIST_ENUMS = {
    "services": enums.Service,
    "publics_specifiquement_adresses": enums.Public,
    "prise_en_charge_specifique": enums.PriseEnCharge,
    "frais_a_charge": enums.Frais,
    "dispositif_programmes_nationaux": enums.Dispositif,
    "formations_labels": enums.FormationLabel,
    "modalites_acces": enums.ModaliteAcces,
    "modalites_accompagnement": enums.ModaliteAccompagnement,
    "itinerance": enums.Itinerance,
}
# Listes ouvertes (typologie : codes data·inclusion, vérifiés à part).
OPEN_LIST_FIELDS = ["typologie", "courriels", "site_web", "autres_formations_labels"]
# Tous les champs multi-valués (listes JSON), dans l'ordre du standard.
LIST_FIELDS = [f for f in LIEU_STANDARD_FIELDS if f in LIST_ENUMS or f in OPEN_LIST_FIELDS]

# Listes fermées dénormalisées dans `Lieu.filtres` (« |s:AIDE_DEMARCHES|f:GRATUIT| ») : préfixe de chaque champ.
# La migration 0002 en garde une copie figée (une migration n'importe pas le code de l'application).
FILTRE_PREFIXES = {
    "services": "s",
    "publics_specifiquement_adresses": "p",
    "prise_en_charge_specifique": "c",
    "frais_a_charge": "f",
    "dispositif_programmes_nationaux": "d",
    "modalites_acces": "a",
    "modalites_accompagnement": "m",
    "itinerance": "i",
}

# Graphie exigée par l'expression régulière du schéma v1.0.2 (coquille : pas d'espace avant la parenthèse).
# L'export l'écrit ainsi ; l'import accepte les deux graphies (décision 0005).
SCHEMA_SPELLING = {enums.FormationLabel.ETAPES_NUMERIQUES: "Étapes numériques(La Poste)"}

# — Textes —

# Champs texte où une balise HTML est refusée (« <script> », « <b> », « <!-- »).
TEXT_FIELDS_WITHOUT_HTML = [
    "nom", "commune", "adresse", "complement_adresse", "structure_parente", "source", "presentation_resume",
    "presentation_detail", "horaires",
]  # fmt: skip
# Champs texte simples d'une ligne d'import (repris tels quels, sans espaces autour).
IMPORT_TEXT_FIELDS = [
    "nom", "commune", "adresse", "complement_adresse", "presentation_resume", "presentation_detail", "source",
    "structure_parente",
]  # fmt: skip
PRESENTATION_RESUME_MAX = 280
PRESENTATION_DETAIL_MAX = 10_000
URL_FIELDS = ["fiche_acces_libre", "prise_rdv"]

# — Motifs du schéma —

PHONE_RE = re.compile(r"^(\+33|\+590|\+594|\+262|\+596|\+269|\+687|\+689|\+508|\+681)(\d){6,9}$")
PIVOT_RE = re.compile(r"^[a-zA-Z0-9]{9,14}$")
INSEE_RE = re.compile(r"^([013-9]\d|2[AB1-9])\d{3}$")
CODE_POSTAL_RE = re.compile(r"^\d{5}$")
PIVOT_INCONNU = "00000000000000"  # SIRET inconnu, comme la carte nationale (le champ est obligatoire)

# — Table v0 → v1 (référence §3) : libellé v0 -> valeur v1 —

V0_SERVICES = {
    "Devenir autonome dans les démarches administratives": enums.Service.AIDE_DEMARCHES,
    "Réaliser des démarches administratives avec un accompagnement": enums.Service.AIDE_DEMARCHES,
    "Accompagner les démarches de santé": enums.Service.AIDE_DEMARCHES,
    "Prendre en main un smartphone ou une tablette": enums.Service.OUTILS_QUOTIDIEN,
    "Prendre en main un ordinateur": enums.Service.OUTILS_QUOTIDIEN,
    "Utiliser le numérique au quotidien": enums.Service.OUTILS_QUOTIDIEN,
    "Approfondir ma culture numérique": enums.Service.COMPREHENSION,
    "Promouvoir la citoyenneté numérique": enums.Service.COMPREHENSION,
    "Favoriser mon insertion professionnelle": enums.Service.INSERTION_PRO,
    "Créer et développer mon entreprise": enums.Service.INSERTION_PRO,
    "Accéder à une connexion internet": enums.Service.ACCES_MATERIEL,
    "Accéder à du matériel": enums.Service.ACCES_MATERIEL,
    "S'équiper en matériel informatique": enums.Service.MATERIEL_SOLIDAIRE,
    "Créer avec le numérique": enums.Service.LOISIRS_CREATION,
    "Soutenir la parentalité et l'éducation avec le numérique": enums.Service.PARENTALITE,
}
# publics_accueillis v0 -> (champ v1, valeurs) ; « Adultes » et « Handicaps psychiques » n'ont pas d'équivalent.
V0_PUBLICS = {
    "Jeunes (16-26 ans)": ("publics_specifiquement_adresses", [enums.Public.JEUNES]),
    "Familles/enfants": ("publics_specifiquement_adresses", [enums.Public.FAMILLES_ENFANTS]),
    "Seniors (+ 65 ans)": ("publics_specifiquement_adresses", [enums.Public.SENIORS]),
    "Uniquement femmes": ("publics_specifiquement_adresses", [enums.Public.FEMMES]),
    "Surdité": ("prise_en_charge_specifique", [enums.PriseEnCharge.SURDITE]),
    "Déficience visuelle": ("prise_en_charge_specifique", [enums.PriseEnCharge.DEFICIENCE_VISUELLE]),
    "Handicaps mentaux": ("prise_en_charge_specifique", [enums.PriseEnCharge.HANDICAPS_MENTAUX]),
    "Personnes en situation d'illettrisme": ("prise_en_charge_specifique", [enums.PriseEnCharge.ILLETTRISME]),
    "Public langues étrangères": (
        "prise_en_charge_specifique",
        [enums.PriseEnCharge.LANGUES_ANGLAIS, enums.PriseEnCharge.LANGUES_AUTRES],
    ),
    "Adultes": (None, []),
    "Handicaps psychiques": (None, []),
}
# conditions_acces v0 -> frais_a_charge v1.
V0_FRAIS = {
    "Gratuit": enums.Frais.GRATUIT,
    "Gratuit sous condition": enums.Frais.GRATUIT_SOUS_CONDITION,
    "Accepte le Pass numérique": enums.Frais.GRATUIT_SOUS_CONDITION,
    "Payant": enums.Frais.PAYANT,
    "Adhésion": enums.Frais.PAYANT,
}
V0_ACCOMPAGNEMENT = {
    "Seul": enums.ModaliteAccompagnement.AUTONOMIE,
    "Avec de l'aide": enums.ModaliteAccompagnement.INDIVIDUEL,
    "A ma place": enums.ModaliteAccompagnement.INDIVIDUEL,
    "Dans un atelier": enums.ModaliteAccompagnement.ATELIER,
}
# labels_nationaux v0 -> (champ v1, valeur) ; sans équivalent -> autres_formations_labels (texte gardé).
V0_LABELS = {
    "CNFS": ("dispositif_programmes_nationaux", enums.Dispositif.CONSEILLERS_NUMERIQUES),
    "France Services": ("dispositif_programmes_nationaux", enums.Dispositif.FRANCE_SERVICES),
    "Aidants Connect": ("dispositif_programmes_nationaux", enums.Dispositif.AIDANTS_CONNECT),
    "Point numérique CAF": ("dispositif_programmes_nationaux", enums.Dispositif.POINT_CAF),
    "Point relais CAF": ("dispositif_programmes_nationaux", enums.Dispositif.POINT_CAF),
    "Grandes écoles du numérique": ("dispositif_programmes_nationaux", enums.Dispositif.GEN),
    "Fabriques de Territoire": ("formations_labels", enums.FormationLabel.FABRIQUES_TERRITOIRE),
}
# Anciennes colonnes v0 (ou variantes) lues à la place d'un champ v1 absent : champ v1 -> colonne v0.
LEGACY_COLUMNS = {
    "courriels": "courriel",
    "fiche_acces_libre": "accessibilite",
    "autres_formations_labels": "labels_autres",
}
