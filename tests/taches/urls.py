"""Les adresses du projet, plus /taches/ si config/urls.py ne l'inclut pas encore.

`avec_pages_taches(settings)` ne change rien dès que config/urls.py inclut `maillage.taches.urls` : ce module
peut alors disparaître, avec ses appels.
"""

import uuid

from django.urls import NoReverseMatch, include, path, reverse

from config.urls import handler403, handler404, handler500  # noqa: F401 — mêmes pages d'erreur
from config.urls import urlpatterns as _projet

urlpatterns = [*_projet, path("taches/", include("maillage.taches.urls"))]


def avec_pages_taches(settings) -> None:
    try:
        reverse("taches:detail", args=[uuid.uuid4()])
    except NoReverseMatch:
        settings.ROOT_URLCONF = "tests.taches.urls"
