"""Ramasse-miettes cyclique ralenti pendant un import.

Un import crée des centaines de milliers de petits objets (dicts des lignes, listes, lieux, lignes d'historique)
dont presque aucun n'est cyclique : le comptage de références les libère. Le ramasse-miettes de Python se lance
pourtant toutes les 700 allocations et parcourt, à chaque passage complet, tout ce qui vit (le référentiel des
communes, les clés des doublons…) : un cinquième du temps CPU d'un import de 10 000 lignes. Pendant l'import,
son seuil est relevé ; il revient à sa valeur à la fin, même après une erreur. Les imports simultanés (fils d'un
même processus) partagent le réglage : le dernier qui finit le rétablit.
"""

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

SEUIL = 50_000  # allocations d'objets entre deux passages de la jeune génération (700 par défaut)

_lock = threading.Lock()
_en_cours = 0
_avant: tuple[int, ...] = ()


@contextmanager
def ramasse_miettes_ralenti() -> Iterator[None]:
    global _en_cours, _avant
    with _lock:
        if _en_cours == 0:
            _avant = gc.get_threshold()
            gc.set_threshold(max(_avant[0], SEUIL), *_avant[1:])
        _en_cours += 1
    try:
        yield
    finally:
        with _lock:
            _en_cours -= 1
            if _en_cours == 0:
                gc.set_threshold(*_avant)
