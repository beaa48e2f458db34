"""Le questionnaire du diagnostic : des données en Python, versionnées, lues par tous les modes.

Mode autonome, kit de premier accueil, mode accompagné, version papier et script d'appel lisent ces mêmes
données : une question changée ici change partout. Une nouvelle rédaction = une nouvelle version (clé de
`QUESTIONNAIRES`) ; une fiche imprimée garde la version lue, et un diagnostic en cours d'une version retirée
demande de recommencer.

Chaque réponse dit :
- `services` : les services des lieux (`lieux.enums.Service`) qui répondent à ce besoin ;
- `pix` : les domaines Pix concernés (1 à 5, voir `DOMAINES_PIX`) ;
- `sait` : ce que la personne sait déjà faire (« Vous savez déjà : … ») ;
- `aide` : ce qui pourrait l'aider (« Ce qui pourrait vous aider : … ») ;
- `niveau` : le niveau d'aide souhaité (seulement la dernière question).
Jamais de score ni de « retard » : le résultat est fait de phrases.
« Je ne sais pas » est toujours possible : il ne dit rien de la personne et n'ajoute aucun besoin.
"""

from collections import Counter
from dataclasses import dataclass, field

from maillage.lieux.enums import Service

JE_NE_SAIS_PAS = "NSP"

DOMAINES_PIX = {
    "1": "Informations et données",
    "2": "Communication et collaboration",
    "3": "Création de contenu",
    "4": "Protection et sécurité",
    "5": "Environnement numérique",
}


class NiveauAide:
    APPRENDRE = "APPRENDRE"
    AVEC = "AVEC"
    POUR = "POUR"

    LIBELLES = {
        APPRENDRE: "apprendre à le faire seul ou seule",
        AVEC: "le faire avec quelqu'un",
        POUR: "que quelqu'un le fasse pour vous, avec votre accord",
    }


@dataclass(frozen=True)
class Choix:
    code: str
    libelle: str
    services: tuple[str, ...] = ()
    pix: tuple[str, ...] = ()
    sait: str = ""
    aide: str = ""
    niveau: str = ""


@dataclass(frozen=True)
class Question:
    code: str
    texte: str
    aide_lecture: str  # une phrase de plus, lue à voix haute après la question
    picto: str  # chemin d'un pictogramme du DSFR (artwork/pictograms/…)
    picto_alt: str  # ce que montre le pictogramme, en mots
    choix: tuple[Choix, ...]

    @property
    def tous_les_choix(self) -> tuple[Choix, ...]:
        return (*self.choix, Choix(JE_NE_SAIS_PAS, "Je ne sais pas"))

    def choix_par_code(self, code: str) -> Choix | None:
        return next((c for c in self.tous_les_choix if c.code == code), None)


@dataclass(frozen=True)
class Questionnaire:
    version: str
    questions: tuple[Question, ...]

    def question(self, code: str) -> Question | None:
        return next((q for q in self.questions if q.code == code), None)

    def __len__(self) -> int:
        return len(self.questions)


_S = Service
OUTILS = (_S.OUTILS_QUOTIDIEN.value,)
MATERIEL = (_S.ACCES_MATERIEL.value, _S.MATERIEL_SOLIDAIRE.value)
SECURITE = (_S.USAGE_SECURISE.value,)
DEMARCHES = (_S.AIDE_DEMARCHES.value,)


def _facile(sait: str, aide: str, services: tuple[str, ...], pix: tuple[str, ...]) -> tuple[Choix, ...]:
    """Les trois réponses des questions « savoir faire » : facile, avec de l'aide, jamais fait."""
    return (
        Choix("FACILE", "Je sais le faire", pix=pix, sait=sait),
        Choix("AVEC_AIDE", "Je le fais avec de l'aide", services, pix, aide=aide),
        Choix("JAMAIS", "Je ne l'ai jamais fait", services, pix, aide=aide),
    )


