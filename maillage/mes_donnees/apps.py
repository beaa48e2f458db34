from django.apps import AppConfig


class MesDonneesConfig(AppConfig):
    name = "maillage.mes_donnees"
    label = "mes_donnees"
    verbose_name = "Mes données (accès d'une personne à ce qui est gardé sur elle)"
