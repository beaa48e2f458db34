"""Le questionnaire envoyé deux fois à la même seconde (double clic, deux téléphones) : une réponse, jamais une 500.

Chaque fil a sa propre connexion et sa propre transaction, comme des requêtes HTTP simultanées avec
ATOMIC_REQUESTS. Sur SQLite les écritures sont sérialisées : le test n'y prouve rien.
"""

import threading

import pytest
from django.core.exceptions import ValidationError
from django.db import connection, transaction

from maillage.accompagnements import services
from maillage.accompagnements.models import ReponseQuestionnaire
from tests.accompagnements.factories import AccompagnementFactory

N = 12

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle : PostgreSQL seulement"),
]


@pytest.mark.parametrize("round_", range(3))
def test_simultaneous_answers_keep_one_and_refuse_the_others_clearly(transactional_db, round_):
    accompagnement = AccompagnementFactory()
    barrier = threading.Barrier(N)
    results: list = [None] * N

    def worker(i):
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                services.answer_questionnaire(accompagnement=accompagnement, regle="OUI", capable="NON", aise="OUI")
            results[i] = "OK"
        except ValidationError as exc:
            results[i] = "déjà" if "déjà été donnée" in exc.messages[0] else exc.messages[0]
        except Exception as exc:  # noqa: BLE001 — toute autre issue (IntegrityError) fait échouer le test
            results[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert results.count("OK") == 1 and results.count("déjà") == N - 1, results
    assert ReponseQuestionnaire.objects.filter(accompagnement=accompagnement).count() == 1