V1 = Questionnaire(
    version="2026-11",
    questions=(
        Question(
            "APPAREIL",
            "Avez-vous un appareil pour aller sur internet ?",
            "Par exemple un téléphone portable, un ordinateur ou une tablette.",
            "digital/smartphone.svg",
            "Un téléphone portable",
            (
                Choix("TELEPHONE", "Oui, un téléphone portable", sait="avoir un téléphone pour aller sur internet"),
                Choix("ORDINATEUR", "Oui, un ordinateur ou une tablette", sait="avoir un ordinateur ou une tablette"),
                Choix(
                    "AUCUN",
                    "Non, je n'en ai pas",
                    MATERIEL,
                    ("5",),
                    aide="trouver un ordinateur ou un téléphone, même à petit prix",
                ),
            ),
        ),
        Question(
            "CONNEXION",
            "Avez-vous internet chez vous ou sur votre téléphone ?",
            "Internet peut venir d'une box ou d'un forfait de téléphone.",
            "digital/internet.svg",
            "Un globe qui représente internet",
            (
                Choix("OUI", "Oui, et cela marche bien", sait="avoir internet chez vous"),
                Choix(
                    "MAL",
                    "Oui, mais cela marche mal ou coûte trop cher",
                    MATERIEL[:1],
                    aide="trouver un accès à internet moins cher ou un lieu avec internet",
                ),
                Choix("NON", "Non", MATERIEL[:1], aide="trouver un lieu avec internet"),
            ),
        ),
        Question(
            "UTILISER",
            "Utiliser votre téléphone ou votre ordinateur, c'est facile pour vous ?",
            "Par exemple : l'allumer, ouvrir une application, écrire un message.",
            "digital/application.svg",
            "Un écran avec des applications",
            (
                Choix("FACILE", "Oui, c'est facile", pix=("5",), sait="utiliser votre téléphone ou votre ordinateur"),
                Choix(
                    "PARFOIS",
                    "Parfois, c'est difficile",
                    OUTILS,
                    ("5",),
                    aide="apprendre les gestes de base du téléphone ou de l'ordinateur",
                ),
                Choix(
                    "DIFFICILE",
                    "Non, c'est très difficile",
                    OUTILS,
                    ("5",),
                    aide="apprendre les gestes de base du téléphone ou de l'ordinateur",
                ),
            ),
        ),
        Question(
            "CHERCHER",
            "Chercher une information sur internet ?",
            "Par exemple : un horaire de bus, une adresse, une recette.",
            "digital/search.svg",
            "Une loupe",
            _facile(
                "chercher une information sur internet",
                "apprendre à chercher une information sur internet",
                OUTILS,
                ("1",),
            ),
        ),
        Question(
            "COURRIEL",
            "Envoyer un courriel avec un document ?",
            "Un courriel, c'est un mail, un message électronique.",
            "digital/mail-send.svg",
            "Une enveloppe qui part",
            _facile(
                "envoyer un courriel avec un document",
                "apprendre à envoyer un courriel avec un document",
                OUTILS,
                ("2",),
            ),
        ),
        Question(
            "DOCUMENT",
            "Prendre en photo ou scanner un papier, puis l'envoyer ?",
            "Par exemple une facture ou une pièce d'identité.",
            "document/document-add.svg",
            "Une feuille de papier",
            _facile(
                "prendre en photo un papier et l'envoyer",
                "apprendre à photographier ou scanner un papier",
                OUTILS,
                ("3",),
            ),
        ),
        Question(
            "DEMARCHE",
            "Faire une démarche en ligne ?",
            "Par exemple sur le site de la CAF, des impôts, d'ameli ou de France Travail.",
            "buildings/city-hall.svg",
            "Un bâtiment public",
            _facile(
                "faire une démarche en ligne", "être aidé ou aidée pour vos démarches en ligne", DEMARCHES, ("1", "2")
            ),
        ),
        Question(
            "MOTS_DE_PASSE",
            "Retrouver vos identifiants et vos mots de passe ?",
            "Ce sont les codes pour entrer dans vos comptes sur internet.",
            "system/padlock.svg",
            "Un cadenas",
            _facile(
                "retrouver vos identifiants et vos mots de passe",
                "ranger et retrouver vos mots de passe",
                SECURITE,
                ("4",),
            ),
        ),
        Question(
            "ARNAQUES",
            "Reconnaître un message d'arnaque ?",
            "Par exemple un faux message qui demande votre numéro de carte bancaire.",
            "system/warning.svg",
            "Un panneau attention",
            (
                Choix("FACILE", "Oui, je les reconnais", pix=("4",), sait="reconnaître un message d'arnaque"),
                Choix(
                    "PAS_SUR",
                    "Je ne suis pas sûr ou pas sûre",
                    SECURITE,
                    ("4",),
                    aide="apprendre à reconnaître les arnaques",
                ),
                Choix("NON", "Non", SECURITE, ("4",), aide="apprendre à reconnaître les arnaques"),
            ),
        ),
        Question(
            "EMPLOI",
            "Cherchez-vous un emploi ou une formation ?",
            "Internet sert souvent pour un CV ou une candidature.",
            "digital/self-training.svg",
            "Une personne qui apprend",
            (
                Choix(
                    "OUI",
                    "Oui",
                    (_S.INSERTION_PRO.value,),
                    ("2", "3"),
                    aide="chercher un emploi ou une formation avec internet",
                ),
                Choix("NON", "Non, pas en ce moment"),
            ),
        ),
        Question(
            "CONFIANCE",
            "Comment vous sentez-vous avec le numérique ?",
            "Il n'y a pas de bonne ou de mauvaise réponse.",
            "system/information.svg",
            "Un rond avec la lettre i",
            (
                Choix("BIEN", "Plutôt à l'aise", sait="vous sentir à l'aise avec le numérique"),
                Choix("INQUIET", "Un peu inquiet ou inquiète", aide="prendre le temps, avec une personne patiente"),
                Choix("PAS_BIEN", "Pas à l'aise du tout", aide="prendre le temps, avec une personne patiente"),
            ),
        ),
        Question(
            "SOUHAIT",
            "Qu'est-ce que vous préférez ?",
            "Vous pourrez changer d'avis plus tard.",
            "digital/avatar.svg",
            "Une personne",
            (
                Choix("APPRENDRE", "Apprendre à le faire seul ou seule", niveau=NiveauAide.APPRENDRE),
                Choix("AVEC", "Le faire avec quelqu'un", niveau=NiveauAide.AVEC),
                Choix("POUR", "Que quelqu'un le fasse pour moi", DEMARCHES, niveau=NiveauAide.POUR),
            ),
        ),
    ),
)

