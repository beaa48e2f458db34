import pytest
from django.core.cache import cache


@pytest.fixture(autouse=True)
def _clear_cache():
    """Les limites de fréquence (maillage.comptes.throttle) comptent dans le cache : chaque test part de zéro."""
    cache.clear()
    yield
    cache.clear()
