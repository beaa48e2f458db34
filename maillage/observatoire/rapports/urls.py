"""Adresses des rapports de l'observatoire (incluses par `observatoire/urls.py`). Adresses stables : elles sont
citées dans `docs/export-national-observatoire.md` et sur la page des données ouvertes."""

from datetime import date

from django.urls import path, register_converter

from maillage.observatoire.rapports import views


class MoisConverter:
    """« 2026-11 » → le 1er novembre 2026 ; un mois impossible (2026-13) ne correspond à aucune adresse : 404."""

    regex = r"[0-9]{4}-[0-9]{2}"

    def to_python(self, value: str) -> date:
        annee, mois = int(value[:4]), int(value[5:])
        if annee < 2000 or not 1 <= mois <= 12:
            raise ValueError(value)
        return date(annee, mois, 1)

    def to_url(self, value: date | str) -> str:
        return value if isinstance(value, str) else f"{value:%Y-%m}"


register_converter(MoisConverter, "mois")

urlpatterns = [
    path("territoires/<slug:slug>/rapports/", views.rapports, name="rapports"),
    path("territoires/<slug:slug>/rapports/<mois:mois>/", views.rapport, name="rapport"),
    path(
        "territoires/<slug:slug>/rapports/<mois:mois>.pdf", views.rapport_fichier, {"fmt": "pdf"}, name="rapport_pdf"
    ),
    path(
        "territoires/<slug:slug>/rapports/<mois:mois>.csv", views.rapport_fichier, {"fmt": "csv"}, name="rapport_csv"
    ),
    path(
        "territoires/<slug:slug>/rapports/<mois:mois>.xlsx",
        views.rapport_fichier,
        {"fmt": "xlsx"},
        name="rapport_xlsx",
    ),  # fmt: skip
    path("territoires/<slug:slug>/chiffres/", views.chiffres_publics, name="chiffres"),
    path("territoires/<slug:slug>/chiffres/<mois:mois>/", views.chiffres_publics, name="chiffres_mois"),
    path(
        "territoires/<slug:slug>/export-national/<mois:mois>.json",
        views.export_national,
        {"fmt": "json"},
        name="export_national_json",
    ),  # fmt: skip
    path(
        "territoires/<slug:slug>/export-national/<mois:mois>.csv",
        views.export_national,
        {"fmt": "csv"},
        name="export_national_csv",
    ),  # fmt: skip
    path("territoires/<slug:slug>/donnees-ouvertes/", views.donnees_ouvertes, name="donnees_ouvertes"),
]
