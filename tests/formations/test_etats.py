"""Chaque couple d'états des tables de transitions : permis ou refusé avec un message qui nomme les deux états."""

import pytest
from django.core.exceptions import ValidationError

from maillage.core.transitions import check_transition
from maillage.formations.enums import TRANSITIONS_INSCRIPTION, TRANSITIONS_MISSION, TRANSITIONS_VOLONTAIRE

TABLES = [TRANSITIONS_INSCRIPTION, TRANSITIONS_MISSION, TRANSITIONS_VOLONTAIRE]
COUPLES = [(t, a, b) for t in TABLES for a in t for b in t]


@pytest.mark.parametrize(("table", "actuel", "nouveau"), COUPLES)
def test_chaque_couple(table, actuel, nouveau):
    if nouveau in table[actuel]:
        check_transition(table, actuel, nouveau, sujet="Cet objet")
    else:
        with pytest.raises(ValidationError) as e:
            check_transition(table, actuel, nouveau, sujet="Cet objet")
        assert type(actuel)(actuel).label in str(e.value)


def test_attendus():
    assert TRANSITIONS_INSCRIPTION["ATTENTE"] == {"INSCRITE", "ANNULEE"}
    assert TRANSITIONS_MISSION["PROPOSEE"] == {"VALIDEE", "A_REVOIR"}
    assert TRANSITIONS_VOLONTAIRE["EN_MISSION"] == {"TERMINEE", "FIN_ANTICIPEE"}
