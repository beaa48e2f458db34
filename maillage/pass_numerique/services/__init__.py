"""Écritures du Pass numérique. Vues, API, commandes et démo appellent ces fonctions (la permission est déjà vérifiée).

Chaque service écrit dans une transaction et ajoute sa ligne au registre `Mouvement` (ajout seul). Un module par idée
(qualification, campagnes, carnets, encaissement, relevés) ; ce paquet les réexporte, pour que les appelants écrivent
toujours `services.redeem_cheque(...)` sans savoir où la fonction vit.
"""

from maillage.pass_numerique.services.campagnes import (
    BATCH_SIZE,
    MAX_CARNETS,
    MAX_CHEQUES_PAR_CARNET,
    Cloture,
    close_campagne,
    create_campagne,
    generate_carnets,
)
from maillage.pass_numerique.services.carnets import (
    allocate_carnets,
    cancel_carnet,
    hand_out_carnet,
    lieux_proches,
    set_point_distribution,
)
from maillage.pass_numerique.services.encaissement import (
    RATE_LIMIT_IP,
    RATE_LIMIT_USER,
    RATE_LIMIT_WINDOW,
    EncaissementRefuse,
    _record_failure,
    check_cheque,
    correct_encaissement,
    is_rate_limited,
    qualification_for,
    redeem_cheque,
)
from maillage.pass_numerique.services.qualification import (
    apply_qualification,
    change_bank_details,
    clean_iban,
    current_charte,
    decide_qualification,
)
from maillage.pass_numerique.services.releves import build_releves, mark_releve_paid, month_bounds, validate_releve

__all__ = [
    "set_point_distribution",
    "BATCH_SIZE",
    "MAX_CARNETS",
    "MAX_CHEQUES_PAR_CARNET",
    "RATE_LIMIT_IP",
    "RATE_LIMIT_USER",
    "RATE_LIMIT_WINDOW",
    "Cloture",
    "EncaissementRefuse",
    "_record_failure",
    "allocate_carnets",
    "apply_qualification",
    "build_releves",
    "cancel_carnet",
    "change_bank_details",
    "check_cheque",
    "clean_iban",
    "close_campagne",
    "correct_encaissement",
    "create_campagne",
    "current_charte",
    "decide_qualification",
    "generate_carnets",
    "hand_out_carnet",
    "is_rate_limited",
    "lieux_proches",
    "mark_releve_paid",
    "month_bounds",
    "qualification_for",
    "redeem_cheque",
    "validate_releve",
]
