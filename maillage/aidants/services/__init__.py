"""Écritures des aidants. Vues, API, commandes et démo appellent ces fonctions ; chacune revérifie la règle qui
protège, écrit dans une transaction et ajoute sa ligne au journal des aidants (en dernier, décision 0010).

Un module par idée (profils et rattachements, charte et signatures) ; ce paquet les réexporte.
"""

from maillage.aidants.services.charte import (
    CHARTE_FIGEE,
    add_engagement,
    create_brouillon,
    import_charte,
    publish_charte,
    remove_engagement,
    set_delai_resignature,
    sign_charte,
    update_brouillon,
    withdraw_signature,
)
from maillage.aidants.services.effacement import anonymize_expired_profils, erase_on_request
from maillage.aidants.services.profils import (
    add_aidant,
    archive_profil,
    check_age,
    check_niveaux,
    create_own_profil,
    decide_rapprochement,
    detach_rattachement,
    set_verification_publique,
    update_niveaux,
    update_profil,
)

__all__ = [
    "CHARTE_FIGEE", "add_aidant", "add_engagement", "anonymize_expired_profils", "archive_profil", "check_age",
    "check_niveaux", "erase_on_request",
    "create_brouillon", "create_own_profil", "decide_rapprochement", "detach_rattachement", "import_charte",
    "publish_charte", "remove_engagement", "set_delai_resignature", "set_verification_publique", "sign_charte",
    "update_brouillon", "update_niveaux", "update_profil", "withdraw_signature",
]  # fmt: skip
