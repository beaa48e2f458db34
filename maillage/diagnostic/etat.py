"""Les réponses en cours : dans un jeton signé (django.core.signing) porté par l'adresse de la page, jamais en base.

Abandonner à mi-chemin ne laisse donc rien nulle part (ni ligne en base, ni session). Le jeton est signé, pas
chiffré : il ne contient que des codes de réponses, aucun nom ni contact. Un jeton modifié ou d'une version
retirée lève `EtatInvalide`, dont le message dit quoi faire.
"""

import secrets
from dataclasses import dataclass, field

from django.core import signing

from maillage.diagnostic.questions import ACTUEL, QUESTIONNAIRES, Questionnaire

SALT = "maillage.diagnostic.etat"


class EtatInvalide(ValueError):
    """Jeton modifié, illisible ou d'une version retirée : le message est pour la personne."""


@dataclass
class Etat:
    questionnaire: Questionnaire = ACTUEL
    reponses: dict[str, str] = field(default_factory=dict)
    #: Tiré au hasard à la première réponse : deux personnes aux mêmes réponses n'ont pas le même jeton, et un
    #: parcours (rechargé, repris en arrière) garde le sien. Sert seulement à compter un repérage une fois.
    tirage: str = ""

    def jeton(self) -> str:
        data = {"v": self.questionnaire.version, "r": self.reponses, **({"n": self.tirage} if self.tirage else {})}
        return signing.dumps(data, salt=SALT, compress=True)

    def repondre(self, code_question: str, code_choix: str) -> "Etat":
        """Nouvel état avec cette réponse (la question et la réponse doivent exister dans la version)."""
        question = self.questionnaire.question(code_question)
        if question is None or question.choix_par_code(code_choix) is None:
            raise EtatInvalide("Cette réponse n'existe pas : choisissez une des réponses proposées.")
        return Etat(
            self.questionnaire, {**self.reponses, code_question: code_choix}, self.tirage or secrets.token_hex(6)
        )


def lire(jeton: str | None) -> Etat:
    """L'état porté par le jeton ; un jeton vide est un nouveau diagnostic."""
    if not jeton:
        return Etat()
    try:
        data = signing.loads(jeton, salt=SALT)
    except signing.BadSignature as exc:
        raise EtatInvalide(
            "Ces réponses ne peuvent pas être relues (lien abîmé ou modifié). Vous pouvez recommencer le diagnostic."
        ) from exc
    questionnaire = QUESTIONNAIRES.get(data.get("v")) if isinstance(data, dict) else None
    reponses = data.get("r") if isinstance(data, dict) else None
    if questionnaire is None or not isinstance(reponses, dict):
        raise EtatInvalide("Les questions ont changé depuis : merci de recommencer le diagnostic.")
    return Etat(questionnaire, {str(k): str(v) for k, v in reponses.items()}, str(data.get("n") or "")[:20])
