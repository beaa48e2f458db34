import pytest

from tests.taches.urls import avec_pages_taches


@pytest.fixture(autouse=True)
def _pages_taches(settings):
    avec_pages_taches(settings)
