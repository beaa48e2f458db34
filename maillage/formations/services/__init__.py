"""Écritures des formations et du service civique. Vues, démo et banc appellent ces fonctions ; chacune revérifie
la règle qui protège, écrit dans une transaction et ajoute sa ligne au journal (en dernier)."""

from maillage.formations.services.formations import (  # noqa: F401
    cancel,
    create_formation,
    create_session,
    express_besoin,
    mark_attendance,
    register,
)
from maillage.formations.services.service_civique import (  # noqa: F401
    accueillir_volontaire,
    create_cohorte,
    decide_mission,
    manques,
    point_etape,
    pointer_rencontre,
    programmer_rencontre,
    propose_mission,
    terminer_volontariat,
    update_mission,
)
