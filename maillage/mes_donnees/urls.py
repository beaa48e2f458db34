from django.urls import path

from maillage.mes_donnees import views

app_name = "mes_donnees"

urlpatterns = [
    path("", views.accueil, name="accueil"),
    path("vos-donnees/", views.donnees, name="donnees"),
    path("vos-donnees/copie.json", views.copie_json, name="copie_json"),
    path("vos-donnees/imprimer/", views.imprimer, name="imprimer"),
    path("quitter/", views.quitter, name="quitter"),
    path("demandes/", views.demandes, name="demandes"),
    path("demandes/<uuid:public_id>/", views.effectuer, name="effectuer"),
    path("remettre/seance/<uuid:public_id>/", views.remettre_seance, name="remettre_seance"),
]
