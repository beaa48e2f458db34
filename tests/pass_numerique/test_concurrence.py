"""Un chèque ne s'encaisse jamais deux fois, même par 50 médiateur·rices à la même seconde (vraie base PostgreSQL).

Chaque fil a sa propre connexion (Django ouvre une connexion par fil) et sa propre transaction, comme des
requêtes HTTP simultanées avec ATOMIC_REQUESTS. Sur SQLite les écritures sont sérialisées : le test n'y prouve rien.
"""

import threading

import pytest
from django.db import connection, transaction

from maillage.pass_numerique import services
from maillage.pass_numerique.enums import MotifRefus, TypeMouvement
from maillage.pass_numerique.models import Cheque, Mouvement
from tests.pass_numerique.factories import service

N = 50

pytestmark = [
    pytest.mark.postgres_only,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="concurrence réelle : PostgreSQL seulement"),
]


def _race(monde, code, users):
    barrier = threading.Barrier(N)
    results: list = [None] * N
    atelier = service()

    def worker(i):
        try:
            barrier.wait(timeout=30)
            with transaction.atomic():
                services.redeem_cheque(
                    raw_code=code, lieu=monde.lieu, service=atelier, by=users[i % len(users)], ip=f"10.0.0.{i}"
                )
            results[i] = "OK"
        except services.EncaissementRefuse as refus:
            results[i] = refus.motif
        except Exception as exc:  # noqa: BLE001 — toute autre issue fait échouer le test
            results[i] = repr(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=worker, args=(i,)) for i in range(N)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    return results


@pytest.mark.parametrize("round_", range(3))
def test_fifty_concurrent_redemptions_of_one_code_exactly_one_success(transactional_db, monde, round_):
    # Carnet déjà entamé : la course porte sur un chèque qui n'est pas le premier du carnet.
    monde.redeem(monde.codes(1)[4])
    code = monde.codes(1)[round_]
    results = _race(monde, code, [monde.mediateur, monde.gestionnaire])
    assert results.count("OK") == 1, results
    assert all(r == MotifRefus.DEJA_ENCAISSE for r in results if r != "OK"), results
    cheque = Cheque.objects.get(code=code)
    assert cheque.redeemed_at is not None
    assert Mouvement.objects.filter(cheque=cheque, type=TypeMouvement.ENCAISSEMENT).count() == 1
