from django.apps import AppConfig


class AnnuaireConfig(AppConfig):
    name = "maillage.annuaire"
    label = "annuaire"
    verbose_name = "Annuaire du réseau, feuille de route et postes"