QUESTIONNAIRES: dict[str, Questionnaire] = {V1.version: V1}
ACTUEL = V1


@dataclass
class Resultat:
    """Le résultat en mots : ce que la personne sait déjà, ce qui pourrait l'aider, les services à chercher."""

    version: str
    sait: list[str] = field(default_factory=list)
    aides: list[str] = field(default_factory=list)
    services: list[str] = field(default_factory=list)  # les plus demandés d'abord
    pix: list[str] = field(default_factory=list)
    niveau: str = ""
    nb_reponses: int = 0

    @property
    def niveau_libelle(self) -> str:
        return NiveauAide.LIBELLES.get(self.niveau, "")

    @property
    def domaines_pix(self) -> list[str]:
        return [DOMAINES_PIX[d] for d in self.pix]

    @property
    def services_libelles(self) -> list[str]:
        return [Service(s).label for s in self.services]


def resultat(questionnaire: Questionnaire, reponses: dict[str, str]) -> Resultat:
    """Le résultat de ces réponses (codes question → code réponse). Une réponse inconnue est ignorée."""
    out = Resultat(version=questionnaire.version)
    compte: Counter[str] = Counter()
    pix: set[str] = set()
    for question in questionnaire.questions:
        choix = question.choix_par_code(reponses.get(question.code, ""))
        if choix is None:
            continue
        out.nb_reponses += 1
        if choix.sait and choix.sait not in out.sait:
            out.sait.append(choix.sait)
        if choix.aide and choix.aide not in out.aides:
            out.aides.append(choix.aide)
        compte.update(choix.services)
        if choix.services:
            pix.update(choix.pix)
        out.niveau = choix.niveau or out.niveau
    # Le plus demandé d'abord ; à égalité, l'ordre du standard (stable d'une fois sur l'autre).
    ordre = list(Service.values)
    out.services = sorted(compte, key=lambda s: (-compte[s], ordre.index(s)))
    out.pix = sorted(pix)
    return out
